/* page_admin.c: the platform admin's organisations, catalogues and institutions. */
#include <string.h>

#include "app.h"
#include "institution.h"

enum { OF_CODE, OF_NAME, OF__MAX };
static const struct field org_fields[OF__MAX] = {
	{ "code", FT_TEXT, 64 },	/* OF_CODE */
	{ "name", FT_TEXT, 400 },	/* OF_NAME */
};

enum { TF_NAME, TF_LEVEL, TF__MAX };
static const struct field type_fields[TF__MAX] = {
	{ "name", FT_TEXT, 400 },	/* TF_NAME */
	{ "level", FT_TEXT, 16 },	/* TF_LEVEL */
};

enum { SF_LOGIN, SF_NAME, SF__MAX };
static const struct field staff_fields[SF__MAX] = {
	{ "login", FT_TEXT, 64 },	/* SF_LOGIN */
	{ "display_name", FT_TEXT, 200 },	/* SF_NAME */
};

enum { IF_CODE, IF_NAME, IF_REGION, IF_PNAME, IF__MAX };
static const struct field inst_fields[IF__MAX] = {
	{ "code", FT_TEXT, 40 },	/* IF_CODE */
	{ "name", FT_TEXT, 400 },	/* IF_NAME */
	{ "region", FT_TEXT, 200 },	/* IF_REGION */
	{ "principal_name", FT_TEXT, 200 },	/* IF_PNAME */
};

static enum rc
org_list(struct req *r, int status, const char *err)
{
	static const char *const cols[] = { "Id", "Code", "Name", "Types",
	    "Staff" };
	struct dbq	*q;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_ORG_LIST,
	    DB_NOARGS)) == NULL)
		return rc;
	if (tmpl_rows(r, q, "Orgs", cols, nitems(cols)) == -1)
		return RC_ERROR;
	tmpl_set(r, "Form.Error", err);
	return tmpl_page(r, status, "institution/orgs.cs", "培训评价组织");
}

/* GET /admin/orgs */
enum rc
inst_orgs(struct req *r)
{
	return org_list(r, 200, NULL);
}

struct	org_tx {
	struct req	*r;
	int64_t		 id;
	const char	*code, *name;
};

static enum rc
org_create_act(void *arg)
{
	struct dbres	 res;
	struct org_tx	*t = arg;
	enum rc		 rc;

	if ((rc = db_exec(t->r->db, t->r->arena, STMT_ORG_INSERT,
	    DB_ARGS(DB_S(t->code), DB_S(t->name)), &res)) != RC_OK)
		return rc;
	t->id = res.insert_id;
	return audit_add(t->r, "organisation.create", "organisation", t->id,
	    t->code);
}

static const char *
org_from_form(struct req *r, struct fval *v, struct org_tx *t)
{
	t->r = r;
	t->code = valid_trim(r->arena, v[OF_CODE].val);
	if (!valid_code(t->code))
		return "机构代码应为2至32位字母、数字、下划线或连字符";
	if ((t->name = valid_text(r->arena, &v[OF_NAME], 2, 100)) == NULL)
		return "机构名称应为2至100个字符";
	return NULL;
}

/* POST /admin/orgs: create a training evaluation organisation. */
enum rc
inst_org_create(struct req *r)
{
	struct fval	 v[OF__MAX];
	struct org_tx	 t;
	const char	*err;
	enum rc		 rc;

	if ((rc = req_form(r, org_fields, OF__MAX, v)) != RC_OK)
		return rc;
	tmpl_form(r, org_fields, OF__MAX, v);
	if ((err = org_from_form(r, v, &t)) != NULL)
		return org_list(r, 400, err);
	if ((rc = db_tx(r->db, org_create_act, &t)) == RC_CONFLICT)
		return org_list(r, 409, "机构代码或名称已存在");
	if (rc != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_CREATED, "/admin/orgs/%lld",
	    (long long)t.id);
}

static enum rc
org_page(struct req *r, int64_t id, int status, const char *err)
{
	static const char *const type_cols[] = { "Id", "Name", "Level" };
	static const char *const staff_cols[] = { "Id", "Login", "Name",
	    "Disabled" };
	struct dbq	*q;
	const char	*code, *name;
	int64_t		 oid;
	enum rc		 rc;

	if ((rc = db_row(r->db, r->arena, STMT_ORG_GET, DB_ARGS(DB_I(id)),
	    DB_OUT(DB_OI(&oid), DB_OS(&code), DB_OS(&name)))) != RC_OK)
		return rc;
	tmpl_seti(r, "Org.Id", oid);
	tmpl_set(r, "Org.Code", code);
	tmpl_set(r, "Org.Name", name);
	if ((q = db_run(r->db, r->arena, &rc, STMT_TYPE_LIST,
	    DB_ARGS(DB_I(id)))) == NULL)
		return rc;
	if (tmpl_rows(r, q, "Types", type_cols, nitems(type_cols)) == -1)
		return RC_ERROR;
	if ((q = db_run(r->db, r->arena, &rc, STMT_ORGSTAFF_LIST,
	    DB_ARGS(DB_I(id)))) == NULL)
		return rc;
	if (tmpl_rows(r, q, "Staff", staff_cols, nitems(staff_cols)) == -1)
		return RC_ERROR;
	tmpl_set(r, "Form.Error", err);
	return tmpl_page(r, status, "institution/org.cs", "培训评价组织");
}

