/* page_sign.c: 在线签字确认 — signing requests, their QR code, the phone's handwritten signature. */
#include <string.h>

#include <gd.h>

#include "app.h"
#include "canon.h"
#include "cert.h"
#include "img.h"
#include "qr.h"
#include "issuance.h"

#define SIGN_SECONDS	600	/* a signing URL lives ten minutes */

/* A signing request as REQ_COLS reads it. */
struct	sreq {
	int64_t		 id;
	const char	*party;		/* "org" or "site" */
	int64_t		 org, inst, created_by, signer, n;
	const char	*manifest, *summary, *state, *nonce;
	int64_t		 live, secs;
	const char	*outcome, *created, *done, *creator;
};

static int
sreq_next(struct dbq *q, struct sreq *s)
{
	memset(s, 0, sizeof(*s));
	return db_next(q, DB_OUT(DB_OI(&s->id), DB_OS(&s->party),
	    DB_OI(&s->org), DB_OI(&s->inst), DB_OI(&s->created_by),
	    DB_OI(&s->signer), DB_OI(&s->n), DB_OS(&s->manifest),
	    DB_OS(&s->summary), DB_OS(&s->state), DB_OS(&s->nonce),
	    DB_OI(&s->live), DB_OI(&s->secs), DB_OS(&s->outcome),
	    DB_OS(&s->created), DB_OS(&s->done), DB_OS(&s->creator)));
}

static int
is_org(const struct sreq *s)
{
	return strcmp(s->party, "org") == 0;
}

/* The state as the pages tell it: an open request past its time expired. */
static const char *
sreq_state(const struct sreq *s)
{
	if (strcmp(s->state, "open") == 0 && !s->live)
		return "expired";
	return s->state;
}

/*
 * The one-time signing token of request id: an HMAC of the id and the
 * request's nonce under the responder's key, so only its hash is
 * stored and the signer's own page can show the QR code again.
 */
static void
sign_token(struct req *r, int64_t id, const char *nonce, char out[65])
{
	unsigned char	 mac[32];
	const char	*msg;

	msg = arena_printf(r->arena, "xcert-sign-v1|%lld|%s", (long long)id,
	    nonce);
	sec_hmac(r->cfg->csrf_key, 32, msg, strlen(msg), mac);
	sec_hex(mac, sizeof(mac), out);
	out[64] = '\0';
}

static void
token_hash(const char *tok, unsigned char h[32])
{
	sec_sha256(tok, 64, h);
}

/* Load request id in the caller's organisation or institution. */
static enum rc
sreq_load(struct req *r, int64_t id, struct sreq *s)
{
	struct dbq	*q;
	enum rc		 rc;
	int		 row;

	if ((q = db_run(r->db, r->arena, &rc, STMT_REQ_GET, DB_ARGS(DB_I(id),
	    DB_I(r->sess.org_id), DB_I(r->sess.inst_id)))) == NULL)
		return rc;
	if ((row = sreq_next(q, s)) == -1)
		return RC_ERROR;
	return row == 1 ? RC_OK : RC_NOTFOUND;
}

/* May the caller sign s?  The organisation's staff, or the site's principal. */
static int
may_sign(struct req *r, const struct sreq *s)
{
	if (is_org(s))
		return r->sess.role == ROLE_ORG && r->sess.org_id == s->org &&
		    s->signer == r->sess.account_id;
	return r->sess.role == ROLE_PRINCIPAL && r->sess.inst_id == s->inst &&
	    (s->signer == 0 || s->signer == r->sess.account_id);
}

/* Give the request a fresh token, valid SIGN_SECONDS (in the caller's tx). */
static enum rc
sreq_open(struct req *r, int64_t id)
{
	unsigned char	 raw[16], h[32];
	char		 nonce[33], tok[65];
	struct dbres	 res;
	enum rc		 rc;

	if (sec_random(raw, sizeof(raw)) == -1)
		return RC_ERROR;
	sec_hex(raw, sizeof(raw), nonce);
	nonce[32] = '\0';
	sign_token(r, id, nonce, tok);
	token_hash(tok, h);
	if ((rc = db_exec(r->db, r->arena, STMT_REQ_OPEN, DB_ARGS(DB_B(h,
	    sizeof(h)), DB_S(nonce), DB_I(r->sess.account_id), DB_I(id)),
	    &res)) != RC_OK)
		return rc;
	return res.affected == 1 ? RC_OK : RC_CONFLICT;
}

/* The current seal of the signing side, or RC_NOTFOUND. */
static enum rc
seal_current(struct req *r, int org, int64_t owner, int64_t *seal)
{
	return db_row(r->db, r->arena, STMT_SEAL_CURRENT,
	    DB_ARGS(DB_S(org ? "organisation" : "institution"), DB_I(owner)),
	    DB_OUT(DB_OI(seal)));
}

static const char *
no_seal_message(int org)
{
	return org ? "本机构尚未上传电子签章，不能签发证书：请先在 机构管理 中上传签章" :
	    "本校尚未上传考核站点负责人签名章，不能确认签发：请负责人先在 机构管理 > "
	    "试点院校管理 中上传签章";
}

struct	new_tx {
	struct req	*r;
	struct idset	 ids;
	int		 org;		/* organisation's side, else the site's */
	int64_t		 id;		/* the new request */
	const char	*why;		/* refusal shown on the page */
	int		 status;
};

static enum rc
refuse(struct new_tx *t, int status, const char *why)
{
	t->status = status;
	t->why = why;
	return RC_CONFLICT;
}

