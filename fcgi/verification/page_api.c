/*
 * page_api.c: the employers' checks: POST /verify/api/check (one, JSON),
 * POST /verify/api/batch (a CSV in, an XLSX out) and the batch page.
 * A key (Authorization: Bearer xck_...) is issued by the platform admin;
 * one check also works without a key, at a lower rate per address.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <xlsxwriter.h>

#include "app.h"
#include "verification.h"

#define ANON_PER_MINUTE		10	/* checks without a key, per address */
#define BATCH_PER_MINUTE	2	/* batches per key */
#define BATCH_ROWS		10000
#define BATCH_CHUNK		1000	/* rows a transaction; then the key is read again */
#define KEY_PREFIX		"xck_"

/* A key that authenticated. */
struct	emp_key {
	int64_t		 id;
	const char	*employer;
	int64_t		 per_minute;
};

enum { AF_NUMBER, AF_IDNO, AF_CODE, AF__MAX };
static const struct field check_fields[AF__MAX] = {
	{ "number", FT_TEXT, 64 },	/* AF_NUMBER */
	{ "idno", FT_TEXT, 64 },	/* AF_IDNO */
	{ "code", FT_TEXT, 64 },	/* AF_CODE: a share code */
};

enum { BF_KEY, BF_FILE, BF__MAX };
static const struct field batch_fields[BF__MAX] = {
	{ "key", FT_TEXT, 128 },	/* BF_KEY: the page's key field */
	{ "file", FT_FILE, LIMIT_BODY },	/* BF_FILE */
};

/* s as a JSON string (quotes included) onto b. */
static void
json_str(struct buf *b, const char *s)
{
	const unsigned char	*p;

	buf_puts(b, "\"");
	for (p = (const unsigned char *)(s != NULL ? s : ""); *p; p++) {
		if (*p == '"' || *p == '\\')
			buf_printf(b, "\\%c", *p);
		else if (*p < 0x20 || *p == '<' || *p == '>' || *p == '&')
			buf_printf(b, "\\u%04x", *p);
		else
			buf_add(b, p, 1);
	}
	buf_puts(b, "\"");
}

static enum rc
json_send(struct req *r, int status, struct buf *b)
{
	r->cache = NULL;
	return resp_send(r, status, "application/json; charset=utf-8", b->p,
	    b->len);
}

/* An error answer: {"error": key, "message": Chinese text}. */
static enum rc
json_error(struct req *r, int status, const char *key, const char *msg)
{
	struct buf	 b;

	buf_init(&b, r->arena);
	buf_puts(&b, "{\"error\":");
	json_str(&b, key);
	buf_puts(&b, ",\"message\":");
	json_str(&b, msg);
	buf_puts(&b, "}\n");
	if (status == 401)
		resp_header(r, "WWW-Authenticate", "Bearer realm=\"xcert\"");
	if (status == 429)
		resp_header(r, "Retry-After", "60");
	return json_send(r, status, &b);
}

/* A failure code as the API's JSON answer. */
static enum rc
json_rc(struct req *r, enum rc rc)
{
	switch (rc) {
	case RC_TOOLARGE:
		return json_error(r, 413, "too_large", "请求过大：文件不能超过2 MB");
	case RC_BADREQ:
		return json_error(r, 400, "bad_request",
		    "请求格式不正确：请用 JSON 对象（application/json）、表单编码"
		    "（application/x-www-form-urlencoded）或 multipart/form-data 提交");
	case RC_THROTTLED:
		return json_error(r, 429, "rate_limited",
		    "请求过于频繁，请一分钟后再试");
	case RC_DENIED:
		return json_error(r, 401, "unauthorized", "API 密钥无效或已被撤销");
	default:
		return json_error(r, resp_status(rc), "error", "服务暂时不可用，请稍后再试");
	}
}

/* Log one use of the API (key 0: anonymous): kind, checks, verdicts. */
static enum rc
api_used(struct req *r, int64_t key, const char *kind, int64_t n,
    const char *verdict)
{
	return db_exec(r->db, r->arena, STMT_EMP_API_USE, DB_ARGS(DB_N(key),
	    DB_S(kind), DB_I(n), DB_S(verdict)), NULL);
}

/*
 * Authenticate the key text s ("xck_" and 64 hex digits) into k.
 * Returns RC_OK, RC_DENIED for an unknown or revoked key (a revoked
 * key's attempt is logged), or a database failure.
 */
