/*
 * test-idtypes.c: idno_valid for every ID type (居民身份证, 港澳台居民居住证,
 * 外国人永久居留身份证, 护照), valid_person_name, valid_phone,
 * idno_gender and the ID type names.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "idno.h"
#include "tap.h"
#include "idgen.h"

/* The same number with a wrong check character (the next one along). */
static char *
badcheck(char out[19], const char *s17)
{
	static const char ring[] = "0123456789X";

	mkid(out, s17);
	out[17] = ring[(strchr(ring, out[17]) - ring + 1) % 11];
	return out;
}

/*
 * The first number with the 15-digit prefix given whose check character
 * is X (trying the last two digits 00 to 99).  Returns 1 when found.
 */
static int
xcheck(char out[19], const char *p15)
{
	char	 s17[18];
	int	 k;

	for (k = 0; k < 100; k++) {
		snprintf(s17, sizeof(s17), "%.15s%02d", p15, k);
		if (iso7064(s17) == 'X') {
			mkid(out, s17);
			return 1;
		}
	}
	return 0;
}

/* 1 when msg is an error message containing word. */
static int
says(const char *msg, const char *word)
{
	return msg != NULL && strstr(msg, word) != NULL;
}

static void
test_helper(void)
{
	char	 id[19];

	/* GB 11643-1999's own example; the helper must reproduce it. */
	CHECK(iso7064("11010519491231002") == 'X',
	    "helper: ISO 7064 gives the standard's example 11010519491231002X");
	CHECK(strcmp(mkid(id, "44052418800101001"), "440524188001010014") == 0,
	    "helper: second published example 440524188001010014");
	badcheck(id, "11010519491231002");
	CHECK(id[17] != 'X', "helper: badcheck changes the check character");
}

