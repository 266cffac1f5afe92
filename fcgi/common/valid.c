/* valid.c: validators for numbers, dates, codes, passwords and ID numbers. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app.h"

/*
 * Parse a decimal integer in [min, max] into *v.  Rejects empty input,
 * signs other than a leading '-', spaces and trailing junk.
 * Returns 0 on success, -1 otherwise.
 */
int
valid_int(const char *s, int64_t min, int64_t max, int64_t *v)
{
	char		*end;
	long long	 n;

	if (s == NULL || *s == '\0' || strlen(s) > 20 ||
	    !(isdigit((unsigned char)*s) || (*s == '-' && isdigit((unsigned char)s[1]))))
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || n < min || n > max)
		return -1;
	*v = n;
	return 0;
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
days_in(int y, int m)
{
	static const int dm[] = { 31,28,31,30,31,30,31,31,30,31,30,31 };

	return m == 2 && leap(y) ? 29 : dm[m - 1];
}

/*
 * Parse a date written YYYY-MM-DD into its parts.  Returns 0 when it is a
 * real calendar date between 1900 and 2100, -1 otherwise.
 */
int
valid_date(const char *s, int *y, int *m, int *d)
{
	int	 i;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	*y = atoi(s);		/* digits checked above */
	*m = atoi(s + 5);
	*d = atoi(s + 8);
	if (*y < 1900 || *y > 2100 || *m < 1 || *m > 12 || *d < 1 ||
	    *d > days_in(*y, *m))
		return -1;
	return 0;
}

/* Province codes of GB/T 2260 used in resident ID numbers (and 83, 91). */
static int
valid_province(int p)
{
	static const int codes[] = { 11, 12, 13, 14, 15, 21, 22, 23, 31, 32,
	    33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
	    61, 62, 63, 64, 65, 71, 81, 82, 83, 91 };
	size_t	 i;

	for (i = 0; i < nitems(codes); i++)
		if (codes[i] == p)
			return 1;
	return 0;
}

static char
check_digit(const char *s17)
{
	static const int w[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10,
	    5, 8, 4, 2 };
	static const char map[] = "10X98765432";
	int	 i, sum = 0;

	for (i = 0; i < 17; i++)
		sum += (s17[i] - '0') * w[i];
	return map[sum % 11];
}

/*
 * Validate a resident ID number (GB 11643-1999).  A 15-digit legacy
 * number is converted to 18 digits; a lower-case x is accepted as X.
 * The normalised number goes into out.  Returns NULL when valid, or a
 * Chinese message naming what is wrong.
 */
const char *
valid_idcard(const char *in, char out[19])
{
	char		 s[19];
	size_t		 len, i;
	int		 y, m, d, cy;
	time_t		 now;
	struct tm	 tm;

	if (in == NULL || (len = strlen(in)) == 0)
		return "请填写身份证号";
	if (len != 18 && len != 15)
		return "身份证号应为18位（或15位旧号码）";
	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)in[i]) &&
		    !(i == 17 && (in[i] == 'X' || in[i] == 'x')))
			return "身份证号只能由数字和末位X组成";
	if (len == 15) {
		/* Legacy numbers: insert the century "19", add a check digit. */
		memcpy(s, in, 6);
		s[6] = '1';
		s[7] = '9';
		memcpy(s + 8, in + 6, 9);
		s[17] = check_digit(s);
	} else {
		memcpy(s, in, 18);
		if (s[17] == 'x')
			s[17] = 'X';
	}
	s[18] = '\0';
	if (!valid_province((s[0] - '0') * 10 + (s[1] - '0')))
		return "身份证号的地区代码无效";
	y = (s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 +
	    (s[9] - '0');
	m = (s[10] - '0') * 10 + (s[11] - '0');
	d = (s[12] - '0') * 10 + (s[13] - '0');
	now = time(NULL);
	gmtime_r(&now, &tm);
	cy = tm.tm_year + 1900;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in(y, m))
		return "身份证号中的出生日期无效";
	if (y > cy || (y == cy && (m > tm.tm_mon + 1 ||
	    (m == tm.tm_mon + 1 && d > tm.tm_mday))))
		return "身份证号中的出生日期晚于今天";
	if (check_digit(s) != s[17])
		return "身份证号校验位错误";
	memcpy(out, s, 19);
	return NULL;
}

