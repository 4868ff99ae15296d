// SPDX-License-Identifier: GPL-2.0-only
/* Host unit tests for the layered scheduler's config parser
 * (runner/layered_config.c).
 *
 * Why: a bad config must never reach the kernel, and the user must be told
 * exactly where the mistake is. Each required error class (syntax error,
 * unknown key, empty layer list, CPU out of range, duplicate names) is
 * checked against a fixture in tests/fixtures/layered/ for the exact
 * "file:line:column:" prefix and a one-line message; good configs are
 * checked down to the bit patterns the BPF side compares against, since a
 * wrong mask would silently put tasks in the wrong layer.
 */
#include "tests/unit/tap.h"
#include "runner/layered_config.h"

#include <stdlib.h>
#include <string.h>

#define FIX "tests/fixtures/layered/"

static struct layered_config cfg;
static char err[1024];

/* Load FIX name with 4 CPUs: expect failure with err starting with
 * "FIX name:LINE:COL: " and containing `needle`, on one line. */
static void bad(const char *name, int line, int col, const char *needle)
{
	char path[256], prefix[320];
	snprintf(path, sizeof(path), FIX "%s", name);
	snprintf(prefix, sizeof(prefix), "%s:%d:%d: ", path, line, col);
	err[0] = '\0';
	int r = layered_config_load(path, 4, &cfg, err, sizeof(err));
	ok(r == -1, "%s is rejected", name);
	if (!ok(strncmp(err, prefix, strlen(prefix)) == 0, "%s: error points at %d:%d", name, line, col))
		printf("#   got: %s\n", err);
	if (!ok(strstr(err, needle) != NULL, "%s: error says \"%s\"", name, needle))
		printf("#   got: %s\n", err);
	ok(!strchr(err, '\n'), "%s: error is one line", name);
}

/* Parse a string: expect failure containing needle. */
static void bad_str(const char *text, int nr_cpus, const char *needle, const char *desc)
{
	err[0] = '\0';
	int r = layered_config_parse(text, "t.json", nr_cpus, &cfg, err, sizeof(err));
	if (!ok(r == -1 && strstr(err, needle) && strncmp(err, "t.json:", 7) == 0, "%s", desc))
		printf("#   r=%d err: %s\n", r, err);
}

static int good_str(const char *text, int nr_cpus, const char *desc)
{
	err[0] = '\0';
	int r = layered_config_parse(text, "t.json", nr_cpus, &cfg, err, sizeof(err));
	if (!ok(r == 0, "%s", desc))
		printf("#   err: %s\n", err);
	return r;
}

static unsigned long long word(const char *s, size_t n) /* first 8 bytes, NUL padded */
{
	unsigned char b[8] = { 0 };
	memcpy(b, s, n < 8 ? n : 8);
	unsigned long long w;
	memcpy(&w, b, 8);
	return w;
}

static void test_required_errors(void)
{
	bad("bad_syntax.json", 4, 5, "syntax error");
	bad("bad_truncated.json", 4, 1, "syntax error");
	bad("bad_duplicate_key.json", 3, 41, "duplicate object key");
	bad("bad_unknown_key.json", 4, 7, "unknown key \"colour\"");
	bad("bad_unknown_match_key.json", 3, 31, "unknown key \"comm\"");
	bad("bad_empty.json", 3, 13, "empty layer list");
	bad("bad_cpu_range.json", 4, 28, "CPU 7 out of range (this machine has CPUs 0-3)");
	bad("bad_cpu_array.json", 3, 58, "CPU 64 out of range");
	bad("bad_duplicate.json", 5, 15, "duplicate layer name \"web\" (first used at line 3)");
	bad("bad_two_defaults.json", 4, 5, "only one default layer");
	bad("bad_match_empty.json", 3, 29, "\"match\" has no rules");
	bad("bad_weight.json", 3, 30, "weight 0 out of range (1..10000)");
	bad("bad_nice.json", 3, 39, "backwards");
	bad("bad_cgroup.json", 3, 48, "must start with '/'");

	err[0] = '\0';
	ok(layered_config_load(FIX "no_such_file.json", 4, &cfg, err, sizeof(err)) == -1 &&
	   strstr(err, FIX "no_such_file.json: cannot open") == err, "missing file names the path");
}

