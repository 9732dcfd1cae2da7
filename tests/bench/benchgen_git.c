/* benchgen_git.c -- a large packet repository with a long git history, for
 * the index benchmark: the demo's policy, `packets` packets made from its
 * seed packet (one commit each, the way requests arrive) and `reviews`
 * review commits on recently submitted packets, as gatehouse records them.
 *
 * Why a packfile written by hand: every commit changes packets/, a tree of
 * up to 10,000 entries (380 KB).  As loose objects 110,000 versions of it
 * would take tens of gigabytes; libgit2 has no cheap way to write deltas.
 * Here each version is stored as an OFS_DELTA of the previous one (a copy,
 * a 20-byte insert, a copy), a full copy every DELTA_DEPTH versions, as git
 * repack would store it.  Objects are zlib streams of stored (level 0)
 * blocks, so no compression library is needed; git and libgit2 read the
 * pack as any other.  Object ids, the pack checksum and the .idx are
 * computed here (SHA-1 below), so nothing is hashed twice. */
#include <config.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <git2.h>

#include "benchgen.h"
#include "repo.h"

#define DELTA_DEPTH 64
#define TEMPLATE "CHG-2026-0412"
#define ENGINE_VERSION "gatehouse-engine/1"

enum { OBJ_COMMIT = 1, OBJ_TREE = 2, OBJ_BLOB = 3, OBJ_OFS_DELTA = 6 };

/* ---- SHA-1 (FIPS 180-4) ---------------------------------------------------- */

struct sha1 {
	uint32_t h[5];
	uint64_t len;
	unsigned char buf[64];
	size_t n;
};

#define ROL(x, s) (((x) << (s)) | ((x) >> (32 - (s))))

static void
sha1_block(uint32_t *h, const unsigned char *p)
{
	uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], t;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 80; i++)
		w[i] = ROL(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
#define STEP(f, k) do { t = ROL(a, 5) + (f) + e + (k) + w[i]; e = d; d = c; \
	c = ROL(b, 30); b = a; a = t; } while (0)
	for (i = 0; i < 20; i++)
		STEP((b & c) | (~b & d), 0x5A827999);
	for (; i < 40; i++)
		STEP(b ^ c ^ d, 0x6ED9EBA1);
	for (; i < 60; i++)
		STEP((b & c) | (b & d) | (c & d), 0x8F1BBCDC);
	for (; i < 80; i++)
		STEP(b ^ c ^ d, 0xCA62C1D6);
#undef STEP
	h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e;
}

static void
sha1_init(struct sha1 *s)
{
	static const uint32_t iv[5] = { 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476,
		0xC3D2E1F0 };

	memcpy(s->h, iv, sizeof iv);
	s->len = 0;
	s->n = 0;
}

static void
sha1_update(struct sha1 *s, const void *data, size_t len)
{
	const unsigned char *p = data;

	s->len += len;
	if (s->n) {
		size_t k = 64 - s->n < len ? 64 - s->n : len;

		memcpy(s->buf + s->n, p, k);
		s->n += k, p += k, len -= k;
		if (s->n < 64)
			return;
		sha1_block(s->h, s->buf);
		s->n = 0;
	}
	for (; len >= 64; p += 64, len -= 64)
		sha1_block(s->h, p);
	memcpy(s->buf, p, len);
	s->n = len;
}

