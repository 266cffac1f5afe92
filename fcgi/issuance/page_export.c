/* page_export.c: 批量导出发证记录 (XLSX, CSV) of the list's filter, and 批量预览 of selected certificates. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gd.h>
#include <xlsxwriter.h>

#include "app.h"
#include "cert.h"
#include "img.h"
#include "issuance.h"

static const char *const head[] = { "学生姓名", "身份证号（已脱敏）",
    "学生类型", "院校代码", "所属院校", "证书编号", "证书名称", "证书等级",
    "颁证机构", "发证时间", "考试计划", "考核站点代码", "考核站点",
    "考核状态", "成绩", "证书状态", "拒绝理由" };

/*
 * A cell's text as exported: a cell that starts like a formula
 * (= + - @, after blanks) gets a leading "'" so no spreadsheet
 * evaluates it, in XLSX (where cells are strings anyway) as in CSV.
 */
static const char *
cell(struct arena *a, const struct iss_row *w, size_t k)
{
	const char	*s = w->c[k];

	if (k == IC_STATUS)
		s = cert_label(cert_parse(s));
	if (s == NULL)
		return "";
	return csvdoc_formula(s) ? arena_printf(a, "'%s", s) : s;
}

/*
 * The filtered rows in the list's order, at most EXPORT_MAX, into *q (NULL
 * for a filter that cannot match: a file with the header only).  More
 * is refused with a message page (*sent), never sent cut short.
 */
static enum rc
export_rows(struct req *r, struct dbq **q, int *sent)
{
	struct iss_filter f;
	enum rc		 rc;

	*q = NULL;
	*sent = 0;
	if ((rc = iss_filter_parse(r, &f)) != RC_OK || f.none ||
	    (rc = names_sync(r, -1)) != RC_OK)
		return rc;
	if ((*q = iss_filter_run(r, &f, 0, 0, EXPORT_MAX + 1, 0,
	    &rc)) == NULL)
		return rc;
	if (db_rows(*q) > EXPORT_MAX) {
		*sent = 1;
		tmpl_set(r, "Page.Message", "符合条件的发证记录超过 100000 条，"
		    "请按考试计划、院校或状态筛选后分批导出");
		return tmpl_page(r, 400, "issuance/message.cs",
		    "批量导出发证记录");
	}
	return RC_OK;
}

/*
 * Start the workbook x in a temporary file (removed with the request)
 * with one sheet and its header row.
 */
enum rc
iss_xlsx_open(struct req *r, struct iss_xlsx *x, const char *sheet,
    const char *const *cols, size_t n)
{
	const char	*path;
	size_t		 k;

	memset(x, 0, sizeof(*x));
	if ((x->wb = xlsx_new_opt(r->arena, &path, 1)) == NULL)
		return RC_ERROR;
	x->path = path;
	if ((x->ws = workbook_add_worksheet(x->wb, sheet)) == NULL) {
		workbook_close(x->wb);
		return RC_ERROR;
	}
	for (k = 0; k < n; k++)
		worksheet_write_string(x->ws, 0, (lxw_col_t)k, cols[k], NULL);
	x->row = 1;
	return RC_OK;
}

/* One row of n cells. */
void
iss_xlsx_row(struct iss_xlsx *x, const char *const *c, size_t n)
{
	size_t	 k;

	for (k = 0; k < n; k++)
		worksheet_write_string(x->ws, x->row, (lxw_col_t)k, c[k], NULL);
	x->row++;
}

/*
 * Finish the workbook and send it as the download name (NULL: only
 * close it, after a failure).
 */
enum rc
iss_xlsx_close(struct req *r, struct iss_xlsx *x, const char *name)
{
	if (name != NULL)
		return xlsx_send(r, x->wb, x->path, name);
	if (workbook_close(x->wb) != LXW_NO_ERROR)
		log_warnx("xlsx: workbook_close failed");
	return RC_ERROR;
}

/* GET /certs/export.xlsx: the list's filter as certificates.xlsx. */
enum rc
iss_export_xlsx(struct req *r)
{
	struct iss_xlsx	 x;
	struct iss_row	 w;
	struct dbq	*q;
	const char	*c[IC_SHOWN];
	size_t		 k;
	int		 got = 0, sent;
	enum rc		 rc;

	if ((rc = export_rows(r, &q, &sent)) != RC_OK || sent)
		return rc;
	if ((rc = iss_xlsx_open(r, &x, "发证记录", head, nitems(head))) !=
	    RC_OK)
		return rc;
	while (q != NULL && (got = iss_row_next(q, &w)) == 1) {
		if (names_fill(r, &w) != RC_OK) {
			got = -1;
			break;
		}
		for (k = 0; k < IC_SHOWN; k++)
			c[k] = cell(r->arena, &w, k);
		iss_xlsx_row(&x, c, IC_SHOWN);
	}
	return iss_xlsx_close(r, &x, got == -1 ? NULL : "certificates.xlsx");
}

/* Append s to b as one RFC 4180 field. */
static void
csv_field(struct buf *b, const char *s)
{
	const char	*p;

	if (strpbrk(s, "\",\r\n") == NULL) {
		buf_puts(b, s);
		return;
	}
	buf_puts(b, "\"");
	for (p = s; *p; p++)
		if (*p == '"')
			buf_puts(b, "\"\"");
		else
			buf_add(b, p, 1);
	buf_puts(b, "\"");
}

