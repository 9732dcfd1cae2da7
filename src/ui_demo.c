/* ui_demo.c -- "gatehouse --demo": a private, writable copy of the bundled
 * demo repository in $XDG_DATA_HOME/gatehouse (or ~/.local/share), made a
 * git repository with one commit the first time, so reviewers can try
 * comments and sign-offs without touching anything shared. */
#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "store.h"
#include "ui.h"
#include "ui_util.h"

static int
copy_file(const char *from, const char *to)
{
	char *text = NULL;
	size_t len;
	int fd, rc = -1;

	if (file_read_all(from, 64 << 20, &text, &len) < 0)
		return -1;
	fd = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd >= 0 && (len == 0 || write(fd, text, len) == (ssize_t)len))
		rc = 0;
	if (fd >= 0 && close(fd) < 0)
		rc = -1;
	free(text);
	return rc;
}

/* cp -R from to (regular files and directories; hidden entries too). */
static int
copy_tree(const char *from, const char *to)
{
	struct dirent *de;
	struct stat sb;
	DIR *dp;
	int rc = 0;

	if (mkdir(to, 0755) < 0 && errno != EEXIST)
		return -1;
	if ((dp = opendir(from)) == NULL)
		return -1;
	while (rc == 0 && (de = readdir(dp)) != NULL) {
		char *src, *dst;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		src = xasprintf("%s/%s", from, de->d_name);
		dst = xasprintf("%s/%s", to, de->d_name);
		if (stat(src, &sb) == 0 && S_ISDIR(sb.st_mode))
			rc = copy_tree(src, dst);
		else if (stat(src, &sb) == 0 && S_ISREG(sb.st_mode))
			rc = copy_file(src, dst);
		free(src);
		free(dst);
	}
	closedir(dp);
	return rc;
}

/* Copy data/NAME to dest/NAME unless it is there; a half-made copy is
 * never left under the final name (copied to a temporary name first). */
static int
copy_once(const char *data, const char *dest, const char *name)
{
	char *from = xasprintf("%s/%s", data, name), *to = xasprintf("%s/%s", dest, name);
	char *tmp = xasprintf("%s/.%s.tmp%ld", dest, name, (long)getpid());
	struct stat sb;
	int rc = 0;

	if (stat(to, &sb) != 0) {
		rc = copy_tree(from, tmp) == 0 && rename(tmp, to) == 0 ? 0 : -1;
		if (rc < 0)
			fprintf(stderr, _("gatehouse: cannot copy %s to %s: %s\n"), from, to,
			    strerror(errno));
	}
	free(from);
	free(to);
	free(tmp);
	return rc;
}

/* The copy becomes a git repository so that reviews can be recorded. */
static int
demo_import(const char *path)
{
	struct buf err = BUF_INIT;
	int r = store_import(path, "gatehouse demo", "demo@gatehouse.invalid",
	    "Import the gatehouse demo repository\n", &err);

	if (r < 0)
		fprintf(stderr, _("gatehouse: cannot make %s a git repository: %s\n"), path,
		    buf_cstr(&err));
	buf_free(&err);
	return r;
}

int
ui_demo_prepare(char **path)
{
	char *dest = ui_xdg_path("XDG_DATA_HOME", ".local/share", NULL), *data = cli_datadir();
	struct stat sb;
	char *git;
	int rc = -1;

	*path = xasprintf("%s/demo", dest);
	if (ui_mkdirs(dest, 0700) < 0) {
		fprintf(stderr, _("gatehouse: cannot create %s: %s\n"), dest, strerror(errno));
	} else if (copy_once(data, dest, "demo") == 0 &&
	    copy_once(data, dest, "demo-restricted") == 0) {
		git = xasprintf("%s/.git", *path);
		rc = stat(git, &sb) == 0 ? 0 : demo_import(*path);
		free(git);
	}
	if (rc < 0) {
		free(*path);
		*path = NULL;
	}
	free(data);
	free(dest);
	return rc;
}
