/* test_index.c -- the SQLite index: where and how the file is made, that
 * updates re-index only what changed, that a damaged or old file is
 * rebuilt or migrated, full-text search, queue filters, the history, and
 * that restricted evidence never reaches the database.
 *
 * Each test gets a fresh git repository made from $GH_SRCDIR/data/demo
 * (and its restricted companion) in a temporary directory, with
 * XDG_CACHE_HOME pointing into it. */
#include <config.h>

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"
#include "engine.h"
#include "index.h"

#define MARKER "RESTRICTED-MARKER-7f3a9c"
#define ZOE "Zo\xc3\xab Lambert <zoe.lambert@northwind.example>"
#define JUERGEN "J\xc3\xbcrgen Wei\xc3\x9f <juergen.weiss@northwind.example>"

struct fx {
	char dir[64];
	char *repo;
	struct store *s;
	struct index *idx;
	gh_time today;
};

static int
sh(const char *fmt, ...) GH_PRINTF(1, 2);

/* Run a shell command; 0 when it succeeded. */
static int
sh(const char *fmt, ...)
{
	va_list ap;
	char *cmd;
	int r;

	va_start(ap, fmt);
	cmd = xvasprintf(fmt, ap);
	va_end(ap);
	r = system(cmd);
	if (r != 0)
		print_error("command failed (%d): %s\n", r, cmd);
	free(cmd);
	return r;
}

#define GIT "git -c user.name=Test -c user.email=test@example.com -c commit.gpgsign=false"

