/* page_ship.c: 操作四, paper certificates: shipments, packing list, receipt, hand-over, progress, exports. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "cert.h"
#include "certscan.h"
#include "issuance.h"

/* The most certificates in one parcel or one hand-over. */
#define SHIP_MAX	2000
/* Days a parcel may be on the way, a received one wait to be handed. */
#define SHIP_DUE_DAYS	7
#define HAND_DUE_DAYS	30

static const struct {
	const char	*key;
	const char	*label;
} ship_states[] = {
	{ "packing", "待打印" },
	{ "printed", "已打印" },
	{ "shipped", "已寄出" },
	{ "received", "院校已签收" },
	/* The states of one certificate in a parcel, and of its paper. */
	{ "sent", "在途" },
	{ "missing", "缺失" },
	{ "damaged", "损坏" },
	{ "handed", "已发放" },
	{ "later", "已补印补寄" },
};

/* The label of a parcel's or a paper certificate's state. */
static const char *
ship_label(const char *key)
{
	size_t	 i;

	for (i = 0; key != NULL && i < nitems(ship_states); i++)
		if (strcmp(ship_states[i].key, key) == 0)
			return ship_states[i].label;
	return "";
}

/* The caller's organisation and institution (0 for none), for SHIP_SCOPE. */
static void
ship_scope(const struct req *r, int64_t *org, int64_t *inst)
{
	*org = r->sess.role == ROLE_ORG ? r->sess.org_id : 0;
	*inst = r->sess.role == ROLE_PRINCIPAL || r->sess.role == ROLE_BIZ ?
	    r->sess.inst_id : 0;
}

/* A shipment row's columns (SHIP_COLS in sql_ship.c). */
enum	sc {
	SC_ID, SC_ORG, SC_INST, SC_STATE, SC_N, SC_COURIER, SC_TRACKING,
	SC_PRINTED, SC_SHIPPED, SC_RECEIVED, SC_NOTE, SC_CREATED,
	SC_INSTCODE, SC_INSTNAME, SC_ORGNAME, SC_OVERDUE, SC__MAX
};
static const char *const sc_names[SC__MAX] = { "Id", "OrgId", "InstId",
    "State", "N", "Courier", "Tracking", "PrintedOn", "ShippedOn",
    "ReceivedAt", "Note", "CreatedAt", "InstCode", "InstName", "OrgName",
    "Overdue" };

/* Put the shipment rows of q into prefix.<i>, with their state's label. */
static int
ship_rows(struct req *r, struct dbq *q, const char *prefix)
{
	const char	*c[SC__MAX];
	size_t		 k;
	int		 i = 0, row;

	while ((row = db_next_strs(q, c, SC__MAX)) == 1) {
		for (k = 0; k < SC__MAX; k++)
			tmpl_setn(r, c[k], "%s.%d.%s", prefix, i, sc_names[k]);
		tmpl_setn(r, ship_label(c[SC_STATE]), "%s.%d.StateLabel",
		    prefix, i);
		i++;
	}
	return row == -1 ? -1 : i;
}

/*
 * Load the shipment r->arg[0] in the caller's scope into Ship.* (and
 * *org, *inst, *n, *state when not NULL).  Not the caller's: RC_NOTFOUND.
 */
static enum rc
ship_load(struct req *r, int64_t *orgp, int64_t *instp, int64_t *np,
    const char **statep)
{
	struct dbq	*q;
	const char	*c[SC__MAX];
	int64_t		 org, inst;
	size_t		 k;
	int		 row;
	enum rc		 rc;

	ship_scope(r, &org, &inst);
	if ((q = db_run(r->db, r->arena, &rc, STMT_SHIP_GET,
	    DB_ARGS(DB_I(r->arg[0]), DB_I(org), DB_I(org), DB_I(inst),
	    DB_I(inst)))) == NULL)
		return rc;
	if ((row = db_next_strs(q, c, SC__MAX)) != 1)
		return row == 0 ? RC_NOTFOUND : RC_ERROR;
	for (k = 0; k < SC__MAX; k++)
		tmpl_setn(r, c[k], "Ship.%s", sc_names[k]);
	tmpl_set(r, "Ship.StateLabel", ship_label(c[SC_STATE]));
	if (orgp != NULL)
		valid_int(c[SC_ORG], 1, INT64_MAX, orgp);
	if (instp != NULL)
		valid_int(c[SC_INST], 1, INT64_MAX, instp);
	if (np != NULL)
		valid_int(c[SC_N], 0, INT64_MAX, np);
	if (statep != NULL)
		*statep = c[SC_STATE];
	return RC_OK;
}

/* The progress rows of q (label columns, then six counts). */
static int
progress_rows(struct req *r, struct dbq *q, const char *prefix, size_t nl)
{
	static const char *const cnt[] = { "Confirmed", "Printed", "Shipped",
	    "Received", "Handed", "Missing" };
	const char	*c[8];
	size_t		 k;
	int		 i = 0, row;

	while ((row = db_next_strs(q, c, nl + nitems(cnt))) == 1) {
		for (k = 0; k < nl; k++)
			tmpl_setn(r, c[k], "%s.%d.L%zu", prefix, i, k);
		for (k = 0; k < nitems(cnt); k++)
			tmpl_setn(r, c[nl + k], "%s.%d.%s", prefix, i, cnt[k]);
		i++;
	}
	return row == -1 ? -1 : i;
}

