/* page_list.c: 学生信息, the student list scoped to the caller. */
#include <string.h>

#include "app.h"
#include "idno.h"
#include "students.h"

enum { LF_NAME, LF_IDX, LF_IDBAD, LF_PAGE, LF_AFTER, LF_BEFORE, LF__MAX };
static const struct field list_fields[LF__MAX] = {
	{ "name", FT_TEXT, 120 },	/* LF_NAME */
	{ "idx", FT_TEXT, 64 },		/* LF_IDX: blind index, hex */
	{ "idbad", FT_TEXT, 1 },	/* LF_IDBAD */
	{ "page", FT_TEXT, 6 },		/* LF_PAGE: shown only */
	{ "after", FT_TEXT, 41 },	/* LF_AFTER: key "inst.id" */
	{ "before", FT_TEXT, 41 },	/* LF_BEFORE */
};

enum { FF_NAME, FF_IDNO, FF__MAX };
static const struct field find_fields[FF__MAX] = {
	{ "name", FT_TEXT, 120 },	/* FF_NAME */
	{ "idno", FT_TEXT, 40 },	/* FF_IDNO */
};

#define PAGE_SIZE	50

/* A list position: a row's (institution, id), the list's order. */
struct	key {
	int64_t		 inst, id;
};

struct	filter {
	const char	*name;
	unsigned char	 idx[32];
	int64_t		 has_id;
	struct key	 k;		/* after it, or before it if back */
	int		 back;
};

/* One row of the list (its strings live in the request's arena). */
struct	row {
	struct key	 k;
	const char	*c[9];
	int64_t		 flags;
};

/*
 * The six statements per scope (scope_get; students have no list here),
 * in the order of students.h: next and previous, unfiltered, driven by
 * the name, driven by the ID number.
 */
static const size_t lists[SCOPE__MAX] = {
	[SCOPE_PLATFORM] = STMT_LIST_ADMIN,
	[SCOPE_ORG] = STMT_LIST_ORG,
	[SCOPE_INST] = STMT_LIST_INST,
};

static struct dbq *
list_query(struct req *r, const struct filter *f, enum rc *rc)
{
	struct scope	 sc;
	size_t		 stmt;

	if ((*rc = scope_get(r, lists, &sc)) != RC_OK)
		return NULL;
	stmt = sc.stmt + (f->has_id ? 4 : *f->name != '\0' ? 2 : 0) +
	    (f->back ? 1 : 0);
	return db_run(r->db, r->arena, rc, stmt, DB_ARGS(DB_I(sc.id),
	    DB_S(f->name), DB_S(f->name), DB_I(f->has_id),
	    DB_B(f->idx, sizeof(f->idx)), DB_I(f->k.inst), DB_I(f->k.inst),
	    DB_I(f->k.id)));
}

/* Parse a list key "inst.id"; returns -1 if it is not one. */
static int
key_parse(struct req *r, const char *s, struct key *k)
{
	const char	*dot;

	if ((dot = strchr(s, '.')) == NULL ||
	    valid_int(arena_strndup(r->arena, s, dot - s), 1, INT64_MAX,
	    &k->inst) || valid_int(dot + 1, 1, INT64_MAX, &k->id))
		return -1;
	return 0;
}

/* The ID filter matches any ID type: try each until one validates. */
static int
id_filter(struct req *r, const char *s, unsigned char idx[32])
{
	char	 id[24];
	int	 t;

	for (t = 0; t < IDT__MAX; t++)
		if (idno_valid((enum idtype)t, s, id) == NULL) {
			idno_index(r->cfg, id, idx);
			return 1;
		}
	return 0;
}

/*
 * POST /students/find: an ID number must never travel in a URL, so the
 * filter form posts it here and is sent back to the list with its
 * blind index (a keyed hash) instead.
 */
enum rc
stud_find(struct req *r)
{
	struct fval	 v[FF__MAX];
	unsigned char	 idx[32];
	char		 hex[65];
	const char	*name, *idno;
	enum rc		 rc;

	if ((rc = req_form(r, find_fields, FF__MAX, v)) != RC_OK)
		return rc;
	name = resp_urlenc(r->arena, v[FF_NAME].present ?
	    valid_trim(r->arena, v[FF_NAME].val) : "");
	idno = v[FF_IDNO].present ? valid_trim(r->arena, v[FF_IDNO].val) : "";
	if (*idno == '\0')
		return resp_redirect(r, "/students?name=%s", name);
	if (!id_filter(r, idno, idx))
		return resp_redirect(r, "/students?name=%s&idbad=1", name);
	sec_hex(idx, sizeof(idx), hex);
	return resp_redirect(r, "/students?name=%s&idx=%s", name, hex);
}

/*
 * Put the rows on the page, in list order, and the pager's keys; each
 * row's values set relative to its node (no formatted path per value).
 */