static void
sha1_final(struct sha1 *s, unsigned char out[20])
{
	uint64_t bits = s->len * 8;
	unsigned char pad = 0x80, zero = 0, lenb[8];
	int i;

	sha1_update(s, &pad, 1);
	while (s->n != 56)
		sha1_update(s, &zero, 1);
	for (i = 0; i < 8; i++)
		lenb[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_update(s, lenb, 8);
	for (i = 0; i < 20; i++)
		out[i] = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
}

/* A git object id: SHA-1 of "<type> <len>\0" and the content. */
static void
object_id(int type, const void *data, size_t len, unsigned char id[20])
{
	static const char *const names[] = { "", "commit", "tree", "blob" };
	char hdr[32];
	int n = snprintf(hdr, sizeof hdr, "%s %zu", names[type], len);
	struct sha1 s;

	sha1_init(&s);
	sha1_update(&s, hdr, (size_t)n + 1);
	sha1_update(&s, data, len);
	sha1_final(&s, id);
}

static void
hex_of(const unsigned char id[20], char hex[41])
{
	static const char digits[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 20; i++) {
		hex[2 * i] = digits[id[i] >> 4];
		hex[2 * i + 1] = digits[id[i] & 15];
	}
	hex[40] = '\0';
}

/* ---- CRC-32 and Adler-32 ------------------------------------------------ */

static uint32_t crc_table[256];

static void
crc_init(void)
{
	uint32_t c, n, k;

	for (n = 0; n < 256; n++) {
		for (c = n, k = 0; k < 8; k++)
			c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		crc_table[n] = c;
	}
}

static uint32_t
crc_update(uint32_t crc, const unsigned char *p, size_t n)
{
	crc = ~crc;
	while (n--)
		crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static uint32_t
adler32(const unsigned char *p, size_t n)
{
	uint32_t a = 1, b = 0;

	while (n > 0) {
		size_t k = n < 5552 ? n : 5552;

		n -= k;
		while (k--) {
			a += *p++;
			b += a;
		}
		a %= 65521;
		b %= 65521;
	}
	return b << 16 | a;
}

/* ---- the pack -------------------------------------------------------------- */

struct pobj {
	unsigned char id[20];
	uint32_t crc;
	uint64_t off;
};

struct pack {
	FILE *fp;
	uint64_t off;
	uint32_t crc;			/* of the object being written */
	struct pobj *v;
	size_t n, cap;
	uint32_t *set;			/* open addressing: index + 1 into v */
	size_t set_cap;
};

static void
pk_raw(struct pack *p, const void *d, size_t n)
{
	if (n && fwrite(d, 1, n, p->fp) != n) {
		perror("benchgen: writing the pack");
		exit(1);
	}
	p->crc = crc_update(p->crc, d, n);
	p->off += n;
}

/* A zlib stream of stored blocks. */
static void
pk_zlib(struct pack *p, const unsigned char *d, size_t n)
{
	static const unsigned char hdr[2] = { 0x78, 0x01 };
	uint32_t ad = adler32(d, n);
	unsigned char blk[5], tail[4];

	pk_raw(p, hdr, 2);
	do {
		size_t k = n < 65535 ? n : 65535;

		blk[0] = k == n;	/* BFINAL, BTYPE 00 */
		blk[1] = (unsigned char)k, blk[2] = (unsigned char)(k >> 8);
		blk[3] = (unsigned char)~k, blk[4] = (unsigned char)(~k >> 8);
		pk_raw(p, blk, 5);
		pk_raw(p, d, k);
		d += k, n -= k;
	} while (n > 0);
	tail[0] = (unsigned char)(ad >> 24), tail[1] = (unsigned char)(ad >> 16);
	tail[2] = (unsigned char)(ad >> 8), tail[3] = (unsigned char)ad;
	pk_raw(p, tail, 4);
}

static void
pk_header(struct pack *p, int type, size_t size)
{
	unsigned char h[16];
	size_t k = 0;
	unsigned char c = (unsigned char)(type << 4 | (size & 15));

	for (size >>= 4; size; size >>= 7) {
		h[k++] = c | 0x80;
		c = size & 0x7f;
	}
	h[k++] = c;
	pk_raw(p, h, k);
}

static size_t
id_hash(const unsigned char id[20], size_t cap)
{
	uint64_t x;

	memcpy(&x, id, sizeof x);
	return (size_t)(x % cap);
}

static void
set_grow(struct pack *p)
{
	size_t i, cap = p->set_cap ? p->set_cap * 2 : 1 << 20;
	uint32_t *set = xcalloc(cap, sizeof *set);

	for (i = 0; i < p->n; i++) {
		size_t h = id_hash(p->v[i].id, cap);

		while (set[h])
			h = (h + 1) % cap;
		set[h] = (uint32_t)i + 1;
	}
	free(p->set);
	p->set = set;
	p->set_cap = cap;
}

/* The offset of object id if the pack has it already. */
static bool
pk_have(struct pack *p, const unsigned char id[20], uint64_t *off)
{
	size_t h;

	if (p->set_cap == 0)
		return false;
	for (h = id_hash(id, p->set_cap); p->set[h]; h = (h + 1) % p->set_cap)
		if (memcmp(p->v[p->set[h] - 1].id, id, 20) == 0) {
			*off = p->v[p->set[h] - 1].off;
			return true;
		}
	return false;
}

static void
pk_add(struct pack *p, const unsigned char id[20], uint64_t off)
{
	size_t h;

	if (2 * (p->n + 1) > p->set_cap)
		set_grow(p);
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 1 << 16;
		p->v = xreallocarray(p->v, p->cap, sizeof *p->v);
	}
	memcpy(p->v[p->n].id, id, 20);
	p->v[p->n].crc = p->crc;
	p->v[p->n].off = off;
	for (h = id_hash(id, p->set_cap); p->set[h]; h = (h + 1) % p->set_cap)
		;
	p->set[h] = (uint32_t)++p->n;
}

/* Store an object in full; its offset. */
static uint64_t
pk_put(struct pack *p, int type, const void *data, size_t len, unsigned char id[20])
{
	uint64_t off;

	object_id(type, data, len, id);
	if (pk_have(p, id, &off))
		return off;
	off = p->off;
	p->crc = 0;
	pk_header(p, type, len);
	pk_zlib(p, data, len);
	pk_add(p, id, off);
	return off;
}

/* Store an object (content data, for its id) as a delta on the object at
 * base; its offset. */
static uint64_t
pk_put_delta(struct pack *p, int type, const void *data, size_t len, uint64_t base,
    const unsigned char *delta, size_t dlen, unsigned char id[20])
{
	unsigned char ofs[16];
	uint64_t off, rel;
	size_t pos = sizeof ofs - 1;

	object_id(type, data, len, id);
	if (pk_have(p, id, &off))
		return off;
	off = p->off;
	rel = off - base;
	ofs[pos] = rel & 127;
	while (rel >>= 7)
		ofs[--pos] = (unsigned char)(128 | (--rel & 127));
	p->crc = 0;
	pk_header(p, OBJ_OFS_DELTA, dlen);
	pk_raw(p, ofs + pos, sizeof ofs - pos);
	pk_zlib(p, delta, dlen);
	pk_add(p, id, off);
	return off;
}

static int
pobj_cmp(const void *a, const void *b)
{
	return memcmp(((const struct pobj *)a)->id, ((const struct pobj *)b)->id, 20);
}

static void
put_be32(unsigned char *b, uint32_t v)
{
	b[0] = (unsigned char)(v >> 24), b[1] = (unsigned char)(v >> 16);
	b[2] = (unsigned char)(v >> 8), b[3] = (unsigned char)v;
}

/* Count in the header, checksum at the end (hashing the file once). */
static int
pk_finish(struct pack *p, const char *path, unsigned char sum[20])
{
	unsigned char cnt[4], buf[1 << 16];
	struct sha1 s;
	size_t n;

	put_be32(cnt, (uint32_t)p->n);
	if (fseek(p->fp, 8, SEEK_SET) < 0 || fwrite(cnt, 1, 4, p->fp) != 4 ||
	    fflush(p->fp) != 0 || fseek(p->fp, 0, SEEK_SET) < 0)
		return -1;
	sha1_init(&s);
	while ((n = fread(buf, 1, sizeof buf, p->fp)) > 0)
		sha1_update(&s, buf, n);
	sha1_final(&s, sum);
	if (fseek(p->fp, 0, SEEK_END) < 0 || fwrite(sum, 1, 20, p->fp) != 20 ||
	    fclose(p->fp) != 0) {
		fprintf(stderr, "benchgen: %s: %s\n", path, strerror(errno));
		return -1;
	}
	p->fp = NULL;
	return 0;
}

/* The version 2 .idx: fan-out, sorted ids, CRCs, offsets, checksums. */
static int
idx_write(struct pack *p, const char *path, const unsigned char packsum[20])
{
	struct buf b = BUF_INIT;
	unsigned char w[4], sum[20];
	uint32_t fan[256] = { 0 };
	struct sha1 s;
	size_t i, large = 0;
	int r;

	qsort(p->v, p->n, sizeof *p->v, pobj_cmp);
	for (i = 0; i < p->n; i++)
		fan[p->v[i].id[0]]++;
	for (i = 1; i < 256; i++)
		fan[i] += fan[i - 1];
	buf_add(&b, "\377tOc\0\0\0\2", 8);
	for (i = 0; i < 256; i++)
		put_be32(w, fan[i]), buf_add(&b, w, 4);
	for (i = 0; i < p->n; i++)
		buf_add(&b, p->v[i].id, 20);
	for (i = 0; i < p->n; i++)
		put_be32(w, p->v[i].crc), buf_add(&b, w, 4);
	for (i = 0; i < p->n; i++) {
		uint64_t off = p->v[i].off;

		put_be32(w, off < 0x80000000u ? (uint32_t)off : 0x80000000u | (uint32_t)large++);
		buf_add(&b, w, 4);
	}
	for (i = 0; i < p->n; i++)
		if (p->v[i].off >= 0x80000000u) {
			put_be32(w, (uint32_t)(p->v[i].off >> 32)), buf_add(&b, w, 4);
			put_be32(w, (uint32_t)p->v[i].off), buf_add(&b, w, 4);
		}
	buf_add(&b, packsum, 20);
	sha1_init(&s);
	sha1_update(&s, b.s, b.len);
	sha1_final(&s, sum);
	buf_add(&b, sum, 20);
	{
		FILE *fp = fopen(path, "wb");

		r = fp && fwrite(b.s, 1, b.len, fp) == b.len && fclose(fp) == 0 ? 0 : -1;
	}
	buf_free(&b);
	return r;
}

/* ---- trees ------------------------------------------------------------------ */

struct tent {
	char *name;
	bool dir;
	unsigned char id[20];
};

/* git's order: a directory sorts as if its name ended in '/'. */
static int
tent_cmp(const void *pa, const void *pb)
{
	const struct tent *a = pa, *b = pb;
	size_t la = strlen(a->name), lb = strlen(b->name), n = la < lb ? la : lb;
	int c = memcmp(a->name, b->name, n);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = la > n ? (unsigned char)a->name[n] : a->dir ? '/' : '\0';
	cb = lb > n ? (unsigned char)b->name[n] : b->dir ? '/' : '\0';
	return (int)ca - (int)cb;
}

static void
tree_text(struct buf *b, struct tent *v, size_t n, bool sorted)
{
	size_t i;

	if (!sorted)
		qsort(v, n, sizeof *v, tent_cmp);
	buf_reset(b);
	for (i = 0; i < n; i++) {
		buf_printf(b, "%s %s", v[i].dir ? "40000" : "100644", v[i].name);
		buf_putc(b, '\0');
		buf_add(b, v[i].id, 20);
	}
}

/* ---- the generator --------------------------------------------------------- */

struct gpacket {
	unsigned char req[20], ev[20], tree[20];
	struct tent *rv;		/* review files, in time (= name) order */
	size_t nrv, cap;
};

struct person {
	const char *id, *name, *email, *role;
};

/* The people of the demo's policy/roles.yaml who review. */
static const struct person people[] = {
	{ "jweiss", "J\xc3\xbcrgen Wei\xc3\x9f", "juergen.weiss@northwind.example", "dba" },
	{ "bakesson", "Bj\xc3\xb6rn \xc3\x85kesson", "bjorn.akesson@northwind.example", "dba" },
	{ "zlambert", "Zo\xc3\xab Lambert", "zoe.lambert@northwind.example", "sre" },
	{ "aokonkwo", "Amara Okonkwo", "amara.okonkwo@northwind.example", "sre" },
	{ "snibhriain", "Siobh\xc3\xa1n N\xc3\xad Bhriain", "siobhan.nibhriain@northwind.example",
	  "security" },
	{ "mfernandez", "Mateo Fern\xc3\xa1ndez", "mateo.fernandez@northwind.example",
	  "change-lead" },
};

static const char *const words[] = {
	"rollback", "checkpoint", "soak", "rehearsal", "replica", "lag", "freeze", "driver",
	"pgjdbc", "extension", "partition", "snapshot", "restore", "runbook", "cutover",
	"latency", "regression", "baseline", "window", "staging", "Übergänge", "Größe",
	"prüfen", "blue/green", "switchback", "WAL", "vacuum", "index", "lock", "timeout",
};

struct gen {
	struct pack pk;
	struct buf tmp, tree;		/* scratch */
	unsigned char head[20];
	bool have_head;
	unsigned char settings[20], policy[20], precedents[20];
	char policy_hex[41];
	struct gpacket *p;
	size_t np;
	struct buf ptree;		/* packets/ as it is now */
	uint64_t ptree_off;		/* where its last version is in the pack */
	unsigned char ptree_id[20];
	unsigned depth;
	int64_t now;
	uint64_t rng;
	char *request;			/* the template's texts */
	struct tent *evt;		/* template evidence: name, text in ->name's pair */
	char **evtext;
	size_t nev;
	size_t commits;
};

static uint64_t
rnd(struct gen *g)
{
	g->rng ^= g->rng << 13;
	g->rng ^= g->rng >> 7;
	g->rng ^= g->rng << 17;
	return g->rng;
}

static char *
replace_all(const char *s, const char *from, const char *to)
{
	struct buf b = BUF_INIT;
	size_t lf = strlen(from);
	const char *q;

	while ((q = strstr(s, from)) != NULL) {
		buf_add(&b, s, (size_t)(q - s));
		buf_puts(&b, to);
		s = q + lf;
	}
	buf_puts(&b, s);
	return buf_detach(&b);
}

/* Replace the value after "key: " on the first line that has it. */
static char *
replace_value(const char *s, const char *key, const char *value)
{
	const char *q = strstr(s, key), *eol;
	struct buf b = BUF_INIT;

	if (q == NULL)
		return xstrdup(s);
	q += strlen(key);
	eol = strchr(q, '\n');
	buf_add(&b, s, (size_t)(q - s));
	buf_puts(&b, value);
	buf_puts(&b, eol ? eol : "");
	return buf_detach(&b);
}

static char *
slurp(const char *path)
{
	char *buf = NULL;
	size_t len;

	return file_read_all(path, 1 << 24, &buf, &len) < 0 ? NULL : buf;
}

/* A tree of the files in dir (demo), stored; its id. */
static int
put_dir(struct gen *g, const char *dir, unsigned char id[20])
{
	struct repo_source src;
	struct repo_dirent *ents;
	struct tent *v;
	size_t n, i, k = 0;

	repo_fs_source(&src, dir);
	if (src.list(src.ctx, "", &ents, &n) < 0) {
		repo_fs_source_free(&src);
		fprintf(stderr, "benchgen: cannot list %s\n", dir);
		return -1;
	}
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, ents[i].name), *text;

		text = ents[i].is_dir ? NULL : slurp(path);
		if (text) {
			v[k].name = ents[i].name;
			pk_put(&g->pk, OBJ_BLOB, text, strlen(text), v[k].id);
			k++;
		} else {
			free(ents[i].name);
		}
		free(text);
		free(path);
	}
	tree_text(&g->tree, v, k, false);
	pk_put(&g->pk, OBJ_TREE, g->tree.s, g->tree.len, id);
	for (i = 0; i < k; i++)
		free(v[i].name);
	free(v);
	free(ents);
	repo_fs_source_free(&src);
	return 0;
}

