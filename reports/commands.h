/* SPDX-License-Identifier: GPL-2.0-only */
/* CLI entry points of the report commands, called by runner/main.c.
 *
 * Why: the reports work from stored results only, so each command is a
 * self-contained function that parses its own options (getopt_long, with
 * --help) and returns the process exit status:
 *   0 success, 1 a gated regression (compare --fail-on-regression),
 *   2 bad usage or unreadable/invalid input (one line on stderr).
 * argv[0] is the command name ("compare", ...), as main() passes it.
 */
#ifndef SCXB_COMMANDS_H
#define SCXB_COMMANDS_H

/* scxbench compare BASE CAND [--format text|md|tap] [--fail-on-regression PCT] [-o FILE] */
int cmd_compare(int argc, char **argv);
/* scxbench recommend RESULTS [--profile desktop|server|batch|multitenant|realtime|all]
 *                            [--format text|md] [-o FILE] */
int cmd_recommend(int argc, char **argv);
/* scxbench merge OUT PART... (results of shards, jobs, machines -> one run) */
int cmd_merge(int argc, char **argv);
/* scxbench report RESULTS --format md|html|tap|json|gab|gab-smaller|gab-bigger|bmf [-o FILE] */
int cmd_report(int argc, char **argv);

#endif
