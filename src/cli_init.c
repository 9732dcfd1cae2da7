/* cli_init.c -- "gatehouse init": create a packet repository. */
#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "repo.h"
#include "store.h"

/* $GATEHOUSE_DATADIR, else the source tree's data/ for the binary of its
 * build tree (GH_BUILD_BINDIR: also a VPATH build), else the installed
 * pkgdatadir: an installed binary never looks at a source tree. */
char *
cli_datadir(void)
{
	const char *env = getenv("GATEHOUSE_DATADIR");
	char exe[PATH_MAX], *slash, *dir, *build;
	ssize_t n;
	bool here = false;

	if (env && env[0])
		return xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL)
			*slash = '\0';
		dir = realpath(exe, NULL);
		build = realpath(GH_BUILD_BINDIR, NULL);
		here = dir && build && strcmp(dir, build) == 0;
		free(dir);
		free(build);
	}
	/* realpath: a VPATH build's abs_top_srcdir may read "sub/../../data" */
	if (here && (dir = realpath(GH_BUILD_DATADIR, NULL)) != NULL)
		return dir;
	return xstrdup(GH_DATADIR);
}

struct gh_repo *
cli_load_repo(const char *path, struct diags *d)
{
	return cli_load_packets(path, NULL, 0, d);
}

struct gh_repo *
cli_load_packets(const char *path, const char *const *ids, size_t n, struct diags *d)
{
	struct buf err = BUF_INIT;
	struct repo_source src;
	struct store *st = NULL;
	struct gh_repo *r;
	char *settings = xasprintf("%s/gatehouse.yaml", path);
	bool files = access(settings, F_OK) == 0;

	free(settings);
	if (files || store_open(path, &st, &err) < 0 || !store_is_bare(st)) {
		store_close(st);
		buf_free(&err);
		if (ids == NULL)
			return repo_load(path, d);
		repo_fs_source(&src, path);
		r = repo_load_only(path, &src, ids, n, d);
		repo_fs_source_free(&src);
		return r;
	}
	r = ids ? store_load_packets(st, "HEAD", ids, n, d, &err) : store_load(st, "HEAD", d, &err);
	if (r == NULL)
		diag_add(d, DIAG_ERROR, path, (struct gh_pos){ 0, 0 }, "%s", buf_cstr(&err));
	store_close(st);
	buf_free(&err);
	return r;
}

static void
init_help(void)
{
	printf(_("Usage: gatehouse init [OPTION]... [DIR]\n"
	    "Create a packet repository in DIR (default: the current directory) with\n"
	    "the default policy pack, as the first commit of branch main.  You become\n"
	    "its first change lead in policy/roles.yaml.\n\n"
	    "      --bare         create a bare repository (for a shared host)\n"
	    "      --name NAME    the repository's name (default: the directory name)\n"
	    "  -h, --help         display this help and exit\n"));
}

int
cli_init(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "bare", no_argument, NULL, 'b' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct buf err = BUF_INIT;
	const char *dir = ".", *name = NULL, *base;
	char *data, *policy, *abs = NULL;
	bool bare = false;
	int c, rc = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': bare = true; break;
		case 'n': name = optarg; break;
		case 'h': init_help(); return 0;
		default:
			cli_usage_error("init", _("unrecognized option '%s'"), argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (argc - optind > 1) {
		cli_usage_error("init", "%s", _("too many arguments"));
		return EXIT_USAGE;
	}
	if (optind < argc)
		dir = argv[optind];
	data = cli_datadir();
	policy = xasprintf("%s/demo/policy", data);
	if (name == NULL) {
		abs = realpath(dir, NULL);
		base = strrchr(abs ? abs : dir, '/');
		name = base && base[1] ? base + 1 : abs ? abs : dir;
	}
	if (store_init(dir, bare, policy, name, &err) < 0) {
		fprintf(stderr, "gatehouse: %s\n", buf_cstr(&err));
		rc = EXIT_USAGE;
	} else {
		printf(_("Initialised %s packet repository '%s' in %s\n"), bare ? _("bare") : "",
		    name, dir);
	}
	free(abs);
	free(data);
	free(policy);
	buf_free(&err);
	return rc;
}
