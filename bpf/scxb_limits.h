/* SPDX-License-Identifier: GPL-2.0-only */
/* Limits shared by every BPF scheduler and the user space that configures
 * them.
 *
 * Plain C only, so runner code (e.g. the layered config parser, which fills
 * CPU bitmaps sized by it) can include it beside the BPF side. A scheduler
 * sizes its per-CPU arrays and loops by SCXB_MAX_CPUS; one number keeps every
 * bundled scheduler usable on the same machines.
 */
#ifndef SCXB_LIMITS_H
#define SCXB_LIMITS_H

/* Power of two: per-CPU array indices are masked with (SCXB_MAX_CPUS - 1)
 * so the verifier sees them in bounds. A multiple of 64 for bitmaps. */
#define SCXB_MAX_CPUS 1024

#endif
