// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer target: reading results.json (rr_load) and every report,
 * compare and recommend path that consumes the model. */
#include "tests/fuzz/fuzz_results_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	return fuzz_results(data, len, ".json");
}
