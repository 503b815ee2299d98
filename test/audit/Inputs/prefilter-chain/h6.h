/* Local header 6 of a chain of nine; the last one wraps thread creation. */
#pragma once
#include "h7.h"
