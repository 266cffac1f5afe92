/* page_list.c: 学生信息, the student list scoped to the caller. */
#include <string.h>

#include "app.h"
#include "idno.h"
#include "students.h"

enum { LF_NAME, LF_IDX, LF_IDBAD, LF_PAGE, LF__MAX };
static const struct field list_fields[LF__MAX] = {
	{ "name", FT_TEXT, 120 },	/* LF_NAME */
	{ "idx", FT_TEXT, 64 },		/* LF_IDX: blind index, hex */
	{ "idbad", FT_TEXT, 1 },	/* LF_IDBAD */
	{ "page", FT_TEXT, 6 },		/* LF_PAGE */
};

enum { FF_NAME, FF_IDNO, FF__MAX };
static const struct field find_fields[FF__MAX] = {
	{ "name", FT_TEXT, 120 },	/* FF_NAME */
	{ "idno", FT_TEXT, 40 },	/* FF_IDNO */
};

#define PAGE_SIZE	50

struct	filter {
	const char	*name;
	unsigned char	 idx[32];
	int64_t		 has_id, off;
};

/* The list per scope (scope_get); students have no list here. */
static const size_t lists[SCOPE__MAX] = {
	[SCOPE_PLATFORM] = STMT_LIST_ADMIN,
	[SCOPE_ORG] = STMT_LIST_ORG,
	[SCOPE_INST] = STMT_LIST_INST,
};

static struct dbq *
list_query(struct req *r, const struct filter *f, enum rc *rc)
{
	struct scope	 sc;

	if ((*rc = scope_get(r, lists, &sc)) != RC_OK)
		return NULL;
	return db_run(r->db, r->arena, rc, sc.stmt, DB_ARGS(DB_I(sc.id),
	    DB_S(f->name), DB_S(f->name), DB_I(f->has_id),
	    DB_B(f->idx, sizeof(f->idx)), DB_I(f->off)));
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

/* GET /students: 50 a page, filtered by exact name or ID number. */
enum rc
stud_list(struct req *r)
{
	struct fval	 v[LF__MAX];
	struct filter	 f = { 0 };
	struct dbq	*q;
	const char	*c[10];
	int64_t		 id, page = 1, nflags;
	int		 i = 0, row;
	enum rc		 rc;

	if ((rc = req_form(r, list_fields, LF__MAX, v)) != RC_OK)
		return rc;
	f.name = v[LF_NAME].present ? valid_trim(r->arena, v[LF_NAME].val) : "";
	if (v[LF_PAGE].present && valid_int(v[LF_PAGE].val, 1, 100000, &page))
		return RC_BADREQ;
	f.off = (page - 1) * PAGE_SIZE;
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
	while ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&c[0]), DB_OS(&c[1]),
	    DB_OS(&c[2]), DB_OS(&c[3]), DB_OS(&c[4]), DB_OS(&c[5]),
	    DB_OS(&c[6]), DB_OS(&c[7]), DB_OS(&c[8]), DB_OI(&nflags)))) == 1) {
		if (i == PAGE_SIZE) {
			tmpl_seti(r, "List.Next", page + 1);
			break;
		}
		tmpl_setin(r, id, "Students.%d.Id", i);
		tmpl_setn(r, c[0], "Students.%d.Name", i);
		tmpl_setn(r, c[1], "Students.%d.Gender", i);
		tmpl_setn(r, c[2], "Students.%d.IdType", i);
		tmpl_setn(r, c[3], "Students.%d.IdMask", i);
		tmpl_setn(r, c[4], "Students.%d.Type", i);
		tmpl_setn(r, c[5], "Students.%d.InstCode", i);
		tmpl_setn(r, c[6], "Students.%d.InstName", i);
		tmpl_setn(r, c[7], "Students.%d.Major", i);
		tmpl_setn(r, c[8], "Students.%d.Class", i);
		tmpl_setin(r, nflags, "Students.%d.Flags", i);
		i++;
	}
	if (row == -1)
		return RC_ERROR;
	if (page > 1)
		tmpl_seti(r, "List.Prev", page - 1);
	tmpl_seti(r, "List.Page", page);
	tmpl_seti(r, "List.Shown", i);
	tmpl_set(r, "Form.name", f.name[0] == '\x01' ? "" : f.name);
	r->personal = 1;
	return tmpl_page(r, 200, "students/list.cs", "学生信息");
}
