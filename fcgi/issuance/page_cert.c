/* page_cert.c: one certificate record — its history (查看), rejection with a reason, re-issue. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <gd.h>

#include "app.h"
#include "canon.h"
#include "cert.h"
#include "certno.h"
#include "issuance.h"

static const size_t one[SCOPE__MAX] = {
	STMT_CERT_GET_ADMIN,	/* SCOPE_PLATFORM */
	STMT_CERT_GET_ORG,	/* SCOPE_ORG */
	STMT_CERT_GET_INST,	/* SCOPE_INST */
	0,			/* SCOPE_OWN: /certs/mine */
};

static const struct {
	const char	*key;
	const char	*label;
} events[] = {
	{ "generate", "生成待签发记录" },
	{ "org_sign", "培训评价组织签发" },
	{ "org_reject", "培训评价组织拒绝签发" },
	{ "site_sign", "考核站点确认签发" },
	{ "site_reject", "考核站点拒绝签发" },
	{ "reissue", "重新签发" },
	{ "submit", "提交负责人签字" },
	{ "revoke", "撤销" },
	{ "replace", "替换" },
	{ "rebuild", "按更正后的信息重建" },
};

static const char *
event_label(const char *key)
{
	size_t	 i;

	for (i = 0; i < nitems(events); i++)
		if (strcmp(events[i].key, key) == 0)
			return events[i].label;
	return key;
}

/* GET /certs/#: the record, what the caller may do with it, its history. */
enum rc
iss_cert(struct req *r)
{
	static const char *const names[] = { "Number", "Status", "Name",
	    "IdMask", "StudentType", "InstCode", "InstName", "CertName",
	    "Level", "Org", "Plan", "SiteCode", "Result", "Score", "IssuedOn",
	    "Reason", "Content" };
	struct scope	 sc;
	struct dbq	*q;
	const char	*c[17], *ev, *from, *to, *who, *role, *reason, *content,
			*manifest, *at, *pf[PF__MAX], *why, *url;
	int64_t		 id, org, inst, student, req, flags;
	enum cert_state	 st;
	size_t		 k;
	int		 i = 0, row;
	enum rc		 rc;

	if ((rc = scope_get(r, one, &sc)) != RC_OK)
		return rc;
	rc = db_row(r->db, r->arena, sc.stmt, DB_ARGS(DB_I(r->arg[0]),
	    DB_I(sc.id)), DB_OUT(DB_OI(&id), DB_OS(&c[0]), DB_OS(&c[1]),
	    DB_OS(&c[2]), DB_OS(&c[3]), DB_OS(&c[4]), DB_OS(&c[5]),
	    DB_OS(&c[6]), DB_OS(&c[7]), DB_OS(&c[8]), DB_OS(&c[9]),
	    DB_OS(&c[10]), DB_OS(&c[11]), DB_OS(&c[12]), DB_OS(&c[13]),
	    DB_OS(&c[14]), DB_OS(&c[15]), DB_OS(&c[16]), DB_OI(&org),
	    DB_OI(&inst), DB_OI(&student), PF_OUT(pf)));
	if (rc != RC_OK)
		return rc;
	tmpl_seti(r, "Cert.Id", id);
	for (k = 0; k < nitems(names); k++)
		tmpl_setn(r, c[k], "Cert.%s", names[k]);
	st = cert_parse(c[1]);
	tmpl_set(r, "Cert.StatusLabel", cert_label(st));
	/* A confirmed certificate: its web view (masked, cached by nginx). */
	if (st == CERT_CONFIRMED && (url = iss_img_url(r, id)) != NULL)
		tmpl_set(r, "Cert.ImgUrl", url);

	/* A pending record that fails the preflight: why, and no 确认. */
	why = NULL;
	if ((st == CERT_ORG_PENDING || st == CERT_SITE_PENDING) &&
	    (why = iss_preflight(r, pf, NULL)) != NULL)
		tmpl_set(r, "Cert.Preflight", why);

	/* What the caller's side may do now (cert_next() decides). */
	if (r->sess.role == ROLE_ORG) {
		if (why == NULL &&
		    cert_next(st, CERT_EV_SIGN, CERT_BY_ORG) != CERT__MAX)
			tmpl_set(r, "Can.Sign", "1");
		if (cert_next(st, CERT_EV_REJECT, CERT_BY_ORG) != CERT__MAX)
			tmpl_set(r, "Can.Reject", "1");
		if (cert_next(st, CERT_EV_REISSUE, CERT_BY_ORG) != CERT__MAX)
			tmpl_set(r, "Can.Reissue", "1");
		if (cert_next(st, CERT_EV_REVOKE, CERT_BY_ORG) != CERT__MAX)
			tmpl_set(r, "Can.Revoke", "1");
	} else if (r->sess.role == ROLE_PRINCIPAL || r->sess.role == ROLE_BIZ) {
		if (why == NULL &&
		    cert_next(st, CERT_EV_SIGN, CERT_BY_SITE) != CERT__MAX)
			tmpl_set(r, r->sess.role == ROLE_PRINCIPAL ?
			    "Can.Sign" : "Can.Submit", "1");
		if (r->sess.role == ROLE_PRINCIPAL &&
		    cert_next(st, CERT_EV_REJECT, CERT_BY_SITE) != CERT__MAX)
			tmpl_set(r, "Can.Reject", "1");
	}
	/* A record whose student has open 待完善 flags: the way out. */
	if ((rc = db_count(r->db, r->arena, STMT_OPEN_FLAGS, id, 0,
	    &flags)) != RC_OK)
		return rc;
	tmpl_seti(r, "Cert.OpenFlags", flags);
	if ((rc = iss_revoked_show(r, id)) != RC_OK)
		return rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_CERT_EVENTS,
	    DB_ARGS(DB_I(id)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OS(&ev), DB_OS(&from), DB_OS(&to),
	    DB_OS(&who), DB_OS(&role), DB_OS(&reason), DB_OS(&content),
	    DB_OS(&manifest), DB_OI(&req), DB_OS(&at)))) == 1) {
		tmpl_setn(r, event_label(ev), "Events.%d.Label", i);
		tmpl_setn(r, cert_label(cert_parse(from)), "Events.%d.From", i);
		tmpl_setn(r, cert_label(cert_parse(to)), "Events.%d.To", i);
		tmpl_setn(r, who, "Events.%d.Who", i);
		tmpl_setn(r, role_name(strcmp(role, "org") == 0 ? ROLE_ORG :
		    strcmp(role, "principal") == 0 ? ROLE_PRINCIPAL :
		    strcmp(role, "biz") == 0 ? ROLE_BIZ : ROLE_ADMIN),
		    "Events.%d.Role", i);
		tmpl_setn(r, reason, "Events.%d.Reason", i);
		tmpl_setn(r, content, "Events.%d.Content", i);
		tmpl_setn(r, manifest, "Events.%d.Manifest", i);
		if (req > 0)
			tmpl_setin(r, req, "Events.%d.Request", i);
		tmpl_setn(r, at, "Events.%d.At", i);
		i++;
	}
	if (row == -1)
		return RC_ERROR;
	r->personal = 1;
	return tmpl_page(r, 200, "issuance/cert.cs", "证书记录");
}

