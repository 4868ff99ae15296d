/* SPDX-License-Identifier: GPL-2.0-only */
/* Reader for the YAML that `stress-ng --yaml FILE` writes.
 *
 * Why a dedicated parser: stress-ng writes a small, regular subset of YAML
 * (block mappings, block sequences of mappings, plain or quoted scalars, one
 * document between '---' and '...'), and pulling in a general YAML library
 * for it would add a build dependency for no gain. Anything outside that
 * subset (flow collections, anchors, block scalars, tabs) is rejected with a
 * line number rather than misread.
 */
#ifndef SCXB_STRESSNG_YAML_H
#define SCXB_STRESSNG_YAML_H

#include <stddef.h>
#include <jansson.h>

/* The YAML subset as JSON (mappings -> objects, sequences -> arrays,
 * numbers -> numbers, other scalars -> strings). NULL with err filled. */
json_t *sng_yaml_to_json(const char *text, char *err, size_t errlen);

/* The per-stressor metrics of a stress-ng YAML report: an array of
 * {"stressor", "bogo_ops", "bogo_ops_per_s_real", "bogo_ops_per_s_cpu",
 *  "wall_s", "user_s", "sys_s"} (the last five when present).
 * NULL with err filled when the text is not such a report. */
json_t *sng_yaml_stressors(const char *text, char *err, size_t errlen);

#endif
