/* index.c -- the per-user SQLite cache of a packet repository.
 *
 * Three parts: the database file (where it lives, its mode, the schema and
 * its migrations, and starting over when it is damaged); the update (walk
 * the commits added since the last update for the history, then load and
 * evaluate only the packets whose tree changed); and the queries (queue,
 * search, log).  Git is read with libgit2 directly: a packet's tree id
 * decides whether it must be indexed again, and packets are loaded through
 * a repo_source that jumps straight to packets/<ID> by tree id, so loading
 * a few packets of a repository with thousands costs what those few cost.
 */
#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <git2.h>
#include <sqlite3.h>

#include "config.h"
#include "access.h"
#include "engine.h"
#include "index.h"

/* Schema 1 (the first development version) lacked packets.decision. */
#define INDEX_OLDEST_MIGRATABLE 1
#define INDEX_BATCH 256		/* packets loaded and evaluated at a time */
#define INDEX_REBUILD (-3)	/* internal: delete the file and start over */
#define INDEX_BUSY (-4)		/* internal: another process is writing */
#define INDEX_BUSY_MS 5000	/* how long to wait for another writer */
#define INDEX_CHECK_MAX (1 << 20)	/* quick_check files up to this size at open */
#define INDEX_GIT_CACHE (16 << 20)	/* libgit2's object cache during an update */

static const char schema_sql[] =
	"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;\n"
	"CREATE TABLE packets (\n"
	"  id TEXT PRIMARY KEY, tree_id TEXT NOT NULL, title TEXT, state TEXT, kind TEXT,\n"
	"  tier INTEGER, engine TEXT, current_version TEXT, target_version TEXT,\n"
	"  window_start INTEGER, decide_by INTEGER, verdict TEXT, option TEXT,\n"
	"  authority TEXT, seen TEXT, inputs_digest TEXT, summary TEXT,\n"
	"  signoffs INTEGER NOT NULL DEFAULT 0, stale INTEGER NOT NULL DEFAULT 0,\n"
	"  comments INTEGER NOT NULL DEFAULT 0, errors INTEGER NOT NULL DEFAULT 0,\n"
	"  decision TEXT, signed_roles INTEGER NOT NULL DEFAULT 0);\n"
	"CREATE INDEX packets_due ON packets (decide_by);\n"
	"CREATE TABLE reviews (\n"
	"  packet TEXT NOT NULL, file TEXT NOT NULL, commit_id TEXT, author_name TEXT,\n"
	"  author_email TEXT, at INTEGER, kind TEXT, state TEXT, role TEXT, target TEXT,\n"
	"  body TEXT, recommendation TEXT, inputs_digest TEXT,\n"
	"  stale INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (packet, file)) WITHOUT ROWID;\n"
	"CREATE TABLE evidence (\n"
	"  packet TEXT NOT NULL, id TEXT NOT NULL, type TEXT, title TEXT,\n"
	"  sensitivity TEXT, restricted INTEGER NOT NULL, collected_at INTEGER,\n"
	"  PRIMARY KEY (packet, id)) WITHOUT ROWID;\n"
	/* every commit walked, first parents from HEAD, oldest first */
	"CREATE TABLE walk (seq INTEGER PRIMARY KEY, commit_id TEXT NOT NULL UNIQUE);\n"
	"CREATE TABLE events (\n"
	"  walk_seq INTEGER NOT NULL, packet TEXT NOT NULL, commit_id TEXT NOT NULL,\n"
	"  at INTEGER, author_name TEXT, author_email TEXT, kind TEXT, state TEXT,\n"
	"  subject TEXT, file TEXT);\n"
	"CREATE INDEX events_packet ON events (packet, walk_seq);\n"
	"CREATE INDEX events_seq ON events (walk_seq);\n"
	"CREATE TABLE review_commits (\n"
	"  file TEXT PRIMARY KEY, commit_id TEXT NOT NULL, walk_seq INTEGER NOT NULL)\n"
	"  WITHOUT ROWID;\n"
	"CREATE INDEX review_commits_seq ON review_commits (walk_seq);\n"
	/* required: the role is a required sign-off (or none is listed) */
	"CREATE TABLE people (\n"
	"  email TEXT NOT NULL COLLATE NOCASE, id TEXT, name TEXT, role TEXT,\n"
	"  required INTEGER NOT NULL, may_signoff INTEGER NOT NULL);\n"
	"CREATE INDEX people_email ON people (email);\n"
	"CREATE TABLE docs (\n"
	"  rowid INTEGER PRIMARY KEY, packet TEXT NOT NULL, kind TEXT NOT NULL, ref TEXT,\n"
	"  title TEXT, body TEXT);\n"
	"CREATE INDEX docs_packet ON docs (packet);\n"
	/* ref: the packet id of a request, the evidence id, the review file */
	"CREATE VIRTUAL TABLE fts USING fts5 (ref, title, body, content='docs',\n"
	"  content_rowid='rowid', tokenize='unicode61 remove_diacritics 2');\n"
	"CREATE TRIGGER docs_ai AFTER INSERT ON docs BEGIN\n"
	"  INSERT INTO fts (rowid, ref, title, body)\n"
	"  VALUES (new.rowid, new.ref, new.title, new.body); END;\n"
	"CREATE TRIGGER docs_ad AFTER DELETE ON docs BEGIN\n"
	"  INSERT INTO fts (fts, rowid, ref, title, body)\n"
	"  VALUES ('delete', old.rowid, old.ref, old.title, old.body); END;\n";

/* migrations[i] takes schema i + INDEX_OLDEST_MIGRATABLE one step up. */
static const char *const migrations[] = {
	/* 1 -> 2: the decision recorded; dropping the inputs key makes the
	 * next update index every packet again to fill it */
	"ALTER TABLE packets ADD COLUMN decision TEXT;\n"
	"DELETE FROM meta WHERE key = 'inputs';\n",
	/* 2 -> 3: sign-off progress, filled the same way */
	"ALTER TABLE packets ADD COLUMN signed_roles INTEGER NOT NULL DEFAULT 0;\n"
	"DELETE FROM meta WHERE key = 'inputs';\n",
};

enum stmt {
	ST_META_GET, ST_META_SET, ST_PK_TREES, ST_PK_DEL, ST_RV_DEL, ST_EV_DEL, ST_DOC_DEL,
	ST_PK_PUT, ST_RV_PUT, ST_EV_PUT, ST_DOC_PUT, ST_WALK_PUT, ST_WALK_SEQ, ST_EVT_PUT,
	ST_RC_PUT, ST_RC_GET, ST_PEOPLE_PUT, ST_LOG, ST_COUNT, ST_RV_STALE, ST_MAX
};