/* The institution's certificates waiting to be handed over. */
static enum rc
hand_due(struct req *r)
{
	static const char *const names[] = { "Id", "Number", "Name",
	    "CertName", "Level", "ReceivedOn", "Overdue" };
	struct dbq	*q;
	int64_t		 n[4];
	enum rc		 rc;
	int64_t		 inst = r->sess.inst_id;

	if ((rc = db_row(r->db, r->arena, STMT_SHIP_DUE, DB_ARGS(DB_I(inst),
	    DB_I(inst), DB_I(inst), DB_I(inst)), DB_OUT(DB_OI(&n[0]),
	    DB_OI(&n[1]), DB_OI(&n[2]), DB_OI(&n[3])))) != RC_OK)
		return rc;
	tmpl_seti(r, "Due.ToReceive", n[0]);
	tmpl_seti(r, "Due.ToReceiveLate", n[1]);
	tmpl_seti(r, "Due.ToHand", n[2]);
	tmpl_seti(r, "Due.ToHandLate", n[3]);
	tmpl_seti(r, "Due.ShipDays", SHIP_DUE_DAYS);
	tmpl_seti(r, "Due.HandDays", HAND_DUE_DAYS);
	if ((q = db_run(r->db, r->arena, &rc, STMT_HAND_LIST,
	    DB_ARGS(DB_I(inst)))) == NULL)
		return rc;
	return tmpl_rows(r, q, "Hand", names, nitems(names)) == -1 ?
	    RC_ERROR : RC_OK;
}

/*
 * GET /certs/shipments: 纸质证书.  The organisation: progress per
 * institution and per exam plan, its parcels; the institution: what is
 * due and overdue, its parcels, the certificates to hand over; the
 * platform admin: every parcel.
 */
enum rc
ship_index(struct req *r)
{
	struct dbq	*q;
	int64_t		 org, inst;
	enum rc		 rc;

	ship_scope(r, &org, &inst);
	if (org != 0) {
		if ((q = db_run(r->db, r->arena, &rc, STMT_SHIP_PROGRESS_INST,
		    DB_ARGS(DB_I(org)))) == NULL ||
		    progress_rows(r, q, "ByInst", 2) == -1)
			return q == NULL ? rc : RC_ERROR;
	}
	if (org != 0 || inst != 0) {
		if ((q = db_run(r->db, r->arena, &rc, STMT_SHIP_PROGRESS_PLAN,
		    DB_ARGS(DB_I(org), DB_I(org), DB_I(inst), DB_I(inst)))) ==
		    NULL || progress_rows(r, q, "ByPlan", 2) == -1)
			return q == NULL ? rc : RC_ERROR;
	}
	if (inst != 0 && (rc = hand_due(r)) != RC_OK)
		return rc;
	if ((q = db_run(r->db, r->arena, &rc, STMT_SHIP_LIST,
	    DB_ARGS(DB_I(org), DB_I(org), DB_I(inst), DB_I(inst)))) == NULL)
		return rc;
	if (ship_rows(r, q, "Ships") == -1)
		return RC_ERROR;
	return tmpl_page(r, 200, "issuance/ships.cs", "纸质证书寄送与发放");
}

/*
 * GET /certs/shipments/new?inst=&plan=: a new parcel (organisation):
 * the institutions with certificates to send; for the chosen one its
 * confirmed certificates not yet sent (reprints marked), all ticked,
 * and a box for the scanner.
 */
enum rc
ship_new(struct req *r)
{
	static const char *const inames[] = { "Id", "Code", "Name", "N" };
	static const char *const cnames[] = { "Id", "Number", "Name",
	    "CertName", "Level", "Plan", "Paper", "Reprints" };
	static const struct field f[] = {
		{ "inst", FT_TEXT, 20 },
		{ "plan", FT_TEXT, 20 },
	};
	struct fval	 v[nitems(f)];
	struct dbq	*q;
	int64_t		 inst = 0, plan = 0;
	int		 n;
	enum rc		 rc;

	if ((rc = req_form(r, f, nitems(f), v)) != RC_OK)
		return rc;
	if ((v[0].present && *v[0].val != '\0' &&
	    valid_int(v[0].val, 1, INT64_MAX, &inst) == -1) ||
	    (v[1].present && *v[1].val != '\0' &&
	    valid_int(v[1].val, 1, INT64_MAX, &plan) == -1))
		return RC_BADREQ;
	if ((q = db_run(r->db, r->arena, &rc, STMT_SHIP_INSTS,
	    DB_ARGS(DB_I(r->sess.org_id)))) == NULL)
		return rc;
	if (tmpl_rows(r, q, "Insts", inames, nitems(inames)) == -1)
		return RC_ERROR;
	if (inst != 0) {
		tmpl_seti(r, "New.Inst", inst);
		tmpl_seti(r, "New.Plan", plan);
		if ((q = db_run(r->db, r->arena, &rc, STMT_SHIP_ELIGIBLE,
		    DB_ARGS(DB_I(r->sess.org_id), DB_I(inst), DB_I(plan),
		    DB_I(plan)))) == NULL)
			return rc;
		if ((n = tmpl_rows(r, q, "Cands", cnames,
		    nitems(cnames))) == -1)
			return RC_ERROR;
		tmpl_seti(r, "New.N", n);
	}
	return tmpl_page(r, 200, "issuance/ship_new.cs", "新建寄送包裹");
}

/*
 * The certificates named by the scanned text (one code per line) as
 * ids, in order, repeats (a double beep) dropped.  org / inst: the
 * caller's organisation or institution (0: not checked); want_inst: a
 * parcel's institution (0: not checked).  On a line that names no
 * certificate of the caller's, *why says which and nothing is kept.
 */
