/* page_list.c: 证书发放管理, the certificate list with the seed's filters and status tabs. */
#include <string.h>

#include "app.h"
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

/* Students use /certs/mine, which shows no counts. */
static const size_t counts[SCOPE__MAX] = {
	STMT_COUNT_ADMIN,	/* SCOPE_ADMIN */
	STMT_COUNT_ORG,		/* SCOPE_ORG */
	STMT_COUNT_INST,	/* SCOPE_INST */
	SCOPE_NONE,		/* SCOPE_STUDENT */
};

struct	filter {
	const char	*name, *number, *status;
	unsigned char	 idx[32];
	int64_t		 has_id, page;
};

/* The caller's scope picks the statement; its id is bound, never the form's. */
static void
scope(struct req *r, size_t *list, int64_t *id)
{
	switch (r->sess.role) {
	case ROLE_PRINCIPAL:
	case ROLE_BIZ:
		*list = STMT_LIST_INST;
		*id = r->sess.inst_id;
		break;
	case ROLE_ORG:
		*list = STMT_LIST_ORG;
		*id = r->sess.org_id;
		break;
	default:
		*list = STMT_LIST_ADMIN;
		*id = 0;
		break;
	}
}

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

	row = db_next(q, "isssssssssssss", &id, &c[0], &c[1], &c[2], &c[3],
	    &c[4], &c[5], &c[6], &c[7], &c[8], &c[9], &c[10], &c[11], &c[12]);
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
filter_counts(struct req *r, const struct filter *f, size_t ls, int64_t sid)
{
	struct dbq	*q;
	const char	*st;
	int64_t		 n, total = 0;
	size_t		 cs, i;
	int		 row;
	enum rc		 rc;

	if (*f->name == '\0' && *f->number == '\0' && f->has_id == 0)
		return RC_OK;
	for (i = 0; i < CERT__MAX; i++)
		tmpl_setn(r, "0", "Counts.%s", cert_key((enum cert_state)i));
	tmpl_set(r, "Counts.all", "0");
	if (f->has_id < 0)
		return RC_OK;		/* an invalid ID number matches nothing */
	if (ls == STMT_LIST_INST)
		cs = STMT_FCOUNT_INST;
	else if (ls == STMT_LIST_ORG)
		cs = STMT_FCOUNT_ORG;
	else if (ls == STMT_LIST_ADMIN)
		cs = STMT_FCOUNT_ADMIN;
	else
		return RC_NOTFOUND;
	if ((q = db_run(r->db, r->arena, &rc, cs, "issibss", sid, f->name,
	    f->name, f->has_id, f->idx, sizeof(f->idx), f->number,
	    f->number)) == NULL)
		return rc == RC_OK ? RC_ERROR : rc;
	while ((row = db_next(q, "si", &st, &n)) == 1)
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
	if (valid_idcard(idno, id) != NULL)
		return resp_redirect(r, "/certs?%s&idbad=1", q);
	id_index(r->cfg, id, idx);
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
	size_t		 ls;
	int64_t		 sid;
	int		 i = 0, row;
	enum rc		 rc;

	if ((rc = req_form(r, list_fields, LF__MAX, v)) != RC_OK ||
	    (rc = filter_from_form(r, v, &f)) != RC_OK)
		return rc;
	scope(r, &ls, &sid);
	if ((rc = cert_counts(r, counts)) != RC_OK ||
	    (rc = filter_counts(r, &f, ls, sid)) != RC_OK)
		return rc;
	if (f.has_id >= 0) {
		q = db_run(r->db, r->arena, &rc, ls, "issibssssi", sid, f.name,
		    f.name, f.has_id, f.idx, sizeof(f.idx), f.number, f.number,
		    f.status, f.status, (f.page - 1) * PAGE_SIZE);
		if (q == NULL)
			return rc == RC_OK ? RC_ERROR : rc;
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

/* GET /certs/mine: a student's own certificates. */
enum rc
iss_mine(struct req *r)
{
	struct dbq	*q;
	int		 i = 0, row;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_MINE, "i",
	    r->sess.account_id)) == NULL)
		return rc == RC_OK ? RC_ERROR : rc;
	while ((row = cert_row(r, q, i)) == 1)
		i++;
	if (row == -1)
		return RC_ERROR;
	tmpl_seti(r, "List.Shown", i);
	r->personal = 1;
	return tmpl_page(r, 200, "issuance/mine.cs", "我的证书");
}
