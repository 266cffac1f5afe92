/* page_verify.c: 证书查询: by number + ID number, by signed QR payload; CAPTCHA; public keys. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "captcha.h"
#include "cert.h"
#include "certno.h"
#include "idno.h"
#include "qrpay.h"
#include "thumb.h"
#include "verification.h"

enum { VF_NUMBER, VF_IDNO, VF_CAPTCHA, VF__MAX };
static const struct field ver_fields[VF__MAX] = {
	{ "number", FT_TEXT, 64 },	/* VF_NUMBER */
	{ "idno", FT_TEXT, 64 },	/* VF_IDNO */
	{ "captcha", FT_TEXT, 32 },	/* VF_CAPTCHA */
};

/* The one answer for every pair that matches nothing published. */
#define NO_MATCH	"未查询到与该证书编号和身份证号相符的已签发证书"

/* The published columns every result shows (PUB_COLS in sql.c). */
enum { PC_NUMBER, PC_STATUS, PC_ISSUED, PC_NAME, PC_IDMASK, PC_CERT,
    PC_LEVEL, PC_ORG, PC_INST, PC_PLAN, PC_RREASON, PC_RDATE, PC_RBY,
    PC_REPLACES, PC_RBYQR, PC_REPLQR, PC__MAX };

/* The CAPTCHA's cookie: its token; the answer stays in the database. */
static const char *
cap_cookie(const struct req *r)
{
	return r->cfg->secure ? "__Host-xc_cap" : "xc_cap";
}

/* The form again: an error, the number kept or not, a CAPTCHA or not. */
static enum rc
again(struct req *r, int status, const char *err, const char *number,
    int captcha)
{
	tmpl_set(r, "Form.Error", err);
	if (number != NULL)
		tmpl_set(r, "Form.number", number);
	if (captcha)
		tmpl_set(r, "Form.Captcha", "1");
	return tmpl_page(r, status, "verification/verify.cs", "证书查询");
}

/* GET /verify: the public form, with a CAPTCHA after 3 failures. */
enum rc
ver_form(struct req *r)
{
	struct dbq	*q;
	unsigned char	 h[32];
	int64_t		 fails = 0;
	enum rc		 rc;

	ver_thr_key(r, "ip", auth_ip_key(r), h);
	if ((q = db_run(r->db, r->arena, &rc, STMT_IP_FAILS,
	    DB_ARGS(DB_B(h, sizeof(h))))) == NULL)
		return rc;
	if (db_next(q, DB_OUT(DB_OI(&fails))) == -1)
		return RC_ERROR;
	if (fails >= VERIFY_CAPTCHA_AFTER)
		tmpl_set(r, "Form.Captcha", "1");
	return tmpl_page(r, 200, "verification/verify.cs", "证书查询");
}

/*
 * GET /verify/captcha.png: a new CAPTCHA each time (换一张 fetches
 * another): five random digits stored with the hash of a random token,
 * the token in a cookie, the digits drawn distorted.
 */
enum rc
ver_captcha(struct req *r)
{
	unsigned char	 h[32];
	char		 answer[CAPTCHA_LEN + 1], *tok;
	const char	*font;
	void		*png;
	size_t		 n;
	enum rc		 rc;

	vlog_purge(r, STMT_CAP_PURGE);
	if ((tok = sec_token(r->arena, h)) == NULL ||
	    captcha_answer(answer) == -1)
		return RC_ERROR;
	font = arena_printf(r->arena, "%s/" FONT_BOLD, r->cfg->fonts);
	if ((png = captcha_png(r->arena, answer, font, &n)) == NULL)
		return RC_ERROR;
	if ((rc = db_exec(r->db, r->arena, STMT_CAP_NEW, DB_ARGS(
	    DB_B(h, sizeof(h)), DB_S(answer)), NULL)) != RC_OK)
		return rc;
	resp_cookie(r, arena_printf(r->arena, "%s=%s; Path=/; %sHttpOnly; "
	    "SameSite=Strict", cap_cookie(r), tok, r->cfg->secure ?
	    "Secure; " : ""));
	return resp_send(r, 200, "image/png", png, n);
}