/* GET /admin/orgs/#: details, certificate catalogue and staff. */
enum rc
inst_org_show(struct req *r)
{
	return org_page(r, r->arg[0], 200, NULL);
}

static enum rc
org_update_act(void *arg)
{
	struct dbres	 res;
	struct org_tx	*t = arg;
	enum rc		 rc;

	if ((rc = db_exec(t->r->db, t->r->arena, STMT_ORG_UPDATE,
	    DB_ARGS(DB_S(t->code), DB_S(t->name), DB_I(t->id)),
	    &res)) != RC_OK)
		return rc;
	if (res.affected == 0)
		return RC_NOTFOUND;	/* missing, or nothing changed */
	return audit_add(t->r, "organisation.update", "organisation", t->id,
	    t->code);
}

/* POST /admin/orgs/#: rename or re-code an organisation. */
enum rc
inst_org_update(struct req *r)
{
	struct fval	 v[OF__MAX];
	struct org_tx	 t;
	const char	*err;
	enum rc		 rc;

	if ((rc = req_form(r, org_fields, OF__MAX, v)) != RC_OK)
		return rc;
	if ((err = org_from_form(r, v, &t)) != NULL)
		return org_page(r, r->arg[0], 400, err);
	t.id = r->arg[0];
	if ((rc = db_tx(r->db, org_update_act, &t)) == RC_CONFLICT)
		return org_page(r, r->arg[0], 409, "机构代码或名称已存在");
	/* Nothing written: a missing organisation is 404, an unchanged one shown. */
	if (rc == RC_NOTFOUND)
		return org_page(r, t.id, 200, NULL);
	if (rc != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_SAVED, "/admin/orgs/%lld",
	    (long long)t.id);
}

struct	type_tx {
	struct req	*r;
	int64_t		 org;
	const char	*name, *level;
};

static enum rc
type_act(void *arg)
{
	struct dbres	 res;
	struct type_tx	*t = arg;
	enum rc		 rc;

	if ((rc = db_exec(t->r->db, t->r->arena, STMT_TYPE_INSERT,
	    DB_ARGS(DB_I(t->org), DB_S(t->name), DB_S(t->level)),
	    &res)) != RC_OK)
		return rc;
	return audit_add(t->r, "certificate_type.create", "certificate_type",
	    res.insert_id, t->level);
}

/* POST /admin/orgs/#/types: add a certificate to the catalogue. */
enum rc
inst_type_create(struct req *r)
{
	struct fval	 v[TF__MAX];
	struct type_tx	 t;
	enum rc		 rc;

	if ((rc = req_form(r, type_fields, TF__MAX, v)) != RC_OK)
		return rc;
	t.r = r;
	t.org = r->arg[0];
	t.level = v[TF_LEVEL].val;
	if ((t.name = valid_text(r->arena, &v[TF_NAME], 2, 100)) == NULL)
		return org_page(r, t.org, 400, "证书名称应为2至100个字符");
	if (t.level == NULL || (strcmp(t.level, "初级") != 0 &&
	    strcmp(t.level, "中级") != 0 && strcmp(t.level, "高级") != 0))
		return org_page(r, t.org, 400, "请选择证书等级：初级、中级或高级");
	if ((rc = db_tx(r->db, type_act, &t)) == RC_CONFLICT)
		return org_page(r, t.org, 409, "该证书及等级已在目录中");
	if (rc != RC_OK)	/* a missing organisation: RC_NOTFOUND */
		return rc;
	return resp_redirect_ok(r, FLASH_CREATED, "/admin/orgs/%lld",
	    (long long)t.org);
}

struct	acct_tx {
	struct req	*r;
	const char	*login, *name, *role, *pw;
	int64_t		 org, inst;
	/* institution creation only */
	const char	*code, *iname, *region;
};

static enum rc
orgstaff_act(void *arg)
{
	struct acct_tx	*t = arg;

	return inst_account_new(t->r, t->login, t->name, "org", t->org, 0,
	    &t->pw);
}

