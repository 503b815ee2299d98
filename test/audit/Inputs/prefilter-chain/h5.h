/* Local header 5 of a chain of nine; the last one wraps thread creation. */
#pragma once
#include "h6.h"