static enum rc
new_act(void *arg)
{
	struct new_tx		*t = arg;
	struct req		*r = t->r;
	struct dbq		*q;
	struct manifest_item	*it;
	struct dbres		 res;
	struct buf		 moved, failed;
	const char		*number, *status, *hash, *want, *why;
	const char		*pf[PF__MAX];
	int64_t			 id, org, inst, plan, seal, signer;
	char			 mh[65];
	size_t			 n = 0, nmoved = 0, nfailed = 0;
	int			 row;
	enum rc			 rc;

	want = t->org ? "org_pending" : "site_pending";
	/* A replacement signed as its holder's data reads now. */
	if (t->org && ((rc = iss_repl_rebuild(r, STMT_REPL_OPEN_IDS,
	    DB_S(t->ids.json), r->sess.org_id, r->sess.account_id, &why)) !=
	    RC_OK || why != NULL))
		return rc != RC_OK ? rc : refuse(t, 409, why);
	it = arena_calloc(r->arena, t->ids.n, sizeof(*it));
	buf_init(&moved, r->arena);
	buf_init(&failed, r->arena);
	if ((q = db_run(r->db, r->arena, &rc, STMT_PICK,
	    DB_ARGS(DB_S(t->ids.json)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&number),
	    DB_OS(&status), DB_OI(&org), DB_OI(&inst), DB_OS(&hash),
	    DB_OI(&plan), PF_OUT(pf)))) == 1) {
		/* Another organisation's or institution's record: not yours. */
		if (t->org ? org != r->sess.org_id : inst != r->sess.inst_id)
			return RC_NOTFOUND;
		if (strcmp(status, want) != 0) {
			if (nmoved++ < 20)
				buf_printf(&moved, "%s%s（%s）", nmoved > 1 ?
				    "、" : "", number,
				    cert_label(cert_parse(status)));
			continue;
		}
		if (strlen(hash) != 64)
			return RC_ERROR;	/* every record has content */
		if ((why = iss_preflight(r, pf, NULL)) != NULL &&
		    nfailed++ < 20)
			buf_printf(&failed, "%s证书 %s（%s）：%s", nfailed > 1 ?
			    "；" : "", number, pf[PF_NAME] != NULL ?
			    pf[PF_NAME] : "", why);
		it[n].id = id;
		memcpy(it[n].hash, hash, 65);
		n++;
	}
	if (row == -1)
		return RC_ERROR;
	if (n + nmoved != t->ids.n)
		return RC_NOTFOUND;	/* an id that is no certificate */
	if (nmoved > 0)
		return refuse(t, 409, arena_printf(r->arena, "以下 %zu 份证书"
		    "不在%s状态，本次未发起签字：%s%s", nmoved,
		    cert_label(cert_parse(want)), buf_cstr(&moved),
		    nmoved > 20 ? "……" : ""));
	if (nfailed > 0)
		return refuse(t, 409, arena_printf(r->arena, "以下 %zu 份证书"
		    "未通过签发前检查，不能签发，本次未发起签字：%s%s", nfailed,
		    buf_cstr(&failed), nfailed > 20 ? "……" : ""));
	if ((rc = seal_current(r, t->org, t->org ? r->sess.org_id :
	    r->sess.inst_id, &seal)) == RC_NOTFOUND)
		return refuse(t, 409, no_seal_message(t->org));
	if (rc != RC_OK)
		return rc;
	signer = r->sess.account_id;
	if (r->sess.role == ROLE_BIZ) {
		rc = db_row(r->db, r->arena, STMT_PRINCIPAL,
		    DB_ARGS(DB_I(r->sess.inst_id)), DB_OUT(DB_OI(&signer)));
		if (rc == RC_NOTFOUND)
			return refuse(t, 409, "本校负责人账号不可用，无法提交签字");
		if (rc != RC_OK)
			return rc;
	}
	manifest_hash(r->arena, t->org ? CERT_BY_ORG : CERT_BY_SITE,
	    "confirm", it, n, mh);
	if ((rc = db_exec(r->db, r->arena, STMT_REQ_INSERT, DB_ARGS(
	    DB_S(t->org ? "org" : "site"),
	    DB_N(t->org ? r->sess.org_id : 0),
	    DB_N(t->org ? 0 : r->sess.inst_id), DB_I(r->sess.account_id),
	    DB_I(signer), DB_I((int64_t)n), DB_S(mh),
	    DB_S(arena_printf(r->arena, "%zu 份证书", n)),
	    DB_S(r->sess.role == ROLE_BIZ ? "submitted" : "open")),
	    &res)) != RC_OK)
		return rc;
	t->id = res.insert_id;
	if ((rc = db_exec(r->db, r->arena, STMT_REQ_ITEMS,
	    DB_ARGS(DB_I(t->id), DB_S(t->ids.json)), &res)) != RC_OK)
		return rc;
	if (res.affected != n)
		return RC_ERROR;
	if (r->sess.role == ROLE_BIZ) {
		if ((rc = db_exec(r->db, r->arena, STMT_NOTIFY_ACCOUNT,
		    DB_ARGS(DB_I(signer), DB_S(arena_printf(r->arena,
		    "业务管理员 %s 提交了 %zu 份证书，待您签字确认",
		    r->sess.name, n)), DB_S(arena_printf(r->arena,
		    "/certs/sign/%lld", (long long)t->id))), NULL)) != RC_OK)
			return rc;
	} else if ((rc = sreq_open(r, t->id)) != RC_OK)
		return rc;
	return audit_add(r, r->sess.role == ROLE_BIZ ? "sign.submit" :
	    "sign.request", "signing_request", t->id, arena_printf(r->arena,
	    "party=%s n=%zu manifest=%s", t->org ? "org" : "site", n, mh));
}