static void test_good(void)
{
	err[0] = '\0';
	if (!ok(layered_config_load(FIX "good.json", 4, &cfg, err, sizeof(err)) == 0, "good.json loads"))
		printf("#   err: %s\n", err);
	is_int(cfg.nr_layers, 4, "three layers plus the implicit default");
	is_int(cfg.default_layer, 3, "implicit default is last");
	ok(cfg.layers[3].implicit && cfg.layers[3].is_default, "default layer flagged implicit");
	is_str(cfg.layers[3].bpf.name, "(default)", "implicit default's name");
	is_int(cfg.layers[3].bpf.weight, 100, "implicit default weight 100");
	ok(cfg.any_cgroup, "any_cgroup set");

	const struct layered_layer_cfg *a = &cfg.layers[0].bpf;
	is_str(a->name, "interactive", "layer 0 name");
	is_int(a->match_flags, LAYERED_MATCH_COMM | LAYERED_MATCH_NICE, "layer 0 rules: comm + nice");
	is_int(a->weight, 300, "layer 0 weight");
	is_int((long long)a->slice_ns, 3000000, "slice_us 3000 -> 3 ms");
	is_int(a->preempt, 1, "layer 0 preempts");
	is_int(a->has_cpus, 0, "layer 0 not confined");
	is_int(a->nice_min, -20, "nice min");
	is_int(a->nice_max, 0, "nice max");
	ok(a->comm_want[0] == word("Xorg", 4) && a->comm_want[1] == 0, "comm_want holds \"Xorg\"");
	ok(a->comm_mask[0] == 0xffffffffULL && a->comm_mask[1] == 0, "comm_mask covers 4 bytes");

	const struct layered_layer_cfg *b = &cfg.layers[1].bpf;
	is_int(b->match_flags, LAYERED_MATCH_CGROUP | LAYERED_MATCH_UID, "layer 1 rules: cgroup + uid");
	is_int(b->uid, 1000, "uid 1000");
	is_int(b->weight, 50, "layer 1 weight");
	is_int((long long)b->slice_ns, 20000000, "default slice 20 ms");
	is_int(b->has_cpus, 1, "layer 1 confined");
	ok(b->cpus[0] == 0x7 && b->cpus[1] == 0, "cpus \"1-2,0\" -> bits 0-2");
	is_str(cfg.layers[1].cpus_text, "1-2,0", "cpus text kept for reports");
	is_int(b->cg_depth, 2, "\"/batch/job\" has two components");
	ok(b->cg_want[0][0] == word("batch", 5) && b->cg_want[0][1] == 0, "component 1 is \"batch\"");
	int all = 1;
	for (int w = 0; w < LAYERED_CG_WORDS; w++)
		all &= b->cg_mask[0][w] == ~0ULL;
	ok(all, "inner component compared whole (exact, NUL padding included)");
	ok(b->cg_want[1][0] == word("job", 3) && b->cg_mask[1][0] == 0xffffffULL &&
	   b->cg_mask[1][1] == 0, "last component compared as a 3-byte prefix");

	const struct layered_layer_cfg *c = &cfg.layers[2].bpf;
	ok(c->nice_min == 19 && c->nice_max == 19, "\"nice\": 19 is the range [19, 19]");
	ok(c->cpus[0] == 0x8, "cpus [3] -> bit 3");

	json_t *j = layered_config_json(&cfg);
	json_t *l1 = json_array_get(json_object_get(j, "layers"), 1);
	is_str(json_string_value(json_object_get(l1, "counter")), "stat_layer1_ns", "json names the usage counter");
	is_str(json_string_value(json_object_get(json_object_get(l1, "match"), "cgroup_prefix")), "/batch/job",
	       "json keeps the cgroup prefix");
	json_decref(j);

	err[0] = '\0';
	ok(layered_config_load(FIX "good_default.json", 4, &cfg, err, sizeof(err)) == 0, "good_default.json loads");
	is_int(cfg.nr_layers, 2, "no implicit layer when one lacks match");
	is_int(cfg.default_layer, 0, "the match-less first layer is the default");
	ok(cfg.layers[1].bpf.match_flags == (LAYERED_MATCH_COMM | LAYERED_MATCH_CGROUP) &&
	   cfg.layers[1].bpf.cg_depth == 0, "cgroup_prefix \"/\" matches every cgroup (depth 0)");

	err[0] = '\0';
	if (!ok(layered_config_load("schedulers/layered.json", 2, &cfg, err, sizeof(err)) == 0,
		"the shipped example schedulers/layered.json is valid on 2 CPUs"))
		printf("#   err: %s\n", err);
}