static enum rc
key_auth(struct req *r, const char *s, struct emp_key *k)
{
	unsigned char	 h[32];
	int64_t		 revoked;
	size_t		 n = sizeof(KEY_PREFIX) - 1, i;
	enum rc		 rc;

	memset(k, 0, sizeof(*k));
	if (s == NULL || strncmp(s, KEY_PREFIX, n) != 0 || strlen(s) != n + 64)
		return RC_DENIED;
	for (i = n; s[i] != '\0'; i++)
		if (!isxdigit((unsigned char)s[i]))
			return RC_DENIED;
	sec_sha256(s + n, 64, h);
	if ((rc = db_row(r->db, r->arena, STMT_EMP_KEY_AUTH,
	    DB_ARGS(DB_B(h, sizeof(h))), DB_OUT(DB_OI(&k->id),
	    DB_OS(&k->employer), DB_OI(&k->per_minute),
	    DB_OI(&revoked)))) != RC_OK)
		return rc == RC_NOTFOUND ? RC_DENIED : rc;
	if (revoked) {
		if ((rc = api_used(r, k->id, "refused", 0, "revoked")) != RC_OK)
			return rc;
		return RC_DENIED;
	}
	return RC_OK;
}

/*
 * The request's key: *has is 0 without an Authorization header (an
 * anonymous caller), else the key must authenticate.
 */
static enum rc
bearer(struct req *r, struct emp_key *k, int *has)
{
	const char	*h = req_param(r, "HTTP_AUTHORIZATION");

	memset(k, 0, sizeof(*k));
	*has = h != NULL && *h != '\0';
	if (!*has)
		return RC_OK;
	if (strncasecmp(h, "Bearer ", 7) != 0)
		return RC_DENIED;
	for (h += 7; *h == ' '; h++)
		continue;
	return key_auth(r, h, k);
}

/* Count the request against the key's rate or the address's. */
static enum rc
rate(struct req *r, const struct emp_key *k, const char *what)
{
	if (k->id != 0)
		return emp_rate(r, arena_printf(r->arena, "%s:key:%lld", what,
		    (long long)k->id), strcmp(what, "batch") == 0 ?
		    BATCH_PER_MINUTE : k->per_minute);
	return emp_rate(r, arena_printf(r->arena, "%s:ip:%s", what, r->ip),
	    ANON_PER_MINUTE);
}

/* A checked certificate as JSON. */
static void
json_result(struct buf *b, const struct emp_result *res)
{
	static const char *const keys[] = { "number", "status", "issued_on",
	    "name", "id_mask", "certificate", "level", "organisation",
	    "institution", "plan" };
	const char	*vals[nitems(keys)] = { res->number, res->status,
	    res->issued_on, res->name, res->id_mask, res->cert_name,
	    res->level, res->org, res->inst, res->plan };
	size_t		 i;

	buf_puts(b, "{\"verdict\":");
	json_str(b, emp_verdict_key(res->verdict));
	buf_puts(b, ",\"label\":");
	json_str(b, emp_verdict_label(res->verdict));
	buf_printf(b, ",\"by\":\"%s\"", res->by_code ? "share_code" : "idno");
	if (res->verdict == EV_LOCKED) {
		buf_puts(b, ",\"message\":");
		json_str(b, res->reason);
	}
	if (res->cert_id != 0)
		for (i = 0; i < nitems(keys); i++) {
			buf_printf(b, ",\"%s\":", keys[i]);
			json_str(b, vals[i]);
		}
	buf_puts(b, "}\n");
}

/* The check's fields: a JSON object, or a form as the pages send. */
static enum rc
check_form(struct req *r, struct fval *v)
{
	enum form_err	 e;
	enum rc		 rc;

	if (r->ctype == NULL || strncasecmp(r->ctype, "application/json", 16) != 0)
		return req_form(r, check_fields, AF__MAX, v);
	if ((rc = req_body(r)) != RC_OK)
		return rc;
	e = emp_json_form(r->arena, r->body, r->bodylen, check_fields, AF__MAX,
	    v);
	return e == FORM_OK ? RC_OK : e == FORM_TOOLONG ? RC_TOOLARGE :
	    RC_BADREQ;
}

/*
 * POST /verify/api/check: number + idno, or code (a share code; a number
 * beside it must match).  Answers JSON: 200 with the verdict, 400 for a
 * malformed request, 401 for a bad key, 429 past the rate.
 */
