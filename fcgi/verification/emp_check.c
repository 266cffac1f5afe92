/*
 * emp_check.c: one employer's check (certificate number + ID number, or
 * a share code), its log row for the holder, and the rate counters.
 * Shared by the JSON API, the batch and the share-code page.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "certno.h"
#include "idno.h"
#include "thumb.h"
#include "verification.h"

/*
 * Share codes use Crockford's base32 alphabet (no I, L, O, U): 12
 * characters are 60 random bits; the holder may type them in lower case,
 * with spaces or dashes, and O, I, L as 0, 1, 1.
 */
static const char code_alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

const char *
emp_verdict_key(enum emp_verdict v)
{
	static const char *const key[EV__MAX] = { "valid", "revoked",
	    "replaced", "not_found", "malformed", "locked" };

	return v < EV__MAX ? key[v] : "";
}

const char *
emp_verdict_label(enum emp_verdict v)
{
	static const char *const label[EV__MAX] = { "有效", "已撤销",
	    "已被替换", "未查到", "格式错误", "已暂停查询" };

	return v < EV__MAX ? label[v] : "";
}

/* The length in bytes of the UTF-8 sequence that starts with c. */
static size_t
u8len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		return 2;
	if ((c & 0xf0) == 0xe0)
		return 3;
	return 4;
}

/*
 * The holder's name as an employer sees it: the first and the last
 * character kept, each one between as "*" (张*三, 欧**锋); a name of two
 * characters keeps its first (张*).  Returns it arena-owned.
 */
char *
emp_mask_name(struct arena *a, const char *name)
{
	struct buf	 b;
	size_t		 n, i, len, last = 0, nch = 0;

	len = strlen(name);
	for (i = 0; i < len; i += u8len((unsigned char)name[i])) {
		last = i;
		nch++;
	}
	buf_init(&b, a);
	if (nch == 0)
		return arena_strdup(a, "");
	n = u8len((unsigned char)name[0]);
	buf_add(&b, name, n > len ? len : n);
	for (i = 1; i + 1 < nch; i++)
		buf_puts(&b, "*");
	if (nch == 2)
		buf_puts(&b, "*");
	else if (nch > 2)
		buf_puts(&b, name + last);
	buf_add(&b, "", 1);
	return b.p;
}

/*
 * Normalise a typed share code into out (12 characters of code_alpha).
 * Returns 0, or -1 when it is not the shape of a share code.
 */
int
emp_code_norm(const char *in, char out[EMP_CODE_LEN + 1])
{
	size_t	 n = 0;
	int	 c;

	for (; in != NULL && *in != '\0'; in++) {
		c = toupper((unsigned char)*in);
		if (c == ' ' || c == '-')
			continue;
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		if (strchr(code_alpha, c) == NULL || c == '\0' ||
		    n == EMP_CODE_LEN)
			return -1;
		out[n++] = (char)c;
	}
	out[n] = '\0';
	return n == EMP_CODE_LEN ? 0 : -1;
}

static enum rc
malformed(struct emp_result *res, const char *why)
{
	res->verdict = EV_MALFORMED;
	res->reason = why;
	return RC_OK;
}

/* The counter keys of an address and of a number (verify_throttle). */
void
ver_thr_key(struct req *r, const char *kind, const char *what,
    unsigned char h[32])
{
	const char	*s = arena_printf(r->arena, "%s:%s", kind, what);

	sec_sha256(s, strlen(s), h);
}

/*
 * Before a check by number + ID number: the public page's counters
 * (verify_throttle, page_verify.c), so that no caller gets more guesses
 * at a number here than there.  A locked number is *locked for everyone
 * (keyed or not).  An anonymous caller cannot answer the page's CAPTCHA:
 * from the address's 3rd failure in 15 minutes it is refused
 * (RC_THROTTLED) until then, or until it uses the page or a key.
 * Returns RC_OK, RC_THROTTLED or a database failure.
 */
static enum rc
pair_guard(struct req *r, int64_t key, const unsigned char *hip,
    const unsigned char *hno, int *locked)
{
	int64_t	 fails, lk;
	enum rc	 rc;

	if ((rc = db_row(r->db, r->arena, STMT_THR_STATE, DB_ARGS(
	    DB_B(hip, 32), DB_B(hno, 32)), DB_OUT(DB_OI(&fails),
	    DB_OI(&lk)))) != RC_OK)
		return rc;
	*locked = lk != 0;
	return key == 0 && fails >= VERIFY_CAPTCHA_AFTER ? RC_THROTTLED :
	    RC_OK;
}