static int
load_template(struct gen *g, const char *demo)
{
	char *dir = xasprintf("%s/packets/%s/evidence", demo, TEMPLATE), *path;
	struct repo_source src;
	struct repo_dirent *ents;
	size_t n, i;

	path = xasprintf("%s/packets/%s/request.yaml", demo, TEMPLATE);
	g->request = slurp(path);
	free(path);
	repo_fs_source(&src, dir);
	if (g->request == NULL || src.list(src.ctx, "", &ents, &n) < 0) {
		fprintf(stderr, "benchgen: no packet %s in %s\n", TEMPLATE, demo);
		repo_fs_source_free(&src);
		free(dir);
		return -1;
	}
	g->evt = xcalloc(n + 1, sizeof *g->evt);
	g->evtext = xcalloc(n + 1, sizeof *g->evtext);
	for (i = 0; i < n; i++) {
		path = xasprintf("%s/%s", dir, ents[i].name);
		g->evtext[g->nev] = slurp(path);
		if (g->evtext[g->nev])
			g->evt[g->nev++].name = ents[i].name;
		else
			free(ents[i].name);
		free(path);
	}
	free(ents);
	repo_fs_source_free(&src);
	free(dir);
	return 0;
}

static void
root_tree(struct gen *g, unsigned char id[20])
{
	struct tent v[4];
	size_t n = 0;

	v[n].name = "gatehouse.yaml", v[n].dir = false, memcpy(v[n++].id, g->settings, 20);
	if (g->np)
		v[n].name = "packets", v[n].dir = true, memcpy(v[n++].id, g->ptree_id, 20);
	v[n].name = "policy", v[n].dir = true, memcpy(v[n++].id, g->policy, 20);
	v[n].name = "precedents", v[n].dir = true, memcpy(v[n++].id, g->precedents, 20);
	tree_text(&g->tree, v, n, true);
	pk_put(&g->pk, OBJ_TREE, g->tree.s, g->tree.len, id);
}

