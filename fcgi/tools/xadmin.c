/* xadmin.c: operator commands: create the first admin, load demo data, verify the audit chain, reminders, log retention. */
#include <inttypes.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gd.h>

#include "app.h"
#include "canon.h"
#include "certimg.h"
#include "certno.h"
#include "img.h"
#include "notify.h"
#include "idno.h"
#include "qrpay.h"

enum	xstmt {
	X_ORG_INSERT = CSTMT__MAX,
	X_INST_INSERT,
	X_ACCT_INSERT,
	X_TYPE_INSERT,
	X_PLAN_INSERT,
	X_SITE_INSERT,
	X_STUDENT_INSERT,
	X_RESULT_INSERT,
	X_CERT_INSERT,
	X_AUDIT_BATCH,
	X_REG_INSERT,
	X_REMIND_DUE,
	X_REMIND_MARK,
	X_NOTIFY_INST,
	X_INST_PRINCIPAL,
	X_SEAL_INSERT,
	X_SERIAL_INSERT,
	X_EVENT_INSERT,
	X_QR_TODO,
	X_QR_SET,
	X_VLOG_PURGE,
	X_VUSE_PURGE,
	X_AUSE_PURGE,
	X__MAX
};

static const char *const x_stmts[X__MAX] = {
	[X_ORG_INSERT] = "INSERT INTO organisation (code, number_code, name) "
	    "VALUES (?, ?, ?)",
	[X_INST_INSERT] = "INSERT INTO institution (code, name, region) "
	    "VALUES (?, ?, ?)",
	[X_ACCT_INSERT] = "INSERT INTO account (login, display_name, role, "
	    "organisation_id, institution_id, pw_hash, must_change_pw) "
	    "VALUES (?, ?, ?, ?, ?, ?, 0)",
	[X_TYPE_INSERT] = "INSERT INTO certificate_type (organisation_id, "
	    "code, name, level) VALUES (?, ?, ?, ?)",
	[X_PLAN_INSERT] = "INSERT INTO exam_plan (organisation_id, "
	    "certificate_type_id, name, exam_date) VALUES (?, ?, ?, ?)",
	[X_SITE_INSERT] = "INSERT INTO exam_site (plan_id, institution_id) "
	    "VALUES (?, ?)",
	[X_STUDENT_INSERT] = "INSERT INTO student (institution_id, name, "
	    "gender, id_cipher, id_hmac, id_mask, student_type, phone, major, "
	    "class_name, account_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[X_RESULT_INSERT] = "INSERT INTO exam_result (plan_id, student_id, "
	    "site_id, status, score) VALUES (?, ?, ?, ?, ?)",
	[X_CERT_INSERT] = "INSERT INTO certificate (number, result_id, "
	    "student_id, institution_id, site_id, organisation_id, "
	    "certificate_type_id, plan_id, status, issued_on, canon, "
	    "canon_sha256, org_seal_id, site_seal_id, qr_payload) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	[X_AUDIT_BATCH] = SQL_AUDIT_BATCH,
	[X_REG_INSERT] = "INSERT INTO registration (plan_id, student_id, "
	    "institution_id) VALUES (?, ?, ?)",
	[X_REMIND_DUE] = SQL_REMIND_DUE,
	[X_REMIND_MARK] = SQL_REMIND_MARK,
	[X_NOTIFY_INST] = SQL_NOTIFY_INST,
	[X_INST_PRINCIPAL] = "UPDATE institution SET site_principal_name = ?, "
	    "site_principal_title = ? WHERE id = ?",
	[X_SEAL_INSERT] = "INSERT INTO seal (owner_type, owner_id, version, "
	    "png, sha256, width, height, variant, letter_version, "
	    "consent_account_id, consent_ip) "
	    "VALUES (?, ?, 1, ?, ?, ?, ?, 'cleaned', 1, ?, '127.0.0.1')",
	[X_SERIAL_INSERT] = "INSERT INTO certificate_serial (organisation_id, "
	    "certificate_type_id, year, next_serial) VALUES (?, ?, ?, ?)",
	[X_EVENT_INSERT] = "INSERT INTO certificate_event (certificate_id, "
	    "event, from_status, to_status, account_id, content_sha256, at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?)",
	/* Confirmed certificates without a QR payload, in id order. */
	[X_QR_TODO] = "SELECT id, number, DATE_FORMAT(issued_on, '%Y-%m-%d'), "
	    "canon_sha256 FROM certificate WHERE id > ? "
	    "AND status = 'confirmed' AND qr_payload IS NULL "
	    "AND issued_on IS NOT NULL AND canon_sha256 IS NOT NULL "
	    "ORDER BY id LIMIT 1000",
	[X_QR_SET] = "UPDATE certificate c JOIN JSON_TABLE(?, '$[*]' "
	    "COLUMNS (id BIGINT UNSIGNED PATH '$[0]', "
	    "p VARCHAR(400) PATH '$[1]')) j ON j.id = c.id "
	    "SET c.qr_payload = j.p WHERE c.qr_payload IS NULL",
	/* purge-logs: at most ? rows past the retention, oldest first (0029). */
#define LOG_PURGE(t, at) "DELETE FROM " t " WHERE " at " < NOW() - " \
	"INTERVAL ? DAY ORDER BY " at " LIMIT ?"
	[X_VLOG_PURGE] = LOG_PURGE("verification_log", "at"),
	[X_VUSE_PURGE] = LOG_PURGE("verify_use", "used_at"),
	[X_AUSE_PURGE] = LOG_PURGE("api_use", "used_at"),
};

#define DEMO_PASSWORD	"Xcert-2026"
#define PLAN_A	"2020年7月考试计划特殊焊接技术职业技能等级证书初级"
#define PLAN_B	"2020年11月考试计划工业机器人应用编程职业技能等级证书初级"

static struct config	 cfg;
static struct arena	*ar;
static struct db	*db;
static struct req	 rq;
static struct dbres	 xres;	/* what the last seeding insert did */
static struct qrkeys	 qrk;	/* the QR signing key (CFG_QRSIGN) */

/* Exit on failure; otherwise answer the id the last insert made. */
static int64_t
must(enum rc rc, const char *what)
{
	if (rc != RC_OK) {
		fprintf(stderr, "xadmin: %s failed (%d)\n", what, (int)rc);
		exit(1);
	}
	return xres.insert_id;
}

/* A synthetic but valid ID number: region, a birth date from day, seq. */
static void
make_id(char out[19], const char *region, int day, int seq)
{
	static const int dm[] = { 31,28,31,30,31,30,31,31,30,31,30,31 };
	char	 tmp[64];
	int	 y, m, d;

	y = 2000 + (day / 365) % 3;
	d = day % 365;
	for (m = 0; d >= dm[m]; m++)
		d -= dm[m];
	snprintf(tmp, sizeof(tmp), "%.6s%04d%02d%02d%03d", region, y, m + 1,
	    d + 1, seq % 1000);
	memcpy(out, tmp, 17);
	out[17] = idno_check_digit(out);
	out[18] = '\0';
}

static const char *const surnames[] = { "王", "李", "张", "刘", "陈", "杨",
    "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭",
    "马", "罗" };
static const char *const given[] = { "伟", "芳", "娜", "秀英", "敏", "静",
    "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超",
    "秀兰", "霞", "平", "刚", "桂英", "浩然", "子涵", "雨轩", "欣怡",
    "宇航", "思远", "嘉怡", "俊杰" };
static const char *const regions[] = { "610102", "610103", "610104",
    "610111", "610112", "610113", "610114", "610115", "610116", "610121",
    "612722", "210202", "210203", "210204", "210211", "210212" };

/* A demo seal: the sample seal drawn with label, as a saved version 1. */
static int64_t
add_seal(const char *owner_type, int64_t owner, const char *label,
    int64_t acct)
{
	gdImagePtr	 im;
	unsigned char	 h[32];
	char		 hex[65];
	void		*png;
	size_t		 len;

	if ((im = certimg_sample_seal(&cfg, label, SEAL_SIZE)) == NULL ||
	    (png = img_png(ar, im, 9, &len)) == NULL) {
		fprintf(stderr, "xadmin: cannot draw a demo seal\n");
		exit(1);
	}
	gdImageDestroy(im);
	sec_sha256(png, len, h);
	sec_hex(h, sizeof(h), hex);
	hex[64] = '\0';
	return must(db_exec(db, ar, X_SEAL_INSERT, DB_ARGS(DB_S(owner_type),
	    DB_I(owner), DB_B(png, len), DB_S(hex), DB_I(SEAL_SIZE),
	    DB_I(SEAL_SIZE), DB_I(acct)), &xres), "seal");
}

/* What a demo certificate is: its facts beside the student's. */
struct	demo_cert {
	struct canon	 c;
	int64_t		 result, student, inst, org, type, plan;
	int64_t		 org_staff, principal, org_seal, site_seal;
	int64_t		 serial;
	const char	*code;		/* the organisation's number code */
	int		 type_code;
	const char	*status, *issued, *gen_at, *org_at, *site_at;
};

static void
add_event(int64_t cert, const char *ev, const char *from, const char *to,
    int64_t acct, const char *hash, const char *at)
{
	must(db_exec(db, ar, X_EVENT_INSERT, DB_ARGS(DB_I(cert), DB_S(ev),
	    DB_S(from), DB_S(to), DB_I(acct), DB_S(hash), DB_S(at)), &xres),
	    "certificate event");
}

/* Insert one demo certificate with its canonical content and history. */
static void
add_cert(struct demo_cert *d, const char *name, const char *id)
{
	unsigned char	 idx[32];
	char		 hmac[65], num[CERTNO_LEN + 1], hash[65];
	char		 qr[QRPAY_CHARS + 1];
	struct buf	 json;
	int64_t		 cert;
	int		 pending, signed_org;

	if (certno_make(num, d->code, d->type_code, 1, 2020, d->serial) == -1) {
		fprintf(stderr, "xadmin: bad demo certificate number\n");
		exit(1);
	}
	idno_index(&cfg, id, idx);
	sec_hex(idx, sizeof(idx), hmac);
	hmac[64] = '\0';
	d->c.number = num;
	d->c.name = name;
	d->c.gender = (id[16] - '0') % 2 ? "男" : "女";
	d->c.id_type = "居民身份证";
	d->c.id_hmac = hmac;
	d->c.id_mask = idno_mask(ar, id);
	buf_init(&json, ar);
	canon_json(&json, &d->c);
	canon_hash(json.p, json.len, hash);
	pending = strcmp(d->status, "org_pending") == 0;
	signed_org = !pending;
	/* Confirmed ones carry their signed QR payload, as issuance's do. */
	qr[0] = '\0';
	if (strcmp(d->status, "confirmed") == 0 &&
	    qrpay_sign(&qrk, num, d->issued, hash, qr) == -1)
		exit(1);
	cert = must(db_exec(db, ar, X_CERT_INSERT, DB_ARGS(DB_S(num),
	    DB_I(d->result), DB_I(d->student), DB_I(d->inst), DB_I(d->inst),
	    DB_I(d->org), DB_I(d->type), DB_I(d->plan), DB_S(d->status),
	    DB_S(d->issued), DB_B(json.p, json.len), DB_S(hash),
	    DB_N(signed_org ? d->org_seal : 0),
	    DB_N(d->issued != NULL ? d->site_seal : 0),
	    DB_S(qr[0] != '\0' ? qr : NULL)), &xres), "certificate");
	add_event(cert, "generate", "", "org_pending", d->org_staff, hash,
	    d->gen_at);
	if (signed_org)
		add_event(cert, "org_sign", "org_pending", "site_pending",
		    d->org_staff, hash, d->org_at);
	if (d->issued != NULL)
		add_event(cert, "site_sign", "site_pending", "confirmed",
		    d->principal, hash, d->site_at);
}

struct	demo_student {
	const char	*name;
	const char	*id;		/* synthetic, check digit valid */
	int		 certno;
};

static int64_t
add_student(int64_t inst, const char *name, const char *id, const char *type,
    const char *pwhash)
{
	unsigned char	 cipher[64], idx[32];
	size_t		 clen;
	char		 hex[65];
	const char	*gender;
	int64_t		 acct;

	must(idno_seal(&cfg, id, cipher, &clen, idx), "idno_seal");
	sec_hex(idx, sizeof(idx), hex);
	acct = must(db_exec(db, ar, X_ACCT_INSERT, DB_ARGS(DB_S(hex),
	    DB_S(name), DB_S("student"), DB_N((int64_t)0), DB_N((int64_t)0),
	    DB_S(pwhash)), &xres), "student account");
	gender = (id[16] - '0') % 2 ? "男" : "女";
	return must(db_exec(db, ar, X_STUDENT_INSERT, DB_ARGS(DB_I(inst),
	    DB_S(name), DB_S(gender), DB_B(cipher, clen),
	    DB_B(idx, sizeof(idx)), DB_S(idno_mask(ar, id)), DB_S(type),
	    DB_S("13800000000"), DB_S("焊接技术与自动化"), DB_S("2018级1班"),
	    DB_I(acct)), &xres), "student");
}

static void
seed_demo(void)
{
	char		 pw[160], id[19], name[32];
	int64_t		 oa, ob, ia, ib, ta, tb, pa, pb, st, res, za, zb, pra, prb;
	int64_t		 sa, si;
	struct demo_cert d;
	int		 i, k, n;
	const char	*status;
	/* The seed's own three rows: name, region, last four, number. */
	static const struct demo_student seedrows[] = {
		{ "朱鹏飞", "610114200103061011", 45 },
		{ "折海威", "612722200103095873", 43 },
		{ "杨刚", "610121200103085092", 44 },
		/* Confirmed, with a published ID for trying verification. */
		{ "王思远", "610113200204152012", 1 },
	};

	if (sec_pw_hash(DEMO_PASSWORD, pw, sizeof(pw)) == -1)
		exit(1);
	must(db_begin(db), "begin");
	oa = must(db_exec(db, ar, X_ORG_INSERT, DB_ARGS(DB_S("ZCJY"),
	    DB_S("156000"), DB_S("中船教育科技(北京)有限公司")), &xres), "org");
	ob = must(db_exec(db, ar, X_ORG_INSERT, DB_ARGS(DB_S("HXZZ"),
	    DB_S("156002"), DB_S("华信智造职业教育科技有限公司")), &xres), "org");
	ia = must(db_exec(db, ar, X_INST_INSERT,
	    DB_ARGS(DB_S("21020000000000000000"), DB_S("滨海船舶职业技术学院"),
	    DB_S("辽宁省大连市")), &xres),
	    "institution");
	ib = must(db_exec(db, ar, X_INST_INSERT,
	    DB_ARGS(DB_S("11010000000000000031"), DB_S("京华工业职业技术学院"),
	    DB_S("北京市")), &xres),
	    "institution");
	must(db_exec(db, ar, X_ACCT_INSERT, DB_ARGS(DB_S("admin"),
	    DB_S("平台管理员"), DB_S("admin"), DB_N((int64_t)0), DB_N((int64_t)0),
	    DB_S(pw)), &xres), "admin");
	za = must(db_exec(db, ar, X_ACCT_INSERT, DB_ARGS(DB_S("zcjy"),
	    DB_S("王晓燕"), DB_S("org"), DB_N(oa), DB_N((int64_t)0), DB_S(pw)),
	    &xres), "org staff");
	zb = must(db_exec(db, ar, X_ACCT_INSERT, DB_ARGS(DB_S("hxzz"),
	    DB_S("陈立新"), DB_S("org"), DB_N(ob), DB_N((int64_t)0), DB_S(pw)),
	    &xres), "org staff");
	pra = must(db_exec(db, ar, X_ACCT_INSERT,
	    DB_ARGS(DB_S("p21020000000000000000"), DB_S("李建国"),
	    DB_S("principal"), DB_N((int64_t)0), DB_N(ia), DB_S(pw)), &xres),
	    "principal");
	must(db_exec(db, ar, X_ACCT_INSERT, DB_ARGS(DB_S("biz2102"),
	    DB_S("张敏"), DB_S("biz"), DB_N((int64_t)0), DB_N(ia), DB_S(pw)),
	    &xres), "biz");
	prb = must(db_exec(db, ar, X_ACCT_INSERT,
	    DB_ARGS(DB_S("p11010000000000000031"), DB_S("赵卫东"),
	    DB_S("principal"), DB_N((int64_t)0), DB_N(ib), DB_S(pw)), &xres),
	    "principal");
	/*
	 * 操作一 done for institution A and both organisations (demo seals
	 * marked 样章); institution B has none yet, so its principal
	 * cannot sign until one is uploaded.
	 */
	must(db_exec(db, ar, X_INST_PRINCIPAL, DB_ARGS(DB_S("李建国"),
	    DB_S("副校长"), DB_I(ia)), &xres), "site principal");
	sa = add_seal("organisation", oa, "中船教育科技(北京)有限公司", za);
	add_seal("organisation", ob, "华信智造职业教育科技有限公司", zb);
	si = add_seal("institution", ia, "李建国", pra);
	ta = must(db_exec(db, ar, X_TYPE_INSERT, DB_ARGS(DB_I(oa), DB_I(310),
	    DB_S("特殊焊接技术职业技能等级证书"), DB_S("初级")), &xres), "type");
	must(db_exec(db, ar, X_TYPE_INSERT, DB_ARGS(DB_I(oa), DB_I(310),
	    DB_S("特殊焊接技术职业技能等级证书"), DB_S("中级")), &xres), "type");
	tb = must(db_exec(db, ar, X_TYPE_INSERT, DB_ARGS(DB_I(ob), DB_I(320),
	    DB_S("工业机器人应用编程职业技能等级证书"), DB_S("初级")), &xres),
	    "type");
	pa = must(db_exec(db, ar, X_PLAN_INSERT, DB_ARGS(DB_I(oa), DB_I(ta),
	    DB_S(PLAN_A), DB_S("2020-07-18")), &xres), "plan");
	pb = must(db_exec(db, ar, X_PLAN_INSERT, DB_ARGS(DB_I(ob), DB_I(tb),
	    DB_S(PLAN_B), DB_S("2020-11-21")), &xres), "plan");
	must(db_exec(db, ar, X_SITE_INSERT, DB_ARGS(DB_I(pa), DB_I(ia)),
	    &xres), "site");
	must(db_exec(db, ar, X_SITE_INSERT, DB_ARGS(DB_I(pb), DB_I(ib)),
	    &xres), "site");

	/*
	 * Institution A: 64 registered, 61 passed with certificates (serials
	 * 1-61; 1-14 confirmed, the rest awaiting the site's signature, as
	 * in the seed's counts), 2 failed and 1 absent.
	 */
	memset(&d, 0, sizeof(d));
	d.c.cert_name = "特殊焊接技术职业技能等级证书";
	d.c.level = "初级";
	d.c.org_id = oa;
	d.c.org_name = "中船教育科技(北京)有限公司";
	d.c.inst_id = d.c.site_id = ia;
	d.c.inst_code = d.c.site_code = "21020000000000000000";
	d.c.inst_name = d.c.site_name = "滨海船舶职业技术学院";
	d.c.plan_id = pa;
	d.c.plan_name = PLAN_A;
	d.c.result = "已通过";
	d.c.score = "86.5";
	d.inst = ia;
	d.org = oa;
	d.type = ta;
	d.plan = pa;
	d.org_staff = za;
	d.principal = pra;
	d.org_seal = sa;
	d.site_seal = si;
	d.code = "156000";
	d.type_code = 310;
	d.gen_at = "2020-08-20 09:30:00";
	d.org_at = "2020-08-25 10:12:00";
	d.site_at = "2020-09-15 15:40:00";
	for (i = 0, k = 0; i < 64; i++) {
		if (i < (int)nitems(seedrows)) {
			snprintf(id, sizeof(id), "%s", seedrows[i].id);
			snprintf(name, sizeof(name), "%s", seedrows[i].name);
			n = seedrows[i].certno;
		} else {
			make_id(id, regions[i % nitems(regions)], i * 37,
			    100 + i);
			snprintf(name, sizeof(name), "%s%s",
			    surnames[i % nitems(surnames)],
			    given[(i * 7) % nitems(given)]);
			do
				n = ++k;
			while (n == 1 || n == 43 || n == 44 || n == 45);
		}
		st = add_student(ia, name, id, i % 9 == 8 ? "社会学员" :
		    "院校学生", pw);
		status = i < 61 ? "已通过" : i < 63 ? "未通过" : "缺考";
		must(db_exec(db, ar, X_REG_INSERT, DB_ARGS(DB_I(pa), DB_I(st),
		    DB_I(ia)), &xres), "reg");
		res = must(db_exec(db, ar, X_RESULT_INSERT, DB_ARGS(DB_I(pa),
		    DB_I(st), DB_I(ia), DB_S(status),
		    DB_S(i < 61 ? "86.5" : i < 63 ? "52.0" : NULL)),
		    &xres), "result");
		if (i >= 61)
			continue;
		d.result = res;
		d.student = st;
		d.serial = n;
		d.status = n <= 14 ? "confirmed" : "site_pending";
		d.issued = n <= 14 ? "2020-09-15" : NULL;
		add_cert(&d, name, id);
	}
	must(db_exec(db, ar, X_SERIAL_INSERT, DB_ARGS(DB_I(oa), DB_I(ta),
	    DB_I(2020), DB_I(62)), &xres), "serial");
	/* Institution B, organisation B: 8 passed; 5 confirmed, 3 pending. */
	d.c.cert_name = "工业机器人应用编程职业技能等级证书";
	d.c.org_id = ob;
	d.c.org_name = "华信智造职业教育科技有限公司";
	d.c.inst_id = d.c.site_id = ib;
	d.c.inst_code = d.c.site_code = "11010000000000000031";
	d.c.inst_name = d.c.site_name = "京华工业职业技术学院";
	d.c.plan_id = pb;
	d.c.plan_name = PLAN_B;
	d.c.score = "90.0";
	d.inst = ib;
	d.org = ob;
	d.type = tb;
	d.plan = pb;
	d.org_staff = zb;
	d.principal = prb;	/* (B's confirmed ones predate its seal) */
	d.org_seal = 0;
	d.site_seal = 0;
	d.code = "156002";
	d.type_code = 320;
	d.gen_at = "2020-12-10 09:00:00";
	d.org_at = "2020-12-20 11:00:00";
	d.site_at = "2021-01-10 16:20:00";
	for (i = 0; i < 8; i++) {
		make_id(id, i % 2 ? "110105" : "110108", 400 + i * 11,
		    200 + i);
		snprintf(name, sizeof(name), "%s%s",
		    surnames[(i + 5) % nitems(surnames)],
		    given[(i * 5 + 3) % nitems(given)]);
		st = add_student(ib, name, id, "院校学生", pw);
		must(db_exec(db, ar, X_REG_INSERT, DB_ARGS(DB_I(pb), DB_I(st),
		    DB_I(ib)), &xres), "reg");
		res = must(db_exec(db, ar, X_RESULT_INSERT, DB_ARGS(DB_I(pb),
		    DB_I(st), DB_I(ib), DB_S("已通过"), DB_S("90.0")),
		    &xres), "result");
		d.result = res;
		d.student = st;
		d.serial = i + 1;
		d.status = i < 5 ? "confirmed" : "org_pending";
		d.issued = i < 5 ? "2021-01-10" : NULL;
		add_cert(&d, name, id);
	}
	must(db_exec(db, ar, X_SERIAL_INSERT, DB_ARGS(DB_I(ob), DB_I(tb),
	    DB_I(2020), DB_I(9)), &xres), "serial");
	must(audit_add(&rq, "demo.seed", "system", 0, "demo data loaded"),
	    "audit");
	must(db_end(db, RC_OK), "commit");
	printf("xadmin: demo data loaded\n");
}

static int
create_admin(const char *login, const char *name)
{
	char		 line[256], hash[160];
	const char	*why, *pw;
	int64_t		 id;

	/* Stored in its one spelling: ASCII, lower case. */
	if ((login = valid_login_canon(ar, login)) == NULL) {
		fprintf(stderr, "xadmin: the login must be 3 to 32 of "
		    "[A-Za-z0-9_.-]\n");
		return 1;
	}
	if ((pw = getenv("XC_ADMIN_PASSWORD")) == NULL) {
		fprintf(stderr, "password: ");
		if (fgets(line, sizeof(line), stdin) == NULL)
			return 1;
		line[strcspn(line, "\r\n")] = '\0';
		pw = line;
	}
	if (valid_password(pw, login, &why) == -1) {
		fprintf(stderr, "xadmin: %s\n", why);
		return 1;
	}
	if (sec_pw_hash(pw, hash, sizeof(hash)) == -1)
		return 1;
	must(db_begin(db), "begin");
	id = must(db_exec(db, ar, X_ACCT_INSERT, DB_ARGS(DB_S(login),
	    DB_S(name), DB_S("admin"), DB_N((int64_t)0), DB_N((int64_t)0),
	    DB_S(hash)), &xres), "admin account");
	must(audit_add(&rq, "account.create", "account", id, "admin (cli)"),
	    "audit");
	must(db_end(db, RC_OK), "commit");
	printf("xadmin: platform admin %s created\n", login);
	return 0;
}

/* Verify the audit chain (audit.c); name the first broken link. */
static int
verify_audit(void)
{
	struct audit_check ck;

	if (audit_verify(db, X_AUDIT_BATCH, &ck) != RC_OK)
		return 1;
	if (ck.fault != AUDIT_INTACT) {
		printf("audit chain broken at seq %" PRId64 ": %s (%" PRId64
		    " rows verified before it)\n", ck.seq,
		    audit_fault_text(ck.fault, 0), ck.rows);
		return 1;
	}
	printf("audit chain ok: %" PRId64 " rows\n", ck.rows);
	return 0;
}

/* Deadline reminders (notify.c), in one transaction. */
static int
remind(void)
{
	static const struct notify_remind st = { X_REMIND_DUE, X_REMIND_MARK,
	    X_NOTIFY_INST };
	int64_t		 n;
	enum rc		 rc;

	must(db_begin(db), "begin");
	if ((rc = notify_reminders(db, ar, &st, &n)) != RC_OK) {
		(void)db_end(db, rc);
		return 1;
	}
	must(db_end(db, RC_OK), "commit");
	printf("xadmin: %lld reminders sent\n", (long long)n);
	return 0;
}

/*
 * qr-backfill: sign and store the QR payload of every confirmed
 * certificate that has none (certificates confirmed before payloads
 * existed, bulk-loaded ones such as bench/gen.sh's), 1,000 per UPDATE.
 */
static int
qr_backfill(void)
{
	struct dbq	*q;
	struct buf	 json;
	const char	*number, *issued, *sha;
	char		 p[QRPAY_CHARS + 1];
	int64_t		 id, after = 0, n, total = 0;
	int		 row;
	enum rc		 rc;

	do {
		arena_reset(ar);
		if ((q = db_run(db, ar, &rc, X_QR_TODO,
		    DB_ARGS(DB_I(after)))) == NULL)
			return 1;
		buf_init(&json, ar);
		buf_puts(&json, "[");
		n = 0;
		while ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&number),
		    DB_OS(&issued), DB_OS(&sha)))) == 1) {
			if (qrpay_sign(&qrk, number, issued, sha, p) == -1)
				return 1;
			buf_printf(&json, "%s[%lld,\"%s\"]", n++ > 0 ? "," :
			    "", (long long)id, p);
			after = id;
		}
		if (row == -1)
			return 1;
		buf_puts(&json, "]");
		if (n > 0)
			must(db_exec(db, ar, X_QR_SET,
			    DB_ARGS(DB_S(buf_cstr(&json))), NULL), "qr_payload");
		total += n;
	} while (n > 0);
	printf("xadmin: %lld QR payloads signed with key %u\n",
	    (long long)total, qrk.priv_kid);
	return 0;
}

