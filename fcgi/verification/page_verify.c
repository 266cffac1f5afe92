/* page_verify.c: public verification by certificate number + ID number. */
#include <ctype.h>
#include <string.h>

#include "app.h"
#include "cert.h"
#include "idno.h"
#include "verification.h"

/* Unmatched lookups allowed per address in 15 minutes. */
#define VERIFY_MISSES	20

enum { VF_NUMBER, VF_IDNO, VF__MAX };
static const struct field ver_fields[VF__MAX] = {
	{ "number", FT_TEXT, 64 },	/* VF_NUMBER */
	{ "idno", FT_TEXT, 64 },	/* VF_IDNO */
};

/* GET /verify: the public form. */
enum rc
ver_form(struct req *r)
{
	return tmpl_page(r, 200, "verification/verify.cs", "证书查询");
}

static int
cert_number_ok(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != 23)
		return 0;
	for (i = 0; i < 23; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

static enum rc
again(struct req *r, int status, const char *err, const char *number)
{
	tmpl_set(r, "Form.Error", err);
	tmpl_set(r, "Form.number", number);
	return tmpl_page(r, status, "verification/verify.cs", "证书查询");
}

/*
 * POST /verify: the ID number travels in the body, never in a URL, and
 * is compared by its blind index.  Unknown and mismatched pairs get the
 * same answer.
 */
enum rc
ver_lookup(struct req *r)
{
	static const char *const names[] = { "Number", "Status", "IssuedOn",
	    "Name", "IdMask", "CertName", "Level", "Org", "Inst", "Plan",
	    "RevokeReason", "RevokedOn", "ReplacedBy", "Replaces" };
	struct fval	 v[VF__MAX];
	struct dbq	*q;
	const char	*c[14], *number;
	unsigned char	 idx[32];
	char		 id[19];
	size_t		 k;
	int		 row;
	enum rc		 rc;

	if ((rc = req_form(r, ver_fields, VF__MAX, v)) != RC_OK)
		return rc;
	number = valid_trim(r->arena, v[VF_NUMBER].val);
	if (!cert_number_ok(number))
		return again(r, 400, "证书编号应为23位数字", number);
	if (idno_card(valid_trim(r->arena, v[VF_IDNO].val), id) != NULL)
		return again(r, 400, "身份证号格式不正确", number);
	/*
	 * An ID number has little entropy once the certificate number is
	 * known: unmatched lookups are limited per address.
	 */
	if ((rc = auth_ip_over(r, "verify", VERIFY_MISSES)) == RC_THROTTLED)
		return again(r, 429, "查询失败次数过多，请15分钟后再试", number);
	if (rc != RC_OK)
		return rc;
	idno_index(r->cfg, id, idx);
	if ((q = db_run(r->db, r->arena, &rc, STMT_LOOKUP,
	    DB_ARGS(DB_S(number), DB_B(idx, sizeof(idx))))) == NULL)
		return rc;
	if ((row = db_next(q, DB_OUT(DB_OS(&c[0]), DB_OS(&c[1]), DB_OS(&c[2]),
	    DB_OS(&c[3]), DB_OS(&c[4]), DB_OS(&c[5]), DB_OS(&c[6]),
	    DB_OS(&c[7]), DB_OS(&c[8]), DB_OS(&c[9]), DB_OS(&c[10]),
	    DB_OS(&c[11]), DB_OS(&c[12]), DB_OS(&c[13])))) == -1)
		return RC_ERROR;
	if (row == 0) {
		if ((rc = auth_ip_fail(r, "verify")) != RC_OK)
			return rc;
		return again(r, 404, "未查询到与该证书编号和身份证号相符的已签发证书",
		    number);
	}
	for (k = 0; k < nitems(names); k++)
		tmpl_setn(r, c[k], "Cert.%s", names[k]);
	tmpl_set(r, "Cert.StatusLabel", cert_label(cert_parse(c[1])));
	r->personal = 1;
	return tmpl_page(r, 200, "verification/result.cs", "证书查询结果");
}
