// SPDX-License-Identifier: GPL-2.0-only
/* The back end for no scheduler at all: the EEVDF row measures the
 * kernel's default, so "attach" loads nothing and only names the row. */
#include <stdio.h>
#include <string.h>

#include "runner/sched_backend.h"

static int eevdf_attach(struct sched_handle *h, char *err, size_t errlen)
{
	(void)err;
	(void)errlen;
	snprintf(h->ops_name, sizeof(h->ops_name), "eevdf");
	return 0;
}

static int eevdf_detach(struct sched_handle *h, struct sched_exit *ex, char *err, size_t errlen)
{
	(void)h;
	(void)err;
	(void)errlen;
	memset(ex, 0, sizeof(*ex));
	return 0;
}

static void eevdf_peek_exit(struct sched_handle *h, struct sched_exit *ex)
{
	(void)h;
	memset(ex, 0, sizeof(*ex));
}

static void eevdf_info(struct sched_handle *h, json_t *info)
{
	(void)h;
	(void)info;
}

static void eevdf_emergency(struct sched_handle *h)
{
	(void)h;
}

const struct sched_backend sched_eevdf_backend = {
	.loads = false,
	.attach = eevdf_attach,
	.detach = eevdf_detach,
	.peek_exit = eevdf_peek_exit,
	.info = eevdf_info,
	.emergency = eevdf_emergency,
};
