/* page_export.c: the filtered student list as XLSX (libxlsxwriter), formulas neutralised. */
#include <string.h>

#include <xlsxwriter.h>

#include "app.h"
#include "students.h"

enum { XF_NAME, XF_IDX, XF__MAX };
static const struct field export_fields[XF__MAX] = {
	{ "name", FT_TEXT, 120 },	/* XF_NAME */
	{ "idx", FT_TEXT, 64 },		/* XF_IDX: blind index, hex */
};

static enum rc
write_rows(struct req *r, lxw_worksheet *ws, struct dbq *q)
{
	static const char *const head[] = { "学生姓名", "性别", "证件类型",
	    "证件号码（已脱敏）", "学生类型", "院校代码", "所属院校", "专业",
	    "班级", "待完善项" };
	const char	*c[9];
	int64_t		 id, nflags;
	lxw_row_t	 row = 1;
	size_t		 k;
	int		 got;

	for (k = 0; k < nitems(head); k++)
		worksheet_write_string(ws, 0, (lxw_col_t)k, head[k], NULL);
	while ((got = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&c[0]), DB_OS(&c[1]),
	    DB_OS(&c[2]), DB_OS(&c[3]), DB_OS(&c[4]), DB_OS(&c[5]),
	    DB_OS(&c[6]), DB_OS(&c[7]), DB_OS(&c[8]), DB_OI(&nflags)))) == 1) {
		for (k = 0; k < 9; k++)
			worksheet_write_string(ws, row, (lxw_col_t)k,
			    xlsx_text(r->arena, c[k]), NULL);
		worksheet_write_number(ws, row, 9, (double)nflags, NULL);
		row++;
	}
	return got == -1 ? RC_ERROR : RC_OK;
}

/* The export per scope (scope_get), as the list shows. */
static const size_t exports[SCOPE__MAX] = {
	[SCOPE_PLATFORM] = STMT_EXPORT_ADMIN,
	[SCOPE_ORG] = STMT_EXPORT_ORG,
	[SCOPE_INST] = STMT_EXPORT_INST,
};

/* GET /students/export: what the list shows, as students.xlsx. */
enum rc
stud_export(struct req *r)
{
	struct fval	 v[XF__MAX];
	struct dbq	*q;
	lxw_workbook	*wb;
	lxw_worksheet	*ws;
	unsigned char	 idx[32] = { 0 };
	int64_t		 has_id = 0;
	const char	*name, *path;
	struct scope	 sc;
	enum rc		 rc;

	if ((rc = req_form(r, export_fields, XF__MAX, v)) != RC_OK)
		return rc;
	name = v[XF_NAME].present ? valid_trim(r->arena, v[XF_NAME].val) : "";
	/* The list's ID filter comes as its blind index, never the number. */
	if (v[XF_IDX].present && v[XF_IDX].len > 0) {
		if (sec_unhex(v[XF_IDX].val, idx, sizeof(idx)) == -1)
			return RC_BADREQ;
		has_id = 1;
	}
	if ((rc = scope_get(r, exports, &sc)) != RC_OK)
		return rc;
	if ((q = db_run(r->db, r->arena, &rc, sc.stmt, DB_ARGS(DB_I(sc.id),
	    DB_S(name), DB_S(name), DB_I(has_id),
	    DB_B(idx, sizeof(idx))))) == NULL)
		return rc;
	if ((wb = xlsx_new(r->arena, &path)) == NULL)
		return RC_ERROR;
	if ((ws = workbook_add_worksheet(wb, "学生信息")) == NULL) {
		workbook_close(wb);
		return RC_ERROR;
	}
	if ((rc = write_rows(r, ws, q)) != RC_OK) {
		workbook_close(wb);
		return rc;
	}
	return xlsx_send(r, wb, path, "students.xlsx");
}
