/* page_list.c: 证书发放管理, the certificate list with the seed's nine filters, status tabs and actions. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cert.h"
#include "certno.h"
#include "glyph.h"
#include "idno.h"
#include "issuance.h"

/* The list's query; the filter form posts to /certs/find (find_fields). */
enum { LF_NAME, LF_IDX, LF_IDBAD, LF_STYPE, LF_INST, LF_NUMBER, LF_TYPE,
    LF_ORG, LF_PLAN, LF_SITE, LF_STATUS, LF_AFTER, LF_BEFORE, LF_PER,
    LF__MAX };
static const struct field list_fields[LF__MAX] = {
	{ "name", FT_TEXT, 120 },	/* LF_NAME */
	{ "idx", FT_TEXT, 64 },		/* LF_IDX: blind index, hex */
	{ "idbad", FT_TEXT, 1 },	/* LF_IDBAD */
	{ "stype", FT_TEXT, 20 },	/* LF_STYPE: 学生类型 */
	{ "inst", FT_TEXT, 20 },	/* LF_INST: 所属院校 (id) */
	{ "number", FT_TEXT, 40 },	/* LF_NUMBER */
	{ "type", FT_TEXT, 20 },	/* LF_TYPE: 证书名称 (id) */
	{ "org", FT_TEXT, 20 },		/* LF_ORG: 颁证机构 (id) */
	{ "plan", FT_TEXT, 20 },	/* LF_PLAN: 考试计划 (id) */
	{ "site", FT_TEXT, 20 },	/* LF_SITE: 考核站点 (id) */
	{ "status", FT_TEXT, 20 },	/* LF_STATUS */
	{ "after", FT_TEXT, 20 },	/* LF_AFTER: keyset, next page */
	{ "before", FT_TEXT, 20 },	/* LF_BEFORE: keyset, previous page */
	{ "per", FT_TEXT, 3 },		/* LF_PER */
};

/*
 * The residual filters, in the order every statement of sql_list.c
 * binds them (F_* there), and the statements' drivers.
 */
enum	rf {
	RF_IDX, RF_NAME, RF_STYPE, RF_INST, RF_NUMBER, RF_TYPE, RF_ORG,
	RF_PLAN, RF_SITE, RF_STATUS, RF__MAX
};
enum	drv {
	D_NUMBER, D_IDX, D_NAME, D_NAMES, D_IPLAN, D_PLAN, D_TYPE, D_SITE,
	D_INST, D_ORG, D_ALL, D__MAX
};
static const struct {
	enum rf		 rf, rf2;	/* its columns; RF__MAX: none */
	size_t		 page[4];	/* next, prev, next in a tab, prev */
	size_t		 count;
} drivers[D__MAX] = {
	[D_NUMBER] = { RF_NUMBER, RF__MAX, { STMT_L_NUMBER_N,
	    STMT_L_NUMBER_P }, STMT_C_NUMBER },
	[D_IDX] = { RF_IDX, RF__MAX, { STMT_L_IDX_N, STMT_L_IDX_P },
	    STMT_C_IDX },
	[D_NAME] = { RF_NAME, RF__MAX, { STMT_L_NAME_N, STMT_L_NAME_P,
	    STMT_L_NAME_NS, STMT_L_NAME_PS }, STMT_C_NAME_ALL },
	[D_NAMES] = { RF_NAME, RF__MAX, { STMT_L_NAMES_N, STMT_L_NAMES_P,
	    STMT_L_NAMES_NS, STMT_L_NAMES_PS }, STMT_C_NAME },
	[D_IPLAN] = { RF_INST, RF_PLAN, { STMT_L_IPLAN_N, STMT_L_IPLAN_P,
	    STMT_L_IPLAN_NS, STMT_L_IPLAN_PS }, STMT_C_IPLAN },
	[D_PLAN] = { RF_PLAN, RF__MAX, { STMT_L_PLAN_N, STMT_L_PLAN_P,
	    STMT_L_PLAN_NS, STMT_L_PLAN_PS }, STMT_C_PLAN },
	[D_TYPE] = { RF_TYPE, RF__MAX, { STMT_L_TYPE_N, STMT_L_TYPE_P,
	    STMT_L_TYPE_NS, STMT_L_TYPE_PS }, STMT_C_TYPE },
	[D_SITE] = { RF_SITE, RF__MAX, { STMT_L_SITE_N, STMT_L_SITE_P,
	    STMT_L_SITE_NS, STMT_L_SITE_PS }, STMT_C_SITE },
	[D_INST] = { RF_INST, RF__MAX, { STMT_L_INST_N, STMT_L_INST_P,
	    STMT_L_INST_NS, STMT_L_INST_PS }, STMT_C_INST },
	[D_ORG] = { RF_ORG, RF__MAX, { STMT_L_ORG_N, STMT_L_ORG_P,
	    STMT_L_ORG_NS, STMT_L_ORG_PS }, STMT_C_ORG },
	[D_ALL] = { RF__MAX, RF__MAX, { STMT_L_ALL_N, STMT_L_ALL_P,
	    STMT_L_ALL_NS, STMT_L_ALL_PS }, STMT_C_ALL },
};