static void
commit(struct gen *g, const struct person *who, const char *msg)
{
	char tree_hex[41], parent[41];
	unsigned char tree[20];

	root_tree(g, tree);
	hex_of(tree, tree_hex);
	buf_reset(&g->tmp);
	buf_printf(&g->tmp, "tree %s\n", tree_hex);
	if (g->have_head) {
		hex_of(g->head, parent);
		buf_printf(&g->tmp, "parent %s\n", parent);
	}
	buf_printf(&g->tmp, "author %s <%s> %lld +0000\ncommitter %s <%s> %lld +0000\n\n%s",
	    who->name, who->email, (long long)g->now, who->name, who->email,
	    (long long)g->now, msg);
	pk_put(&g->pk, OBJ_COMMIT, g->tmp.s, g->tmp.len, g->head);
	g->have_head = true;
	g->commits++;
	g->now += 300 + (int64_t)(rnd(g) % 900);
}

static void
put_varint(struct buf *b, size_t v)
{
	do {
		unsigned char c = v & 0x7f;

		v >>= 7;
		buf_putc(b, (char)(v ? c | 0x80 : c));
	} while (v);
}

static void
delta_copy(struct buf *b, size_t off, size_t len)
{
	unsigned char op[8];
	size_t k = 1, i;

	op[0] = 0x80;
	for (i = 0; i < 4; i++)
		if ((off >> (8 * i)) & 0xff)
			op[0] |= (unsigned char)(1 << i), op[k++] = (off >> (8 * i)) & 0xff;
	for (i = 0; i < 3; i++)
		if ((len >> (8 * i)) & 0xff)
			op[0] |= (unsigned char)(0x10 << i), op[k++] = (len >> (8 * i)) & 0xff;
	buf_add(b, op, k);
}

