// SPDX-License-Identifier: GPL-2.0-only
/* Lookup in the table of BPF objects embedded at build time. */
#include <string.h>
#include "runner/embedded.h"

const struct embedded_obj *embedded_find(const char *name, enum embed_kind kind)
{
	for (unsigned long i = 0; i < scxb_embedded_count; i++)
		if (scxb_embedded[i].kind == kind && strcmp(scxb_embedded[i].name, name) == 0)
			return &scxb_embedded[i];
	return NULL;
}