/* The caller's scope (the list has none for students). */
static enum rc
list_scope(struct req *r, struct scope *sc)
{
	enum rc	 rc;

	if ((rc = scope_get(r, NULL, sc)) != RC_OK)
		return rc;
	return sc->kind == SCOPE_OWN ? RC_NOTFOUND : RC_OK;
}

/*
 * The filter that drives: the most selective one set, else the scope's
 * own column (institution, organisation) or none (the platform).  With
 * an institution (its scope or the filter), a plan drives together with
 * it, and a certificate type (organisation-wide) does not drive.  A
 * name alone on the platform is read in id order; in a scope or with
 * another filter, through the index that holds them all (D_NAMES).
 */
static enum drv
pick_driver(const struct iss_filter *f, const struct scope *sc)
{
	int	 inst = f->inst || sc->kind == SCOPE_INST;

	if (*f->number != '\0')
		return D_NUMBER;
	if (f->has_id)
		return D_IDX;
	if (*f->name != '\0')
		return sc->kind == SCOPE_PLATFORM && !f->inst && !f->org &&
		    !f->type && !f->plan && !f->site && *f->stype == '\0' ?
		    D_NAME : D_NAMES;
	if (f->plan)
		return inst ? D_IPLAN : D_PLAN;
	if (f->site)
		return D_SITE;
	if (f->type && !inst)
		return D_TYPE;
	if (inst)
		return D_INST;
	if (f->org || sc->kind == SCOPE_ORG)
		return D_ORG;
	return D_ALL;
}

/* The value the driver binds: the filter's, else the scope's id. */
static struct dbarg
driver_arg(const struct iss_filter *f, const struct scope *sc, enum rf rf)
{
	switch (rf) {
	case RF_NUMBER:
		return DB_S(f->number);
	case RF_IDX:
		return DB_B(f->idx, sizeof(f->idx));
	case RF_NAME:
		return DB_S(f->name);
	case RF_PLAN:
		return DB_I(f->plan);
	case RF_TYPE:
		return DB_I(f->type);
	case RF_SITE:
		return DB_I(f->site);
	case RF_INST:
		return DB_I(f->inst ? f->inst : sc->id);
	default:
		return DB_I(f->org ? f->org : sc->id);
	}
}

/* A residual filter's two parameters: "is it set", its value. */
static void
resid_args(const struct iss_filter *f, enum rf rf, struct dbarg *a)
{
	switch (rf) {
	case RF_IDX:
		a[0] = DB_I(f->has_id);
		a[1] = DB_B(f->idx, sizeof(f->idx));
		return;
	case RF_NAME:
		a[0] = a[1] = DB_S(f->name);
		return;
	case RF_STYPE:
		a[0] = a[1] = DB_S(f->stype);
		return;
	case RF_NUMBER:
		a[0] = a[1] = DB_S(f->number);
		return;
	case RF_STATUS:
		a[0] = a[1] = DB_S(f->status);
		return;
	case RF_INST:
		a[0] = a[1] = DB_I(f->inst);
		return;
	case RF_TYPE:
		a[0] = a[1] = DB_I(f->type);
		return;
	case RF_ORG:
		a[0] = a[1] = DB_I(f->org);
		return;
	case RF_PLAN:
		a[0] = a[1] = DB_I(f->plan);
		return;
	default:
		a[0] = a[1] = DB_I(f->site);
		return;
	}
}

/*
 * The parameters of a statement of sql_list.c: the driver's value, the
 * status (tab statements), the scope from the session, then the pairs
 * of every residual filter in rf order but the driver's (and the
 * status in a tab statement, or always for counts).  Returns the count.
 */
static size_t
bind(const struct iss_filter *f, const struct scope *sc, enum drv d,
    int tab, int counts, struct dbarg *a)
{
	size_t	 n = 0;
	int	 k;

	if (drivers[d].rf != RF__MAX)
		a[n++] = driver_arg(f, sc, drivers[d].rf);
	if (drivers[d].rf2 != RF__MAX)
		a[n++] = driver_arg(f, sc, drivers[d].rf2);
	if (tab)
		a[n++] = DB_S(f->status);
	a[n++] = DB_I(sc->kind == SCOPE_INST ? sc->id : 0);
	a[n++] = DB_I(sc->kind == SCOPE_INST ? sc->id : 0);
	a[n++] = DB_I(sc->kind == SCOPE_ORG ? sc->id : 0);
	a[n++] = DB_I(sc->kind == SCOPE_ORG ? sc->id : 0);
	for (k = 0; k < RF__MAX; k++) {
		if ((enum rf)k == drivers[d].rf ||
		    (enum rf)k == drivers[d].rf2 ||
		    ((enum rf)k == RF_STATUS && (tab || counts)))
			continue;
		resid_args(f, (enum rf)k, a + n);
		n += 2;
	}
	return n;
}

/*
 * Run the list's statement for filter f: the rows after id key (id
 * ascending; key 0 for the first) or, prev, before it (descending), at
 * most limit rows; with the preflight's photo check when pf is 1.
 */