/* Check that every record of ids is the caller's and in state want. */
static enum rc
pick_check(struct req *r, const struct idset *ids, int org, const char *want,
    const char **why)
{
	struct dbq	*q;
	struct buf	 bad;
	const char	*number, *status, *hash, *pf[PF__MAX];
	int64_t		 id, o, i, plan;
	size_t		 n = 0, nbad = 0;
	int		 row;
	enum rc		 rc;

	*why = NULL;
	buf_init(&bad, r->arena);
	if ((q = db_run(r->db, r->arena, &rc, STMT_PICK,
	    DB_ARGS(DB_S(ids->json)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&number),
	    DB_OS(&status), DB_OI(&o), DB_OI(&i), DB_OS(&hash),
	    DB_OI(&plan), PF_OUT(pf)))) == 1) {
		if (org ? o != r->sess.org_id : i != r->sess.inst_id)
			return RC_NOTFOUND;
		n++;
		if (strstr(want, status) == NULL && nbad++ < 20)
			buf_printf(&bad, "%s%s（%s）", nbad > 1 ? "、" : "",
			    number, cert_label(cert_parse(status)));
	}
	if (row == -1)
		return RC_ERROR;
	if (n != ids->n)
		return RC_NOTFOUND;
	if (nbad > 0) {
		*why = arena_printf(r->arena, "以下证书的状态不允许此操作，"
		    "未作任何改动：%s%s", buf_cstr(&bad), nbad > 20 ? "……" : "");
		return RC_CONFLICT;
	}
	return RC_OK;
}

struct	rej_tx {
	struct req	*r;
	struct idset	 ids;
	int		 org;
	const char	*reason;
	const char	*why;
};

