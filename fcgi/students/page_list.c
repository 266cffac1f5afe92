/* page_list.c: 学生信息, the student list scoped to the caller. */
#include "app.h"
#include "students.h"

enum { LF_NAME, LF_PAGE, LF__MAX };
static const struct field list_fields[LF__MAX] = {
	{ "name", FT_TEXT, 120 },	/* LF_NAME */
	{ "page", FT_TEXT, 6 },		/* LF_PAGE */
};

#define PAGE_SIZE	50

static struct dbq *
list_query(struct req *r, const char *name, int64_t off, enum rc *rc)
{
	switch (r->sess.role) {
	case ROLE_PRINCIPAL:
	case ROLE_BIZ:
		return db_run(r->db, r->arena, rc, STMT_LIST_INST, "issi",
		    r->sess.inst_id, name, name, off);
	case ROLE_ORG:
		return db_run(r->db, r->arena, rc, STMT_LIST_ORG, "issi",
		    r->sess.org_id, name, name, off);
	default:
		return db_run(r->db, r->arena, rc, STMT_LIST_ADMIN, "issi",
		    (int64_t)0, name, name, off);
	}
}

/* GET /students: 50 a page, filtered by exact name. */
enum rc
stud_list(struct req *r)
{
	struct fval	 v[LF__MAX];
	struct dbq	*q;
	const char	*c[9], *name;
	int64_t		 id, page = 1;
	int		 i = 0, row;
	enum rc		 rc;

	if ((rc = req_form(r, list_fields, LF__MAX, v)) != RC_OK)
		return rc;
	name = v[LF_NAME].present ? valid_trim(r->arena, v[LF_NAME].val) : "";
	if (v[LF_PAGE].present && valid_int(v[LF_PAGE].val, 1, 100000, &page))
		return RC_BADREQ;
	if ((q = list_query(r, name, (page - 1) * PAGE_SIZE, &rc)) == NULL)
		return rc == RC_OK ? RC_ERROR : rc;
	while ((row = db_next(q, "issssssss" "s", &id, &c[0], &c[1], &c[2],
	    &c[3], &c[4], &c[5], &c[6], &c[7], &c[8])) == 1) {
		if (i == PAGE_SIZE) {
			tmpl_seti(r, "List.Next", page + 1);
			break;
		}
		tmpl_setn(r, c[0], "Students.%d.Name", i);
		tmpl_setn(r, c[1], "Students.%d.Gender", i);
		tmpl_setn(r, c[2], "Students.%d.IdType", i);
		tmpl_setn(r, c[3], "Students.%d.IdMask", i);
		tmpl_setn(r, c[4], "Students.%d.Type", i);
		tmpl_setn(r, c[5], "Students.%d.InstCode", i);
		tmpl_setn(r, c[6], "Students.%d.InstName", i);
		tmpl_setn(r, c[7], "Students.%d.Major", i);
		tmpl_setn(r, c[8], "Students.%d.Class", i);
		i++;
	}
	if (row == -1)
		return RC_ERROR;
	if (page > 1)
		tmpl_seti(r, "List.Prev", page - 1);
	tmpl_seti(r, "List.Page", page);
	tmpl_seti(r, "List.Shown", i);
	tmpl_set(r, "Form.name", name);
	r->personal = 1;
	return tmpl_page(r, 200, "students/list.cs", "学生信息");
}
