/* Attaching BPF schedulers through libbpf's generic object API.
 *
 * bpftool 7.5 skeletons do not compile against libbpf 1.4's headers, and a
 * skeleton could not load a user's arbitrary .bpf.o anyway, so every
 * scheduler — bundled, conformance helper or --sched-obj — goes through the
 * same path: open from memory, set tunables and ops fields through BTF,
 * load, attach the sched_ext_ops map as a link, and verify in sysfs.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <openssl/evp.h>

#include "runner/clock.h"
#include "runner/embedded.h"
#include "runner/kmsg.h"
#include "runner/log.h"
#include "runner/sched_btf.h"
#include "runner/sched_internal.h"
#include "scxb_exit_info.h"

/* libbpf reports its own codes (LIBBPF_ERRNO__*, 4000 and up) in errno,
 * which strerror() prints as "Unknown error 4001"; libbpf_strerror knows
 * both kinds. */
static const char *bpf_errstr(int e, char *buf, size_t len)
{
	if (libbpf_strerror(e, buf, len) < 0)
		snprintf(buf, len, "%s", strerror(e));
	return buf;
}

#define ATTACH_TIMEOUT_MS 10000
#define DETACH_TIMEOUT_MS 10000
/* how long the kernel's exit record may lag behind sysfs (TCG is slow) */
#define KMSG_EXIT_WAIT_MS 3000

/* ---- libbpf messages: kept for error reports, shown with --verbose ------- */
static char libbpf_tail[16384];
static size_t libbpf_tail_len;

static int libbpf_print_fn(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char line[4096];
	int n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n < 0)
		return 0;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	if (level != LIBBPF_DEBUG) {
		/* keep the newest text: slide the buffer when full */
		if (libbpf_tail_len + (size_t)n >= sizeof(libbpf_tail)) {
			size_t drop = libbpf_tail_len + (size_t)n - sizeof(libbpf_tail) + 1;
			if (drop > libbpf_tail_len)
				drop = libbpf_tail_len;
			memmove(libbpf_tail, libbpf_tail + drop, libbpf_tail_len - drop);
			libbpf_tail_len -= drop;
		}
		memcpy(libbpf_tail + libbpf_tail_len, line, (size_t)n);
		libbpf_tail_len += (size_t)n;
		libbpf_tail[libbpf_tail_len] = '\0';
	}
	if (log_verbose() && level != LIBBPF_DEBUG)
		fputs(line, stderr);
	return 0;
}

static void libbpf_capture_reset(void)
{
	libbpf_tail_len = 0;
	libbpf_tail[0] = '\0';
	libbpf_set_print(libbpf_print_fn);
}

/* Last few meaningful lines of libbpf's output (verifier log tail), joined
 * with " | " so the error stays one line. */
static void libbpf_tail_lines(char *out, size_t len, int max_lines)
{
	const char *lines[64];
	int n = 0;
	char *copy = strdup(libbpf_tail);
	out[0] = '\0';
	if (!copy)
		return;
	for (char *s = strtok(copy, "\n"); s; s = strtok(NULL, "\n")) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s || strstr(s, "-- BEGIN PROG LOAD LOG --") || strstr(s, "-- END PROG LOAD LOG --"))
			continue;
		if (n == 64) {
			memmove(lines, lines + 1, sizeof(lines[0]) * 63);
			n--;
		}
		lines[n++] = s;
	}
	size_t used = 0;
	for (int i = n > max_lines ? n - max_lines : 0; i < n; i++) {
		int w = snprintf(out + used, len - used, "%s%s", used ? " | " : "", lines[i]);
		if (w < 0 || (size_t)w >= len - used)
			break;
		used += (size_t)w;
	}
	free(copy);
}

/* ---- attached-handle list, for the emergency path ------------------------ */
static struct sched_handle *attached;

void sched_list_add(struct sched_handle *h)
{
	h->next = attached;
	attached = h;
}

void sched_list_remove(struct sched_handle *h)
{
	for (struct sched_handle **pp = &attached; *pp; pp = &(*pp)->next)
		if (*pp == h) {
			*pp = h->next;
			return;
		}
}

