// SPDX-License-Identifier: GPL-2.0-only
/* `run --vm`: make every host path the guest needs visible in the guest.
 *
 * Why: virtme-ng shows the guest the host's root filesystem, but mounts
 * tmpfs (or private overlays) over /tmp, /var/tmp, /var/log, /var/cache,
 * /run and a few more, so a scheduler program, object or config under
 * those paths is "not found" in the guest and --out there never reaches
 * the host. virtme-ng mounts --rwdir and --rodir shares after those
 * tmpfs, at the same path: so before booting, every input path (objects,
 * scheduler programs and the files their command lines name, option values
 * naming files, cmd: workload files, this binary) that lies under such a
 * directory gets its directory shared read-only, and --out read-write.
 * The working directory is ci/vm's business (it always shares it
 * read-write, and the guest starts there, so cmd: workloads and relative
 * paths resolve as on the host). A path virtme-ng cannot share (characters
 * outside its safe set) is refused here, before any boot, in one line.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runner/log.h"
#include "runner/vm_internal.h"

/* What virtme-init mounts over the host's view (virtme/guest/virtme-init
 * of virtme-ng 1.35: tmpfs mounts and the default --overlay-rwdir /tmp). */
static const char *const private_dirs[] = {
	"/tmp", "/var/tmp", "/var/log", "/var/cache", "/run", "/dev/shm",
	"/var/spool/rsyslog", "/var/lib/portables", "/var/lib/machines",
	"/var/lib/private", "/var/lib/apt", "/var/lib/sudo", NULL,
};

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(path, dir, n) && (path[n] == '/' || path[n] == '\0');
}

bool vm_path_private(const char *abs)
{
	for (int i = 0; private_dirs[i]; i++)
		if (under(abs, private_dirs[i]))
			return true;
	return false;
}

/* virtme-ng's own check on share paths (_SAFE_PATH_PATTERN); a path it
 * rejects would fail the boot, after a wait. */
static bool path_safe(const char *p)
{
	for (const char *c = p; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		      strchr("_+/.-", *c)))
			return false;
	return true;
}

static int add_share(struct vm_plan *p, const char *dir, bool rw, const char *what)
{
	if (!path_safe(dir)) {
		log_error("%s: directory '%s' cannot be shared with the VM (virtme-ng accepts only letters, digits and _+/.- in paths); move it",
			  what, dir);
		return EXIT_USAGE;
	}
	for (int i = 0; i < p->nr_shares; i++) {
		struct vm_share *s = &p->shares[i];
		/* already visible through a share of the same or a parent dir */
		if (under(dir, s->dir) && (s->rw || !rw))
			return 0;
		/* a read-only share over a read-write one would hide it:
		 * share the input's directory read-write instead */
		if (under(s->dir, dir) && s->rw && !rw)
			rw = true;
	}
	if (p->nr_shares >= VM_MAX_SHARES) {
		log_error("%s: more than %d directories to share with the VM", what, VM_MAX_SHARES);
		return EXIT_USAGE;
	}
	struct vm_share *s = &p->shares[p->nr_shares++];
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	s->rw = rw;
	return 0;
}

/* An input file (or directory) the guest reads: shared when private. */
static int need_input(struct vm_plan *p, const char *path, const char *what)
{
	char abs[PATH_MAX];
	struct stat st;
	if (!realpath(path, abs) || stat(abs, &st) < 0)
		return 0; /* not a path: the caller knows whether it had to be */
	if (!vm_path_private(abs))
		return 0;
	if (!S_ISDIR(st.st_mode)) {
		char *slash = strrchr(abs, '/');
		if (slash && slash != abs)
			*slash = '\0';
	}
	return add_share(p, abs, false, what);
}

/* The program a command line starts: as the shell would find it. */
static bool find_program(const char *word, char *out, size_t len)
{
	if (strchr(word, '/')) {
		snprintf(out, len, "%s", word);
		return access(word, X_OK) == 0;
	}
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		snprintf(out, len, "%.*s/%s", (int)n, path, word);
		if (n && access(out, X_OK) == 0)
			return true;
		path += n + (path[n] == ':');
	}
	return false;
}

/* Every word of a command line that names an existing file is an input;
 * with need_prog the first word is a program that must exist on the host
 * (a scheduler program; a cmd: workload is shell text, may start with a
 * builtin). */
static int need_cmdline(struct vm_plan *p, const char *cmd, bool need_prog, const char *what)
{
	char buf[4096], prog[PATH_MAX];
	snprintf(buf, sizeof(buf), "%s", cmd);
	bool first = true;
	for (char *save = NULL, *w = strtok_r(buf, " \t", &save); w; w = strtok_r(NULL, " \t", &save)) {
		if (strchr(w, '=') && first)
			continue; /* VAR=value before the program */
		if (first && need_prog) {
			first = false;
			if (!find_program(w, prog, sizeof(prog))) {
				log_error("%s '%s': program '%s' not found (or not executable) on the host", what, cmd, w);
				return EXIT_USAGE;
			}
			int rc = need_input(p, prog, what);
			if (rc)
				return rc;
			continue;
		}
		first = false;
		const char *eq = strchr(w, '=');
		int rc = need_input(p, w, what);
		if (!rc && eq && eq[1] == '/')
			rc = need_input(p, eq + 1, what); /* --opt=/path */
		if (rc)
			return rc;
	}
	return 0;
}

int vm_paths_plan(const struct run_opts *o, struct vm_plan *p)
{
	int rc;
	char what[128];
	/* --out first: the read-write share the others must not hide */
	if (!path_safe(p->out_abs)) {
		log_error("--out %s: cannot be shared with the VM (virtme-ng accepts only letters, digits and _+/.- in paths)",
			  p->out_abs);
		return EXIT_USAGE;
	}
	p->nr_shares = 0;
	if ((rc = add_share(p, p->out_abs, true, "--out")))
		return rc;
	if ((rc = need_input(p, p->self, "scxbench binary")))
		return rc;
	for (int i = 0; i < o->nr_rows; i++) {
		const struct sched_spec *s = &o->rows[i];
		if (s->kind == SCHED_OBJ) {
			snprintf(what, sizeof(what), "--sched-obj %.100s", s->path);
			if ((rc = need_input(p, s->path, what)))
				return rc;
		} else if (s->kind == SCHED_CMD && (rc = need_cmdline(p, s->path, true, "--sched-cmd"))) {
			return rc;
		}
		for (int k = 0; k < s->nr_opts; k++) {
			snprintf(what, sizeof(what), "--sched-opt %.40s.%.40s", s->name, s->opts[k].key);
			if (strchr(s->opts[k].value, '/') && (rc = need_input(p, s->opts[k].value, what)))
				return rc;
		}
	}
	for (int i = 0; i < o->nr_workloads; i++) {
		const char *w = o->workloads[i];
		if (!strncmp(w, "cmd:", 4) && (rc = need_cmdline(p, w + 4, false, "--workload cmd:")))
			return rc;
	}
	return 0;
}

void vm_paths_say(const struct vm_plan *p)
{
	for (int i = 0; i < p->nr_shares; i++)
		log_info("--vm: sharing %s with the VM (%s)", p->shares[i].dir,
			 p->shares[i].rw ? "read-write" : "read-only");
}