static const char *const stmt_sql[ST_MAX] = {
	[ST_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[ST_META_SET] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
	[ST_PK_TREES] = "SELECT id, tree_id FROM packets ORDER BY id",
	[ST_PK_DEL] = "DELETE FROM packets WHERE id = ?1",
	[ST_RV_DEL] = "DELETE FROM reviews WHERE packet = ?1",
	[ST_EV_DEL] = "DELETE FROM evidence WHERE packet = ?1",
	[ST_DOC_DEL] = "DELETE FROM docs WHERE packet = ?1",
	[ST_PK_PUT] = "INSERT OR REPLACE INTO packets (id, tree_id, title, state, kind, tier,"
	    " engine, current_version, target_version, window_start, decide_by, verdict,"
	    " option, authority, seen, inputs_digest, summary, signoffs, stale, comments,"
	    " errors, decision, signed_roles) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,"
	    " ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
	[ST_RV_PUT] = "INSERT OR REPLACE INTO reviews (packet, file, commit_id, author_name,"
	    " author_email, at, kind, state, role, target, body, recommendation,"
	    " inputs_digest, stale) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
	    " ?12, ?13, ?14)",
	[ST_EV_PUT] = "INSERT OR REPLACE INTO evidence (packet, id, type, title, sensitivity,"
	    " restricted, collected_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_DOC_PUT] = "INSERT INTO docs (packet, kind, ref, title, body)"
	    " VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_WALK_PUT] = "INSERT INTO walk (commit_id) VALUES (?1)",
	[ST_WALK_SEQ] = "SELECT seq FROM walk WHERE commit_id = ?1",
	[ST_EVT_PUT] = "INSERT INTO events (walk_seq, packet, commit_id, at, author_name,"
	    " author_email, kind, state, subject, file) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8, ?9, ?10)",
	[ST_RC_PUT] = "INSERT OR REPLACE INTO review_commits (file, commit_id, walk_seq)"
	    " VALUES (?1, ?2, ?3)",
	[ST_RC_GET] = "SELECT commit_id FROM review_commits WHERE file = ?1",
	[ST_PEOPLE_PUT] = "INSERT INTO people (email, id, name, role, required, may_signoff)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[ST_LOG] = "SELECT packet, commit_id, at, author_name, author_email, kind, state,"
	    " subject, file FROM events WHERE packet = ?1 ORDER BY walk_seq DESC, rowid DESC",
	[ST_COUNT] = "SELECT count(*) FROM packets",
	[ST_RV_STALE] = "UPDATE reviews SET stale = ?3 WHERE packet = ?1 AND file = ?2",
};

struct index {
	sqlite3 *db;
	char *path;
	git_repository *git;
	sqlite3_stmt *st[ST_MAX];
	char *notice;			/* from open, not yet handed out */
	struct index_stats stats;
};

/* A packet at HEAD: its id and the id of its tree. */
struct pk_ent {
	char *id;
	git_oid tree;
	bool dirty;			/* must be indexed again */
	bool redo;			/* unchanged, but evaluated again (new date) */
	bool known;			/* in the index with this tree id */
};

/* ---- errors and small helpers ------------------------------------------ */

static bool
rc_corrupt(int rc)
{
	rc &= 0xff;
	return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

static int
db_fail(struct index *idx, int rc, const char *what, struct buf *err)
{
	buf_printf(err, "%s: %s", what, idx->db ? sqlite3_errmsg(idx->db) : sqlite3_errstr(rc));
	return rc_corrupt(rc) ? INDEX_ECORRUPT : -1;
}

static int
git_fail(struct buf *err, const char *what)
{
	const git_error *e = git_error_last();

	buf_printf(err, "%s: %s", what, e && e->message ? e->message : _("unknown git error"));
	return -1;
}

static int
db_exec(struct index *idx, const char *sql, struct buf *err)
{
	int rc = sqlite3_exec(idx->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : db_fail(idx, rc, _("index"), err);
}

/* The prepared statement, reset and unbound, ready to bind. */
static sqlite3_stmt *
stmt(struct index *idx, enum stmt which, struct buf *err, int *rcp)
{
	sqlite3_stmt **sp = &idx->st[which];
	int rc;

	if (*sp == NULL) {
		rc = sqlite3_prepare_v3(idx->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
		    sp, NULL);
		if (rc != SQLITE_OK) {
			*rcp = db_fail(idx, rc, _("index"), err);
			return NULL;
		}
	}
	sqlite3_reset(*sp);
	sqlite3_clear_bindings(*sp);
	return *sp;
}

static void
bind_str(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

static void
bind_time(sqlite3_stmt *s, int i, gh_time t)
{
	if (t == GH_TIME_NONE)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, t);
}

/* Step a statement that returns no rows. */
static int
step_done(struct index *idx, sqlite3_stmt *s, struct buf *err)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(idx, rc, _("index"), err);
}

static const char *
col_str(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

static gh_time
col_time(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? GH_TIME_NONE :
	    sqlite3_column_int64(s, i);
}

static const char *
enum_str(const char *const *names, int v)
{
	return v >= 0 ? names[v] : NULL;
}

static char *
date_str(gh_time t)
{
	struct buf b = BUF_INIT;

	val_format_date(t, &b);
	return buf_detach(&b);
}

/* Value of meta key, or NULL; caller frees. */
static char *
meta_get(struct index *idx, const char *key, struct buf *err, int *rc)
{
	sqlite3_stmt *s = stmt(idx, ST_META_GET, err, rc);
	char *v = NULL;
	int r;

	if (s == NULL)
		return NULL;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	r = sqlite3_step(s);
	if (r == SQLITE_ROW && col_str(s, 0))
		v = xstrdup(col_str(s, 0));
	else if (r != SQLITE_ROW && r != SQLITE_DONE)
		*rc = db_fail(idx, r, _("index"), err);
	sqlite3_reset(s);
	return v;
}

static int
meta_set(struct index *idx, const char *key, const char *value, struct buf *err)
{
	int rc = 0;
	sqlite3_stmt *s = stmt(idx, ST_META_SET, err, &rc);

	if (s == NULL)
		return rc;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	bind_str(s, 2, value);
	return step_done(idx, s, err);
}

/* ---- where the file lives ---------------------------------------------- */

/* mkdir -p for the directories we create: 0700, a cache is private. */
static int
make_dirs(const char *dir, struct buf *err)
{
	char *p = xstrdup(dir), *s;
	int r = 0;

	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST) {
			buf_printf(err, _("cannot create %s: %s"), p, strerror(errno));
			r = -1;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return r;
}

static char *
cache_home(void)
{
	const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	struct passwd *pw;

	/* the XDG spec: a relative XDG_CACHE_HOME is invalid and ignored */
	if (x && x[0] == '/')
		return xstrdup(x);
	if ((home == NULL || home[0] != '/') && (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	return home ? xasprintf("%s/.cache", home) : NULL;
}

char *
index_default_path(struct store *s, struct buf *err)
{
	const char *set = config_str(config_global(), CONFIG_INDEX);
	char *root, *abs, hex[GIT_OID_HEXSZ + 1], *path;
	git_oid id;

	/* the setting names the file itself, or the directory for a file per
	 * repository (gatehouse-config(5)) */
	if (set && str_endswith(set, ".sqlite"))
		return xstrdup(set);
	root = set ? xstrdup(set) : cache_home();
	if (root == NULL) {
		buf_puts(err, _("no cache directory: set HOME or XDG_CACHE_HOME"));
		return NULL;
	}
	abs = realpath(store_path(s), NULL);
	if (abs == NULL)
		abs = xstrdup(store_path(s));
	/* any stable digest of the path will do; git's needs no new library */
	git_odb_hash(&id, abs, strlen(abs), GIT_OBJECT_BLOB);
	git_oid_tostr(hex, sizeof hex, &id);
	path = xasprintf(set ? "%s/%.20s.sqlite" : "%s/gatehouse/%.20s.sqlite", root, hex);
	free(abs);
	free(root);
	return path;
}

/* ---- opening, checking, migrating -------------------------------------- */

static void
db_close(struct index *idx)
{
	size_t i;

	for (i = 0; i < ST_MAX; i++) {
		sqlite3_finalize(idx->st[i]);
		idx->st[i] = NULL;
	}
	sqlite3_close(idx->db);
	idx->db = NULL;
}

static void
db_unlink(const char *path)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	size_t i;

	for (i = 0; i < GH_ARRAY_SIZE(sfx); i++) {
		char *p = xasprintf("%s%s", path, sfx[i]);

		unlink(p);
		free(p);
	}
}

static int
pragma_int(struct index *idx, const char *sql, int64_t *out, struct buf *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(idx->db, sql, -1, &s, NULL);

	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_OK ? 0 : db_fail(idx, rc, idx->path, err);
}

/* journal_mode answers with the mode in force: WAL or a reason it is not. */
static int
set_wal(struct index *idx, struct buf *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(idx->db, "PRAGMA journal_mode=WAL", -1, &s, NULL);
	bool wal = false;

	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		wal = col_str(s, 0) && strcasecmp(col_str(s, 0), "wal") == 0;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_OK)
		return db_fail(idx, rc, idx->path, err);
	if (!wal) {
		buf_printf(err, _("%s: cannot use write-ahead logging"), idx->path);
		return -1;
	}
	/* a larger page cache (grown only as used) keeps bulk indexing in memory */
	return db_exec(idx, "PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;"
	    " PRAGMA cache_size=-65536;", err);
}

static int
create_schema(struct index *idx, struct buf *err)
{
	struct buf sql = BUF_INIT;
	int r;

	buf_printf(&sql, "BEGIN IMMEDIATE;\n%sPRAGMA user_version=%d;\nCOMMIT;\n", schema_sql,
	    INDEX_SCHEMA_VERSION);
	r = db_exec(idx, buf_cstr(&sql), err);
	if (r < 0)
		sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
	buf_free(&sql);
	return r;
}

static int
migrate(struct index *idx, int64_t from, struct buf *err)
{
	int64_t v;
	int r = 0;

	for (v = from; v < INDEX_SCHEMA_VERSION && r == 0; v++) {
		char *sql = xasprintf("BEGIN IMMEDIATE;\n%sPRAGMA user_version=%lld;\nCOMMIT;\n",
		    migrations[v - INDEX_OLDEST_MIGRATABLE], (long long)v + 1);

		r = db_exec(idx, sql, err);
		if (r < 0)
			sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
		free(sql);
	}
	return r;
}

/* Bring an open database to the current schema.  INDEX_REBUILD (with the
 * reason in why) when it cannot be used as it is. */
static int
db_schema(struct index *idx, struct buf *why, struct buf *err)
{
	int64_t version, tables;
	int r;

	if ((r = pragma_int(idx, "PRAGMA user_version", &version, err)) < 0 ||
	    (r = pragma_int(idx, "SELECT count(*) FROM sqlite_master", &tables, err)) < 0)
		return r;
	if (version == 0 && tables == 0)
		return create_schema(idx, err);
	if (version == 0) {
		buf_puts(why, _("it was not a gatehouse index"));
		return INDEX_REBUILD;
	}
	if (version < INDEX_OLDEST_MIGRATABLE || version > INDEX_SCHEMA_VERSION) {
		buf_printf(why, _("it had schema version %lld, this gatehouse uses %d"),
		    (long long)version, INDEX_SCHEMA_VERSION);
		return INDEX_REBUILD;
	}
	if (version < INDEX_SCHEMA_VERSION && (r = migrate(idx, version, err)) < 0)
		return r;
	return 0;
}

/* PRAGMA quick_check: every page readable and well-formed (not the
 * slower cross-checks of indexes against tables). */
static int
db_verify(struct index *idx, struct buf *why, struct buf *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(idx->db, "PRAGMA quick_check(1)", -1, &s, NULL);
	int r = 0;

	if (rc == SQLITE_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (col_str(s, 0) == NULL || strcmp(col_str(s, 0), "ok") != 0) {
			buf_printf(why, _("the integrity check failed: %s"),
			    col_str(s, 0) ? col_str(s, 0) : "?");
			r = INDEX_REBUILD;
		}
		rc = SQLITE_OK;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_OK && r == 0)
		r = db_fail(idx, rc, idx->path, err);
	return r;
}

/* Create the file ourselves so it is 0600 from the first byte (SQLite
 * gives its -wal and -shm files the same mode); repair a wider mode. */
static int
make_file(const char *path, struct buf *err)
{
	struct stat st;
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);

	if (fd < 0) {
		buf_printf(err, _("cannot open %s: %s"), path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && (st.st_mode & 077) != 0)
		(void)fchmod(fd, 0600);
	close(fd);
	return 0;
}

/* Checking every page costs time in proportion to the size (14 ms for
 * 4 MB): a small file is checked at each open, a large one before each
 * full re-index (at least daily: the date is an input), where the work
 * dwarfs the check.  Damage met in between surfaces as SQLITE_CORRUPT and
 * index_update() starts over then. */
static bool
small_file(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 || st.st_size <= INDEX_CHECK_MAX;
}

static int
db_open(struct index *idx, bool verify, struct buf *why, struct buf *err)
{
	int rc, r;

	if (make_file(idx->path, err) < 0)
		return -1;
	rc = sqlite3_open_v2(idx->path, &idx->db, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK)
		return db_fail(idx, rc, idx->path, err);
	sqlite3_extended_result_codes(idx->db, 1);
	/* writers hold the lock for milliseconds, except a first build */
	sqlite3_busy_timeout(idx->db, INDEX_BUSY_MS);
	if ((r = set_wal(idx, err)) < 0 || (verify && (r = db_verify(idx, why, err)) != 0) ||
	    (r = db_schema(idx, why, err)) != 0)
		return r;
	return 0;
}

/* Open; when the file is damaged or unusable delete it, start over and
 * keep a notice saying why. */
static int
db_open_or_rebuild(struct index *idx, bool verify, struct buf *err)
{
	struct buf why = BUF_INIT, e = BUF_INIT;
	int r = db_open(idx, verify, &why, &e);

	if (r == INDEX_ECORRUPT || r == INDEX_REBUILD) {
		if (r == INDEX_ECORRUPT)
			buf_printf(&why, _("it was damaged (%s)"), buf_cstr(&e));
		db_close(idx);
		db_unlink(idx->path);
		free(idx->notice);
		idx->notice = xasprintf(_("index %s: %s; rebuilt it from git"), idx->path,
		    buf_cstr(&why));
		buf_reset(&e);
		r = db_open(idx, false, &why, &e);
	}
	if (r != 0) {
		buf_puts(err, buf_cstr(&e));
		db_close(idx);
		r = -1;
	}
	buf_free(&why);
	buf_free(&e);
	return r;
}

int
index_open(struct store *s, const char *path, struct index **out, struct buf *err)
{
	struct index *idx = xcalloc(1, sizeof *idx);
	char *dir, *slash;

	*out = NULL;
	idx->path = path ? xstrdup(path) : index_default_path(s, err);
	if (idx->path == NULL)
		goto fail;
	dir = xstrdup(idx->path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (make_dirs(dir, err) < 0) {
			free(dir);
			goto fail;
		}
	}
	free(dir);
	if (git_repository_open(&idx->git, store_path(s)) < 0) {
		git_fail(err, store_path(s));
		goto fail;
	}
	if (db_open_or_rebuild(idx, small_file(idx->path), err) < 0)
		goto fail;
	*out = idx;
	return 0;
fail:
	index_close(idx);
	return -1;
}

void
index_close(struct index *idx)
{
	if (idx == NULL)
		return;
	db_close(idx);
	git_repository_free(idx->git);
	free(idx->path);
	free(idx->notice);
	free(idx);
}

const char *
index_path(const struct index *idx)
{
	return idx->path;
}

char *
index_take_notice(struct index *idx)
{
	char *n = idx->notice;

	idx->notice = NULL;
	return n;
}

const struct index_stats *
index_last_stats(const struct index *idx)
{
	return &idx->stats;
}

/* ---- reading git ------------------------------------------------------- */

static int
pk_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pk_ent *)a)->id, ((const struct pk_ent *)b)->id);
}

