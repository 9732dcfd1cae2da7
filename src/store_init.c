/* store_init.c -- new packet repositories: "gatehouse init" (the default
 * policy pack in one first commit) and store_import() (a directory of
 * packet files as it is, for the demo). */
#include <config.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <git2.h>

#include "config.h"
#include "store.h"
#include "yamlout.h"

static int
git_fail(struct buf *err, const char *what)
{
	const git_error *e = git_error_last();

	buf_printf(err, "%s: %s", what, e && e->message ? e->message : _("unknown git error"));
	return -1;
}

static int
insert_text(git_repository *repo, git_treebuilder *tb, const char *name, const char *text)
{
	git_oid id;

	if (git_blob_create_from_buffer(&id, repo, text, strlen(text)) < 0)
		return -1;
	return git_treebuilder_insert(NULL, tb, name, &id, GIT_FILEMODE_BLOB);
}

/* roles.yaml for a new repository: the pack's roles, the person who made
 * the repository as its first change lead. */
static char *
roles_text(const char *name, const char *email)
{
	struct buf y = BUF_INIT;
	static const char *const roles[][3] = {
		{ "reviewer", "Reviewer", "comment signoff" },
		{ "dba", "Database administrator", "comment signoff" },
		{ "sre", "Site reliability engineer", "comment signoff" },
		{ "security", "Security reviewer", "comment signoff" },
		{ "change-lead", "Change lead", "comment signoff decide" },
		{ "auditor", "Auditor", "read" },
	};
	size_t i;

	buf_puts(&y, "# Who may comment, sign off and decide; who may read restricted evidence.\n"
	    "# Add every reviewer here with the e-mail of their git identity.\n");
	yout_key(&y, 0, "roles");
	for (i = 0; i < GH_ARRAY_SIZE(roles); i++) {
		char *perms = xstrdup(roles[i][2]), *tok, *save = NULL;

		buf_printf(&y, "  - id: %s\n", roles[i][0]);
		yout_str(&y, 4, "name", roles[i][1]);
		yout_key(&y, 4, "may");
		for (tok = strtok_r(perms, " ", &save); tok; tok = strtok_r(NULL, " ", &save))
			yout_item(&y, 6, tok);
		free(perms);
	}
	yout_key(&y, 0, "people");
	buf_puts(&y, "  - id: owner\n");
	yout_str(&y, 4, "name", name);
	yout_str(&y, 4, "email", email);
	buf_puts(&y, "    roles: [change-lead]\n");
	buf_puts(&y, "access:\n"
	    "  - {class: service-topology, readers: [sre, security, change-lead]}\n"
	    "  - {class: customer-impact, readers: [change-lead, sre]}\n"
	    "  - {class: incident-history, readers: [sre, security, change-lead]}\n"
	    "  - {class: privileged-infrastructure, readers: [security, sre]}\n"
	    "required_signoffs: [dba, sre]\n");
	return buf_detach(&y);
}

static int
policy_tree(git_repository *repo, const char *policy_dir, const char *name,
    const char *email, git_oid *out, struct buf *err)
{
	static const char *const files[] = { "gates.yaml", "options.yaml", "authority.yaml",
		"calendar.yaml", "lifecycle.yaml" };
	git_treebuilder *tb = NULL;
	char *roles = roles_text(name, email);
	size_t i;
	int r = -1;

	if (git_treebuilder_new(&tb, repo, NULL) < 0)
		goto out;
	for (i = 0; i < GH_ARRAY_SIZE(files); i++) {
		char *path = xasprintf("%s/%s", policy_dir, files[i]), *text = NULL;
		size_t len;

		if (file_read_all(path, 1 << 22, &text, &len) < 0) {
			buf_printf(err, _("cannot read the default policy pack: %s"), path);
			free(path);
			goto out;
		}
		free(path);
		r = insert_text(repo, tb, files[i], text);
		free(text);
		if (r < 0)
			goto out;
	}
	r = insert_text(repo, tb, "roles.yaml", roles);
	if (r == 0)
		r = git_treebuilder_write(out, tb);
out:
	free(roles);
	git_treebuilder_free(tb);
	return r;
}

/* Who creates the repository, known before anything is written so a
 * failed init leaves nothing behind: GATEHOUSE_AUTHOR, else the config
 * file's identity, else the user's global git configuration. */