static void
delta_insert(struct buf *b, const unsigned char *d, size_t n)
{
	while (n > 0) {
		size_t k = n < 127 ? n : 127;

		buf_putc(b, (char)k);
		buf_add(b, d, k);
		d += k, n -= k;
	}
}

/* Store packets/ after bytes [at, at + len) changed (appended when at is
 * the old length): a delta on the previous version, or in full. */
static void
put_packets(struct gen *g, size_t old_len, size_t at, size_t len)
{
	struct buf d = BUF_INIT;
	size_t new_len = g->ptree.len;

	if (g->ptree_off == 0 || g->depth >= DELTA_DEPTH) {
		g->ptree_off = pk_put(&g->pk, OBJ_TREE, g->ptree.s, new_len, g->ptree_id);
		g->depth = 0;
		return;
	}
	put_varint(&d, old_len);
	put_varint(&d, new_len);
	if (at > 0)
		delta_copy(&d, 0, at);
	delta_insert(&d, (const unsigned char *)g->ptree.s + at, len);
	if (at + len < new_len)
		delta_copy(&d, at + len, new_len - at - len);
	g->ptree_off = pk_put_delta(&g->pk, OBJ_TREE, g->ptree.s, new_len, g->ptree_off,
	    (const unsigned char *)d.s, d.len, g->ptree_id);
	g->depth++;
	buf_free(&d);
}