static void
pk_free(struct pk_ent *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].id);
	free(v);
}

static struct pk_ent *
pk_find(struct pk_ent *v, size_t n, const char *id)
{
	struct pk_ent key = { (char *)id, { { 0 } }, false, false, false };

	return n ? bsearch(&key, v, n, sizeof *v, pk_cmp) : NULL;
}

/* The packets at root: one per directory of packets/, sorted by id. */
static int
head_packets(git_repository *repo, git_tree *root, struct pk_ent **out, size_t *n)
{
	const git_tree_entry *e = root ? git_tree_entry_byname(root, "packets") : NULL;
	git_tree *t = NULL;
	size_t i, k = 0, count;

	*out = NULL;
	*n = 0;
	if (e == NULL || git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return 0;
	if (git_tree_lookup(&t, repo, git_tree_entry_id(e)) < 0)
		return -1;
	count = git_tree_entrycount(t);
	*out = xcalloc(count + 1, sizeof **out);
	for (i = 0; i < count; i++) {
		const git_tree_entry *pe = git_tree_entry_byindex(t, i);

		if (git_tree_entry_type(pe) != GIT_OBJECT_TREE || git_tree_entry_name(pe)[0] == '.')
			continue;
		(*out)[k].id = xstrdup(git_tree_entry_name(pe));
		git_oid_cpy(&(*out)[k].tree, git_tree_entry_id(pe));
		k++;
	}
	git_tree_free(t);
	qsort(*out, k, sizeof **out, pk_cmp);
	*n = k;
	return 0;
}

static void
entry_hex(git_tree *root, const char *name, char *hex)
{
	const git_tree_entry *e = root ? git_tree_entry_byname(root, name) : NULL;

	if (e)
		git_oid_tostr(hex, GIT_OID_HEXSZ + 1, git_tree_entry_id(e));
	else
		strcpy(hex, "-");
}

/* Everything besides a packet's own files and the date that its
 * recommendation depends on; when this string changes every packet is
 * indexed again. */
static char *
inputs_key(git_tree *root)
{
	char pol[GIT_OID_HEXSZ + 1], prec[GIT_OID_HEXSZ + 1], set[GIT_OID_HEXSZ + 1];

	entry_hex(root, "policy", pol);
	entry_hex(root, "precedents", prec);
	entry_hex(root, "gatehouse.yaml", set);
	return xasprintf("%s policy=%s precedents=%s settings=%s", GH_ENGINE_VERSION, pol,
	    prec, set);
}

/* ---- a repo_source over HEAD that lists only some packets --------------- */

struct gsrc {
	git_repository *repo;
	git_tree *root;
	struct pk_ent *pk;		/* HEAD's packets, sorted */
	size_t npk;
	struct pk_ent **only;		/* what packets/ lists: one batch */
	size_t nonly;
};

/* The tree at dir: packets/<ID>/... starts from the packet's tree id, so
 * the large packets/ tree is never read again. */
static int
gsrc_tree(struct gsrc *g, const char *dir, git_tree **out)
{
	git_tree_entry *e = NULL;
	git_tree *base = g->root;
	char *id = NULL;
	const char *rest = dir;
	int r = -1;

	if (strncmp(dir, "packets/", 8) == 0) {
		const char *slash = strchr(dir + 8, '/');
		struct pk_ent *p;

		id = slash ? xstrndup(dir + 8, (size_t)(slash - dir - 8)) : xstrdup(dir + 8);
		p = pk_find(g->pk, g->npk, id);
		free(id);
		if (p == NULL || git_tree_lookup(&base, g->repo, &p->tree) < 0)
			return -1;
		rest = slash ? slash + 1 : "";
	}
	if (rest[0] == '\0') {
		r = git_tree_dup(out, base);
	} else if (git_tree_entry_bypath(&e, base, rest) == 0 &&
	    git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		r = git_tree_lookup(out, g->repo, git_tree_entry_id(e));
	}
	git_tree_entry_free(e);
	if (base != g->root)
		git_tree_free(base);
	return r;
}

static int
dirent_cmp(const void *a, const void *b)
{
	return strcmp(((const struct repo_dirent *)a)->name,
	    ((const struct repo_dirent *)b)->name);
}

static int
gsrc_list(void *ctx, const char *dir, struct repo_dirent **out, size_t *n)
{
	struct gsrc *g = ctx;
	git_tree *t;
	size_t i, k = 0, count;

	*out = NULL;
	*n = 0;
	if (strcmp(dir, "packets") == 0) {
		*out = xcalloc(g->nonly + 1, sizeof **out);
		for (i = 0; i < g->nonly; i++) {
			(*out)[i].name = xstrdup(g->only[i]->id);
			(*out)[i].is_dir = true;
		}
		*n = g->nonly;
		return 0;
	}
	if (gsrc_tree(g, dir, &t) < 0) {
		errno = ENOENT;
		return -1;
	}
	count = git_tree_entrycount(t);
	*out = xcalloc(count + 1, sizeof **out);
	for (i = 0; i < count; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(t, i);

		if (git_tree_entry_name(e)[0] == '.')
			continue;
		(*out)[k].name = xstrdup(git_tree_entry_name(e));
		(*out)[k].is_dir = git_tree_entry_type(e) == GIT_OBJECT_TREE;
		k++;
	}
	git_tree_free(t);
	qsort(*out, k, sizeof **out, dirent_cmp);
	*n = k;
	return 0;
}

static int
gsrc_read(void *ctx, const char *path, size_t max, char **buf, size_t *len)
{
	struct gsrc *g = ctx;
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup("");
	const git_tree_entry *e;
	git_blob *blob = NULL;
	git_tree *t = NULL;
	size_t size;
	int r = -1;

	*buf = NULL;
	*len = 0;
	if (gsrc_tree(g, dir, &t) == 0 &&
	    (e = git_tree_entry_byname(t, slash ? slash + 1 : path)) != NULL &&
	    git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
	    git_blob_lookup(&blob, g->repo, git_tree_entry_id(e)) == 0) {
		size = (size_t)git_blob_rawsize(blob);
		*len = size;
		if (size > max) {
			r = -2;
		} else {
			*buf = xmalloc(size + 1);
			memcpy(*buf, git_blob_rawcontent(blob), size);
			(*buf)[size] = '\0';
			r = 0;
		}
	}
	if (r == -1)
		errno = ENOENT;
	git_blob_free(blob);
	git_tree_free(t);
	free(dir);
	return r;
}

/* ---- the history: commits that changed each packet ----------------------- */

struct walk {
	struct index *idx;
	git_odb *odb;
	git_odb_object *prev;		/* packets/ of the commit walked last, raw */
	size_t *at, nat;		/* where its entries start, and its size */
	char **touched;			/* packets with new events (to index again) */
	size_t ntouched, cap;
};

static void
walk_touch(struct walk *w, const char *packet)
{
	if (w->ntouched && strcmp(w->touched[w->ntouched - 1], packet) == 0)
		return;
	if (w->ntouched == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->touched = xreallocarray(w->touched, w->cap, sizeof *w->touched);
	}
	w->touched[w->ntouched++] = xstrdup(packet);
}

/* The id of the packets/ tree of commit c; 1 when it has none. */
static int
packets_id(const git_commit *c, git_oid *out)
{
	git_tree *root = NULL;
	const git_tree_entry *e;
	int r = 1;

	if (git_commit_tree(&root, c) < 0)
		return -1;
	e = git_tree_entry_byname(root, "packets");
	if (e && git_tree_entry_type(e) == GIT_OBJECT_TREE) {
		git_oid_cpy(out, git_tree_entry_id(e));
		r = 0;
	}
	git_tree_free(root);
	return r;
}

/* The packets/ tree with id as raw bytes, reusing the previous commit's. */
static int
packets_raw(struct walk *w, const git_oid *id, git_odb_object **out)
{
	if (w->prev && git_oid_equal(git_odb_object_id(w->prev), id))
		return git_odb_object_dup(out, w->prev);
	return git_odb_read(out, w->odb, id);
}

struct trailers {
	char *packet, *record, *state;
};

static void
trailers_parse(const git_commit *c, struct trailers *t)
{
	git_message_trailer_array arr = { 0 };
	size_t i;

	memset(t, 0, sizeof *t);
	if (git_message_trailers(&arr, git_commit_message(c)) < 0)
		return;
	for (i = 0; i < arr.count; i++) {
		const char *k = arr.trailers[i].key, *v = arr.trailers[i].value;

		if (strcmp(k, "Gatehouse-Packet") == 0 && !t->packet)
			t->packet = xstrdup(v);
		else if (strcmp(k, "Gatehouse-Record") == 0 && !t->record)
			t->record = xstrdup(v);
		else if (strcmp(k, "Gatehouse-State") == 0 && !t->state)
			t->state = xstrdup(v);
	}
	git_message_trailer_array_free(&arr);
}

static void
trailers_free(struct trailers *t)
{
	free(t->packet);
	free(t->record);
	free(t->state);
}

struct commit_ctx {
	const git_commit *c;
	char hex[GIT_OID_HEXSZ + 1];
	int64_t seq;
	struct trailers tr;
	bool have_tr;
};

/* Review files in new_t's reviews/ that old_t's lacks (either may be NULL). */
static int
added_reviews(struct index *idx, const git_oid *old_t, const git_oid *new_t,
    struct strlist *out)
{
	git_tree *o = NULL, *n = NULL, *orv = NULL, *nrv = NULL;
	const git_tree_entry *oe, *ne;
	size_t i;
	int r = 0;

	if (new_t == NULL || git_tree_lookup(&n, idx->git, new_t) < 0)
		return new_t ? -1 : 0;
	ne = git_tree_entry_byname(n, "reviews");
	if (old_t && git_tree_lookup(&o, idx->git, old_t) == 0)
		oe = git_tree_entry_byname(o, "reviews");
	else
		oe = NULL;
	if (ne == NULL || git_tree_entry_type(ne) != GIT_OBJECT_TREE ||
	    (oe && git_oid_equal(git_tree_entry_id(oe), git_tree_entry_id(ne))))
		goto out;
	if (git_tree_lookup(&nrv, idx->git, git_tree_entry_id(ne)) < 0 ||
	    (oe && git_tree_entry_type(oe) == GIT_OBJECT_TREE &&
	    git_tree_lookup(&orv, idx->git, git_tree_entry_id(oe)) < 0)) {
		r = -1;
		goto out;
	}
	for (i = 0; i < git_tree_entrycount(nrv); i++) {
		const git_tree_entry *e = git_tree_entry_byindex(nrv, i);
		const git_tree_entry *was = orv ? git_tree_entry_byname(orv,
		    git_tree_entry_name(e)) : NULL;

		if (git_tree_entry_type(e) == GIT_OBJECT_BLOB &&
		    (was == NULL || !git_oid_equal(git_tree_entry_id(was), git_tree_entry_id(e))))
			strlist_add(out, xstrdup(git_tree_entry_name(e)));
	}
out:
	git_tree_free(orv);
	git_tree_free(nrv);
	git_tree_free(o);
	git_tree_free(n);
	return r;
}

static int
put_event(struct index *idx, struct commit_ctx *cc, const char *packet, const char *kind,
    const char *state, const char *file, struct buf *err)
{
	const git_signature *a = git_commit_author(cc->c);
	int rc = 0;
	sqlite3_stmt *s = stmt(idx, ST_EVT_PUT, err, &rc);

	if (s == NULL)
		return rc;
	sqlite3_bind_int64(s, 1, cc->seq);
	bind_str(s, 2, packet);
	bind_str(s, 3, cc->hex);
	sqlite3_bind_int64(s, 4, a->when.time);
	bind_str(s, 5, a->name);
	bind_str(s, 6, a->email);
	bind_str(s, 7, kind);
	bind_str(s, 8, state);
	bind_str(s, 9, git_commit_summary((git_commit *)cc->c));
	bind_str(s, 10, file);
	return step_done(idx, s, err);
}

static int
put_review_commit(struct index *idx, struct commit_ctx *cc, const char *file,
    struct buf *err)
{
	int rc = 0;
	sqlite3_stmt *s = stmt(idx, ST_RC_PUT, err, &rc);

	if (s == NULL)
		return rc;
	bind_str(s, 1, file);
	bind_str(s, 2, cc->hex);
	sqlite3_bind_int64(s, 3, cc->seq);
	return step_done(idx, s, err);
}

/* One packet changed in commit cc: its event and the review records it
 * added (the tree says what was added; the trailers only name the kind). */
static int
packet_changed(struct walk *w, struct commit_ctx *cc, const char *packet,
    const git_oid *old_t, const git_oid *new_t, struct buf *err)
{
	struct strlist added = { 0 };
	const char *kind = new_t == NULL ? "remove" : old_t == NULL ? "create" : "change";
	const char *state = NULL;
	char *file = NULL;
	size_t i;
	int r;

	if (!cc->have_tr) {
		trailers_parse(cc->c, &cc->tr);
		cc->have_tr = true;
	}
	if (cc->tr.packet && cc->tr.record && strcmp(cc->tr.packet, packet) == 0) {
		kind = cc->tr.record;
		state = cc->tr.state;
	}
	if (added_reviews(w->idx, old_t, new_t, &added) < 0) {
		strlist_free(&added);
		return git_fail(err, packet);
	}
	r = 0;
	for (i = 0; i < added.n && r == 0; i++) {
		free(file);
		file = xasprintf("packets/%s/reviews/%s", packet, added.v[i]);
		r = put_review_commit(w->idx, cc, file, err);
	}
	if (r == 0)
		r = put_event(w->idx, cc, packet, kind, state, added.n == 1 ? file : NULL, err);
	walk_touch(w, packet);
	free(file);
	strlist_free(&added);
	return r;
}

/* ---- comparing raw trees --------------------------------------------- */

struct rtree {
	const unsigned char *p;
	size_t n;
	size_t *at;			/* entry starts and n at the end, or NULL */
	size_t nat;			/* entries + 1 */
};

struct offsets {
	size_t *v;
	size_t n, cap;
};

/* Append n offsets from v, each moved by shift. */
static void
offsets_addv(struct offsets *o, const size_t *v, size_t n, size_t shift)
{
	size_t i;

	if (o->n + n > o->cap) {
		o->cap = o->n + n > 2 * o->cap ? o->n + n + 1024 : 2 * o->cap;
		o->v = xreallocarray(o->v, o->cap, sizeof *o->v);
	}
	if (shift == 0)
		memcpy(o->v + o->n, v, n * sizeof *v);
	else
		for (i = 0; i < n; i++)
			o->v[o->n + i] = v[i] + shift;
	o->n += n;
}

static void
offsets_add(struct offsets *o, size_t at)
{
	offsets_addv(o, &at, 1, 0);
}

/* One entry of a raw tree: "<mode> <name>\0<20-byte id>". */
struct rent {
	const char *name;
	size_t len;
	bool dir;
	const unsigned char *id;
	size_t at;			/* where the entry starts */
};

/* The entry at *pos, advancing *pos past it; false at the end (or on a
 * malformed tree, which then compares as ending there). */
static bool
rent_at(const struct rtree *t, size_t *pos, struct rent *e)
{
	const unsigned char *p = t->p + *pos, *end = t->p + t->n, *sp, *nul;

	e->at = *pos;
	if (p >= end || (sp = memchr(p, ' ', (size_t)(end - p))) == NULL ||
	    (nul = memchr(sp + 1, '\0', (size_t)(end - sp - 1))) == NULL || end - nul < 21)
		return false;
	e->dir = sp - p == 5 && memcmp(p, "40000", 5) == 0;
	e->name = (const char *)sp + 1;
	e->len = (size_t)(nul - sp - 1);
	e->id = nul + 1;
	*pos = (size_t)(nul + 21 - t->p);
	return true;
}

/* git's order: a directory sorts as if its name ended in '/'. */
static int
rent_cmp(const struct rent *a, const struct rent *b)
{
	size_t n = a->len < b->len ? a->len : b->len;
	int c = memcmp(a->name, b->name, n);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = a->len > n ? (unsigned char)a->name[n] : a->dir ? '/' : '\0';
	cb = b->len > n ? (unsigned char)b->name[n] : b->dir ? '/' : '\0';
	return (int)ca - (int)cb;
}

static size_t
common_prefix(const struct rtree *a, const struct rtree *b)
{
	size_t n = a->n < b->n ? a->n : b->n, i = 0;

	while (i + 512 <= n && memcmp(a->p + i, b->p + i, 512) == 0)
		i += 512;
	while (i < n && a->p[i] == b->p[i])
		i++;
	return i;
}

static size_t
common_suffix(const struct rtree *a, const struct rtree *b)
{
	size_t n = a->n < b->n ? a->n : b->n, i = 0;

	while (i + 512 <= n && memcmp(a->p + a->n - i - 512, b->p + b->n - i - 512, 512) == 0)
		i += 512;
	while (i < n && a->p[a->n - i - 1] == b->p[b->n - i - 1])
		i++;
	return i;
}

static int
rent_changed(struct walk *w, struct commit_ctx *cc, const struct rent *old,
    const struct rent *now, struct buf *err)
{
	const struct rent *e = now ? now : old;
	git_oid o, n;
	char *name;
	int r;

	if ((old == NULL || !old->dir) && (now == NULL || !now->dir))
		return 0;		/* a stray file in packets/ */
	if (old && old->dir)
		git_oid_fromraw(&o, old->id);
	if (now && now->dir)
		git_oid_fromraw(&n, now->id);
	name = xstrndup(e->name, e->len);
	r = packet_changed(w, cc, name, old && old->dir ? &o : NULL, now && now->dir ? &n : NULL,
	    err);
	free(name);
	return r;
}

/* How many entries of a lie wholly inside its first pre bytes, and where
 * the next starts: by binary search when a's offsets are known. */
static size_t
entries_before(const struct rtree *a, size_t pre, size_t *start)
{
	size_t lo = 0, hi, pos = 0, k = 0;
	struct rent e;

	if (a->at) {
		/* the largest k with at[k] <= pre, at[0] = 0 */
		hi = a->nat - 1;
		while (lo < hi) {
			size_t mid = (lo + hi + 1) / 2;

			if (a->at[mid] <= pre)
				lo = mid;
			else
				hi = mid - 1;
		}
		*start = a->at[lo];
		return lo;
	}
	*start = 0;
	while (rent_at(a, &pos, &e) && pos <= pre) {
		*start = pos;
		k++;
	}
	return k;
}

/* Which entries of packets/ differ between a and b (either may be empty).
 * Entries wholly inside the bytes both share at the start are equal, so is
 * the rest once both sides have the same shared tail left: only the
 * middle is parsed.  One review record changes one 20-byte id, so a
 * commit costs two memcmp passes and a short parse, not 10,000 entries.
 * b's entry offsets are put in bo for the next commit. */
static int
diff_raw(struct walk *w, struct commit_ctx *cc, const struct rtree *a,
    const struct rtree *b, struct offsets *bo, struct buf *err)
{
	size_t pre = common_prefix(a, b), suf = common_suffix(a, b), pa, pb, start, ia;
	struct rent ea, eb;
	bool ha, hb, tail = false;
	int r = 0;

	ia = entries_before(a, pre, &start);
	if (a->at)
		offsets_addv(bo, a->at, ia, 0);
	pa = pb = start;
	ha = rent_at(a, &pa, &ea);
	hb = rent_at(b, &pb, &eb);
	while (r == 0 && (ha || hb)) {
		size_t sa = ha ? ea.at : a->n, sb = hb ? eb.at : b->n;
		int c;

		if (a->n - sa == b->n - sb && a->n - sa <= suf) {
			tail = true;
			break;
		}
		c = !ha ? 1 : !hb ? -1 : rent_cmp(&ea, &eb);
		if (c <= 0) {
			if (c < 0 || ea.dir != eb.dir || memcmp(ea.id, eb.id, 20) != 0)
				r = rent_changed(w, cc, &ea, c < 0 ? NULL : &eb, err);
			ha = rent_at(a, &pa, &ea);
			ia++;
		}
		if (c >= 0) {
			if (c > 0)
				r = rent_changed(w, cc, NULL, &eb, err);
			offsets_add(bo, eb.at);
			hb = rent_at(b, &pb, &eb);
		}
	}
	if (a->at == NULL) {
		/* a's offsets were not known: b's come from parsing it whole, once */
		bo->n = 0;
		for (pb = 0; rent_at(b, &pb, &eb); )
			offsets_add(bo, eb.at);
	} else {
		/* the shared tail: a's offsets moved by the difference in size */
		if (tail && ia + 1 < a->nat)
			offsets_addv(bo, a->at + ia, a->nat - 1 - ia, b->n - a->n);
	}
	offsets_add(bo, b->n);
	return r;
}

static int
walk_put(struct index *idx, struct commit_ctx *cc, struct buf *err)
{
	int rc = 0;
	sqlite3_stmt *s = stmt(idx, ST_WALK_PUT, err, &rc);

	if (s == NULL)
		return rc;
	bind_str(s, 1, cc->hex);
	if ((rc = step_done(idx, s, err)) < 0)
		return rc;
	cc->seq = sqlite3_last_insert_rowid(idx->db);
	return 0;
}

static void
rtree_of(git_odb_object *o, struct rtree *t)
{
	t->p = o ? git_odb_object_data(o) : NULL;
	t->n = o ? git_odb_object_size(o) : 0;
	t->at = NULL;
	t->nat = 0;
}

/* One commit against its first parent. */
static int
walk_commit(struct walk *w, const git_oid *id, struct buf *err)
{
	struct commit_ctx cc;
	git_commit *c = NULL, *parent = NULL;
	git_oid now, before;
	git_odb_object *a = NULL, *b = NULL;
	struct offsets bo = { NULL, 0, 0 };
	struct rtree ra, rb;
	bool reuse;
	int hn, hb = 1, r = -1;

	memset(&cc, 0, sizeof cc);
	if (git_commit_lookup(&c, w->idx->git, id) < 0)
		return git_fail(err, _("reading the history"));
	cc.c = c;
	git_oid_tostr(cc.hex, sizeof cc.hex, id);
	if ((r = walk_put(w->idx, &cc, err)) < 0)
		goto out;
	r = -1;
	if ((hn = packets_id(c, &now)) < 0 ||
	    (git_commit_parentcount(c) > 0 && (git_commit_parent(&parent, c, 0) < 0 ||
	    (hb = packets_id(parent, &before)) < 0))) {
		git_fail(err, _("reading the history"));
		goto out;
	}
	r = 0;
	if (hn == hb && (hn == 1 || git_oid_equal(&now, &before)))
		goto out;
	/* in a linear history the parent's packets/ is the one walked last */
	reuse = hb == 0 && w->prev && w->at && git_oid_equal(git_odb_object_id(w->prev), &before);
	if ((hb == 0 && packets_raw(w, &before, &a) < 0) ||
	    (hn == 0 && packets_raw(w, &now, &b) < 0)) {
		r = git_fail(err, _("reading the history"));
		goto out;
	}
	rtree_of(a, &ra);
	rtree_of(b, &rb);
	if (reuse) {
		ra.at = w->at;
		ra.nat = w->nat;
	}
	r = diff_raw(w, &cc, &ra, &rb, &bo, err);
	git_odb_object_free(w->prev);
	free(w->at);
	w->prev = b;
	w->at = bo.v;
	w->nat = bo.n;
	bo.v = NULL;
	b = NULL;
out:
	if (cc.have_tr)
		trailers_free(&cc.tr);
	free(bo.v);
	git_odb_object_free(a);
	git_odb_object_free(b);
	git_commit_free(parent);
	git_commit_free(c);
	return r;
}

/* Packets whose events are about to be forgotten must be indexed again:
 * their review records may now come from other commits. */
static int
touch_after(struct walk *w, int64_t seq, struct buf *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(w->idx->db,
	    "SELECT DISTINCT packet FROM events WHERE walk_seq > ?1 ORDER BY packet", -1, &s,
	    NULL);

	if (rc != SQLITE_OK)
		return db_fail(w->idx, rc, _("index"), err);
	sqlite3_bind_int64(s, 1, seq);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		walk_touch(w, col_str(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(w->idx, rc, _("index"), err);
}

/* Forget the walk after seq (0: all of it). */
static int
walk_truncate(struct walk *w, int64_t seq, struct buf *err)
{
	char *sql;
	int r;

	if ((r = touch_after(w, seq, err)) < 0)
		return r;
	sql = xasprintf("DELETE FROM events WHERE walk_seq > %lld;"
	    " DELETE FROM review_commits WHERE walk_seq > %lld;"
	    " DELETE FROM walk WHERE seq > %lld;", (long long)seq, (long long)seq,
	    (long long)seq);
	r = db_exec(w->idx, sql, err);
	free(sql);
	return r;
}

static int64_t
walk_seq_of(struct index *idx, const git_oid *id, struct buf *err)
{
	char hex[GIT_OID_HEXSZ + 1];
	int rc = 0;
	sqlite3_stmt *s = stmt(idx, ST_WALK_SEQ, err, &rc);
	int64_t seq = 0;

	if (s == NULL)
		return rc;
	git_oid_tostr(hex, sizeof hex, id);
	sqlite3_bind_text(s, 1, hex, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		seq = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return seq;
}

/* Where the new walk starts: hide what is indexed already.  When the
 * branch was rewritten (a sync replayed local commits), forget the walk
 * back to the merge base, or all of it. */
static int
walk_start(struct walk *w, git_revwalk *rw, const git_oid *head, const char *old_hex,
    struct buf *err)
{
	git_oid old, base;
	int64_t seq = 0;

	if (old_hex == NULL || git_oid_fromstr(&old, old_hex) < 0 ||
	    git_odb_exists(w->odb, &old) == 0)
		return walk_truncate(w, 0, err);
	if (git_oid_equal(&old, head) || git_graph_descendant_of(w->idx->git, head, &old) == 1)
		return git_revwalk_hide(rw, &old) < 0 ? git_fail(err, old_hex) : 0;
	w->idx->stats.history_rebuilt = true;
	if (git_merge_base(&base, w->idx->git, head, &old) == 0 &&
	    (seq = walk_seq_of(w->idx, &base, err)) > 0) {
		if (git_revwalk_hide(rw, &base) < 0)
			return git_fail(err, old_hex);
		return walk_truncate(w, seq, err);
	}
	return walk_truncate(w, 0, err);
}

static int
walk_history(struct walk *w, const git_oid *head, const char *old_hex, struct buf *err)
{
	git_revwalk *rw = NULL;
	git_oid id;
	int r;

	if (git_revwalk_new(&rw, w->idx->git) < 0)
		return git_fail(err, _("reading the history"));
	git_revwalk_sorting(rw, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	git_revwalk_simplify_first_parent(rw);
	if ((r = git_revwalk_push(rw, head)) < 0) {
		git_revwalk_free(rw);
		return git_fail(err, _("reading the history"));
	}
	r = walk_start(w, rw, head, old_hex, err);
	while (r == 0 && (r = git_revwalk_next(&id, rw)) == 0) {
		r = walk_commit(w, &id, err);
		w->idx->stats.commits++;
	}
	if (r == GIT_ITEROVER)
		r = 0;
	git_revwalk_free(rw);
	return r;
}

static void
walk_free(struct walk *w)
{
	size_t i;

	for (i = 0; i < w->ntouched; i++)
		free(w->touched[i]);
	free(w->touched);
	git_odb_object_free(w->prev);
	free(w->at);
}

/* ---- indexing packets ---------------------------------------------------- */

struct batch {
	struct index *idx;
	struct store *store;
	gh_time today;
	const char *policy_hex;		/* or NULL */
	struct engine *eng;
	const struct gh_roles_file *roles;	/* of the batch's load */
};

static bool
evidence_restricted(const struct gh_evidence *e)
{
	/* unknown class: treat as restricted, never guess in the open direction */
	return e->sensitivity < 0 || model_sensitivity_restricted(e->sensitivity);
}

static int
put_doc(struct index *idx, const char *packet, const char *kind, const char *ref,
    const char *title, const char *body, struct buf *err)
{
	int rc = 0;
	sqlite3_stmt *s = stmt(idx, ST_DOC_PUT, err, &rc);

	if (s == NULL)
		return rc;
	bind_str(s, 1, packet);
	bind_str(s, 2, kind);
	bind_str(s, 3, ref);
	bind_str(s, 4, title);
	bind_str(s, 5, body);
	return step_done(idx, s, err);
}

/* Restricted items get a placeholder row: id, type and class, nothing of
 * what they say (principle 6). */
/* The id of a restricted item is its file name, which the main repository
 * shows anyway; never what the file says. */
static char *
evidence_id(const struct gh_evidence *e)
{
	const char *f = e->o.file, *base = f ? strrchr(f, '/') : NULL;

	base = base ? base + 1 : f;
	if (base == NULL || !str_endswith(base, ".yaml"))
		return xstrdup("?");
	return xstrndup(base, strlen(base) - strlen(".yaml"));
}

static int
put_evidence(struct index *idx, const char *packet, const struct gh_evidence *e,
    struct buf *err)
{
	bool restricted = evidence_restricted(e);
	char *id = restricted ? evidence_id(e) : NULL;
	int rc = 0;
	sqlite3_stmt *s = stmt(idx, ST_EV_PUT, err, &rc);

	if (s == NULL) {
		free(id);
		return rc;
	}
	bind_str(s, 1, packet);
	bind_str(s, 2, restricted ? id : e->id);
	free(id);
	bind_str(s, 3, enum_str(gh_evidence_types, e->type));
	bind_str(s, 4, restricted ? NULL : e->title);
	bind_str(s, 5, enum_str(gh_sensitivities, e->sensitivity));
	sqlite3_bind_int(s, 6, restricted);
	bind_time(s, 7, restricted ? GH_TIME_NONE : e->collected_at);
	if ((rc = step_done(idx, s, err)) < 0 || restricted)
		return rc;
	return put_doc(idx, packet, "evidence", e->id, e->title, e->summary, err);
}

static char *
review_commit(struct index *idx, const char *file, struct buf *err)
{
	int rc = 0;
	sqlite3_stmt *s = stmt(idx, ST_RC_GET, err, &rc);
	char *v = NULL;

	if (s == NULL)
		return NULL;
	sqlite3_bind_text(s, 1, file, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW && col_str(s, 0))
		v = xstrdup(col_str(s, 0));
	sqlite3_reset(s);
	return v;
}

/* Body, reason and conditions: all a review says, for the search. */
static char *
review_text(const struct gh_review *rv)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (rv->body)
		buf_puts(&b, rv->body);
	if (rv->reason)
		buf_printf(&b, "%s%s", b.len ? "\n" : "", rv->reason);
	for (i = 0; i < rv->conditions.n; i++)
		buf_printf(&b, "%s%s", b.len ? "\n" : "", rv->conditions.v[i]);
	return buf_detach(&b);
}

static int
put_review(struct index *idx, const struct gh_packet *p, const struct gh_review *rv,
    bool stale, struct buf *err)
{
	char *file = xasprintf("%s/reviews/%s.yaml", p->dir, rv->id);
	char *commit = review_commit(idx, file, err), *target = NULL, *text;
	const char *kind = enum_str(gh_review_kinds, rv->kind);
	int rc = 0;
	sqlite3_stmt *s = stmt(idx, ST_RV_PUT, err, &rc);

	if (s == NULL)
		goto out;
	if (rv->target)
		target = xasprintf("%s:%s", enum_str(gh_target_kinds, rv->target->kind) ?
		    enum_str(gh_target_kinds, rv->target->kind) : "?",
		    rv->target->id ? rv->target->id : "");
	bind_str(s, 1, p->id);
	bind_str(s, 2, file);
	bind_str(s, 3, commit);
	bind_str(s, 4, rv->author ? rv->author->name : NULL);
	bind_str(s, 5, rv->author ? rv->author->email : NULL);
	bind_time(s, 6, rv->at);
	bind_str(s, 7, kind);
	bind_str(s, 8, rv->kind == REVIEW_SIGNOFF ? enum_str(gh_signoff_states, rv->state) :
	    rv->kind == REVIEW_DECISION ? enum_str(gh_decisions, rv->decision) : NULL);
	bind_str(s, 9, rv->role);
	bind_str(s, 10, target);
	bind_str(s, 11, rv->body);
	bind_str(s, 12, rv->recommendation);
	bind_str(s, 13, rv->inputs_digest);
	sqlite3_bind_int(s, 14, stale);
	text = review_text(rv);
	if ((rc = step_done(idx, s, err)) == 0 && text[0])
		rc = put_doc(idx, p->id, kind ? kind : "review", rv->id,
		    rv->author ? rv->author->name : NULL, text, err);
	free(text);
out:
	free(target);
	free(commit);
	free(file);
	return rc;
}

static int
delete_packet_rows(struct index *idx, const char *id, bool packet_too, struct buf *err)
{
	static const enum stmt del[] = { ST_RV_DEL, ST_EV_DEL, ST_DOC_DEL, ST_PK_DEL };
	size_t i, n = packet_too ? 4 : 3;
	int rc = 0;

	for (i = 0; i < n && rc == 0; i++) {
		sqlite3_stmt *s = stmt(idx, del[i], err, &rc);

		if (s == NULL)
			break;
		sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
		rc = step_done(idx, s, err);
	}
	return rc;
}

/* What the engine says about p, for the packet row. */
struct verdict_row {
	struct recommendation *rec;
	char *seen;
	char *digest;
	int64_t signoffs, stale, comments, signed_roles;
	const char *decision;
};

static int
put_packet(struct batch *b, const struct gh_packet *p, const struct pk_ent *e,
    const struct verdict_row *v, struct buf *err)
{
	const struct gh_request *q = p->request;
	const struct recommendation *rec = v->rec;
	char tree[GIT_OID_HEXSZ + 1];
	int rc = 0;
	sqlite3_stmt *s = stmt(b->idx, ST_PK_PUT, err, &rc);

	if (s == NULL)
		return rc;
	git_oid_tostr(tree, sizeof tree, &e->tree);
	bind_str(s, 1, p->id);
	bind_str(s, 2, tree);
	if (q) {
		bind_str(s, 3, q->title);
		bind_str(s, 4, enum_str(gh_request_states, q->state));
		bind_str(s, 5, enum_str(gh_request_kinds, q->kind));
		if (model_request_tier(q) >= 0)
			sqlite3_bind_int64(s, 6, model_request_tier(q));
		if (q->engine) {
			bind_str(s, 7, enum_str(gh_engine_kinds, q->engine->kind));
			bind_str(s, 8, q->engine->current.text);
			bind_str(s, 9, q->engine->target.text);
		}
		bind_time(s, 10, q->window ? q->window->start : GH_TIME_NONE);
		bind_time(s, 11, q->decide_by);
	}
	if (rec) {
		bind_str(s, 12, verdict_name(rec->verdict));
		bind_str(s, 13, rec->chosen ? rec->chosen->option->id : NULL);
		bind_str(s, 14, rec->authority ? rec->authority->id : NULL);
		bind_str(s, 15, v->seen);
		bind_str(s, 17, rec->summary);
	}
	bind_str(s, 16, v->digest);
	sqlite3_bind_int64(s, 18, v->signoffs);
	sqlite3_bind_int64(s, 19, v->stale);
	sqlite3_bind_int64(s, 20, v->comments);
	sqlite3_bind_int64(s, 21, p->errors);
	bind_str(s, 22, v->decision);
	sqlite3_bind_int64(s, 23, v->signed_roles);
	return step_done(b->idx, s, err);
}

static int
update_stale(struct index *idx, const struct gh_packet *p, const struct gh_review *rv,
    bool stale, struct buf *err)
{
	char *file = xasprintf("%s/reviews/%s.yaml", p->dir, rv->id);
	int rc = 0;
	sqlite3_stmt *s = stmt(idx, ST_RV_STALE, err, &rc);

	if (s) {
		bind_str(s, 1, p->id);
		bind_str(s, 2, file);
		sqlite3_bind_int(s, 3, stale);
		rc = step_done(idx, s, err);
	}
	free(file);
	return rc;
}

/* Index p afresh, or (only the date changed) evaluate it again: then its
 * texts stay as they are and only the verdict and staleness are written. */
static int
index_one(struct batch *b, const struct gh_packet *p, const struct pk_ent *e,
    struct buf *err)
{
	struct engine_opts opts = { b->today, 5 };
	struct verdict_row v = { 0 };
	char tree[GIT_OID_HEXSZ + 1];
	bool redo = !e->dirty;
	size_t i;
	int rc = 0;

	git_oid_tostr(tree, sizeof tree, &e->tree);
	if (!redo && (rc = delete_packet_rows(b->idx, p->id, false, err)) < 0)
		return rc;
	if (p->request) {
		v.rec = engine_evaluate(b->eng, p, &opts);
		v.seen = rec_seen(v.rec);
	}
	v.digest = store_inputs_digest_ids(b->store, tree, b->policy_hex, GH_ENGINE_VERSION, err);
	for (i = 0; rc == 0 && i < p->reviews.n; i++) {
		const struct gh_review *rv = p->reviews.v[i];
		bool stale = review_stale(rv, v.digest, v.seen);

		v.signoffs += rv->kind == REVIEW_SIGNOFF;
		v.stale += rv->kind == REVIEW_SIGNOFF && stale;
		v.comments += rv->kind == REVIEW_COMMENT;
		if (rv->kind == REVIEW_DECISION)
			v.decision = enum_str(gh_decisions, rv->decision);
		if (redo) {
			rc = update_stale(b->idx, p, rv, stale, err);
			continue;
		}
		rc = put_review(b->idx, p, rv, stale, err);
		b->idx->stats.reviews++;
	}
	v.signed_roles = review_signed_roles(b->roles, p, v.digest, v.seen);
	for (i = 0; rc == 0 && !redo && i < p->evidence.n; i++)
		rc = put_evidence(b->idx, p->id, p->evidence.v[i], err);
	if (rc == 0 && !redo && p->request)
		rc = put_doc(b->idx, p->id, "request", p->id, p->request->title,
		    p->request->rationale, err);
	if (rc == 0)
		rc = put_packet(b, p, e, &v, err);
	free(v.seen);
	free(v.digest);
	rec_free(v.rec);
	if (redo)
		b->idx->stats.reevaluated++;
	else
		b->idx->stats.reindexed++;
	return rc;
}

static int
put_people(struct index *idx, const struct gh_roles_file *rf, struct buf *err)
{
	size_t i, j, k;
	int rc = db_exec(idx, "DELETE FROM people", err);

	for (i = 0; rc == 0 && rf && i < rf->people.n; i++) {
		const struct gh_person *p = &rf->people.v[i];

		for (j = 0; rc == 0 && p->email && j < p->roles.n; j++) {
			bool req = rf->required_signoffs.n == 0;
			sqlite3_stmt *s = stmt(idx, ST_PEOPLE_PUT, err, &rc);

			for (k = 0; k < rf->required_signoffs.n; k++)
				req |= strcmp(rf->required_signoffs.v[k], p->roles.v[j]) == 0;
			if (s == NULL)
				break;
			bind_str(s, 1, p->email);
			bind_str(s, 2, p->id);
			bind_str(s, 3, p->name);
			bind_str(s, 4, p->roles.v[j]);
			sqlite3_bind_int(s, 5, req);
			sqlite3_bind_int(s, 6, access_may(rf, p, PERM_SIGNOFF, p->roles.v[j]));
			rc = step_done(idx, s, err);
		}
	}
	return rc;
}

/* Load the packets of one batch (policy and precedents come along) and
 * index each; people too when asked. */
static int
index_batch(struct batch *b, struct gsrc *g, bool people, struct buf *err)
{
	struct repo_source src;
	struct gh_repo *r;
	struct diags d;
	size_t i;
	int rc = 0;

	memset(&src, 0, sizeof src);	/* base_dir NULL: restricted stays a placeholder */
	src.ctx = g;
	src.list = gsrc_list;
	src.read = gsrc_read;
	diags_init(&d);
	r = repo_load_source(".", &src, &d);
	if (r == NULL) {
		buf_puts(err, _("cannot read the repository at HEAD"));
		diags_free(&d);
		return -1;
	}
	b->eng = engine_new(r, NULL);
	b->roles = r->policy.roles;
	for (i = 0; rc == 0 && i < r->packets.n; i++)
		rc = index_one(b, &r->packets.v[i], pk_find(g->pk, g->npk, r->packets.v[i].id),
		    err);
	if (rc == 0 && people)
		rc = put_people(b->idx, r->policy.roles, err);
	engine_free(b->eng);
	b->eng = NULL;
	repo_free(r);
	diags_free(&d);
	return rc;
}

static int
index_dirty(struct batch *b, struct gsrc *g, bool people, struct buf *err)
{
	struct pk_ent **only = xcalloc(INDEX_BATCH, sizeof *only);
	size_t i = 0;
	int rc = 0;

	g->only = only;
	while (rc == 0 && (i < g->npk || people)) {
		g->nonly = 0;
		for (; i < g->npk && g->nonly < INDEX_BATCH; i++)
			if (g->pk[i].dirty || g->pk[i].redo)
				only[g->nonly++] = &g->pk[i];
		if (g->nonly == 0 && !people)
			break;
		rc = index_batch(b, g, people, err);
		people = false;
	}
	free(only);
	g->only = NULL;
	return rc;
}

/* Mark what must be indexed again; drop what left HEAD. */
static int
mark_dirty(struct index *idx, struct pk_ent *pk, size_t npk, bool full, bool redate,
    struct walk *w, struct buf *err)
{
	char hex[GIT_OID_HEXSZ + 1];
	struct strlist gone = { 0 };
	sqlite3_stmt *s;
	size_t i;
	int rc = 0, r;

	for (i = 0; i < npk; i++)
		pk[i].dirty = full;
	for (i = 0; i < w->ntouched; i++) {
		struct pk_ent *p = pk_find(pk, npk, w->touched[i]);

		if (p)
			p->dirty = true;
	}
	if ((s = stmt(idx, ST_PK_TREES, err, &rc)) == NULL)
		return rc;
	while ((r = sqlite3_step(s)) == SQLITE_ROW) {
		struct pk_ent *p = pk_find(pk, npk, col_str(s, 0));

		if (p == NULL) {
			strlist_add(&gone, xstrdup(col_str(s, 0)));
			continue;
		}
		git_oid_tostr(hex, sizeof hex, &p->tree);
		p->known = strcmp(hex, col_str(s, 1)) == 0;
	}
	sqlite3_reset(s);
	if (r != SQLITE_DONE)
		rc = db_fail(idx, r, _("index"), err);
	for (i = 0; i < npk; i++) {
		pk[i].dirty |= !pk[i].known;
		pk[i].redo = redate && !pk[i].dirty;
	}
	for (i = 0; rc == 0 && i < gone.n; i++) {
		rc = delete_packet_rows(idx, gone.v[i], true, err);
		idx->stats.removed++;
	}
	strlist_free(&gone);
	return rc;
}

/* ---- the update ---------------------------------------------------------- */

/* HEAD's commit and root tree; both NULL on an unborn branch. */
static int
head_tree(struct index *idx, git_commit **c, git_tree **root, struct buf *err)
{
	git_reference *ref = NULL;
	int r;

	*c = NULL;
	*root = NULL;
	r = git_repository_head(&ref, idx->git);
	if (r == GIT_EUNBORNBRANCH || r == GIT_ENOTFOUND)
		return 0;
	if (r < 0 || git_commit_lookup(c, idx->git, git_reference_target(ref)) < 0 ||
	    git_commit_tree(root, *c) < 0) {
		git_reference_free(ref);
		git_commit_free(*c);
		*c = NULL;
		return git_fail(err, "HEAD");
	}
	git_reference_free(ref);
	return 0;
}

static int
count_packets(struct index *idx, struct buf *err)
{
	int rc = 0;
	sqlite3_stmt *s = stmt(idx, ST_COUNT, err, &rc);

	if (s == NULL)
		return rc;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		idx->stats.packets = (size_t)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 0 : db_fail(idx, rc, _("index"), err);
}

struct update {
	git_commit *head;
	git_tree *root;
	char head_hex[GIT_OID_HEXSZ + 1];
	char *inputs;
	char *today;			/* YYYY-MM-DD */
	struct pk_ent *pk;
	size_t npk;
	char *old_head;			/* as indexed, or NULL */
	bool full;			/* policy ... changed: index everything */
	bool redate;			/* the date changed: evaluate everything */
};

static bool
differs(const char *indexed, const char *now)
{
	return indexed == NULL || strcmp(indexed, now) != 0;
}

/* Is the index as of HEAD, the inputs and the date?  Read again in the
 * transaction of the work that follows, so concurrent updaters do the
 * work once. */
static int
is_current(struct index *idx, struct update *u, struct buf *err)
{
	int rc = 0;
	char *in = meta_get(idx, "inputs", err, &rc);
	char *day = rc == 0 ? meta_get(idx, "today", err, &rc) : NULL;

	free(u->old_head);
	u->old_head = rc == 0 ? meta_get(idx, "head", err, &rc) : NULL;
	u->full = differs(in, u->inputs);
	u->redate = differs(day, u->today);
	free(in);
	free(day);
	if (rc < 0)
		return rc;
	return !u->full && !u->redate && !differs(u->old_head, u->head_hex);
}

static int
update_work(struct index *idx, struct store *s, gh_time today, struct update *u,
    struct buf *err)
{
	bool full = u->full;
	struct walk w = { idx, NULL, NULL, NULL, 0, NULL, 0, 0 };
	char pol[GIT_OID_HEXSZ + 1];
	struct gsrc g = { idx->git, u->root, NULL, 0, NULL, 0 };
	struct batch b = { idx, s, today, NULL, NULL };
	ssize_t cached = 0, allowed = 0;
	int rc;

	if (git_repository_odb(&w.odb, idx->git) < 0)
		return git_fail(err, store_path(s));
	/* libgit2 hashes every object it reads again; for 110,000 versions of
	 * a 10,000-entry packets/ tree that is most of a cold build.  git log
	 * does not verify either (only fsck does), and the index is a cache:
	 * off for the update, on again after (libgit2's default). */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* every small tree read in the walk lands in libgit2's object cache
	 * (256 MB by default) and is never read again: keep it small */
	git_libgit2_opts(GIT_OPT_GET_CACHED_MEMORY, &cached, &allowed);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)INDEX_GIT_CACHE);
	rc = u->head ? walk_history(&w, git_commit_id(u->head), u->old_head, err) :
	    walk_truncate(&w, 0, err);
	/* a rewritten branch may give old review records new commits */
	full |= idx->stats.history_rebuilt;
	idx->stats.full = full;
	if (rc == 0 && u->root && head_packets(idx->git, u->root, &u->pk, &u->npk) < 0)
		rc = git_fail(err, _("listing packets at HEAD"));
	if (rc == 0)
		rc = mark_dirty(idx, u->pk, u->npk, full, u->redate, &w, err);
	entry_hex(u->root, "policy", pol);
	b.policy_hex = strcmp(pol, "-") ? pol : NULL;
	g.pk = u->pk;
	g.npk = u->npk;
	if (rc == 0 && u->root)
		rc = index_dirty(&b, &g, full, err);
	else if (rc == 0 && full)
		rc = db_exec(idx, "DELETE FROM people", err);
	if (rc == 0)
		rc = meta_set(idx, "head", u->head_hex, err);
	if (rc == 0)
		rc = meta_set(idx, "inputs", u->inputs, err);
	if (rc == 0)
		rc = meta_set(idx, "today", u->today, err);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 1);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, allowed);
	walk_free(&w);
	git_odb_free(w.odb);
	return rc;
}

