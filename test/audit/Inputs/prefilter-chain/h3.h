/* Local header 3 of a chain of nine; the last one wraps thread creation. */
#pragma once
#include "h4.h"