/* A pilot institution's code: exactly 20 digits. Returns 1 when valid. */
int
valid_inst_code(const char *s)
{
	size_t	 i;

	if (s == NULL || strlen(s) != 20)
		return 0;
	for (i = 0; i < 20; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/* A staff login: 3 to 32 of [A-Za-z0-9_.-]. Returns 1 when valid. */
int
valid_login(const char *s)
{
	size_t	 i, n;

	if (s == NULL || (n = strlen(s)) < 3 || n > 32)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && strchr("_.-", s[i]) == NULL)
			return 0;
	return 1;
}

/* The most common passwords (deny-list), compared case-insensitively. */
static const char *const common_pw[] = {
	"12345678", "123456789", "1234567890", "password", "password1",
	"password123", "qwertyuiop", "qwerty123", "11111111", "00000000",
	"88888888", "66666666", "87654321", "abc12345", "abcd1234",
	"a1234567", "iloveyou", "1q2w3e4r", "1qaz2wsx", "qazwsxedc",
	"zxcvbnm1", "asdfghjkl", "admin123", "admin888", "administrator",
	"welcome1", "letmein1", "sunshine", "princess", "football",
	"baseball", "superman", "trustno1", "12341234", "11223344",
	"12121212", "123123123", "5201314520", "woaini1314", "123qweasd",
	"qweasdzxc", "aa123456", "a123456789", "abc123456", "1234qwer",
	"q1w2e3r4", "passw0rd", "p@ssw0rd", "changeme", "xiaoming",
	"wang1234", "zhang123", "147258369", "789456123", "159357456",
	"741852963", "999999999", "1111111111", "12345678910", "iloveyou1",
};

/*
 * Check a new password: 8 to 128 bytes, not on the deny-list, not the
 * login.  Returns 0 when acceptable; otherwise -1 with *why set to a
 * Chinese message.
 */
int
valid_password(const char *pw, const char *login, const char **why)
{
	size_t	 i, n;

	n = pw == NULL ? 0 : strlen(pw);
	if (n < 8) {
		*why = "密码至少需要8个字符";
		return -1;
	}
	if (n > 128) {
		*why = "密码不能超过128个字符";
		return -1;
	}
	for (i = 0; i < nitems(common_pw); i++)
		if (strcasecmp(pw, common_pw[i]) == 0) {
			*why = "该密码过于常见，请换一个更难猜的密码";
			return -1;
		}
	if (login != NULL && strcasecmp(pw, login) == 0) {
		*why = "密码不能与账号相同";
		return -1;
	}
	return 0;
}

/*
 * Mask an ID number as the seed shows it: first 6, five stars, last 4.
 * Returns an arena-owned string.
 */
char *
valid_mask_id(struct arena *a, const char *id)
{
	size_t	 n;

	if (id == NULL || (n = strlen(id)) < 10)
		return arena_strdup(a, "**********");
	return arena_printf(a, "%.6s*****%s", id, id + n - 4);
}

/* Returns an arena-owned copy of s without leading and trailing spaces. */
char *
valid_trim(struct arena *a, const char *s)
{
	const char	*e;

	if (s == NULL)
		return NULL;
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	return arena_strndup(a, s, (size_t)(e - s));
}

/* Number of UTF-8 characters in s (s must be valid UTF-8). */
size_t
valid_chars(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

/*
 * Trim v and check it holds min to max characters.  Returns the
 * arena-owned trimmed text, or NULL when absent, invalid or out of bounds.
 */
char *
valid_text(struct arena *a, const struct fval *v, size_t min, size_t max)
{
	char	*s;
	size_t	 n;

	if (!v->present || v->invalid)
		return NULL;
	s = valid_trim(a, v->val);
	n = valid_chars(s);
	return n < min || n > max ? NULL : s;
}

/* An organisation code: 2 to 32 of [A-Za-z0-9_-]. Returns 1 when valid. */
int
valid_code(const char *s)
{
	size_t	 i, n;

	if (s == NULL || (n = strlen(s)) < 2 || n > 32)
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' && s[i] != '-')
			return 0;
	return 1;
}