static enum rc
scan_ids(struct req *r, const char *text, int64_t org, int64_t inst,
    int64_t want_inst, struct idset *ids, const char **why)
{
	struct buf	 nums, csv;
	struct hset	 seen;
	struct dbq	*q;
	unsigned char	 key[32];
	const char	*p, *e, *num;
	char		 n[CERTNO_LEN + 1];
	int64_t		 seq, id, o, i;
	size_t		 line = 0, got = 0;
	enum certscan_err err;
	int		 row;
	enum rc		 rc;

	*why = NULL;
	buf_init(&nums, r->arena);
	buf_puts(&nums, "[");
	for (p = text; p != NULL && *p != '\0'; p = *e ? e + 1 : e) {
		if ((e = strchr(p, '\n')) == NULL)
			e = p + strlen(p);
		line++;
		if ((err = certscan_line(p, (size_t)(e - p), n)) ==
		    CERTSCAN_EMPTY)
			continue;
		if (err != CERTSCAN_OK) {
			*why = arena_printf(r->arena, "第 %zu 行：%s，未作任何改动",
			    line, certscan_message(err));
			return RC_BADREQ;
		}
		if (++got > SHIP_MAX) {
			*why = arena_printf(r->arena, "一次最多扫描 %d 份证书",
			    SHIP_MAX);
			return RC_BADREQ;
		}
		buf_printf(&nums, "%s\"%s\"", got > 1 ? "," : "", n);
	}
	buf_puts(&nums, "]");
	if (got == 0) {
		*why = "没有扫描到任何证书";
		return RC_BADREQ;
	}
	if ((q = db_run(r->db, r->arena, &rc, STMT_SHIP_NUMBERS,
	    DB_ARGS(DB_S(buf_cstr(&nums))))) == NULL)
		return rc;
	buf_init(&csv, r->arena);
	hset_init(r->arena, &seen, got);
	while ((row = db_next(q, DB_OUT(DB_OI(&seq), DB_OS(&num),
	    DB_OI(&id), DB_OI(&o), DB_OI(&i)))) == 1) {
		if (*why != NULL)
			continue;
		if (id == 0 || (org != 0 && o != org) ||
		    (inst != 0 && i != inst))
			*why = arena_printf(r->arena, "证书 %s 不是%s的证书，"
			    "未作任何改动", num, inst != 0 ? "本院校" :
			    "本机构在本平台签发");
		else if (want_inst != 0 && i != want_inst)
			*why = arena_printf(r->arena, "证书 %s 属于其他院校，"
			    "不能放入寄往所选院校的包裹，整个包裹未创建", num);
		else {
			/* A double beep of the scanner counts once. */
			memset(key, 0, sizeof(key));
			memcpy(key, &id, sizeof(id));
			if (hset_get(&seen, key) == 0) {
				hset_add(&seen, key, 1);
				buf_printf(&csv, "%s%lld", csv.len ? "," : "",
				    (long long)id);
			}
		}
	}
	if (row == -1)
		return RC_ERROR;
	if (*why != NULL)
		return RC_BADREQ;
	return idset_parse(r, buf_cstr(&csv), ids);
}

/*
 * Today (the database's, as every other date of the platform) as
 * YYYY-MM-DD, or the date posted in v, not in the future: a step is
 * marked when it happened.  NULL: invalid (or the database failed).
 */
static const char *
date_field(struct req *r, const struct fval *v)
{
	const char	*s, *today;
	int		 y, m, d;

	if (db_row(r->db, r->arena, STMT_SHIP_TODAY, DB_NOARGS,
	    DB_OUT(DB_OS(&today))) != RC_OK)
		return NULL;
	s = v->present && !v->invalid ? valid_trim(r->arena, v->val) : "";
	if (*s == '\0')
		return today;
	if (valid_date(s, &y, &m, &d) == -1 || strlen(s) != 10)
		return NULL;
	return strcmp(s, today) > 0 ? NULL : s;
}

/* A refusal as a message page with a way back to the shipments. */
static enum rc
ship_refuse(struct req *r, int status, const char *title, const char *why,
    int64_t ship)
{
	tmpl_set(r, "Page.Message", why);
	tmpl_set(r, "Page.Title", title);
	if (ship > 0)
		tmpl_seti(r, "Page.Ship", ship);
	return tmpl_page(r, status, "issuance/ship_msg.cs", title);
}

struct	create_tx {
	struct req	*r;
	struct idset	 ids;
	int64_t		 inst;
	int64_t		 id;
	const char	*why;
};

static enum rc
create_act(void *arg)
{
	struct create_tx *t = arg;
	struct req	*r = t->r;
	struct dbq	*q;
	struct dbres	 res;
	struct buf	 bad;
	const char	*number, *status, *paper;
	int64_t		 id, o, i, ship;
	size_t		 n = 0, nbad = 0;
	int		 row, other = 0;
	enum rc		 rc;

	buf_init(&bad, r->arena);
	if ((q = db_run(r->db, r->arena, &rc, STMT_SHIP_CHECK,
	    DB_ARGS(DB_S(t->ids.json)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&number),
	    DB_OS(&status), DB_OI(&o), DB_OI(&i), DB_OS(&paper),
	    DB_OI(&ship)))) == 1) {
		if (o != r->sess.org_id)
			return RC_NOTFOUND;
		n++;
		if (i != t->inst) {
			other = 1;
			buf_printf(&bad, "%s%s", nbad++ ? "、" : "", number);
		} else if (strcmp(status, "confirmed") != 0) {
			if (nbad++ < 20)
				buf_printf(&bad, "%s%s（%s）", nbad > 1 ? "、" :
				    "", number, cert_label(cert_parse(status)));
		} else if (*paper != '\0' && strcmp(paper, "missing") != 0 &&
		    strcmp(paper, "damaged") != 0) {
			if (nbad++ < 20)
				buf_printf(&bad, "%s%s（%s，包裹 %lld）",
				    nbad > 1 ? "、" : "", number,
				    strcmp(paper, "sent") == 0 ?
				    "已在另一个未签收的包裹中" : ship_label(paper),
				    (long long)ship);
		}
	}
	if (row == -1)
		return RC_ERROR;
	if (n != t->ids.n)
		return RC_NOTFOUND;
	if (nbad > 0) {
		t->why = arena_printf(r->arena, other ?
		    "以下证书属于其他院校，整个包裹未创建：%s" :
		    "以下证书不能寄送，整个包裹未创建：%s%s", buf_cstr(&bad),
		    nbad > 20 ? "……" : "");
		return RC_CONFLICT;
	}
	if ((rc = db_exec(r->db, r->arena, STMT_SHIP_INSERT, DB_ARGS(
	    DB_I(r->sess.org_id), DB_I(t->inst), DB_I(r->sess.account_id),
	    DB_I((int64_t)t->ids.n)), &res)) != RC_OK)
		return rc;
	t->id = (int64_t)res.insert_id;
	if ((rc = db_exec(r->db, r->arena, STMT_SHIP_ITEMS, DB_ARGS(
	    DB_I(t->id), DB_S(t->ids.json)), NULL)) != RC_OK ||
	    (rc = db_exec(r->db, r->arena, STMT_SHIP_PAPER, DB_ARGS(
	    DB_I(t->inst), DB_I(t->id), DB_S(t->ids.json)), NULL)) != RC_OK)
		return rc;
	return audit_add(r, "ship.create", "shipment", t->id,
	    arena_printf(r->arena, "inst=%lld n=%zu", (long long)t->inst,
	    t->ids.n));
}

