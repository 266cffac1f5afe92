/* page_edit.c: add, show and edit a student; the audited full-ID view. */
#include <inttypes.h>
#include <string.h>

#include "app.h"
#include "cert.h"
#include "idno.h"
#include "students.h"

enum {
	EF_NAME, EF_GENDER, EF_IDTYPE, EF_IDNO, EF_STYPE, EF_PHONE, EF_MAJOR,
	EF_CLASS, EF_VERSION, EF__MAX
};
static const struct field edit_fields[EF__MAX] = {
	{ "name", FT_TEXT, 200 },		/* EF_NAME */
	{ "gender", FT_TEXT, 8 },		/* EF_GENDER */
	{ "id_type", FT_TEXT, 64 },		/* EF_IDTYPE */
	{ "id_number", FT_TEXT, 64 },		/* EF_IDNO */
	{ "student_type", FT_TEXT, 32 },	/* EF_STYPE */
	{ "phone", FT_TEXT, 32 },		/* EF_PHONE */
	{ "major", FT_TEXT, 400 },		/* EF_MAJOR */
	{ "class_name", FT_TEXT, 400 },		/* EF_CLASS */
	{ "version", FT_TEXT, 12 },		/* EF_VERSION */
};

/*
 * What to say when a field arrives as invalid UTF-8, with control
 * characters or over its length (the form parser blanks such a value:
 * it must never be stored as if the field had been left empty).
 */
static const char *const edit_bad[EF__MAX] = {
	"姓名含有无效字符或过长",				/* EF_NAME */
	"请选择性别（男或女）",				/* EF_GENDER */
	"请选择证件类型",				/* EF_IDTYPE */
	"证件号码含有无效字符或过长",			/* EF_IDNO */
	"请选择学生类型（院校学生或社会学员）",		/* EF_STYPE */
	"手机号码应为11位数字",				/* EF_PHONE */
	"专业含有无效字符或超过60个字符",		/* EF_MAJOR */
	"班级含有无效字符或超过60个字符",		/* EF_CLASS */
	NULL,		/* EF_VERSION: checked by the caller */
};

/* The choice lists of the form. */
static void
choices(struct req *r)
{
	int	 i;

	for (i = 0; i < IDT__MAX; i++)
		tmpl_setn(r, idno_type_name((enum idtype)i), "IdTypes.%d", i);
}

static const char *
val(struct req *r, const struct fval *v)
{
	return v->present && !v->invalid ? valid_trim(r->arena, v->val) : "";
}

/* Read the form into in; returns the error message or NULL. */
static const char *
from_form(struct req *r, struct fval *v, struct student_in *in,
    const char **field)
{
	size_t	 i;

	for (i = 0; i < EF__MAX; i++)
		if (v[i].invalid && edit_bad[i] != NULL) {
			*field = edit_fields[i].name;
			return edit_bad[i];
		}
	memset(in, 0, sizeof(*in));
	in->name = val(r, &v[EF_NAME]);
	in->gender = val(r, &v[EF_GENDER]);
	in->student_type = val(r, &v[EF_STYPE]);
	in->phone = val(r, &v[EF_PHONE]);
	in->major = val(r, &v[EF_MAJOR]);
	in->class_name = val(r, &v[EF_CLASS]);
	return stud_check(r->arena, in, val(r, &v[EF_IDTYPE]),
	    val(r, &v[EF_IDNO]), field);
}

static enum rc
form_page(struct req *r, int status, const char *err, const char *field,
    int64_t id)
{
	choices(r);
	tmpl_set(r, "Form.Error", err);
	if (field != NULL)
		tmpl_setn(r, err, "Form.Err.%s", field);
	if (id != 0)
		tmpl_seti(r, "Student.Id", id);
	return tmpl_page(r, status, "students/edit.cs", id ? "编辑学生信息" :
	    "新增学生");
}

/* GET /students/new */
enum rc
stud_new_form(struct req *r)
{
	tmpl_set(r, "Form.id_type", "居民身份证");
	tmpl_set(r, "Form.student_type", "院校学生");
	return form_page(r, 200, NULL, NULL, 0);
}

struct	create_tx {
	struct req		*r;
	struct student_in	 in;
	int64_t			 id;
};

/*
 * Insert the student; when its ID number is registered at another
 * institution too (people study at two places), tell the staff of the
 * organisations whose plans hold those records, in the same transaction.
 */
