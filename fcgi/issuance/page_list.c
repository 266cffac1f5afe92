/* page_list.c: 证书发放管理, the certificate list with the seed's filters and status tabs. */
#include <string.h>

#include "app.h"
#include "cert.h"
#include "idno.h"
#include "issuance.h"

enum { LF_NAME, LF_IDX, LF_NUMBER, LF_STATUS, LF_PAGE, LF_IDBAD, LF__MAX };
static const struct field list_fields[LF__MAX] = {
	{ "name", FT_TEXT, 120 },	/* LF_NAME */
	{ "idx", FT_TEXT, 64 },		/* LF_IDX: blind index, hex */
	{ "number", FT_TEXT, 40 },	/* LF_NUMBER */
	{ "status", FT_TEXT, 20 },	/* LF_STATUS */
	{ "page", FT_TEXT, 6 },		/* LF_PAGE */
	{ "idbad", FT_TEXT, 1 },	/* LF_IDBAD */
};

enum { FF_NAME, FF_IDNO, FF_NUMBER, FF_STATUS, FF__MAX };
static const struct field find_fields[FF__MAX] = {
	{ "name", FT_TEXT, 120 },	/* FF_NAME */
	{ "idno", FT_TEXT, 40 },	/* FF_IDNO */
	{ "number", FT_TEXT, 40 },	/* FF_NUMBER */
	{ "status", FT_TEXT, 20 },	/* FF_STATUS */
};

#define PAGE_SIZE	50

/*
 * The statements per scope (scope_get); students use /certs/mine,
 * which shows no counts.
 */
static const size_t counts[SCOPE__MAX] = {
	[SCOPE_PLATFORM] = STMT_COUNT_ADMIN,
	[SCOPE_ORG] = STMT_COUNT_ORG,
	[SCOPE_INST] = STMT_COUNT_INST,
};
static const size_t lists[SCOPE__MAX] = {
	[SCOPE_PLATFORM] = STMT_LIST_ADMIN,
	[SCOPE_ORG] = STMT_LIST_ORG,
	[SCOPE_INST] = STMT_LIST_INST,
};
static const size_t fcounts[SCOPE__MAX] = {
	[SCOPE_PLATFORM] = STMT_FCOUNT_ADMIN,
	[SCOPE_ORG] = STMT_FCOUNT_ORG,
	[SCOPE_INST] = STMT_FCOUNT_INST,
};
static const size_t mine[SCOPE__MAX] = {
	[SCOPE_OWN] = STMT_MINE,
};

struct	filter {
	const char	*name, *number, *status;
	unsigned char	 idx[32];
	int64_t		 has_id, page;
};

/* Put one certificate row into Certs.<i>.*. Returns 1, 0 at the end, -1. */
static int
cert_row(struct req *r, struct dbq *q, int i)
{
	static const char *const names[] = { "Name", "IdMask", "StudentType",
	    "InstCode", "Number", "CertName", "Level", "Org", "IssuedOn",
	    "Plan", "SiteCode", "Result" };
	const char	*c[13];
	int64_t		 id;
	size_t		 k;
	int		 row;

	row = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&c[0]), DB_OS(&c[1]),
	    DB_OS(&c[2]), DB_OS(&c[3]), DB_OS(&c[4]), DB_OS(&c[5]),
	    DB_OS(&c[6]), DB_OS(&c[7]), DB_OS(&c[8]), DB_OS(&c[9]),
	    DB_OS(&c[10]), DB_OS(&c[11]), DB_OS(&c[12])));
	if (row != 1)
		return row;
	tmpl_setin(r, id, "Certs.%d.Id", i);
	for (k = 0; k < nitems(names); k++)
		tmpl_setn(r, c[k], "Certs.%d.%s", i, names[k]);
	tmpl_setn(r, c[12], "Certs.%d.Status", i);
	tmpl_setn(r, cert_label(cert_parse(c[12])), "Certs.%d.StatusLabel", i);
	return 1;
}

