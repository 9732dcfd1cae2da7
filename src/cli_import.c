/* cli_import.c -- "gatehouse import": one evidence file from a tool's
 * output, committed in one commit (git) or written atomically (a plain
 * directory).  Reads FILE or standard input only; runs no program and
 * writes nothing but packets/<PACKET>/evidence/<NAME>.yaml. */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "import.h"
#include "store.h"

struct import_args {
	const char *repo, *id, *source, *title, *packet, *file;
	int format, evidence_type, sensitivity;
	gh_time collected_at;
	bool force, dry_run;
};

static void
import_help(void)
{
	printf(_("Usage: gatehouse import [OPTION]... PACKET FILE|-\n"
	    "Turn the output of a tool into an evidence item of PACKET:\n"
	    "packets/PACKET/evidence/NAME.yaml, with its source, collection time, importer\n"
	    "and the sha256 digest of the input.  In a git repository the item is one\n"
	    "commit; in a plain directory the file is written atomically.  FILE '-' reads\n"
	    "standard input.\n\n"));
	printf(_("  -C, --repo DIR           packet repository (default $GATEHOUSE_REPO or .)\n"
	    "  -t, --type FORMAT        pg-upgrade-check, aws-lifecycle or generic\n"
	    "                           (default: detected from the content)\n"
	    "      --id NAME            evidence name (default: per format)\n"
	    "      --source TEXT        link to the original (https://..., a repository path)\n"
	    "      --collected-at TIME  when the tool ran (default: the file's time)\n"
	    "      --evidence-type TYPE what a generic input's data is\n"
	    "      --title TEXT         title of the item\n"
	    "      --sensitivity CLASS  sensitivity class (default internal)\n"
	    "  -f, --force              replace an existing item of that name\n"
	    "  -n, --dry-run            print the evidence file, write nothing\n"
	    "  -h, --help               display this help and exit\n"));
}

static int
enum_arg(const char *opt, const char *v, const char *const *names)
{
	int i = schema_enum_index(names, v);
	struct buf b = BUF_INIT;

	if (i >= 0)
		return i;
	for (i = 0; names[i]; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", names[i]);
	cli_usage_error("import", _("invalid %s '%s' (expected one of: %s)"), opt, v, buf_cstr(&b));
	buf_free(&b);
	return -1;
}

static int
parse_time_arg(const char *v, gh_time *out)
{
	const char *err;
	bool date_only;
	int col;

	if (val_parse_time(v, out, &date_only, &err, &col) < 0) {
		cli_usage_error("import", _("invalid time '%s' for --collected-at: %s"), v, _(err));
		return -1;
	}
	return 0;
}

/* 0, -1 for --help, or EXIT_USAGE. */
static int
parse_args(int argc, char **argv, struct import_args *a)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'C' },
		{ "type", required_argument, NULL, 't' },
		{ "id", required_argument, NULL, 'i' },
		{ "source", required_argument, NULL, 's' },
		{ "collected-at", required_argument, NULL, 'a' },
		{ "evidence-type", required_argument, NULL, 'e' },
		{ "title", required_argument, NULL, 'T' },
		{ "sensitivity", required_argument, NULL, 'S' },
		{ "force", no_argument, NULL, 'f' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(a, 0, sizeof *a);
	a->format = a->evidence_type = a->sensitivity = -1;
	a->collected_at = GH_TIME_NONE;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "C:t:fnh", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': a->repo = optarg; break;
		case 't':
			if ((a->format = enum_arg("--type", optarg, import_formats)) < 0)
				return EXIT_USAGE;
			break;
		case 'i': a->id = optarg; break;
		case 's': a->source = optarg; break;
		case 'a':
			if (parse_time_arg(optarg, &a->collected_at) < 0)
				return EXIT_USAGE;
			break;
		case 'e':
			if ((a->evidence_type = enum_arg("--evidence-type", optarg,
			    gh_evidence_types)) < 0)
				return EXIT_USAGE;
			break;
		case 'T': a->title = optarg; break;
		case 'S':
			if ((a->sensitivity = enum_arg("--sensitivity", optarg, gh_sensitivities)) < 0)
				return EXIT_USAGE;
			break;
		case 'f': a->force = true; break;
		case 'n': a->dry_run = true; break;
		case 'h': import_help(); return -1;
		default:
			cli_usage_error("import", _("unrecognized option '%s'"), argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		cli_usage_error("import", "%s", argc - optind < 2 ?
		    _("need a PACKET and a FILE (or - for standard input)") : _("too many arguments"));
		return EXIT_USAGE;
	}
	a->packet = argv[optind];
	a->file = argv[optind + 1];
	if (a->id && !import_valid_id(a->id)) {
		cli_usage_error("import", _("'%s' is not a safe evidence name (letters, digits, '.', '_' and '-', starting with a letter or digit, at most 80)"),
		    a->id);
		return EXIT_USAGE;
	}
	return 0;
}

