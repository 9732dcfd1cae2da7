/* cli_record.h -- shared by the commands that append review records. */
#ifndef GH_CLI_RECORD_H
#define GH_CLI_RECORD_H

#include "cli.h"
#include "engine.h"
#include "record.h"
#include "store.h"

struct rec_args {
	const char *repo;
	const char *packet;
	struct buf body;
	bool have_body;
	const char *target;		/* "gate:ID" ... */
	const char *state;		/* signoff state / decision */
	const char *arg;		/* option or authority of a decision */
	const char *role;
	const char *reason;
	const char *today;
	struct strlist conditions;
};

/* Everything a record command needs once the repository is open. */
struct rec_ctx {
	struct store *st;
	struct gh_repo *r;
	const struct gh_packet *pk;
	const struct gh_person *who;
	char *name, *email;
	struct diags d;
};

int rec_parse(const char *cmd, int argc, char **argv, struct rec_args *a,
    void (*help)(void));
void rec_args_free(struct rec_args *a);
int rec_add_body(struct rec_args *a, const char *text);
/* Open the repository, load HEAD, find the packet and check that the
 * identity may perform perm; prints why not.  0 or an exit status. */
int rec_open(struct rec_args *a, struct rec_ctx *c, int perm, const char *verb);
void rec_ctx_free(struct rec_ctx *c);
/* The record.h context of c; with_today: the date from --today. */
void rec_record_ctx(struct rec_ctx *c, const struct rec_args *a, bool with_today,
    struct record_ctx *out);
int rec_commit(struct rec_ctx *c, const char *kind, const char *state, const char *subject,
    struct buf *y);

#endif
