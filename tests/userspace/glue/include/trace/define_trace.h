/* SPDX-License-Identifier: GPL-2.0 */
/* Tracepoints are not created here: nothing to define. */