static enum rc
create_act(void *arg)
{
	struct create_tx	*t = arg;
	enum rc			 rc;

	if ((rc = stud_insert(t->r, &t->in, &t->id)) != RC_OK)
		return rc;
	return db_exec(t->r->db, t->r->arena, STMT_DUP_NOTE,
	    DB_ARGS(DB_I(t->id)), NULL);
}

/* POST /students/new: into the caller's institution, audited. */
enum rc
stud_create(struct req *r)
{
	struct fval		 v[EF__MAX];
	struct create_tx	 t;
	const char		*err, *field;
	enum rc			 rc;

	if ((rc = req_form(r, edit_fields, EF__MAX, v)) != RC_OK)
		return rc;
	tmpl_form(r, edit_fields, EF__MAX, v);
	t.r = r;
	if ((err = from_form(r, v, &t.in, &field)) != NULL)
		return form_page(r, 400, err, field, 0);
	if ((rc = db_tx(r->db, create_act, &t)) == RC_CONFLICT)
		return form_page(r, 409, "本院校已登记该证件号码的学生",
		    "id_number", 0);
	if (rc != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_CREATED, "/students/%" PRId64, t.id);
}

static const char *const field_names[][2] = {
	{ "name", "姓名" }, { "gender", "性别" }, { "id_type", "证件类型" },
	{ "id_number", "证件号码" }, { "student_type", "学生类型" },
	{ "phone", "手机号码" }, { "major", "专业" }, { "class_name", "班级" },
	{ "photo", "照片" },
};

/* The Chinese name of a student field. */
static const char *
field_label(const char *f)
{
	size_t	 i;

	for (i = 0; i < nitems(field_names); i++)
		if (strcmp(field_names[i][0], f) == 0)
			return field_names[i][1];
	return f;
}

static enum rc
history_to_hdf(struct req *r, int64_t id)
{
	struct dbq	*q;
	const char	*f, *o, *n, *at, *who;
	int		 i = 0, row;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_CHANGES,
	    DB_ARGS(DB_I(id)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OS(&f), DB_OS(&o), DB_OS(&n),
	    DB_OS(&at), DB_OS(&who)))) == 1) {
		tmpl_setn(r, field_label(f), "History.%d.Field", i);
		tmpl_setn(r, o, "History.%d.Old", i);
		tmpl_setn(r, n, "History.%d.New", i);
		tmpl_setn(r, at, "History.%d.At", i);
		tmpl_setn(r, who, "History.%d.Who", i);
		i++;
	}
	return row == -1 ? RC_ERROR : RC_OK;
}

static enum rc
flags_to_hdf(struct req *r, int64_t id)
{
	struct dbq	*q;
	const char	*c[10];
	int64_t		 fid, sid, overdue, rounds, pcert;
	int		 i = 0, row;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_FLAGS_STUDENT,
	    DB_ARGS(DB_I(id)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&fid), DB_OI(&sid), DB_OS(&c[0]),
	    DB_OS(&c[1]), DB_OS(&c[2]), DB_OS(&c[3]), DB_OS(&c[4]),
	    DB_OS(&c[5]), DB_OI(&overdue), DB_OS(&c[6]), DB_OS(&c[7]),
	    DB_OS(&c[8]), DB_OI(&rounds), DB_OI(&pcert)))) == 1) {
		tmpl_setin(r, fid, "Flags.%d.Id", i);
		tmpl_setn(r, field_label(c[2]), "Flags.%d.Field", i);
		tmpl_setn(r, c[3], "Flags.%d.Note", i);
		tmpl_setn(r, c[4], "Flags.%d.Deadline", i);
		tmpl_setn(r, c[5], "Flags.%d.State", i);
		tmpl_setn(r, overdue ? "1" : "0", "Flags.%d.Overdue", i);
		tmpl_setn(r, c[6], "Flags.%d.Org", i);
		i++;
	}
	return row == -1 ? RC_ERROR : RC_OK;
}

static enum rc
has_photo(struct req *r, int64_t id)
{
	struct dbq	*q;
	const void	*p;
	size_t		 n;
	int		 row;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_PHOTO_GET,
	    DB_ARGS(DB_I(id)))) == NULL)
		return rc;
	if ((row = db_next(q, DB_OUT(DB_OB(&p, &n)))) == -1)
		return RC_ERROR;
	if (row == 1)
		tmpl_set(r, "Student.HasPhoto", "1");
	return RC_OK;
}

/*
 * A student's page: record, open flags, history; the full ID when
 * given, and an error message when given.
 */
