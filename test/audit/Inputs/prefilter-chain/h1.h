/* Local header 1 of a chain of nine; the last one wraps thread creation. */
#pragma once
#include "h2.h"
