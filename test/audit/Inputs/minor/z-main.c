/* The first error clang reports is on the next line, before the header's. */
int main_error = ;
#include "a-header.h"