struct dbq *
iss_filter_run(struct req *r, const struct iss_filter *f, int prev,
    int64_t key, int64_t limit, int pf, enum rc *rc)
{
	struct dbarg	 a[32];
	struct scope	 sc;
	enum drv	 d;
	size_t		 n, stmt;
	int		 tab;

	if ((*rc = list_scope(r, &sc)) != RC_OK)
		return NULL;
	d = pick_driver(f, &sc);
	tab = *f->status != '\0' && drivers[d].page[2] != 0;
	stmt = drivers[d].page[(tab ? 2 : 0) + (prev ? 1 : 0)];
	a[0] = DB_I(pf);
	n = 1 + bind(f, &sc, d, tab, 0, a + 1);
	a[n++] = DB_I(key);
	a[n++] = DB_I(limit);
	return db_run(r->db, r->arena, rc, stmt, a, n);
}

/* The next row of iss_filter_run(): 1, 0 at the end, -1. */
int
iss_row_next(struct dbq *q, struct iss_row *w)
{
	const char	**c = w->c;

	return db_next(q, DB_OUT(DB_OI(&w->id), DB_OS(&c[0]), DB_OS(&c[1]),
	    DB_OS(&c[2]), DB_OS(&c[3]), DB_OS(&c[4]), DB_OS(&c[5]),
	    DB_OS(&c[6]), DB_OS(&c[7]), DB_OS(&c[8]), DB_OS(&c[9]),
	    DB_OS(&c[10]), DB_OS(&c[11]), DB_OS(&c[12]), DB_OS(&c[13]),
	    DB_OS(&c[14]), DB_OS(&c[15]), DB_OS(&c[16]), DB_OS(&c[17]),
	    DB_OS(&c[18])));
}

/* An id field: 0 when empty; RC_BADREQ when not a positive number. */
static enum rc
id_field(const struct fval *v, int64_t *out)
{
	*out = 0;
	if (!v->present || v->len == 0)
		return RC_OK;
	return valid_int(v->val, 1, INT64_MAX, out) == -1 ? RC_BADREQ : RC_OK;
}

static const char *
text_field(struct req *r, const struct fval *v)
{
	return v->present ? valid_trim(r->arena, v->val) : "";
}

/*
 * Read the list's filter from the query (or a form with the same
 * fields) into f and into Form.* for the page; Form.Query is the
 * filter as a query string for the links that keep it.
 */
enum rc
iss_filter_parse(struct req *r, struct iss_filter *f)
{
	static const int ids[] = { LF_INST, LF_TYPE, LF_ORG, LF_PLAN,
	    LF_SITE };
	struct fval	 v[LF__MAX];
	struct buf	 q;
	int64_t		*dst[nitems(ids)];
	enum certno_err	 e;
	size_t		 k;
	enum rc		 rc;

	memset(f, 0, sizeof(*f));
	if ((rc = req_form(r, list_fields, LF__MAX, v)) != RC_OK)
		return rc;
	dst[0] = &f->inst;
	dst[1] = &f->type;
	dst[2] = &f->org;
	dst[3] = &f->plan;
	dst[4] = &f->site;
	for (k = 0; k < nitems(ids); k++)
		if ((rc = id_field(&v[ids[k]], dst[k])) != RC_OK)
			return rc;
	if ((rc = id_field(&v[LF_AFTER], &f->after)) != RC_OK ||
	    (rc = id_field(&v[LF_BEFORE], &f->before)) != RC_OK ||
	    (rc = id_field(&v[LF_PER], &f->per)) != RC_OK)
		return rc;
	if (f->per != 50 && f->per != 100)
		f->per = 20;
	f->name = text_field(r, &v[LF_NAME]);
	f->number = text_field(r, &v[LF_NUMBER]);
	f->stype = text_field(r, &v[LF_STYPE]);
	if (strcmp(f->stype, "院校学生") != 0 && strcmp(f->stype, "社会学员"))
		f->stype = "";
	f->status = v[LF_STATUS].present ? v[LF_STATUS].val : "";
	if (*f->status != '\0' && cert_parse(f->status) == CERT__MAX)
		f->status = "";

	buf_init(&q, r->arena);
	if (v[LF_IDBAD].present) {
		/* An invalid number cannot match: say so beside the filter. */
		tmpl_set(r, "Form.IdError", "身份证号格式不正确");
		f->none = 1;
		buf_puts(&q, "&idbad=1");
	} else if (v[LF_IDX].present && v[LF_IDX].len > 0) {
		if (sec_unhex(v[LF_IDX].val, f->idx, sizeof(f->idx)) == -1)
			return RC_BADREQ;
		f->has_id = 1;
		tmpl_set(r, "Form.IdFiltered", "1");
		tmpl_set(r, "Form.idx", v[LF_IDX].val);
		buf_printf(&q, "&idx=%s", v[LF_IDX].val);
	}
	if (*f->number != '\0' && (e = certno_check(f->number)) != CERTNO_OK) {
		/* A mistyped number is caught before any lookup. */
		tmpl_set(r, "Form.NumberError", certno_message(e));
		f->none = 1;
	}
	if (*f->name != '\0')
		buf_printf(&q, "&name=%s", resp_urlenc(r->arena, f->name));
	if (*f->stype != '\0')
		buf_printf(&q, "&stype=%s", resp_urlenc(r->arena, f->stype));
	if (*f->number != '\0')
		buf_printf(&q, "&number=%s", resp_urlenc(r->arena, f->number));
	for (k = 0; k < nitems(ids); k++)
		if (*dst[k] != 0) {
			buf_printf(&q, "&%s=%lld", list_fields[ids[k]].name,
			    (long long)*dst[k]);
			tmpl_setin(r, *dst[k], "Form.%s",
			    list_fields[ids[k]].name);
		}
	if (q.len > 0) {
		tmpl_set(r, "Form.Filtered", "1");
		tmpl_set(r, "Form.Query", buf_cstr(&q) + 1);
	}
	tmpl_set(r, "Form.name", f->name);
	tmpl_set(r, "Form.number", f->number);
	tmpl_set(r, "Form.stype", f->stype);
	tmpl_set(r, "Form.status", f->status);
	tmpl_seti(r, "Form.per", f->per);
	return RC_OK;
}

