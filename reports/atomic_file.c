// SPDX-License-Identifier: GPL-2.0-only
/* See atomic_file.h. */
#include "reports/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int aout_open(struct aout *o, const char *path, char *err, size_t errlen)
{
	memset(o, 0, sizeof(*o));
	if (!path || !strcmp(path, "-")) {
		o->f = stdout;
		o->is_stdout = 1;
		return 0;
	}
	/* Only regular files are replaced by rename: a device, FIFO or
	 * terminal (-o /dev/null, -o /dev/stderr) is written in place, never
	 * replaced. A symlink is followed so the link itself survives. */
	struct stat st;
	char real[PATH_MAX];
	if (!lstat(path, &st) && S_ISLNK(st.st_mode) && realpath(path, real))
		path = real;
	if (!stat(path, &st) && !S_ISREG(st.st_mode)) {
		o->f = fopen(path, "w");
		if (!o->f) {
			snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
			return -1;
		}
		o->is_stdout = 1; /* flushed, never renamed or unlinked */
		return 0;
	}
	if ((size_t)snprintf(o->path, sizeof(o->path), "%s", path) >= sizeof(o->path)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	snprintf(o->tmp, sizeof(o->tmp), "%s.tmp.%d", o->path, (int)getpid());
	/* O_EXCL after unlinking a leftover of an earlier process with our
	 * PID: a link planted under the temp name is never followed */
	unlink(o->tmp);
	int fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		snprintf(err, errlen, "%s: cannot create: %s", path, strerror(errno));
		return -1;
	}
	o->f = fdopen(fd, "w");
	if (!o->f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		unlink(o->tmp);
		return -1;
	}
	return 0;
}

int aout_close(struct aout *o, int ok, char *err, size_t errlen)
{
	if (!o->f)
		return -1;
	if (o->is_stdout) {
		int rc = fflush(o->f) ? -1 : 0;
		if (rc)
			snprintf(err, errlen, "%s: %s", o->f == stdout ? "stdout" : "output", strerror(errno));
		if (o->f != stdout)
			fclose(o->f);
		o->f = NULL;
		return rc;
	}
	int rc = 0;
	if (ok && (fflush(o->f) || fsync(fileno(o->f)) || ferror(o->f))) {
		snprintf(err, errlen, "%s: write failed: %s", o->path, strerror(errno));
		rc = -1;
	}
	if (fclose(o->f) && !rc && ok) {
		snprintf(err, errlen, "%s: write failed: %s", o->path, strerror(errno));
		rc = -1;
	}
	o->f = NULL;
	if (!ok || rc) {
		unlink(o->tmp);
		return ok ? rc : 0;
	}
	if (rename(o->tmp, o->path)) {
		snprintf(err, errlen, "%s: rename failed: %s", o->path, strerror(errno));
		unlink(o->tmp);
		return -1;
	}
	return 0;
}

int write_file_atomic(const char *path, const char *data, size_t len, char *err, size_t errlen)
{
	struct aout o;
	if (aout_open(&o, path, err, errlen))
		return -1;
	if (fwrite(data, 1, len, o.f) != len) {
		int e = errno;
		aout_close(&o, 0, err, errlen);
		snprintf(err, errlen, "%s: write failed: %s", path, strerror(e));
		return -1;
	}
	return aout_close(&o, 1, err, errlen);
}
