/*
 * test-empcheck.c: the pure parts of the employers' checks: the holder's
 * name as employers see it, share codes typed and made, JSON bodies.  The area's file
 * is compiled in (the responders' areas are no library).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "../../fcgi/verification/verification.h"
#include "../../fcgi/verification/emp_check.c"
#include "../../fcgi/verification/emp_json.c"
#include "../../fcgi/verification/vlog.c"
#include "tap.h"

static const struct field jf[] = {
	{ "number", FT_TEXT, 64 },
	{ "idno", FT_TEXT, 64 },
	{ "code", FT_TEXT, 64 },
};

static enum form_err
jparse(struct arena *a, const char *s, struct fval *v)
{
	return emp_json_form(a, s, strlen(s), jf, nitems(jf), v);
}

static void
json_cases(struct arena *a)
{
	static const char *const bad[] = { "", "[]", "{", "{\"number\"}",
	    "{\"number\":1}", "{\"number\":\"1\",}", "{\"a\":\"b\"} x",
	    "{\"number\":\"1\",\"number\":\"2\"}", "{\"number\":\"\\ud800\"}",
	    "{\"number\":\"\\u0000\"}", "{\"number\":\"\x01\"}",
	    "{\"number\":\"\\q\"}", "{\"number\":\"\xff\"}", "{'number':'1'}" };
	struct fval	 v[3];
	char		 big[80];
	size_t		 i;

	CHECK_INT(jparse(a, " { \"number\" : \"15600031012020000000016\", "
	    "\"idno\":\"610113200204152012\", \"other\": \"x\" } ", v),
	    FORM_OK, "json: an object with spaces and an undeclared key");
	CHECK_STR(v[0].val, "15600031012020000000016", "json: number");
	CHECK_STR(v[1].val, "610113200204152012", "json: idno");
	CHECK(!v[2].present, "json: code absent");
	CHECK_INT(jparse(a, "{\"code\":\"\\u0037K3M-\\/\\\"\"}", v), FORM_OK,
	    "json: escapes");
	CHECK_STR(v[2].val, "7K3M-/\"", "json: \\u, \\/ and \\\" read");
	CHECK_INT(jparse(a, "{\"code\":\"\\u5f20\\ud83d\\ude00\"}", v), FORM_OK,
	    "json: a BMP character and a surrogate pair");
	CHECK_STR(v[2].val, "张\xf0\x9f\x98\x80", "json: as UTF-8");
	CHECK_INT(jparse(a, "{\"number\":null,\"idno\":\"\"}", v), FORM_OK,
	    "json: null and an empty string");
	CHECK(!v[0].present && v[1].present && v[1].len == 0,
	    "json: null is absent, \"\" is present");
	CHECK_INT(jparse(a, "{}", v), FORM_OK, "json: an empty object");
	CHECK_INT(jparse(a, "{\"idno\":\"a\\nb\"}", v), FORM_OK,
	    "json: a newline in a text field");
	CHECK(v[1].present && v[1].invalid && *v[1].val == '\0',
	    "json: is invalid, as a form's");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK_INT(jparse(a, arena_printf(a, "{\"number\":\"%s\"}", big), v),
	    FORM_OK, "json: 79 bytes in a 64-byte field");
	CHECK(v[0].invalid && v[0].len == 0, "json: is invalid, as a form's");
	for (i = 0; i < nitems(bad); i++)
		CHECK(jparse(a, bad[i], v) == FORM_MALFORMED,
		    arena_printf(a, "json: malformed: %s", bad[i]));
}

int
main(void)
{
	static const struct { const char *in, *want, *desc; } names[] = {
		{ "王思远", "王*远", "three characters: 王*远" },
		{ "张三", "张*", "two characters keep the first: 张*" },
		{ "欧阳娜娜", "欧**娜", "four characters: 欧**娜" },
		{ "张", "张", "one character stays" },
		{ "", "", "an empty name stays empty" },
		{ "Li Lei", "L****i", "ASCII counts characters too" },
		{ "阿卜杜·热合曼", "阿*****曼", "a middle dot is a character" },
	};
	struct arena	*a = arena_new();
	char		 c[EMP_CODE_LEN + 1], d[EMP_CODE_LEN + 1];
	size_t		 i;
	int		 ok;

	for (i = 0; i < nitems(names); i++)
		CHECK_STR(emp_mask_name(a, names[i].in), names[i].want,
		    names[i].desc);

	CHECK_INT(emp_code_norm("7K3M-Q9XD-2HFA", c), 0, "a code as shown");
	CHECK_STR(c, "7K3MQ9XD2HFA", "loses its dashes");
	CHECK_INT(emp_code_norm(" 7k3m q9xd 2hfa ", c), 0,
	    "lower case with spaces");
	CHECK_STR(c, "7K3MQ9XD2HFA", "is the same code");
	CHECK_INT(emp_code_norm("OIL0-0000-0000", c), 0, "O, I and L are read");
	CHECK_STR(c, "011000000000", "as 0, 1 and 1");
	CHECK_INT(emp_code_norm("7K3M-Q9XD-2HF", c), -1, "11 characters refused");
	CHECK_INT(emp_code_norm("7K3M-Q9XD-2HFAB", c), -1,
	    "13 characters refused");
	CHECK_INT(emp_code_norm("7K3M-Q9XD-2HFU", c), -1,
	    "U is not in the alphabet");
	CHECK_INT(emp_code_norm("7K3M'Q9XD'2HF", c), -1, "quotes refused");
	CHECK_INT(emp_code_norm("", c), -1, "an empty code refused");
	CHECK_INT(emp_code_norm(NULL, c), -1, "no code refused");
	CHECK_INT(emp_code_norm("610113200204152012", c), -1,
	    "an ID number is no share code");

	CHECK_INT(emp_code_new(c), 0, "a new code");
	CHECK_INT((int)strlen(c), EMP_CODE_LEN, "of 12 characters");
	CHECK_INT(emp_code_norm(c, d), 0, "that reads back");
	CHECK_STR(d, c, "unchanged");
	for (i = 0, ok = 1; i < 200 && ok; i++) {
		emp_code_new(d);
		ok = strcmp(c, d) != 0 && strspn(d, code_alpha) == EMP_CODE_LEN;
	}
	CHECK(ok, "200 more codes: each in the alphabet, none the first");

	json_cases(a);

	CHECK_STR(emp_verdict_key(EV_REPLACED), "replaced", "verdict keys");
	CHECK_STR(emp_verdict_label(EV_MALFORMED), "格式错误", "verdict labels");
	arena_free(a);
	return tap_done();
}