void sched_emergency_detach(void)
{
	/* Closing the link fd is what detaches a struct_ops link: safe in a
	 * signal handler. Programs are stopped by sched_cmd's own handler. */
	for (struct sched_handle *h = attached; h; h = h->next) {
		if (h->link)
			close(bpf_link__fd(h->link));
		if (h->pid > 0)
			kill(-h->pid, SIGKILL);
	}
}

int scx_wait_state(const char *want, int timeout_ms)
{
	char st[64];
	for (int waited = 0;; waited += 10) {
		if (scx_state(st, sizeof(st)) == 0 && strcmp(st, want) == 0)
			return 0;
		if (waited >= timeout_ms)
			return -1;
		sleep_s(0.01);
	}
}

/* ---- hooks ------------------------------------------------------------------ */
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

static bool hook_owns_key(const struct sched_hook *hook, const char *key)
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

/* ---- object bytes ----------------------------------------------------------- */
static int read_file(const char *path, unsigned char **buf, size_t *len, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	*buf = malloc((size_t)st.st_size + 1);
	if (!*buf) {
		close(fd);
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	size_t got = 0;
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, *buf + got, (size_t)st.st_size - got);
		if (r <= 0) {
			snprintf(err, errlen, "%s: read failed: %s", path, r < 0 ? strerror(errno) : "short read");
			free(*buf);
			close(fd);
			return -1;
		}
		got += (size_t)r;
	}
	close(fd);
	*len = got;
	return 0;
}

static void sha256_hex(const unsigned char *buf, size_t len, char *out, size_t outlen)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	if (!EVP_Digest(buf, len, md, &mdlen, EVP_sha256(), NULL)) {
		snprintf(out, outlen, "unknown");
		return;
	}
	size_t used = (size_t)snprintf(out, outlen, "sha256:");
	for (unsigned i = 0; i < mdlen && used + 2 < outlen; i++)
		used += (size_t)snprintf(out + used, outlen - used, "%02x", md[i]);
}

/* Open the object a spec names (not loaded). */
static struct bpf_object *open_spec(const struct sched_spec *spec, char *hash, size_t hashlen,
				    char *err, size_t errlen)
{
	unsigned char *owned = NULL;
	const unsigned char *buf;
	size_t len;
	if (spec->kind == SCHED_BUNDLED || spec->kind == SCHED_CONFORMANCE) {
		const struct embedded_obj *e = embedded_find(
			sched_object_name(spec), spec->kind == SCHED_BUNDLED ? EMBED_SCHEDULER : EMBED_CONFORMANCE);
		if (!e) {
			snprintf(err, errlen, "no bundled scheduler named '%s' (see: scxbench list)",
				 sched_object_name(spec));
			return NULL;
		}
		buf = e->start;
		len = (size_t)(e->end - e->start);
	} else if (spec->kind == SCHED_OBJ) {
		if (read_file(spec->path, &owned, &len, err, errlen) < 0)
			return NULL;
		buf = owned;
	} else {
		snprintf(err, errlen, "scheduler '%s' is not a BPF object", spec->name);
		return NULL;
	}
	if (hash)
		sha256_hex(buf, len, hash, hashlen);
	LIBBPF_OPTS(bpf_object_open_opts, opts, .object_name = spec->name);
	libbpf_capture_reset();
	struct bpf_object *obj = bpf_object__open_mem(buf, len, &opts);
	free(owned); /* libbpf copies the ELF data it needs */
	if (!obj) {
		char tail[1024], eb[128];
		int e = errno;
		libbpf_tail_lines(tail, sizeof(tail), 3);
		snprintf(err, errlen, "%s: not a loadable BPF object: %s%s%s",
			 spec->kind == SCHED_OBJ ? spec->path : spec->name, bpf_errstr(e, eb, sizeof(eb)),
			 tail[0] ? ": " : "", tail);
		return NULL;
	}
	return obj;
}