/*
 * POST /certs/shipments (organisation): a parcel to one institution of
 * the ticked certificates (id) or of what the scanner typed (scan).
 * One certificate of another institution, one already in an open
 * parcel, one not confirmed: nothing is created.
 */
enum rc
ship_create(struct req *r)
{
	enum { F_INST, F_ID, F_SCAN, F__MAX };
	static const struct field f[F__MAX] = {
		{ "inst", FT_TEXT, 20 },
		{ "id", FT_IDS, SHIP_MAX * 20 },
		{ "scan", FT_MULTILINE, SHIP_MAX * 200 },
	};
	struct fval	 v[F__MAX];
	struct create_tx t;
	const char	*scan;
	enum rc		 rc;

	memset(&t, 0, sizeof(t));
	t.r = r;
	if ((rc = req_form(r, f, F__MAX, v)) != RC_OK)
		return rc;
	if (!v[F_INST].present || v[F_INST].invalid ||
	    valid_int(v[F_INST].val, 1, INT64_MAX, &t.inst) == -1)
		return ship_refuse(r, 400, "新建寄送包裹", "请选择收件院校", 0);
	scan = v[F_SCAN].present && !v[F_SCAN].invalid ? v[F_SCAN].val : "";
	if (!iss_blank(scan)) {
		if ((rc = scan_ids(r, scan, r->sess.org_id, 0, t.inst, &t.ids,
		    &t.why)) != RC_OK)
			return t.why != NULL ? ship_refuse(r, rc == RC_BADREQ ?
			    400 : 409, "新建寄送包裹", t.why, 0) : rc;
	} else if (!v[F_ID].present || v[F_ID].invalid ||
	    idset_parse(r, v[F_ID].val, &t.ids) != RC_OK)
		return ship_refuse(r, 400, "新建寄送包裹",
		    "请勾选要寄送的证书，或扫描证书上的二维码", 0);
	if (t.ids.n > SHIP_MAX)
		return ship_refuse(r, 400, "新建寄送包裹", arena_printf(r->arena,
		    "一个包裹最多 %d 份证书", SHIP_MAX), 0);
	rc = db_tx(r->db, create_act, &t);
	if (rc == RC_CONFLICT && t.why != NULL)
		return ship_refuse(r, 409, "新建寄送包裹", t.why, 0);
	if (rc != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_CREATED, "/certs/shipments/%lld",
	    (long long)t.id);
}

/* The parcel's certificates into Items.<i>. */
static enum rc
ship_items(struct req *r, int64_t id)
{
	static const char *const names[] = { "Id", "Number", "Name",
	    "CertName", "Level", "Plan", "State", "Note", "Reprint", "Paper",
	    "Status" };
	const char	*c[nitems(names)];
	struct dbq	*q;
	size_t		 k;
	int		 i = 0, row, nmiss = 0;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_SHIP_ITEMS_LIST,
	    DB_ARGS(DB_I(id)))) == NULL)
		return rc;
	while ((row = db_next_strs(q, c, nitems(names))) == 1) {
		for (k = 0; k < nitems(names); k++)
			tmpl_setn(r, c[k], "Items.%d.%s", i, names[k]);
		tmpl_setin(r, i + 1, "Items.%d.Seq", i);
		tmpl_setn(r, ship_label(c[6]), "Items.%d.StateLabel", i);
		tmpl_setn(r, ship_label(c[9]), "Items.%d.PaperLabel", i);
		tmpl_setn(r, cert_label(cert_parse(c[10])),
		    "Items.%d.StatusLabel", i);
		if (strcmp(c[6], "missing") == 0 ||
		    strcmp(c[6], "damaged") == 0)
			nmiss++;
		i++;
	}
	tmpl_seti(r, "Ship.Missing", nmiss);
	return row == -1 ? RC_ERROR : RC_OK;
}

