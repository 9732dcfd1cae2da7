/* cli_record.c -- "gatehouse comment", "signoff" and "decide": append one
 * review record in one commit, for people the policy allows. */
#include <config.h>

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "access.h"
#include "cli.h"
#include "config.h"
#include "engine.h"
#include "store.h"
#include "record.h"
#include "cli_record.h"

void
rec_ctx_free(struct rec_ctx *c)
{
	repo_free(c->r);
	store_close(c->st);
	free(c->name);
	free(c->email);
	diags_free(&c->d);
}

int
rec_add_body(struct rec_args *a, const char *text)
{
	if (a->body.len)
		buf_puts(&a->body, "\n\n");
	buf_puts(&a->body, text);
	a->have_body = true;
	return 0;
}

static int
read_body_file(struct rec_args *a, const char *path)
{
	char *text = NULL;
	size_t len;
	int r;

	if (strcmp(path, "-") == 0) {
		struct buf b = BUF_INIT;
		char tmp[4096];
		size_t n;

		while ((n = fread(tmp, 1, sizeof tmp, stdin)) > 0)
			buf_add(&b, tmp, n);
		rec_add_body(a, buf_cstr(&b));
		buf_free(&b);
		return 0;
	}
	r = file_read_all(path, 1 << 20, &text, &len);
	if (r < 0) {
		fprintf(stderr, _("gatehouse: cannot read %s\n"), path);
		return -1;
	}
	rec_add_body(a, text);
	free(text);
	return 0;
}

/* Ask the editor for the text, as git commit does: $GATEHOUSE_EDITOR, the
 * config file's editor, $VISUAL, $EDITOR or vi (config_get). */
static int
edit_body(struct rec_args *a, const char *what)
{
	const char *ed = config_str(config_global(), CONFIG_EDITOR);
	char path[] = "/tmp/gatehouse-XXXXXX.txt";
	int fd, status;
	pid_t pid;
	FILE *fp;

	if ((fd = mkstemps(path, 4)) < 0 || (fp = fdopen(fd, "w")) == NULL)
		return -1;
	fprintf(fp, _("\n# Write the %s for %s above. Lines starting with '#' are ignored;\n"
	    "# an empty text records nothing.\n"), what, a->packet);
	fclose(fp);
	setenv("GH_EDITOR", ed, 1);
	pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "$GH_EDITOR \"$1\"", "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		fprintf(stderr, _("gatehouse: the editor failed; nothing recorded (text kept in %s)\n"), path);
		return -1;
	}
	{
		char *text = NULL, *line, *save = NULL;
		size_t len;
		struct buf b = BUF_INIT;

		if (file_read_all(path, 1 << 20, &text, &len) < 0)
			return -1;
		for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
			if (line[0] != '#')
				buf_printf(&b, "%s\n", line);
		while (b.len && (b.s[b.len - 1] == '\n' || b.s[b.len - 1] == ' '))
			b.s[--b.len] = '\0';
		if (b.len)
			rec_add_body(a, buf_cstr(&b));
		buf_free(&b);
		free(text);
	}
	unlink(path);
	return 0;
}