static int
init_identity(char **name, char **email)
{
	const char *who = config_str(config_global(), CONFIG_IDENTITY);
	git_config *cfg = NULL;
	git_buf n = { 0 }, e = { 0 };

	*name = *email = NULL;
	if (who && config_parse_identity(who, name, email) == 0)
		return 0;
	if (git_config_open_default(&cfg) == 0 &&
	    git_config_get_string_buf(&n, cfg, "user.name") == 0 &&
	    git_config_get_string_buf(&e, cfg, "user.email") == 0) {
		*name = xstrdup(n.ptr);
		*email = xstrdup(e.ptr);
	}
	git_buf_dispose(&n);
	git_buf_dispose(&e);
	git_config_free(cfg);
	return *name ? 0 : -1;
}

int
store_init(const char *path, bool bare, const char *policy_dir, const char *rname,
    struct buf *err)
{
	git_repository_init_options io = GIT_REPOSITORY_INIT_OPTIONS_INIT;
	git_repository *repo = NULL;
	git_treebuilder *tb = NULL;
	git_signature *sig = NULL;
	git_tree *tree = NULL;
	git_oid pol, root, commit;
	char *name = NULL, *email = NULL, *settings = NULL;
	struct buf y = BUF_INIT;
	int r = -1;

	git_libgit2_init();
	io.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT |
	    (bare ? GIT_REPOSITORY_INIT_BARE : 0);
	io.initial_head = "main";
	if (init_identity(&name, &email) < 0) {
		buf_puts(err, _("who are you? set git config user.name and user.email, GATEHOUSE_AUTHOR='Name <email>' or 'set identity' in the config file"));
		goto out;
	}
	if (git_repository_init_ext(&repo, path, &io) < 0) {
		git_fail(err, path);
		goto out;
	}
	buf_puts(&y, "# gatehouse packet repository; see gatehouse-packet(5).\n");
	buf_puts(&y, "schema: 1\n");
	yout_str(&y, 0, "name", rname);
	settings = buf_detach(&y);
	if (policy_tree(repo, policy_dir, name, email, &pol, err) < 0 ||
	    git_treebuilder_new(&tb, repo, NULL) < 0 ||
	    insert_text(repo, tb, "gatehouse.yaml", settings) < 0 ||
	    git_treebuilder_insert(NULL, tb, "policy", &pol, GIT_FILEMODE_TREE) < 0 ||
	    git_treebuilder_write(&root, tb) < 0 || git_tree_lookup(&tree, repo, &root) < 0 ||
	    git_signature_now(&sig, name, email) < 0 ||
	    git_commit_create(&commit, repo, "HEAD", sig, sig, "UTF-8",
	    "init: packet repository with the default policy pack\n\nGatehouse-Record: init\n",
	    tree, 0, NULL) < 0) {
		if (err->len == 0)
			git_fail(err, _("creating the first commit"));
		goto out;
	}
	if (!bare) {
		git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;

		co.checkout_strategy = GIT_CHECKOUT_SAFE;
		if (git_checkout_head(repo, &co) < 0) {
			git_fail(err, _("checking out"));
			goto out;
		}
	}
	r = 0;
out:
	free(name);
	free(email);
	free(settings);
	git_signature_free(sig);
	git_tree_free(tree);
	git_treebuilder_free(tb);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return r;
}

int
store_import(const char *path, const char *name, const char *email, const char *message,
    struct buf *err)
{
	git_repository_init_options o = GIT_REPOSITORY_INIT_OPTIONS_INIT;
	git_repository *repo = NULL;
	git_signature *sig = NULL;
	git_index *idx = NULL;
	git_tree *tree = NULL;
	git_oid tree_id, commit;
	int r;

	git_libgit2_init();
	o.flags = GIT_REPOSITORY_INIT_NO_REINIT;
	o.initial_head = "main";
	r = git_repository_init_ext(&repo, path, &o);
	if (r == 0)
		r = git_repository_index(&idx, repo);
	if (r == 0)
		r = git_index_add_all(idx, NULL, 0, NULL, NULL);
	if (r == 0 && (r = git_index_write(idx)) == 0)
		r = git_index_write_tree(&tree_id, idx);
	if (r == 0)
		r = git_tree_lookup(&tree, repo, &tree_id);
	if (r == 0)
		r = git_signature_now(&sig, name, email);
	if (r == 0)
		r = git_commit_create_v(&commit, repo, "HEAD", sig, sig, NULL, message, tree, 0);
	if (r < 0)
		git_fail(err, path);
	git_signature_free(sig);
	git_tree_free(tree);
	git_index_free(idx);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return r < 0 ? -1 : 0;
}