/* GET /certs/shipments/#: the parcel, its certificates, the next step. */
enum rc
ship_show(struct req *r)
{
	const char	*state;
	enum rc		 rc;

	if ((rc = ship_load(r, NULL, NULL, NULL, &state)) != RC_OK ||
	    (rc = ship_items(r, r->arg[0])) != RC_OK)
		return rc;
	if (r->sess.role == ROLE_ORG) {
		if (strcmp(state, "packing") == 0)
			tmpl_set(r, "Can.Print", "1");
		if (strcmp(state, "printed") == 0)
			tmpl_set(r, "Can.Ship", "1");
	} else if (r->sess.role == ROLE_PRINCIPAL || r->sess.role == ROLE_BIZ) {
		if (strcmp(state, "shipped") == 0)
			tmpl_set(r, "Can.Receive", "1");
		if (strcmp(state, "received") == 0)
			tmpl_set(r, "Can.Hand", "1");
	}
	r->personal = 1;
	return tmpl_page(r, 200, "issuance/ship.cs", "寄送包裹");
}

/* GET /certs/shipments/#/list: the packing list, a print view. */
enum rc
ship_packing(struct req *r)
{
	enum rc		 rc;

	if ((rc = ship_load(r, NULL, NULL, NULL, NULL)) != RC_OK ||
	    (rc = ship_items(r, r->arg[0])) != RC_OK)
		return rc;
	r->personal = 1;
	tmpl_set(r, "Page.Print", "1");
	return tmpl_page(r, 200, "issuance/ship_packing.cs", "装箱清单");
}

struct	step_tx {
	struct req	*r;
	int64_t		 id;
	const char	*date, *courier, *tracking, *note;
	struct idset	 missing, damaged;
	int64_t		 org, inst, n;
	const char	*why;
};

/* Mark the parcel step (printed or shipped) in the caller's organisation. */
static enum rc
step_act(void *arg)
{
	struct step_tx	*t = arg;
	struct req	*r = t->r;
	struct dbres	 res;
	enum rc		 rc;

	if (t->courier == NULL)
		rc = db_exec(r->db, r->arena, STMT_SHIP_PRINTED, DB_ARGS(
		    DB_S(t->date), DB_I(t->id), DB_I(r->sess.org_id)), &res);
	else
		rc = db_exec(r->db, r->arena, STMT_SHIP_SHIPPED, DB_ARGS(
		    DB_S(t->courier), DB_S(t->tracking), DB_S(t->date),
		    DB_I(t->id), DB_I(r->sess.org_id), DB_S(t->date)), &res);
	if (rc != RC_OK)
		return rc;
	if (res.affected != 1) {
		t->why = t->courier == NULL ? "该包裹已标记为已打印" :
		    "只有已打印的包裹才能寄出（寄出日期不能早于打印日期），"
		    "或该包裹已寄出";
		return RC_CONFLICT;
	}
	if (t->courier != NULL && (rc = iss_notify_inst(r, t->inst,
	    arena_printf(r->arena, "培训评价组织已寄出纸质证书包裹 %lld"
	    "（%lld 份，%s %s），收到后请签收", (long long)t->id,
	    (long long)t->n, t->courier, t->tracking), arena_printf(r->arena,
	    "/certs/shipments/%lld", (long long)t->id))) != RC_OK)
		return rc;
	return audit_add(r, t->courier == NULL ? "ship.printed" :
	    "ship.shipped", "shipment", t->id, t->courier == NULL ? t->date :
	    arena_printf(r->arena, "%s %s %s", t->date, t->courier,
	    t->tracking));
}

/* The parcel r->arg[0] of the caller's scope: its ids and size. */
static enum rc
step_load(struct req *r, struct step_tx *t)
{
	t->r = r;
	t->id = r->arg[0];
	return ship_load(r, &t->org, &t->inst, &t->n, NULL);
}

/* A step's outcome: back to the parcel, or the refusal. */
static enum rc
step_done(struct req *r, struct step_tx *t, enum rc rc, const char *title)
{
	if (rc == RC_CONFLICT && t->why != NULL)
		return ship_refuse(r, 409, title, t->why, t->id);
	if (rc != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_SAVED, "/certs/shipments/%lld",
	    (long long)t->id);
}

/* POST /certs/shipments/#/printed (organisation): 已打印, with its date. */
enum rc
ship_printed(struct req *r)
{
	static const struct field f[] = { { "date", FT_TEXT, 20 } };
	struct fval	 v[1];
	struct step_tx	 t;
	enum rc		 rc;

	memset(&t, 0, sizeof(t));
	if ((rc = req_form(r, f, 1, v)) != RC_OK ||
	    (rc = step_load(r, &t)) != RC_OK)
		return rc;
	if ((t.date = date_field(r, &v[0])) == NULL)
		return ship_refuse(r, 400, "标记已打印",
		    "打印日期无效（格式 2026-12-01，不能晚于今天）", t.id);
	return step_done(r, &t, db_tx(r->db, step_act, &t), "标记已打印");
}

/* The courier and tracking number as posted, or a message. */
static const char *
courier_fields(struct req *r, const struct fval *c, const struct fval *k,
    const char **courier, const char **tracking)
{
	const char	*p;

	if ((*courier = valid_text(r->arena, c, 1, 30)) == NULL)
		return "请填写快递公司（不超过 30 字）";
	if ((*tracking = valid_text(r->arena, k, 4, 40)) == NULL)
		return "请填写快递单号（4–40 位字母或数字）";
	for (p = *tracking; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= 'a' && *p <= 'z') || *p == '-'))
			return "快递单号只能由字母、数字和 - 组成";
	return NULL;
}

