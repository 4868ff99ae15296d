/* SPDX-License-Identifier: GPL-2.0-only */
/* `scxbench list [--json]`: the bundled schedulers, workloads and probes.
 *
 * Both forms print one model (list_model), so a script that reads the JSON
 * sees exactly what a person reads in the text; scripts should use --json
 * rather than the text layout, which may gain lines. */
#ifndef SCXB_CMD_LIST_H
#define SCXB_CMD_LIST_H

#include <jansson.h>
#include <stdio.h>

/* {"schedulers": [{name, kind: "baseline"|"bundled", description,
 *                  purpose?, tunables{}}],
 *  "workloads":  [{name, description, metrics[], args?, headline?, needs?}],
 *  "probes":     [{name, description, scope: "kernel"|"row"}]}
 * A bundled object that cannot be read lists with "error" in place of its
 * description. The caller owns the reference. */
json_t *list_model(void);

/* The human-readable listing of a model. */
void list_print_text(FILE *out, const json_t *model);

/* argv[0] is "list". Returns the exit status. */
int cmd_list(int argc, char **argv);

#endif
