// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer target: the cyclictest --json reader (cyc_json_parse) and the
 * percentile/histogram code that consumes what it accepted. */
#include <math.h>

#include "workloads/cyclictest_json.h"
#include "tests/fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len > FUZZ_MAX_INPUT)
		return -1;
	char *text = fuzz_cstr(data, len);
	struct cyc_result r;
	char err[512];
	err[0] = '\0';
	memset(&r, 0, sizeof(r));
	if (cyc_json_parse(text, &r, err, sizeof(err)) == 0) {
		static const double pcts[] = { 0, 50, 90, 99, 99.9, 100 };
		double prev = -INFINITY;
		for (size_t i = 0; i < sizeof(pcts) / sizeof(pcts[0]); i++) {
			double v = cyc_percentile(&r, pcts[i]);
			if (isnan(v))
				abort();
			/* percentiles of one distribution never decrease (1 us slack:
			 * buckets are whole microseconds, min may be fractional) */
			if (r.nhist && v < prev - 1.0)
				abort();
			prev = v;
		}
		json_decref(cyc_hist_json(&r));
		cyc_result_free(&r);
	} else if (!err[0] || strchr(err, '\n')) {
		abort(); /* errors are one non-empty line */
	}
	free(text);
	return 0;
}
