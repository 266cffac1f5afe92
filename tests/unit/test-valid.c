/* test-valid.c: the validators of valid.c. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "idno.h"
#include "tap.h"
#include "idgen.h"

static struct arena	*a;

/* Returns 1 when msg is an error message containing word. */
static int
says(const char *msg, const char *word)
{
	return msg != NULL && strstr(msg, word) != NULL;
}

static void
test_int(void)
{
	int64_t	 v;

	v = -1;
	CHECK(valid_int("42", 0, 100, &v) == 0 && v == 42, "int: 42 in range");
	CHECK(valid_int("0", 0, 100, &v) == 0 && v == 0, "int: 0 at min");
	CHECK(valid_int("100", 0, 100, &v) == 0 && v == 100, "int: max");
	CHECK(valid_int("-5", -10, 10, &v) == 0 && v == -5, "int: negative");
	CHECK(valid_int("007", 0, 100, &v) == 0 && v == 7,
	    "int: leading zeros");
	v = 99;
	CHECK(valid_int("101", 0, 100, &v) == -1, "int: above max rejected");
	CHECK_INT(v, 99, "int: *v untouched on failure");
	CHECK(valid_int("-1", 0, 100, &v) == -1, "int: below min rejected");
	CHECK(valid_int("", 0, 100, &v) == -1, "int: empty rejected");
	CHECK(valid_int(NULL, 0, 100, &v) == -1, "int: NULL rejected");
	CHECK(valid_int("+5", 0, 100, &v) == -1, "int: '+' sign rejected");
	CHECK(valid_int("-", -10, 10, &v) == -1, "int: lone '-' rejected");
	CHECK(valid_int("--5", -10, 10, &v) == -1, "int: '--' rejected");
	CHECK(valid_int(" 5", 0, 100, &v) == -1, "int: leading space rejected");
	CHECK(valid_int("5 ", 0, 100, &v) == -1, "int: trailing space rejected");
	CHECK(valid_int("5\n", 0, 100, &v) == -1, "int: trailing LF rejected");
	CHECK(valid_int("12a", 0, 100, &v) == -1, "int: trailing junk rejected");
	CHECK(valid_int("0x10", 0, 100, &v) == -1, "int: hex rejected");
	CHECK(valid_int("1e2", 0, 1000, &v) == -1, "int: exponent rejected");
	CHECK(valid_int("1.0", 0, 100, &v) == -1, "int: decimal rejected");
	CHECK(valid_int("\xef\xbc\x91", 0, 100, &v) == -1,
	    "int: full-width digit rejected");
	CHECK(valid_int("9223372036854775807", INT64_MIN, INT64_MAX, &v) == 0 &&
	    v == INT64_MAX, "int: INT64_MAX");
	CHECK(valid_int("-9223372036854775808", INT64_MIN, INT64_MAX, &v) ==
	    0 && v == INT64_MIN, "int: INT64_MIN");
	CHECK(valid_int("9223372036854775808", INT64_MIN, INT64_MAX, &v) == -1,
	    "int: overflow by one rejected");
	CHECK(valid_int("-9223372036854775809", INT64_MIN, INT64_MAX, &v) ==
	    -1, "int: negative overflow rejected");
	CHECK(valid_int("99999999999999999999", INT64_MIN, INT64_MAX, &v) ==
	    -1, "int: 20 nines rejected");
	CHECK(valid_int("000000000000000000001", 0, 100, &v) == -1,
	    "int: over 20 characters rejected");
	CHECK(valid_int("2147483648", 0, INT32_MAX, &v) == -1,
	    "int: INT32_MAX + 1 above an INT32 bound");
}

