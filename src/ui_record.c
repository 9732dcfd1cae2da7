/* ui_record.c -- the recording actions of the workstation: permission
 * checks, drafts offered back, $EDITOR, commits through record.h, sync.
 * Every result, success or refusal, ends up in the status bar, and the
 * screen shows the new HEAD at once. */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "access.h"
#include "record.h"
#include "sync.h"
#include "ui_draft.h"
#include "ui_view.h"

int
ui_record_ctx(struct ui *ui, const char *packet, int perm, const char *verb,
    struct record_ctx *c)
{
	struct ui_model *m = &ui->model;
	struct ui_row *row = ui_model_packet(m, packet);
	char *why = ui_model_refusal(m, perm, verb);

	memset(c, 0, sizeof *c);
	if (why == NULL && (row == NULL || row->pk->request == NULL))
		why = xasprintf(_("no open packet '%s' at HEAD"), packet);
	if (why) {
		ui_status(ui, true, "%s", why);
		free(why);
		return -1;
	}
	c->st = m->st;
	c->r = ui_model_repo_of(m, row);
	c->pk = row->pk;
	c->who = m->who;
	c->name = m->name;
	c->email = m->email;
	c->today = m->today;
	return 0;
}

int
ui_record_commit(struct ui *ui, const struct record_ctx *c, const char *kind, const char *state,
    const char *subject, const struct buf *y)
{
	struct buf err = BUF_INIT;
	char *file = NULL, *commit = NULL, *packet = xstrdup(c->pk->id);
	int rc = record_commit(c, kind, state, subject, y, &file, &commit, &err);

	if (rc < 0) {
		ui_status(ui, true, _("nothing recorded: %s"), buf_cstr(&err));
	} else {
		ui_reload(ui);
		ui_status(ui, false, _("Recorded %s on %s in commit %.7s%s%s"), kind, packet, commit,
		    err.len ? " · " : "", err.len ? buf_cstr(&err) : "");
	}
	free(file);
	free(commit);
	free(packet);
	buf_free(&err);
	return rc;
}

/* ---- comments ------------------------------------------------------------------- */

struct offer {
	struct ui_target t;
	char *packet, *id, *text;
	bool asked;		/* the user pressed c: "no" starts afresh */
};

static void
offer_free(void *arg)
{
	struct offer *o = arg;

	free(o->packet);
	free(o->id);
	free(o->text);
	free(o);
}

static void
offer_done(struct ui *ui, bool yes, void *arg)
{
	struct offer *o = arg;

	if (yes || o->asked)
		ui_push(ui, ui_editor_new(ui, &o->t, yes ? o->text : NULL));
	else
		ui_status(ui, false, "%s", _("The draft is kept; c on the same item offers it again"));
}

static struct offer *
offer_new(const struct ui_target *t, char *text, bool asked)
{
	struct offer *o = xcalloc(1, sizeof *o);

	o->asked = asked;
	o->packet = xstrdup(t->packet);
	o->id = t->id ? xstrdup(t->id) : NULL;
	o->text = text;
	o->t.packet = o->packet;
	o->t.kind = t->kind;
	o->t.id = o->id;
	return o;
}

static char *
question(const struct ui_target *t)
{
	return t->kind == TARGET_PACKET ?
	    xasprintf(_("Restore unsent comment on %s?"), t->packet) :
	    xasprintf(_("Restore unsent comment on %s %s?"), gh_target_kinds[t->kind], t->id);
}

/* Run the editor on text ($GATEHOUSE_EDITOR, the config file's editor,
 * $VISUAL, $EDITOR or vi: config_get); the edited text, or NULL. */