static struct bpf_map *find_ops_map(struct bpf_object *obj)
{
	struct bpf_map *m, *found = NULL;
	struct btf *btf = bpf_object__btf(obj);
	bpf_object__for_each_map(m, obj) {
		if (bpf_map__type(m) != BPF_MAP_TYPE_STRUCT_OPS)
			continue;
		const struct btf_type *t = btf ? btf__type_by_id(btf, bpf_map__btf_value_type_id(m)) : NULL;
		if (t && strcmp(btf__name_by_offset(btf, t->name_off), "sched_ext_ops") == 0)
			found = found ? found : m;
		else
			bpf_map__set_autocreate(m, false); /* not ours to attach */
	}
	return found;
}

static int ops_field(struct bpf_object *obj, struct bpf_map *ops, const char *member,
		     void **ptr, size_t *size)
{
	size_t off, sz, total = 0;
	char *data = bpf_map__initial_value(ops, &total);
	if (!data || btf_ops_member(obj, member, &off, &sz) < 0 || off + sz > total)
		return -1;
	*ptr = data + off;
	*size = sz;
	return 0;
}

struct tun_arg {
	struct bpf_object *obj;
	json_t *out;
};

static int tunable_cb(const char *name, const struct btf_var_loc *loc, void *arg)
{
	struct tun_arg *a = arg;
	if (strncmp(name, "scxb_", 5) == 0 || strncmp(name, "__", 2) == 0)
		return 0;
	json_object_set_new(a->out, name, btf_var_json(a->obj, loc));
	return 0;
}

static json_t *tunables_json(struct bpf_object *obj)
{
	struct tun_arg a = { obj, json_object() };
	btf_for_each_var(obj, ".rodata", tunable_cb, &a);
	return a.out;
}

static void read_meta(struct bpf_object *obj, char *desc, size_t desclen, bool *weights)
{
	struct btf_var_loc loc;
	desc[0] = '\0';
	if (btf_find_var(obj, ".rodata", "scxb_desc", &loc) == 0) {
		const char *p = btf_var_ptr(&loc);
		if (p)
			snprintf(desc, desclen, "%.*s", (int)loc.size, p);
	}
	*weights = true;
	if (btf_find_var(obj, ".rodata", "scxb_honours_weights", &loc) == 0 && loc.size == 4) {
		const uint32_t *w = btf_var_ptr(&loc);
		if (w)
			*weights = *w != 0;
	}
}

static int apply_opts(struct bpf_object *obj, const struct sched_spec *spec,
		      const struct sched_hook *hook, char *err, size_t errlen)
{
	for (int i = 0; i < spec->nr_opts; i++) {
		const struct sched_opt *o = &spec->opts[i];
		struct btf_var_loc loc;
		char why[256];
		/* "ignores": the user's declaration for the probes (conformance/claims.h) */
		if (hook_owns_key(hook, o->key) || !strcmp(o->key, "ignores"))
			continue;
		if (btf_find_var(obj, ".rodata", o->key, &loc) < 0 || strncmp(o->key, "scxb_", 5) == 0) {
			json_t *t = tunables_json(obj);
			char names[512] = "";
			const char *k;
			json_t *v;
			size_t used = 0;
			json_object_foreach(t, k, v) {
				int w = snprintf(names + used, sizeof(names) - used, "%s%s", used ? ", " : "", k);
				if (w > 0 && (size_t)w < sizeof(names) - used)
					used += (size_t)w;
			}
			json_decref(t);
			snprintf(err, errlen, "--sched-opt %s.%s: no such tunable (tunables of %s: %s)",
				 spec->name, o->key, spec->name, names[0] ? names : "none");
			return -1;
		}
		if (btf_var_set(obj, &loc, o->value, why, sizeof(why)) < 0) {
			snprintf(err, errlen, "--sched-opt %s.%s=%s: %s", spec->name, o->key, o->value, why);
			return -1;
		}
	}
	return 0;
}

int sched_describe(const struct sched_spec *spec, char *desc, size_t desclen,
		   json_t **tunables, char *err, size_t errlen)
{
	struct bpf_object *obj = open_spec(spec, NULL, 0, err, errlen);
	bool w;
	if (!obj)
		return -1;
	read_meta(obj, desc, desclen, &w);
	if (tunables)
		*tunables = tunables_json(obj);
	bpf_object__close(obj);
	return 0;
}

