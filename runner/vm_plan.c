// SPDX-License-Identifier: GPL-2.0-only
/* The `run --vm` plan: which VM boots, and whether they can happen at all.
 *
 * Why checked here and not left to ci/vm: ci/vm's exit status is the guest
 * command's, so an error of ci/vm itself (no virtme-ng, no such kernel)
 * cannot be told apart from the guest scxbench's own exit codes afterwards.
 * Every argument problem is caught before the first boot, as one line with
 * the documented exit code (2 bad flag value, 3 environment, 4 no VM). */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runner/log.h"
#include "runner/vm_internal.h"

/* Bounded copy/concatenation: names here are short by construction (checked
 * or generated), and a silent cut would only shorten a label. */
static void put(char *dst, size_t len, const char *a, const char *b, const char *c)
{
	size_t n = 0;
	const char *parts[] = { a, b, c };
	for (size_t i = 0; i < 3; i++)
		for (const char *s = parts[i]; s && *s && n + 1 < len; s++)
			dst[n++] = *s;
	dst[n] = '\0';
}

static const char *const presets[] = { "1cpu", "2cpu", "smt4", "numa4" };

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

bool vm_topology_known(const char *name)
{
	for (size_t i = 0; i < sizeof(presets) / sizeof(presets[0]); i++)
		if (!strcmp(name, presets[i]))
			return true;
	return false;
}

static bool in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX];
	if (!path || !*path)
		path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");
		snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, n ? path : ".", prog);
		if (access(buf, X_OK) == 0)
			return true;
		path += n;
		if (*path == ':')
			path++;
	}
	return false;
}

/* An upstream version virtme-ng downloads itself (vng -r v6.14). */
static bool upstream_version(const char *k)
{
	regex_t re;
	if (regcomp(&re, "^v[0-9]+\\.[0-9]+(\\.[0-9]+)?(-rc[0-9]+)?$", REG_EXTENDED | REG_NOSUB))
		return false;
	bool m = regexec(&re, k, 0, NULL, 0) == 0;
	regfree(&re);
	return m;
}

static void installed_kernels(char *buf, size_t len)
{
	buf[0] = '\0';
	FILE *f = popen("ls /usr/lib/modules 2>/dev/null", "re");
	if (!f)
		return;
	char line[256];
	size_t used = 0;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		char img[PATH_MAX];
		snprintf(img, sizeof(img), "/usr/lib/modules/%s/vmlinuz", line);
		if (access(img, R_OK) == 0 && used + strlen(line) + 2 < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "", line);
	}
	pclose(f);
	if (!buf[0])
		snprintf(buf, len, "none");
}

/* A short, file-name-safe label for a kernel: its release, or for an image
 * path the release its directory or file name carries. */