/*
 * purge-logs [DAYS]: drop the rows of the verification logs (public
 * lookups, share-code and API uses) older than DAYS (XC_LOG_DAYS, else
 * 365; 180 at least: 网络安全法 art. 21 keeps network logs six months),
 * PURGE_BATCH rows per statement, oldest first through their time's
 * index (0029), each statement in a transaction of its own with its
 * audit row (logs.purge: the table, the rows, the retention), so no lock
 * is held long, the lookups go on writing, and no row goes unrecorded.
 */
#define PURGE_BATCH	10000
#define LOG_DAYS_MIN	180
#define LOG_DAYS_MAX	3650

static int64_t
purge_one(size_t stmt, const char *table, int64_t days)
{
	struct dbres	 res;
	int64_t		 total = 0;

	do {
		arena_reset(ar);
		must(db_begin(db), "begin");
		must(db_exec(db, ar, stmt, DB_ARGS(DB_I(days),
		    DB_I(PURGE_BATCH)), &res),
		    "purge-logs: delete");
		if (res.affected > 0)
			must(audit_add(&rq, "logs.purge", "system", 0,
			    arena_printf(ar, "%s: dropped %llu (older than "
			    "%lld days)", table, (unsigned long long)res.affected,
			    (long long)days)), "audit");
		must(db_end(db, RC_OK), "commit");
		total += (int64_t)res.affected;
	} while (res.affected == PURGE_BATCH);
	return total;
}