/* POST /certs/shipments/#/shipped (organisation): 已寄出, courier, number. */
enum rc
ship_shipped(struct req *r)
{
	enum { F_DATE, F_COURIER, F_TRACKING, F__MAX };
	static const struct field f[F__MAX] = {
		{ "date", FT_TEXT, 20 },
		{ "courier", FT_TEXT, 200 },
		{ "tracking", FT_TEXT, 200 },
	};
	struct fval	 v[F__MAX];
	struct step_tx	 t;
	const char	*why;
	enum rc		 rc;

	memset(&t, 0, sizeof(t));
	if ((rc = req_form(r, f, F__MAX, v)) != RC_OK ||
	    (rc = step_load(r, &t)) != RC_OK)
		return rc;
	if ((why = courier_fields(r, &v[F_COURIER], &v[F_TRACKING],
	    &t.courier, &t.tracking)) != NULL)
		return ship_refuse(r, 400, "标记已寄出", why, t.id);
	if ((t.date = date_field(r, &v[F_DATE])) == NULL)
		return ship_refuse(r, 400, "标记已寄出",
		    "寄出日期无效（格式 2026-12-01，不能晚于今天）", t.id);
	return step_done(r, &t, db_tx(r->db, step_act, &t), "标记已寄出");
}

static enum rc
receive_act(void *arg)
{
	struct step_tx	*t = arg;
	struct req	*r = t->r;
	struct dbres	 res;
	struct idset	*s;
	int		 k;
	enum rc		 rc;

	if ((rc = db_exec(r->db, r->arena, STMT_SHIP_RECEIVE, DB_ARGS(
	    DB_I(r->sess.account_id), DB_S(t->note), DB_I(t->id),
	    DB_I(r->sess.inst_id)), &res)) != RC_OK)
		return rc;
	if (res.affected != 1) {
		t->why = "该包裹尚未寄出或已签收";
		return RC_CONFLICT;
	}
	for (k = 0; k < 2; k++) {
		s = k == 0 ? &t->missing : &t->damaged;
		if (s->n == 0)
			continue;
		if ((rc = db_exec(r->db, r->arena, STMT_SHIP_ITEM_MARK, DB_ARGS(
		    DB_S(s->json), DB_S(k == 0 ? "missing" : "damaged"),
		    DB_S(t->note), DB_I(t->id)), &res)) != RC_OK)
			return rc;
		if (res.affected != s->n) {
			t->why = "勾选的证书不在该包裹中，未作任何改动";
			return RC_CONFLICT;
		}
	}
	if ((rc = db_exec(r->db, r->arena, STMT_SHIP_ITEM_REST,
	    DB_ARGS(DB_I(t->id)), NULL)) != RC_OK ||
	    (rc = db_exec(r->db, r->arena, STMT_SHIP_PAPER_SYNC,
	    DB_ARGS(DB_I(t->id)), NULL)) != RC_OK)
		return rc;
	if ((rc = iss_notify_org(r, t->org, arena_printf(r->arena,
	    "院校已签收纸质证书包裹 %lld：%lld 份，缺失 %zu 份，损坏 %zu 份%s%s",
	    (long long)t->id, (long long)t->n, t->missing.n, t->damaged.n,
	    *t->note ? "：" : "", iss_clip(r, t->note, 80)),
	    arena_printf(r->arena, "/certs/shipments/%lld",
	    (long long)t->id))) != RC_OK)
		return rc;
	return audit_add(r, "ship.receive", "shipment", t->id,
	    arena_printf(r->arena, "missing=%zu damaged=%zu", t->missing.n,
	    t->damaged.n));
}

/* An optional FT_IDS field into s (empty when absent); -1 when invalid. */
static int
opt_ids(struct req *r, const struct fval *v, struct idset *s)
{
	memset(s, 0, sizeof(*s));
	s->json = "[]";
	if (!v->present || *v->val == '\0')
		return 0;
	return v->invalid || idset_parse(r, v->val, s) != RC_OK ? -1 : 0;
}

/*
 * POST /certs/shipments/#/receive (the institution): 签收, the ticked
 * certificates reported missing or damaged with a note (mandatory for
 * them), the others received.  Another institution's parcel: 404.
 */
enum rc
ship_receive(struct req *r)
{
	enum { F_MISSING, F_DAMAGED, F_NOTE, F__MAX };
	static const struct field f[F__MAX] = {
		{ "missing", FT_IDS, SHIP_MAX * 20 },
		{ "damaged", FT_IDS, SHIP_MAX * 20 },
		{ "note", FT_MULTILINE, 1500 },
	};
	struct fval	 v[F__MAX];
	struct step_tx	 t;
	size_t		 i, k;
	enum rc		 rc;

	memset(&t, 0, sizeof(t));
	if ((rc = req_form(r, f, F__MAX, v)) != RC_OK ||
	    (rc = step_load(r, &t)) != RC_OK)
		return rc;
	if (opt_ids(r, &v[F_MISSING], &t.missing) == -1 ||
	    opt_ids(r, &v[F_DAMAGED], &t.damaged) == -1)
		return RC_BADREQ;
	for (i = 0; i < t.missing.n; i++)
		for (k = 0; k < t.damaged.n; k++)
			if (t.missing.id[i] == t.damaged.id[k])
				return ship_refuse(r, 400, "签收包裹",
				    "同一份证书不能既报缺失又报损坏", t.id);
	t.note = v[F_NOTE].present && !v[F_NOTE].invalid ?
	    valid_trim(r->arena, v[F_NOTE].val) : "";
	if (valid_chars(t.note) > 200)
		return ship_refuse(r, 400, "签收包裹", "说明不能超过 200 字",
		    t.id);
	if (t.missing.n + t.damaged.n > 0 && iss_blank(t.note))
		return ship_refuse(r, 400, "签收包裹",
		    "报告缺失或损坏的证书时必须填写说明", t.id);
	return step_done(r, &t, db_tx(r->db, receive_act, &t), "签收包裹");
}

struct	hand_tx {
	struct req	*r;
	struct idset	 ids;
	const char	*how, *date, *to, *courier, *tracking;
	const char	*why;
};

