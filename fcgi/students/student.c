/* student.c: loading (scoped to the caller), validating and inserting student records. */
#include <string.h>

#include "app.h"
#include "notify.h"
#include "idno.h"
#include "students.h"

/*
 * Load student id as the caller may see it: an institution its own
 * students, an organisation those registered to its plans, the admin
 * all.  Returns RC_NOTFOUND for anyone else's.
 */
enum rc
stud_load(struct req *r, int64_t id, struct student *s)
{
	static const size_t get[SCOPE__MAX] = {
		[SCOPE_PLATFORM] = STMT_GET_ADMIN,
		[SCOPE_ORG] = STMT_GET_ORG,
		[SCOPE_INST] = STMT_GET_INST,
	};
	struct scope	 sc;
	enum rc		 rc;

	memset(s, 0, sizeof(*s));
	if ((rc = scope_get(r, get, &sc)) != RC_OK)
		return rc;
	return db_row(r->db, r->arena, sc.stmt, DB_ARGS(DB_I(id), DB_I(sc.id)),
	    DB_OUT(DB_OI(&s->id), DB_OI(&s->inst_id),
	    DB_OI(&s->version), DB_OS(&s->name), DB_OS(&s->gender),
	    DB_OS(&s->id_type), DB_OB(&s->cipher, &s->clen),
	    DB_OS(&s->id_mask), DB_OS(&s->student_type), DB_OS(&s->phone),
	    DB_OS(&s->major), DB_OS(&s->class_name), DB_OS(&s->inst_code),
	    DB_OS(&s->inst_name), DB_OI(&s->account_id)));
}

/* Put a student into Student.* for templates (ID masked unless full). */
void
stud_to_hdf(struct req *r, const struct student *s, const char *full)
{
	tmpl_seti(r, "Student.Id", s->id);
	tmpl_seti(r, "Student.Version", s->version);
	tmpl_set(r, "Student.Name", s->name);
	tmpl_set(r, "Student.Gender", s->gender);
	tmpl_set(r, "Student.IdType", s->id_type);
	tmpl_set(r, "Student.IdMask", s->id_mask);
	tmpl_set(r, "Student.IdFull", full);
	tmpl_set(r, "Student.Type", s->student_type);
	tmpl_set(r, "Student.Phone", s->phone);
	tmpl_set(r, "Student.Major", s->major);
	tmpl_set(r, "Student.Class", s->class_name);
	tmpl_set(r, "Student.InstCode", s->inst_code);
	tmpl_set(r, "Student.InstName", s->inst_name);
	if (s->account_id != 0)
		tmpl_set(r, "Student.HasAccount", "1");
}

static const char *
free_text(const char *s, size_t max, const char *what, struct arena *a)
{
	if (!form_utf8_ok(s, strlen(s), 0))
		return arena_printf(a, "%s不能包含换行、制表符等控制字符", what);
	if (valid_chars(s) > max)
		return arena_printf(a, "%s不能超过%zu个字符", what, max);
	if (csvdoc_formula(s))
		return arena_printf(a, "%s不能以 = + - @ 开头（疑似公式）", what);
	if (strpbrk(s, "<>") != NULL)
		return arena_printf(a, "%s不能包含 < 或 >", what);
	return NULL;
}

/*
 * Validate a student's fields (already trimmed), normalising the ID
 * number into in->idno.  On error returns a Chinese message and sets
 * *field to the form field at fault; NULL when all is well.
 */
const char *
stud_check(struct arena *a, struct student_in *in, const char *idtype,
    const char *idraw, const char **field)
{
	const char	*why, *g;

	*field = "name";
	if ((why = valid_person_name(in->name)) != NULL)
		return why;
	*field = "id_type";
	if ((in->idtype = idno_type(idtype)) == IDT__MAX)
		return "请选择证件类型（居民身份证、港澳台居民居住证、外国人永久居留身份证或护照）";
	*field = "id_number";
	if ((why = idno_valid(in->idtype, idraw, in->idno)) != NULL)
		return why;
	*field = "gender";
	if (in->gender == NULL || (strcmp(in->gender, "男") &&
	    strcmp(in->gender, "女")))
		return "请选择性别（男或女）";
	if ((g = idno_gender(in->idtype, in->idno)) != NULL &&
	    strcmp(g, in->gender) != 0)
		return "性别与证件号码不一致";
	*field = "student_type";
	if (in->student_type == NULL || (strcmp(in->student_type, "院校学生") &&
	    strcmp(in->student_type, "社会学员")))
		return "请选择学生类型（院校学生或社会学员）";
	*field = "phone";
	if (!valid_phone(in->phone))
		return "手机号码应为11位数字";
	*field = "major";
	if ((why = free_text(in->major, 60, "专业", a)) != NULL)
		return why;
	*field = "class_name";
	if ((why = free_text(in->class_name, 60, "班级", a)) != NULL)
		return why;
	*field = NULL;
	return NULL;
}

/*
 * Insert a validated student into the caller's institution (inside the
 * caller's transaction), with an audit row.  RC_CONFLICT when the same
 * ID number is registered there already.
 */
enum rc
stud_insert(struct req *r, const struct student_in *in, int64_t *id)
{
	struct dbres	 res;
	unsigned char	 cipher[64], idx[32];
	size_t		 clen;
	enum rc		 rc;

	if ((rc = idno_seal(r->cfg, in->idno, cipher, &clen, idx)) != RC_OK)
		return rc;
	if ((rc = db_exec(r->db, r->arena, STMT_INSERT,
	    DB_ARGS(DB_I(r->sess.inst_id), DB_S(in->name), DB_S(in->gender),
	    DB_S(idno_type_name(in->idtype)), DB_B(cipher, clen),
	    DB_B(idx, sizeof(idx)), DB_S(idno_mask(r->arena, in->idno)),
	    DB_S(in->student_type), DB_S(in->phone), DB_S(in->major),
	    DB_S(in->class_name)), &res)) != RC_OK)
		return rc;
	*id = res.insert_id;
	return audit_add(r, "student.create", "student", *id, "");
}

/* Notify every active staff account of an institution (in the caller's tx). */
enum rc
stud_notify_inst(struct req *r, int64_t inst, const char *title,
    const char *link)
{
	return notify_send(r->db, r->arena, STMT_NOTIFY_INST, inst, title,
	    link);
}

/* Notify every active staff account of an organisation. */
enum rc
stud_notify_org(struct req *r, int64_t org, const char *title,
    const char *link)
{
	return notify_send(r->db, r->arena, STMT_NOTIFY_ORG, org, title,
	    link);
}