static void
test_resident(void)
{
	char		 out[24], id[19], exp[19], s17[64];
	const char	*m;
	time_t		 t;
	struct tm	 tm;

	memset(out, 0, sizeof(out));
	m = idno_valid(IDT_RESIDENT, "11010519491231002X", out);
	CHECK(m == NULL, "resident: standard example 11010519491231002X valid");
	CHECK_STR(out, "11010519491231002X", "resident: normalised copy");
	memset(out, 0, sizeof(out));
	CHECK(idno_valid(IDT_RESIDENT, "11010519491231002x", out) == NULL,
	    "resident: lower-case x accepted");
	CHECK_STR(out, "11010519491231002X", "resident: x normalised to X");
	mkid(id, "61011419900101101");
	CHECK(idno_valid(IDT_RESIDENT, id, out) == NULL && strcmp(out, id) == 0,
	    "resident: a computed numeric check digit is valid");

	m = idno_valid(IDT_RESIDENT, badcheck(id, "11010519491231002"), out);
	CHECK(says(m, "校验位"), "resident: wrong check digit -> 校验位错误");
	m = idno_valid(IDT_RESIDENT, badcheck(id, "61011419900101101"), out);
	CHECK(says(m, "校验位"), "resident: second wrong check digit");

	m = idno_valid(IDT_RESIDENT, mkid(id, "11010519990230123"), out);
	CHECK(says(m, "出生日期无效"),
	    "resident: birth date 19990230 (check digit right) invalid");
	m = idno_valid(IDT_RESIDENT, mkid(id, "11010520230229123"), out);
	CHECK(says(m, "出生日期无效"), "resident: 2023-02-29 invalid");
	CHECK(idno_valid(IDT_RESIDENT, mkid(id, "11010520240229123"), out) ==
	    NULL, "resident: 2024-02-29 valid (leap year)");

	t = time(NULL);
	gmtime_r(&t, &tm);
	snprintf(s17, sizeof(s17), "110105%04d0101123", tm.tm_year + 1901);
	m = idno_valid(IDT_RESIDENT, mkid(id, s17), out);
	CHECK(says(m, "晚于今天"), "resident: birth date next year rejected");
	t += 2 * 86400;
	gmtime_r(&t, &tm);
	snprintf(s17, sizeof(s17), "110105%04d%02d%02d123", tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday);
	m = idno_valid(IDT_RESIDENT, mkid(id, s17), out);
	CHECK(says(m, "晚于今天"),
	    "resident: birth date the day after tomorrow rejected");

	m = idno_valid(IDT_RESIDENT, "11010519491231002", out);
	CHECK(says(m, "18位"), "resident: 17 digits -> 应为18位");
	m = idno_valid(IDT_RESIDENT, "11010519491231002X0", out);
	CHECK(says(m, "18位"), "resident: 19 characters -> 应为18位");

	/* Eighteen full-width characters (three bytes each). */
	m = idno_valid(IDT_RESIDENT, "\xef\xbc\x91\xef\xbc\x91\xef\xbc\x90"
	    "\xef\xbc\x91\xef\xbc\x90\xef\xbc\x95\xef\xbc\x91\xef\xbc\x99"
	    "\xef\xbc\x94\xef\xbc\x99\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93"
	    "\xef\xbc\x91\xef\xbc\x90\xef\xbc\x90\xef\xbc\x92\xef\xbc\xb8",
	    out);
	CHECK(says(m, "全角"), "resident: full-width digits -> 全角 message");
	m = idno_valid(IDT_RESIDENT, "11010519491231002\xef\xbc\xb8", out);
	CHECK(says(m, "全角"), "resident: one full-width X -> 全角 message");
	m = idno_valid(IDT_RESIDENT, "身份证11010519491231", out);
	CHECK(says(m, "中文"), "resident: Chinese characters -> 全角或中文");
	m = idno_valid(IDT_RESIDENT, "110105 19491231002X", out);
	CHECK(says(m, "空格"), "resident: embedded space -> 空格 message");
	m = idno_valid(IDT_RESIDENT, "110105\t19491231002X", out);
	CHECK(says(m, "空格"), "resident: embedded tab -> 空格 message");
	m = idno_valid(IDT_RESIDENT, "1101051949123100X2", out);
	CHECK(says(m, "数字"), "resident: X not in the last place rejected");

	m = idno_valid(IDT_RESIDENT, mkid(id, "99010519491231002"), out);
	CHECK(says(m, "地区代码"), "resident: province 99 -> 地区代码无效");
	m = idno_valid(IDT_RESIDENT, mkid(id, "10010519491231002"), out);
	CHECK(says(m, "地区代码"), "resident: province 10 -> 地区代码无效");

	memset(out, 0, sizeof(out));
	CHECK(idno_valid(IDT_RESIDENT, "110105491231002", out) == NULL,
	    "resident: 15-digit legacy number accepted");
	CHECK_STR(out, mkid(exp, "11010519491231002"),
	    "resident: 15 digits converted to 18 (19 inserted, check added)");
	CHECK_INT(strlen(out), 18, "resident: the converted number has 18");

	/* 9 (foreigners) and 83 (Taiwan permits) are other types. */
	m = idno_valid(IDT_RESIDENT, mkid(id, "91000019800101123"), out);
	CHECK(says(m, "请选择正确的证件类型"),
	    "resident: a 9-prefixed number -> 请选择正确的证件类型");
	CHECK(says(m, "不是居民身份证号"),
	    "resident: ... and says it is not a resident ID number");
	m = idno_valid(IDT_RESIDENT, mkid(id, "83000019800101123"), out);
	CHECK(says(m, "请选择正确的证件类型"),
	    "resident: an 83-prefixed (Taiwan permit) number -> right type");

	m = idno_valid(IDT_RESIDENT, "", out);
	CHECK(says(m, "请填写"), "resident: empty -> 请填写证件号码");
	CHECK(says(idno_valid(IDT_RESIDENT, NULL, out), "请填写"),
	    "resident: NULL -> 请填写证件号码");
}

