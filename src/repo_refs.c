/* repo_refs.c -- checks that span files: identifiers are unique and every
 * reference (authority, role, option, gate) names something that exists. */
#include <config.h>

#include <string.h>

#include "repo.h"

/* Walk a GH_LIST of structs (stride bytes apart) by their id member. */
struct idlist {
	const char *base;
	size_t n, stride, id_off;
};

#define IDLIST(list, type, member) \
	((struct idlist){ (const char *)(list).v, (list).n, sizeof(type), offsetof(type, member) })

static const char *
id_at(const struct idlist *l, size_t i, const struct gh_obj **o)
{
	const char *item = l->base + i * l->stride;

	*o = (const struct gh_obj *)item;
	return *(const char *const *)(item + l->id_off);
}

static bool
has_id(const struct idlist *l, const char *id)
{
	const struct gh_obj *o;
	size_t i;

	for (i = 0; id && i < l->n; i++) {
		const char *x = id_at(l, i, &o);

		if (x && strcmp(x, id) == 0)
			return true;
	}
	return false;
}

static void
check_unique(const struct idlist *l, const char *what, struct diags *d)
{
	const struct gh_obj *o, *p;
	size_t i, j;

	for (i = 0; i < l->n; i++) {
		const char *a = id_at(l, i, &o);

		for (j = 0; a && j < i; j++) {
			const char *b = id_at(l, j, &p);

			if (b && strcmp(a, b) == 0) {
				diag_add(d, DIAG_ERROR, o->file, schema_pos_of(o, "id"),
				    _("duplicate %s id '%s' (first at line %d)"), what, a,
				    p->pos.line);
				break;
			}
		}
	}
}

/* Where key's value is; for a list, the item that reads id. */
static struct gh_pos
ref_pos(const struct gh_obj *o, const char *key, const char *id)
{
	const struct ynode *n = ydoc_map_get(o->node, key);
	size_t i;

	if (n && n->kind == YN_SEQ)
		for (i = 0; i < n->n; i++)
			if (n->kids[i]->kind == YN_SCALAR && strcmp(n->kids[i]->str, id) == 0)
				return n->kids[i]->pos;
	return n ? n->pos : o->pos;
}

static void
check_ref(const struct idlist *l, const struct gh_obj *o, const char *key,
    const char *id, const char *what, struct diags *d)
{
	if (id && l && !has_id(l, id))
		diag_add(d, DIAG_ERROR, o->file, ref_pos(o, key, id),
		    _("unknown %s '%s'"), what, id);
}

static void
check_policy(const struct gh_policy *p, struct diags *d)
{
	struct idlist auth, roles;
	size_t i, j;

	if (p->gates)
		check_unique(&IDLIST(p->gates->gates, struct gh_gate, id), _("gate"), d);
	if (p->options)
		check_unique(&IDLIST(p->options->options, struct gh_option, id), _("option"), d);
	if (p->calendar)
		check_unique(&IDLIST(p->calendar->freezes, struct gh_freeze, id), _("freeze"), d);
	if (p->authority) {
		auth = IDLIST(p->authority->authorities, struct gh_authority, id);
		check_unique(&auth, _("authority"), d);
		check_unique(&IDLIST(p->authority->routes, struct gh_route, id), _("route"), d);
		check_ref(&auth, &p->authority->o, "delegated", p->authority->delegated,
		    _("authority"), d);
		for (i = 0; i < p->authority->routes.n; i++)
			check_ref(&auth, &p->authority->routes.v[i].o, "authority",
			    p->authority->routes.v[i].authority, _("authority"), d);
	}
	if (p->roles == NULL)
		return;
	roles = IDLIST(p->roles->roles, struct gh_role, id);
	check_unique(&roles, _("role"), d);
	check_unique(&IDLIST(p->roles->people, struct gh_person, id), _("person"), d);
	for (i = 0; i < p->roles->people.n; i++) {
		const struct gh_person *pe = &p->roles->people.v[i];

		for (j = 0; j < pe->roles.n; j++)
			check_ref(&roles, &pe->o, "roles", pe->roles.v[j], _("role"), d);
	}
	for (i = 0; i < p->roles->access.n; i++) {
		const struct gh_class_access *a = &p->roles->access.v[i];

		for (j = 0; j < a->readers.n; j++)
			check_ref(&roles, &a->o, "readers", a->readers.v[j], _("role"), d);
	}
	for (i = 0; i < p->roles->required_signoffs.n; i++)
		check_ref(&roles, &p->roles->o, "required_signoffs",
		    p->roles->required_signoffs.v[i], _("role"), d);
}

static void
check_review_refs(const struct gh_repo *r, const struct gh_review *rv, struct diags *d)
{
	const struct gh_policy *p = &r->policy;

	if (p->options)
		check_ref(&IDLIST(p->options->options, struct gh_option, id), &rv->o, "option",
		    rv->option, _("option"), d);
	if (p->authority)
		check_ref(&IDLIST(p->authority->authorities, struct gh_authority, id), &rv->o,
		    "authority", rv->authority, _("authority"), d);
	if (p->roles)
		check_ref(&IDLIST(p->roles->roles, struct gh_role, id), &rv->o, "role",
		    rv->role, _("role"), d);
}

void
repo_check_refs(const struct gh_repo *r, struct diags *d)
{
	size_t i, j;

	check_policy(&r->policy, d);
	for (i = 0; i < r->packets.n; i++) {
		const struct gh_packet *pk = &r->packets.v[i];

		for (j = 0; j < pk->reviews.n; j++)
			check_review_refs(r, pk->reviews.v[j], d);
	}
	for (i = 0; r->policy.authority && i < r->precedents.n; i++)
		check_ref(&IDLIST(r->policy.authority->authorities, struct gh_authority, id),
		    &r->precedents.v[i]->o, "decided_by", r->precedents.v[i]->decided_by,
		    _("authority"), d);
}
