/* SPDX-License-Identifier: GPL-2.0 */
/* ringbench --model: the cache-line transfer model, in model.c. */
#ifndef _RINGBENCH_MODEL_H
#define _RINGBENCH_MODEL_H

#include <stdbool.h>

/*
 * The table of transfers per message; with golden, the raw counts in the
 * golden file's format; with check, a PASS or FAIL line per case against
 * the golden file at that path. Returns the exit status.
 */
int model_main(const char *check, bool golden);

#endif