/* Validate a new staff account's login and name into t. */
static const char *
staff_from_form(struct req *r, struct fval *v, struct acct_tx *t)
{
	t->r = r;
	return inst_staff_check(r, &v[SF_LOGIN], &v[SF_NAME], &t->login,
	    &t->name);
}

/* POST /admin/orgs/#/staff: an organisation staff account. */
enum rc
inst_orgstaff_create(struct req *r)
{
	struct fval	 v[SF__MAX];
	struct acct_tx	 t;
	const char	*err;
	enum rc		 rc;

	if ((rc = req_form(r, staff_fields, SF__MAX, v)) != RC_OK)
		return rc;
	if ((err = staff_from_form(r, v, &t)) != NULL)
		return org_page(r, r->arg[0], 400, err);
	t.org = r->arg[0];
	if ((rc = db_tx(r->db, orgstaff_act, &t)) == RC_CONFLICT)
		return org_page(r, t.org, 409, "该登录账号已被使用");
	if (rc != RC_OK)
		return rc;
	return inst_onetime(r, t.login, t.pw,
	    arena_printf(r->arena, "/admin/orgs/%lld", (long long)t.org));
}

static enum rc
inst_list(struct req *r, int status, const char *err)
{
	static const char *const cols[] = { "Id", "Code", "Name", "Region",
	    "Principal" };
	struct dbq	*q;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_INST_LIST,
	    DB_NOARGS)) == NULL)
		return rc;
	if (tmpl_rows(r, q, "Insts", cols, nitems(cols)) == -1)
		return RC_ERROR;
	tmpl_set(r, "Form.Error", err);
	return tmpl_page(r, status, "institution/insts.cs", "试点院校");
}

/* GET /admin/institutions */
enum rc
inst_insts(struct req *r)
{
	return inst_list(r, 200, NULL);
}

static enum rc
inst_create_act(void *arg)
{
	struct dbres	 res;
	struct acct_tx	*t = arg;
	enum rc		 rc;

	if ((rc = db_exec(t->r->db, t->r->arena, STMT_INST_INSERT,
	    DB_ARGS(DB_S(t->code), DB_S(t->iname), DB_S(t->region)),
	    &res)) != RC_OK)
		return rc;
	t->inst = res.insert_id;
	if ((rc = audit_add(t->r, "institution.create", "institution",
	    t->inst, t->code)) != RC_OK)
		return rc;
	/* The single principal account is created with the institution. */
	return inst_account_new(t->r, t->login, t->name, "principal", 0,
	    t->inst, &t->pw);
}

/*
 * POST /admin/institutions: a pilot institution (also an assessment
 * site) and its one principal account, whose login is "p" + the code.
 */
enum rc
inst_inst_create(struct req *r)
{
	struct fval	 v[IF__MAX];
	struct acct_tx	 t;
	enum rc		 rc;

	if ((rc = req_form(r, inst_fields, IF__MAX, v)) != RC_OK)
		return rc;
	tmpl_form(r, inst_fields, IF__MAX, v);
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.code = valid_trim(r->arena, v[IF_CODE].val);
	if (!valid_inst_code(t.code))
		return inst_list(r, 400, "院校代码应为20位数字");
	if ((t.iname = valid_text(r->arena, &v[IF_NAME], 2, 100)) == NULL)
		return inst_list(r, 400, "院校名称应为2至100个字符");
	if ((t.region = valid_text(r->arena, &v[IF_REGION], 2, 60)) == NULL)
		return inst_list(r, 400, "所在地区应为2至60个字符");
	if ((t.name = valid_text(r->arena, &v[IF_PNAME], 2, 30)) == NULL)
		return inst_list(r, 400, "负责人姓名应为2至30个字符");
	t.login = arena_printf(r->arena, "p%s", t.code);
	if ((rc = db_tx(r->db, inst_create_act, &t)) == RC_CONFLICT)
		return inst_list(r, 409, "该院校代码已存在");
	if (rc != RC_OK)
		return rc;
	return inst_onetime(r, t.login, t.pw, arena_printf(r->arena,
	    "/admin/institutions/%lld", (long long)t.inst));
}