/* Commit everything in the work tree. */
static void
commit_all(struct fx *f, const char *msg)
{
	assert_int_equal(sh("cd '%s' && git add -A && " GIT " commit -qm '%s'", f->repo, msg), 0);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

static int
setup(void **state)
{
	struct fx *f = xcalloc(1, sizeof *f);
	const char *src = getenv("GH_SRCDIR");
	struct buf err = BUF_INIT;
	char *cache;
	const char *e;
	int col;

	snprintf(f->dir, sizeof f->dir, "/tmp/gh-index-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	f->repo = xasprintf("%s/demo", f->dir);
	if (sh("cp -R '%s/data/demo' '%s/data/demo-restricted' '%s/' && cd '%s' && "
	    "git init -q -b main && git add -A && " GIT " commit -qm init",
	    src ? src : "..", src ? src : "..", f->dir, f->repo) != 0)
		return -1;
	cache = xasprintf("%s/cache", f->dir);
	setenv("XDG_CACHE_HOME", cache, 1);
	free(cache);
	setenv("GATEHOUSE_AUTHOR", ZOE, 1);
	val_parse_date("2026-11-21", &f->today, &e, &col);
	if (store_open(f->repo, &f->s, &err) < 0) {
		print_error("%s\n", buf_cstr(&err));
		return -1;
	}
	buf_free(&err);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	index_close(f->idx);
	store_close(f->s);
	sh("rm -rf '%s'", f->dir);
	free(f->repo);
	free(f);
	return 0;
}

/* Open the default index and update it; the stats of the update. */
static const struct index_stats *
open_update(struct fx *f, char **notice)
{
	struct buf err = BUF_INIT;

	if (f->idx == NULL && index_open(f->s, NULL, &f->idx, &err) < 0)
		fail_msg("index_open: %s", buf_cstr(&err));
	if (index_update(f->idx, f->s, f->today, notice, &err) < 0)
		fail_msg("index_update: %s", buf_cstr(&err));
	buf_free(&err);
	return index_last_stats(f->idx);
}

static const struct index_stats *
update(struct fx *f)
{
	char *notice = NULL;
	const struct index_stats *st = open_update(f, &notice);

	if (notice)
		fail_msg("unexpected notice: %s", notice);
	return st;
}

/* Record a review through the store, as the commands do. */
static void
append(struct fx *f, const char *author, const char *packet, const char *kind,
    const char *yaml, char **file, char **commit)
{
	struct store_record rec = { packet, kind, NULL, "test record", yaml, "test" };
	struct buf err = BUF_INIT;

	setenv("GATEHOUSE_AUTHOR", author, 1);
	if (store_append(f->s, &rec, file, commit, &err) < 0)
		fail_msg("store_append: %s", buf_cstr(&err));
	buf_free(&err);
}

static void
signoff(struct fx *f, const char *author, const char *email, const char *packet,
    const char *digest, const char *seen)
{
	char *y = xasprintf("kind: signoff\nauthor:\n  name: Someone\n  email: %s\n"
	    "at: 2026-11-21T10:00:00Z\nrole: sre\nstate: concur\ninputs_digest: %s\n"
	    "recommendation: \"%s\"\n", email, digest, seen);

	append(f, author, packet, "signoff", y, NULL, NULL);
	free(y);
}

/* ---- a query on the database, as any other program would see it -------- */

static sqlite3 *
raw_open(struct fx *f)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open_v2(index_path(f->idx), &db, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	return db;
}

static char *
raw_text(struct fx *f, const char *sql)
{
	sqlite3 *db = raw_open(f);
	sqlite3_stmt *s;
	char *v = NULL;

	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		v = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/* ---- queue results as one string ------------------------------------------ */

static int
collect_id(void *arg, const struct index_packet *p)
{
	struct buf *b = arg;

	buf_printf(b, "%s%s", b->len ? " " : "", p->id);
	return 0;
}

static char *
queue_ids(struct fx *f, const struct index_filter *flt, enum index_sort sort)
{
	struct buf b = BUF_INIT, err = BUF_INIT;

	if (index_queue(f->idx, flt, sort, collect_id, &b, &err) < 0)
		fail_msg("index_queue: %s", buf_cstr(&err));
	buf_free(&err);
	buf_cstr(&b);
	return buf_detach(&b);
}

#define QUEUE_IS(f, flt, sort, want) do { \
	char *got_ = queue_ids((f), (flt), (sort)); \
	assert_string_equal(got_, (want)); \
	free(got_); \
} while (0)

/* ---- tests ----------------------------------------------------------------- */

static void
test_location_mode_wal(void **state)
{
	struct fx *f = *state;
	struct stat st;
	char *dir = xasprintf("%s/cache/gatehouse", f->dir), *mode, *wal;

	update(f);
	assert_true(str_startswith(index_path(f->idx), dir));
	assert_true(str_endswith(index_path(f->idx), ".sqlite"));
	assert_int_equal(stat(index_path(f->idx), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(stat(dir, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	wal = xasprintf("%s-wal", index_path(f->idx));
	if (stat(wal, &st) == 0)
		assert_int_equal(st.st_mode & 0777, 0600);
	mode = raw_text(f, "PRAGMA journal_mode");
	assert_string_equal(mode, "wal");
	free(mode);
	free(wal);
	free(dir);
}

static void
test_mode_repaired(void **state)
{
	struct fx *f = *state;
	char *path;
	struct stat st;

	update(f);
	path = xstrdup(index_path(f->idx));
	index_close(f->idx);
	f->idx = NULL;
	assert_int_equal(chmod(path, 0644), 0);
	update(f);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	free(path);
}

static void
test_incremental(void **state)
{
	struct fx *f = *state;
	const struct index_stats *st = update(f);
	char *file = NULL, *commit = NULL, *sql, *got;

	assert_int_equal(st->packets, 5);
	assert_int_equal(st->reindexed, 5);
	assert_true(st->full);
	st = update(f);
	assert_true(st->unchanged);
	assert_int_equal(st->reindexed, 0);
	assert_int_equal(st->commits, 0);

	append(f, ZOE, "CHG-2026-0420", "comment",
	    "kind: comment\nauthor:\n  name: Zoe\n  email: zoe.lambert@northwind.example\n"
	    "at: 2026-11-21T10:00:00Z\nbody: one more look at the rollback\n", &file, &commit);
	st = update(f);
	assert_false(st->unchanged);
	assert_false(st->full);
	assert_int_equal(st->reindexed, 1);
	assert_int_equal(st->commits, 1);
	assert_int_equal(st->packets, 5);

	/* the review row knows the commit that recorded it */
	sql = xasprintf("SELECT commit_id FROM reviews WHERE file = '%s'", file);
	got = raw_text(f, sql);
	assert_non_null(got);
	assert_string_equal(got, commit);
	free(got);
	free(sql);
	free(file);
	free(commit);
}

static void
test_policy_change_reindexes_all(void **state)
{
	struct fx *f = *state;
	char *path = xasprintf("%s/policy/gates.yaml", f->repo);
	FILE *fp;
	const struct index_stats *st;

	update(f);
	fp = fopen(path, "a");
	assert_non_null(fp);
	fputs("# a comment changes the policy tree id\n", fp);
	fclose(fp);
	commit_all(f, "policy: touch");
	st = update(f);
	assert_true(st->full);
	assert_int_equal(st->reindexed, 5);
	free(path);
}

/* A new date: every packet evaluated again, none of their texts rewritten. */
static void
test_new_date_reevaluates(void **state)
{
	struct fx *f = *state;
	const struct index_stats *st;
	char *docs, *again;

	update(f);
	docs = raw_text(f, "SELECT group_concat(rowid) FROM docs");
	f->today += 86400;
	st = update(f);
	assert_false(st->full);
	assert_false(st->unchanged);
	assert_int_equal(st->reindexed, 0);
	assert_int_equal(st->reevaluated, 5);
	again = raw_text(f, "SELECT group_concat(rowid) FROM docs");
	assert_string_equal(docs, again);
	st = update(f);
	assert_true(st->unchanged);
	free(docs);
	free(again);
}

/* Another process holds the write lock: the index is shown as it is. */
static void
test_busy_writer(void **state)
{
	struct fx *f = *state;
	char *notice = NULL;
	const struct index_stats *st;
	sqlite3 *db;

	update(f);
	assert_int_equal(sqlite3_open(index_path(f->idx), &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL), SQLITE_OK);
	append(f, ZOE, "CHG-2026-0398", "comment", "kind: comment\nauthor:\n  name: Zoe\n"
	    "at: 2026-11-21T10:00:00Z\nbody: while someone else writes\n", NULL, NULL);
	st = open_update(f, &notice);
	assert_true(st->busy);
	assert_int_equal(st->packets, 5);
	assert_non_null(notice);
	assert_non_null(strstr(notice, "another gatehouse"));
	free(notice);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	st = update(f);
	assert_false(st->busy);
	assert_int_equal(st->reindexed, 1);
}

static void
test_removed_packet(void **state)
{
	struct fx *f = *state;
	const struct index_stats *st;
	struct buf b = BUF_INIT;

	update(f);
	assert_int_equal(sh("cd '%s' && git rm -rq packets/CHG-2026-0398 && " GIT
	    " commit -qm remove", f->repo), 0);
	st = update(f);
	assert_int_equal(st->removed, 1);
	assert_int_equal(st->packets, 4);
	assert_int_equal(st->reindexed, 0);
	buf_free(&b);
}

/* Replace the file by junk: a notice, and a working index again. */
static void
test_corrupt_garbage(void **state)
{
	struct fx *f = *state;
	char *path, *notice = NULL;
	const struct index_stats *st;

	update(f);
	path = xstrdup(index_path(f->idx));
	index_close(f->idx);
	f->idx = NULL;
	write_file(path, "this is not an SQLite database, just some bytes......................"
	    "....................................................................\n");
	st = open_update(f, &notice);
	assert_non_null(notice);
	assert_non_null(strstr(notice, "rebuilt"));
	assert_null(strchr(notice, '\n'));
	assert_int_equal(st->packets, 5);
	assert_int_equal(st->reindexed, 5);
	free(notice);
	free(path);
}

/* Damage pages after the header: the integrity check catches it. */
static void
test_corrupt_pages(void **state)
{
	struct fx *f = *state;
	char *path, *notice = NULL, junk[4096];
	struct stat st;
	sqlite3 *db;
	int fd;

	update(f);
	path = xstrdup(index_path(f->idx));
	index_close(f->idx);
	f->idx = NULL;
	/* fold the WAL into the file so the damage is not shadowed */
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 8 * 4096);
	memset(junk, 0x5a, sizeof junk);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, junk, sizeof junk, 2 * 4096), (ssize_t)sizeof junk);
	assert_int_equal(pwrite(fd, junk, sizeof junk, 5 * 4096), (ssize_t)sizeof junk);
	close(fd);
	open_update(f, &notice);
	assert_non_null(notice);
	assert_non_null(strstr(notice, "rebuilt"));
	free(notice);
	free(path);
}

static void
set_schema(const char *path, const char *sql)
{
	sqlite3 *db;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

/* Schema 1 lacked packets.decision: migrated in place, data kept. */
static void
test_migrate_v1(void **state)
{
	struct fx *f = *state;
	const struct index_stats *st;
	char *path, *v;

	update(f);
	path = xstrdup(index_path(f->idx));
	index_close(f->idx);
	f->idx = NULL;
	set_schema(path, "ALTER TABLE packets DROP COLUMN decision;"
	    " ALTER TABLE packets DROP COLUMN signed_roles;"
	    " INSERT INTO meta VALUES ('test-marker', 'kept'); PRAGMA user_version = 1;");
	st = update(f);			/* no notice: a migration loses nothing */
	v = raw_text(f, "PRAGMA user_version");
	assert_string_equal(v, "3");
	free(v);
	v = raw_text(f, "SELECT value FROM meta WHERE key = 'test-marker'");
	assert_non_null(v);
	assert_string_equal(v, "kept");
	free(v);
	/* the new column is filled by indexing everything again */
	assert_true(st->full);
	assert_int_equal(st->reindexed, 5);
	free(path);
}

/* A version this build cannot migrate from: rebuilt, with a notice. */
static void
test_unknown_version_rebuilt(void **state)
{
	struct fx *f = *state;
	char *path, *notice = NULL, *v;

	update(f);
	path = xstrdup(index_path(f->idx));
	index_close(f->idx);
	f->idx = NULL;
	set_schema(path, "INSERT INTO meta VALUES ('test-marker', 'gone');"
	    " PRAGMA user_version = 99;");
	open_update(f, &notice);
	assert_non_null(notice);
	assert_non_null(strstr(notice, "99"));
	v = raw_text(f, "SELECT value FROM meta WHERE key = 'test-marker'");
	assert_null(v);
	free(notice);
	free(path);
}

struct hits {
	int n;
	char kinds[256];
	char packets[256];
};

static int
collect_hit(void *arg, const struct index_hit *h)
{
	struct hits *hs = arg;

	hs->n++;
	snprintf(hs->kinds + strlen(hs->kinds), sizeof hs->kinds - strlen(hs->kinds), "%s ",
	    h->kind);
	snprintf(hs->packets + strlen(hs->packets), sizeof hs->packets - strlen(hs->packets),
	    "%s ", h->packet);
	return 0;
}

static struct hits
search(struct fx *f, const char *q)
{
	struct hits hs;
	struct buf err = BUF_INIT;

	memset(&hs, 0, sizeof hs);
	if (index_search(f->idx, q, 0, collect_hit, &hs, &err) < 0)
		fail_msg("index_search(%s): %s", q, buf_cstr(&err));
	buf_free(&err);
	return hs;
}

static void
test_fts_umlaut(void **state)
{
	struct fx *f = *state;
	struct hits h;

	append(f, JUERGEN, "CHG-2026-0412", "comment",
	    "kind: comment\nauthor:\n  name: J\xc3\xbcrgen Wei\xc3\x9f\n"
	    "  email: juergen.weiss@northwind.example\nat: 2026-11-21T10:00:00Z\n"
	    "body: Bitte die Gr\xc3\xb6\xc3\x9f" "e der \xc3\x9c" "berg\xc3\xa4nge pr\xc3\xbc" "fen.\n",
	    NULL, NULL);
	update(f);
	h = search(f, "\xc3\x9c" "berg\xc3\xa4nge");	/* Übergänge */
	assert_int_equal(h.n, 1);
	assert_string_equal(h.kinds, "comment ");
	assert_string_equal(h.packets, "CHG-2026-0412 ");
	h = search(f, "\xc3\xbc" "berg\xc3\xa4nge");	/* lower case */
	assert_int_equal(h.n, 1);
	h = search(f, "Ubergange");			/* without the diacritics */
	assert_int_equal(h.n, 1);
	h = search(f, "CHG-2026-0412");			/* not FTS5 syntax: as words */
	assert_true(h.n >= 1);
	h = search(f, "nosuchwordanywhere");
	assert_int_equal(h.n, 0);
}

/* Count occurrences of needle in every text value of every table. */
static int
db_mentions(struct fx *f, const char *needle)
{
	sqlite3 *db = raw_open(f);
	sqlite3_stmt *t, *s;
	int found = 0, i;

	assert_int_equal(sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type ="
	    " 'table'", -1, &t, NULL), SQLITE_OK);
	while (sqlite3_step(t) == SQLITE_ROW) {
		char *sql = xasprintf("SELECT * FROM \"%s\"", sqlite3_column_text(t, 0));

		if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
			while (sqlite3_step(s) == SQLITE_ROW)
				for (i = 0; i < sqlite3_column_count(s); i++) {
					const unsigned char *v = sqlite3_column_blob(s, i);
					int n = sqlite3_column_bytes(s, i);

					if (v && n && memmem(v, (size_t)n, needle, strlen(needle)))
						found++;
				}
			sqlite3_finalize(s);
		}
		free(sql);
	}
	sqlite3_finalize(t);
	sqlite3_close(db);
	return found;
}

static bool
file_mentions(const char *path, const char *needle)
{
	char *buf = NULL;
	size_t len = 0;
	bool hit;

	if (file_read_all(path, 1 << 30, &buf, &len) < 0)
		return false;
	hit = memmem(buf, len, needle, strlen(needle)) != NULL;
	free(buf);
	return hit;
}

static void
test_restricted_never_indexed(void **state)
{
	struct fx *f = *state;
	char *smuggled = xasprintf("%s/packets/CHG-2026-0420/evidence/incidents.yaml", f->repo);
	char *companion = xasprintf("%s/demo-restricted/packets/CHG-2026-0412/evidence/"
	    "checkout-incident-history.yaml", f->dir);
	char *wal, *v;
	struct hits h;
	FILE *fp;

	/* restricted content committed to the main repository by mistake ... */
	write_file(smuggled, "id: " MARKER "\ntitle: " MARKER " title\ntype: link\nsource:\n"
	    "  system: incidents\n  link: https://example.com/" MARKER "\n"
	    "collected_at: 2026-11-17\nsensitivity: incident-history\n"
	    "summary: " MARKER " summary\n");
	commit_all(f, "evidence by mistake");
	/* ... and readable in the companion repository next to it */
	fp = fopen(companion, "a");
	assert_non_null(fp);
	fputs("# " MARKER "\n", fp);
	fclose(fp);
	update(f);

	assert_int_equal(db_mentions(f, MARKER), 0);
	wal = xasprintf("%s-wal", index_path(f->idx));
	assert_false(file_mentions(index_path(f->idx), MARKER));
	assert_false(file_mentions(wal, MARKER));
	h = search(f, MARKER);
	assert_int_equal(h.n, 0);
	/* a placeholder row says it exists */
	v = raw_text(f, "SELECT sensitivity || ' ' || restricted || ' ' ||"
	    " coalesce(title, 'no-title') FROM evidence WHERE packet = 'CHG-2026-0420'"
	    " AND id = 'incidents'");
	assert_non_null(v);
	assert_string_equal(v, "incident-history 1 no-title");
	free(v);
	v = raw_text(f, "SELECT count(*) FROM evidence WHERE restricted = 1"
	    " AND packet = 'CHG-2026-0412'");
	assert_string_equal(v, "2");
	free(v);
	free(wal);
	free(companion);
	free(smuggled);
}

static void
test_queue_filters(void **state)
{
	struct fx *f = *state;
	struct index_filter flt = INDEX_FILTER_INIT;
	const char *e;
	int col;

	update(f);
	QUEUE_IS(f, &flt, INDEX_SORT_ID,
	    "CHG-2026-0398 CHG-2026-0412 CHG-2026-0420 CHG-2026-0431 CHG-2026-0433");
	QUEUE_IS(f, &flt, INDEX_SORT_DEADLINE,
	    "CHG-2026-0412 CHG-2026-0431 CHG-2026-0433 CHG-2026-0398 CHG-2026-0420");
	QUEUE_IS(f, &flt, INDEX_SORT_TIER,
	    "CHG-2026-0412 CHG-2026-0431 CHG-2026-0433 CHG-2026-0398 CHG-2026-0420");
	QUEUE_IS(f, &flt, INDEX_SORT_VERDICT,
	    "CHG-2026-0412 CHG-2026-0431 CHG-2026-0420 CHG-2026-0433 CHG-2026-0398");
	flt.tier = 0;
	QUEUE_IS(f, &flt, INDEX_SORT_ID, "CHG-2026-0412 CHG-2026-0431");
	flt.tier = -1;
	val_parse_date("2026-12-03", &flt.due_before, &e, &col);
	QUEUE_IS(f, &flt, INDEX_SORT_ID, "CHG-2026-0412 CHG-2026-0431");
	flt.due_before = GH_TIME_NONE;
	val_parse_date("2026-12-15", &flt.due_after, &e, &col);
	QUEUE_IS(f, &flt, INDEX_SORT_ID, "CHG-2026-0398 CHG-2026-0420");
	flt.due_after = GH_TIME_NONE;
	flt.verdict = "escalate";
	QUEUE_IS(f, &flt, INDEX_SORT_ID, "CHG-2026-0412 CHG-2026-0431");
	flt.verdict = NULL;
	flt.state = "decided";
	QUEUE_IS(f, &flt, INDEX_SORT_ID, "");
}

static void
test_queue_mine_and_stale(void **state)
{
	struct fx *f = *state;
	struct index_filter flt = INDEX_FILTER_INIT;
	char *digest, *seen;

	update(f);
	flt.mine = "zoe.lambert@northwind.example";
	QUEUE_IS(f, &flt, INDEX_SORT_ID,
	    "CHG-2026-0398 CHG-2026-0412 CHG-2026-0420 CHG-2026-0431 CHG-2026-0433");
	flt.mine = "camille.roussel@northwind.example";	/* auditor: signs nothing */
	QUEUE_IS(f, &flt, INDEX_SORT_ID, "");
	flt.mine = "nobody@example.com";
	QUEUE_IS(f, &flt, INDEX_SORT_ID, "");

	/* Zoë signs 0412 against the current inputs: no longer waiting */
	digest = raw_text(f, "SELECT inputs_digest FROM packets WHERE id = 'CHG-2026-0412'");
	seen = raw_text(f, "SELECT seen FROM packets WHERE id = 'CHG-2026-0412'");
	signoff(f, ZOE, "Zoe.Lambert@northwind.example", "CHG-2026-0412", digest, seen);
	/* ... and 0420 against inputs that have changed since, seeing another
	 * recommendation: that sign-off is stale */
	signoff(f, ZOE, "zoe.lambert@northwind.example", "CHG-2026-0420",
	    "0000000000000000000000000000000000000000", "SUPPORT as-scoped cab");
	update(f);
	flt.mine = "ZOE.LAMBERT@northwind.example";
	QUEUE_IS(f, &flt, INDEX_SORT_ID,
	    "CHG-2026-0398 CHG-2026-0420 CHG-2026-0431 CHG-2026-0433");
	flt.mine = "juergen.weiss@northwind.example";	/* dba: still waits on all */
	QUEUE_IS(f, &flt, INDEX_SORT_ID,
	    "CHG-2026-0398 CHG-2026-0412 CHG-2026-0420 CHG-2026-0431 CHG-2026-0433");
	flt.mine = NULL;
	flt.stale = true;
	QUEUE_IS(f, &flt, INDEX_SORT_ID, "CHG-2026-0420");
	/* sign-off progress: the current sre sign-off counts, the stale one not */
	free(digest);
	digest = raw_text(f, "SELECT group_concat(id || '=' || signed_roles, ' ') FROM"
	    " (SELECT * FROM packets WHERE id IN ('CHG-2026-0412', 'CHG-2026-0420') ORDER BY id)");
	assert_string_equal(digest, "CHG-2026-0412=1 CHG-2026-0420=0");
	free(digest);
	free(seen);
}

/* The digest stored per packet is the one a sign-off records. */
static void
test_digest_matches_store(void **state)
{
	static const char *const ids[] = { "CHG-2026-0398", "CHG-2026-0412", "CHG-2026-0420" };
	struct fx *f = *state;
	struct buf err = BUF_INIT;
	size_t i;

	update(f);
	for (i = 0; i < GH_ARRAY_SIZE(ids); i++) {
		char *sql = xasprintf("SELECT inputs_digest FROM packets WHERE id = '%s'", ids[i]);
		char *got = raw_text(f, sql);
		char *want = store_inputs_digest(f->s, "HEAD", ids[i], GH_ENGINE_VERSION, &err);

		assert_non_null(got);
		assert_non_null(want);
		assert_string_equal(got, want);
		free(got);
		free(want);
		free(sql);
	}
	buf_free(&err);
}

struct events {
	int n;
	char kinds[256];
	char first_commit[41];
};

static int
collect_event(void *arg, const struct index_event *e)
{
	struct events *ev = arg;

	if (ev->n++ == 0)
		snprintf(ev->first_commit, sizeof ev->first_commit, "%s", e->commit);
	snprintf(ev->kinds + strlen(ev->kinds), sizeof ev->kinds - strlen(ev->kinds), "%s ",
	    e->kind);
	return 0;
}

static struct events
packet_log(struct fx *f, const char *packet)
{
	struct events ev;
	struct buf err = BUF_INIT;

	memset(&ev, 0, sizeof ev);
	if (index_log(f->idx, packet, collect_event, &ev, &err) < 0)
		fail_msg("index_log: %s", buf_cstr(&err));
	buf_free(&err);
	return ev;
}

static void
test_log_and_rewrite(void **state)
{
	struct fx *f = *state;
	const struct index_stats *st;
	char *c1 = NULL, *c2 = NULL, *v;
	struct events ev;

	append(f, ZOE, "CHG-2026-0431", "comment", "kind: comment\nauthor:\n  name: Zoe\n"
	    "at: 2026-11-21T10:00:00Z\nbody: first\n", NULL, &c1);
	update(f);
	append(f, ZOE, "CHG-2026-0431", "comment", "kind: comment\nauthor:\n  name: Zoe\n"
	    "at: 2026-11-21T10:00:00Z\nbody: second\n", NULL, &c2);
	update(f);
	ev = packet_log(f, "CHG-2026-0431");
	assert_int_equal(ev.n, 3);
	assert_string_equal(ev.kinds, "comment comment create ");
	assert_string_equal(ev.first_commit, c2);
	ev = packet_log(f, "CHG-2026-0398");
	assert_int_equal(ev.n, 1);

	/* the branch loses the second record (a sync that replays, a reset) */
	assert_int_equal(sh("cd '%s' && git reset -q --hard %s", f->repo, c1), 0);
	st = update(f);
	assert_true(st->history_rebuilt);
	ev = packet_log(f, "CHG-2026-0431");
	assert_int_equal(ev.n, 2);
	assert_string_equal(ev.first_commit, c1);
	v = raw_text(f, "SELECT count(*) FROM reviews WHERE packet = 'CHG-2026-0431'");
	assert_string_equal(v, "1");
	free(v);
	free(c1);
	free(c2);
}

static size_t
git_log_count(struct fx *f, const char *packet)
{
	char *cmd = xasprintf("cd '%s' && git log --oneline -- packets/%s | wc -l", f->repo,
	    packet);
	FILE *fp = popen(cmd, "r");
	size_t n = 0;

	assert_non_null(fp);
	assert_int_equal(fscanf(fp, "%zu", &n), 1);
	pclose(fp);
	free(cmd);
	return n;
}

/* One commit that changes two packets, adds two (one id a prefix of
 * another's), removes one and adds a stray file: every packet's events
 * agree with git log -- packets/<ID>. */
static void
test_log_many_changes(void **state)
{
	static const char *const ids[] = { "CHG-2026-0398", "CHG-2026-0412", "CHG-2026-0420",
		"CHG-2026-0431", "CHG-2026-0433", "CHG-2026-041", "CHG-2026-0412x" };
	struct fx *f = *state;
	const struct index_stats *st;
	struct events ev;
	size_t i;

	update(f);
	assert_int_equal(sh("cd '%s' && echo '# edited' >> packets/CHG-2026-0398/request.yaml && "
	    "echo '# edited' >> packets/CHG-2026-0433/evidence/backup.yaml && "
	    "cp -R packets/CHG-2026-0431 packets/CHG-2026-041 && "
	    "cp -R packets/CHG-2026-0431 packets/CHG-2026-0412x && "
	    "git rm -rq packets/CHG-2026-0420 && echo stray > packets/README", f->repo), 0);
	commit_all(f, "many changes");
	assert_int_equal(sh("cd '%s' && echo '# again' >> packets/CHG-2026-041/request.yaml",
	    f->repo), 0);
	commit_all(f, "one more");
	st = update(f);
	assert_int_equal(st->commits, 2);
	assert_int_equal(st->removed, 1);
	assert_int_equal(st->packets, 6);
	/* 0398, 0433, 041 (twice), 0412x */
	assert_int_equal(st->reindexed, 4);
	for (i = 0; i < GH_ARRAY_SIZE(ids); i++) {
		ev = packet_log(f, ids[i]);
		if ((size_t)ev.n != git_log_count(f, ids[i]))
			fail_msg("%s: %d events, git log says %zu", ids[i], ev.n,
			    git_log_count(f, ids[i]));
	}
	ev = packet_log(f, "CHG-2026-0420");
	assert_string_equal(ev.kinds, "remove create ");
	ev = packet_log(f, "CHG-2026-041");
	assert_string_equal(ev.kinds, "change create ");
	ev = packet_log(f, "README");
	assert_int_equal(ev.n, 0);
}

/* index_rebuild: same content as an incremental build. */
static void
test_rebuild(void **state)
{
	struct fx *f = *state;
	struct buf err = BUF_INIT;
	const struct index_stats *st;

	update(f);
	if (index_rebuild(f->idx, f->s, f->today, &err) < 0)
		fail_msg("index_rebuild: %s", buf_cstr(&err));
	st = index_last_stats(f->idx);
	assert_int_equal(st->packets, 5);
	assert_int_equal(st->reindexed, 5);
	assert_int_equal(st->commits, 1);
	buf_free(&err);
}

int
main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_location_mode_wal),
		T(test_mode_repaired),
		T(test_incremental),
		T(test_policy_change_reindexes_all),
		T(test_new_date_reevaluates),
		T(test_busy_writer),
		T(test_removed_packet),
		T(test_corrupt_garbage),
		T(test_corrupt_pages),
		T(test_migrate_v1),
		T(test_unknown_version_rebuilt),
		T(test_fts_umlaut),
		T(test_restricted_never_indexed),
		T(test_queue_filters),
		T(test_queue_mine_and_stale),
		T(test_digest_matches_store),
		T(test_log_and_rewrite),
		T(test_log_many_changes),
		T(test_rebuild),
	};

	return cmocka_run_group_tests_name("index", tests, NULL, NULL);
}