/*
 * Take the caller's CAPTCHA (it is gone afterwards, right or wrong) and
 * check the typed answer.  Returns RC_OK when it matches, RC_DENIED when
 * not, or a database failure.
 */
static enum rc
captcha_take(struct req *r, const char *typed)
{
	struct dbq	*q;
	unsigned char	 h[32];
	const char	*tok, *answer = NULL;
	enum rc		 rc;
	int		 row;

	tok = form_cookie(r->arena, r->cookie, cap_cookie(r));
	if (tok == NULL || strlen(tok) != 64)
		return RC_DENIED;
	sec_sha256(tok, 64, h);
	if ((q = db_run(r->db, r->arena, &rc, STMT_CAP_TAKE,
	    DB_ARGS(DB_B(h, sizeof(h))))) == NULL)
		return rc;
	if ((row = db_next(q, DB_OUT(DB_OS(&answer)))) == -1)
		return RC_ERROR;
	return row == 1 && captcha_match(answer, typed) ? RC_OK : RC_DENIED;
}

/*
 * The status as the public sees it: confirmed (有效), revoked (已撤销,
 * its public reason beside it) or replaced (已被替换, the new number).
 */
static void
ver_status(struct req *r, const char *status)
{
	enum cert_state	 s = cert_parse(status);

	tmpl_set(r, "Cert.Status", status);
	tmpl_set(r, "Cert.StatusLabel", s == CERT_CONFIRMED ? "有效" :
	    cert_label(s));
}

/*
 * The result page of published certificate cert's columns, with its
 * watermarked thumbnail: the page is the only place its URL is given.
 */
static enum rc
ver_result(struct req *r, const char *const *c, int64_t cert)
{
	static const char *const names[PC__MAX] = { "Cert.Number",
	    "Cert.Status", "Cert.IssuedOn", "Cert.Name", "Cert.IdMask",
	    "Cert.CertName", "Cert.Level", "Cert.Org", "Cert.Inst", "Cert.Plan",
	    "Cert.RevokeReason", "Cert.RevokedOn", "Cert.ReplacedBy",
	    "Cert.Replaces", "Cert.ReplacedByQr", "Cert.ReplacesQr" };
	size_t	 k;

	/* Empty columns stay unset (the page tests them, unset is empty). */
	for (k = 0; k < PC__MAX; k++)
		if (k != PC_NAME && k != PC_STATUS && *c[k] != '\0')
			tmpl_set(r, names[k], c[k]);
	tmpl_set(r, "Cert.Name", valid_mask_name(r->arena, c[PC_NAME]));
	ver_status(r, c[PC_STATUS]);
	tmpl_set(r, "Cert.Thumb", thumb_url(r, cert, c[PC_NUMBER],
	    c[PC_STATUS], thumb_day(0)));
	r->personal = 1;
	return tmpl_page(r, 200, "verification/result.cs", "证书查询结果");
}

/* Count a failure of the address (and of the number, when given). */
static enum rc
count_fail(struct req *r, const unsigned char *hip, const unsigned char *hno)
{
	vlog_purge(r, STMT_THR_PURGE);
	if (hno == NULL)
		return db_exec(r->db, r->arena, STMT_FAIL_IP,
		    DB_ARGS(DB_B(hip, 32)), NULL);
	return db_exec(r->db, r->arena, STMT_FAIL_BOTH,
	    DB_ARGS(DB_B(hip, 32), DB_B(hno, 32)), NULL);
}

/*
 * POST /verify: the ID number travels in the body, never in a URL, and
 * is compared by its blind index.  A mistyped number is caught by its
 * check digit before anything is looked up.  Then, in one round trip,
 * the address's failures, the number's lock and the match: 20 failures
 * from an address in 15 minutes are refused, from the 3rd on a CAPTCHA
 * must be answered; 20 against one number in an hour lock it for an
 * hour for everyone but its holder (logged in).  Unknown and mismatched
 * pairs get the same answer, byte for byte.
 */