static enum rc
reject_act(void *arg)
{
	struct rej_tx	*t = arg;
	struct req	*r = t->r;
	struct dbres	 res;
	struct dbq	*q;
	int64_t		 owner, n;
	int		 row;
	enum rc		 rc;

	if ((rc = pick_check(r, &t->ids, t->org, t->org ? "org_pending" :
	    "site_pending", &t->why)) != RC_OK)
		return rc;
	if ((rc = db_exec(r->db, r->arena, t->org ? STMT_REJECT_ORG :
	    STMT_REJECT_SITE, DB_ARGS(DB_S(t->ids.json), DB_S(t->reason),
	    DB_I(t->org ? r->sess.org_id : r->sess.inst_id)), &res)) != RC_OK)
		return rc;
	if (res.affected != t->ids.n) {
		/* Another signer moved one since pick_check: change nothing. */
		t->why = "部分证书刚刚被其他操作处理，本次未作任何改动，请刷新后重试";
		return RC_CONFLICT;
	}
	if ((rc = db_exec(r->db, r->arena, STMT_EVENTS_IDS, DB_ARGS(
	    DB_S(t->org ? "org_reject" : "site_reject"),
	    DB_S(t->org ? "org_pending" : "site_pending"),
	    DB_I(r->sess.account_id), DB_S(t->reason), DB_S(t->ids.json)),
	    NULL)) != RC_OK)
		return rc;
	/* The other side hears of it, with the reason. */
	if ((q = db_run(r->db, r->arena, &rc, t->org ? STMT_PICK_INSTS :
	    STMT_PICK_ORGS,
	    DB_ARGS(DB_S(t->ids.json)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&owner), DB_OI(&n)))) == 1) {
		if (t->org)
			rc = iss_notify_inst(r, owner, arena_printf(r->arena,
			    "培训评价组织拒绝签发 %lld 份证书：%s", (long long)n,
			    iss_clip(r, t->reason, 100)),
			    "/certs?status=org_rejected");
		else
			rc = iss_notify_org(r, owner, arena_printf(r->arena,
			    "考核站点拒绝签发 %lld 份证书：%s", (long long)n,
			    iss_clip(r, t->reason, 100)),
			    "/certs?status=site_rejected");
		if (rc != RC_OK)
			return rc;
	}
	if (row == -1)
		return RC_ERROR;
	return audit_add(r, t->org ? "cert.org_reject" : "cert.site_reject",
	    "certificate", t->ids.id[0], arena_printf(r->arena, "n=%zu ids=%s",
	    t->ids.n, t->ids.n <= 20 ? t->ids.json : "…"));
}

/*
 * POST /certs/reject (organisation staff for 培训评价组织待签发, the
 * principal for 考核站点待签发): with a reason, mandatory.
 */
enum rc
iss_reject(struct req *r)
{
	enum { F_ID, F_REASON, F__MAX };
	static const struct field f[F__MAX] = {
		{ "id", FT_IDS, BATCH_MAX * 20 },	/* F_ID */
		{ "reason", FT_MULTILINE, 1500 },	/* F_REASON */
	};
	struct fval	 v[F__MAX];
	struct rej_tx	 t;
	enum rc		 rc;

	memset(&t, 0, sizeof(t));
	t.r = r;
	t.org = r->sess.role == ROLE_ORG;
	if ((rc = req_form(r, f, F__MAX, v)) != RC_OK)
		return rc;
	if (!v[F_ID].present || v[F_ID].invalid ||
	    idset_parse(r, v[F_ID].val, &t.ids) != RC_OK)
		return RC_BADREQ;
	t.reason = v[F_REASON].present && !v[F_REASON].invalid ?
	    valid_trim(r->arena, v[F_REASON].val) : "";
	if (iss_blank(t.reason) || valid_chars(t.reason) > 300) {
		tmpl_set(r, "Page.Message", iss_blank(t.reason) ?
		    "拒绝签发必须填写拒绝理由" : "拒绝理由不能超过 300 字");
		if (t.ids.n == 1)
			tmpl_seti(r, "Page.Back", t.ids.id[0]);
		return tmpl_page(r, 400, "issuance/message.cs", "拒绝签发");
	}
	rc = db_tx(r->db, reject_act, &t);
	if (rc == RC_CONFLICT && t.why != NULL) {
		tmpl_set(r, "Page.Message", t.why);
		return tmpl_page(r, 409, "issuance/message.cs", "拒绝签发");
	}
	if (rc != RC_OK)
		return rc;
	if (t.ids.n == 1)
		return resp_redirect_ok(r, FLASH_REJECTED, "/certs/%lld",
		    (long long)t.ids.id[0]);
	return resp_redirect_ok(r, FLASH_REJECTED, "/certs");
}

/*
 * The content of record id (organisation org) rebuilt from its
 * student's data as it is now, locked: into c and w, its canonical
 * JSON into json (the arena's) and its SHA-256 into hash.  Returns
 * RC_OK, RC_NOTFOUND or the failure.
 */