static void verifier_stats(struct sched_handle *h)
{
	struct bpf_program *p;
	h->verifier = json_object();
	bpf_object__for_each_program(p, h->obj) {
		struct bpf_prog_info info;
		__u32 len = sizeof(info);
		int fd = bpf_program__fd(p);
		memset(&info, 0, sizeof(info));
		if (fd < 0 || bpf_prog_get_info_by_fd(fd, &info, &len) < 0)
			continue;
		json_object_set_new(h->verifier, bpf_program__name(p), json_integer(info.verified_insns));
	}
}

static void read_exit(struct sched_handle *h, struct sched_exit *ex)
{
	struct btf_var_loc loc;
	memset(ex, 0, sizeof(*ex));
	if (!h->obj)
		return;
	if (btf_find_var(h->obj, ".data", "scxb_exit", &loc) < 0 &&
	    btf_find_var(h->obj, ".bss", "scxb_exit", &loc) < 0)
		return;
	const struct scxb_exit_info *ei = btf_var_ptr(&loc);
	if (!ei || loc.size < sizeof(*ei) || !ei->recorded)
		return;
	ex->valid = true;
	snprintf(ex->source, sizeof(ex->source), "scheduler");
	ex->kind = ei->kind;
	ex->code = ei->exit_code;
	snprintf(ex->reason, sizeof(ex->reason), "%.*s", (int)sizeof(ei->reason), ei->reason);
	snprintf(ex->msg, sizeof(ex->msg), "%.*s", (int)sizeof(ei->msg), ei->msg);
}

static void free_handle(struct sched_handle *h)
{
	if (!h)
		return;
	if (h->hook && h->hook->free_state && h->hook_state)
		h->hook->free_state(h->hook_state);
	if (h->link)
		bpf_link__destroy(h->link);
	if (h->obj) {
		struct bpf_map *m;
		bpf_object__for_each_map(m, h->obj)
			btf_map_unlive(m);
		bpf_object__close(h->obj);
	}
	json_decref(h->verifier);
	json_decref(h->tunables);
	json_decref(h->notices);
	free(h);
}