/*
 * A miss by number + ID number, counted as the page counts it: the
 * number's hour for everyone, the address's 15 minutes for anonymous
 * callers (a key has its own rate).
 */
static enum rc
pair_miss(struct req *r, int64_t key, const unsigned char *hip,
    const unsigned char *hno)
{
	vlog_purge(r, STMT_THR_PURGE);
	if (key != 0)
		return db_exec(r->db, r->arena, STMT_FAIL_NUMBER,
		    DB_ARGS(DB_B(hno, 32)), NULL);
	return db_exec(r->db, r->arena, STMT_FAIL_BOTH,
	    DB_ARGS(DB_B(hip, 32), DB_B(hno, 32)), NULL);
}

/*
 * Check one certificate for key (0: anonymous): by number and ID number
 * (idno), or by share code (code, when not NULL or empty; a number
 * given beside it must be the code's).  Fills res; a malformed input
 * and a locked number are verdicts, not errors.  Returns RC_OK,
 * RC_THROTTLED (an anonymous address past its failures: pair_guard())
 * or a database failure.
 */
enum rc
emp_check(struct req *r, int64_t api_key, const char *number,
    const char *idno, const char *code, struct emp_result *res)
{
	unsigned char	 hip[32], hno[32];
	int		 locked;
	unsigned char	 key[32];
	char		 id[19], norm[EMP_CODE_LEN + 1];
	const char	*why;
	enum certno_err	 ce;
	enum rc		 rc;
	int		 row;

	memset(res, 0, sizeof(*res));
	res->verdict = EV_NOTFOUND;
	number = number != NULL ? valid_trim(r->arena, number) : "";
	if (code != NULL && *code != '\0') {
		res->by_code = 1;
		if (emp_code_norm(code, norm) == -1)
			return malformed(res, "分享码应为12位字母或数字");
		if (*number != '\0' && certno_check(number) != CERTNO_OK)
			return malformed(res, certno_message(certno_check(number)));
		sec_sha256(norm, EMP_CODE_LEN, key);
		rc = db_row(r->db, r->arena, STMT_EMP_BY_CODE,
		    DB_ARGS(DB_B(key, sizeof(key))), DB_OUT(DB_OI(&res->cert_id),
		    DB_OS(&res->number), DB_OS(&res->status),
		    DB_OS(&res->issued_on), DB_OS(&res->name),
		    DB_OS(&res->id_mask), DB_OS(&res->cert_name),
		    DB_OS(&res->level), DB_OS(&res->org), DB_OS(&res->inst),
		    DB_OS(&res->plan), DB_OI(&res->share_id)));
		/* A code for another certificate than the number typed. */
		if (rc == RC_OK && *number != '\0' &&
		    strcmp(number, res->number) != 0)
			rc = RC_NOTFOUND;
	} else {
		if (*number == '\0')
			return malformed(res, "缺少证书编号");
		if ((ce = certno_check(number)) != CERTNO_OK)
			return malformed(res, certno_message(ce));
		if (idno == NULL || *idno == '\0')
			return malformed(res, "缺少身份证号或分享码");
		if ((why = idno_card(valid_trim(r->arena, idno), id)) != NULL)
			return malformed(res, why);
		idno_index(r->cfg, id, key);
		ver_thr_key(r, "ip", auth_ip_key(r), hip);
		ver_thr_key(r, "number", number, hno);
		if ((rc = pair_guard(r, api_key, hip, hno, &locked)) != RC_OK)
			return rc;
		if (locked) {
			res->verdict = EV_LOCKED;
			res->reason = "该证书编号近1小时查询失败次数过多，已暂停查询1小时";
			return RC_OK;
		}
		rc = db_row(r->db, r->arena, STMT_EMP_BY_PAIR,
		    DB_ARGS(DB_S(number), DB_B(key, sizeof(key))),
		    DB_OUT(DB_OI(&res->cert_id), DB_OS(&res->number),
		    DB_OS(&res->status), DB_OS(&res->issued_on),
		    DB_OS(&res->name), DB_OS(&res->id_mask),
		    DB_OS(&res->cert_name), DB_OS(&res->level),
		    DB_OS(&res->org), DB_OS(&res->inst), DB_OS(&res->plan),
		    DB_OI(&res->share_id)));
		if (rc == RC_NOTFOUND &&
		    (rc = pair_miss(r, api_key, hip, hno)) == RC_OK)
			rc = RC_NOTFOUND;
	}
	if (rc == RC_NOTFOUND) {
		/* Nothing of a failed check is shown, not even its number. */
		memset(res, 0, sizeof(*res));
		res->verdict = EV_NOTFOUND;
		res->by_code = code != NULL && *code != '\0';
		return RC_OK;
	}
	if (rc != RC_OK)
		return rc;
	res->name = emp_mask_name(r->arena, res->name);
	row = strcmp(res->status, "revoked") == 0 ? EV_REVOKED :
	    strcmp(res->status, "replaced") == 0 ? EV_REPLACED : EV_VALID;
	res->verdict = (enum emp_verdict)row;
	return RC_OK;
}