static enum rc
canon_now(struct req *r, int64_t id, int64_t org, struct canon *c,
    struct canon_row *w, struct buf *json, char hash[65])
{
	struct dbq	*q;
	enum rc		 rc;
	int		 row;

	if ((q = db_run(r->db, r->arena, &rc, STMT_CANON_CERT,
	    DB_ARGS(DB_I(id), DB_I(org)))) == NULL)
		return rc;
	if ((row = iss_canon_next(r, q, 1, c, w)) != 1)
		return row == 0 ? RC_NOTFOUND : RC_ERROR;
	buf_init(json, r->arena);
	canon_json(json, c);
	canon_hash(json->p, json->len, hash);
	return RC_OK;
}

struct	reissue_tx {
	struct req	*r;
	struct idset	 ids;
	const char	*why;
};

static enum rc
reissue_act(void *arg)
{
	struct reissue_tx	*t = arg;
	struct req		*r = t->r;
	struct canon		 c;
	struct canon_row	 w;
	struct buf		 json;
	struct dbres		 res;
	char			 hash[65];
	int64_t			 flags;
	size_t			 i;
	enum rc			 rc;

	if ((rc = pick_check(r, &t->ids, 1, "org_rejected site_rejected",
	    &t->why)) != RC_OK)
		return rc;
	for (i = 0; i < t->ids.n; i++) {
		if ((rc = db_count(r->db, r->arena, STMT_OPEN_FLAGS,
		    t->ids.id[i], 0, &flags)) != RC_OK)
			return rc;
		if (flags > 0) {
			t->why = "该学生仍有待完善的信息：请等院校完善、验收通过后再重新签发";
			return RC_CONFLICT;
		}
		/* The content rebuilt from the student's data as it is now. */
		if ((rc = canon_now(r, t->ids.id[i], r->sess.org_id, &c, &w,
		    &json, hash)) != RC_OK)
			return rc;
		if ((rc = db_exec(r->db, r->arena, STMT_REISSUE, DB_ARGS(
		    DB_B(json.p, json.len), DB_S(hash), DB_I(w.id),
		    DB_I(r->sess.org_id)), &res)) != RC_OK)
			return rc;
		if (res.affected != 1)
			return RC_ERROR;
		if ((rc = db_exec(r->db, r->arena, STMT_EVENTS_IDS, DB_ARGS(
		    DB_S("reissue"), DB_S(w.status), DB_I(r->sess.account_id),
		    DB_S(""), DB_S(arena_printf(r->arena, "[%lld]",
		    (long long)w.id))), NULL)) != RC_OK)
			return rc;
		if ((rc = iss_notify_inst(r, w.inst_id != 0 ? w.inst_id :
		    c.inst_id, arena_printf(r->arena, "证书 %s 已重新签发",
		    w.number), arena_printf(r->arena, "/certs/%lld",
		    (long long)w.id))) != RC_OK)
			return rc;
	}
	return audit_add(r, "cert.reissue", "certificate", t->ids.id[0],
	    arena_printf(r->arena, "n=%zu ids=%s", t->ids.n,
	    t->ids.n <= 20 ? t->ids.json : "…"));
}

/*
 * POST /certs/reissue (organisation staff): a rejected record, its cause
 * fixed, rebuilt from the student's data and returned to the pending
 * state of the side that rejected it.
 */
enum rc
iss_reissue(struct req *r)
{
	static const struct field f[] = { { "id", FT_IDS, BATCH_MAX * 20 } };
	struct fval		 v[1];
	struct reissue_tx	 t;
	enum rc			 rc;

	memset(&t, 0, sizeof(t));
	t.r = r;
	if ((rc = req_form(r, f, 1, v)) != RC_OK)
		return rc;
	if (!v[0].present || v[0].invalid ||
	    idset_parse(r, v[0].val, &t.ids) != RC_OK)
		return RC_BADREQ;
	rc = db_tx(r->db, reissue_act, &t);
	if (rc == RC_CONFLICT && t.why != NULL) {
		tmpl_set(r, "Page.Message", t.why);
		if (t.ids.n == 1)
			tmpl_seti(r, "Page.Back", t.ids.id[0]);
		return tmpl_page(r, 409, "issuance/message.cs", "重新签发");
	}
	if (rc != RC_OK)
		return rc;
	if (t.ids.n == 1)
		return resp_redirect_ok(r, FLASH_REISSUED, "/certs/%lld",
		    (long long)t.ids.id[0]);
	return resp_redirect_ok(r, FLASH_REISSUED, "/certs");
}

/*
 * The revocation or replacement of certificate id, if any, into
 * Revoked.* (kind, reason, at, who, the replacement's number).  Returns
 * RC_OK whether or not there is one (Revoked.Kind set when there is).
 */
