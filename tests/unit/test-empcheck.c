/*
 * test-empcheck.c: the pure parts of the employers' checks: the holder's
 * name as employers see it, share codes typed and made.  The area's file
 * is compiled in (the responders' areas are no library).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "../../fcgi/verification/verification.h"
#include "../../fcgi/verification/emp_check.c"
#include "tap.h"

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

	CHECK_STR(emp_verdict_key(EV_REPLACED), "replaced", "verdict keys");
	CHECK_STR(emp_verdict_label(EV_MALFORMED), "格式错误", "verdict labels");
	arena_free(a);
	return tap_done();
}