/* packets/BENCH-nnnnn: 18 bytes of "40000 BENCH-nnnnn\0", then the id. */
#define PENT 38

static void
packet_tree(struct gen *g, struct gpacket *p)
{
	struct tent v[3];
	size_t n = 0;

	v[n].name = "evidence", v[n].dir = true, memcpy(v[n++].id, p->ev, 20);
	v[n].name = "request.yaml", v[n].dir = false, memcpy(v[n++].id, p->req, 20);
	if (p->nrv) {
		unsigned char rv[20];

		tree_text(&g->tree, p->rv, p->nrv, true);
		pk_put(&g->pk, OBJ_TREE, g->tree.s, g->tree.len, rv);
		v[n].name = "reviews", v[n].dir = true, memcpy(v[n++].id, rv, 20);
	}
	tree_text(&g->tree, v, n, true);
	pk_put(&g->pk, OBJ_TREE, g->tree.s, g->tree.len, p->tree);
}

static void
add_packet(struct gen *g, size_t i)
{
	struct gpacket *p = &g->p[g->np];
	char id[32], date[16], tier[16], *t1, *t2, *t3;
	struct tent *ev = xcalloc(g->nev + 1, sizeof *ev);
	size_t k, old_len = g->ptree.len;
	int64_t y, days = val_days_from_civil(2026, 11, 25) + (int64_t)(i % 90);
	unsigned m, d;

	snprintf(id, sizeof id, "BENCH-%05zu", i + 1);
	val_civil_from_days(days, &y, &m, &d);
	snprintf(date, sizeof date, "%04lld-%02u-%02u", (long long)y, m, d);
	snprintf(tier, sizeof tier, "%zu", i % 4);
	t1 = replace_all(g->request, TEMPLATE, id);
	t2 = replace_value(t1, "decide_by: ", date);
	t3 = replace_value(t2, "    tier: ", tier);
	pk_put(&g->pk, OBJ_BLOB, t3, strlen(t3), p->req);
	for (k = 0; k < g->nev; k++) {
		char *t = replace_all(g->evtext[k], TEMPLATE, id);

		ev[k].name = g->evt[k].name;
		pk_put(&g->pk, OBJ_BLOB, t, strlen(t), ev[k].id);
		free(t);
	}
	tree_text(&g->tree, ev, g->nev, false);
	pk_put(&g->pk, OBJ_TREE, g->tree.s, g->tree.len, p->ev);
	packet_tree(g, p);
	g->np++;
	buf_printf(&g->ptree, "40000 %s", id);
	buf_putc(&g->ptree, '\0');
	buf_add(&g->ptree, p->tree, 20);
	put_packets(g, old_len, old_len, PENT);
	buf_reset(&g->tmp);
	{
		char *msg = xasprintf("packet(%s): submitted\n", id);
		struct person req = { "req", "Priya Raman", "priya.raman@northwind.example", "" };

		commit(g, &req, msg);
		free(msg);
	}
	free(ev);
	free(t1), free(t2), free(t3);
}

/* The inputs digest of packet p as store_inputs_digest() computes it. */
static void
digest_of(struct gen *g, struct gpacket *p, char hex[41])
{
	char ev[41], req[41];
	unsigned char id[20];
	char *text;

	hex_of(p->ev, ev);
	hex_of(p->req, req);
	text = xasprintf("gatehouse-inputs/1\npacket evidence %s\npacket request.yaml %s\n"
	    "policy %s\nengine %s\n", ev, req, g->policy_hex, ENGINE_VERSION);
	object_id(OBJ_BLOB, text, strlen(text), id);
	hex_of(id, hex);
	free(text);
}