static void kernel_label(const char *k, char *out, size_t len)
{
	char tmp[PATH_MAX];
	snprintf(tmp, sizeof(tmp), "%s", k);
	const char *base = strrchr(tmp, '/') ? strrchr(tmp, '/') + 1 : tmp;
	if (strchr(k, '/')) {
		if (!strncmp(base, "vmlinuz-", 8) || !strncmp(base, "bzImage-", 8)) {
			base += 8;
		} else {
			/* /usr/lib/modules/VER/vmlinuz, arch/x86/boot/bzImage: the directory */
			char *slash = strrchr(tmp, '/');
			*slash = '\0';
			base = strrchr(tmp, '/') ? strrchr(tmp, '/') + 1 : tmp;
			if (!*base)
				base = "kernel";
		}
	}
	put(out, len, base, NULL, NULL);
	for (char *c = out; *c; c++)
		if (!(*c == '.' || *c == '-' || *c == '+' || *c == '_' || (*c >= '0' && *c <= '9') ||
		      (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')))
			*c = '_';
}

/* ci/vm's default kernel: the one ci/setup installed. */
static int default_kernel(char *buf, size_t len)
{
	const char *env = getenv("SCXBENCH_KERNEL");
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return 0;
	}
	/* SCXBENCH_STATE_DIR: where ci/setup records its kernels (tests
	 * point it elsewhere) */
	const char *state = getenv("SCXBENCH_STATE_DIR");
	char path[PATH_MAX];
	snprintf(path, sizeof(path), "%s/default-kernel", state && *state ? state : "/var/lib/scxbench");
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	int rc = fgets(buf, (int)len, f) ? 0 : -1;
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return rc == 0 && buf[0] ? 0 : -1;
}

/* Item bounds of the plan, as the runner applies them, plus boot time:
 * a VM still running after that is hung, whatever it is doing. */
static int plan_timeout(const struct run_opts *o)
{
	const char *env = getenv("SCXBENCH_VM_TIMEOUT");
	if (env && *env && atoi(env) > 0)
		return atoi(env);
	double rows = o->nr_rows + (o->no_baseline ? 0 : 1);
	double per_item = o->duration_s * o->timeout_factor + 30;
	double t = 600 + rows * o->nr_workloads * o->repeat * per_item + rows * o->nr_probes * 120;
	return t > 86400 ? 86400 : (int)t;
}

int vm_plan_build(const struct run_opts *o, struct vm_plan *p)
{
	memset(p, 0, sizeof(*p));
	/* topologies: cli keeps repeated/comma-separated --topology as "a,b" */
	char topos[VM_MAX_TOPOLOGIES][16];
	int nt = 0;
	char list[sizeof(o->topology)];
	snprintf(list, sizeof(list), "%s", o->topology);
	for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (!vm_topology_known(t)) {
			log_error("--topology '%s': unknown preset (1cpu, 2cpu, smt4, numa4)", t);
			return EXIT_USAGE;
		}
		for (int i = 0; i < nt; i++)
			if (!strcmp(topos[i], t)) {
				log_error("--topology %s: given twice", t);
				return EXIT_USAGE;
			}
		if (nt >= VM_MAX_TOPOLOGIES) {
			log_error("--topology: at most %d presets", VM_MAX_TOPOLOGIES);
			return EXIT_USAGE;
		}
		put(topos[nt++], sizeof(topos[0]), t, NULL, NULL);
	}
	if (nt == 0)
		topos[nt++][0] = '\0';

	if (geteuid() != 0) {
		log_error("--vm: must run as root (virtme-ng shares the host's root filesystem with the VM)");
		return EXIT_ENV;
	}
	if (!in_path("vng")) {
		log_error("--vm: virtme-ng (vng) is not installed: run ci/setup (or: pip install virtme-ng)");
		return EXIT_VM;
	}
	if (!in_path("qemu-system-x86_64")) {
		log_error("--vm: qemu-system-x86_64 is not installed: run ci/setup");
		return EXIT_VM;
	}

	/* kernels: each must exist before any VM boots */
	static char dflt[PATH_MAX];
	const char *kernels[VM_MAX_KERNELS];
	int nk = 0;
	for (int i = 0; i < o->nr_kernels && nk < VM_MAX_KERNELS; i++) {
		const char *k = o->kernels[i];
		char img[PATH_MAX], inst[1024];
		struct stat sb;
		if (!*k) {
			log_error("--kernel: empty value");
			return EXIT_USAGE;
		}
		snprintf(img, sizeof(img), "/usr/lib/modules/%s/vmlinuz", k);
		if (!(stat(k, &sb) == 0 && S_ISREG(sb.st_mode)) && !upstream_version(k) &&
		    (strchr(k, '/') || access(img, R_OK) != 0)) {
			installed_kernels(inst, sizeof(inst));
			if (strchr(k, '/'))
				log_error("--kernel %s: no such kernel image file", k);
			else
				log_error("--kernel %s: not found (no %s; installed: %s; SCXBENCH_KERNEL_SUITES=\"trixie-backports sid\" ci/setup fetches more)",
					  k, img, inst);
			return EXIT_USAGE;
		}
		for (int j = 0; j < nk; j++)
			if (!strcmp(kernels[j], k)) {
				log_error("--kernel %s: given twice", k);
				return EXIT_USAGE;
			}
		kernels[nk++] = k;
	}
	if (nk == 0) {
		if (default_kernel(dflt, sizeof(dflt)) < 0) {
			log_error("--vm: no sched_ext kernel installed: run ci/setup, or name one with --kernel");
			return EXIT_VM;
		}
		kernels[nk++] = NULL;
	}

	if (vm_find_script(p->script, sizeof(p->script)) < 0) {
		log_error("--vm: ci/vm not found next to the scxbench binary (set SCXBENCH_CI_VM)");
		return EXIT_VM;
	}
	ssize_t n = readlink("/proc/self/exe", p->self, sizeof(p->self) - 1);
	if (n <= 0) {
		log_error("--vm: cannot find own executable: %s", strerror(errno));
		return EXIT_VM;
	}
	p->self[n] = '\0';

	/* The guest sees the host's files read-only, and its own tmpfs over
	 * /tmp, /var/tmp and others: --out is shared read-write at its
	 * absolute path, wherever it is (vm_paths.c), and so are inputs. */
	bool created = mkdir(o->out_dir, 0755) == 0;
	if (!created && errno != EEXIST) {
		log_error("--out %s: %s", o->out_dir, strerror(errno));
		return EXIT_ENV;
	}
	if (!realpath(o->out_dir, p->out_abs)) {
		log_error("--out %s: %s", o->out_dir, strerror(errno));
		return EXIT_ENV;
	}
	if (access(p->out_abs, W_OK) < 0) {
		log_error("--out %s: not writable", o->out_dir);
		return EXIT_ENV;
	}
	int prc = vm_paths_plan(o, p);
	if (prc) {
		if (created)
			rmdir(p->out_abs);
		return prc;
	}

	p->timeout_s = plan_timeout(o);
	snprintf(p->vm_cpus, sizeof(p->vm_cpus), "%d", o->vm_cpus);
	snprintf(p->vm_mem, sizeof(p->vm_mem), "%s", o->vm_mem);
	/* --shard: only the cells this shard has rows in boot; each guest
	 * learns its cell (--shard-cell) and runs that cell's part of the rows */
	int unit_of[CLI_MAX_ROWS];
	int units = shard_row_units(o->rows, o->nr_rows, unit_of), booted = 0;
	for (int c = 0; c < nk * nt; c++)
		booted += shard_has_cell(&o->shard, nk * nt, units, c);
	bool multi = booted > 1;
	for (int k = 0; k < nk; k++)
		for (int t = 0; t < nt; t++) {
			if (!shard_has_cell(&o->shard, nk * nt, units, k * nt + t))
				continue;
			struct vm_run *r = &p->runs[p->n++];
			if (o->shard.count)
				snprintf(r->shard_cell, sizeof(r->shard_cell), "%d/%d", k * nt + t + 1, nk * nt);
			r->kernel = kernels[k];
			kernel_label(kernels[k] ? kernels[k] : dflt, r->klabel, sizeof(r->klabel));
			put(r->topology, sizeof(r->topology), topos[t], NULL, NULL);
			if (topos[t][0])
				put(r->tlabel, sizeof(r->tlabel), topos[t], NULL, NULL);
			else
				snprintf(r->tlabel, sizeof(r->tlabel), "%dcpu", o->vm_cpus);
			put(r->name, sizeof(r->name), r->klabel, "-", r->tlabel);
			/* one run writes --out itself; several get a directory each */
			put(r->dir, sizeof(r->dir), p->out_abs, multi ? "/" : NULL, multi ? r->name : NULL);
			r->planned = -1;
			/* two images with one name (a/vmlinuz-6.9, b/vmlinuz-6.9)
			 * would write one directory */
			for (int j = 0; j < p->n - 1; j++)
				if (!strcmp(p->runs[j].name, r->name)) {
					log_error("--kernel %s and %s: both would be named %s; rename one image",
						  p->runs[j].kernel ? p->runs[j].kernel : dflt,
						  r->kernel ? r->kernel : dflt, r->klabel);
					return EXIT_USAGE;
				}
		}
	vm_paths_say(p);
	return 0;
}

/* Options that only the host side understands, with a separate value. */
static bool vm_only_with_value(const char *s)
{
	static const char *const opts[] = { "--kernel", "--vm-cpus", "--vm-mem", "--topology", "--out" };
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (!strcmp(s, opts[i]))
			return true;
	return false;
}

static bool vm_only_joined(const char *s)
{
	static const char *const opts[] = { "--kernel=", "--vm-cpus=", "--vm-mem=", "--topology=", "--out=" };
	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (!strncmp(s, opts[i], strlen(opts[i])))
			return true;
	return false;
}

char **vm_guest_argv(const struct run_opts *o, const char *self, const char *dir, const char *shard_cell)
{
	char **args = calloc((size_t)o->argc + 8, sizeof(char *));
	if (!args)
		return NULL;
	int a = 0;
	args[a++] = (char *)self;
	for (int i = 0; i < o->argc; i++) {
		const char *s = o->argv[i];
		if (!strcmp(s, "--vm") || vm_only_joined(s))
			continue;
		if (vm_only_with_value(s)) {
			i++;
			continue;
		}
		args[a++] = (char *)s;
		/* `--resume DIR`: the directory is --out's business here */
		if (!strcmp(s, "--resume") && i + 1 < o->argc && o->argv[i + 1][0] &&
		    o->argv[i + 1][0] != '-')
			i++;
	}
	args[a++] = "--out";
	args[a++] = (char *)dir;
	if (shard_cell && *shard_cell) {
		args[a++] = "--shard-cell";
		args[a++] = (char *)shard_cell;
	}
	args[a] = NULL;
	return args;
}