enum rc
ver_lookup(struct req *r)
{
	struct fval	 v[VF__MAX];
	struct dbq	*q;
	const char	*c[PC__MAX], *number;
	unsigned char	 idx[32], hip[32], hno[32];
	char		 id[19];
	int64_t		 fails, locked, cert, holder;
	enum certno_err	 ce;
	enum rc		 rc;

	if ((rc = req_form(r, ver_fields, VF__MAX, v)) != RC_OK)
		return rc;
	number = valid_trim(r->arena, v[VF_NUMBER].val);
	if ((ce = certno_check(number)) != CERTNO_OK)
		return again(r, 400, ce == CERTNO_CHECK ? certno_message(ce) :
		    "证书编号应为23位数字", number, 0);
	if (idno_card(valid_trim(r->arena, v[VF_IDNO].val), id) != NULL)
		return again(r, 400, "身份证号格式不正确", number, 0);
	idno_index(r->cfg, id, idx);
	ver_thr_key(r, "ip", auth_ip_key(r), hip);
	ver_thr_key(r, "number", number, hno);
	if ((q = db_run(r->db, r->arena, &rc, STMT_CHECK,
	    DB_ARGS(DB_B(hip, 32), DB_B(hno, 32), DB_S(number),
	    DB_B(idx, sizeof(idx))))) == NULL)
		return rc;
	if (db_next(q, DB_OUT(DB_OI(&fails), DB_OI(&locked), DB_OI(&cert),
	    DB_OI(&holder), DB_OS(&c[0]), DB_OS(&c[1]), DB_OS(&c[2]),
	    DB_OS(&c[3]), DB_OS(&c[4]), DB_OS(&c[5]), DB_OS(&c[6]),
	    DB_OS(&c[7]), DB_OS(&c[8]), DB_OS(&c[9]), DB_OS(&c[10]),
	    DB_OS(&c[11]), DB_OS(&c[12]), DB_OS(&c[13]), DB_OS(&c[14]),
	    DB_OS(&c[15]))) != 1)
		return RC_ERROR;
	if (fails >= VERIFY_MISSES) {
		vlog_add(r, number, 0, "idno", "throttled");
		return again(r, 429, "查询失败次数过多，请15分钟后再试", NULL, 0);
	}
	if (fails >= VERIFY_CAPTCHA_AFTER) {
		rc = captcha_take(r, v[VF_CAPTCHA].val);
		if (rc == RC_DENIED) {
			if ((rc = count_fail(r, hip, NULL)) != RC_OK)
				return rc;
			vlog_add(r, number, 0, "idno", "captcha");
			return again(r, 400, v[VF_CAPTCHA].present &&
			    *v[VF_CAPTCHA].val != '\0' ?
			    "验证码不正确或已失效，请按新图片重新输入" :
			    "请输入图片中的验证码", number, 1);
		}
		if (rc != RC_OK)
			return rc;
	}
	/* A locked number: only its holder, logged in, gets through. */
	if (locked && !(cert != 0 && r->sess.role == ROLE_STUDENT &&
	    holder != 0 && holder == r->sess.account_id)) {
		vlog_add(r, number, 0, "idno", "locked");
		return again(r, 429, "该证书编号近1小时查询失败次数过多，已暂停"
		    "查询1小时；持证人登录学生个人空间后仍可查询", NULL,
		    fails + 1 >= VERIFY_CAPTCHA_AFTER);
	}
	if (cert == 0) {
		if ((rc = count_fail(r, hip, hno)) != RC_OK)
			return rc;
		vlog_add(r, number, 0, "idno", "nomatch");
		return again(r, 404, NO_MATCH, NULL,
		    fails + 1 >= VERIFY_CAPTCHA_AFTER);
	}
	vlog_add(r, number, cert, "idno", "ok");
	return ver_result(r, c, cert);
}

/* A QR payload's page when its signature or content fails. */
static enum rc
qr_refuse(struct req *r, int status, const char *why)
{
	tmpl_set(r, "Qr.Error", why);
	return tmpl_page(r, status, "verification/qr.cs", "二维码验证");
}

/*
 * GET /verify/q/<payload>: the signature first, with the published
 * public keys alone: a forged, altered or truncated payload is refused
 * before any database access (and logged here only).  Then the
 * certificate's live status, which must still hold the signed content.
 */
