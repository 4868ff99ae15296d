/* SPDX-License-Identifier: GPL-2.0-only */
/* Shared helpers for the libFuzzer targets (tests/fuzz/fuzz_*.c).
 *
 * Every parser under test takes a NUL-terminated string, while libFuzzer
 * hands us a sized buffer without a terminator: copy it into a fresh
 * malloc'd buffer of exactly len+1 bytes so ASan catches any read past the
 * end of the input. Inputs are capped so one slow-path input cannot stall
 * the campaign (the parsers are linear; 1 MiB is far above real files). */
#ifndef SCXB_FUZZ_COMMON_H
#define SCXB_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_MAX_INPUT (1u << 20)

static inline char *fuzz_cstr(const uint8_t *data, size_t len)
{
	char *s = malloc(len + 1);
	if (!s)
		abort();
	memcpy(s, data, len);
	s[len] = '\0';
	return s;
}

/* Report writers print to a FILE*: /dev/null keeps the fuzzer quiet while
 * still running every formatting path. */
static inline FILE *fuzz_devnull(void)
{
	static FILE *f;
	if (!f)
		f = fopen("/dev/null", "w");
	if (!f)
		abort();
	return f;
}

/* Write the input to a private file whose name ends in suffix (the results
 * reader sniffs ".jsonl" from the name), once per process directory. */
static inline const char *fuzz_write_file(const uint8_t *data, size_t len, const char *suffix)
{
	static char dir[256], path[320];
	if (!dir[0]) {
		const char *t = getenv("TMPDIR");
		snprintf(dir, sizeof(dir), "%s/scxb-fuzz-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(dir))
			abort();
	}
	snprintf(path, sizeof(path), "%s/in%s", dir, suffix);
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	if (len && fwrite(data, 1, len, f) != len)
		abort();
	fclose(f);
	return path;
}

#endif