/* The find form: the list's fields, the ID number instead of its index. */
enum { FF_NAME, FF_IDNO, FF_STYPE, FF_INST, FF_NUMBER, FF_TYPE, FF_ORG,
    FF_PLAN, FF_SITE, FF_STATUS, FF_PER, FF__MAX };
static const struct field find_fields[FF__MAX] = {
	{ "name", FT_TEXT, 120 },	/* FF_NAME */
	{ "idno", FT_TEXT, 40 },	/* FF_IDNO */
	{ "stype", FT_TEXT, 20 },	/* FF_STYPE */
	{ "inst", FT_TEXT, 20 },	/* FF_INST */
	{ "number", FT_TEXT, 40 },	/* FF_NUMBER */
	{ "type", FT_TEXT, 20 },	/* FF_TYPE */
	{ "org", FT_TEXT, 20 },		/* FF_ORG */
	{ "plan", FT_TEXT, 20 },	/* FF_PLAN */
	{ "site", FT_TEXT, 20 },	/* FF_SITE */
	{ "status", FT_TEXT, 20 },	/* FF_STATUS */
	{ "per", FT_TEXT, 3 },		/* FF_PER */
};

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
	struct buf	 q;
	const char	*idno, *s;
	size_t		 k;
	enum rc		 rc;

	if ((rc = req_form(r, find_fields, FF__MAX, v)) != RC_OK)
		return rc;
	buf_init(&q, r->arena);
	buf_puts(&q, "/certs?");
	for (k = 0; k < FF__MAX; k++) {
		if (k == FF_IDNO || (s = text_field(r, &v[k]))[0] == '\0')
			continue;
		buf_printf(&q, "%s=%s&", find_fields[k].name,
		    resp_urlenc(r->arena, s));
	}
	idno = text_field(r, &v[FF_IDNO]);
	if (*idno != '\0' && idno_card(idno, id) != NULL)
		buf_puts(&q, "idbad=1&");
	else if (*idno != '\0') {
		idno_index(r->cfg, id, idx);
		sec_hex(idx, sizeof(idx), hex);
		buf_printf(&q, "idx=%s&", hex);
	}
	q.p[--q.len] = '\0';	/* the last '&' or '?' */
	return resp_redirect(r, "%s", buf_cstr(&q));
}

/*
 * The parameters of a name's counts (STMT_C_NAME): the name, the scope,
 * then each filter's pair in the statement's order.  A name drives only
 * without a number or an ID number, so no other filter is left.
 */
static size_t
name_args(const struct iss_filter *f, const struct scope *sc,
    struct dbarg *a)
{
	static const enum rf order[] = { RF_INST, RF_TYPE, RF_ORG, RF_PLAN,
	    RF_STYPE, RF_SITE };
	size_t	 n = 0, k;

	a[n++] = DB_S(f->name);
	a[n++] = DB_I(sc->kind == SCOPE_INST ? sc->id : 0);
	a[n++] = DB_I(sc->kind == SCOPE_INST ? sc->id : 0);
	a[n++] = DB_I(sc->kind == SCOPE_ORG ? sc->id : 0);
	a[n++] = DB_I(sc->kind == SCOPE_ORG ? sc->id : 0);
	for (k = 0; k < nitems(order); k++, n += 2)
		resid_args(f, order[k], a + n);
	return n;
}

/*
 * The tabs' counts for the filter: a filter of only organisation,
 * institution, plan, certificate type and 学生类型 (or none) sums the
 * counters, exactly (without institution, plan and type the few rows of
 * the organisations' totals, 0024); the others count through the driving
 * filter's index (a name: 0026's, which holds the other filters too).
 * Each statement also reads the version of the filters' choices into
 * *version (sql_list.c VERSION); a filter that cannot match reads it
 * alone.
 */