static enum rc
hand_act(void *arg)
{
	struct hand_tx	*t = arg;
	struct req	*r = t->r;
	struct dbq	*q;
	struct dbres	 res;
	struct buf	 bad;
	const char	*number, *paper, *status;
	int64_t		 id, inst, acct;
	size_t		 n = 0, nbad = 0;
	int		 row;
	enum rc		 rc;

	buf_init(&bad, r->arena);
	if ((q = db_run(r->db, r->arena, &rc, STMT_HAND_CHECK,
	    DB_ARGS(DB_S(t->ids.json)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&number),
	    DB_OI(&inst), DB_OS(&paper), DB_OS(&status)))) == 1) {
		if (inst != r->sess.inst_id)
			return RC_NOTFOUND;
		n++;
		if (strcmp(status, "confirmed") != 0) {
			/* A withdrawn certificate is not given to anyone. */
			if (nbad++ < 20)
				buf_printf(&bad, "%s%s（%s）", nbad > 1 ? "、" :
				    "", number, cert_label(cert_parse(status)));
		} else if (strcmp(paper, "received") != 0 && nbad++ < 20)
			buf_printf(&bad, "%s%s（%s）", nbad > 1 ? "、" : "",
			    number, *paper == '\0' ? "尚未寄出" :
			    strcmp(paper, "sent") == 0 ? "尚未签收" :
			    ship_label(paper));
	}
	if (row == -1)
		return RC_ERROR;
	if (n != t->ids.n)
		return RC_NOTFOUND;
	if (nbad > 0) {
		t->why = arena_printf(r->arena, "只有院校已签收、仍然有效的证书才能发放，"
		    "以下证书不能发放，未作任何改动：%s%s", buf_cstr(&bad),
		    nbad > 20 ? "……" : "");
		return RC_CONFLICT;
	}
	if ((rc = db_exec(r->db, r->arena, STMT_HAND_SET, DB_ARGS(
	    DB_S(t->ids.json), DB_S(t->how), DB_S(t->date), DB_S(t->to),
	    DB_S(t->courier), DB_S(t->tracking), DB_I(r->sess.account_id),
	    DB_I(r->sess.inst_id)), &res)) != RC_OK)
		return rc;
	if (res.affected != t->ids.n) {
		t->why = "部分证书刚刚被其他操作处理，本次未作任何改动，请刷新后重试";
		return RC_CONFLICT;
	}
	/* Each holder hears of it in the personal space. */
	if ((q = db_run(r->db, r->arena, &rc, STMT_HAND_STUDENTS,
	    DB_ARGS(DB_S(t->ids.json)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&acct), DB_OS(&number)))) == 1)
		if ((rc = db_exec(r->db, r->arena, STMT_NOTIFY_ACCOUNT,
		    DB_ARGS(DB_I(acct), DB_S(arena_printf(r->arena,
		    "您的纸质证书 %s 已%s", number, strcmp(t->how, "mail") ==
		    0 ? arena_printf(r->arena, "由院校寄出（%s %s）",
		    t->courier, t->tracking) : "由院校发放")),
		    DB_S("/certs/mine")), NULL)) != RC_OK)
			return rc;
	if (row == -1)
		return RC_ERROR;
	return audit_add(r, "ship.handover", "certificate", t->ids.id[0],
	    arena_printf(r->arena, "how=%s n=%zu ids=%s", t->how, t->ids.n,
	    t->ids.n <= 20 ? t->ids.json : "…"));
}

/*
 * POST /certs/handover (the institution): 已发放, the ticked or scanned
 * certificates handed over in person (date, who received it) or mailed
 * on (courier, tracking number).  Only certificates the institution
 * has received; one that is not: nothing is written.
 */
enum rc
ship_handover(struct req *r)
{
	enum { F_ID, F_SCAN, F_HOW, F_DATE, F_TO, F_COURIER, F_TRACKING,
	    F__MAX };
	static const struct field f[F__MAX] = {
		{ "id", FT_IDS, SHIP_MAX * 20 },
		{ "scan", FT_MULTILINE, SHIP_MAX * 200 },
		{ "how", FT_TEXT, 10 },
		{ "date", FT_TEXT, 20 },
		{ "to", FT_TEXT, 200 },
		{ "courier", FT_TEXT, 200 },
		{ "tracking", FT_TEXT, 200 },
	};
	struct fval	 v[F__MAX];
	struct hand_tx	 t;
	const char	*scan, *why;
	enum rc		 rc;

	memset(&t, 0, sizeof(t));
	t.r = r;
	if ((rc = req_form(r, f, F__MAX, v)) != RC_OK)
		return rc;
	t.how = v[F_HOW].present && !v[F_HOW].invalid ? v[F_HOW].val : "";
	if (strcmp(t.how, "person") != 0 && strcmp(t.how, "mail") != 0)
		return ship_refuse(r, 400, "发放证书",
		    "请选择发放方式：当面领取或邮寄", 0);
	if ((t.date = date_field(r, &v[F_DATE])) == NULL)
		return ship_refuse(r, 400, "发放证书",
		    "发放日期无效（格式 2026-12-01，不能晚于今天）", 0);
	t.to = t.courier = t.tracking = "";
	if (strcmp(t.how, "person") == 0) {
		if ((t.to = valid_text(r->arena, &v[F_TO], 1, 30)) == NULL)
			return ship_refuse(r, 400, "发放证书",
			    "当面领取请填写领取人姓名（不超过 30 字）", 0);
	} else if ((why = courier_fields(r, &v[F_COURIER], &v[F_TRACKING],
	    &t.courier, &t.tracking)) != NULL)
		return ship_refuse(r, 400, "发放证书", why, 0);
	scan = v[F_SCAN].present && !v[F_SCAN].invalid ? v[F_SCAN].val : "";
	if (!iss_blank(scan)) {
		if ((rc = scan_ids(r, scan, 0, r->sess.inst_id, 0, &t.ids,
		    &t.why)) != RC_OK)
			return t.why != NULL ? ship_refuse(r, 400, "发放证书",
			    t.why, 0) : rc;
	} else if (!v[F_ID].present || v[F_ID].invalid ||
	    idset_parse(r, v[F_ID].val, &t.ids) != RC_OK)
		return ship_refuse(r, 400, "发放证书",
		    "请勾选要发放的证书，或扫描证书上的二维码", 0);
	rc = db_tx(r->db, hand_act, &t);
	if (rc == RC_CONFLICT && t.why != NULL)
		return ship_refuse(r, 409, "发放证书", t.why, 0);
	if (rc != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_SAVED, "/certs/shipments");
}

