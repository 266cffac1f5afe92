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

/* The ISO 7064 MOD 11-2 check character of 17 digits. */
char
valid_check_digit(const char *s17)
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
		s[17] = valid_check_digit(s);
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
	now = time(NULL) + 8 * 3600;	/* today in Beijing */
	gmtime_r(&now, &tm);
	cy = tm.tm_year + 1900;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in(y, m))
		return "身份证号中的出生日期无效";
	if (y > cy || (y == cy && (m > tm.tm_mon + 1 ||
	    (m == tm.tm_mon + 1 && d > tm.tm_mday))))
		return "身份证号中的出生日期晚于今天";
	if (valid_check_digit(s) != s[17])
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

/* A staff login: 3 to 32 of ASCII [A-Za-z0-9_.-]. Returns 1 when valid. */
int
valid_login(const char *s)
{
	size_t	 i, n;

	if (s == NULL || (n = strlen(s)) < 3 || n > 32)
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || strchr("_.-", s[i]) != NULL))
			return 0;
	return 1;
}

/*
 * The one spelling of a staff login: ASCII only, folded to lower case,
 * so that a login compares byte for byte (account.login is ascii_bin).
 * Returns an arena-owned copy, or NULL when s is not a valid login.
 */
char *
valid_login_canon(struct arena *a, const char *s)
{
	char	*c;
	size_t	 i;

	if (!valid_login(s))
		return NULL;
	c = arena_strdup(a, s);
	for (i = 0; c[i] != '\0'; i++)
		if (c[i] >= 'A' && c[i] <= 'Z')
			c[i] = (char)(c[i] - 'A' + 'a');
	return c;
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
 * Mask an ID number: an 18-character number as the seed shows it (first
 * 6, five stars, last 4); shorter ones (passports, old foreigners'
 * numbers) keep at most 3 + 3 so that most of the number stays hidden.
 * Returns an arena-owned string.
 */
char *
valid_mask_id(struct arena *a, const char *id)
{
	size_t	 n;

	if (id == NULL || (n = strlen(id)) < 10)
		return arena_strdup(a, "**********");
	if (n <= 12)
		return arena_printf(a, "%.2s*****%s", id, id + n - 2);
	if (n <= 15)
		return arena_printf(a, "%.3s*****%s", id, id + n - 3);
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

static const char *const idtype_names[IDT__MAX] = {
	"居民身份证",		/* IDT_RESIDENT */
	"港澳台居民居住证",	/* IDT_PERMIT */
	"外国人永久居留身份证",	/* IDT_FOREIGN */
	"护照",			/* IDT_PASSPORT */
};

const char *
valid_idtype_name(enum idtype t)
{
	return t < IDT__MAX ? idtype_names[t] : "";
}

/* The ID type named s (as stored), or IDT__MAX. */
enum idtype
valid_idtype(const char *s)
{
	size_t	 i;

	for (i = 0; s != NULL && i < IDT__MAX; i++)
		if (strcmp(s, idtype_names[i]) == 0)
			return (enum idtype)i;
	return IDT__MAX;
}

/* Is y-m-d after today's date in Beijing? */
static int
after_today(int y, int m, int d)
{
	time_t		 now = time(NULL) + 8 * 3600;
	struct tm	 tm;

	gmtime_r(&now, &tm);
	return y * 10000 + m * 100 + d >
	    (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

/* Say what is wrong with characters a number must not hold, or NULL. */
static const char *
id_chars(const char *s)
{
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s >= 0x80)
			return "证件号码含有全角或中文字符，请使用半角字母和数字";
		if (*s == ' ' || *s == '\t')
			return "证件号码中不能含有空格";
	}
	return NULL;
}

/* An 18-character number with the ISO 7064 check and a real birth date. */
static const char *
check18(const char *s, char out[24])
{
	size_t	 i;
	char	 tmp[19];
	int	 y, m, d;

	if (strlen(s) != 18)
		return "证件号码应为18位";
	for (i = 0; i < 18; i++)
		if (!isdigit((unsigned char)s[i]) &&
		    !(i == 17 && (s[i] == 'X' || s[i] == 'x')))
			return "证件号码只能由数字和末位X组成";
	memcpy(tmp, s, 19);
	if (tmp[17] == 'x')
		tmp[17] = 'X';
	y = (tmp[6] - '0') * 1000 + (tmp[7] - '0') * 100 + (tmp[8] - '0') * 10 +
	    (tmp[9] - '0');
	m = (tmp[10] - '0') * 10 + (tmp[11] - '0');
	d = (tmp[12] - '0') * 10 + (tmp[13] - '0');
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in(y, m))
		return "证件号码中的出生日期无效";
	if (after_today(y, m, d))
		return "证件号码中的出生日期晚于今天";
	if (valid_check_digit(tmp) != tmp[17])
		return "证件号码校验位错误";
	memcpy(out, tmp, 19);
	return NULL;
}

/*
 * Validate an ID number of the given type and write its normalised form
 * into out (at most 23 characters).  Returns NULL when valid, or a
 * Chinese message saying what is wrong.
 */
const char *
valid_id(enum idtype t, const char *in, char out[24])
{
	const char	*why;
	size_t		 n, i;

	if (in == NULL || (n = strlen(in)) == 0)
		return "请填写证件号码";
	if ((why = id_chars(in)) != NULL)
		return why;
	switch (t) {
	case IDT_RESIDENT:
		if ((why = valid_idcard(in, out)) == NULL &&
		    (out[0] == '9' || out[0] == '8'))
			return "该号码不是居民身份证号，请选择正确的证件类型";
		return why;
	case IDT_PERMIT:
		if (n == 18 && in[0] == '8' && in[1] >= '1' && in[1] <= '3')
			return check18(in, out);
		return "港澳台居民居住证号码应为81、82或83开头的18位号码";
	case IDT_FOREIGN:
		if (n == 18 && in[0] == '9')
			return check18(in, out);
		/* The 2004 format: three letters and twelve digits. */
		if (n == 15) {
			for (i = 0; i < 15; i++)
				if (i < 3 ? !isalpha((unsigned char)in[i]) :
				    !isdigit((unsigned char)in[i]))
					break;
			if (i == 15) {
				for (i = 0; i < 15; i++)
					out[i] = (char)toupper((unsigned char)in[i]);
				out[15] = '\0';
				return NULL;
			}
		}
		return "外国人永久居留身份证号码应为9开头的18位号码（或3位字母加12位数字的旧号码）";
	case IDT_PASSPORT:
		if (n < 5 || n > 20)
			return "护照号码应为5至20位字母或数字";
		for (i = 0; i < n; i++) {
			if (!isalnum((unsigned char)in[i]))
				return "护照号码只能由字母和数字组成";
			out[i] = (char)toupper((unsigned char)in[i]);
		}
		out[n] = '\0';
		return NULL;
	default:
		return "请选择证件类型";
	}
}

/*
 * A person's name: 2 to 30 characters, letters (any script), spaces and
 * the separators · . - only; no markup or digits.  Returns NULL or why.
 */
const char *
valid_person_name(const char *s)
{
	const char	*p;
	size_t		 n;
	int		 letters = 0;

	if (s == NULL || (n = valid_chars(s)) == 0)
		return "请填写姓名";
	if (n < 2 || n > 30)
		return "姓名应为2至30个字符";
	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x80 && !isalpha((unsigned char)*p) &&
		    strchr(" .-", *p) == NULL)
			return "姓名只能包含文字、空格和间隔号，不能包含数字或符号";
		/* Full-width digits and punctuation: U+FF01 to U+FF5E. */
		if ((unsigned char)p[0] == 0xef && ((unsigned char)p[1] == 0xbc ||
		    ((unsigned char)p[1] == 0xbd && (unsigned char)p[2] <= 0x9e)))
			return "姓名只能包含文字、空格和间隔号，不能包含全角数字或符号";
		if ((unsigned char)*p >= 0x80 || isalpha((unsigned char)*p))
			letters = 1;
	}
	return letters ? NULL : "姓名应包含文字";
}

/* A mainland mobile number (11 digits starting 1[3-9]); empty is allowed. */
int
valid_phone(const char *s)
{
	size_t	 i;

	if (s == NULL || *s == '\0')
		return 1;
	if (strlen(s) != 11 || s[0] != '1' || s[1] < '3')
		return 0;
	for (i = 0; i < 11; i++)
		if (!isdigit((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * The gender encoded in a resident ID number (the 17th digit: odd men,
 * even women), or NULL when the number carries none.
 */
const char *
valid_id_gender(enum idtype t, const char *id)
{
	if ((t != IDT_RESIDENT && t != IDT_PERMIT && !(t == IDT_FOREIGN &&
	    strlen(id) == 18)) || strlen(id) != 18)
		return NULL;
	return (id[16] - '0') % 2 ? "男" : "女";
}