/* A damaged file found now is started over instead of patched. */
static int
verify_before_full(struct index *idx, struct buf *err)
{
	struct buf why = BUF_INIT;
	int r = db_verify(idx, &why, err);

	if (r == INDEX_REBUILD) {
		buf_puts(err, buf_cstr(&why));
		r = INDEX_ECORRUPT;
	}
	buf_free(&why);
	return r;
}

/* Take the write lock.  When another process holds it past the busy
 * timeout (a long first build), an index that has data is still good to
 * read: INDEX_BUSY says so. */
static int
begin_write(struct index *idx, const struct update *u, struct buf *err)
{
	int rc = sqlite3_exec(idx->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

	if (rc == SQLITE_OK)
		return 0;
	if ((rc & 0xff) == SQLITE_BUSY && u->old_head)
		return INDEX_BUSY;
	return db_fail(idx, rc, _("index"), err);
}

static int
update_once(struct index *idx, struct store *s, gh_time today, struct buf *err)
{
	struct update u;
	int rc, cur = 0;

	memset(&u, 0, sizeof u);
	memset(&idx->stats, 0, sizeof idx->stats);
	if (head_tree(idx, &u.head, &u.root, err) < 0)
		return -1;
	if (u.head)
		git_oid_tostr(u.head_hex, sizeof u.head_hex, git_commit_id(u.head));
	u.inputs = inputs_key(u.root);
	u.today = date_str(today);
	/* the common case, nothing new, costs one ref lookup and three reads */
	rc = cur = is_current(idx, &u, err);
	if (rc == 0 && (u.full || u.redate))
		rc = verify_before_full(idx, err);
	if (rc == 0 && (rc = begin_write(idx, &u, err)) == 0) {
		rc = cur = is_current(idx, &u, err);
		if (rc == 0)
			rc = update_work(idx, s, today, &u, err);
		if (rc >= 0)
			rc = db_exec(idx, "COMMIT", err);
		if (rc < 0)
			sqlite3_exec(idx->db, "ROLLBACK", NULL, NULL, NULL);
	}
	if (rc == INDEX_BUSY) {
		idx->stats.busy = true;
		snprintf(idx->stats.as_of, sizeof idx->stats.as_of, "%.12s", u.old_head);
		rc = 0;
	}
	if (rc >= 0) {
		idx->stats.unchanged = cur == 1;
		rc = count_packets(idx, err);
	}
	free(u.old_head);
	free(u.inputs);
	free(u.today);
	pk_free(u.pk, u.npk);
	git_tree_free(u.root);
	git_commit_free(u.head);
	return rc;
}

/* Delete the file and open a fresh one. */
static int
start_over(struct index *idx, struct buf *err)
{
	struct buf why = BUF_INIT;
	int r;

	db_close(idx);
	db_unlink(idx->path);
	r = db_open(idx, false, &why, err);
	buf_free(&why);
	return r == 0 ? 0 : -1;
}

/* The pending notice and n, as one line. */
static char *
join_notice(struct index *idx, char *n)
{
	char *p = index_take_notice(idx), *j;

	if (p == NULL || n == NULL)
		return p ? p : n;
	j = xasprintf("%s; %s", p, n);
	free(p);
	free(n);
	return j;
}

int
index_update(struct index *idx, struct store *s, gh_time today, char **notice,
    struct buf *err)
{
	struct buf e = BUF_INIT;
	char *n = NULL;
	int r = update_once(idx, s, today, &e);

	if (r == INDEX_ECORRUPT) {
		n = xasprintf(_("index %s was damaged (%s); rebuilt it from git"), idx->path,
		    buf_cstr(&e));
		buf_reset(&e);
		r = start_over(idx, &e);
		if (r == 0)
			r = update_once(idx, s, today, &e);
	}
	if (r < 0)
		buf_puts(err, buf_cstr(&e));
	else if (idx->stats.busy)
		n = xasprintf(_("index %s is being updated by another gatehouse; showing it as of commit %s"),
		    idx->path, idx->stats.as_of);
	buf_free(&e);
	n = join_notice(idx, n);
	if (notice)
		*notice = n;
	else
		free(n);
	return r < 0 ? -1 : 0;
}

int
index_rebuild(struct index *idx, struct store *s, gh_time today, struct buf *err)
{
	free(idx->notice);
	idx->notice = NULL;
	if (start_over(idx, err) < 0)
		return -1;
	return update_once(idx, s, today, err) < 0 ? -1 : 0;
}

/* ---- queries ------------------------------------------------------------- */

static void
row_packet(sqlite3_stmt *s, struct index_packet *p)
{
	p->id = col_str(s, 0);
	p->title = col_str(s, 1);
	p->state = col_str(s, 2);
	p->kind = col_str(s, 3);
	p->tier = sqlite3_column_type(s, 4) == SQLITE_NULL ? -1 : sqlite3_column_int64(s, 4);
	p->engine = col_str(s, 5);
	p->current = col_str(s, 6);
	p->target = col_str(s, 7);
	p->window_start = col_time(s, 8);
	p->decide_by = col_time(s, 9);
	p->verdict = col_str(s, 10);
	p->option = col_str(s, 11);
	p->authority = col_str(s, 12);
	p->seen = col_str(s, 13);
	p->summary = col_str(s, 14);
	p->decision = col_str(s, 15);
	p->signoffs = sqlite3_column_int64(s, 16);
	p->stale = sqlite3_column_int64(s, 17);
	p->comments = sqlite3_column_int64(s, 18);
	p->errors = sqlite3_column_int64(s, 19);
	p->signed_roles = sqlite3_column_int64(s, 20);
}

static const char *const sort_sql[] = {
	[INDEX_SORT_DEADLINE] = "decide_by IS NULL, decide_by, id",
	[INDEX_SORT_TIER] = "tier IS NULL, tier, decide_by IS NULL, decide_by, id",
	[INDEX_SORT_ID] = "id",
	[INDEX_SORT_VERDICT] = "CASE verdict WHEN 'ESCALATE' THEN 0 WHEN 'COUNTER' THEN 1"
	    " WHEN 'SUPPORT' THEN 2 ELSE 3 END, decide_by IS NULL, decide_by, id",
};

/* A current sign-off (not a recusal) of packet p in the role pe.role. */
#define SIGNED_ROLE "SELECT 1 FROM reviews r WHERE r.packet = p.id" \
	" AND r.kind = 'signoff' AND r.stale = 0 AND r.state <> 'recuse' AND r.role = pe.role"

/* The WHERE clause; parameters are numbered by what they are, so each
 * value is bound once whatever the combination. */
static void
queue_where(const struct index_filter *f, struct buf *q)
{
	if (f->state)
		buf_puts(q, " AND state = ?1");
	if (f->verdict)
		buf_puts(q, " AND verdict = upper(?2)");
	if (f->decision)
		buf_puts(q, " AND decision = lower(?3)");
	if (f->tier >= 0)
		buf_puts(q, " AND tier = ?4");
	if (f->due_before != GH_TIME_NONE)
		buf_puts(q, " AND decide_by <= ?5");
	if (f->due_after != GH_TIME_NONE)
		buf_puts(q, " AND decide_by >= ?6");
	if (f->stale)
		buf_puts(q, " AND stale > 0");
	if (f->mine)
		buf_puts(q, " AND state = 'open'"
		    " AND EXISTS (SELECT 1 FROM people pe WHERE pe.email = ?7 AND pe.required"
		    "   AND pe.may_signoff AND NOT EXISTS (" SIGNED_ROLE "))"
		    " AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.packet = p.id"
		    "   AND r.kind = 'signoff' AND r.stale = 0"
		    "   AND r.author_email = ?7 COLLATE NOCASE)");
}

int
index_queue(struct index *idx, const struct index_filter *f, enum index_sort sort,
    index_packet_fn fn, void *arg, struct buf *err)
{
	struct buf q = BUF_INIT;
	struct index_packet row;
	sqlite3_stmt *s = NULL;
	int rc;

	buf_puts(&q, "SELECT id, title, state, kind, tier, engine, current_version,"
	    " target_version, window_start, decide_by, verdict, option, authority, seen,"
	    " summary, decision, signoffs, stale, comments, errors, signed_roles"
	    " FROM packets p WHERE 1");
	queue_where(f, &q);
	buf_printf(&q, " ORDER BY %s", sort_sql[sort]);
	rc = sqlite3_prepare_v2(idx->db, buf_cstr(&q), -1, &s, NULL);
	buf_free(&q);
	if (rc != SQLITE_OK)
		return db_fail(idx, rc, _("index"), err);
	bind_str(s, 1, f->state);
	bind_str(s, 2, f->verdict);
	bind_str(s, 3, f->decision);
	sqlite3_bind_int64(s, 4, f->tier);
	bind_time(s, 5, f->due_before);
	bind_time(s, 6, f->due_after);
	bind_str(s, 7, f->mine);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		row_packet(s, &row);
		if (fn(arg, &row) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(idx, rc, _("index"), err);
}

/* The query as plain words: each one a quoted FTS5 string. */
static char *
fts_words(const char *query)
{
	struct buf b = BUF_INIT;
	const char *p = query;

	while (*p) {
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		n = strcspn(p, " \t\n");
		if (n == 0)
			break;
		if (b.len)
			buf_putc(&b, ' ');
		buf_putc(&b, '"');
		for (; n > 0; n--, p++) {
			if (*p == '"')
				buf_putc(&b, '"');
			buf_putc(&b, *p);
		}
		buf_putc(&b, '"');
	}
	return buf_detach(&b);
}

static int
search_run(struct index *idx, const char *match, size_t limit, index_hit_fn fn, void *arg,
    long *hits, struct buf *err)
{
	static const char sql[] = "SELECT d.packet, d.kind, d.ref, d.title,"
	    " snippet(fts, -1, '[', ']', '...', 16), bm25(fts) FROM fts"
	    " JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH ?1 ORDER BY rank LIMIT ?2";
	struct index_hit h;
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(idx->db, sql, -1, &s, NULL);

	if (rc != SQLITE_OK)
		return db_fail(idx, rc, _("index"), err);
	sqlite3_bind_text(s, 1, match, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, limit ? (sqlite3_int64)limit : -1);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		h.packet = col_str(s, 0);
		h.kind = col_str(s, 1);
		h.ref = col_str(s, 2);
		h.title = col_str(s, 3);
		h.snippet = col_str(s, 4);
		h.rank = sqlite3_column_double(s, 5);
		(*hits)++;
		if (fn(arg, &h) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(idx, rc, _("search"), err);
}

long
index_search(struct index *idx, const char *query, size_t limit, index_hit_fn fn, void *arg,
    struct buf *err)
{
	struct buf e = BUF_INIT;
	long hits = 0;
	int r = search_run(idx, query, limit, fn, arg, &hits, &e);

	/* "CHG-2026-0412" or "rollback:" are not valid FTS5; as words they are
	 * what the user meant.  Only when nothing was reported yet. */
	if (r == -1 && hits == 0) {
		char *words = fts_words(query);

		buf_reset(&e);
		r = words[0] ? search_run(idx, words, limit, fn, arg, &hits, &e) : 0;
		free(words);
	}
	if (r < 0)
		buf_puts(err, buf_cstr(&e));
	buf_free(&e);
	return r < 0 ? r : hits;
}

long
index_log(struct index *idx, const char *packet, index_event_fn fn, void *arg,
    struct buf *err)
{
	struct index_event ev;
	int rc = 0;
	sqlite3_stmt *s = stmt(idx, ST_LOG, err, &rc);
	long n = 0;

	if (s == NULL)
		return rc;
	sqlite3_bind_text(s, 1, packet, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ev.packet = col_str(s, 0);
		ev.commit = col_str(s, 1);
		ev.at = col_time(s, 2);
		ev.author = col_str(s, 3);
		ev.email = col_str(s, 4);
		ev.kind = col_str(s, 5);
		ev.state = col_str(s, 6);
		ev.subject = col_str(s, 7);
		ev.file = col_str(s, 8);
		n++;
		if (fn(arg, &ev) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? n : db_fail(idx, rc, _("index"), err);
}
