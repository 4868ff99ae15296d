/* SPDX-License-Identifier: GPL-2.0-only */
/* A small JSON Schema (draft 2020-12) validator for the keywords that
 * reports/schema/results-v1.schema.json uses.
 *
 * Why: tests must prove that what the runner writes (and what the reader
 * rebuilds from results.jsonl) matches the published schema, on a machine
 * where python3-jsonschema may be absent. Keywords outside the supported
 * subset make validation fail loudly instead of being ignored, so the schema
 * cannot silently grow beyond what is checked.
 *
 * Supported: type, enum, const, required, properties, additionalProperties,
 * items, minimum, exclusiveMinimum, minLength, pattern (POSIX ERE), $ref to
 * "#/..." pointers, allOf, if/then; annotations ($schema, $id, title,
 * description, $defs, $comment) are skipped.
 */
#ifndef SCXB_SCHEMA_CHECK_H
#define SCXB_SCHEMA_CHECK_H

#include <jansson.h>
#include <stddef.h>

/* Validate inst against schema (the node to apply) within root (the whole
 * schema document, for $ref). Returns 0 when valid; otherwise -1 with the
 * first error as one line ("/results/3/status: value not in enum") in err. */
int schema_validate(const json_t *root, const json_t *schema, const json_t *inst,
		    char *err, size_t errlen);

#endif