static int
purge_logs(const char *arg)
{
	const char	*e = arg != NULL ? arg : getenv("XC_LOG_DAYS");
	int64_t		 days = 365, v, u, a;

	if (e != NULL && valid_int(e, LOG_DAYS_MIN, LOG_DAYS_MAX, &days) == -1) {
		fprintf(stderr, "xadmin: the retention must be %d to %d days "
		    "(%s)\n", LOG_DAYS_MIN, LOG_DAYS_MAX, arg != NULL ?
		    "DAYS" : "XC_LOG_DAYS");
		return 2;
	}
	v = purge_one(X_VLOG_PURGE, "verification_log", days);
	u = purge_one(X_VUSE_PURGE, "verify_use", days);
	a = purge_one(X_AUSE_PURGE, "api_use", days);
	printf("xadmin: kept %lld days of logs; dropped verification_log "
	    "%lld, verify_use %lld, api_use %lld\n", (long long)days,
	    (long long)v, (long long)u, (long long)a);
	return 0;
}

static int
usage(void)
{
	fprintf(stderr, "usage: xadmin create-admin LOGIN NAME | seed-demo | "
	    "audit-verify | remind | purge-logs [DAYS] | qr-backfill | "
	    "id-index IDNUMBER\n");
	return 2;
}

int
main(int argc, char *argv[])
{
	unsigned char	 idx[32];
	char		 hex[65], id[19];
	const char	*why;

	if (argc < 2)
		return usage();
	/*
	 * A command that reads a million rows in batches: with malloc's
	 * default thresholds each batch's result grew the heap in small
	 * steps and gave it back after, 57,611 brk calls and 3.2 s of
	 * system time for audit-verify of 1,000,000 entries (6.4 s in all,
	 * 3.4 s so).  A short-lived command keeps its heap.
	 */
	if (mallopt(M_TOP_PAD, 16 << 20) != 1 ||
	    mallopt(M_TRIM_THRESHOLD, 64 << 20) != 1 ||
	    mallopt(M_MMAP_THRESHOLD, 32 << 20) != 1)
		fprintf(stderr, "xadmin: mallopt failed\n");
	log_setup("xadmin");
	if (config_load(&cfg, "xadmin") == -1)
		return 1;
	if (strcmp(argv[1], "id-index") == 0 && argc == 3) {
		if ((why = idno_card(argv[2], id)) != NULL) {
			fprintf(stderr, "xadmin: %s\n", why);
			return 1;
		}
		idno_index(&cfg, id, idx);
		sec_hex(idx, sizeof(idx), hex);
		printf("%s\n", hex);
		return 0;
	}
	/* The QR signing key, when the secrets name one (seed, backfill). */
	if ((cfg.keys & CFG_QRSIGN) &&
	    qrkeys_load_priv(&qrk, cfg.qr_kid, cfg.qr_key) == -1)
		return 1;
	ar = arena_new();
	db = db_new(&cfg, x_stmts, X__MAX);
	if (db_connect(db) != RC_OK)
		return 1;
	memset(&rq, 0, sizeof(rq));
	rq.arena = ar;
	rq.db = db;
	rq.cfg = &cfg;
	rq.ip = "cli";
	if (strcmp(argv[1], "seed-demo") == 0 && argc == 2)
		seed_demo();
	else if (strcmp(argv[1], "create-admin") == 0 && argc == 4)
		return create_admin(argv[2], argv[3]);
	else if (strcmp(argv[1], "audit-verify") == 0 && argc == 2)
		return verify_audit();
	else if (strcmp(argv[1], "remind") == 0 && argc == 2)
		return remind();
	else if (strcmp(argv[1], "purge-logs") == 0 && argc <= 3)
		return purge_logs(argc == 3 ? argv[2] : NULL);
	else if (strcmp(argv[1], "qr-backfill") == 0 && argc == 2)
		return qr_backfill();
	else
		return usage();
	return 0;
}