static void
review_yaml(struct gen *g, struct gpacket *p, const struct person *who, int kind,
    const char *stamp, struct buf *y)
{
	char digest[41];
	size_t i, nw = 3 + rnd(g) % 8;

	buf_reset(y);
	buf_printf(y, "kind: %s\nauthor:\n  name: \"%s\"\n  email: %s\nat: \"%s\"\n",
	    kind == 0 ? "comment" : kind == 1 ? "signoff" : "decision", who->name, who->email,
	    stamp);
	if (kind == 1)
		buf_printf(y, "role: %s\nstate: %s\n", who->role, rnd(g) % 5 ? "concur" : "recuse");
	if (kind == 2)
		buf_puts(y, "decision: escalate\nauthority: vp-engineering\n");
	buf_puts(y, "body: \"");
	for (i = 0; i < nw; i++)
		buf_printf(y, "%s%s", i ? " " : "", words[rnd(g) % GH_ARRAY_SIZE(words)]);
	buf_puts(y, "\"\n");
	if (kind == 0)
		return;
	digest_of(g, p, digest);
	/* one sign-off in five was made against inputs that have changed since */
	if (rnd(g) % 5 == 0)
		buf_printf(y, "inputs_digest: %.39s0\nrecommendation: \"SUPPORT as-scoped "
		    "platform-review\"\n", "0000000000000000000000000000000000000000");
	else
		buf_printf(y, "inputs_digest: %s\nrecommendation: \"ESCALATE staged-after-freeze "
		    "vp-engineering\"\n", digest);
	buf_printf(y, "engine_version: \"%s\"\n", ENGINE_VERSION);
}

static void
add_review(struct gen *g, size_t j)
{
	static const char *const kinds[] = { "comment", "signoff", "decision" };
	struct gpacket *p = &g->p[j];
	int kind = rnd(g) % 10 < 6 ? 0 : 1;
	const struct person *who = &people[rnd(g) % (GH_ARRAY_SIZE(people) - 1)];
	char stamp[32], name[96], pid[32], *msg;
	struct buf y = BUF_INIT;
	int64_t y4, s = g->now;
	unsigned mo, d;
	struct tent *e;

	if (rnd(g) % 50 == 0)
		kind = 2, who = &people[GH_ARRAY_SIZE(people) - 1];
	val_civil_from_days(s / 86400, &y4, &mo, &d);
	snprintf(stamp, sizeof stamp, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", (long long)y4,
	    mo, d, (long long)(s % 86400 / 3600), (long long)(s % 3600 / 60),
	    (long long)(s % 60));
	snprintf(name, sizeof name, "%04lld%02u%02uT%02lld%02lld%02lldZ-%s-%06llx.yaml",
	    (long long)y4, mo, d, (long long)(s % 86400 / 3600), (long long)(s % 3600 / 60),
	    (long long)(s % 60), who->id, (unsigned long long)(rnd(g) & 0xffffff));
	review_yaml(g, p, who, kind, stamp, &y);
	if (p->nrv == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 8;
		p->rv = xreallocarray(p->rv, p->cap, sizeof *p->rv);
	}
	e = &p->rv[p->nrv++];
	e->name = xstrdup(name);
	e->dir = false;
	pk_put(&g->pk, OBJ_BLOB, y.s, y.len, e->id);
	packet_tree(g, p);
	memcpy(g->ptree.s + j * PENT + 18, p->tree, 20);
	put_packets(g, g->ptree.len, j * PENT + 18, 20);
	snprintf(pid, sizeof pid, "BENCH-%05zu", j + 1);
	msg = kind == 1 ? xasprintf("signoff(%s): concur by %s as %s\n\nGatehouse-Packet: %s\n"
	    "Gatehouse-Record: signoff\nGatehouse-State: concur\n", pid, who->name, who->role, pid) :
	    xasprintf("%s(%s): by %s\n\nGatehouse-Packet: %s\nGatehouse-Record: %s\n",
	    kinds[kind], pid, who->name, pid, kinds[kind]);
	commit(g, who, msg);
	free(msg);
	buf_free(&y);
}

static int
write_ref(const char *dir, const unsigned char head[20])
{
	char hex[41], *path = xasprintf("%s/refs/heads/main", dir);
	FILE *fp = fopen(path, "w");
	int r;

	hex_of(head, hex);
	r = fp && fprintf(fp, "%s\n", hex) == 41 && fclose(fp) == 0 ? 0 : -1;
	free(path);
	return r;
}

static int
gen_init(struct gen *g, const char *demo, const char *dir)
{
	git_repository_init_options o = GIT_REPOSITORY_INIT_OPTIONS_INIT;
	git_repository *repo = NULL;
	char *path;

	memset(g, 0, sizeof *g);
	g->rng = 0x9e3779b97f4a7c15ull;
	g->now = 1704067200;		/* 2024-01-01 */
	crc_init();
	if (load_template(g, demo) < 0)
		return -1;
	o.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_BARE;
	o.initial_head = "main";
	git_libgit2_init();
	if (git_repository_init_ext(&repo, dir, &o) < 0) {
		fprintf(stderr, "benchgen: %s: %s\n", dir, git_error_last()->message);
		return -1;
	}
	git_repository_free(repo);
	git_libgit2_shutdown();
	path = xasprintf("%s/objects/pack/tmp-bench.pack", dir);
	g->pk.fp = fopen(path, "w+b");
	free(path);
	if (g->pk.fp == NULL)
		return -1;
	pk_raw(&g->pk, "PACK\0\0\0\2\0\0\0\0", 12);
	return 0;
}