static enum rc
filter_from_form(struct req *r, struct fval *v, struct filter *f)
{
	memset(f, 0, sizeof(*f));
	f->page = 1;
	f->name = v[LF_NAME].present ? valid_trim(r->arena, v[LF_NAME].val) : "";
	f->number = v[LF_NUMBER].present ?
	    valid_trim(r->arena, v[LF_NUMBER].val) : "";
	f->status = v[LF_STATUS].present ? v[LF_STATUS].val : "";
	if (*f->status != '\0' && cert_parse(f->status) == CERT__MAX)
		f->status = "";
	if (v[LF_PAGE].present &&
	    valid_int(v[LF_PAGE].val, 1, 100000, &f->page) == -1)
		return RC_BADREQ;
	if (v[LF_IDBAD].present) {
		/* An invalid number cannot match: say so beside the filter. */
		tmpl_set(r, "Form.Error", "身份证号格式不正确");
		f->has_id = -1;
	} else if (v[LF_IDX].present && v[LF_IDX].len > 0) {
		if (sec_unhex(v[LF_IDX].val, f->idx, sizeof(f->idx)) == -1)
			return RC_BADREQ;
		f->has_id = 1;
		tmpl_set(r, "Form.IdFiltered", "1");
		tmpl_set(r, "Form.idx", v[LF_IDX].val);
	}
	if (*f->name != '\0' || *f->number != '\0' || f->has_id != 0)
		tmpl_set(r, "Form.Filtered", "1");
	tmpl_set(r, "Form.name", f->name);
	tmpl_set(r, "Form.number", f->number);
	tmpl_set(r, "Form.status", f->status);
	return RC_OK;
}

/*
 * With a name, ID number or certificate number filter the tabs count the
 * certificates it matches (per status), as the list shows them.
 */
static enum rc
filter_counts(struct req *r, const struct filter *f)
{
	struct scope	 sc;
	struct dbq	*q;
	const char	*st;
	int64_t		 n, total = 0;
	size_t		 i;
	int		 row;
	enum rc		 rc;

	if (*f->name == '\0' && *f->number == '\0' && f->has_id == 0)
		return RC_OK;
	for (i = 0; i < CERT__MAX; i++)
		tmpl_setn(r, "0", "Counts.%s", cert_key((enum cert_state)i));
	tmpl_set(r, "Counts.all", "0");
	if (f->has_id < 0)
		return RC_OK;		/* an invalid ID number matches nothing */
	if ((rc = scope_get(r, fcounts, &sc)) != RC_OK)
		return rc;
	if ((q = db_run(r->db, r->arena, &rc, sc.stmt, DB_ARGS(DB_I(sc.id),
	    DB_S(f->name), DB_S(f->name), DB_I(f->has_id),
	    DB_B(f->idx, sizeof(f->idx)), DB_S(f->number),
	    DB_S(f->number)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OS(&st), DB_OI(&n)))) == 1)
		if (cert_parse(st) != CERT__MAX) {
			tmpl_setin(r, n, "Counts.%s", st);
			total += n;
		}
	tmpl_seti(r, "Counts.all", total);
	return row == -1 ? RC_ERROR : RC_OK;
}

/*
 * POST /certs/find: the filter form posts here so an ID number never
 * travels in a URL; the list gets its blind index instead.
 */
enum rc
iss_find(struct req *r)
{
	struct fval	 v[FF__MAX];
	unsigned char	 idx[32];
	char		 hex[65], id[19];
	const char	*q, *idno;
	enum rc		 rc;

	if ((rc = req_form(r, find_fields, FF__MAX, v)) != RC_OK)
		return rc;
	q = arena_printf(r->arena, "name=%s&number=%s&status=%s",
	    resp_urlenc(r->arena, v[FF_NAME].present ?
	    valid_trim(r->arena, v[FF_NAME].val) : ""),
	    resp_urlenc(r->arena, v[FF_NUMBER].present ?
	    valid_trim(r->arena, v[FF_NUMBER].val) : ""),
	    resp_urlenc(r->arena, v[FF_STATUS].present ? v[FF_STATUS].val : ""));
	idno = v[FF_IDNO].present ? valid_trim(r->arena, v[FF_IDNO].val) : "";
	if (*idno == '\0')
		return resp_redirect(r, "/certs?%s", q);
	if (idno_card(idno, id) != NULL)
		return resp_redirect(r, "/certs?%s&idbad=1", q);
	idno_index(r->cfg, id, idx);
	sec_hex(idx, sizeof(idx), hex);
	return resp_redirect(r, "/certs?%s&idx=%s", q, hex);
}

