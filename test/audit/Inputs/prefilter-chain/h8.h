/* Local header 8 of a chain of nine; the last one wraps thread creation. */
#pragma once
#include "h9.h"
