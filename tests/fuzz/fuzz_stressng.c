// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer target: the stress-ng --yaml reader (sng_yaml_to_json and
 * sng_yaml_stressors). */
#include "workloads/stressng_yaml.h"
#include "tests/fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len > FUZZ_MAX_INPUT)
		return -1;
	char *text = fuzz_cstr(data, len);
	char err[512];
	err[0] = '\0';
	json_t *j = sng_yaml_to_json(text, err, sizeof(err));
	if (j) {
		char *s = json_dumps(j, JSON_COMPACT | JSON_ENCODE_ANY);
		free(s);
		json_decref(j);
	} else if (!err[0] || strchr(err, '\n')) {
		abort(); /* errors are one non-empty line */
	}
	err[0] = '\0';
	j = sng_yaml_stressors(text, err, sizeof(err));
	if (!j && (!err[0] || strchr(err, '\n')))
		abort();
	json_decref(j);
	free(text);
	return 0;
}