/* GET /certs: the list the caller may see, with counts per status. */
enum rc
iss_list(struct req *r)
{
	struct fval	 v[LF__MAX];
	struct filter	 f;
	struct dbq	*q;
	struct scope	 sc;
	int		 i = 0, row;
	enum rc		 rc;

	if ((rc = req_form(r, list_fields, LF__MAX, v)) != RC_OK ||
	    (rc = filter_from_form(r, v, &f)) != RC_OK)
		return rc;
	/* The caller's scope picks the statement and binds its id. */
	if ((rc = scope_get(r, lists, &sc)) != RC_OK ||
	    (rc = cert_counts(r, counts)) != RC_OK ||
	    (rc = filter_counts(r, &f)) != RC_OK)
		return rc;
	if (f.has_id >= 0) {
		q = db_run(r->db, r->arena, &rc, sc.stmt, DB_ARGS(DB_I(sc.id),
		    DB_S(f.name), DB_S(f.name), DB_I(f.has_id),
		    DB_B(f.idx, sizeof(f.idx)), DB_S(f.number), DB_S(f.number),
		    DB_S(f.status), DB_S(f.status),
		    DB_I((f.page - 1) * PAGE_SIZE)));
		if (q == NULL)
			return rc;
		while ((row = cert_row(r, q, i)) == 1 && ++i <= PAGE_SIZE)
			;
		if (row == -1)
			return RC_ERROR;
		if (i > PAGE_SIZE) {
			i = PAGE_SIZE;
			tmpl_seti(r, "List.Next", f.page + 1);
			tmpl_remove(r, arena_printf(r->arena, "Certs.%d",
			    PAGE_SIZE));
		}
	}
	if (f.page > 1)
		tmpl_seti(r, "List.Prev", f.page - 1);
	tmpl_seti(r, "List.Page", f.page);
	tmpl_seti(r, "List.Shown", i);
	r->personal = 1;
	return tmpl_page(r, 200, "issuance/list.cs", "证书发放管理");
}

static const size_t selects[SCOPE__MAX] = {
	STMT_SELECT_ADMIN,	/* SCOPE_PLATFORM */
	STMT_SELECT_ORG,	/* SCOPE_ORG */
	STMT_SELECT_INST,	/* SCOPE_INST */
	0,			/* SCOPE_OWN */
};

/*
 * Every certificate id that the list's filter, as posted with the
 * form, matches in the caller's scope: at most max + 1 (one more than
 * max says "too many").
 */
enum rc
iss_select(struct req *r, size_t max, struct idset *ids)
{
	struct fval	 v[LF__MAX];
	struct filter	 f;
	struct scope	 sc;
	struct dbq	*q;
	struct buf	 b;
	int64_t		 id;
	int		 row;
	enum rc		 rc;

	memset(ids, 0, sizeof(*ids));
	if ((rc = req_form(r, list_fields, LF__MAX, v)) != RC_OK ||
	    (rc = filter_from_form(r, v, &f)) != RC_OK ||
	    (rc = scope_get(r, selects, &sc)) != RC_OK)
		return rc;
	if (f.has_id < 0)
		return RC_OK;
	if ((q = db_run(r->db, r->arena, &rc, sc.stmt, DB_ARGS(DB_I(sc.id),
	    DB_S(f.name), DB_S(f.name), DB_I(f.has_id),
	    DB_B(f.idx, sizeof(f.idx)), DB_S(f.number), DB_S(f.number),
	    DB_S(f.status), DB_S(f.status), DB_I((int64_t)max + 1)))) == NULL)
		return rc;
	ids->id = arena_calloc(r->arena, db_rows(q) + 1, sizeof(*ids->id));
	buf_init(&b, r->arena);
	buf_puts(&b, "[");
	while ((row = db_next(q, DB_OUT(DB_OI(&id)))) == 1) {
		buf_printf(&b, "%s%lld", ids->n ? "," : "", (long long)id);
		ids->id[ids->n++] = id;
	}
	buf_puts(&b, "]");
	ids->json = buf_cstr(&b);
	return row == -1 ? RC_ERROR : RC_OK;
}

/* GET /certs/mine: a student's own certificates. */
enum rc
iss_mine(struct req *r)
{
	struct dbq	*q;
	struct scope	 sc;
	int		 i = 0, row;
	enum rc		 rc;

	if ((rc = scope_get(r, mine, &sc)) != RC_OK)
		return rc;
	if ((q = db_run(r->db, r->arena, &rc, sc.stmt,
	    DB_ARGS(DB_I(sc.id)))) == NULL)
		return rc;
	while ((row = cert_row(r, q, i)) == 1)
		i++;
	if (row == -1)
		return RC_ERROR;
	tmpl_seti(r, "List.Shown", i);
	r->personal = 1;
	return tmpl_page(r, 200, "issuance/mine.cs", "我的证书");
}
