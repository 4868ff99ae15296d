// SPDX-License-Identifier: GPL-2.0-only
/* The hook registry (linker section "scxb_sched_hooks"): see sched_hook.h. */
#include <string.h>

#include "runner/sched_hook.h"

extern const struct sched_hook *const __start_scxb_sched_hooks[] __attribute__((weak));
extern const struct sched_hook *const __stop_scxb_sched_hooks[] __attribute__((weak));

const struct sched_hook *sched_hook_find(const char *sched)
{
	for (const struct sched_hook *const *p = __start_scxb_sched_hooks;
	     p && p < __stop_scxb_sched_hooks; p++)
		if (strcmp((*p)->sched, sched) == 0)
			return *p;
	return NULL;
}

bool sched_hook_owns_key(const struct sched_hook *hook, const char *key)
{
	if (!hook || !hook->opt_keys)
		return false;
	size_t kl = strlen(key);
	for (const char *s = hook->opt_keys; *s;) {
		size_t l = strcspn(s, " ");
		if (l == kl && strncmp(s, key, l) == 0)
			return true;
		s += l;
		s += strspn(s, " ");
	}
	return false;
}
