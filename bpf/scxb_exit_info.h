/* SPDX-License-Identifier: GPL-2.0-only */
/* Exit information a scheduler records in ops.exit for user space.
 *
 * Shared by BPF and user space, so it uses only plain C types whose sizes
 * agree on x86_64 and the BPF target. The runner finds the global variable
 * `scxb_exit` by name through the object's BTF, so a user's scheduler can
 * adopt it by including bpf/scxb.bpf.h and calling SCXB_RECORD_EXIT().
 */
#ifndef SCXB_EXIT_INFO_H
#define SCXB_EXIT_INFO_H

#define SCXB_EXIT_REASON_LEN 128
#define SCXB_EXIT_MSG_LEN 1024

struct scxb_exit_info {
	int recorded;  /* 1 once ops.exit ran */
	int kind;      /* enum scx_exit_kind */
	long long exit_code;
	char reason[SCXB_EXIT_REASON_LEN];
	char msg[SCXB_EXIT_MSG_LEN];
};

#endif