static void test_more_errors(void)
{
	bad_str("[1, 2]", 4, "top level must be an object", "top-level array");
	bad_str("{}", 4, "missing \"layers\"", "no layers key");
	bad_str("{\"layers\": {}}", 4, "must be a list", "layers not a list");
	bad_str("{\"layers\": [3]}", 4, "must be an object", "layer not an object");
	bad_str("{\"layers\": [{\"weight\": 1}]}", 4, "has no \"name\"", "nameless layer");
	bad_str("{\"layers\": [{\"name\": \"a b\"}]}", 4, "must be 1..31 characters", "name with a space");
	bad_str("{\"layers\": [{\"name\": \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}]}", 4, "must be 1..31",
		"name too long");
	bad_str("{\"layers\": [{\"name\": \"a\", \"slice_us\": 50}]}", 4, "slice_us 50 out of range", "slice too short");
	bad_str("{\"layers\": [{\"name\": \"a\", \"weight\": 1.5}]}", 4, "weight must be an integer", "real weight");
	bad_str("{\"layers\": [{\"name\": \"a\", \"preempt\": 1}]}", 4, "true or false", "preempt not bool");
	bad_str("{\"layers\": [{\"name\": \"a\", \"cpus\": \"3-1\"}]}", 4, "backwards", "backwards range");
	bad_str("{\"layers\": [{\"name\": \"a\", \"cpus\": \"\"}]}", 4, "empty CPU set", "empty cpu string");
	bad_str("{\"layers\": [{\"name\": \"a\", \"cpus\": []}]}", 4, "empty CPU set", "empty cpu array");
	bad_str("{\"layers\": [{\"name\": \"a\", \"cpus\": \"0,x\"}]}", 4, "cannot parse CPU list", "junk in cpu list");
	bad_str("{\"layers\": [{\"name\": \"a\", \"cpus\": [-1]}]}", 4, "negative", "negative cpu");
	bad_str("{\"layers\": [{\"name\": \"a\", \"cpus\": \"1\"}]}", 1, "CPU 1 out of range (this machine has CPUs 0-0)",
		"cpu range follows nr_cpus");
	bad_str("{\"layers\": [{\"name\": \"a\", \"match\": {\"comm_prefix\": \"0123456789abcdef\"}}]}", 4,
		"1..15 characters", "comm prefix too long");
	bad_str("{\"layers\": [{\"name\": \"a\", \"match\": {\"comm_prefix\": \"\"}}]}", 4, "1..15 characters",
		"empty comm prefix");
	bad_str("{\"layers\": [{\"name\": \"a\", \"match\": {\"nice\": 20}}]}", 4, "out of range (-20..19)", "nice 20");
	bad_str("{\"layers\": [{\"name\": \"a\", \"match\": {\"nice\": [1]}}]}", 4, "[min, max] pair", "nice [1]");
	bad_str("{\"layers\": [{\"name\": \"a\", \"match\": {\"uid\": -1}}]}", 4, "out of range", "negative uid");
	bad_str("{\"layers\": [{\"name\": \"a\", \"match\": {\"cgroup_prefix\": \"/a//b\"}}]}", 4, "empty path component",
		"double slash");
	bad_str("{\"layers\": [{\"name\": \"a\", \"match\": {\"cgroup_prefix\": \"/1/2/3/4/5/6/7/8/9\"}}]}", 4,
		"deeper than 8", "cgroup too deep");
	bad_str("{\"layers\": [{\"name\": \"a\", \"match\": 5}]}", 4, "must be an object", "match not an object");
	bad_str("{\"layers\": [], \"extra\": 1}", 4, "unknown key \"extra\"", "unknown top-level key");
	bad_str("{\"layers\": [{\"name\": \"a\"}]}", 0, "invalid CPU count", "nr_cpus 0 refused");

	/* 16 layers is the maximum, the default included. */
	char big[4096];
	size_t u = 0;
	u += (size_t)snprintf(big + u, sizeof(big) - u, "{\"layers\": [");
	for (int i = 0; i < 16; i++)
		u += (size_t)snprintf(big + u, sizeof(big) - u, "%s{\"name\": \"l%d\", \"match\": {\"uid\": %d}}",
				      i ? "," : "", i, i);
	snprintf(big + u, sizeof(big) - u, "]}");
	bad_str(big, 4, "implicit default layer exceed", "16 matching layers leave no room for the default");

	u = 0;
	u += (size_t)snprintf(big + u, sizeof(big) - u, "{\"layers\": [{\"name\": \"d\"}");
	for (int i = 0; i < 15; i++)
		u += (size_t)snprintf(big + u, sizeof(big) - u, ",{\"name\": \"l%d\", \"match\": {\"uid\": %d}}", i, i);
	snprintf(big + u, sizeof(big) - u, "]}");
	if (good_str(big, 4, "15 layers + an explicit default = 16 is accepted") == 0)
		is_int(cfg.nr_layers, 16, "16 layers");

	u = 0;
	u += (size_t)snprintf(big + u, sizeof(big) - u, "{\"layers\": [{\"name\": \"d\"}");
	for (int i = 0; i < 16; i++)
		u += (size_t)snprintf(big + u, sizeof(big) - u, ",{\"name\": \"l%d\", \"match\": {\"uid\": %d}}", i, i);
	snprintf(big + u, sizeof(big) - u, "]}");
	bad_str(big, 4, "17 layers: at most 16", "17 layers refused");

	/* A multi-byte character before the error counts as one column. */
	bad_str("{\"layers\": [{\"name\": \"a\", \"comment\": \"\xc3\xa9\", \"bogus\": 1}]}", 4,
		"t.json:1:43: layer \"a\": unknown key \"bogus\"", "columns count characters, not bytes");
	/* Escaped key: position falls back to the enclosing object. */
	bad_str("{\"layers\": [{\"name\": \"a\", \"b\\u0061d\": 1}]}", 4, "t.json:1:13: layer \"a\": unknown key \"bad\"",
		"escaped unknown key still gets a position");
}

int main(void)
{
	test_required_errors();
	test_good();
	test_more_errors();
	return done_testing();
}