static void
test_permit(void)
{
	char		 out[24], id[19];
	const char	*m;

	memset(out, 0, sizeof(out));
	CHECK(idno_valid(IDT_PERMIT, mkid(id, "81000019800101123"), out) ==
	    NULL && strcmp(out, id) == 0, "permit: 81 (Hong Kong) valid");
	CHECK(idno_valid(IDT_PERMIT, mkid(id, "82000019951231456"), out) ==
	    NULL && strcmp(out, id) == 0, "permit: 82 (Macau) valid");
	CHECK(idno_valid(IDT_PERMIT, mkid(id, "83000020000229789"), out) ==
	    NULL && strcmp(out, id) == 0, "permit: 83 (Taiwan) valid");
	/* A permit number whose check character is X, written x. */
	CHECK(xcheck(id, "830000198001011") && id[17] == 'X',
	    "permit: helper finds a number with check character X");
	id[17] = 'x';
	memset(out, 0, sizeof(out));
	CHECK(idno_valid(IDT_PERMIT, id, out) == NULL && out[17] == 'X' &&
	    strncmp(out, id, 17) == 0, "permit: lower-case x normalised to X");

	m = idno_valid(IDT_PERMIT, badcheck(id, "81000019800101123"), out);
	CHECK(says(m, "校验位"), "permit: wrong check digit -> 校验位错误");
	m = idno_valid(IDT_PERMIT, mkid(id, "81000019800230123"), out);
	CHECK(says(m, "出生日期无效"), "permit: 1980-02-30 invalid");
	m = idno_valid(IDT_PERMIT, mkid(id, "84000019800101123"), out);
	CHECK(says(m, "81、82或83"), "permit: 84 prefix -> 81、82或83开头");
	m = idno_valid(IDT_PERMIT, mkid(id, "80000019800101123"), out);
	CHECK(says(m, "81、82或83"), "permit: 80 prefix refused");
	m = idno_valid(IDT_PERMIT, mkid(id, "11010519491231002"), out);
	CHECK(says(m, "81、82或83"),
	    "permit: a resident ID number refused for this type");
	m = idno_valid(IDT_PERMIT, "81000019800101123", out);
	CHECK(says(m, "18位"), "permit: 17 digits refused");
	m = idno_valid(IDT_PERMIT, "8100001980010112A", out);
	CHECK(m != NULL, "permit: 17 digits and a letter refused");
	m = idno_valid(IDT_PERMIT, "810000 19800101123", out);
	CHECK(says(m, "空格"), "permit: space -> 空格 message");
	m = idno_valid(IDT_PERMIT,
	    "\xef\xbc\x98\xef\xbc\x91" "0000198001011234", out);
	CHECK(says(m, "全角"), "permit: full-width digits -> 全角 message");
}

static void
test_foreign(void)
{
	char		 out[24], id[19];
	const char	*m;

	/* The 2023 card: 18 digits starting 9, with an ISO 7064 check. */
	memset(out, 0, sizeof(out));
	CHECK(idno_valid(IDT_FOREIGN, mkid(id, "93311019900101123"), out) ==
	    NULL && strcmp(out, id) == 0,
	    "foreign: new 18-digit 9-prefixed number valid");
	m = idno_valid(IDT_FOREIGN, badcheck(id, "93311019900101123"), out);
	CHECK(says(m, "校验位"), "foreign: new number, wrong check digit");
	m = idno_valid(IDT_FOREIGN, mkid(id, "93311019901301123"), out);
	CHECK(says(m, "出生日期无效"), "foreign: new number, month 13");
	m = idno_valid(IDT_FOREIGN, mkid(id, "11010519491231002"), out);
	CHECK(says(m, "9开头"),
	    "foreign: an 18-digit number not starting 9 refused");

	/* The 2004 card: three letters and twelve digits. */
	memset(out, 0, sizeof(out));
	CHECK(idno_valid(IDT_FOREIGN, "USA110090010123", out) == NULL,
	    "foreign: old 3 letters + 12 digits valid");
	CHECK_STR(out, "USA110090010123", "foreign: old number kept");
	memset(out, 0, sizeof(out));
	CHECK(idno_valid(IDT_FOREIGN, "can110090010123", out) == NULL,
	    "foreign: old number in lower case valid");
	CHECK_STR(out, "CAN110090010123", "foreign: letters upper-cased");
	m = idno_valid(IDT_FOREIGN, "US1110090010123", out);
	CHECK(says(m, "3位字母加12位数字"), "foreign: 2 letters + 13 digits refused");
	m = idno_valid(IDT_FOREIGN, "USA11009001012", out);
	CHECK(m != NULL, "foreign: 3 letters + 11 digits refused");
	m = idno_valid(IDT_FOREIGN, "USA1100900101234", out);
	CHECK(m != NULL, "foreign: 3 letters + 13 digits refused");
	m = idno_valid(IDT_FOREIGN, "USA11009001012X", out);
	CHECK(m != NULL, "foreign: a letter among the 12 digits refused");
	m = idno_valid(IDT_FOREIGN, "USA 110090010123", out);
	CHECK(says(m, "空格"), "foreign: space -> 空格 message");
}