enum rc
stud_show_page(struct req *r, int status, const char *full, const char *err)
{
	struct student	 s;
	int64_t		 n;
	enum rc		 rc;

	if ((rc = stud_load(r, r->arg[0], &s)) != RC_OK)
		return rc;
	stud_to_hdf(r, &s, full);
	if ((rc = flags_to_hdf(r, s.id)) != RC_OK ||
	    (rc = history_to_hdf(r, s.id)) != RC_OK)
		return rc;
	for (size_t i = 0; i < nitems(field_names); i++) {
		tmpl_setn(r, field_names[i][0], "Fields.%zu.Key", i);
		tmpl_setn(r, field_names[i][1], "Fields.%zu.Label", i);
	}
	tmpl_set(r, "Form.Error", err);
	if ((rc = has_photo(r, s.id)) != RC_OK ||
	    (rc = db_count(r->db, r->arena, STMT_DUP_OTHERS, s.id, 0, &n)) !=
	    RC_OK)
		return rc;
	if (n > 0)
		tmpl_set(r, "Student.Elsewhere", "1");
	r->personal = 1;
	return tmpl_page(r, status, "students/show.cs", "学生信息");
}

/* GET /students/# */
enum rc
stud_show(struct req *r)
{
	return stud_show_page(r, 200, NULL, NULL);
}

struct	reveal_tx {
	struct req	*r;
};

static enum rc
reveal_act(void *arg)
{
	struct reveal_tx	*t = arg;

	return audit_add(t->r, "student.reveal_id", "student", t->r->arg[0],
	    "");
}

/*
 * POST /students/#/reveal: the full ID number, shown once on this page
 * to an authorised caller, with an audit row written first.
 */
enum rc
stud_reveal(struct req *r)
{
	struct student		 s;
	struct reveal_tx	 t;
	const char		*full;
	enum rc			 rc;

	if ((rc = stud_load(r, r->arg[0], &s)) != RC_OK)
		return rc;
	if ((full = idno_open(r->arena, r->cfg, s.cipher, s.clen)) == NULL)
		return RC_ERROR;
	t.r = r;
	if ((rc = db_tx(r->db, reveal_act, &t)) != RC_OK)
		return rc;
	return stud_show_page(r, 200, full, NULL);
}

/*
 * RC_DENIED when a correction deadline for the student has passed with
 * the flag still open: the record is locked.
 */
enum rc
stud_locked(struct req *r, int64_t id)
{
	int64_t	 n;
	enum rc	 rc;

	if ((rc = db_count(r->db, r->arena, STMT_LOCKED, id, 0, &n)) != RC_OK)
		return rc;
	return n > 0 ? RC_DENIED : RC_OK;
}

/* RC_DENIED when stmt counts any certificate of student id, else RC_OK. */
static enum rc
held(struct req *r, size_t stmt, int64_t id)
{
	int64_t	 n;
	enum rc	 rc;

	if ((rc = db_count(r->db, r->arena, stmt, id, 0, &n)) != RC_OK)
		return rc;
	return n > 0 ? RC_DENIED : RC_OK;
}

/*
 * RC_DENIED while a certificate of the student is pending, confirmed,
 * revoked or replaced: its photo is then frozen (the trigger
 * student_identity_frozen agrees); editable again once every
 * certificate is rejected.
 */
enum rc
stud_frozen(struct req *r, int64_t id)
{
	return held(r, STMT_HAS_CERT, id);
}

/*
 * RC_DENIED while a certificate holds the student's name, gender and
 * ID: as stud_frozen(), except while a replacement (替换) is open, when
 * the institution may correct them (the trigger agrees, 0022).
 */
enum rc
stud_id_frozen(struct req *r, int64_t id)
{
	return held(r, STMT_ID_FROZEN, id);
}

/*
 * Form.Replacing.<i>.*: the student's replacements open to a
 * correction (the new record's id and number, the original's number).
 */
static enum rc
replacing(struct req *r, int64_t id)
{
	static const char *const cols[] = { "Id", "Number", "Original" };
	struct dbq	*q;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_REPL_OPEN,
	    DB_ARGS(DB_I(id)))) == NULL)
		return rc;
	return tmpl_rows(r, q, "Form.Replacing", cols, nitems(cols)) == -1 ?
	    RC_ERROR : RC_OK;
}

/*
 * Form.Hold.<i>.*: the certificates that freeze the identity, each with
 * the way out (a pending one: the organisation rejects it, then the
 * identity may be corrected and the certificate re-issued).
 */