static void
gen_free(struct gen *g)
{
	size_t i, k;

	for (i = 0; i < g->np; i++) {
		for (k = 0; k < g->p[i].nrv; k++)
			free(g->p[i].rv[k].name);
		free(g->p[i].rv);
	}
	for (i = 0; i < g->nev; i++) {
		free(g->evt[i].name);
		free(g->evtext[i]);
	}
	free(g->evt);
	free(g->evtext);
	free(g->p);
	free(g->request);
	free(g->pk.v);
	free(g->pk.set);
	buf_free(&g->tmp);
	buf_free(&g->tree);
	buf_free(&g->ptree);
	if (g->pk.fp)
		fclose(g->pk.fp);
}

/* The packet with the most review records: the one to show a log of. */
static size_t
busiest(const struct gen *g)
{
	size_t i, best = 0;

	for (i = 1; i < g->np; i++)
		if (g->p[i].nrv > g->p[best].nrv)
			best = i;
	return best;
}

static int
gen_history(struct gen *g, const char *demo, size_t packets, size_t reviews)
{
	const struct person init = { "admin", "Platform Admin", "platform@northwind.example", "" };
	char *path = xasprintf("%s/gatehouse.yaml", demo), *text = slurp(path);
	size_t i, r, done = 0;

	free(path);
	if (text == NULL)
		return -1;
	pk_put(&g->pk, OBJ_BLOB, text, strlen(text), g->settings);
	free(text);
	path = xasprintf("%s/policy", demo);
	if (put_dir(g, path, g->policy) < 0)
		return free(path), -1;
	free(path);
	hex_of(g->policy, g->policy_hex);
	path = xasprintf("%s/precedents", demo);
	if (put_dir(g, path, g->precedents) < 0)
		return free(path), -1;
	free(path);
	commit(g, &init, "Packet repository with the default policy pack\n");
	g->p = xcalloc(packets + 1, sizeof *g->p);
	for (i = 0; i < packets; i++) {
		add_packet(g, i);
		/* reviews go to the packets submitted lately, as in real queues */
		for (r = reviews * (i + 1) / packets; done < r; done++)
			add_review(g, g->np - 1 - (size_t)(rnd(g) % (g->np < 300 ? g->np : 300)));
		if ((i + 1) % 1000 == 0)
			fprintf(stderr, "benchgen: %zu packets, %zu reviews, %zu objects\n", i + 1,
			    done, g->pk.n);
	}
	return 0;
}

static int
gen_finish(struct gen *g, const char *dir, const char *stamp)
{
	char *tmp = xasprintf("%s/objects/pack/tmp-bench.pack", dir), *pack = NULL, *idx = NULL;
	unsigned char sum[20];
	char hex[41], pid[32];
	FILE *fp;
	int r = -1;

	if (pk_finish(&g->pk, tmp, sum) < 0)
		goto out;
	hex_of(sum, hex);
	pack = xasprintf("%s/objects/pack/pack-%s.pack", dir, hex);
	idx = xasprintf("%s/objects/pack/pack-%s.idx", dir, hex);
	if (idx_write(&g->pk, idx, sum) < 0 || rename(tmp, pack) < 0 ||
	    write_ref(dir, g->head) < 0) {
		fprintf(stderr, "benchgen: writing %s: %s\n", dir, strerror(errno));
		goto out;
	}
	snprintf(pid, sizeof pid, "BENCH-%05zu", busiest(g) + 1);
	fp = fopen(stamp, "w");
	if (fp == NULL || fprintf(fp, "%s %zu\n", pid, g->commits) < 0 || fclose(fp) != 0)
		goto out;
	r = 0;
out:
	free(tmp);
	free(pack);
	free(idx);
	return r;
}

int
benchgen_git(const char *demo, const char *dir, size_t packets, size_t reviews,
    struct benchgen_git_info *info)
{
	char *stamp = xasprintf("%s/.complete-%zu-%zu", dir, packets, reviews), *text;
	struct gen g;
	int r = -1;

	memset(info, 0, sizeof *info);
	if ((text = slurp(stamp)) == NULL) {
		/* start clean: a half-written repository from an interrupted run */
		char *cmd = xasprintf("rm -rf '%s'", dir);

		if (system(cmd) != 0) {
			free(cmd);
			goto out;
		}
		free(cmd);
		if (gen_init(&g, demo, dir) == 0 && packets > 0 &&
		    gen_history(&g, demo, packets, reviews) == 0)
			r = gen_finish(&g, dir, stamp);
		gen_free(&g);
		if (r < 0)
			goto out;
		text = slurp(stamp);
		info->generated = true;
	}
	if (text == NULL || sscanf(text, "%31s %zu", info->busy_packet, &info->commits) != 2) {
		fprintf(stderr, "benchgen: %s is unreadable\n", stamp);
		r = -1;
	} else {
		r = 0;
	}
	free(text);
out:
	free(stamp);
	return r;
}