/*
 * POST /certs/sign (确认 / 批量确认签发): a signing request for exactly
 * the selected records (id, repeated) or every record matching the
 * list's filter (all=1), all awaiting the caller's side.  A business
 * admin's request waits for the principal; the others get their QR code
 * at once.
 */
enum rc
iss_sign_new(struct req *r)
{
	enum { F_ID, F_ALL, F__MAX };
	static const struct field f[F__MAX] = {
		{ "id", FT_IDS, BATCH_MAX * 20 },	/* F_ID */
		{ "all", FT_TEXT, 1 },			/* F_ALL */
	};
	struct fval	 v[F__MAX];
	struct new_tx	 t;
	enum rc		 rc;

	memset(&t, 0, sizeof(t));
	t.r = r;
	t.org = r->sess.role == ROLE_ORG;
	if ((rc = req_form(r, f, F__MAX, v)) != RC_OK)
		return rc;
	if (v[F_ALL].present && strcmp(v[F_ALL].val, "1") == 0) {
		if ((rc = iss_select(r, BATCH_MAX, &t.ids)) != RC_OK)
			return rc;
	} else if (!v[F_ID].present || v[F_ID].invalid ||
	    idset_parse(r, v[F_ID].val, &t.ids) != RC_OK) {
		tmpl_set(r, "Page.Message", v[F_ID].invalid ?
		    "一次最多签发 10000 份证书，请缩小范围后再试" :
		    "请先勾选要确认签发的证书");
		return tmpl_page(r, 400, "issuance/message.cs", "确认签发");
	}
	if (t.ids.n == 0 || t.ids.n > BATCH_MAX) {
		tmpl_set(r, "Page.Message", t.ids.n == 0 ?
		    "没有符合条件的证书" :
		    "符合条件的证书超过 10000 份，请按考试计划或院校筛选后分批签发");
		return tmpl_page(r, 400, "issuance/message.cs", "确认签发");
	}
	rc = db_tx(r->db, new_act, &t);
	if (rc == RC_CONFLICT && t.why != NULL) {
		tmpl_set(r, "Page.Message", t.why);
		return tmpl_page(r, t.status, "issuance/message.cs", "确认签发");
	}
	if (rc != RC_OK)
		return rc;
	if (r->sess.role == ROLE_BIZ)
		return resp_redirect_ok(r, FLASH_SUBMITTED, "/certs/sign/%lld",
		    (long long)t.id);
	return resp_redirect(r, "/certs/sign/%lld", (long long)t.id);
}

/*
 * Request s into Sreq.* (Req.* is the layout's: the request's log id)
 * and its summary into Summary.* for the pages.
 */
static enum rc
sreq_show(struct req *r, const struct sreq *s)
{
	static const char *const cols[] = { "Cert", "Level", "Plan", "Inst",
	    "Count" };
	struct dbq	*q;
	enum rc		 rc;

	tmpl_seti(r, "Sreq.Id", s->id);
	tmpl_set(r, "Sreq.Party", s->party);
	tmpl_set(r, "Sreq.PartyLabel", is_org(s) ? "培训评价组织签发" :
	    "考核站点确认签发");
	tmpl_seti(r, "Sreq.N", s->n);
	tmpl_set(r, "Sreq.Manifest", s->manifest);
	tmpl_set(r, "Sreq.State", sreq_state(s));
	tmpl_seti(r, "Sreq.Secs", s->secs > 0 ? s->secs : 0);
	tmpl_set(r, "Sreq.Outcome", s->outcome);
	tmpl_set(r, "Sreq.Created", s->created);
	tmpl_set(r, "Sreq.Done", s->done);
	tmpl_set(r, "Sreq.Creator", s->creator);
	if ((q = db_run(r->db, r->arena, &rc, STMT_REQ_SUMMARY,
	    DB_ARGS(DB_I(s->id)))) == NULL)
		return rc;
	return tmpl_rows(r, q, "Summary", cols, nitems(cols)) == -1 ?
	    RC_ERROR : RC_OK;
}

/* GET /certs/sign/#: the request, its QR code while open, its outcome. */
enum rc
iss_sign_show(struct req *r)
{
	struct sreq	 s;
	enum rc		 rc;

	if ((rc = sreq_load(r, r->arg[0], &s)) != RC_OK ||
	    (rc = sreq_show(r, &s)) != RC_OK)
		return rc;
	if (may_sign(r, &s))
		tmpl_set(r, "Sreq.Signer", "1");
	return tmpl_page(r, 200, "issuance/sign.cs", "在线签字确认");
}

struct	open_tx {
	struct req	*r;
	struct sreq	 s;
};

static enum rc
open_act(void *arg)
{
	struct open_tx	*t = arg;
	struct req	*r = t->r;
	int64_t		 seal;
	enum rc		 rc;

	if ((rc = seal_current(r, is_org(&t->s), is_org(&t->s) ? t->s.org :
	    t->s.inst, &seal)) != RC_OK)
		return rc;
	if ((rc = sreq_open(r, t->s.id)) != RC_OK)
		return rc;
	return audit_add(r, "sign.open", "signing_request", t->s.id, "");
}

/*
 * POST /certs/sign/#/open (the signer): a new QR code for a request
 * that the business admin submitted or whose code expired.
 */