static enum rc
frozen_why(struct req *r, int64_t id)
{
	struct dbq	*q;
	const char	*st;
	int64_t		 cid;
	size_t		 i;
	int		 row;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_CERT_HOLDS,
	    DB_ARGS(DB_I(id)))) == NULL)
		return rc;
	for (i = 0; (row = db_next(q, DB_OUT(DB_OI(&cid), DB_OS(&st)))) == 1;
	    i++) {
		tmpl_setin(r, cid, "Form.Hold.%zu.Id", i);
		tmpl_setn(r, cert_label(cert_parse(st)), "Form.Hold.%zu.Status",
		    i);
		if (strcmp(st, "org_pending") == 0 ||
		    strcmp(st, "site_pending") == 0)
			tmpl_setn(r, "1", "Form.Hold.%zu.Pending", i);
	}
	return row == -1 ? RC_ERROR : RC_OK;
}

/* GET /students/#/edit: the caller's own institution's students only. */
enum rc
stud_edit_form(struct req *r)
{
	struct student	 s;
	enum rc		 rc;

	if ((rc = stud_load(r, r->arg[0], &s)) != RC_OK)
		return rc;
	tmpl_set(r, "Form.name", s.name);
	tmpl_set(r, "Form.gender", s.gender);
	tmpl_set(r, "Form.id_type", s.id_type);
	/* The number is only shown masked; an empty field keeps it. */
	tmpl_set(r, "Form.IdMask", s.id_mask);
	tmpl_set(r, "Form.student_type", s.student_type);
	tmpl_set(r, "Form.phone", s.phone);
	tmpl_set(r, "Form.major", s.major);
	tmpl_set(r, "Form.class_name", s.class_name);
	tmpl_seti(r, "Form.version", s.version);
	if ((rc = stud_locked(r, s.id)) == RC_DENIED)
		tmpl_set(r, "Form.Locked", "1");
	else if (rc != RC_OK)
		return rc;
	if ((rc = stud_id_frozen(r, s.id)) == RC_DENIED) {
		tmpl_set(r, "Form.Frozen", "1");
		if ((rc = frozen_why(r, s.id)) != RC_OK)
			return rc;
	} else if (rc != RC_OK || (rc = replacing(r, s.id)) != RC_OK)
		return rc;
	r->personal = 1;
	return form_page(r, 200, NULL, NULL, s.id);
}

struct	update_tx {
	struct req		*r;
	struct student		 old;
	struct student_in	 in;
	const char		*oldid;
	int64_t			 version;
	int			 frozen;	/* refused: on a certificate */
};

static enum rc
change(struct update_tx *t, const char *field, const char *o, const char *n)
{
	struct req	*r = t->r;

	if (strcmp(o, n) == 0)
		return RC_OK;
	return db_exec(r->db, r->arena, STMT_CHANGE_INSERT,
	    DB_ARGS(DB_I(t->old.id), DB_N(r->sess.account_id), DB_S(field),
	    DB_S(o), DB_S(n)), NULL);
}

/* Does the edit touch what a certificate carries? */
static int
identity_changed(const struct update_tx *t)
{
	return strcmp(t->old.name, t->in.name) != 0 ||
	    strcmp(t->old.gender, t->in.gender) != 0 ||
	    strcmp(t->old.id_type, idno_type_name(t->in.idtype)) != 0 ||
	    strcmp(t->oldid, t->in.idno) != 0;
}