/* ---- input ----------------------------------------------------------------- */

static int
read_stdin(char **data, size_t *len)
{
	struct buf b = BUF_INIT;
	char tmp[65536];
	size_t n;

	while ((n = fread(tmp, 1, sizeof tmp, stdin)) > 0) {
		buf_add(&b, tmp, n);
		if (b.len > IMPORT_MAX_BYTES)
			break;
	}
	if (ferror(stdin)) {
		fprintf(stderr, _("gatehouse: cannot read standard input: %s\n"), strerror(errno));
		buf_free(&b);
		return -1;
	}
	*len = b.len;
	*data = b.s ? buf_detach(&b) : xstrdup("");
	return 0;
}

/* file://<absolute path>, percent-encoding what a link may not contain. */
static char *
file_link(const char *path)
{
	char *abs = realpath(path, NULL);
	struct buf b = BUF_INIT;
	const unsigned char *p;

	if (abs == NULL)
		return NULL;
	buf_puts(&b, "file://");
	for (p = (const unsigned char *)abs; *p; p++)
		if (*p > 0x20 && *p < 0x7f && !strchr("%\"<>\\^`{|}#?", *p))
			buf_putc(&b, (char)*p);
		else
			buf_printf(&b, "%%%02X", *p);
	free(abs);
	return buf_detach(&b);
}

static int
read_input(const struct import_args *a, struct import_req *q, char **data, char **link)
{
	struct stat st;
	int r;

	*link = NULL;
	if (strcmp(a->file, "-") == 0)
		return read_stdin(data, &q->len);
	r = file_read_all(a->file, IMPORT_MAX_BYTES, data, &q->len);
	if (r == -2) {
		fprintf(stderr, _("gatehouse: %s: %zu bytes, more than the %u an import takes\n"),
		    a->file, q->len, IMPORT_MAX_BYTES);
		return -1;
	}
	if (r < 0) {
		fprintf(stderr, _("gatehouse: cannot read %s: %s\n"), a->file, strerror(errno));
		return -1;
	}
	if (stat(a->file, &st) == 0)
		q->file_time = (gh_time)st.st_mtime;
	*link = file_link(a->file);
	return 0;
}

/* ---- where it goes ----------------------------------------------------------- */

/* A directory with gatehouse.yaml and no .git of its own is written as
 * files; anything else must be a git repository (bare or not). */
static bool
plain_dir(const char *dir)
{
	char *conf = xasprintf("%s/gatehouse.yaml", dir), *git = xasprintf("%s/.git", dir);
	struct stat st;
	bool plain = stat(conf, &st) == 0 && S_ISREG(st.st_mode) && lstat(git, &st) < 0;

	free(conf);
	free(git);
	return plain;
}

/* Write path atomically: a hidden temporary in the same directory, then
 * link() (fails if the name is taken) or, with force, rename(). */
