/* Local header 2 of a chain of nine; the last one wraps thread creation. */
#pragma once
#include "h3.h"
