// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer target: the layered scheduler's JSON config
 * (layered_config_parse), and rendering an accepted config back to JSON. */
#include "runner/layered_config.h"
#include "tests/fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	if (len > FUZZ_MAX_INPUT)
		return -1;
	char *text = fuzz_cstr(data, len);
	struct layered_config *cfg = malloc(sizeof(*cfg));
	char err[512];
	err[0] = '\0';
	if (!cfg)
		abort();
	/* 4 CPUs: enough for CPU lists to be both valid and out of range */
	int rc = layered_config_parse(text, "fuzz.json", 4, cfg, err, sizeof(err));
	if (rc == 0) {
		if (cfg->nr_layers < 1 || cfg->nr_layers > LAYERED_MAX_LAYERS ||
		    cfg->default_layer < 0 || cfg->default_layer >= cfg->nr_layers)
			abort();
		json_t *j = layered_config_json(cfg);
		char *s = json_dumps(j, JSON_COMPACT);
		free(s);
		json_decref(j);
	} else if (!err[0] || strchr(err, '\n')) {
		abort(); /* errors are one non-empty line */
	}
	free(cfg);
	free(text);
	return 0;
}