/*
 * Log a check that reached a certificate, for its holder: how and by
 * whom (key 0: 公开查询), never the caller's address.
 */
enum rc
emp_logged(struct req *r, const struct emp_result *res,
    enum emp_channel ch, int64_t key)
{
	static const char *const chan[] = { "api", "batch", "page" };

	if (res->cert_id == 0)
		return RC_OK;
	return db_exec(r->db, r->arena, STMT_EMP_USE_ADD,
	    DB_ARGS(DB_I(res->cert_id), DB_S(res->by_code ? "share" : "idno"),
	    DB_S(chan[ch]), DB_N(res->share_id), DB_N(key)), NULL);
}

/*
 * Count one request in bucket (e.g. "key:12", "ip:1.2.3.4") for this
 * minute, in the database so that every process and host shares it.
 * Returns RC_OK, RC_THROTTLED past limit, or a database failure.
 */
enum rc
emp_rate(struct req *r, const char *bucket, int64_t limit)
{
	struct dbres	 res;
	unsigned char	 h[32];
	enum rc		 rc;

	sec_sha256(bucket, strlen(bucket), h);
	if ((rc = db_exec(r->db, r->arena, STMT_EMP_RATE_HIT,
	    DB_ARGS(DB_B(h, sizeof(h))), &res)) != RC_OK)
		return rc;
	/* A new minute's first hit: sweep some old counters. */
	if (res.insert_id == 0)
		(void)db_exec(r->db, r->arena, STMT_EMP_RATE_PURGE, DB_NOARGS,
		    NULL);
	return (res.insert_id == 0 ? 1 : res.insert_id) > limit ?
	    RC_THROTTLED : RC_OK;
}

/* The result page's fields (verification/result.cs) of a found check. */
void
emp_result_hdf(struct req *r, const struct emp_result *res)
{
	tmpl_set(r, "Cert.Number", res->number);
	tmpl_set(r, "Cert.Status", res->status);
	tmpl_set(r, "Cert.IssuedOn", res->issued_on);
	tmpl_set(r, "Cert.Name", res->name);
	tmpl_set(r, "Cert.IdMask", res->id_mask);
	tmpl_set(r, "Cert.CertName", res->cert_name);
	tmpl_set(r, "Cert.Level", res->level);
	tmpl_set(r, "Cert.Org", res->org);
	tmpl_set(r, "Cert.Inst", res->inst);
	tmpl_set(r, "Cert.Plan", res->plan);
	tmpl_set(r, "Cert.StatusLabel", emp_verdict_label(res->verdict));
	tmpl_set(r, "Cert.Thumb", thumb_url(r, res->cert_id, res->number,
	    res->status, thumb_day(0)));
}

/*
 * A new share code: 12 characters (60 random bits) into out.  Returns 0,
 * or -1 when no randomness could be had.
 */
int
emp_code_new(char out[EMP_CODE_LEN + 1])
{
	unsigned char	 raw[8];
	uint64_t	 bits = 0;
	size_t		 i;

	if (sec_random(raw, sizeof(raw)) == -1)
		return -1;
	for (i = 0; i < sizeof(raw); i++)
		bits = bits << 8 | raw[i];
	for (i = 0; i < EMP_CODE_LEN; i++, bits >>= 5)
		out[i] = code_alpha[bits & 31];
	out[EMP_CODE_LEN] = '\0';
	return 0;
}