enum rc
iss_sign_open(struct req *r)
{
	struct open_tx	 t;
	const char	*st;
	enum rc		 rc;

	t.r = r;
	if ((rc = sreq_load(r, r->arg[0], &t.s)) != RC_OK)
		return rc;
	if (!may_sign(r, &t.s))
		return RC_NOTFOUND;
	st = t.s.state;
	if (strcmp(st, "submitted") != 0 && strcmp(st, "open") != 0 &&
	    strcmp(st, "expired") != 0)
		return RC_CONFLICT;
	rc = db_tx(r->db, open_act, &t);
	if (rc == RC_NOTFOUND) {
		tmpl_set(r, "Page.Message", no_seal_message(is_org(&t.s)));
		return tmpl_page(r, 409, "issuance/message.cs", "在线签字确认");
	}
	if (rc != RC_OK)
		return rc;
	return resp_redirect(r, "/certs/sign/%lld", (long long)t.s.id);
}

/* GET /certs/sign/#/qr.png (the signer, while open): the signing URL. */
enum rc
iss_sign_qr(struct req *r)
{
	struct sreq	 s;
	char		 tok[65];
	void		*png;
	size_t		 len;
	enum rc		 rc;

	if ((rc = sreq_load(r, r->arg[0], &s)) != RC_OK)
		return rc;
	if (!may_sign(r, &s) || strcmp(sreq_state(&s), "open") != 0 ||
	    strlen(s.nonce) != 32)
		return RC_NOTFOUND;
	sign_token(r, s.id, s.nonce, tok);
	if ((png = qr_png(r->arena, arena_printf(r->arena, "%s/s/%s",
	    r->cfg->base_url, tok), 8, &len)) == NULL)
		return RC_ERROR;
	resp_header(r, "Cache-Control", "no-store");
	return resp_send(r, 200, "image/png", png, len);
}

/* GET /certs/sign/#/state: the request's state, polled by the desktop page. */
enum rc
iss_sign_state(struct req *r)
{
	struct sreq	 s;
	const char	*body;
	enum rc		 rc;

	if ((rc = sreq_load(r, r->arg[0], &s)) != RC_OK)
		return rc;
	body = arena_printf(r->arena, "{\"state\":\"%s\",\"seconds\":%lld}",
	    sreq_state(&s), (long long)(s.secs > 0 ? s.secs : 0));
	resp_header(r, "Cache-Control", "no-store");
	return resp_send(r, 200, "application/json", body, strlen(body));
}

/* GET /certs/sign/#/here: 在本机签字, the pad on this screen. */
enum rc
iss_sign_here(struct req *r)
{
	struct sreq	 s;
	enum rc		 rc;

	if ((rc = sreq_load(r, r->arg[0], &s)) != RC_OK)
		return rc;
	if (!may_sign(r, &s))
		return RC_NOTFOUND;
	if ((rc = sreq_show(r, &s)) != RC_OK)
		return rc;
	tmpl_set(r, "Pad.Action", arena_printf(r->arena, "/certs/sign/%lld/here",
	    (long long)s.id));
	return tmpl_page(r, strcmp(sreq_state(&s), "open") == 0 ? 200 : 410,
	    "issuance/pad.cs", "在线签字确认");
}

/* GET /certs/sign/#/signature.png: the evidence of a signed request. */
enum rc
iss_sign_sigpng(struct req *r)
{
	const void	*png;
	size_t		 len;
	enum rc		 rc;

	if ((rc = db_row(r->db, r->arena, STMT_SIG_PNG, DB_ARGS(DB_I(r->arg[0]),
	    DB_I(r->sess.org_id), DB_I(r->sess.inst_id),
	    DB_I(r->sess.role == ROLE_ADMIN)), DB_OUT(DB_OB(&png, &len)))) !=
	    RC_OK)
		return rc;
	resp_header(r, "Cache-Control", "private, no-store");
	return resp_send(r, 200, "image/png", png, len);
}

/*
 * The signature as posted: base64 PNG, at most SIG_MAXPNG bytes, a
 * real PNG, and not blank (some dark ink on it).  Returns NULL with
 * the PNG in *png, or a message.
 */
const char *
iss_sig_check(struct req *r, const struct fval *v, unsigned char **png,
    size_t *len)
{
	gdImagePtr	 im;
	unsigned int	 w, h;
	int		 x, y, c, ink = 0;

	if (!v->present || v->len == 0)
		return "请先在框内手写签名";
	if (v->invalid || v->len > SIG_MAXPNG * 4 / 3 + 4)
		return "签名图片过大（不超过 512 KB）";
	if ((*png = sec_unbase64(r->arena, v->val, v->len, SIG_MAXPNG, len)) ==
	    NULL)
		return "签名图片无法识别，请重新签名";
	if (img_png_check_any(*png, *len, SIG_MAXPNG, &w, &h) != IMG_OK ||
	    w < 100 || h < 50 || w > 4000 || h > 3000)
		return "签名必须是 PNG 图片，请重新签名";
	if ((im = img_decode(*png, *len)) == NULL)
		return "签名图片无法识别，请重新签名";
	for (y = 0; y < gdImageSY(im) && ink < 40; y++)
		for (x = 0; x < gdImageSX(im); x++) {
			c = gdImageGetTrueColorPixel(im, x, y);
			if (gdTrueColorGetAlpha(c) < 64 &&
			    gdTrueColorGetRed(c) + gdTrueColorGetGreen(c) +
			    gdTrueColorGetBlue(c) < 3 * 128 && ++ink >= 40)
				break;
		}
	gdImageDestroy(im);
	return ink < 40 ? "签名为空白，请在框内手写签名" : NULL;
}

struct	sign_tx {
	struct req	*r;
	int		 by_token;
	unsigned char	 th[32];	/* by token: its hash */
	int64_t		 id;		/* by id: the request */
	unsigned char	*png;
	size_t		 len;
	char		 sha[65];
	struct sreq	 s;
	/* the request's records as checked under their locks */
	struct manifest_item *it;
	const char	**num;		/* their numbers */
	/* the outcome */
	int		 done;		/* signed now */
	int		 replay;	/* signed before with this very PNG */
	int		 status;
	const char	*why;
};

