/* certno.c: certificate numbers: layout and Damm check digit (pure). */
#include <stdio.h>
#include <string.h>

#include "certno.h"

/*
 * The Damm algorithm's totally anti-symmetric quasigroup of order 10:
 * interim = table[interim][digit] over the digits; a number with its
 * check digit appended ends at 0.
 */
static const unsigned char damm[10][10] = {
	{ 0, 3, 1, 7, 5, 9, 8, 6, 4, 2 },
	{ 7, 0, 9, 2, 1, 5, 4, 8, 6, 3 },
	{ 4, 2, 0, 6, 8, 7, 1, 3, 5, 9 },
	{ 1, 7, 5, 0, 9, 8, 3, 4, 2, 6 },
	{ 6, 1, 2, 3, 0, 4, 5, 9, 7, 8 },
	{ 3, 6, 7, 4, 2, 0, 9, 5, 8, 1 },
	{ 5, 8, 6, 9, 7, 2, 0, 1, 3, 4 },
	{ 8, 9, 4, 5, 3, 6, 2, 0, 1, 7 },
	{ 9, 4, 3, 8, 6, 1, 7, 2, 0, 5 },
	{ 2, 5, 8, 1, 4, 3, 6, 7, 9, 0 },
};

/* The check digit ('0'-'9') of the first n digits of s (all digits). */
char
certno_digit(const char *s, size_t n)
{
	size_t		 i;
	unsigned char	 c = 0;

	for (i = 0; i < n; i++)
		c = damm[c][s[i] - '0'];
	return (char)('0' + c);
}

/* Is s a well-formed certificate number?  Pure: no lookup. */
enum certno_err
certno_check(const char *s)
{
	size_t	 i;

	if (s == NULL || *s == '\0')
		return CERTNO_EMPTY;
	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9' || i >= CERTNO_LEN)
			return CERTNO_SHAPE;
	if (i != CERTNO_LEN)
		return CERTNO_SHAPE;
	return certno_digit(s, CERTNO_LEN) == '0' ? CERTNO_OK : CERTNO_CHECK;
}

const char *
certno_message(enum certno_err e)
{
	static const char *const msg[CERTNO__MAX] = {
		[CERTNO_OK] = "",
		[CERTNO_EMPTY] = "请输入证书编号",
		[CERTNO_SHAPE] = "证书编号应为 23 位数字",
		[CERTNO_CHECK] = "证书编号校验位不符，请核对是否输错（例如某一位数字或相邻两位颠倒）",
	};

	return e < CERTNO__MAX ? msg[e] : "";
}

/*
 * Build the number of serial in (organisation code org6, type code
 * 0-999, level 1-3, year) into out.  Returns 0, or -1 when a part is out
 * of range (the organisation code must be 6 digits).
 */
int
certno_make(char out[CERTNO_LEN + 1], const char *org6, int type, int level,
    int year, int64_t serial)
{
	size_t	 i;

	if (org6 == NULL || strlen(org6) != 6 || type < 0 || type > 999 ||
	    level < 1 || level > 3 || year < 1000 || year > 9999 ||
	    serial < 0 || serial > CERTNO_SERIAL_MAX)
		return -1;
	for (i = 0; i < 6; i++)
		if (org6[i] < '0' || org6[i] > '9')
			return -1;
	snprintf(out, CERTNO_LEN + 1, "%s%03d%d%04d%08lld0", org6, type,
	    level, year, (long long)serial);
	out[CERTNO_LEN - 1] = certno_digit(out, CERTNO_LEN - 1);
	return 0;
}
