/* import.h -- evidence from the machine output of tools reviewers already
 * run ("gatehouse import").
 *
 * One input (the bytes of a file or of standard input) becomes one
 * evidence file in exactly the format the loader reads: the parsers for
 * each format build the item as a node tree, the tree is checked with the
 * loader's own schema code, and only then written out as YAML.  Every
 * problem is a positioned diagnostic (file:line:column) in the caller's
 * diags; nothing here prints, reads files or writes them.
 *
 * Formats:
 *   pg-upgrade-check  PostgreSQL "pg_upgrade --check" console output
 *                     -> upgrade-check evidence
 *   aws-lifecycle     "aws rds describe-db-major-engine-versions" JSON
 *                     -> support-timeline evidence for the packet's engine
 *   generic           a JSON or YAML evidence document, or its data
 *
 * Ownership: the request is borrowed; the result's strings are malloc'd
 * and released by import_result_free().
 */
#ifndef GH_IMPORT_H
#define GH_IMPORT_H

#include "model.h"
#include "sha256.h"

enum import_format { IMPORT_PG_UPGRADE_CHECK, IMPORT_AWS_LIFECYCLE, IMPORT_GENERIC };
extern const char *const import_formats[];	/* by enum import_format, NULL-ended */

#define IMPORT_MAX_BYTES (4u * 1024 * 1024)

struct import_req {
	const char *file;		/* input name for messages and import.file */
	const char *data;		/* the input bytes (need not end in NUL) */
	size_t len;
	int format;			/* enum import_format, or -1: detect */
	int evidence_type;		/* generic data only: enum gh_evidence_type, or -1 */
	const char *id;			/* NULL: the document's, else the format's */
	const char *title;		/* NULL: the document's or a generated one */
	const char *link;		/* source.link; NULL: the document's */
	const char *file_link;		/* file://... of the input, or NULL (standard
					 * input: urn:sha256:<hex> of the bytes) */
	int sensitivity;		/* enum gh_sensitivity; -1: the document's or internal */
	gh_time collected_at;		/* set: overrides the document's */
	gh_time file_time;		/* else the document's, else this (the input
					 * file's modification), else imported_at */
	gh_time imported_at;		/* now */
	const char *by;			/* "Name <email>" of the importer, or NULL */
	const struct gh_request *request;	/* the packet's request, or NULL */
};

struct import_result {
	int format;			/* enum import_format used */
	int type;			/* enum gh_evidence_type written */
	char *id;			/* evidence id = file name without .yaml */
	char *text;			/* the evidence file */
	char digest[8 + SHA256_HEX_LEN];	/* "sha256:<hex>" of the input */
};

/* The format of data by its content, or -1 when it cannot be told. */
int import_detect(const char *data, size_t len);

/* Build the evidence file.  0, or -1 with errors in d (nothing in out). */
int import_evidence(const struct import_req *q, struct import_result *out, struct diags *d);
void import_result_free(struct import_result *r);

/* Is id usable as an evidence file name (an FT_ID of at most 80 bytes)? */
bool import_valid_id(const char *id);

#endif