static enum rc
list_counts(struct req *r, const struct iss_filter *f, const struct scope *sc,
    int64_t *total, int64_t *version)
{
	static const struct {
		enum rf		 rf;
		size_t		 stmt;
	} counters[] = {
		{ RF_PLAN, STMT_CC_PLAN }, { RF_TYPE, STMT_CC_TYPE },
		{ RF_INST, STMT_CC_INST }, { RF_ORG, STMT_CC_ORG },
	};
	static const enum rf kres[] = { RF_INST, RF_TYPE, RF_ORG, RF_PLAN };
	struct dbarg	 a[32];
	struct dbq	*q;
	const char	*st;
	int64_t		 n, vals[RF__MAX];
	size_t		 i, k, na = 0, stmt = STMT_CC_ALL;
	enum rf		 drf = RF__MAX;
	int		 row;
	enum rc		 rc;

	*total = 0;
	for (i = 0; i < CERT__MAX; i++)
		tmpl_setn(r, "0", "Counts.%s", cert_key((enum cert_state)i));
	for (i = 0; i < 5; i++) {
		tmpl_setn(r, cert_key((enum cert_state)i), "Tabs.%zu.Key", i);
		tmpl_setn(r, cert_label((enum cert_state)i), "Tabs.%zu.Label",
		    i);
	}
	tmpl_set(r, "Counts.all", "0");
	if (f->none)
		return db_row(r->db, r->arena, STMT_O_VERSION,
		    DB_ARGS(DB_I(sc->kind == SCOPE_ORG ? sc->id : 0),
		    DB_I(sc->kind == SCOPE_INST ? sc->id : 0)),
		    DB_OUT(DB_OI(version)));
	if (*f->name || f->has_id || *f->number || f->site) {
		enum drv d = pick_driver(f, sc);

		if (d == D_NAME)
			a[na++] = DB_S(f->name);	/* (nothing else set) */
		else
			na = d == D_NAMES ? name_args(f, sc, a) :
			    bind(f, sc, d, 0, 1, a);
		stmt = drivers[d].count;
	} else {
		memset(vals, 0, sizeof(vals));
		vals[RF_INST] = f->inst ? f->inst :
		    sc->kind == SCOPE_INST ? sc->id : 0;
		vals[RF_ORG] = f->org ? f->org :
		    sc->kind == SCOPE_ORG ? sc->id : 0;
		vals[RF_TYPE] = f->type;
		vals[RF_PLAN] = f->plan;
		if (vals[RF_INST] == 0 && vals[RF_TYPE] == 0 &&
		    vals[RF_PLAN] == 0) {
			/* an organisation's or the platform's totals */
			stmt = STMT_CC_ORGS;
			a[na++] = DB_I(vals[RF_ORG]);
			a[na++] = DB_I(vals[RF_ORG]);
			a[na++] = DB_I(sc->kind == SCOPE_ORG ? sc->id : 0);
			a[na++] = DB_I(sc->kind == SCOPE_ORG ? sc->id : 0);
			a[na++] = DB_S(f->stype);
			a[na++] = DB_S(f->stype);
			goto run;
		}
		for (i = 0; i < nitems(counters); i++)
			if (vals[counters[i].rf] != 0) {
				drf = counters[i].rf;
				stmt = counters[i].stmt;
				a[na++] = DB_I(vals[drf]);
				break;
			}
		a[na++] = DB_I(sc->kind == SCOPE_INST ? sc->id : 0);
		a[na++] = DB_I(sc->kind == SCOPE_INST ? sc->id : 0);
		a[na++] = DB_I(sc->kind == SCOPE_ORG ? sc->id : 0);
		a[na++] = DB_I(sc->kind == SCOPE_ORG ? sc->id : 0);
		for (k = 0; k < nitems(kres); k++)
			if (kres[k] != drf) {
				a[na++] = DB_I(vals[kres[k]]);
				a[na++] = DB_I(vals[kres[k]]);
			}
		a[na++] = DB_S(f->stype);
		a[na++] = DB_S(f->stype);
	}
run:
	a[na++] = DB_I(sc->kind == SCOPE_ORG ? sc->id : 0);
	a[na++] = DB_I(sc->kind == SCOPE_INST ? sc->id : 0);
	if ((q = db_run(r->db, r->arena, &rc, stmt, a, na)) == NULL)
		return rc;
	*version = -1;
	while ((row = db_next(q, DB_OUT(DB_OS(&st), DB_OI(&n)))) == 1)
		if (strcmp(st, "v") == 0)
			*version = n;
		else if (cert_parse(st) != CERT__MAX) {
			tmpl_setin(r, n, "Counts.%s", st);
			*total += n;
		}
	tmpl_seti(r, "Counts.all", *total);
	return row == -1 || *version == -1 ? RC_ERROR : RC_OK;
}

/*
 * The filters' choices, each from the caller's scope: kept per process
 * (tmpl_shared) while their version is the database's (version, read
 * with the counts).
 */