/*
 * The student's paper certificates (我的证书): Paper.<certificate id>.
 * Label and .Date, the latest step (已打印 → 已寄出 → 院校已签收 → 已发放).
 */
enum rc
ship_paper_mine(struct req *r, int64_t account)
{
	struct dbq	*q;
	const char	*c[10], *label, *date;
	int		 row;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_PAPER_MINE,
	    DB_ARGS(DB_I(account)))) == NULL)
		return rc;
	while ((row = db_next_strs(q, c, 10)) == 1) {
		if (strcmp(c[1], "handed") == 0) {
			label = strcmp(c[7], "mail") == 0 ? "已发放（院校已邮寄）" :
			    "已发放";
			date = c[6];
			if (strcmp(c[7], "mail") == 0)
				tmpl_setn(r, arena_printf(r->arena, "%s %s",
				    c[8], c[9]), "Paper.%s.Mail", c[0]);
		} else if (strcmp(c[1], "received") == 0) {
			label = "院校已签收";
			date = c[5];
		} else if (strcmp(c[1], "missing") == 0 ||
		    strcmp(c[1], "damaged") == 0) {
			label = "院校已签收（证书缺失或损坏，待补印补寄）";
			date = c[5];
		} else if (strcmp(c[2], "shipped") == 0) {
			label = "已寄出";
			date = c[4];
		} else if (strcmp(c[2], "printed") == 0) {
			label = "已打印";
			date = c[3];
		} else
			continue;	/* packed, not printed yet */
		tmpl_setn(r, label, "Paper.%s.Label", c[0]);
		tmpl_setn(r, date, "Paper.%s.Date", c[0]);
	}
	return row == -1 ? RC_ERROR : RC_OK;
}

/* Labels of the exported state columns. */
static const char *
export_cell(struct req *r, const char *s, int state)
{
	if (s == NULL)
		return "";
	if (state == 1)
		s = ship_label(s);
	else if (state == 2)
		s = strcmp(s, "person") == 0 ? "当面领取" :
		    strcmp(s, "mail") == 0 ? "邮寄" : "";
	return csvdoc_formula(s) ? arena_printf(r->arena, "'%s", s) : s;
}

/*
 * Send the rows of q (n text columns under head; kinds[k]: 1 a state
 * label, 2 a hand-over way) as the workbook name with one sheet.
 */
static enum rc
ship_xlsx(struct req *r, const char *name, const char *sheet,
    const char *const *head, const int *kinds, size_t n, size_t stmt)
{
	struct dbq	*q;
	const char	*c[16];
	int64_t		 org, inst;
	int		 row;
	enum rc		 rc;
	struct iss_xlsx	 x;
	size_t		 k;

	ship_scope(r, &org, &inst);
	if ((q = db_run(r->db, r->arena, &rc, stmt, DB_ARGS(DB_I(org),
	    DB_I(org), DB_I(inst), DB_I(inst)))) == NULL)
		return rc;
	if (db_rows(q) > EXPORT_MAX)
		return ship_refuse(r, 400, sheet, "记录超过 100000 条，无法一次导出",
		    0);
	if ((rc = iss_xlsx_open(r, &x, sheet, head, n)) != RC_OK)
		return rc;
	while ((row = db_next_strs(q, c, n)) == 1) {
		for (k = 0; k < n; k++)
			c[k] = export_cell(r, c[k], kinds[k]);
		iss_xlsx_row(&x, c, n);
	}
	if (row == -1) {
		iss_xlsx_close(r, &x, NULL);
		return RC_ERROR;
	}
	r->personal = 1;
	return iss_xlsx_close(r, &x, name);
}

/* GET /certs/shipments.xlsx: every parcel's certificates, in scope. */
enum rc
ship_export_xlsx(struct req *r)
{
	static const char *const head[] = { "包裹编号", "院校代码", "院校",
	    "包裹状态", "快递公司", "快递单号", "打印日期", "寄出日期",
	    "签收时间", "证书编号", "学生姓名", "签收情况", "说明",
	    "补印次数" };
	static const int kinds[] = { 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0,
	    0 };

	return ship_xlsx(r, "shipments.xlsx", "寄送记录", head, kinds,
	    nitems(head), STMT_SHIP_EXPORT);
}

/* GET /certs/handovers.xlsx: every paper certificate and its hand-over. */
enum rc
ship_hand_xlsx(struct req *r)
{
	static const char *const head[] = { "证书编号", "学生姓名", "证书名称",
	    "证书等级", "院校代码", "院校", "纸质证书状态", "发放方式",
	    "发放日期", "领取人", "快递公司", "快递单号", "补印次数" };
	static const int kinds[] = { 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 0 };

	return ship_xlsx(r, "handovers.xlsx", "发放记录", head, kinds,
	    nitems(head), STMT_HAND_EXPORT);
}