static enum rc
inst_page(struct req *r, int64_t id, int status, const char *err)
{
	const char	*code, *name, *region, *plogin, *pname;
	int64_t		 iid, pid;
	enum rc		 rc;

	if ((rc = db_row(r->db, r->arena, STMT_INST_GET, DB_ARGS(DB_I(id)),
	    DB_OUT(DB_OI(&iid), DB_OS(&code), DB_OS(&name), DB_OS(&region),
	    DB_OI(&pid), DB_OS(&plogin), DB_OS(&pname)))) != RC_OK)
		return rc;
	tmpl_seti(r, "Inst.Id", iid);
	tmpl_set(r, "Inst.Code", code);
	tmpl_set(r, "Inst.Name", name);
	tmpl_set(r, "Inst.Region", region);
	tmpl_set(r, "Inst.PrincipalLogin", plogin);
	tmpl_set(r, "Inst.PrincipalName", pname);
	tmpl_set(r, "Form.Error", err);
	return tmpl_page(r, status, "institution/inst.cs", "试点院校");
}

/* GET /admin/institutions/# */
enum rc
inst_inst_show(struct req *r)
{
	return inst_page(r, r->arg[0], 200, NULL);
}

static enum rc
inst_update_act(void *arg)
{
	struct dbres	 res;
	struct acct_tx	*t = arg;
	enum rc		 rc;

	if ((rc = db_exec(t->r->db, t->r->arena, STMT_INST_UPDATE,
	    DB_ARGS(DB_S(t->iname), DB_S(t->region), DB_I(t->inst)),
	    &res)) != RC_OK)
		return rc;
	if (res.affected == 0)
		return RC_NOTFOUND;
	return audit_add(t->r, "institution.update", "institution", t->inst,
	    "");
}

/* POST /admin/institutions/#: name and region (the code is permanent). */
enum rc
inst_inst_update(struct req *r)
{
	struct fval	 v[IF__MAX];
	struct acct_tx	 t;
	enum rc		 rc;

	if ((rc = req_form(r, inst_fields, IF__MAX, v)) != RC_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	t.r = r;
	t.inst = r->arg[0];
	if ((t.iname = valid_text(r->arena, &v[IF_NAME], 2, 100)) == NULL)
		return inst_page(r, t.inst, 400, "院校名称应为2至100个字符");
	if ((t.region = valid_text(r->arena, &v[IF_REGION], 2, 60)) == NULL)
		return inst_page(r, t.inst, 400, "所在地区应为2至60个字符");
	rc = db_tx(r->db, inst_update_act, &t);
	/* An unchanged row reports 0 affected: show it again all the same. */
	if (rc == RC_NOTFOUND)
		return inst_page(r, t.inst, 200, NULL);
	if (rc != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_SAVED, "/admin/institutions/%lld",
	    (long long)t.inst);
}

static enum rc
inst_reset_act(void *arg)
{
	struct dbres	 res;
	struct acct_tx	*t = arg;
	char		 hash[160];
	enum rc		 rc;

	if ((t->pw = sec_password(t->r->arena)) == NULL ||
	    sec_pw_hash(t->pw, hash, sizeof(hash)) == -1)
		return RC_ERROR;
	if ((rc = db_exec(t->r->db, t->r->arena, STMT_PRINCIPAL_RESET,
	    DB_ARGS(DB_S(hash), DB_I(t->inst)), &res)) != RC_OK)
		return rc;
	if (res.affected != 1)
		return RC_NOTFOUND;
	if ((rc = db_exec(t->r->db, t->r->arena, STMT_PRINCIPAL_SESS_DEL,
	    DB_ARGS(DB_I(t->inst)), NULL)) != RC_OK)
		return rc;
	return audit_add(t->r, "account.reset", "institution", t->inst,
	    "principal");
}

/* The principal's login of institution id (for the one-time page). */
static const char *
principal_login(struct req *r, int64_t id)
{
	struct dbq	*q;
	const char	*code, *name, *region, *login = NULL, *pname;
	int64_t		 iid, pid;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_INST_GET,
	    DB_ARGS(DB_I(id)))) == NULL ||
	    db_next(q, DB_OUT(DB_OI(&iid), DB_OS(&code), DB_OS(&name),
	    DB_OS(&region), DB_OI(&pid), DB_OS(&login),
	    DB_OS(&pname))) != 1 || login == NULL)
		return "试点院校负责人";
	return login;
}

/* POST /admin/institutions/#/reset: a new one-time password for the principal. */
enum rc
inst_inst_reset(struct req *r)
{
	struct acct_tx	 t;
	enum rc		 rc;

	memset(&t, 0, sizeof(t));
	t.r = r;
	t.inst = r->arg[0];
	if ((rc = db_tx(r->db, inst_reset_act, &t)) != RC_OK)
		return rc;
	return inst_onetime(r, principal_login(r, t.inst), t.pw,
	    arena_printf(r->arena,
	    "/admin/institutions/%lld", (long long)t.inst));
}

/* GET /org/catalogue: the caller's organisation's certificates. */
enum rc
inst_catalogue(struct req *r)
{
	return org_page(r, r->sess.org_id, 200, NULL);
}
