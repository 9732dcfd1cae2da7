/* ui_draft.c -- drafts of comments on disk (ui_draft.h). */
#include <config.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "ui_draft.h"
#include "ui_util.h"

static char *
draft_dir(void)
{
	return ui_xdg_path("XDG_STATE_HOME", ".local/state", "drafts");
}

/* File-name safe: ids are [A-Za-z0-9._-] already, but packets are
 * directory names and could hold anything. */
static void
put_safe(struct buf *b, const char *s)
{
	for (; *s; s++)
		buf_putc(b, (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-' ? *s : '_');
}

char *
ui_draft_path(const char *repo_key, const char *packet, int kind, const char *id)
{
	struct buf b = BUF_INIT;
	char *dir = draft_dir();

	buf_printf(&b, "%s/%s-", dir, repo_key);
	put_safe(&b, packet);
	buf_printf(&b, "-%s", schema_enum_name(gh_target_kinds, kind));
	if (kind != TARGET_PACKET && id) {
		buf_putc(&b, '-');
		put_safe(&b, id);
	}
	buf_puts(&b, ".txt");
	free(dir);
	return buf_detach(&b);
}

int
ui_draft_save(const char *path, const char *text)
{
	char *dir = draft_dir();
	int rc = ui_mkdirs(dir, 0700);

	free(dir);
	if (rc == 0)
		rc = ui_write_private(path, text, strlen(text));
	return rc;
}

char *
ui_draft_load(const char *path)
{
	char *text = NULL;
	size_t len;

	if (file_read_all(path, 1 << 22, &text, &len) < 0)
		return NULL;
	return text;
}

void
ui_draft_remove(const char *path)
{
	unlink(path);
}

/* "gate-freeze-window.txt" -> kind and id. */
static int
parse_target(const char *rest, int *kind, char **id)
{
	size_t n = strlen(rest), k;
	int i;

	if (!str_endswith(rest, ".txt"))
		return 0;
	n -= 4;
	for (i = 0; gh_target_kinds[i]; i++) {
		k = strlen(gh_target_kinds[i]);
		if (strncmp(rest, gh_target_kinds[i], k) != 0)
			continue;
		if (i == TARGET_PACKET && k == n) {
			*kind = i;
			*id = NULL;
			return 1;
		}
		if (i != TARGET_PACKET && n > k + 1 && rest[k] == '-') {
			*kind = i;
			*id = xstrndup(rest + k + 1, n - k - 1);
			return 1;
		}
	}
	return 0;
}

int
ui_draft_find(const char *repo_key, const char *packet, int *kind, char **id)
{
	char *dir = draft_dir(), *prefix;
	struct buf b = BUF_INIT;
	struct dirent *de;
	DIR *dp;
	int found = 0;

	buf_printf(&b, "%s-", repo_key);
	put_safe(&b, packet);
	buf_putc(&b, '-');
	prefix = buf_detach(&b);
	if ((dp = opendir(dir)) != NULL) {
		while (!found && (de = readdir(dp)) != NULL)
			if (str_startswith(de->d_name, prefix))
				found = parse_target(de->d_name + strlen(prefix), kind, id);
		closedir(dp);
	}
	free(prefix);
	free(dir);
	return found;
}
