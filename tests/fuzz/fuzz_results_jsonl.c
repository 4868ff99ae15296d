// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer target: reading results.jsonl (rr_load's JSON Lines path: a
 * possibly interrupted run's side file, torn last line included) and every
 * consumer of the model. */
#include "tests/fuzz/fuzz_results_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	return fuzz_results(data, len, ".jsonl");
}