static enum rc
update_act(void *arg)
{
	struct dbres	 res;
	struct update_tx	*t = arg;
	struct req		*r = t->r;
	unsigned char		 cipher[64], idx[32];
	size_t			 clen;
	const char		*newmask, *newtype;
	enum rc			 rc;

	if ((rc = stud_locked(r, t->old.id)) != RC_OK)
		return rc;
	if (identity_changed(t) && (rc = stud_id_frozen(r, t->old.id)) !=
	    RC_OK) {
		t->frozen = rc == RC_DENIED;
		return rc;
	}
	if ((rc = idno_seal(r->cfg, t->in.idno, cipher, &clen, idx)) != RC_OK)
		return rc;
	/* An unchanged number keeps its ciphertext. */
	if (strcmp(t->oldid, t->in.idno) == 0 && t->old.clen <= sizeof(cipher)) {
		memcpy(cipher, t->old.cipher, t->old.clen);
		clen = t->old.clen;
	}
	newmask = idno_mask(r->arena, t->in.idno);
	newtype = idno_type_name(t->in.idtype);
	if ((rc = db_exec(r->db, r->arena, STMT_UPDATE,
	    DB_ARGS(DB_S(t->in.name), DB_S(t->in.gender), DB_S(newtype),
	    DB_B(cipher, clen), DB_B(idx, sizeof(idx)), DB_S(newmask),
	    DB_S(t->in.student_type), DB_S(t->in.phone), DB_S(t->in.major),
	    DB_S(t->in.class_name), DB_I(t->old.id), DB_I(r->sess.inst_id),
	    DB_I(t->version)), &res)) !=
	    RC_OK)
		return rc;
	if (res.affected != 1)
		return RC_CONFLICT;	/* someone saved in between */
	/* The history never holds a full ID number: masks only. */
	if ((rc = change(t, "name", t->old.name, t->in.name)) != RC_OK ||
	    (rc = change(t, "gender", t->old.gender, t->in.gender)) != RC_OK ||
	    (rc = change(t, "id_type", t->old.id_type, newtype)) != RC_OK ||
	    (strcmp(t->oldid, t->in.idno) != 0 && (rc = db_exec(r->db,
	    r->arena, STMT_CHANGE_INSERT, DB_ARGS(DB_I(t->old.id),
	    DB_N(r->sess.account_id), DB_S("id_number"), DB_S(t->old.id_mask),
	    DB_S(newmask)), NULL)) !=
	    RC_OK) ||
	    (rc = change(t, "student_type", t->old.student_type,
	    t->in.student_type)) != RC_OK ||
	    (rc = change(t, "phone", t->old.phone, t->in.phone)) != RC_OK ||
	    (rc = change(t, "major", t->old.major, t->in.major)) != RC_OK ||
	    (rc = change(t, "class_name", t->old.class_name,
	    t->in.class_name)) != RC_OK)
		return rc;
	/* Which kind of edit: an identity edit happens only in a 替换. */
	return audit_add(r, "student.update", "student", t->old.id,
	    identity_changed(t) ? "identity" : "");
}

/*
 * POST /students/#/edit: field by field history, optimistic locking by
 * version, refused after a missed correction deadline.
 */
enum rc
stud_update(struct req *r)
{
	struct fval		 v[EF__MAX];
	struct update_tx	 t;
	const char		*err, *field;
	enum rc			 rc;

	if ((rc = req_form(r, edit_fields, EF__MAX, v)) != RC_OK)
		return rc;
	memset(&t, 0, sizeof(t));
	t.r = r;
	if ((rc = stud_load(r, r->arg[0], &t.old)) != RC_OK)
		return rc;
	if ((t.oldid = idno_open(r->arena, r->cfg, t.old.cipher, t.old.clen)) ==
	    NULL)
		return RC_ERROR;
	tmpl_form(r, edit_fields, EF__MAX, v);
	tmpl_set(r, "Form.IdMask", t.old.id_mask);
	/* An empty number field keeps the stored number. */
	if (!v[EF_IDNO].present || v[EF_IDNO].len == 0) {
		v[EF_IDNO].present = 1;
		v[EF_IDNO].val = t.oldid;
	}
	if ((err = from_form(r, v, &t.in, &field)) != NULL)
		return form_page(r, 400, err, field, t.old.id);
	if (!v[EF_VERSION].present ||
	    valid_int(v[EF_VERSION].val, 1, INT32_MAX, &t.version) == -1)
		return RC_BADREQ;
	rc = db_tx(r->db, update_act, &t);
	if (rc == RC_DENIED && t.frozen) {
		tmpl_set(r, "Form.Frozen", "1");
		if ((rc = frozen_why(r, t.old.id)) != RC_OK)
			return rc;
		return form_page(r, 403, "该学生已生成证书，姓名、性别和证件信息不能再修改；如有错误，请联系培训评价组织拒绝签发后重新生成证书",
		    NULL, t.old.id);
	}
	if (rc == RC_DENIED)
		return form_page(r, 403, "已超过完善期限，该学生信息已锁定，请联系培训评价组织",
		    NULL, t.old.id);
	if (rc == RC_CONFLICT)
		return form_page(r, 409, "保存失败：该记录已被他人修改，或与本院校已有学生的证件号码重复。请刷新后重试",
		    NULL, t.old.id);
	if (rc != RC_OK)
		return rc;
	return resp_redirect_ok(r, FLASH_SAVED, "/students/%" PRId64,
	    t.old.id);
}
