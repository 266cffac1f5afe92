/*
 * names.c: the names a certificate row shows, kept per process.
 *
 * A row of 证书发放管理 (and of its exports, and a student's own list)
 * names its institution (code and name), certificate type (name and
 * level), organisation, plan and 考核站点 (an institution).  Joining
 * those five small tables on every page made MariaDB optimise an
 * eight-table join on every execution of the prepared statement, most of
 * its cost; the rows now carry the ids (COLS in sql_list.c) and this
 * process names them from its copy of the tables.  The copy is process
 * state that holds no user data, and it is kept while the 'all' version
 * of choice_version (0024: bumped in the transaction of every change of
 * those tables) is the one it was read at.  An id the copy lacks (a row
 * newer than the version the page read) reads the tables again.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "issuance.h"

enum nm_kind { NM_INST, NM_TYPE, NM_ORG, NM_PLAN, NM__MAX };

struct	nm {
	int64_t		 id;
	char		*a;		/* code or name */
	char		*b;		/* name, level or "" */
};

struct	nmset {
	struct nm	*v;
	size_t		 n;
};

static const size_t	 nm_stmt[NM__MAX] = { STMT_N_INST, STMT_N_TYPE,
			    STMT_N_ORG, STMT_N_PLAN };
static struct nmset	 sets[NM__MAX];
static int64_t		 kept = -1;	/* the version read at; -1: none */

static void
set_free(struct nmset *s)
{
	size_t	 i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].a);
		free(s->v[i].b);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* Read one table (id order) into s; s is left as it was on an error. */
static enum rc
set_load(struct req *r, size_t stmt, struct nmset *s)
{
	struct dbq	*q;
	struct nmset	 t = { NULL, 0 };
	const char	*a, *b;
	int64_t		 id;
	size_t		 cap;
	int		 row;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, stmt, DB_NOARGS)) == NULL)
		return rc;
	cap = db_rows(q) + 1;
	if ((t.v = calloc(cap, sizeof(*t.v))) == NULL)
		return RC_ERROR;
	while (t.n < cap && (row = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&a),
	    DB_OS(&b)))) == 1) {
		t.v[t.n].id = id;
		t.v[t.n].a = strdup(a);
		t.v[t.n].b = strdup(b);
		t.n++;
		if (t.v[t.n - 1].a == NULL || t.v[t.n - 1].b == NULL) {
			row = -1;
			break;
		}
	}
	if (row == -1) {
		set_free(&t);
		return RC_ERROR;
	}
	set_free(s);
	*s = t;
	return RC_OK;
}

/*
 * Keep the names at version (the 'all' version of choice_version; -1:
 * read it now): read the tables again unless they were read at it.
 */
enum rc
names_sync(struct req *r, int64_t version)
{
	size_t	 k;
	enum rc	 rc;

	if (version < 0 && (rc = db_row(r->db, r->arena, STMT_N_VERSION,
	    DB_NOARGS, DB_OUT(DB_OI(&version)))) != RC_OK)
		return rc;
	if (version == kept)
		return RC_OK;
	kept = -1;
	for (k = 0; k < NM__MAX; k++)
		if ((rc = set_load(r, nm_stmt[k], &sets[k])) != RC_OK)
			return rc;
	kept = version;
	return RC_OK;
}

static const struct nm *
find(enum nm_kind k, const char *idtext)
{
	const struct nmset *s = &sets[k];
	int64_t		 id;
	size_t		 lo = 0, hi = s->n, mid;

	if (valid_int(idtext, 1, INT64_MAX, &id) == -1)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (s->v[mid].id == id)
			return &s->v[mid];
		if (s->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* The columns of a row named from each table: the id is in column a. */
static const struct {
	enum nm_kind	 k;
	int		 a, b;		/* a: code or name; b: name, level, -1 */
	int		 optional;	/* an empty id: none (the site) */
} map[] = {
	{ NM_INST, IC_INSTCODE, IC_INSTNAME, 0 },
	{ NM_TYPE, IC_CERT, IC_LEVEL, 0 },
	{ NM_ORG, IC_ORG, -1, 0 },
	{ NM_PLAN, IC_PLAN, -1, 0 },
	{ NM_INST, IC_SITECODE, IC_SITENAME, 1 },
};

/* Name the ids of w; 0 when all were found, -1 (w unchanged) if not. */
static int
fill(struct req *r, struct iss_row *w)
{
	const struct nm	*e[nitems(map)];
	size_t		 i;

	for (i = 0; i < nitems(map); i++) {
		e[i] = NULL;
		if (map[i].optional && *w->c[map[i].a] == '\0')
			continue;
		if ((e[i] = find(map[i].k, w->c[map[i].a])) == NULL)
			return -1;
	}
	for (i = 0; i < nitems(map); i++) {
		if (e[i] == NULL)
			continue;
		w->c[map[i].a] = arena_strdup(r->arena, e[i]->a);
		if (map[i].b >= 0)
			w->c[map[i].b] = arena_strdup(r->arena, e[i]->b);
	}
	return 0;
}

/*
 * Replace the ids iss_row_next() left in w's institution, type,
 * organisation, plan and site columns with their names (copies in the
 * request's memory).  An id not kept reads the tables again once; one
 * still unknown (none: the rows' foreign keys) is shown empty.
 */
enum rc
names_fill(struct req *r, struct iss_row *w)
{
	size_t	 i;
	enum rc	 rc;

	if (kept >= 0 && fill(r, w) == 0)
		return RC_OK;
	kept = -1;		/* whatever the version says: read again */
	if ((rc = names_sync(r, -1)) != RC_OK)
		return rc;
	if (fill(r, w) == 0)
		return RC_OK;
	for (i = 0; i < nitems(map); i++) {
		w->c[map[i].a] = "";
		if (map[i].b >= 0)
			w->c[map[i].b] = "";
	}
	return RC_OK;
}