int sched_attach(const struct sched_spec *spec, struct sched_handle **out, char *err, size_t errlen)
{
	char state[64];
	struct sched_handle *h = calloc(1, sizeof(*h));
	*out = NULL;
	if (!h) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	h->spec = *spec;
	h->honours_weights = true;
	h->out_fd = -1;

	if (!scx_supported()) {
		snprintf(err, errlen, "this kernel has no sched_ext (/sys/kernel/sched_ext missing)");
		free(h);
		return -1;
	}
	if (scx_state(state, sizeof(state)) == 0 && strcmp(state, "disabled") != 0) {
		char ops[128];
		scx_ops_name(ops, sizeof(ops));
		snprintf(err, errlen, "another sched_ext scheduler is loaded (state %s, ops '%s'): refusing to replace it",
			 state, ops);
		free(h);
		return -1;
	}
	if (spec->kind == SCHED_EEVDF) {
		snprintf(h->ops_name, sizeof(h->ops_name), "eevdf");
		*out = h;
		return 0;
	}
	/* the kernel log from here on tells how this load goes and ends */
	h->kmsg_seq0 = kmsg_last_seq();
	if (spec->kind == SCHED_CMD) {
		if (sched_cmd_attach(spec, h, err, errlen) < 0) {
			free(h);
			return -1;
		}
		sched_list_add(h);
		sched_notices_collect(h);
		*out = h;
		return 0;
	}

	h->obj = open_spec(spec, h->hash, sizeof(h->hash), err, errlen);
	if (!h->obj)
		goto fail;
	read_meta(h->obj, h->desc, sizeof(h->desc), &h->honours_weights);
	h->ops_map = find_ops_map(h->obj);
	if (!h->ops_map) {
		snprintf(err, errlen, "%s: no sched_ext_ops struct_ops map in the object",
			 spec->kind == SCHED_OBJ ? spec->path : spec->name);
		goto fail;
	}
	h->hook = sched_hook_find(sched_object_name(spec));
	if (h->hook && h->hook->after_open &&
	    h->hook->after_open(h->obj, spec, &h->hook_state, err, errlen) < 0)
		goto fail;
	if (apply_opts(h->obj, spec, h->hook, err, errlen) < 0)
		goto fail;
	h->tunables = tunables_json(h->obj);

	void *p;
	size_t sz;
	if (ops_field(h->obj, h->ops_map, "name", &p, &sz) == 0)
		snprintf(h->ops_name, sizeof(h->ops_name), "%.*s", (int)sz, (const char *)p);
	if (spec->ops_flags_or && ops_field(h->obj, h->ops_map, "flags", &p, &sz) == 0 && sz == 8)
		*(uint64_t *)p |= spec->ops_flags_or;
	if (spec->timeout_ms && ops_field(h->obj, h->ops_map, "timeout_ms", &p, &sz) == 0 && sz == 4)
		*(uint32_t *)p = spec->timeout_ms;
	if (!h->ops_name[0]) {
		snprintf(err, errlen, "%s: sched_ext_ops has no name", spec->name);
		goto fail;
	}

	libbpf_capture_reset();
	if (bpf_object__load(h->obj) < 0) {
		char tail[1536], eb[128];
		int e = errno;
		libbpf_tail_lines(tail, sizeof(tail), 6);
		snprintf(err, errlen, "%s: load failed (%s): %s", spec->name, bpf_errstr(e, eb, sizeof(eb)),
			 tail[0] ? tail : "no log");
		goto fail;
	}
	verifier_stats(h);
	{
		struct bpf_map *m;
		bpf_object__for_each_map(m, h->obj)
			if (bpf_map__is_internal(m))
				btf_map_live(m);
	}
	if (h->hook && h->hook->after_load &&
	    h->hook->after_load(h->obj, spec, h->hook_state, err, errlen) < 0)
		goto fail;

	h->link = bpf_map__attach_struct_ops(h->ops_map);
	if (!h->link) {
		int e = errno;
		char eb[128];
		struct sched_exit ex;
		read_exit(h, &ex);
		if (ex.valid)
			snprintf(err, errlen, "%s: attach failed (%s): %s: %s", spec->name,
				 bpf_errstr(e, eb, sizeof(eb)), ex.reason, ex.msg);
		else
			snprintf(err, errlen, "%s: attach failed: %s", spec->name, bpf_errstr(e, eb, sizeof(eb)));
		goto fail;
	}
	sched_list_add(h);
	if (scx_wait_state("enabled", ATTACH_TIMEOUT_MS) < 0) {
		struct sched_exit ex;
		read_exit(h, &ex);
		scx_state(state, sizeof(state));
		snprintf(err, errlen, "%s: state is '%s' after attach, not 'enabled'%s%s", spec->name,
			 state, ex.valid ? ": " : "", ex.valid ? ex.msg : "");
		sched_list_remove(h);
		goto fail;
	}
	sched_notices_collect(h);
	*out = h;
	return sched_check(h, err, errlen);
fail:
	free_handle(h);
	return -1;
}

int sched_check(struct sched_handle *h, char *err, size_t errlen)
{
	char state[64], ops[128];
	if (h->spec.kind == SCHED_EEVDF) {
		if (scx_state(state, sizeof(state)) == 0 && strcmp(state, "disabled") != 0) {
			snprintf(err, errlen, "a sched_ext scheduler is loaded during the EEVDF row");
			return -1;
		}
		return 0;
	}
	if (scx_state(state, sizeof(state)) < 0 || strcmp(state, "enabled") != 0) {
		snprintf(err, errlen, "%s: sched_ext state is '%s', not 'enabled'", h->spec.name, state);
		return -1;
	}
	scx_ops_name(ops, sizeof(ops));
	if (h->ops_name[0] && strcmp(ops, h->ops_name) != 0) {
		snprintf(err, errlen, "%s: root/ops is '%s', expected '%s'", h->spec.name, ops, h->ops_name);
		return -1;
	}
	return 0;
}

bool sched_running(struct sched_handle *h)
{
	char err[256];
	return sched_check(h, err, sizeof(err)) == 0;
}

void sched_peek_exit(struct sched_handle *h, struct sched_exit *ex)
{
	if (h->spec.kind == SCHED_CMD) {
		sched_cmd_peek_exit(h, ex);
		return;
	}
	read_exit(h, ex);
	if (!ex->valid)
		sched_kernel_exit(h, ex, KMSG_EXIT_WAIT_MS);
}