static enum rc
list_choices(struct req *r, const struct scope *sc, int64_t version)
{
	static const char *const cols[] = { "Id", "Label" };
	static const struct {
		const char	*name;
		size_t		 stmt[SCOPE__MAX];
	} opts[] = {
		{ "Opt.Inst", { STMT_O_INST_ADMIN, STMT_O_INST_ORG, 0 } },
		{ "Opt.Type", { STMT_O_TYPE_ADMIN, STMT_O_TYPE_ORG,
		    STMT_O_TYPE_INST } },
		{ "Opt.Org", { STMT_O_ORG_ADMIN, 0, STMT_O_ORG_INST } },
		{ "Opt.Plan", { STMT_O_PLAN_ADMIN, STMT_O_PLAN_ORG,
		    STMT_O_PLAN_INST } },
		{ "Opt.Site", { STMT_O_INST_ADMIN, STMT_O_SITE_ORG,
		    STMT_O_SITE_INST } },
	};
	struct dbq	*q;
	const char	*name;
	size_t		 i, stmt;
	int		 n;
	enum rc		 rc;

	for (i = 0; i < nitems(opts); i++) {
		if ((stmt = opts[i].stmt[sc->kind]) == 0)
			continue;	/* its own: no choice to make */
		tmpl_setn(r, "1", "%s.Shown", opts[i].name);
		name = arena_printf(r->arena, "%s.L", opts[i].name);
		if ((n = tmpl_shared(r, stmt, sc->id, version, name)) == -1) {
			if ((q = db_run(r->db, r->arena, &rc, stmt,
			    DB_ARGS(DB_I(sc->id), DB_I(sc->id)))) == NULL)
				return rc;
			if ((n = tmpl_rows_shared(r, q, stmt, sc->id, version,
			    name, cols, nitems(cols))) == -1)
				return RC_ERROR;
		}
		/* Without a choice made, the options as rendered before. */
		if (n > 0)
			(void)tmpl_frag(r, stmt, sc->id, version,
			    "issuance/options.cs", "opt.L",
			    arena_printf(r->arena, "%s.Frag", opts[i].name));
	}
	return RC_OK;
}

/*
 * Put row w into Certs.<i>.*, with what the caller may do with it; why:
 * the preflight's short reason when it fails (then no 确认).  Each value
 * is set relative to the row's node; columns no list page prints
 * (NULL names) and empty values (the templates print nothing and test
 * false for them alike: no ?-test reads a row) are left out.
 */
static void
list_row(struct req *r, struct _hdf *certs, int i, const struct iss_row *w,
    const char *why)
{
	static const char *const names[IC__MAX] = { "Name", "IdMask",
	    "StudentType", "InstCode", NULL, "Number", "CertName",
	    "Level", "Org", "IssuedOn", "Plan", "SiteCode", NULL,
	    "Result", "Score", "Status", "Reason" };
	enum cert_state	 st = cert_parse(w->c[IC_STATUS]);
	enum cert_party	 side = r->sess.role == ROLE_ORG ? CERT_BY_ORG :
			    CERT_BY_SITE;
	struct _hdf	*row;
	size_t		 k;

	if ((row = tmpl_child(certs, i)) == NULL)
		return;
	tmpl_nseti(row, "Id", w->id);
	for (k = 0; k < IC_SHOWN; k++)
		if (names[k] != NULL && w->c[k] != NULL && *w->c[k] != '\0')
			tmpl_nset(row, names[k], w->c[k]);
	tmpl_nset(row, "StatusLabel", cert_label(st));
	tmpl_nset(row, "Preflight", why);
	if (r->sess.role == ROLE_ADMIN || r->sess.role == ROLE_STUDENT)
		return;			/* they only look */
	/* What the caller's side may do now (cert_next() decides). */
	if (why == NULL && cert_next(st, CERT_EV_SIGN, side) != CERT__MAX)
		tmpl_nset(row, r->sess.role == ROLE_BIZ ? "CanSubmit" :
		    "CanSign", "1");
	if (r->sess.role != ROLE_BIZ &&
	    cert_next(st, CERT_EV_REJECT, side) != CERT__MAX)
		tmpl_nset(row, "CanReject", "1");
	if (r->sess.role == ROLE_ORG &&
	    cert_next(st, CERT_EV_REISSUE, side) != CERT__MAX)
		tmpl_nset(row, "CanReissue", "1");
}

/*
 * The font check of a record's drawn fields, kept per process by record
 * and content hash (a property of the content and the font): the
 * verdict (NULL: it may be signed) as its short reason.  The photo
 * check (template and holder may change) is read on every page.
 */
#define PFC_MAX	4096
#define PF_IDS	100		/* sql_list.c IDS_MAX */
static struct pfc {
	int64_t		 id;
	char		 sha[65];
	char		*brief;
} pfc[PFC_MAX];

/* The kept check of record id with content hash sha, or NULL. */
static struct pfc *
pfc_get(int64_t id, const char *sha)
{
	struct pfc	*e = &pfc[(uint64_t)id % PFC_MAX];

	return e->id == id && *sha != '\0' && strcmp(e->sha, sha) == 0 ?
	    e : NULL;
}

/* Keep the check of record id (sha empty: unhashed, not kept). */
static void
pfc_put(int64_t id, const char *sha, const char *brief)
{
	struct pfc	*e = &pfc[(uint64_t)id % PFC_MAX];
	char		*b = NULL;

	if (*sha == '\0' || strlen(sha) >= sizeof(e->sha) ||
	    (brief != NULL && (b = strdup(brief)) == NULL))
		return;
	free(e->brief);
	e->id = id;
	snprintf(e->sha, sizeof(e->sha), "%s", sha);
	e->brief = b;
}

/*
 * The ids of w with mask[k] set as the 100 parameters of the preflight's
 * statements (IDS_MAX), the rest 0.  Returns how many are set.
 */
