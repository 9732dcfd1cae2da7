/* expr.c -- placeholder until the gate language lands. */
#include <config.h>
#include "expr.h"