static int
write_plain(const char *dir, const char *path, const char *text, bool force, struct buf *err)
{
	char *full = xasprintf("%s/%s", dir, path), *slash = strrchr(full, '/');
	char *evdir = xstrndup(full, (size_t)(slash - full));
	char *tmp = xasprintf("%s/.import-XXXXXX", evdir);
	size_t len = strlen(text), off = 0;
	int fd, r = -1;

	if (mkdir(evdir, 0777) < 0 && errno != EEXIST) {
		buf_printf(err, "%s: %s", evdir, strerror(errno));
		goto out;
	}
	if ((fd = mkstemp(tmp)) < 0) {
		buf_printf(err, "%s: %s", evdir, strerror(errno));
		goto out;
	}
	fchmod(fd, 0666 & ~umask(umask(0)));
	while (off < len) {
		ssize_t n = write(fd, text + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (off < len || fsync(fd) < 0 || close(fd) < 0) {
		buf_printf(err, "%s: %s", tmp, strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (force ? rename(tmp, full) : link(tmp, full)) {
		r = errno == EEXIST ? STORE_EXISTS : -1;
		if (r < 0)
			buf_printf(err, "%s: %s", full, strerror(errno));
		unlink(tmp);
		goto out;
	}
	if (!force)
		unlink(tmp);
	r = 0;
out:
	free(full);
	free(evdir);
	free(tmp);
	return r;
}

struct target {
	const char *dir;
	struct store *st;		/* NULL: a plain directory */
	struct gh_repo *r;
	char *name, *email, *by;
};

static int
open_target(const char *dir, struct target *t, struct diags *d)
{
	struct buf err = BUF_INIT;
	const char *env = getenv("GATEHOUSE_AUTHOR");
	int rc = 0;

	memset(t, 0, sizeof *t);
	t->dir = dir;
	if (plain_dir(dir)) {
		t->r = repo_load(dir, d);
		if (env && env[0])
			t->by = xstrdup(env);
	} else if (store_open(dir, &t->st, &err) < 0 ||
	    (t->r = store_load(t->st, "HEAD", d, &err)) == NULL ||
	    store_identity(t->st, &t->name, &t->email, &err) < 0) {
		fprintf(stderr, "gatehouse: %s\n", buf_cstr(&err));
		rc = EXIT_USAGE;
	} else {
		t->by = xasprintf("%s <%s>", t->name, t->email);
	}
	if (rc == 0 && t->r == NULL) {
		fprintf(stderr, _("gatehouse: cannot read the repository %s\n"), dir);
		rc = EXIT_USAGE;
	}
	buf_free(&err);
	return rc;
}

static void
close_target(struct target *t)
{
	repo_free(t->r);
	store_close(t->st);
	free(t->name);
	free(t->email);
	free(t->by);
}

static bool
evidence_exists(const struct target *t, const struct gh_packet *pk, const char *id,
    const char *path)
{
	char *full;
	struct stat st;
	bool found = false;
	size_t i;

	for (i = 0; i < pk->evidence.n; i++)
		found |= pk->evidence.v[i]->id && strcmp(pk->evidence.v[i]->id, id) == 0;
	if (!found && t->st == NULL) {
		full = xasprintf("%s/%s", t->dir, path);
		found = lstat(full, &st) == 0;
		free(full);
	}
	return found;
}

static int
write_item(struct target *t, const struct import_args *a, const struct import_result *res,
    const char *path)
{
	struct buf err = BUF_INIT, out = BUF_INIT;
	char *commit = NULL, *subject, *trailers;
	int r;

	subject = xasprintf("evidence(%s): import %s (%s)", a->packet, res->id,
	    import_formats[res->format]);
	trailers = xasprintf("Gatehouse-Record: evidence\nGatehouse-Import: %s\nGatehouse-Digest: %s\n",
	    import_formats[res->format], res->digest);
	if (t->st) {
		struct store_file f = { a->packet, path, res->text, strlen(res->text), a->force,
			subject, trailers };

		r = store_put(t->st, &f, &commit, &err);
	} else {
		r = write_plain(t->dir, path, res->text, a->force, &err);
	}
	if (r == STORE_EXISTS) {
		fprintf(stderr, _("gatehouse: %s already exists; --force replaces it\n"), path);
		r = EXIT_PROBLEMS;
	} else if (r < 0) {
		fprintf(stderr, "gatehouse: %s\n", buf_cstr(&err));
		r = EXIT_USAGE;
	} else {
		if (err.len)	/* recorded, but the checkout lags behind */
			fprintf(stderr, _("gatehouse: warning: %s\n"), buf_cstr(&err));
		buf_printf(&out, _("imported %s as %s (%s evidence, %s)\n"), a->file, path,
		    gh_evidence_types[res->type], res->digest);
		if (commit)
			buf_printf(&out, _("committed %.12s\n"), commit);
		r = cli_write(&out);
	}
	free(commit);
	free(subject);
	free(trailers);
	buf_free(&err);
	buf_free(&out);
	return r;
}

static void
print_diags(struct diags *d)
{
	struct buf b = BUF_INIT;

	diags_sort(d);
	diags_print_text(d, &b);
	fputs(buf_cstr(&b), stderr);
	buf_free(&b);
}

static int
run(const struct import_args *a, struct target *t, struct import_req *q)
{
	const struct gh_packet *pk = repo_packet(t->r, a->packet);
	struct import_result res;
	struct diags d;
	char *path;
	int rc;

	if (pk == NULL) {
		fprintf(stderr, _("gatehouse: no packet '%s' in %s\n"), a->packet, t->dir);
		return EXIT_USAGE;
	}
	q->request = pk->request;
	q->by = t->by;
	diags_init(&d);
	rc = import_evidence(q, &res, &d);
	print_diags(&d);
	diags_free(&d);
	if (rc < 0) {
		fprintf(stderr, _("gatehouse: nothing imported from %s\n"), a->file);
		return EXIT_PROBLEMS;
	}
	path = xasprintf("packets/%s/evidence/%s.yaml", a->packet, res.id);
	if (a->dry_run) {
		struct buf out = BUF_INIT;

		buf_puts(&out, res.text);
		rc = cli_write(&out);
		buf_free(&out);
	} else if (!a->force && evidence_exists(t, pk, res.id, path)) {
		fprintf(stderr, _("gatehouse: %s already exists; --force replaces it\n"), path);
		rc = EXIT_PROBLEMS;
	} else {
		rc = write_item(t, a, &res, path);
	}
	free(path);
	import_result_free(&res);
	return rc;
}

int
cli_import(int argc, char **argv)
{
	struct import_args a;
	struct import_req q;
	struct target t;
	struct diags d;
	char *data = NULL, *link = NULL;
	int rc = parse_args(argc, argv, &a);

	if (rc != 0)
		return rc < 0 ? 0 : rc;
	memset(&q, 0, sizeof q);
	q.file = a.file;
	q.format = a.format;
	q.evidence_type = a.evidence_type;
	q.id = a.id;
	q.title = a.title;
	q.link = a.source;
	q.sensitivity = a.sensitivity;
	q.collected_at = a.collected_at;
	q.file_time = GH_TIME_NONE;
	q.imported_at = (gh_time)time(NULL);
	if (read_input(&a, &q, &data, &link) < 0)
		return EXIT_USAGE;
	q.data = data;
	q.file_link = link;
	diags_init(&d);	/* problems elsewhere in the repository are check's business */
	rc = open_target(cli_repo_path(a.repo), &t, &d);
	if (rc == 0)
		rc = run(&a, &t, &q);
	close_target(&t);
	diags_free(&d);
	free(data);
	free(link);
	return rc;
}
