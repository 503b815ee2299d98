/* Local header 7 of a chain of nine; the last one wraps thread creation. */
#pragma once
#include "h8.h"