static void
test_idcard(void)
{
	char		 out[19], id[19], s17[64], exp[19];
	const char	*m;
	time_t		 t;
	struct tm	 tm;

	CHECK(iso7064("11010519491231002") == 'X',
	    "idcard: test helper computes the standard's example");

	memset(out, 0, sizeof(out));
	CHECK((m = idno_card("11010519491231002X", out)) == NULL,
	    "idcard: 11010519491231002X is valid");
	CHECK_STR(out, "11010519491231002X", "idcard: normalised copy");
	memset(out, 0, sizeof(out));
	CHECK(idno_card("11010519491231002x", out) == NULL,
	    "idcard: lower-case x accepted");
	CHECK_STR(out, "11010519491231002X", "idcard: x normalised to X");
	CHECK(idno_card(mkid(id, "61011419900101101"), out) == NULL &&
	    strcmp(out, id) == 0, "idcard: numeric check digit valid");

	m = idno_card("110105194912310021", out);
	CHECK(says(m, "校验位"), "idcard: wrong check digit");
	m = idno_card("11010519491231002Y", out);
	CHECK(m != NULL, "idcard: Y as check character rejected");
	m = idno_card("1101051949123100X2", out);
	CHECK(says(m, "数字"), "idcard: X not in last place rejected");

	m = idno_card(mkid(id, "11010519990230123"), out);
	CHECK(says(m, "出生日期无效"), "idcard: 1999-02-30 birth date invalid");
	m = idno_card(mkid(id, "11010519991301123"), out);
	CHECK(says(m, "出生日期无效"), "idcard: month 13 invalid");
	m = idno_card(mkid(id, "11010519990100123"), out);
	CHECK(says(m, "出生日期无效"), "idcard: day 00 invalid");
	m = idno_card(mkid(id, "11010518991231123"), out);
	CHECK(says(m, "出生日期无效"), "idcard: born 1899 invalid");
	m = idno_card(mkid(id, "11010519000229123"), out);
	CHECK(says(m, "出生日期无效"), "idcard: 1900-02-29 invalid (no leap)");
	CHECK(idno_card(mkid(id, "11010520000229123"), out) == NULL,
	    "idcard: 2000-02-29 valid (leap)");

	/* "Today" is the date in Beijing (UTC+8), as the platform uses. */
	t = time(NULL) + 8 * 3600;
	gmtime_r(&t, &tm);
	snprintf(s17, sizeof(s17), "110105%04d%02d%02d123",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	CHECK(idno_card(mkid(id, s17), out) == NULL,
	    "idcard: born today is valid");
	snprintf(s17, sizeof(s17), "110105%04d0101123", tm.tm_year + 1901);
	m = idno_card(mkid(id, s17), out);
	CHECK(says(m, "晚于今天"), "idcard: born next year rejected");
	t += 86400;
	gmtime_r(&t, &tm);
	snprintf(s17, sizeof(s17), "110105%04d%02d%02d123",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	m = idno_card(mkid(id, s17), out);
	CHECK(says(m, "晚于今天"), "idcard: born tomorrow rejected");

	m = idno_card(mkid(id, "99010519491231002"), out);
	CHECK(says(m, "地区代码"), "idcard: province 99 invalid");
	m = idno_card(mkid(id, "00010519491231002"), out);
	CHECK(says(m, "地区代码"), "idcard: province 00 invalid");
	CHECK(idno_card(mkid(id, "81000019800101123"), out) == NULL,
	    "idcard: Hong Kong residence permit code 81 valid");

	m = idno_card("11010519491231002", out);
	CHECK(says(m, "18位"), "idcard: 17 digits rejected");
	m = idno_card("11010519491231002X1", out);
	CHECK(says(m, "18位"), "idcard: 19 characters rejected");
	m = idno_card("", out);
	CHECK(says(m, "请填写"), "idcard: empty asks to fill in");
	CHECK(idno_card(NULL, out) != NULL, "idcard: NULL rejected");
	/* 15 ASCII digits and one full-width digit: 18 bytes. */
	m = idno_card("\xef\xbc\x91" "101051949123100", out);
	CHECK(says(m, "数字"), "idcard: full-width digit rejected");
	m = idno_card("\xef\xbc\x91\xef\xbc\x91" "010519491231002X", out);
	CHECK(m != NULL, "idcard: full-width digits (20 bytes) rejected");
	m = idno_card("110105 9491231002X", out);
	CHECK(says(m, "数字"), "idcard: embedded space rejected");
	m = idno_card(" 11010519491231002X", out);
	CHECK(m != NULL, "idcard: leading space rejected");
	m = idno_card("11010519491231002X ", out);
	CHECK(m != NULL, "idcard: trailing space rejected");
	m = idno_card("-11010519491231002", out);
	CHECK(says(m, "数字"), "idcard: sign rejected");

	/* 15-digit legacy numbers: insert "19", append the check digit. */
	memset(out, 0, sizeof(out));
	CHECK(idno_card("110105491231002", out) == NULL,
	    "idcard: 15-digit legacy number valid");
	mkid(exp, "11010519491231002");
	CHECK_STR(out, exp, "idcard: 15 digits converted to 18");
	memset(out, 0, sizeof(out));
	CHECK(idno_card("610114900101101", out) == NULL,
	    "idcard: second 15-digit number valid");
	mkid(exp, "61011419900101101");
	CHECK_STR(out, exp, "idcard: second conversion (numeric check)");
	m = idno_card("11010549123100X", out);
	CHECK(m != NULL, "idcard: 15 characters ending in X rejected");
	m = idno_card("110105490230002", out);
	CHECK(says(m, "出生日期无效"), "idcard: 15-digit with 1949-02-30");
	m = idno_card("990105491231002", out);
	CHECK(says(m, "地区代码"), "idcard: 15-digit with province 99");
}

static void
test_mask(void)
{
	CHECK_STR(idno_mask(a, "610114199001011011"), "610114*****1011",
	    "mask: 18-digit number");
	CHECK_STR(idno_mask(a, "11010519491231002X"), "110105*****002X",
	    "mask: ends in X");
	/* Shorter numbers must not show most of themselves. */
	CHECK_STR(idno_mask(a, "USA110105000001"), "USA*****001",
	    "mask: 15-character number keeps 3 + 3");
	CHECK_STR(idno_mask(a, "AB12345678"), "AB*****78",
	    "mask: 10-character passport keeps 2 + 2");
	CHECK_STR(idno_mask(a, "123456789"), "**********",
	    "mask: short input fully masked");
	CHECK_STR(idno_mask(a, NULL), "**********", "mask: NULL masked");
	arena_reset(a);
}

static void
test_password(void)
{
	const char	*why;
	char		 longpw[200];

	why = NULL;
	CHECK(valid_password("short", NULL, &why) == -1 && says(why, "至少"),
	    "password: 5 chars too short");
	CHECK(valid_password("1234567", NULL, &why) == -1,
	    "password: 7 chars too short");
	CHECK(valid_password(NULL, NULL, &why) == -1, "password: NULL rejected");
	why = NULL;
	CHECK(valid_password("password123", NULL, &why) == -1 &&
	    says(why, "常见"), "password: password123 deny-listed");
	CHECK(valid_password("PassWord123", NULL, &why) == -1,
	    "password: deny-list is case-insensitive");
	CHECK(valid_password("12345678", NULL, &why) == -1,
	    "password: 12345678 deny-listed");
	CHECK(valid_password("P@SSW0RD", NULL, &why) == -1,
	    "password: P@SSW0RD deny-listed");
	why = NULL;
	CHECK(valid_password("zhangwei2024", "ZhangWei2024", &why) == -1 &&
	    says(why, "账号"), "password: equal to login (any case) rejected");
	CHECK(valid_password("Tr0ub4dor&3x", "zhangwei", &why) == 0,
	    "password: good password accepted");
	CHECK(valid_password("8chars!!", NULL, &why) == 0,
	    "password: exactly 8 chars accepted");
	memset(longpw, 'k', sizeof(longpw));
	longpw[128] = '\0';
	CHECK(valid_password(longpw, NULL, &why) == 0,
	    "password: 128 chars accepted");
	longpw[128] = 'k';
	longpw[129] = '\0';
	CHECK(valid_password(longpw, NULL, &why) == -1,
	    "password: 129 chars rejected");
	CHECK(valid_password("密码密码密码", NULL, &why) == 0,
	    "password: length counted in bytes (6 CJK chars = 18 bytes)");
}

static void
test_simple(void)
{
	struct fval	 f;
	int		 y, m, d;
	char		*s;

	CHECK(valid_login("abc"), "login: 3 chars ok");
	CHECK(valid_login("zhang.san-01_x"), "login: . - _ allowed");
	CHECK(valid_login("abcdefghijabcdefghijabcdefghij12"),
	    "login: 32 chars ok");
	CHECK(!valid_login("abcdefghijabcdefghijabcdefghij123"),
	    "login: 33 chars rejected");
	CHECK(!valid_login("ab"), "login: 2 chars rejected");
	CHECK(!valid_login("a b c"), "login: space rejected");
	CHECK(!valid_login("张三丰"), "login: non-ASCII rejected");
	CHECK(!valid_login("a@b.c"), "login: '@' rejected");
	CHECK(!valid_login(NULL), "login: NULL rejected");
	/* One spelling: ASCII folded to lower case, everything else refused. */
	CHECK_STR(valid_login_canon(a, "Zhang.San-01_X"), "zhang.san-01_x",
	    "login_canon: ASCII capitals folded");
	CHECK_STR(valid_login_canon(a, "admin"), "admin",
	    "login_canon: canonical unchanged");
	CHECK(valid_login_canon(a, "\xef\xbd\x81\xef\xbd\x84\xef\xbd\x8d"
	    "\xef\xbd\x89\xef\xbd\x8e") == NULL,
	    "login_canon: full-width ａｄｍｉｎ refused");
	CHECK(valid_login_canon(a, "\xc3\xa1" "dmin") == NULL,
	    "login_canon: accented ádmin refused");
	CHECK(valid_login_canon(a, "adm\xc4\xb1n") == NULL,
	    "login_canon: dotless i refused");
	CHECK(valid_login_canon(a, "\xe2\x84\xaa" "elvin") == NULL,
	    "login_canon: Kelvin sign refused");
	CHECK(valid_login_canon(a, "ab") == NULL, "login_canon: too short");
	CHECK(valid_login_canon(a, NULL) == NULL, "login_canon: NULL");
	CHECK(!valid_login("adm\xe9n"), "login: Latin-1 byte rejected");

	CHECK(valid_inst_code("12345678901234567890"), "inst_code: 20 digits");
	CHECK(!valid_inst_code("1234567890123456789"),
	    "inst_code: 19 digits rejected");
	CHECK(!valid_inst_code("123456789012345678901"),
	    "inst_code: 21 digits rejected");
	CHECK(!valid_inst_code("1234567890123456789X"),
	    "inst_code: letter rejected");
	CHECK(!valid_inst_code(" 2345678901234567890"),
	    "inst_code: space rejected");
	CHECK(!valid_inst_code(NULL), "inst_code: NULL rejected");

	y = m = d = 0;
	CHECK(valid_date("2024-02-29", &y, &m, &d) == 0 && y == 2024 &&
	    m == 2 && d == 29, "date: 2024-02-29 parsed");
	CHECK(valid_date("2023-02-29", &y, &m, &d) == -1,
	    "date: 2023-02-29 rejected");
	CHECK(valid_date("1900-02-29", &y, &m, &d) == -1,
	    "date: 1900-02-29 rejected (not leap)");
	CHECK(valid_date("2000-02-29", &y, &m, &d) == 0,
	    "date: 2000-02-29 ok (leap)");
	CHECK(valid_date("2024-04-31", &y, &m, &d) == -1,
	    "date: April 31 rejected");
	CHECK(valid_date("2024-12-31", &y, &m, &d) == 0 && m == 12 && d == 31,
	    "date: December 31 ok");
	CHECK(valid_date("2024-13-01", &y, &m, &d) == -1, "date: month 13");
	CHECK(valid_date("2024-00-10", &y, &m, &d) == -1, "date: month 0");
	CHECK(valid_date("2024-01-00", &y, &m, &d) == -1, "date: day 0");
	CHECK(valid_date("1899-12-31", &y, &m, &d) == -1, "date: before 1900");
	CHECK(valid_date("1900-01-01", &y, &m, &d) == 0, "date: 1900-01-01");
	CHECK(valid_date("2100-12-31", &y, &m, &d) == 0, "date: 2100-12-31");
	CHECK(valid_date("2101-01-01", &y, &m, &d) == -1, "date: after 2100");
	CHECK(valid_date("2024-1-01", &y, &m, &d) == -1, "date: short month");
	CHECK(valid_date("2024/01/01", &y, &m, &d) == -1, "date: slashes");
	CHECK(valid_date("2024-01-01 ", &y, &m, &d) == -1,
	    "date: trailing space");
	CHECK(valid_date("2024-+1-01", &y, &m, &d) == -1, "date: sign");
	CHECK(valid_date("", &y, &m, &d) == -1, "date: empty");
	CHECK(valid_date(NULL, &y, &m, &d) == -1, "date: NULL");

	CHECK(valid_code("AB"), "code: 2 chars ok");
	CHECK(valid_code("org_01-X"), "code: _ and - ok");
	CHECK(!valid_code("A"), "code: 1 char rejected");
	CHECK(!valid_code("a.b"), "code: '.' rejected");
	CHECK(!valid_code("abcdefghijabcdefghijabcdefghij123"),
	    "code: 33 chars rejected");
	CHECK(valid_code("abcdefghijabcdefghijabcdefghij12"),
	    "code: 32 chars ok");
	CHECK(!valid_code("代码"), "code: non-ASCII rejected");
	CHECK(!valid_code(NULL), "code: NULL rejected");

	CHECK_INT(valid_chars(""), 0, "chars: empty");
	CHECK_INT(valid_chars("abc"), 3, "chars: ASCII");
	CHECK_INT(valid_chars("职业技能等级证书"), 8, "chars: Chinese text");
	CHECK_INT(valid_chars("1+X证书"), 5, "chars: mixed text");
	CHECK_INT(valid_chars("\xf0\x9f\x98\x80!"), 2, "chars: 4-byte char");

	CHECK_STR(valid_trim(a, " \t 张三 \t"), "张三", "trim: spaces and tabs");
	CHECK_STR(valid_trim(a, "a b"), "a b", "trim: inner space kept");
	CHECK_STR(valid_trim(a, "   "), "", "trim: all blank");
	CHECK(valid_trim(a, NULL) == NULL, "trim: NULL stays NULL");

	memset(&f, 0, sizeof(f));
	f.present = 1;
	f.val = "  张三丰  ";
	f.len = strlen(f.val);
	s = valid_text(a, &f, 1, 3);
	CHECK_STR(s, "张三丰", "text: trimmed, 3 chars within 1..3");
	CHECK(valid_text(a, &f, 1, 2) == NULL, "text: 3 chars over max 2");
	CHECK(valid_text(a, &f, 4, 10) == NULL, "text: 3 chars under min 4");
	f.val = "   ";
	CHECK(valid_text(a, &f, 1, 10) == NULL, "text: blank fails min 1");
	CHECK_STR(valid_text(a, &f, 0, 10), "", "text: blank ok with min 0");
	f.val = "ok";
	f.invalid = 1;
	CHECK(valid_text(a, &f, 0, 10) == NULL, "text: invalid value -> NULL");
	f.invalid = 0;
	f.present = 0;
	CHECK(valid_text(a, &f, 0, 10) == NULL, "text: absent value -> NULL");
	arena_reset(a);
}

/* A holder's name as the public lookup shows it. */
static void
test_mask_name(void)
{
	CHECK_STR(valid_mask_name(a, "张三丰"), "张*丰", "name mask: 张*丰");
	CHECK_STR(valid_mask_name(a, "王五"), "王*", "name mask: two characters keep the first");
	CHECK_STR(valid_mask_name(a, "欧阳修远"), "欧**远", "name mask: four characters");
	CHECK_STR(valid_mask_name(a, "李"), "李", "name mask: one character");
	CHECK_STR(valid_mask_name(a, "阿依古丽·买买提"), "阿******提",
	    "name mask: a long name with a middle dot, by characters");
	CHECK_STR(valid_mask_name(a, ""), "", "name mask: empty");
	arena_reset(a);
}

int
main(void)
{
	a = arena_new();
	test_mask_name();
	test_int();
	test_idcard();
	test_mask();
	test_password();
	test_simple();
	arena_free(a);
	return tap_done();
}