enum rc
iss_revoked_show(struct req *r, int64_t id)
{
	const char	*kind, *reason, *at, *who, *next, *old;
	int64_t		 nid, oid;
	enum rc		 rc;

	rc = db_row(r->db, r->arena, STMT_REPL_OF, DB_ARGS(DB_I(id)),
	    DB_OUT(DB_OI(&oid), DB_OS(&old)));
	if (rc == RC_OK) {
		tmpl_seti(r, "Replaces.Id", oid);
		tmpl_set(r, "Replaces.Number", old);
	} else if (rc != RC_NOTFOUND)
		return rc;
	rc = db_row(r->db, r->arena, STMT_REVOKE_SHOW, DB_ARGS(DB_I(id)),
	    DB_OUT(DB_OS(&kind), DB_OS(&reason), DB_OS(&at), DB_OS(&who),
	    DB_OS(&next), DB_OI(&nid)));
	if (rc == RC_NOTFOUND)
		return RC_OK;
	if (rc != RC_OK)
		return rc;
	if (nid > 0)
		tmpl_seti(r, "Revoked.NextId", nid);
	tmpl_set(r, "Revoked.Kind", kind);
	tmpl_set(r, "Revoked.Reason", reason);
	tmpl_set(r, "Revoked.At", at);
	tmpl_set(r, "Revoked.Who", who);
	tmpl_set(r, "Revoked.Next", next);
	return RC_OK;
}

struct	revoke_tx {
	struct req	*r;
	int64_t		 id;
	int		 replace;	/* 替换, else 撤销 */
	const char	*reason;
	unsigned char	*png;
	size_t		 len;
	int64_t		 newid;		/* the replacement */
	const char	*newnum;
	const char	*why;
};

/*
 * The replacement of t->id: a new record for the same exam result, its
 * number the next serial of the original's organisation, type, level
 * and year, its content rebuilt from the data as it is now, awaiting
 * the organisation's signature (then the site's), like any other.
 */
static enum rc
replacement_new(struct revoke_tx *t)
{
	struct req		*r = t->r;
	struct dbq		*q;
	struct dbres		 res;
	struct canon		 c;
	struct canon_row	 w;
	struct buf		 json;
	const char		*old;
	char			 org[7], num[CERTNO_LEN + 1], hash[65];
	int64_t			 type, year, serial;
	int			 row;
	enum rc			 rc;

	if ((rc = db_row(r->db, r->arena, STMT_REPL_SRC, DB_ARGS(DB_I(t->id)),
	    DB_OUT(DB_OS(&old), DB_OI(&type), DB_OI(&year)))) != RC_OK)
		return rc;
	if ((rc = db_exec(r->db, r->arena, STMT_GEN_SERIAL_INIT, DB_ARGS(
	    DB_I(r->sess.org_id), DB_I(type), DB_I(year)), NULL)) != RC_OK ||
	    (rc = db_row(r->db, r->arena, STMT_GEN_SERIAL_GET, DB_ARGS(
	    DB_I(r->sess.org_id), DB_I(type), DB_I(year)),
	    DB_OUT(DB_OI(&serial)))) != RC_OK)
		return db_must(rc, "certificate_serial");
	/* Organisation, type and level as the original's number has them. */
	memcpy(org, old, 6);
	org[6] = '\0';
	if (certno_make(num, org, (old[6] - '0') * 100 + (old[7] - '0') * 10 +
	    (old[8] - '0'), old[9] - '0', (int)year, serial) == -1) {
		t->why = "本类证书本年度的编号已用完，无法替换";
		return RC_CONFLICT;
	}
	if ((q = db_run(r->db, r->arena, &rc, STMT_CANON_CERT,
	    DB_ARGS(DB_I(t->id), DB_I(r->sess.org_id)))) == NULL)
		return rc;
	if ((row = iss_canon_next(r, q, 1, &c, &w)) != 1)
		return row == 0 ? RC_NOTFOUND : RC_ERROR;
	c.number = t->newnum = arena_strdup(r->arena, num);
	buf_init(&json, r->arena);
	canon_json(&json, &c);
	canon_hash(json.p, json.len, hash);
	if ((rc = db_exec(r->db, r->arena, STMT_REPL_INSERT, DB_ARGS(
	    DB_S(num), DB_B(json.p, json.len), DB_S(hash), DB_I(t->id),
	    DB_I(r->sess.org_id)), &res)) != RC_OK)
		return rc;
	t->newid = (int64_t)res.insert_id;
	if ((rc = db_exec(r->db, r->arena, STMT_GEN_SERIAL_SET, DB_ARGS(
	    DB_I(serial + 1), DB_I(r->sess.org_id), DB_I(type), DB_I(year)),
	    NULL)) != RC_OK)
		return rc;
	return db_exec(r->db, r->arena, STMT_REPL_GENEVENT, DB_ARGS(
	    DB_I(t->newid), DB_I(r->sess.account_id), DB_S(arena_printf(
	    r->arena, "替换证书 %s：%s", old, t->reason)), DB_S(hash)), NULL);
}

