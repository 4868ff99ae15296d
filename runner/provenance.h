/* SPDX-License-Identifier: GPL-2.0-only */
/* Provenance: what a result was measured on, recorded with every run. */
#ifndef SCXB_PROVENANCE_H
#define SCXB_PROVENANCE_H

#include <jansson.h>
#include "runner/cli.h"

json_t *provenance_tool(void);                    /* {"name","version","git"} */
const char *provenance_git_hash(void);            /* commit of the build, "-dirty" if edited */
json_t *provenance_collect(const struct run_opts *o); /* kernel, cpus, topology, vm, params, argv, started */
json_t *provenance_topology(void);
void iso_time_now(char *buf, size_t len);
int online_cpus(void);

#endif