static char *
external_edit(const char *text)
{
	const char *ed = config_str(config_global(), CONFIG_EDITOR);
	char path[] = "/tmp/gatehouse-XXXXXX.txt", *out = NULL;
	size_t len;
	int fd, status = -1;
	pid_t pid;

	if ((fd = mkstemps(path, 4)) < 0)
		return NULL;
	if (write(fd, text, strlen(text)) < 0 || close(fd) < 0) {
		unlink(path);
		return NULL;
	}
	setenv("GH_EDITOR", ed, 1);
	ui_suspend();
	if ((pid = fork()) == 0) {
		execl("/bin/sh", "sh", "-c", "$GH_EDITOR \"$1\"", "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	ui_resume();
	if (pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		file_read_all(path, 1 << 22, &out, &len);
	unlink(path);
	return out;
}

/* Record a comment's text; on failure the inline editor opens with it. */
static void
comment_commit(struct ui *ui, const struct ui_target *t, const char *text, const char *draft)
{
	struct record_ctx c;
	struct buf y = BUF_INIT;
	char *subject = NULL;
	int rc = -1;

	if (ui_record_ctx(ui, t->packet, PERM_COMMENT, _("comment"), &c) == 0) {
		record_comment(&c, t->kind, t->id, text, &y, &subject);
		rc = ui_record_commit(ui, &c, "comment", NULL, subject, &y);
	}
	if (rc == 0)
		ui_draft_remove(draft);
	else
		ui_push(ui, ui_editor_new(ui, t, text));
	free(subject);
	buf_free(&y);
}

/* Write the comment in $EDITOR (starting from a kept draft), keep it as
 * a draft, then record it as "gatehouse comment" does. */
static int
comment_external(struct ui *ui, const struct ui_target *t)
{
	char *path = ui_draft_path(ui->model.key, t->packet, t->kind, t->id);
	char *old = ui_draft_load(path), *text = external_edit(old ? old : "");

	if (text == NULL) {
		ui_status(ui, true, "%s", _("the editor failed; nothing recorded"));
	} else if (text[strspn(text, " \t\r\n")] == '\0') {
		ui_status(ui, true, "%s", _("empty comment; nothing recorded"));
	} else {
		size_t n = strlen(text);

		while (n && strchr(" \t\r\n", text[n - 1]))
			text[--n] = '\0';
		ui_draft_save(path, text);
		comment_commit(ui, t, text, path);
	}
	free(text);
	free(old);
	free(path);
	return UI_ALL;
}

int
ui_record_comment(struct ui *ui, const struct ui_target *t, bool external)
{
	char *why = ui_model_refusal(&ui->model, PERM_COMMENT, _("comment"));
	char *path, *text, *q;

	if (why) {
		ui_status(ui, true, "%s", why);
		free(why);
		return UI_STATUS;
	}
	if (external)
		return comment_external(ui, t);
	path = ui_draft_path(ui->model.key, t->packet, t->kind, t->id);
	text = ui_draft_load(path);
	free(path);
	if (text && text[0]) {
		q = question(t);
		ui_confirm(ui, q, offer_done, offer_new(t, text, true), offer_free);
		free(q);
		return UI_ALL;
	}
	free(text);
	ui_push(ui, ui_editor_new(ui, t, NULL));
	return UI_ALL;
}

void
ui_record_offer_draft(struct ui *ui, const char *packet)
{
	struct ui_target t = { packet, TARGET_PACKET, NULL };
	char *id = NULL, *path, *text, *q;

	if (!ui_draft_find(ui->model.key, packet, &t.kind, &id))
		return;
	t.id = id;
	path = ui_draft_path(ui->model.key, packet, t.kind, t.id);
	text = ui_draft_load(path);
	if (text && text[0]) {
		q = question(&t);
		ui_confirm(ui, q, offer_done, offer_new(&t, text, false), offer_free);
		free(q);
	} else {
		free(text);
	}
	free(path);
	free(id);
}

/* ---- sign-offs, decisions, sync, history ------------------------------------------- */

int
ui_record_signoff(struct ui *ui, const char *packet)
{
	struct record_ctx c;
	const char *role;

	if (ui_record_ctx(ui, packet, PERM_SIGNOFF, _("sign off"), &c) < 0)
		return UI_STATUS;
	role = access_signing_role(c.r->policy.roles, c.who, PERM_SIGNOFF, NULL);
	ui_push(ui, ui_signoff_new(ui, packet, role));
	return UI_ALL;
}

int
ui_record_decide(struct ui *ui, const char *packet)
{
	struct record_ctx c;

	if (ui_record_ctx(ui, packet, PERM_DECIDE, _("decide"), &c) < 0)
		return UI_STATUS;
	ui_push(ui, ui_decide_new(ui, packet));
	return UI_ALL;
}

int
ui_record_sync(struct ui *ui)
{
	struct sync_result res;
	struct buf err = BUF_INIT;
	int r;

	if (ui->model.st == NULL) {
		ui_status(ui, true, "%s", _("sync needs a git repository"));
		return UI_STATUS;
	}
	r = sync_run(ui->model.path, "origin", &res, &err);
	if (r == SYNC_OK) {
		ui_reload(ui);
		ui_status(ui, false, _("synced with %s: fetched %zu, pushed %zu record(s), now at %.7s"),
		    "origin", res.fetched, res.pushed, res.tip);
	} else {
		ui_status(ui, true, _("sync failed: %s"), buf_cstr(&err));
	}
	sync_result_free(&res);
	buf_free(&err);
	return UI_ALL;
}

int
ui_record_history(struct ui *ui, const char *packet)
{
	ui_push(ui, ui_history_new(ui, packet));
	return UI_ALL;
}