static void
list_show(struct req *r, const struct row *rows, int n)
{
	static const char *const names[] = { "Name", "Gender", "IdType",
	    "IdMask", "Type", "InstCode", "InstName", "Major", "Class" };
	struct _hdf	*list, *row;
	size_t		 k;
	int		 i;

	list = n > 0 ? tmpl_node(r, "Students") : NULL;
	for (i = 0; i < n; i++) {
		if ((row = tmpl_child(list, i)) == NULL)
			break;
		tmpl_nseti(row, "Id", rows[i].k.id);
		for (k = 0; k < nitems(names); k++)
			tmpl_nset(row, names[k], rows[i].c[k]);
		tmpl_nseti(row, "Flags", rows[i].flags);
	}
	if (n > 0) {
		tmpl_set(r, "List.First", arena_printf(r->arena, "%lld.%lld",
		    (long long)rows[0].k.inst, (long long)rows[0].k.id));
		tmpl_set(r, "List.Last", arena_printf(r->arena, "%lld.%lld",
		    (long long)rows[n - 1].k.inst,
		    (long long)rows[n - 1].k.id));
	}
}

/*
 * GET /students: 50 a page in (institution, id) order, filtered by exact
 * name or ID number; keyset pages after= or before= a row's key (read
 * backwards and reversed), page= is only the number shown.
 */
enum rc
stud_list(struct req *r)
{
	struct fval	 v[LF__MAX];
	struct filter	 f = { 0 };
	struct row	 rows[PAGE_SIZE + 1], *w;
	struct dbq	*q;
	int64_t		 page = 1;
	int		 i, n = 0, row, more;
	enum rc		 rc;

	if ((rc = req_form(r, list_fields, LF__MAX, v)) != RC_OK)
		return rc;
	f.name = v[LF_NAME].present ? valid_trim(r->arena, v[LF_NAME].val) : "";
	if (v[LF_PAGE].present && valid_int(v[LF_PAGE].val, 1, 100000, &page))
		return RC_BADREQ;
	if (v[LF_AFTER].present && v[LF_AFTER].len > 0 &&
	    key_parse(r, v[LF_AFTER].val, &f.k) == -1)
		return RC_BADREQ;
	if (v[LF_BEFORE].present && v[LF_BEFORE].len > 0) {
		if (key_parse(r, v[LF_BEFORE].val, &f.k) == -1)
			return RC_BADREQ;
		f.back = 1;
	}
	if (v[LF_IDBAD].present) {
		tmpl_set(r, "Form.Error", "证件号码格式不正确");
		f.name = "\x01";	/* matches no one */
	} else if (v[LF_IDX].present && v[LF_IDX].len > 0) {
		if (sec_unhex(v[LF_IDX].val, f.idx, sizeof(f.idx)) == -1)
			return RC_BADREQ;
		f.has_id = 1;
		tmpl_set(r, "Form.IdFiltered", "1");
		tmpl_set(r, "Form.idx", v[LF_IDX].val);	/* a keyed hash */
	}
	if ((q = list_query(r, &f, &rc)) == NULL)
		return rc;
	while (n <= PAGE_SIZE) {
		w = &rows[n];
		if ((row = db_next(q, DB_OUT(DB_OI(&w->k.id), DB_OS(&w->c[0]),
		    DB_OS(&w->c[1]), DB_OS(&w->c[2]), DB_OS(&w->c[3]),
		    DB_OS(&w->c[4]), DB_OS(&w->c[5]), DB_OS(&w->c[6]),
		    DB_OS(&w->c[7]), DB_OS(&w->c[8]), DB_OI(&w->flags),
		    DB_OI(&w->k.inst)))) != 1)
			break;
		n++;
	}
	if (n <= PAGE_SIZE && row == -1)
		return RC_ERROR;
	more = n > PAGE_SIZE;
	if (more)
		n = PAGE_SIZE;
	if (f.back) {
		/* Read backwards: put in order; at the start, page 1. */
		for (i = 0; i < n / 2; i++) {
			struct row	 t = rows[i];

			rows[i] = rows[n - 1 - i];
			rows[n - 1 - i] = t;
		}
		if (!more)
			page = 1;
		else if (page < 2)
			page = 2;
	}
	list_show(r, rows, n);
	if (f.back ? n > 0 : more)
		tmpl_seti(r, "List.Next", page + 1);
	if (f.back ? more : page > 1 && n > 0)
		tmpl_seti(r, "List.Prev", page - 1);
	tmpl_seti(r, "List.Page", page);
	tmpl_seti(r, "List.Shown", n);
	tmpl_set(r, "Form.name", f.name[0] == '\x01' ? "" : f.name);
	r->personal = 1;
	return tmpl_page(r, 200, "students/list.cs", "学生信息");
}