static enum rc
sign_refuse(struct sign_tx *t, int status, const char *why)
{
	t->status = status;
	t->why = why;
	return RC_CONFLICT;
}

/* Mark the request conflict or stale, saying which records; commit that. */
static enum rc
sign_void(struct sign_tx *t, const char *state, const char *why)
{
	struct req	*r = t->r;
	enum rc		 rc;

	if ((rc = db_exec(r->db, r->arena, STMT_REQ_DONE, DB_ARGS(DB_S(state),
	    DB_S(why), DB_I(t->s.id)), NULL)) != RC_OK ||
	    (rc = audit_add(r, "sign.void", "signing_request", t->s.id,
	    state)) != RC_OK)
		return rc;
	t->status = 409;
	t->why = why;
	return RC_OK;
}

/* Notify the other side of what was signed. */
static enum rc
sign_notify(struct sign_tx *t)
{
	struct req	*r = t->r;
	struct dbq	*q;
	int64_t		 owner, n;
	int		 row, org = is_org(&t->s);
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, org ? STMT_REQ_INSTS :
	    STMT_REQ_ORGS, DB_ARGS(DB_I(t->s.id)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&owner), DB_OI(&n)))) == 1) {
		if (org)
			rc = iss_notify_inst(r, owner, arena_printf(r->arena,
			    "培训评价组织已签发 %lld 份证书，待考核站点负责人确认签发",
			    (long long)n), "/certs?status=site_pending");
		else
			rc = iss_notify_org(r, owner, arena_printf(r->arena,
			    "考核站点已确认签发 %lld 份证书", (long long)n),
			    "/certs?status=confirmed");
		if (rc != RC_OK)
			return rc;
	}
	return row == -1 ? RC_ERROR : RC_OK;
}

/*
 * The current template of each certificate type in the site's request:
 * the first type's into *type0 and *tpl0 (STMT_MOVE_SITE_SIGN sets it),
 * any other type's set now (STMT_SET_TPL).  A type without a template
 * of its own has the generic one; none at all leaves NULL (0).
 */
static enum rc
sign_templates(struct sign_tx *t, int64_t *type0, int64_t *tpl0)
{
	struct req	*r = t->r;
	struct dbq	*q;
	int64_t		 types[64], tpl;
	int		 k, n = 0, row = 0;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_SIGN_TYPES,
	    DB_ARGS(DB_I(t->s.id)))) == NULL)
		return rc;
	while (n < (int)nitems(types) &&
	    (row = db_next(q, DB_OUT(DB_OI(&types[n])))) == 1)
		n++;
	if (row == -1 || n == (int)nitems(types))
		return RC_ERROR;
	for (k = 0; k < n; k++) {
		tpl = 0;
		if ((q = db_run(r->db, r->arena, &rc, STMT_SIGN_TPL,
		    DB_ARGS(DB_I(types[k])))) == NULL)
			return rc;
		if (db_next(q, DB_OUT(DB_OI(&tpl))) == -1)
			return RC_ERROR;
		if (k == 0) {
			*type0 = types[k];
			*tpl0 = tpl;
		} else if ((rc = db_exec(r->db, r->arena, STMT_SET_TPL,
		    DB_ARGS(DB_N(tpl), DB_I(t->s.id), DB_I(types[k])),
		    NULL)) != RC_OK)
			return rc;
	}
	return RC_OK;
}

/*
 * The signature's moves within its transaction: the template (site),
 * the guarded state change of all n records (the site's with their
 * signed QR payloads and 发证时间), the history and the originals a
 * replacement replaces.
 */
static enum rc
sign_moves(struct sign_tx *t, int porg, int64_t sig, int64_t seal, size_t n,
    const char *want, const char *to, const char *mh)
{
	struct req	*r = t->r;
	struct dbres	 res;
	const char	*day, *qr = NULL;
	int64_t		 type0 = 0, tpl0 = 0;
	enum rc		 rc;

	/*
	 * Confirmed: each certificate's QR payload signs its number, the
	 * day and its content as checked under the locks, and is stored by
	 * the move itself (no second pass over the records).
	 */
	if (!porg && ((rc = sign_templates(t, &type0, &tpl0)) != RC_OK ||
	    (rc = db_row(r->db, r->arena, STMT_TODAY, DB_NOARGS,
	    DB_OUT(DB_OS(&day)))) != RC_OK))
		return db_must(rc, "the signing day");
	if (!porg && (qr = iss_qr_payloads(r, t->it, t->num, n, day)) == NULL)
		return RC_ERROR;
	/* The counters once for the whole move, not per record (0025). */
	if ((rc = db_exec(r->db, r->arena, STMT_COUNT_DEFER, DB_NOARGS,
	    NULL)) != RC_OK)
		return rc;
	if (porg)
		rc = db_exec(r->db, r->arena, STMT_MOVE_ORG_SIGN, DB_ARGS(
		    DB_I(sig), DB_I(seal), DB_I(t->s.id)), &res);
	else
		rc = db_exec(r->db, r->arena, STMT_MOVE_SITE_SIGN, DB_ARGS(
		    DB_S(qr), DB_S(day), DB_I(sig), DB_I(seal), DB_I(type0),
		    DB_N(tpl0)), &res);
	if (rc == RC_OK && res.affected != n) {
		log_warnx("signing request %lld: %llu of %zu records moved",
		    (long long)t->s.id, (unsigned long long)res.affected, n);
		rc = RC_ERROR;
	}
	if (rc == RC_OK)
		rc = db_exec(r->db, r->arena, STMT_COUNT_REQUEST, DB_ARGS(
		    DB_I(t->s.id), DB_S(want), DB_S(to)), NULL);
	if ((rc = iss_undefer(r, STMT_COUNT_UNDEFER, rc)) != RC_OK)
		return rc;
	if ((rc = db_exec(r->db, r->arena, STMT_EVENTS_REQ, DB_ARGS(
	    DB_S(porg ? "org_sign" : "site_sign"), DB_S(want), DB_S(to),
	    DB_I(t->s.signer), DB_S(mh), DB_I(t->s.id)), NULL)) != RC_OK ||
	    (!porg && (rc = iss_replaced(r, t->s.id, t->s.signer)) != RC_OK))
		return rc;
	return RC_OK;
}