/* GET /certs/export.csv: the same rows as UTF-8 CSV (with BOM, for Excel). */
enum rc
iss_export_csv(struct req *r)
{
	struct iss_row	 w;
	struct dbq	*q;
	struct buf	 b;
	size_t		 k;
	int		 got = 0, sent;
	enum rc		 rc;

	if ((rc = export_rows(r, &q, &sent)) != RC_OK || sent)
		return rc;
	buf_init(&b, r->arena);
	buf_puts(&b, "\xef\xbb\xbf");
	for (k = 0; k < nitems(head); k++) {
		buf_puts(&b, k ? "," : "");
		csv_field(&b, head[k]);
	}
	buf_puts(&b, "\r\n");
	while (q != NULL && (got = iss_row_next(q, &w)) == 1) {
		if (names_fill(r, &w) != RC_OK) {
			got = -1;
			break;
		}
		for (k = 0; k < IC_SHOWN; k++) {
			buf_puts(&b, k ? "," : "");
			csv_field(&b, cell(r->arena, &w, k));
		}
		buf_puts(&b, "\r\n");
	}
	if (got == -1)
		return RC_ERROR;
	resp_header(r, "Content-Disposition",
	    "attachment; filename=\"certificates.csv\"");
	return resp_send(r, 200, "text/csv; charset=utf-8", b.p, b.len);
}

/* The scope's two parameter pairs of SCOPE in sql_list.c. */
static enum rc
scope_args(struct req *r, struct dbarg a[4])
{
	struct scope	 sc;
	enum rc		 rc;

	if ((rc = scope_get(r, NULL, &sc)) != RC_OK)
		return rc;
	if (sc.kind == SCOPE_OWN)
		return RC_NOTFOUND;
	a[0] = a[1] = DB_I(sc.kind == SCOPE_INST ? sc.id : 0);
	a[2] = a[3] = DB_I(sc.kind == SCOPE_ORG ? sc.id : 0);
	return RC_OK;
}

/*
 * POST /certs/preview (批量预览 with the checked rows): to the preview
 * page of at most PREVIEW_MAX of them (GET, so it reloads).
 */
enum rc
iss_preview_post(struct req *r)
{
	static const struct field f[] = { { "id", FT_IDS, 100 * 20 } };
	struct fval	 v[1];
	struct idset	 ids;
	struct buf	 b;
	size_t		 i;
	enum rc		 rc;

	if ((rc = req_form(r, f, 1, v)) != RC_OK)
		return rc;
	if (!v[0].present || v[0].invalid ||
	    idset_parse(r, v[0].val, &ids) != RC_OK) {
		tmpl_set(r, "Page.Message", v[0].invalid ?
		    "一次最多预览 20 份证书" : "请先勾选要预览的证书");
		return tmpl_page(r, 400, "issuance/message.cs", "批量预览");
	}
	buf_init(&b, r->arena);
	for (i = 0; i < ids.n && i < PREVIEW_MAX; i++)
		buf_printf(&b, "%sid=%lld", i ? "&" : "", (long long)ids.id[i]);
	if (ids.n > PREVIEW_MAX)
		buf_printf(&b, "&more=%zu", ids.n);
	return resp_redirect(r, "/certs/preview?%s", buf_cstr(&b));
}

/* GET /certs/preview?id=..: one image per record, as it will be issued. */
enum rc
iss_preview(struct req *r)
{
	static const struct field f[] = { { "id", FT_IDS, PREVIEW_MAX * 20 },
	    { "more", FT_TEXT, 6 } };
	struct fval	 v[2];
	struct idset	 ids;
	struct dbarg	 a[5];
	struct dbq	*q;
	const char	*number, *name, *pf[PF__MAX], *why;
	int64_t		 id;
	int		 i = 0, row;
	enum rc		 rc;

	if ((rc = req_form(r, f, 2, v)) != RC_OK)
		return rc;
	if (!v[0].present || v[0].invalid ||
	    idset_parse(r, v[0].val, &ids) != RC_OK || ids.n > PREVIEW_MAX)
		return RC_BADREQ;
	a[0] = DB_S(ids.json);
	if ((rc = scope_args(r, a + 1)) != RC_OK)
		return rc;
	if ((q = db_run(r->db, r->arena, &rc, STMT_PV_PICK, a, 5)) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&number),
	    DB_OS(&name), PF_OUT(pf)))) == 1) {
		tmpl_setin(r, id, "Items.%d.Id", i);
		tmpl_setn(r, number, "Items.%d.Number", i);
		tmpl_setn(r, name, "Items.%d.Name", i);
		/* The preflight: what would print as an empty box. */
		if ((why = iss_preflight(r, pf, NULL)) != NULL)
			tmpl_setn(r, why, "Items.%d.Preflight", i);
		i++;
	}
	if (row == -1)
		return RC_ERROR;
	if ((size_t)i != ids.n)
		return RC_NOTFOUND;	/* one of them is not the caller's */
	tmpl_seti(r, "Preview.N", i);
	if (v[1].present)
		tmpl_set(r, "Preview.More", v[1].val);
	r->personal = 1;
	return tmpl_page(r, 200, "issuance/preview.cs", "批量预览");
}

/*
 * GET /certs/#/preview.png: the certificate drawn from the record's
 * canonical content with the current seals (a missing one is left
 * out) at 150 dpi.  Another scope's record is 404.
 */
enum rc
iss_preview_png(struct req *r)
{
	struct dbarg	 a[5];
	const char	*number;
	gdImagePtr	 im;
	void		*out;
	size_t		 n;
	enum rc		 rc;

	a[0] = DB_I(r->arg[0]);
	if ((rc = scope_args(r, a + 1)) != RC_OK)
		return rc;
	if ((rc = iss_draw(r, STMT_PV_ONE, a, 5, 150, &number, &im)) != RC_OK)
		return rc;
	if ((out = img_png_opaque(r->arena, im, 1, &n)) == NULL)
		return RC_ERROR;
	return resp_send(r, 200, "image/png", out, n);
}