enum rc
emp_api_check(struct req *r)
{
	struct fval		 v[AF__MAX];
	struct emp_result	 res;
	struct emp_key		 k;
	struct buf		 b;
	int			 has;
	enum rc			 rc;

	if ((rc = bearer(r, &k, &has)) != RC_OK ||
	    (rc = rate(r, &k, "check")) != RC_OK)
		goto fail;
	if ((rc = check_form(r, v)) != RC_OK)
		goto fail;
	if ((rc = emp_check(r, k.id, v[AF_NUMBER].val, v[AF_IDNO].val,
	    v[AF_CODE].val, &res)) == RC_THROTTLED)
		return json_error(r, 429, "too_many_failures", "该地址查询失败次数"
		    "过多：请15分钟后再试，或在证书查询页面输入验证码查询，或使用平台"
		    "发放的 API 密钥");
	if (rc != RC_OK)
		goto fail;
	if ((rc = api_used(r, k.id, "check", 1,
	    emp_verdict_key(res.verdict))) != RC_OK ||
	    (rc = emp_logged(r, &res, EC_API, k.id)) != RC_OK)
		goto fail;
	if (res.verdict == EV_MALFORMED)
		return json_error(r, 400, "malformed", res.reason);
	buf_init(&b, r->arena);
	json_result(&b, &res);
	r->personal = 1;
	return json_send(r, 200, &b);
fail:
	if (rc == RC_THROTTLED && k.id != 0)
		(void)api_used(r, k.id, "refused", 0, "rate_limited");
	return json_rc(r, rc);
}

/* One batch: the rows' results and the counts of each verdict. */
struct	batch {
	struct req		*r;
	const struct emp_key	*k;
	const struct csvdoc	*doc;
	size_t			 first;		/* 1 when row 0 is a header */
	struct emp_result	*res;
	size_t			 from, to;	/* the rows of one transaction */
	int64_t			 count[EV__MAX];
	int			 revoked;	/* the key was revoked meanwhile */
};