static enum rc
sign_act(void *arg)
{
	struct sign_tx		*t = arg;
	struct req		*r = t->r;
	struct dbq		*q;
	struct manifest_item	*it;
	struct buf		 moved, changed, failed;
	struct dbres		 res;
	const char		*number, *status, *now, *then, *sha, *want, *to;
	const char		*why, *pf[PF__MAX];
	int64_t			 seq, id, org, inst, seal, sig;
	char			 mh[65];
	size_t			 n = 0, nmoved = 0, nchanged = 0, nfailed = 0;
	int			 row, porg;
	enum rc			 rc;

	t->done = t->replay = 0;
	if (t->by_token)
		q = db_run(r->db, r->arena, &rc, STMT_REQ_BY_TOKEN,
		    DB_ARGS(DB_B(t->th, sizeof(t->th))));
	else
		q = db_run(r->db, r->arena, &rc, STMT_REQ_GET_LOCK,
		    DB_ARGS(DB_I(t->id), DB_I(r->sess.org_id),
		    DB_I(r->sess.inst_id)));
	if (q == NULL)
		return rc;
	if ((row = sreq_next(q, &t->s)) != 1)
		return row == 0 ? RC_NOTFOUND : RC_ERROR;
	if (!t->by_token && !may_sign(r, &t->s))
		return RC_NOTFOUND;
	porg = is_org(&t->s);
	if (strcmp(t->s.state, "signed") == 0) {
		/* The phone's retry after a lost answer: applied once. */
		rc = db_row(r->db, r->arena, STMT_SIG_SHA,
		    DB_ARGS(DB_I(t->s.id)), DB_OUT(DB_OS(&sha)));
		if (rc != RC_OK)
			return db_must(rc, "signature of a signed request");
		if (strcmp(sha, t->sha) == 0) {
			t->replay = 1;
			return RC_OK;
		}
		return sign_refuse(t, 410, "此签字二维码已经使用过，不能再次签字");
	}
	if (strcmp(sreq_state(&t->s), "open") != 0)
		return sign_refuse(t, 410, strcmp(sreq_state(&t->s),
		    "expired") == 0 ? "签字二维码已过期（有效期 10 分钟），"
		    "请在电脑上重新生成二维码" : "此签字请求已失效，请重新发起签发");
	if ((rc = seal_current(r, porg, porg ? t->s.org : t->s.inst,
	    &seal)) == RC_NOTFOUND)
		return sign_refuse(t, 409, no_seal_message(porg));
	if (rc != RC_OK)
		return rc;

	/*
	 * A replacement's holder corrected since the QR code was made:
	 * its content is rebuilt, and the request goes stale below.
	 */
	if (porg && (rc = iss_repl_rebuild(r, STMT_REPL_OPEN_REQ,
	    DB_I(t->s.id), t->s.org, t->s.signer, &why)) != RC_OK)
		return rc;
	if (porg && why != NULL)
		return sign_void(t, "stale", arena_printf(r->arena, "未签发：%s",
		    why));

	/* The records as they are now, locked: each still as shown? */
	want = porg ? "org_pending" : "site_pending";
	to = porg ? "site_pending" : "confirmed";
	t->it = it = arena_calloc(r->arena, (size_t)t->s.n, sizeof(*it));
	t->num = arena_calloc(r->arena, (size_t)t->s.n, sizeof(*t->num));
	buf_init(&moved, r->arena);
	buf_init(&changed, r->arena);
	buf_init(&failed, r->arena);
	if ((q = db_run(r->db, r->arena, &rc, STMT_REQ_ITEMS_CHECK,
	    DB_ARGS(DB_I(t->s.id)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&seq), DB_OI(&id),
	    DB_OS(&number), DB_OS(&status), DB_OS(&now), DB_OS(&then),
	    DB_OI(&org), DB_OI(&inst), PF_OUT(pf)))) == 1) {
		if (n >= (size_t)t->s.n ||
		    (porg ? org != t->s.org : inst != t->s.inst))
			return RC_ERROR;	/* requests hold their own only */
		it[n].id = id;
		memcpy(it[n].hash, then, 65);
		t->num[n] = arena_strdup(r->arena, number);
		n++;
		if (strcmp(status, want) != 0) {
			if (nmoved++ < 20)
				buf_printf(&moved, "%s%s（现为%s）", nmoved > 1 ?
				    "、" : "", number,
				    cert_label(cert_parse(status)));
		} else if (strcmp(now, then) != 0) {
			if (nchanged++ < 20)
				buf_printf(&changed, "%s%s", nchanged > 1 ?
				    "、" : "", number);
		} else if ((why = iss_preflight(r, pf, NULL)) != NULL) {
			if (nfailed++ < 20)
				buf_printf(&failed, "%s证书 %s：%s", nfailed > 1 ?
				    "；" : "", number, why);
		}
	}
	if (row == -1 || n != (size_t)t->s.n)
		return RC_ERROR;
	manifest_hash(r->arena, porg ? CERT_BY_ORG : CERT_BY_SITE, "confirm",
	    it, n, mh);
	if (strcmp(mh, t->s.manifest) != 0) {
		log_warnx("signing request %lld: manifest does not match its "
		    "items", (long long)t->s.id);
		return RC_ERROR;
	}
	if (nmoved > 0)
		return sign_void(t, "conflict", arena_printf(r->arena,
		    "未签发：其中 %zu 份证书已被其他签发操作处理：%s%s。"
		    "其余证书未作任何改动，请重新发起签发。", nmoved,
		    buf_cstr(&moved), nmoved > 20 ? "……" : ""));
	if (nchanged > 0)
		return sign_void(t, "stale", arena_printf(r->arena,
		    "未签发：其中 %zu 份证书在二维码生成后内容有变动：%s%s。"
		    "请重新发起签发，核对后再签字。", nchanged,
		    buf_cstr(&changed), nchanged > 20 ? "……" : ""));
	/* The preflight again: nothing unprintable is ever signed. */
	if (nfailed > 0)
		return sign_void(t, "stale", arena_printf(r->arena,
		    "未签发：其中 %zu 份证书未通过签发前检查：%s%s。"
		    "其余证书未作任何改动，请修正后重新发起签发。", nfailed,
		    buf_cstr(&failed), nfailed > 20 ? "……" : ""));

	/* Signed: the evidence, the moves (guarded), the history, audit. */
	if ((rc = db_exec(r->db, r->arena, STMT_SIG_INSERT, DB_ARGS(
	    DB_I(t->s.id), DB_S(t->s.party), DB_I(t->s.signer), DB_S(mh),
	    DB_B(t->png, t->len), DB_S(t->sha), DB_I(seal),
	    DB_S(r->ip != NULL ? r->ip : "")), &res)) != RC_OK)
		return rc;
	sig = res.insert_id;
	/*
	 * The site's signature publishes the records: their cert_public
	 * rows are written at the end, for the whole request in two
	 * statements, not by the triggers one record at a time (0023).
	 */
	if (porg)
		rc = sign_moves(t, porg, sig, seal, n, want, to, mh);
	else if ((rc = db_exec(r->db, r->arena, STMT_PUB_DEFER, DB_NOARGS,
	    NULL)) == RC_OK) {
		if ((rc = sign_moves(t, porg, sig, seal, n, want, to, mh)) ==
		    RC_OK)
			rc = db_exec(r->db, r->arena, STMT_PUB_SYNC,
			    DB_ARGS(DB_I(t->s.id)), NULL);
		rc = iss_undefer(r, STMT_PUB_UNDEFER, rc);
	}
	if (rc != RC_OK)
		return rc;
	if ((rc = db_exec(r->db, r->arena, STMT_REQ_DONE, DB_ARGS(
	    DB_S("signed"), DB_S(arena_printf(r->arena, porg ?
	    "已签发 %zu 份证书，已转考核站点确认" :
	    "已确认签发 %zu 份证书，发证时间为今天", n)), DB_I(t->s.id)),
	    NULL)) != RC_OK)
		return rc;
	if ((rc = sign_notify(t)) != RC_OK)
		return rc;
	t->done = 1;
	return audit_add(r, porg ? "sign.org" : "sign.site", "signing_request",
	    t->s.id, arena_printf(r->arena, "n=%zu manifest=%s signature=%lld "
	    "seal=%lld", n, mh, (long long)sig, (long long)seal));
}