int sched_detach(struct sched_handle *h, struct sched_exit *ex, char *err, size_t errlen)
{
	struct sched_exit dummy;
	int ret = 0;
	if (!ex)
		ex = &dummy;
	memset(ex, 0, sizeof(*ex));
	if (!h)
		return 0;
	if (h->spec.kind == SCHED_EEVDF) {
		free(h);
		return 0;
	}
	sched_list_remove(h);
	if (h->spec.kind == SCHED_CMD) {
		ret = sched_cmd_detach(h, ex, err, errlen);
		json_decref(h->notices);
		free(h);
		return ret;
	}
	if (h->link) {
		bpf_link__destroy(h->link);
		h->link = NULL;
	}
	if (scx_wait_state("disabled", DETACH_TIMEOUT_MS) < 0) {
		char state[64] = "?";
		scx_state(state, sizeof(state));
		snprintf(err, errlen, "%s: state is '%s' %d s after detach, not 'disabled'",
			 h->spec.name, state, DETACH_TIMEOUT_MS / 1000);
		ret = -1;
	}
	read_exit(h, ex);
	if (!ex->valid)
		sched_kernel_exit(h, ex, KMSG_EXIT_WAIT_MS);
	free_handle(h);
	return ret;
}

json_t *sched_info_json(struct sched_handle *h)
{
	json_t *j = json_object();
	json_object_set_new(j, "ops", json_string(h->ops_name));
	if (json_array_size(h->notices))
		json_object_set(j, "kernel_notices", h->notices);
	if (h->spec.kind == SCHED_CMD) {
		json_t *ci = sched_cmd_info(h);
		json_object_update(j, ci);
		json_decref(ci);
		return j;
	}
	if (h->spec.kind == SCHED_EEVDF)
		return j;
	json_object_set_new(j, "hash", json_string(h->hash));
	json_object_set_new(j, "desc", json_string(h->desc));
	json_object_set_new(j, "honours_weights", json_boolean(h->honours_weights));
	json_object_set(j, "tunables", h->tunables ? h->tunables : json_object());
	json_object_set(j, "verifier", h->verifier ? h->verifier : json_object());
	if (h->hook && h->hook->info && h->hook_state)
		json_object_set_new(j, "config", h->hook->info(h->hook_state));
	return j;
}

struct ctr_arg {
	struct bpf_object *obj;
	json_t *out;
};

static int counter_cb(const char *name, const struct btf_var_loc *loc, void *arg)
{
	struct ctr_arg *a = arg;
	if (strncmp(name, "stat_", 5) != 0 || loc->size != 8)
		return 0;
	const uint64_t *v = btf_var_ptr(loc);
	if (v)
		json_object_set_new(a->out, name + 5, json_integer((json_int_t)*v));
	return 0;
}

json_t *sched_counters_json(struct sched_handle *h)
{
	struct ctr_arg a = { h->obj, json_object() };
	if (h->obj) {
		btf_for_each_var(h->obj, ".bss", counter_cb, &a);
		btf_for_each_var(h->obj, ".data", counter_cb, &a);
	}
	return a.out;
}

bool sched_honours_weights(struct sched_handle *h)
{
	return h->honours_weights;
}

const char *sched_ops_name(struct sched_handle *h)
{
	return h->ops_name;
}

int sched_set_var(struct sched_handle *h, const char *name, unsigned long long v)
{
	struct btf_var_loc loc;
	if (!h->obj || (btf_find_var(h->obj, ".bss", name, &loc) < 0 &&
			btf_find_var(h->obj, ".data", name, &loc) < 0))
		return -1;
	void *p = btf_var_ptr(&loc);
	if (!p)
		return -1;
	switch (loc.size) {
	case 1: *(volatile uint8_t *)p = (uint8_t)v; return 0;
	case 2: *(volatile uint16_t *)p = (uint16_t)v; return 0;
	case 4: *(volatile uint32_t *)p = (uint32_t)v; return 0;
	case 8: *(volatile uint64_t *)p = (uint64_t)v; return 0;
	}
	return -1;
}