/* Revoke or replace t->id (see iss_revoke). */
static enum rc
withdraw_act(void *arg)
{
	struct revoke_tx *t = arg;
	struct req	*r = t->r;
	struct dbres	 res;
	const char	*number, *status, *hash, *title;
	unsigned char	 d[32];
	char		 sha[65];
	int64_t		 id, inst, acct, seen;
	enum cert_state	 st;
	enum rc		 rc;

	if ((rc = db_row(r->db, r->arena, STMT_REVOKE_GET, DB_ARGS(
	    DB_I(t->id), DB_I(r->sess.org_id)), DB_OUT(DB_OI(&id),
	    DB_OS(&number), DB_OS(&status), DB_OI(&inst), DB_OS(&hash)))) !=
	    RC_OK)
		return rc;
	st = cert_parse(status);
	if (cert_next(st, t->replace ? CERT_EV_REPLACE : CERT_EV_REVOKE,
	    CERT_BY_ORG) == CERT__MAX) {
		t->why = arena_printf(r->arena, "证书 %s 当前状态为“%s”，"
		    "只有确认签发的证书才能%s，未作任何改动", number,
		    cert_label(st), t->replace ? "替换" : "撤销");
		return RC_CONFLICT;
	}
	if ((rc = db_count(r->db, r->arena, STMT_REVOKE_SEEN, id, 0,
	    &seen)) != RC_OK)
		return rc;
	if (seen > 0) {
		t->why = "该证书已有替换证书在签发中，不能再撤销或替换，未作任何改动";
		return RC_CONFLICT;
	}
	sec_sha256(t->png, t->len, d);
	sec_hex(d, sizeof(d), sha);
	if (t->replace)
		rc = replacement_new(t);
	else if ((rc = db_exec(r->db, r->arena, STMT_REVOKE_MOVE, DB_ARGS(
	    DB_I(id), DB_I(r->sess.org_id)), &res)) == RC_OK &&
	    res.affected != 1) {
		t->why = "该证书刚刚被其他操作处理，未作任何改动，请刷新后重试";
		rc = RC_CONFLICT;
	}
	if (rc != RC_OK)
		return rc;
	if ((rc = db_exec(r->db, r->arena, STMT_REVOKE_INSERT, DB_ARGS(
	    DB_I(id), DB_S(t->replace ? "replace" : "revoke"), DB_S(t->reason),
	    DB_N(t->newid), DB_I(r->sess.account_id), DB_B(t->png, t->len),
	    DB_S(sha), DB_S(r->ip)), NULL)) != RC_OK)
		return rc;
	if (!t->replace && (rc = db_exec(r->db, r->arena, STMT_REVOKE_EVENT,
	    DB_ARGS(DB_I(id), DB_I(r->sess.account_id), DB_S(t->reason),
	    DB_S(hash)), NULL)) != RC_OK)
		return rc;
	/* The institution and the holder hear of it, with the reason. */
	title = t->replace ? arena_printf(r->arena, "证书 %s 将由更正后的证书 "
	    "%s 替换（待双方签发）：%s", number, t->newnum,
	    iss_clip(r, t->reason, 100)) : arena_printf(r->arena,
	    "证书 %s 已被培训评价组织撤销：%s", number,
	    iss_clip(r, t->reason, 100));
	if ((rc = iss_notify_inst(r, inst, title, arena_printf(r->arena,
	    "/certs/%lld", (long long)(t->replace ? t->newid : id)))) != RC_OK)
		return rc;
	rc = db_row(r->db, r->arena, STMT_CERT_HOLDER, DB_ARGS(DB_I(id)),
	    DB_OUT(DB_OI(&acct)));
	if (rc == RC_OK && acct > 0)
		rc = db_exec(r->db, r->arena, STMT_NOTIFY_ACCOUNT, DB_ARGS(
		    DB_I(acct), DB_S(title), DB_S("/certs/mine")), NULL);
	if (rc != RC_OK && rc != RC_NOTFOUND)
		return rc;
	return audit_add(r, t->replace ? "cert.replace" : "cert.revoke",
	    "certificate", id, t->replace ? arena_printf(r->arena,
	    "new=%lld sig=%s", (long long)t->newid, sha) :
	    arena_printf(r->arena, "sig=%s", sha));
}

