/* Local header 4 of a chain of nine; the last one wraps thread creation. */
#pragma once
#include "h5.h"