static void
test_passport(void)
{
	char		 out[24];
	const char	*m;

	memset(out, 0, sizeof(out));
	CHECK(idno_valid(IDT_PASSPORT, "e12345678", out) == NULL,
	    "passport: e12345678 valid");
	CHECK_STR(out, "E12345678", "passport: upper-cased");
	CHECK(idno_valid(IDT_PASSPORT, "AB123", out) == NULL &&
	    strcmp(out, "AB123") == 0, "passport: 5 characters valid");
	CHECK(idno_valid(IDT_PASSPORT, "abcdefghij0123456789", out) == NULL,
	    "passport: 20 characters valid");
	CHECK_STR(out, "ABCDEFGHIJ0123456789", "passport: 20 upper-cased");
	m = idno_valid(IDT_PASSPORT, "AB12", out);
	CHECK(says(m, "5至20位"), "passport: 4 characters refused");
	m = idno_valid(IDT_PASSPORT, "abcdefghij01234567890", out);
	CHECK(says(m, "5至20位"), "passport: 21 characters refused");
	m = idno_valid(IDT_PASSPORT, "E1234-5678", out);
	CHECK(says(m, "字母和数字"), "passport: '-' refused");
	m = idno_valid(IDT_PASSPORT, "E1234.5678", out);
	CHECK(says(m, "字母和数字"), "passport: '.' refused");
	m = idno_valid(IDT_PASSPORT, "<E12345>", out);
	CHECK(says(m, "字母和数字"), "passport: '<' '>' refused");
	m = idno_valid(IDT_PASSPORT, "E1234 5678", out);
	CHECK(says(m, "空格"), "passport: space -> 空格 message");
	m = idno_valid(IDT_PASSPORT, "Ｅ12345678", out);
	CHECK(says(m, "全角"), "passport: full-width letter -> 全角 message");

	m = idno_valid(IDT__MAX, "E12345678", out);
	CHECK(says(m, "证件类型"), "no type: 请选择证件类型");
}

static void
test_names(void)
{
	char		 n31[200], n30[200];
	const char	*m;
	int		 i;

	CHECK(valid_person_name("张三") == NULL, "name: 张三");
	CHECK(valid_person_name("欧阳娜娜") == NULL, "name: 欧阳娜娜");
	CHECK(valid_person_name("买买提·艾力") == NULL,
	    "name: 买买提·艾力 (middle dot U+00B7) accepted");
	CHECK(valid_person_name("Zhang San") == NULL, "name: Latin with space");
	CHECK(valid_person_name("Mary-Jane O.") == NULL,
	    "name: '-' and '.' allowed");
	m = valid_person_name("张三1");
	CHECK(says(m, "数字"), "name: digit refused");
	m = valid_person_name("<script>alert(1)</script>");
	CHECK(says(m, "符号"), "name: <script> refused");
	m = valid_person_name("<b>x</b>");
	CHECK(m != NULL, "name: <b>x</b> refused");
	m = valid_person_name("张'三");
	CHECK(m != NULL, "name: apostrophe refused");
	m = valid_person_name("张");
	CHECK(says(m, "2至30"), "name: 1 character refused");
	m = valid_person_name("");
	CHECK(says(m, "请填写"), "name: empty -> 请填写姓名");
	CHECK(says(valid_person_name(NULL), "请填写"), "name: NULL");
	n30[0] = n31[0] = '\0';
	for (i = 0; i < 30; i++)
		strcat(n30, "张");
	strcpy(n31, n30);
	strcat(n31, "三");
	CHECK(valid_person_name(n30) == NULL, "name: 30 characters accepted");
	m = valid_person_name(n31);
	CHECK(says(m, "2至30"), "name: 31 characters refused");
}