int
rec_open(struct rec_args *a, struct rec_ctx *c, int perm, const char *verb)
{
	struct buf err = BUF_INIT;
	int rc = EXIT_USAGE;

	memset(c, 0, sizeof *c);
	diags_init(&c->d);
	if (store_open(cli_repo_path(a->repo), &c->st, &err) < 0 ||
	    (c->r = store_load_packets(c->st, "HEAD", (const char *const *)&a->packet, 1,
	    &c->d, &err)) == NULL ||
	    store_identity(c->st, &c->name, &c->email, &err) < 0) {
		fprintf(stderr, "gatehouse: %s\n", buf_cstr(&err));
		goto out;
	}
	c->pk = repo_packet(c->r, a->packet);
	if (c->pk == NULL || c->pk->request == NULL) {
		fprintf(stderr, _("gatehouse: no packet '%s' at HEAD\n"), a->packet);
		goto out;
	}
	c->who = access_person(c->r->policy.roles, c->email);
	if (c->who == NULL) {
		fprintf(stderr, _("gatehouse: %s <%s> may not %s: not listed in policy/roles.yaml\n"),
		    c->name, c->email, verb);
		rc = EXIT_PROBLEMS;
		goto out;
	}
	if (!access_may(c->r->policy.roles, c->who, perm, a->role)) {
		fprintf(stderr, a->role ?
		    _("gatehouse: %s <%s> may not %s in role '%s' (policy/roles.yaml)\n") :
		    _("gatehouse: %s <%s> holds no role that may %s (policy/roles.yaml)\n"),
		    c->name, c->email, verb, a->role);
		rc = EXIT_PROBLEMS;
		goto out;
	}
	rc = 0;
out:
	buf_free(&err);
	return rc;
}

void
rec_record_ctx(struct rec_ctx *c, const struct rec_args *a, bool with_today,
    struct record_ctx *out)
{
	memset(out, 0, sizeof *out);
	out->st = c->st;
	out->r = c->r;
	out->pk = c->pk;
	out->who = c->who;
	out->name = c->name;
	out->email = c->email;
	if (with_today && cli_today(a->today, &out->today) < 0)
		out->today = 0;
}

int
rec_commit(struct rec_ctx *c, const char *kind, const char *state, const char *subject,
    struct buf *y)
{
	struct record_ctx rc = { c->st, c->r, c->pk, c->who, c->name, c->email, 0 };
	struct buf err = BUF_INIT;
	char *file = NULL, *commit = NULL;
	int rc_ = 0;

	if (record_commit(&rc, kind, state, subject, y, &file, &commit, &err) < 0) {
		fprintf(stderr, _("gatehouse: nothing recorded: %s\n"), buf_cstr(&err));
		rc_ = EXIT_PROBLEMS;
	} else {
		printf(_("Recorded %s on %s as %s in commit %.12s\n"), kind, c->pk->id, file, commit);
		if (err.len)
			fprintf(stderr, _("gatehouse: warning: %s\n"), buf_cstr(&err));
	}
	free(file);
	free(commit);
	buf_free(&err);
	return rc_;
}

/* ---- argument parsing shared by the three commands -------------------- */

