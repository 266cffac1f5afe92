/* page_cert.c: one certificate record — its history (查看), rejection with a reason, re-issue. */
#include <string.h>

#include "app.h"
#include "canon.h"
#include "cert.h"
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
	struct dbq		*q;
	struct canon		 c;
	struct canon_row	 w;
	struct buf		 json;
	struct dbres		 res;
	char			 hash[65];
	int64_t			 flags;
	size_t			 i;
	int			 row;
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
		if ((q = db_run(r->db, r->arena, &rc, STMT_CANON_CERT,
		    DB_ARGS(DB_I(t->ids.id[i]), DB_I(r->sess.org_id)))) == NULL)
			return rc;
		if ((row = iss_canon_next(r, q, 1, &c, &w)) != 1)
			return row == 0 ? RC_NOTFOUND : RC_ERROR;
		buf_init(&json, r->arena);
		canon_json(&json, &c);
		canon_hash(json.p, json.len, hash);
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