static size_t
pf_ids(const struct iss_row *w, int64_t n, const char *mask,
    struct dbarg *a)
{
	int64_t		 k;
	size_t		 i, set = 0;

	for (k = 0; k < n && set < PF_IDS; k++)
		if (mask[k])
			a[set++] = DB_I(w[k].id);
	for (i = set; i < PF_IDS; i++)
		a[i] = DB_I(0);
	return set;
}

/*
 * The preflight of the pending rows among the n shown: a failing one
 * gets its short reason in why[k].  The rows bring their content hash
 * and photo check (COLS); the drawn fields (eight JSON values each) are
 * read, in one statement for the page (at most 100 rows), only of
 * contents not checked before in this process; the font check is in
 * memory.
 */
static enum rc
list_preflight(struct req *r, const struct iss_row *w, int64_t n,
    const char **why)
{
	static const char *const photo[PF__MAX] = { [PF_PHOTO] = "1" };
	struct dbarg	 a[PF_IDS];
	struct dbq	*q;
	const char	*pf[PF__MAX], *brief;
	struct pfc	*e;
	char		*miss;
	int64_t		 id, k, nmiss = 0;
	int		 row, keep;
	enum rc		 rc;

	miss = arena_calloc(r->arena, (size_t)n + 1, 1);
	for (k = 0; k < n; k++) {
		enum cert_state st = cert_parse(w[k].c[IC_STATUS]);

		if (st != CERT_ORG_PENDING && st != CERT_SITE_PENDING)
			continue;
		if (w[k].c[IC_PHOTO] != NULL)	/* (reported before the font) */
			(void)iss_preflight(r, photo, &why[k]);
		else if ((e = pfc_get(w[k].id, w[k].c[IC_SHA])) != NULL)
			why[k] = e->brief;
		else {
			miss[k] = 1;
			nmiss++;
		}
	}
	if (nmiss == 0)
		return RC_OK;
	(void)pf_ids(w, n, miss, a);
	if ((q = db_run(r->db, r->arena, &rc, STMT_LIST_PF, a,
	    PF_IDS)) == NULL)
		return rc;
	/* Verdicts are kept only when the font opened. */
	keep = glyph_missing(r->cfg, "", NULL) == 0;
	while ((row = db_next(q, DB_OUT(DB_OI(&id), PF_OUT(pf)))) == 1) {
		pf[PF_PHOTO] = NULL;	/* (checked above) */
		brief = NULL;
		(void)iss_preflight(r, pf, &brief);
		for (k = 0; k < n; k++)
			if (w[k].id == id && miss[k]) {
				why[k] = brief;
				if (keep)
					pfc_put(id, w[k].c[IC_SHA], brief);
			}
	}
	return row == -1 ? RC_ERROR : RC_OK;
}

/*
 * The page of rows for f into Certs.*, oldest first, with the keyset
 * links: a page before an id is read descending and shown reversed; one
 * that reaches the start is the first page.
 */
static enum rc
list_rows(struct req *r, const struct iss_filter *f, int64_t version)
{
	struct iss_row	*w, tmp;
	struct dbq	*q;
	struct _hdf	*certs;
	const char	**why;
	int64_t		 n = 0, i;
	int		 prev = f->before > 0, row = 0;
	enum rc		 rc;

	w = arena_calloc(r->arena, (size_t)f->per + 1, sizeof(*w));
again:
	if ((q = iss_filter_run(r, f, prev, prev ? f->before : f->after,
	    f->per + 1, 1, &rc)) == NULL)
		return rc;
	for (n = 0; n <= f->per && (row = iss_row_next(q, &w[n])) == 1; n++)
		;
	if (n <= f->per && row == -1)
		return RC_ERROR;
	if (prev && n <= f->per) {
		prev = 0;		/* reached the start: the first page */
		goto again;
	}
	if (prev) {
		tmpl_setin(r, w[f->per - 1].id, "List.Prev");
		tmpl_setin(r, w[0].id, "List.Next");
		n = f->per;
		for (i = 0; i < n / 2; i++) {	/* shown oldest first */
			tmp = w[i];
			w[i] = w[n - 1 - i];
			w[n - 1 - i] = tmp;
		}
	} else {
		if (n > f->per) {
			n = f->per;
			tmpl_setin(r, w[n - 1].id, "List.Next");
		}
		if (f->after > 0 && n > 0)
			tmpl_setin(r, w[0].id, "List.Prev");
		if (f->after > 0)
			tmpl_set(r, "List.NotFirst", "1");
	}
	if (f->before > 0)
		tmpl_set(r, "List.NotFirst", prev ? "1" : "");
	/* The names at the version the counts read ('all': the high half). */
	if ((rc = names_sync(r, version >> 32)) != RC_OK)
		return rc;
	for (i = 0; i < n; i++)
		if ((rc = names_fill(r, &w[i])) != RC_OK)
			return rc;
	why = arena_calloc(r->arena, (size_t)n + 1, sizeof(*why));
	if ((rc = list_preflight(r, w, n, why)) != RC_OK)
		return rc;
	certs = n > 0 ? tmpl_node(r, "Certs") : NULL;
	for (i = 0; i < n; i++)
		list_row(r, certs, (int)i, &w[i], why[i]);
	tmpl_seti(r, "List.Shown", n);
	return RC_OK;
}

