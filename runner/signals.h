/* SPDX-License-Identifier: GPL-2.0-only */
/* Interrupts: SIGINT/SIGTERM/SIGHUP only set a flag, so the run unwinds on
 * its normal path (kill the running item, detach, write results). A second
 * signal takes the emergency path: detach everything and exit at once. */
#ifndef SCXB_SIGNALS_H
#define SCXB_SIGNALS_H

#include <signal.h>

extern volatile sig_atomic_t scxb_interrupted; /* signal number, or 0 */

void signals_install(void);
/* child processes restore default dispositions */
void signals_reset_in_child(void);
/* exit status for an interrupted run: 128 + signal */
int signals_exit_code(void);

#endif
