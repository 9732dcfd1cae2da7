/* access.c -- roles and permissions from policy/roles.yaml. */
#include <config.h>

#include <string.h>
#include <strings.h>

#include "access.h"

const struct gh_person *
access_person(const struct gh_roles_file *rf, const char *email)
{
	size_t i;

	for (i = 0; rf && email && i < rf->people.n; i++)
		if (rf->people.v[i].email && strcasecmp(rf->people.v[i].email, email) == 0)
			return &rf->people.v[i];
	return NULL;
}

const struct gh_role *
access_role(const struct gh_roles_file *rf, const char *id)
{
	size_t i;

	for (i = 0; rf && id && i < rf->roles.n; i++)
		if (strcmp(rf->roles.v[i].id, id) == 0)
			return &rf->roles.v[i];
	return NULL;
}

static bool
role_may(const struct gh_role *r, int perm)
{
	size_t i;

	for (i = 0; r && i < r->may.n; i++)
		if (r->may.v[i] == perm)
			return true;
	return false;
}

static bool
holds(const struct gh_person *p, const char *role)
{
	size_t i;

	for (i = 0; p && i < p->roles.n; i++)
		if (strcmp(p->roles.v[i], role) == 0)
			return true;
	return false;
}

bool
access_may(const struct gh_roles_file *rf, const struct gh_person *p, int perm,
    const char *role)
{
	size_t i;

	if (p == NULL)
		return false;
	if (role)
		return holds(p, role) && role_may(access_role(rf, role), perm);
	for (i = 0; i < p->roles.n; i++)
		if (role_may(access_role(rf, p->roles.v[i]), perm))
			return true;
	return false;
}

const char *
access_signing_role(const struct gh_roles_file *rf, const struct gh_person *p, int perm,
    const char *role)
{
	size_t i, j;

	if (p == NULL)
		return NULL;
	if (role)
		return access_may(rf, p, perm, role) ? role : NULL;
	for (i = 0; rf && i < rf->required_signoffs.n; i++)
		for (j = 0; j < p->roles.n; j++)
			if (strcmp(p->roles.v[j], rf->required_signoffs.v[i]) == 0 &&
			    access_may(rf, p, perm, p->roles.v[j]))
				return p->roles.v[j];
	for (j = 0; j < p->roles.n; j++)
		if (access_may(rf, p, perm, p->roles.v[j]))
			return p->roles.v[j];
	return NULL;
}

char *
access_readers(const struct gh_roles_file *rf, int sensitivity)
{
	struct buf b = BUF_INIT;
	size_t i, j;

	for (i = 0; rf && i < rf->access.n; i++) {
		if (rf->access.v[i].sensitivity != sensitivity)
			continue;
		for (j = 0; j < rf->access.v[i].readers.n; j++)
			buf_printf(&b, "%s%s", b.len ? ", " : "", rf->access.v[i].readers.v[j]);
	}
	if (b.len == 0)
		buf_puts(&b, _("nobody listed"));
	return buf_detach(&b);
}
