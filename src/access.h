/* access.h -- who may do what, from policy/roles.yaml. */
#ifndef GH_ACCESS_H
#define GH_ACCESS_H

#include "model.h"

/* The person whose e-mail matches (case-insensitive), or NULL. */
const struct gh_person *access_person(const struct gh_roles_file *rf, const char *email);
/* The role definition, or NULL. */
const struct gh_role *access_role(const struct gh_roles_file *rf, const char *id);
/* Does person p hold role (any of its roles when role is NULL) with perm? */
bool access_may(const struct gh_roles_file *rf, const struct gh_person *p, int perm,
    const char *role);
/* The role a sign-off is made in: role when given and held with the
 * permission, else the first held role with it that is a required
 * sign-off, else the first held role with it; NULL if none. */
const char *access_signing_role(const struct gh_roles_file *rf, const struct gh_person *p,
    int perm, const char *role);

/* "sre, security, change-lead": roles that may read a sensitivity class,
 * or "nobody listed"; caller frees. */
char *access_readers(const struct gh_roles_file *rf, int sensitivity);

#endif