/* Check the posted signature and apply it in one transaction. */
static enum rc
sign_apply(struct req *r, struct sign_tx *t)
{
	static const struct field f[] = { { "sig", FT_TEXT, SIG_MAXFORM } };
	struct fval	 v[1];
	unsigned char	 h[32];
	const char	*why;
	enum rc		 rc;

	if ((rc = req_form(r, f, 1, v)) != RC_OK)
		return rc;
	if ((why = iss_sig_check(r, &v[0], &t->png, &t->len)) != NULL) {
		t->status = 400;
		t->why = why;
		return RC_CONFLICT;
	}
	sec_sha256(t->png, t->len, h);
	sec_hex(h, sizeof(h), t->sha);
	t->sha[64] = '\0';
	return db_tx(r->db, sign_act, t);
}

/* The outcome page of a signature, on the phone or this screen. */
static enum rc
sign_outcome(struct req *r, struct sign_tx *t, enum rc rc, const char *tmpl)
{
	if (rc == RC_CONFLICT && t->why != NULL) {
		tmpl_set(r, "Sign.Error", t->why);
		if (t->s.id != 0 && sreq_show(r, &t->s) != RC_OK)
			return RC_ERROR;
		return tmpl_page(r, t->status, tmpl, "在线签字确认");
	}
	if (rc != RC_OK)
		return rc;
	if (t->why != NULL) {		/* conflict or stale: recorded */
		tmpl_set(r, "Sign.Error", t->why);
		if (sreq_show(r, &t->s) != RC_OK)
			return RC_ERROR;
		return tmpl_page(r, t->status, tmpl, "在线签字确认");
	}
	if (sreq_show(r, &t->s) != RC_OK)
		return RC_ERROR;
	tmpl_set(r, "Sign.Done", "1");
	if (t->replay)
		tmpl_set(r, "Sign.Replay", "1");
	tmpl_set(r, "Sreq.State", "signed");
	return tmpl_page(r, 200, tmpl, "在线签字确认");
}

