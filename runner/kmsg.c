// SPDX-License-Identifier: GPL-2.0-only
/* See kmsg.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runner/kmsg.h"
#include "runner/sched.h"

long long kmsg_scan(long long after, int (*cb)(int level, long long seq, const char *msg, void *arg),
		    void *arg)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	char rec[8192];
	long long last = after;
	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue; /* overwritten while reading: go on with the next */
		if (n <= 0)
			break;
		rec[n] = '\0';
		/* "PRI,SEQ,USEC,FLAGS;text\n continuation..." */
		char *end;
		long pri = strtol(rec, &end, 10);
		long long seq = *end == ',' ? strtoll(end + 1, NULL, 10) : 0;
		char *msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		msg[strcspn(msg, "\n")] = '\0';
		if (seq <= after)
			continue;
		last = seq;
		if (cb && cb((int)(pri & 7), seq, msg, arg))
			break;
	}
	close(fd);
	return last;
}

long long kmsg_last_seq(void)
{
	return kmsg_scan(-1, NULL, NULL);
}

int kmsg_exit_kind(const char *reason)
{
	static const struct { const char *text; int kind; } reasons[] = {
		{ "unregistered from user space", SCXB_EXIT_UNREG },
		{ "unregistered from BPF", SCXB_EXIT_UNREG_BPF },
		{ "unregistered from the main kernel", SCXB_EXIT_UNREG_KERN },
		{ "disabled by sysrq-S", SCXB_EXIT_SYSRQ },
		{ "runtime error", SCXB_EXIT_ERROR },
		{ "scx_bpf_error", SCXB_EXIT_ERROR_BPF },
		{ "runnable task stall", SCXB_EXIT_ERROR_STALL },
	};
	for (size_t i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (!strcmp(reason, reasons[i].text))
			return reasons[i].kind;
	return -1;
}

struct exit_scan {
	const char *ops;
	struct kmsg_exit *out;
	bool want_msg;       /* the record after an error exit carries its message */
};

static int exit_cb(int level, long long seq, const char *msg, void *arg)
{
	struct exit_scan *s = arg;
	char head[200];
	(void)seq;
	if (s->want_msg) {
		s->want_msg = false;
		snprintf(head, sizeof(head), "sched_ext: %s: ", s->ops);
		if (!strncmp(msg, head, strlen(head))) {
			snprintf(s->out->msg, sizeof(s->out->msg), "%s", msg + strlen(head));
			return 0;
		}
	}
	/* sched_ext: BPF scheduler "NAME" disabled (REASON) */
	const char *p = strstr(msg, "sched_ext: BPF ");
	snprintf(head, sizeof(head), "\"%s\" disabled (", s->ops);
	const char *q = p ? strstr(p, head) : NULL;
	if (!q)
		return 0;
	q += strlen(head);
	const char *close = strrchr(q, ')');
	memset(s->out, 0, sizeof(*s->out));
	s->out->found = true;
	s->out->level = level;
	snprintf(s->out->reason, sizeof(s->out->reason), "%.*s", (int)(close ? close - q : (long)strlen(q)), q);
	s->out->kind = kmsg_exit_kind(s->out->reason);
	s->want_msg = level <= 3;
	return 0;
}

void kmsg_find_exit(const char *ops, long long after, struct kmsg_exit *out)
{
	struct exit_scan s = { .ops = ops, .out = out };
	memset(out, 0, sizeof(*out));
	out->kind = -1;
	if (ops && *ops)
		kmsg_scan(after, exit_cb, &s);
}

bool kmsg_is_ops_notice(int level, const char *msg)
{
	if (level <= 3)
		return false;
	if (strstr(msg, "ops->"))
		return true;
	/* printk's rate limit on those notices: "scx_validate_ops: 2
	 * callbacks suppressed" (seen on 7.3 when a scheduler with a
	 * deprecated op is loaded 50 times) */
	if (!strncmp(msg, "scx_", 4) && strstr(msg, "callbacks suppressed"))
		return true;
	/* "sched_ext: NAME: text": a scheduler name has no spaces, while
	 * "sched_ext: comm[pid] has ..." (a task) has no colon after it */
	if (strncmp(msg, "sched_ext: ", 11) != 0)
		return false;
	size_t n = strcspn(msg + 11, " :");
	return n > 0 && msg[11 + n] == ':' && msg[12 + n] == ' ';
}