enum rc
ver_qr(struct req *r)
{
	struct qrpay	 p;
	enum qrpay_err	 e;
	const char	*c[PC__MAX], *sha;
	char		 hex[65];
	int64_t		 cert;
	int		 row;
	struct dbq	*q;
	enum rc		 rc;

	if (r->app->qr == NULL)
		return RC_ERROR;
	if ((e = qrpay_verify(r->app->qr, r->path + strlen("/verify/q/"),
	    &p)) != QRPAY_OK) {
		log_info("qr payload refused: %s", qrpay_message(e));
		return qr_refuse(r, 400, qrpay_message(e));
	}
	tmpl_seti(r, "Qr.Kid", p.kid);
	tmpl_set(r, "Qr.IssuedOn", p.issued);
	if ((q = db_run(r->db, r->arena, &rc, STMT_QR_CERT,
	    DB_ARGS(DB_S(p.number)))) == NULL)
		return rc;
	if ((row = db_next(q, DB_OUT(DB_OI(&cert), DB_OS(&sha),
	    DB_OS(&c[0]), DB_OS(&c[1]), DB_OS(&c[2]), DB_OS(&c[3]),
	    DB_OS(&c[4]), DB_OS(&c[5]), DB_OS(&c[6]), DB_OS(&c[7]),
	    DB_OS(&c[8]), DB_OS(&c[9]), DB_OS(&c[10]), DB_OS(&c[11]),
	    DB_OS(&c[12]), DB_OS(&c[13]), DB_OS(&c[14]),
	    DB_OS(&c[15])))) == -1)
		return RC_ERROR;
	sec_hex(p.sha, sizeof(p.sha), hex);
	hex[64] = '\0';
	if (row == 0 || strcmp(sha, hex) != 0 || strcmp(c[PC_ISSUED],
	    p.issued) != 0) {
		/* Signed by us, yet no published certificate holds it. */
		log_warnx("qr payload for %s (key %u) signed but matches no "
		    "published certificate", p.number, p.kid);
		vlog_add(r, p.number, cert, "qr", "content");
		return qr_refuse(r, 404, "二维码签名有效，但平台上没有与之相符的"
		    "已签发证书，请联系发证机构");
	}
	vlog_add(r, p.number, cert, "qr", "ok");
	tmpl_set(r, "Cert.ViaQr", "1");
	return ver_result(r, c, cert);
}

/* Append s to b as the inside of a JSON string (PEM: newlines only). */
static void
json_str(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\n')
			buf_puts(b, "\\n");
		else if (*s == '"' || *s == '\\')
			buf_printf(b, "\\%c", *s);
		else
			buf_add(b, s, 1);
}

/*
 * GET /verify/keys: the public keys that verify QR payloads, by key id,
 * as JSON: PEM (SubjectPublicKeyInfo) and the raw 32 bytes in base64.
 * Every key ever used stays listed (rotation, README).
 */
enum rc
ver_keys(struct req *r)
{
	struct buf	 b;
	const char	*pem, *raw;
	unsigned int	 kid;
	int		 n = 0;

	if (r->app->qr == NULL)
		return RC_ERROR;
	buf_init(&b, r->arena);
	buf_printf(&b, "{\"format\":\"%s/verify/q/<payload>: RFC 4648 base32 "
	    "(upper case, no padding) of 110 bytes: version 1, key id, "
	    "certificate number (2 x 40 bits), issue date (days since "
	    "2000-01-01, 16 bits), SHA-256 of the canonical content, "
	    "Ed25519 signature over the first 46 bytes\",\"keys\":[",
	    r->cfg->base_url);
	for (kid = 1; kid < QRPAY_KIDS; kid++) {
		if ((pem = qrkeys_pem(r->arena, r->app->qr, kid)) == NULL ||
		    (raw = qrkeys_b64(r->arena, r->app->qr, kid)) == NULL)
			continue;
		buf_printf(&b, "%s{\"kid\":%u,\"alg\":\"Ed25519\",\"pem\":\"",
		    n++ > 0 ? "," : "", kid);
		json_str(&b, pem);
		buf_printf(&b, "\",\"raw\":\"%s\"}", raw);
	}
	buf_puts(&b, "]}\n");
	r->cache = "public, max-age=3600";
	return resp_send(r, 200, "application/json", b.p, b.len);
}
