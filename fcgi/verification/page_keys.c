/*
 * page_keys.c: the platform admin issues employers' API keys (shown
 * once, stored as SHA-256), sees each key's use and revokes keys.
 * These pages live in the verification area, the only reader of the
 * keys: no other responder holds a right on api_key.
 */
#include <string.h>

#include "app.h"
#include "verification.h"

#define KEY_RATE_DEFAULT	60
#define KEY_RATE_MAX		6000

enum { KF_EMPLOYER, KF_CONTACT, KF_RATE, KF__MAX };
static const struct field key_fields[KF__MAX] = {
	{ "employer", FT_TEXT, 400 },	/* KF_EMPLOYER */
	{ "contact", FT_TEXT, 400 },	/* KF_CONTACT */
	{ "per_minute", FT_TEXT, 16 },	/* KF_RATE */
};

static enum rc
keys_page(struct req *r, int status, const char *err)
{
	static const char *const cols[] = { "Id", "Employer", "Contact",
	    "Prefix", "Rate", "Created", "Revoked", "Uses", "LastUse" };
	struct dbq	*q;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_EMP_KEY_LIST,
	    DB_NOARGS)) == NULL)
		return rc;
	if (tmpl_rows(r, q, "Keys", cols, nitems(cols)) == -1)
		return RC_ERROR;
	if (err != NULL)
		tmpl_set(r, "Form.Error", err);
	tmpl_seti(r, "Key.DefaultRate", KEY_RATE_DEFAULT);
	return tmpl_page(r, status, "verification/keys.cs", "用人单位 API 密钥");
}

/* GET /verify/apikeys: every key, its use, the form for a new one. */
enum rc
emp_keys(struct req *r)
{
	return keys_page(r, 200, NULL);
}

struct	key_tx {
	struct req	*r;
	const char	*employer, *contact, *prefix;
	unsigned char	 hash[32];
	int64_t		 rate, id;
};

static enum rc
key_create_act(void *arg)
{
	struct key_tx	*t = arg;
	struct dbres	 res;
	enum rc		 rc;

	if ((rc = db_exec(t->r->db, t->r->arena, STMT_EMP_KEY_ADD,
	    DB_ARGS(DB_S(t->employer), DB_S(t->contact), DB_S(t->prefix),
	    DB_B(t->hash, sizeof(t->hash)), DB_I(t->rate),
	    DB_I(t->r->sess.account_id)), &res)) != RC_OK)
		return rc;
	t->id = res.insert_id;
	return audit_add(t->r, "api_key.create", "api_key", t->id,
	    t->employer);
}

/* POST /verify/apikeys: a new key, shown this once. */
enum rc
emp_key_create(struct req *r)
{
	struct fval	 v[KF__MAX];
	struct key_tx	 t;
	char		*hex;
	enum rc		 rc;

	if ((rc = req_form(r, key_fields, KF__MAX, v)) != RC_OK)
		return rc;
	tmpl_form(r, key_fields, KF__MAX, v);
	memset(&t, 0, sizeof(t));
	t.r = r;
	if ((t.employer = valid_text(r->arena, &v[KF_EMPLOYER], 2, 100)) == NULL)
		return keys_page(r, 400, "用人单位名称应为2至100个字符");
	if ((t.contact = valid_text(r->arena, &v[KF_CONTACT], 2, 100)) == NULL)
		return keys_page(r, 400, "联系人及联系方式应为2至100个字符");
	t.rate = KEY_RATE_DEFAULT;
	if (v[KF_RATE].present && *valid_trim(r->arena, v[KF_RATE].val) != '\0' &&
	    valid_int(valid_trim(r->arena, v[KF_RATE].val), 1, KEY_RATE_MAX,
	    &t.rate) == -1)
		return keys_page(r, 400, "每分钟请求上限应为1至6000之间的整数");
	if ((hex = sec_token(r->arena, t.hash)) == NULL)
		return RC_ERROR;
	t.prefix = arena_strndup(r->arena, hex, 8);
	if ((rc = db_tx(r->db, key_create_act, &t)) != RC_OK)
		return rc;
	tmpl_set(r, "Key.Employer", t.employer);
	tmpl_set(r, "Key.Secret", arena_printf(r->arena, "xck_%s", hex));
	return tmpl_page(r, 200, "verification/key_new.cs", "API 密钥");
}

struct	revoke_tx {
	struct req	*r;
	int64_t		 id;
};

static enum rc
key_revoke_act(void *arg)
{
	struct revoke_tx *t = arg;
	struct dbres	 res;
	enum rc		 rc;

	if ((rc = db_exec(t->r->db, t->r->arena, STMT_EMP_KEY_REVOKE,
	    DB_ARGS(DB_I(t->id)), &res)) != RC_OK)
		return rc;
	if (res.affected == 0)	/* unknown, or revoked already */
		return RC_NOTFOUND;
	return audit_add(t->r, "api_key.revoke", "api_key", t->id, "");
}

/* POST /verify/apikeys/#/revoke: the key stops working at once. */
enum rc
emp_key_revoke(struct req *r)
{
	struct revoke_tx t = { r, r->arg[0] };
	enum rc		 rc;

	if ((rc = db_tx(r->db, key_revoke_act, &t)) != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_SAVED, "/verify/apikeys");
}