/* POST /certs/sign/#/here: the signer signs on this screen. */
enum rc
iss_sign_here_post(struct req *r)
{
	struct sign_tx	 t;
	enum rc		 rc;

	memset(&t, 0, sizeof(t));
	t.r = r;
	t.id = r->arg[0];
	rc = sign_apply(r, &t);
	if (rc == RC_OK && t.why == NULL)
		return resp_redirect(r, "/certs/sign/%lld", (long long)t.id);
	tmpl_set(r, "Pad.Action", arena_printf(r->arena, "/certs/sign/%lld/here",
	    (long long)t.id));
	return sign_outcome(r, &t, rc, "issuance/pad.cs");
}

/* The token in the path of /s/<token>. */
static const char *
path_token(struct req *r)
{
	const char	*p = strrchr(r->path, '/');

	return p != NULL && strlen(p + 1) == 64 ? p + 1 : NULL;
}

/*
 * GET /s/<token>: the page the QR code opens on the signer's phone:
 * what is being signed and a signature pad.  No login: the one-time
 * token is the key, and only its hash is stored.
 */
enum rc
iss_phone(struct req *r)
{
	struct dbq	*q;
	struct sreq	 s;
	unsigned char	 h[32];
	const char	*tok, *st;
	int		 row;
	enum rc		 rc;

	if ((tok = path_token(r)) == NULL)
		return RC_NOTFOUND;
	token_hash(tok, h);
	if ((q = db_run(r->db, r->arena, &rc, STMT_REQ_BY_TOKEN,
	    DB_ARGS(DB_B(h, sizeof(h))))) == NULL)
		return rc;
	if ((row = sreq_next(q, &s)) == -1)
		return RC_ERROR;
	resp_header(r, "Cache-Control", "no-store");
	if (row == 0) {
		tmpl_set(r, "Sign.Error", "签字二维码无效或已被更新，请在电脑上重新生成二维码");
		return tmpl_page(r, 404, "issuance/phone.cs", "在线签字确认");
	}
	if ((rc = sreq_show(r, &s)) != RC_OK)
		return rc;
	st = sreq_state(&s);
	tmpl_set(r, "Pad.Action", arena_printf(r->arena, "/s/%s", tok));
	if (strcmp(st, "signed") == 0)
		tmpl_set(r, "Sign.Done", "1");
	else if (strcmp(st, "open") != 0) {
		tmpl_set(r, "Sign.Error", strcmp(st, "expired") == 0 ?
		    "签字二维码已过期（有效期 10 分钟），请在电脑上重新生成二维码" :
		    "此签字请求已失效，请重新发起签发");
		return tmpl_page(r, 410, "issuance/phone.cs", "在线签字确认");
	}
	return tmpl_page(r, 200, "issuance/phone.cs", "在线签字确认");
}

/* POST /s/<token>: the phone's signature. */
enum rc
iss_phone_post(struct req *r)
{
	struct sign_tx	 t;
	struct dbq	*q;
	const char	*tok;
	int		 row;
	enum rc		 rc;

	memset(&t, 0, sizeof(t));
	t.r = r;
	t.by_token = 1;
	if ((tok = path_token(r)) == NULL)
		return RC_NOTFOUND;
	token_hash(tok, t.th);
	resp_header(r, "Cache-Control", "no-store");
	tmpl_set(r, "Pad.Action", arena_printf(r->arena, "/s/%s", tok));
	/* An unknown token costs one indexed read, never an image decode. */
	if ((q = db_run(r->db, r->arena, &rc, STMT_REQ_BY_TOKEN,
	    DB_ARGS(DB_B(t.th, sizeof(t.th))))) == NULL)
		return rc;
	if ((row = db_rows(q) > 0 ? 1 : 0) == 0)
		rc = RC_NOTFOUND;
	else
		rc = sign_apply(r, &t);
	if (rc == RC_NOTFOUND) {
		tmpl_set(r, "Sign.Error", "签字二维码无效或已被更新，请在电脑上重新生成二维码");
		return tmpl_page(r, 404, "issuance/phone.cs", "在线签字确认");
	}
	return sign_outcome(r, &t, rc, "issuance/phone.cs");
}

/* GET /certs/requests: the side's signing requests (the principal's to sign first). */
enum rc
iss_requests(struct req *r)
{
	struct dbq	*q;
	struct sreq	 s;
	int		 i = 0, row;
	enum rc		 rc;

	if (r->sess.role == ROLE_ORG)
		q = db_run(r->db, r->arena, &rc, STMT_REQ_LIST_ORG,
		    DB_ARGS(DB_I(r->sess.org_id)));
	else
		q = db_run(r->db, r->arena, &rc, STMT_REQ_LIST_INST,
		    DB_ARGS(DB_I(r->sess.inst_id)));
	if (q == NULL)
		return rc;
	while ((row = sreq_next(q, &s)) == 1) {
		tmpl_setin(r, s.id, "Reqs.%d.Id", i);
		tmpl_setin(r, s.n, "Reqs.%d.N", i);
		tmpl_setn(r, sreq_state(&s), "Reqs.%d.State", i);
		tmpl_setn(r, s.creator, "Reqs.%d.Creator", i);
		tmpl_setn(r, s.created, "Reqs.%d.Created", i);
		tmpl_setn(r, s.outcome, "Reqs.%d.Outcome", i);
		i++;
	}
	if (row == -1)
		return RC_ERROR;
	tmpl_seti(r, "Reqs.Shown", i);
	return tmpl_page(r, 200, "issuance/requests.cs", "签字请求");
}