static const struct option rec_longopts[] = {
	{ "repo", required_argument, NULL, 'C' },
	{ "message", required_argument, NULL, 'm' },
	{ "file", required_argument, NULL, 'F' },
	{ "on", required_argument, NULL, 'o' },
	{ "condition", required_argument, NULL, 'c' },
	{ "reason", required_argument, NULL, 'r' },
	{ "role", required_argument, NULL, 'R' },
	{ "today", required_argument, NULL, 't' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int
rec_parse(const char *cmd, int argc, char **argv, struct rec_args *a, void (*help)(void))
{
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "C:m:F:c:h", rec_longopts, NULL)) != -1) {
		switch (c) {
		case 'C': a->repo = optarg; break;
		case 'm': rec_add_body(a, optarg); break;
		case 'F': if (read_body_file(a, optarg) < 0) return EXIT_USAGE; break;
		case 'o': a->target = optarg; break;
		case 'c': strlist_add(&a->conditions, xstrdup(optarg)); break;
		case 'r': a->reason = optarg; break;
		case 'R': a->role = optarg; break;
		case 't': a->today = optarg; break;
		case 'h': help(); return -1;
		default:
			cli_usage_error(cmd, _("unrecognized option '%s'"), argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_usage_error(cmd, "%s", _("missing PACKET"));
		return EXIT_USAGE;
	}
	a->packet = argv[optind++];
	if (optind < argc)
		a->state = argv[optind++];
	if (optind < argc)
		a->arg = argv[optind++];
	if (optind < argc) {
		cli_usage_error(cmd, "%s", _("too many arguments"));
		return EXIT_USAGE;
	}
	return 0;
}

void
rec_args_free(struct rec_args *a)
{
	buf_free(&a->body);
	strlist_free(&a->conditions);
}

/* ---- comment ---------------------------------------------------------- */

static void
comment_help(void)
{
	printf(_("Usage: gatehouse comment [OPTION]... PACKET\n"
	    "Record a comment on a packet, or on one of its gates, options, evidence\n"
	    "items or precedents, as one commit.\n\n"
	    "  -C, --repo DIR       packet repository (default $GATEHOUSE_REPO or .)\n"
	    "  -m, --message TEXT   the comment (repeat for paragraphs)\n"
	    "  -F, --file FILE      read the comment from FILE ('-': standard input)\n"
	    "      --on KIND:ID     what it is about: gate:, option:, evidence:, precedent:\n"
	    "  -h, --help           display this help and exit\n"
	    "Without -m or -F the text comes from standard input, or from $VISUAL or\n"
	    "$EDITOR on a terminal.\n"));
}

/* Check that "kind:id" names something that exists. */
static int
check_target(const struct rec_ctx *c, const char *t, int *kind, char **id)
{
	const char *colon = strchr(t, ':');
	char *k = colon ? xstrndup(t, (size_t)(colon - t)) : xstrdup(t);
	struct record_ctx rc = { c->st, c->r, c->pk, c->who, c->name, c->email, 0 };
	bool found;

	*kind = schema_enum_index(gh_target_kinds, k);
	free(k);
	*id = colon ? xstrdup(colon + 1) : NULL;
	if (*kind == TARGET_PACKET)
		return 0;
	if (*kind < 0 || *id == NULL || !(*id)[0]) {
		cli_usage_error("comment", _("--on needs KIND:ID with KIND one of gate, option, evidence, precedent, not '%s'"), t);
		return -1;
	}
	found = record_target_exists(&rc, *kind, *id);
	if (!found) {
		fprintf(stderr, _("gatehouse: no %s '%s' to comment on\n"), gh_target_kinds[*kind], *id);
		return -1;
	}
	return 0;
}

int
cli_comment(int argc, char **argv)
{
	struct rec_args a = { 0 };
	struct buf y = BUF_INIT;
	struct rec_ctx c;
	struct record_ctx rctx;
	char *id = NULL, *subject;
	int rc, kind = TARGET_PACKET;

	if ((rc = rec_parse("comment", argc, argv, &a, comment_help)) != 0 || a.state) {
		rec_args_free(&a);
		if (rc == 0)
			cli_usage_error("comment", "%s", _("too many arguments"));
		return rc < 0 ? 0 : rc ? rc : EXIT_USAGE;
	}
	if ((rc = rec_open(&a, &c, PERM_COMMENT, _("comment"))) != 0)
		goto out;
	if (a.target && check_target(&c, a.target, &kind, &id) < 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	if (!a.have_body && (isatty(STDIN_FILENO) ? edit_body(&a, _("comment")) :
	    read_body_file(&a, "-")) < 0) {
		rc = EXIT_PROBLEMS;
		goto out;
	}
	if (a.body.len == 0 || strspn(buf_cstr(&a.body), " \t\r\n") == a.body.len) {
		fprintf(stderr, "%s", _("gatehouse: empty comment; nothing recorded\n"));
		rc = EXIT_PROBLEMS;
		goto out;
	}
	rec_record_ctx(&c, &a, false, &rctx);
	record_comment(&rctx, kind, id, buf_cstr(&a.body), &y, &subject);
	rc = rec_commit(&c, "comment", NULL, subject, &y);
	free(subject);
out:
	free(id);
	buf_free(&y);
	rec_ctx_free(&c);
	rec_args_free(&a);
	return rc;
}
