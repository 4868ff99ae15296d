/* See vm.h. The VM mechanics (kernel choice, KVM probe, time limit) live
 * in ci/vm so that the local path and CI run the very same commands. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runner/log.h"
#include "runner/vm.h"

int vm_find_script(char *buf, size_t len)
{
	const char *env = getenv("SCXBENCH_CI_VM");
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return access(buf, X_OK);
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return -1;
	exe[n] = '\0';
	/* build/scxbench -> ../ci/vm ; also installed layouts share/scxbench/ci/vm */
	static const char *const rel[] = { "/../ci/vm", "/../../ci/vm", "/../share/scxbench/ci/vm" };
	char *slash = strrchr(exe, '/');
	if (!slash)
		return -1;
	*slash = '\0';
	for (size_t i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(buf, len, "%s%s", exe, rel[i]);
		if (access(buf, X_OK) == 0)
			return 0;
	}
	return -1;
}

int vm_rerun(const struct run_opts *o)
{
	char script[PATH_MAX], self[PATH_MAX], cpus[16];
	if (vm_find_script(script, sizeof(script)) < 0) {
		log_error("--vm: ci/vm not found next to the scxbench binary (set SCXBENCH_CI_VM)");
		return EXIT_VM;
	}
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0) {
		log_error("--vm: cannot find own executable: %s", strerror(errno));
		return EXIT_VM;
	}
	self[n] = '\0';
	snprintf(cpus, sizeof(cpus), "%d", o->vm_cpus);
	/* The guest sees the host's files read-only except the directories
	 * ci/vm makes writable: create --out here and hand it over, by its
	 * absolute path. /tmp is the guest's own tmpfs, so it cannot be used. */
	char out_abs[PATH_MAX];
	if (mkdir(o->out_dir, 0755) < 0 && errno != EEXIST) {
		log_error("--out %s: %s", o->out_dir, strerror(errno));
		return EXIT_ENV;
	}
	if (!realpath(o->out_dir, out_abs)) {
		log_error("--out %s: %s", o->out_dir, strerror(errno));
		return EXIT_ENV;
	}
	if (!strcmp(out_abs, "/tmp") || !strncmp(out_abs, "/tmp/", 5)) {
		log_error("--out %s: /tmp is private to the VM; choose a directory elsewhere (e.g. /var/tmp/...)",
			  o->out_dir);
		return EXIT_USAGE;
	}
	char **args = calloc((size_t)o->argc + 32, sizeof(char *));
	int a = 0;
	args[a++] = script;
	args[a++] = "--cpus";
	args[a++] = cpus;
	args[a++] = "--memory";
	args[a++] = (char *)o->vm_mem;
	for (int i = 0; i < o->nr_kernels && i < 1; i++) {
		args[a++] = "--kernel";
		args[a++] = o->kernels[i];
	}
	if (o->topology[0]) {
		args[a++] = "--topology";
		args[a++] = (char *)o->topology;
	}
	args[a++] = "--rwdir";
	args[a++] = out_abs;
	args[a++] = "--";
	args[a++] = self;
	/* same arguments minus the VM-only ones */
	for (int i = 0; i < o->argc; i++) {
		const char *s = o->argv[i];
		if (!strcmp(s, "--vm"))
			continue;
		if (!strcmp(s, "--kernel") || !strcmp(s, "--vm-cpus") || !strcmp(s, "--vm-mem") ||
		    !strcmp(s, "--topology") || !strcmp(s, "--out")) {
			i++;
			continue;
		}
		if (!strncmp(s, "--out=", 6))
			continue;
		if (!strncmp(s, "--kernel=", 9) || !strncmp(s, "--vm-cpus=", 10) || !strncmp(s, "--vm-mem=", 9) ||
		    !strncmp(s, "--topology=", 11))
			continue;
		args[a++] = (char *)s;
	}
	args[a++] = "--out";
	args[a++] = out_abs;
	args[a] = NULL;
	fflush(NULL);
	execv(script, args);
	log_error("--vm: cannot run %s: %s", script, strerror(errno));
	free(args);
	return EXIT_VM;
}