/* GET /certs: the list the caller may see, with counts per status. */
enum rc
iss_list(struct req *r)
{
	struct iss_filter f;
	struct scope	 sc;
	int64_t		 total, version;
	const char	*mine;
	enum rc		 rc;

	if ((rc = list_scope(r, &sc)) != RC_OK ||
	    (rc = iss_filter_parse(r, &f)) != RC_OK ||
	    (rc = list_counts(r, &f, &sc, &total, &version)) != RC_OK ||
	    (rc = list_choices(r, &sc, version)) != RC_OK)
		return rc;
	if (!f.none && (rc = list_rows(r, &f, version)) != RC_OK)
		return rc;
	tmpl_set(r, "Me.Role", role_key(r->sess.role));
	tmpl_set(r, "PerChoices.0", "20");
	tmpl_set(r, "PerChoices.1", "50");
	tmpl_set(r, "PerChoices.2", "100");
	/* 按当前筛选全部确认签发: what awaits the caller's side. */
	mine = r->sess.role == ROLE_ORG ? "org_pending" :
	    r->sess.role == ROLE_ADMIN ? NULL : "site_pending";
	if (mine != NULL && (*f.status == '\0' ||
	    strcmp(f.status, mine) == 0)) {
		tmpl_set(r, "Batch.State", mine);
		tmpl_set(r, "Batch.Label", cert_label(cert_parse(mine)));
	}
	r->personal = 1;
	return tmpl_page(r, 200, "issuance/list.cs", "证书发放管理");
}

/*
 * Every certificate id that the list's filter, as posted with the
 * form, matches in the caller's scope and that awaits the caller's
 * side (培训评价组织待签发 for organisation staff, 考核站点待签发 for
 * the institution), in id order: at most max + 1 (one more than max
 * says "too many").
 */
enum rc
iss_select(struct req *r, size_t max, struct idset *ids)
{
	return iss_select_in(r, r->sess.role == ROLE_ORG ? "org_pending" :
	    "site_pending", max, ids);
}

/* The same for the certificates in the status want (批量下载: confirmed). */
enum rc
iss_select_in(struct req *r, const char *want, size_t max, struct idset *ids)
{
	struct iss_filter f;
	struct iss_row	 w;
	struct dbq	*q;
	struct buf	 b;
	int		 row;
	enum rc		 rc;

	memset(ids, 0, sizeof(*ids));
	if ((rc = iss_filter_parse(r, &f)) != RC_OK)
		return rc;
	if (f.none || (*f.status != '\0' && strcmp(f.status, want) != 0))
		return RC_OK;
	f.status = want;
	if ((q = iss_filter_run(r, &f, 0, 0, (int64_t)max + 1, 0,
	    &rc)) == NULL)
		return rc;
	ids->id = arena_calloc(r->arena, db_rows(q) + 1, sizeof(*ids->id));
	buf_init(&b, r->arena);
	buf_puts(&b, "[");
	while ((row = iss_row_next(q, &w)) == 1) {
		buf_printf(&b, "%s%lld", ids->n ? "," : "", (long long)w.id);
		ids->id[ids->n++] = w.id;
	}
	buf_puts(&b, "]");
	ids->json = buf_cstr(&b);
	return row == -1 ? RC_ERROR : RC_OK;
}

/* GET /certs/mine: a student's own certificates. */
enum rc
iss_mine(struct req *r)
{
	static const size_t mine[SCOPE__MAX] = { [SCOPE_OWN] = STMT_MINE };
	struct iss_row	 w;
	struct dbq	*q;
	struct scope	 sc;
	struct _hdf	*certs;
	const char	*url;
	int64_t		 id[100];
	int		 i = 0, k, row;
	enum rc		 rc;

	if ((rc = scope_get(r, mine, &sc)) != RC_OK ||
	    (rc = names_sync(r, -1)) != RC_OK)
		return rc;
	if ((q = db_run(r->db, r->arena, &rc, sc.stmt,
	    DB_ARGS(DB_I(0), DB_I(sc.id)))) == NULL)
		return rc;
	certs = NULL;
	while ((row = iss_row_next(q, &w)) == 1) {
		if ((rc = names_fill(r, &w)) != RC_OK)
			return rc;
		if (certs == NULL)
			certs = tmpl_node(r, "Certs");
		if (i < (int)nitems(id))
			id[i] = w.id;
		list_row(r, certs, i++, &w, NULL);
	}
	if (row == -1)
		return RC_ERROR;
	/* Each confirmed certificate's web view (after the rows are read). */
	for (k = 0; k < i && k < (int)nitems(id); k++)
		if ((url = iss_img_url(r, id[k])) != NULL)
			tmpl_setn(r, url, "Certs.%d.ImgUrl", k);
	tmpl_seti(r, "List.Shown", i);
	if ((rc = ship_paper_mine(r, sc.id)) != RC_OK)
		return rc;
	r->personal = 1;
	return tmpl_page(r, 200, "issuance/mine.cs", "我的证书");
}
