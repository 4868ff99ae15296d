/* SPDX-License-Identifier: GPL-2.0-only */
/* `scxbench run`: the plan (rows x workloads x repeats + probes) and its
 * execution with TAP on stdout and results in --out. */
#ifndef SCXB_RUN_H
#define SCXB_RUN_H

#include "runner/cli.h"

/* Returns the process exit status (see cli.h). */
int run_main(struct run_opts *o);
/* Checks done before anything is attached; 0 or an EXIT_* with a message. */
int run_preflight(const struct run_opts *o, char *err, size_t errlen);

#endif