/*
 * POST /certs/#/revoke and /certs/#/replace (organisation staff): 撤销
 * a confirmed certificate, or 替换 it by a corrected one, with a public
 * reason and the handwritten signature of the one who does it (kept as
 * evidence, like a signing's).  The record and its frozen content stay;
 * a revoked one is 已撤销 at once, a replaced one 已被替换 once its
 * replacement is confirmed by both parties.
 */
static enum rc
withdraw(struct req *r, int replace)
{
	enum { F_REASON, F_SIG, F__MAX };
	static const struct field f[F__MAX] = {
		{ "reason", FT_MULTILINE, 1500 },
		{ "sig", FT_TEXT, SIG_MAXPNG * 4 / 3 + 8 },
	};
	struct fval	 v[F__MAX];
	struct revoke_tx t;
	const char	*why, *title = replace ? "替换证书" : "撤销证书";
	enum rc		 rc = RC_BADREQ;

	memset(&t, 0, sizeof(t));
	t.r = r;
	t.id = r->arg[0];
	t.replace = replace;
	if ((rc = req_form(r, f, F__MAX, v)) != RC_OK)
		return rc;
	t.reason = v[F_REASON].present && !v[F_REASON].invalid ?
	    valid_trim(r->arena, v[F_REASON].val) : "";
	why = iss_blank(t.reason) ? arena_printf(r->arena, "%s必须填写理由"
	    "（将在证书查验页公开）", title) :
	    valid_chars(t.reason) > 200 ? "理由不能超过 200 字" :
	    iss_sig_check(r, &v[F_SIG], &t.png, &t.len);
	if (why == NULL) {
		if ((rc = db_tx(r->db, withdraw_act, &t)) == RC_OK)
			return resp_redirect_ok(r, FLASH_SAVED, "/certs/%lld",
			    (long long)(replace ? t.newid : t.id));
		if (rc != RC_CONFLICT || (why = t.why) == NULL)
			return rc;
	}
	tmpl_set(r, "Page.Message", why);
	tmpl_seti(r, "Page.Back", t.id);
	return tmpl_page(r, rc == RC_CONFLICT ? 409 : 400,
	    "issuance/message.cs", title);
}

enum rc
iss_revoke(struct req *r)
{
	return withdraw(r, 0);
}

enum rc
iss_replace(struct req *r)
{
	return withdraw(r, 1);
}

/*
 * Before the organisation signs: the content of its unsigned
 * replacements among the records that stmt selects (by arg and org:
 * STMT_REPL_OPEN_IDS or STMT_REPL_OPEN_REQ), rebuilt from the student's
 * data as it is now, since the institution may have corrected the
 * holder's identity (0022).  Each change is in the record's history and
 * audited (by account acct).  A student with open 待完善 flags sets *why
 * (nothing may be signed until they are accepted).  Returns RC_OK or
 * the failure.
 */
enum rc
iss_repl_rebuild(struct req *r, size_t stmt, struct dbarg arg, int64_t org,
    int64_t acct, const char **why)
{
	struct dbq		*q;
	struct dbres		 res;
	struct canon		 c;
	struct canon_row	 w;
	struct buf		 json;
	int64_t			*ids, id, flags;
	char			 hash[65];
	size_t			 i, n = 0;
	int			 row;
	enum rc			 rc;

	*why = NULL;
	ids = arena_calloc(r->arena, BATCH_MAX, sizeof(*ids));
	if ((q = db_run(r->db, r->arena, &rc, stmt, DB_ARGS(arg,
	    DB_I(org)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&id)))) == 1)
		if (n < BATCH_MAX)
			ids[n++] = id;
	if (row == -1)
		return RC_ERROR;
	for (i = 0; i < n; i++) {
		if ((rc = db_count(r->db, r->arena, STMT_OPEN_FLAGS, ids[i], 0,
		    &flags)) != RC_OK)
			return rc;
		if (flags > 0) {
			*why = "替换证书的持证人仍有待完善的信息：请等院校完善、"
			    "验收通过后再签发，未作任何改动";
			return RC_OK;
		}
		if ((rc = canon_now(r, ids[i], org, &c, &w, &json, hash)) !=
		    RC_OK)
			return rc;
		if ((rc = db_exec(r->db, r->arena, STMT_REPL_REBUILD, DB_ARGS(
		    DB_B(json.p, json.len), DB_S(hash), DB_I(ids[i]),
		    DB_I(org), DB_S(hash)), &res)) != RC_OK)
			return rc;
		if (res.affected == 0)
			continue;	/* as it was */
		if ((rc = db_exec(r->db, r->arena, STMT_REPL_REBUILT, DB_ARGS(
		    DB_I(ids[i]), DB_I(acct), DB_S(hash)), NULL)) != RC_OK ||
		    (rc = audit_add(r, "cert.rebuild", "certificate", ids[i],
		    arena_printf(r->arena, "content=%s", hash))) != RC_OK)
			return rc;
	}
	return RC_OK;
}

