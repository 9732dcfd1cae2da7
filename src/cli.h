/* cli.h -- the command-line face: one function per subcommand.
 *
 * Commands return an exit status (0 ok, 1 problems found, 2 usage or
 * environment error) and print only from here, never from the core.
 */
#ifndef GH_CLI_H
#define GH_CLI_H

#include <stdio.h>

#include "util.h"

#define EXIT_PROBLEMS 1
#define EXIT_USAGE 2

struct cli_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *args;	/* synopsis after the name */
	const char *summary;	/* N_() one line */
};

int cli_main(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_evaluate(int argc, char **argv);
int cli_init(int argc, char **argv);
int cli_comment(int argc, char **argv);
int cli_signoff(int argc, char **argv);
int cli_decide(int argc, char **argv);
int cli_log(int argc, char **argv);
int cli_history(int argc, char **argv);
int cli_diff(int argc, char **argv);
int cli_sync(int argc, char **argv);
int cli_search(int argc, char **argv);
int cli_queue(int argc, char **argv);
int cli_reindex(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_config(int argc, char **argv);

/* The config file's problems as warnings on stderr, once per process. */
void cli_config_warn(void);
/* Set by main(): the workstation's check of bind lines and the theme for
 * "gatehouse config --check" (the core never links the UI). */
struct config;
struct diags;
extern int (*cli_config_ui_check)(const struct config *cfg, struct diags *d);

/* Load the repository at path: its files when it has a work tree (what a
 * policy author is editing), else -- a bare repository -- HEAD. */
struct gh_repo;
struct gh_repo *cli_load_repo(const char *path, struct diags *d);
/* The same with only the packets named in ids (NULL: all of them). */
struct gh_repo *cli_load_packets(const char *path, const char *const *ids, size_t n,
    struct diags *d);

/* Where the installed data (demo, policy pack) is; caller frees. */
char *cli_datadir(void);

/* Shared helpers for commands. */
void cli_usage_error(const char *cmd, const char *fmt, ...) GH_PRINTF(2, 3);
/* Write b to stdout; returns 0 or EXIT_USAGE when stdout fails. */
int cli_write(struct buf *b);
/* The repository to use: the argument, $GATEHOUSE_REPO, the config
 * file's "repository", or ".". */
const char *cli_repo_path(const char *arg);
/* Today from the argument, $GATEHOUSE_TODAY or the clock (UTC date). */
int cli_today(const char *arg, int64_t *out);
/* Parse "--format X" values; returns the index in names or -1. */
int cli_format(const char *cmd, const char *value, const char *const *names);

#endif