static void
test_phone(void)
{
	CHECK(valid_phone("13800138000"), "phone: 13800138000");
	CHECK(valid_phone("19912345678"), "phone: 199 prefix");
	CHECK(valid_phone(""), "phone: empty allowed (optional)");
	CHECK(valid_phone(NULL), "phone: NULL allowed (optional)");
	CHECK(!valid_phone("12800138000"), "phone: 12 prefix refused");
	CHECK(!valid_phone("23800138000"), "phone: not starting 1 refused");
	CHECK(!valid_phone("1380013800"), "phone: 10 digits refused");
	CHECK(!valid_phone("138001380001"), "phone: 12 digits refused");
	CHECK(!valid_phone("1380013800a"), "phone: letter refused");
	CHECK(!valid_phone("138 0013 800"), "phone: spaces refused");
	CHECK(!valid_phone("+8613800138000"), "phone: +86 refused");
	CHECK(!valid_phone("010-12345678"), "phone: landline refused");
}

static void
test_gender(void)
{
	char	 id[19], out[24];

	/* The 17th digit: odd for men, even for women. */
	mkid(id, "11010519900101123");
	CHECK_STR(idno_gender(IDT_RESIDENT, id), "男",
	    "gender: 17th digit 3 (odd) -> 男");
	mkid(id, "11010519900101124");
	CHECK_STR(idno_gender(IDT_RESIDENT, id), "女",
	    "gender: 17th digit 4 (even) -> 女");
	mkid(id, "11010519900101120");
	CHECK_STR(idno_gender(IDT_RESIDENT, id), "女",
	    "gender: 17th digit 0 -> 女");
	CHECK_STR(idno_gender(IDT_RESIDENT, "11010519491231002X"), "女",
	    "gender: the standard's example (2) -> 女");
	mkid(id, "81000019800101121");
	CHECK_STR(idno_gender(IDT_PERMIT, id), "男",
	    "gender: permits carry it too");
	mkid(id, "93311019900101125");
	CHECK_STR(idno_gender(IDT_FOREIGN, id), "男",
	    "gender: new foreigner's card carries it");
	CHECK(idno_gender(IDT_FOREIGN, "USA110090010123") == NULL,
	    "gender: old foreigner's card carries none");
	CHECK(idno_gender(IDT_PASSPORT, "E123456789012345X1") == NULL,
	    "gender: a passport carries none (even with 18 characters)");
	/* A converted 15-digit number: the 15th digit becomes the 17th. */
	CHECK(idno_valid(IDT_RESIDENT, "110105491231003", out) == NULL,
	    "gender: 15-digit number converted");
	CHECK_STR(idno_gender(IDT_RESIDENT, out), "男",
	    "gender: of a converted 15-digit number");
}

static void
test_types(void)
{
	static const char *const names[IDT__MAX] = { "居民身份证",
	    "港澳台居民居住证", "外国人永久居留身份证", "护照" };
	int	 t, ok = 1;
	char	 d[80];

	for (t = 0; t < IDT__MAX; t++) {
		snprintf(d, sizeof(d), "idtype: name of type %d", t);
		CHECK_STR(idno_type_name((enum idtype)t), names[t], d);
		if (idno_type(idno_type_name((enum idtype)t)) !=
		    (enum idtype)t)
			ok = 0;
	}
	CHECK(ok, "idtype: idno_type(idno_type_name(t)) == t for all");
	CHECK_INT(idno_type("身份证"), IDT__MAX, "idtype: unknown name");
	CHECK_INT(idno_type(""), IDT__MAX, "idtype: empty name");
	CHECK_INT(idno_type(NULL), IDT__MAX, "idtype: NULL");
	CHECK_INT(idno_type("护照 "), IDT__MAX,
	    "idtype: exact match (trailing space is another name)");
	CHECK_STR(idno_type_name(IDT__MAX), "", "idtype: no name past end");
}

int
main(void)
{
	test_helper();
	test_resident();
	test_permit();
	test_foreign();
	test_passport();
	test_names();
	test_phone();
	test_gender();
	test_types();
	return tap_done();
}