/* Is row 0 a header (no digit in its first cell)? */
static int
is_header(const struct csvdoc *d)
{
	const char	*s;

	if (d->nrows == 0 || d->ncols[0] == 0)
		return 0;
	for (s = d->cells[0][0]; *s != '\0'; s++)
		if (isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/*
 * One row: "number,idno", "number,share code" or "share code" alone.
 * A second cell that is not an ID number's shape is taken as a code.
 */
static enum rc
batch_row(struct batch *t, size_t i, struct emp_result *res)
{
	const struct csvdoc	*d = t->doc;
	const char		*a, *c2;
	char			 norm[EMP_CODE_LEN + 1];

	a = d->ncols[i] > 0 ? d->cells[i][0] : "";
	c2 = d->ncols[i] > 1 ? valid_trim(t->r->arena, d->cells[i][1]) : "";
	if (d->ncols[i] > 2 && *d->cells[i][2] != '\0') {
		memset(res, 0, sizeof(*res));
		res->verdict = EV_MALFORMED;
		res->reason = "每行应为：证书编号,身份证号 或 证书编号,分享码 或 分享码";
		return RC_OK;
	}
	if (d->ncols[i] == 1 || *c2 == '\0') {
		/* One cell: a share code (a bare number lacks its ID). */
		if (emp_code_norm(a, norm) == 0)
			return emp_check(t->r, t->k->id, NULL, NULL, a, res);
		return emp_check(t->r, t->k->id, a, "", NULL, res);
	}
	if (strlen(c2) != 18 && strlen(c2) != 15 && emp_code_norm(c2, norm) == 0)
		return emp_check(t->r, t->k->id, a, NULL, c2, res);
	return emp_check(t->r, t->k->id, a, c2, NULL, res);
}

/*
 * Check rows [from, to) in one transaction, with the holders' log rows.
 * A retried transaction checks its rows again.
 */
static enum rc
batch_act(void *arg)
{
	struct batch	*t = arg;
	size_t		 n;
	enum rc		 rc;

	for (n = t->from; n < t->to; n++)
		if ((rc = batch_row(t, t->first + n, &t->res[n])) != RC_OK ||
		    (rc = emp_logged(t->r, &t->res[n], EC_BATCH,
		    t->k->id)) != RC_OK)
			return rc;
	return RC_OK;
}

/*
 * Check nrows rows, BATCH_CHUNK a transaction.  Between two, the key is
 * read again (outside any transaction, so it is the latest state): a
 * key revoked meanwhile stops the batch.
 */
static enum rc
batch_check(struct batch *t, size_t nrows)
{
	struct req	*r = t->r;
	int64_t		 live;
	enum rc		 rc;

	for (t->from = 0; t->from < nrows; t->from = t->to) {
		if (t->from > 0) {
			if ((rc = db_count(r->db, r->arena, STMT_EMP_KEY_LIVE,
			    t->k->id, 0, &live)) != RC_OK)
				return rc;
			if (live == 0) {
				t->revoked = 1;
				return RC_OK;
			}
		}
		t->to = t->from + BATCH_CHUNK < nrows ? t->from + BATCH_CHUNK :
		    nrows;
		if ((rc = db_tx(r->db, batch_act, t)) != RC_OK)
			return rc;
	}
	for (t->from = 0; t->from < nrows; t->from++)
		t->count[t->res[t->from].verdict]++;
	return RC_OK;
}

/* The verdicts as the XLSX answer. */
static enum rc
batch_xlsx(struct batch *t)
{
	static const char *const head[] = { "行号", "证书编号", "查验方式",
	    "结论", "结论代码", "说明", "持证人", "证书名称", "等级",
	    "颁证机构", "发证时间" };
	struct arena		*a = t->r->arena;
	const struct emp_result	*res;
	lxw_workbook		*wb;
	lxw_worksheet		*ws;
	const char		*cells[nitems(head) - 1], *path;
	size_t			 i, n, k;

	if ((wb = xlsx_new(a, &path)) == NULL)
		return RC_ERROR;
	if ((ws = workbook_add_worksheet(wb, "查验结果")) == NULL) {
		workbook_close(wb);
		return RC_ERROR;
	}
	for (k = 0; k < nitems(head); k++)
		worksheet_write_string(ws, 0, (lxw_col_t)k, head[k], NULL);
	for (i = t->first, n = 0; i < t->doc->nrows; i++, n++) {
		res = &t->res[n];
		cells[0] = res->cert_id ? res->number : (t->doc->ncols[i] > 0 &&
		    !res->by_code ? t->doc->cells[i][0] : "");
		cells[1] = res->by_code ? "分享码" : "身份证号";
		cells[2] = emp_verdict_label(res->verdict);
		cells[3] = emp_verdict_key(res->verdict);
		cells[4] = res->verdict == EV_MALFORMED ||
		    res->verdict == EV_LOCKED ? res->reason :
		    res->verdict == EV_NOTFOUND ? "未查询到相符的已签发证书" : "";
		cells[5] = res->name;
		cells[6] = res->cert_name;
		cells[7] = res->level;
		cells[8] = res->org;
		cells[9] = res->issued_on;
		worksheet_write_number(ws, (lxw_row_t)n + 1, 0,
		    (double)t->doc->lines[i], NULL);
		for (k = 0; k < nitems(cells); k++)
			worksheet_write_string(ws, (lxw_row_t)n + 1,
			    (lxw_col_t)k + 1, xlsx_text(a, cells[k]), NULL);
	}
	worksheet_set_column(ws, 1, 1, 26, NULL);
	worksheet_set_column(ws, 5, 5, 40, NULL);
	t->r->personal = 1;
	return xlsx_send(t->r, wb, path, "verify-results.xlsx");
}

/* A batch that cannot start: the message, as JSON or on the page. */
typedef enum rc	(*batch_refuse)(struct req *, int, const char *,
		    const char *);

static enum rc
refuse_json(struct req *r, int status, const char *key, const char *msg)
{
	return json_error(r, status, key, msg);
}

static enum rc
refuse_page(struct req *r, int status, const char *key, const char *msg)
{
	(void)key;
	tmpl_set(r, "Form.Error", msg);
	return tmpl_page(r, status, "verification/batch.cs", "批量查验");
}

/*
 * Run a batch for key k over the CSV data[len]: the XLSX answer, or a
 * refusal through refuse.
 */
static enum rc
batch_run(struct req *r, const struct emp_key *k, const char *data,
    size_t len, batch_refuse refuse)
{
	struct batch	 t;
	struct csvdoc	 doc;
	struct buf	 sum;
	const char	*enc;
	size_t		 nrows, i;
	enum csv_err	 ce;
	enum rc		 rc;

	if ((rc = rate(r, k, "batch")) == RC_THROTTLED) {
		(void)api_used(r, k->id, "refused", 0, "rate_limited");
		return refuse(r, 429, "rate_limited",
		    "批量查验过于频繁：每个密钥每分钟最多2批，请稍后再试");
	}
	if (rc != RC_OK)
		return rc;
	if ((ce = csvdoc_parse(r->arena, data, len, &doc, &enc)) != CSV_OK)
		return refuse(r, 400, "bad_csv", ce == CSV_EMPTY ?
		    "文件为空：每行一条，证书编号,身份证号 或 分享码" :
		    csvdoc_message(ce));
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.k = k;
	t.doc = &doc;
	t.first = is_header(&doc);
	nrows = doc.nrows - t.first;
	if (nrows == 0)
		return refuse(r, 400, "empty", "文件中没有要查验的行");
	if (nrows > BATCH_ROWS) {
		(void)api_used(r, k->id, "refused", (int64_t)nrows, "too_many_rows");
		return refuse(r, 400, "too_many_rows", arena_printf(r->arena,
		    "一次最多查验%d行，该文件有%zu行：请分成几个文件提交",
		    BATCH_ROWS, nrows));
	}
	t.res = arena_calloc(r->arena, nrows, sizeof(*t.res));
	if ((rc = batch_check(&t, nrows)) != RC_OK)
		return rc;
	if (t.revoked) {
		(void)api_used(r, k->id, "refused", (int64_t)t.from,
		    "revoked_mid_batch");
		return refuse(r, 401, "unauthorized", arena_printf(r->arena,
		    "API 密钥在查验过程中已被撤销：已查验前%zu行，其余未查验", t.from));
	}
	buf_init(&sum, r->arena);
	for (i = 0; i < EV__MAX; i++)
		if (t.count[i] > 0)
			buf_printf(&sum, "%s%s:%lld", sum.len ? " " : "",
			    emp_verdict_key((enum emp_verdict)i),
			    (long long)t.count[i]);
	if ((rc = api_used(r, k->id, "batch", (int64_t)nrows,
	    buf_cstr(&sum))) != RC_OK)
		return rc;
	return batch_xlsx(&t);
}

/*
 * POST /verify/api/batch: a key holder's CSV, as the body (text/csv) or
 * as the multipart field "file"; the answer is an XLSX.
 */
enum rc
emp_api_batch(struct req *r)
{
	struct fval	 v[BF__MAX];
	struct emp_key	 k;
	int		 has;
	enum rc		 rc;

	if ((rc = bearer(r, &k, &has)) != RC_OK)
		return json_rc(r, rc);
	if (!has)
		return json_error(r, 401, "unauthorized",
		    "批量查验需要 API 密钥（Authorization: Bearer …）");
	if (r->ctype != NULL && (strncasecmp(r->ctype, "text/csv", 8) == 0 ||
	    strncasecmp(r->ctype, "text/plain", 10) == 0)) {
		if ((rc = req_body(r)) != RC_OK)
			return json_rc(r, rc);
		return batch_run(r, &k, r->body, r->bodylen, refuse_json);
	}
	if ((rc = req_form(r, batch_fields, BF__MAX, v)) != RC_OK)
		return json_rc(r, rc);
	if (!v[BF_FILE].present)
		return json_error(r, 400, "bad_request",
		    "请以 text/csv 正文或 multipart 字段 file 上传 CSV 文件");
	return batch_run(r, &k, v[BF_FILE].val, v[BF_FILE].len, refuse_json);
}

/* GET /verify/batch: the batch page (key and file). */
enum rc
emp_batch_form(struct req *r)
{
	tmpl_seti(r, "Batch.Max", BATCH_ROWS);
	return tmpl_page(r, 200, "verification/batch.cs", "批量查验");
}

/* POST /verify/batch: the page's upload, answered with the XLSX. */
enum rc
emp_batch_page(struct req *r)
{
	struct fval	 v[BF__MAX];
	struct emp_key	 k;
	enum rc		 rc;

	tmpl_seti(r, "Batch.Max", BATCH_ROWS);
	if ((rc = req_form(r, batch_fields, BF__MAX, v)) != RC_OK)
		return rc;
	rc = key_auth(r, v[BF_KEY].present ? valid_trim(r->arena,
	    v[BF_KEY].val) : NULL, &k);
	if (rc == RC_DENIED)
		return refuse_page(r, 401, NULL, "API 密钥无效或已被撤销");
	if (rc != RC_OK)
		return rc;
	if (!v[BF_FILE].present || v[BF_FILE].len == 0)
		return refuse_page(r, 400, NULL, "请选择要查验的 CSV 文件");
	return batch_run(r, &k, v[BF_FILE].val, v[BF_FILE].len, refuse_page);
}