/*
 * After signing request req confirmed its records: the originals they
 * replace become 已被替换, with their history.  Returns RC_OK or the
 * failure.
 */
enum rc
iss_replaced(struct req *r, int64_t req, int64_t signer)
{
	enum rc	 rc;

	if ((rc = db_exec(r->db, r->arena, STMT_REPL_EVENTS, DB_ARGS(
	    DB_I(signer), DB_I(req)), NULL)) != RC_OK)
		return rc;
	return db_exec(r->db, r->arena, STMT_REPL_MOVE, DB_ARGS(DB_I(req)),
	    NULL);
}

/*
 * Draw s in font at pt points and angle (radians) with its bounding
 * box centred on (cx, cy).  Returns NULL or FreeType's message.
 */
static char *
stamp(gdImagePtr im, char *font, double pt, double angle, int cx, int cy,
    int color, const char *s)
{
	int	 br[8];
	char	*err;

	if ((err = gdImageStringFT(NULL, br, color, font, pt, angle, 0, 0,
	    (char *)(uintptr_t)s)) != NULL)
		return err;
	return gdImageStringFT(im, br, color, font, pt, angle,
	    cx - (br[0] + br[2] + br[4] + br[6]) / 4,
	    cy - (br[1] + br[3] + br[5] + br[7]) / 4, (char *)(uintptr_t)s);
}

/*
 * A withdrawn certificate's download: over its image (im, not NULL) the
 * word 已撤销 / 已被替换 across the page and the public reason; in place
 * of its PDF (im NULL) a notice page; *sent is set in both cases (the
 * image was marked, or the answer sent).  A certificate still in force
 * is left alone.  Returns RC_OK or the failure.
 */
enum rc
iss_withdrawn(struct req *r, int64_t id, struct gdImageStruct *im, int *sent)
{
	const char	*kind, *reason, *at, *who, *next, *word, *status;
	char		 font[512];
	int64_t		 nid;
	int		 W, H;
	char		*err;
	enum rc		 rc;

	*sent = 0;
	rc = db_row(r->db, r->arena, STMT_REVOKE_SHOW, DB_ARGS(DB_I(id)),
	    DB_OUT(DB_OS(&kind), DB_OS(&reason), DB_OS(&at), DB_OS(&who),
	    DB_OS(&next), DB_OI(&nid)));
	if (rc == RC_NOTFOUND)
		return RC_OK;
	/* A replacement still being signed: the original stays in force. */
	if (rc == RC_OK && strcmp(kind, "replace") == 0 &&
	    (rc = db_row(r->db, r->arena, STMT_CERT_STATUS, DB_ARGS(DB_I(id)),
	    DB_OUT(DB_OS(&status)))) == RC_OK &&
	    strcmp(status, "replaced") != 0)
		return RC_OK;
	if (rc != RC_OK)
		return rc;
	word = strcmp(kind, "replace") == 0 ? "已被替换" : "已撤销";
	if (im == NULL) {
		*sent = 1;
		tmpl_set(r, "Page.Message", arena_printf(r->arena,
		    "该证书%s（%s，原因：%s），不再提供可打印的 PDF。%s", word, at,
		    reason, *next ? arena_printf(r->arena, "替换后的证书编号：%s",
		    next) : ""));
		tmpl_seti(r, "Page.Back", id);
		return tmpl_page(r, 410, "issuance/message.cs", "证书已撤销");
	}
	snprintf(font, sizeof(font), "%s/" FONT_BOLD, r->cfg->fonts);
	W = gdImageSX(im);
	H = gdImageSY(im);
	gdImageAlphaBlending(im, 1);
	/* The word across the middle, the reason centred above the foot. */
	if ((err = stamp(im, font, W / 12.0, M_PI / 8, W / 2, H / 2,
	    gdTrueColorAlpha(200, 20, 20, 70), word)) != NULL ||
	    (err = stamp(im, font, W / 110.0, 0, W / 2, H * 905 / 1000,
	    gdTrueColorAlpha(190, 20, 20, 0), arena_printf(r->arena,
	    "本证书%s（%s）：%s", word, at, iss_clip(r, reason, 60)))) != NULL) {
		log_warnx("watermark: %s", err);
		return RC_ERROR;
	}
	*sent = 1;
	return RC_OK;
}
