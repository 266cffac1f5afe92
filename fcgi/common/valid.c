/* valid.c: validators for numbers, dates, codes, passwords and names. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* The number of days of month m (1-12) of year y. */
int
valid_days_in(int y, int m)
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
	    *d > valid_days_in(*y, *m))
		return -1;
	return 0;
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
 * A person's name as the public may see it: the first and last
 * characters kept, the ones between starred (张*三, 欧阳**华); a
 * two-character name keeps its first (张*).  UTF-8 aware; arena-owned.
 */
const char *
valid_mask_name(struct arena *a, const char *name)
{
	struct buf	 b;
	const char	*p, *last = NULL;
	size_t		 n = 0, i, first;

	if (name == NULL || *name == '\0')
		return "";
	for (p = name; *p != '\0'; p++)
		if (((unsigned char)*p & 0xc0) != 0x80) {
			n++;
			last = p;
		}
	for (first = 1; name[first] != '\0' &&
	    ((unsigned char)name[first] & 0xc0) == 0x80; first++)
		;
	buf_init(&b, a);
	buf_add(&b, name, first);
	if (n == 1)
		return buf_cstr(&b);
	if (n == 2) {
		buf_puts(&b, "*");
		return buf_cstr(&b);
	}
	for (i = 0; i < n - 2; i++)
		buf_puts(&b, "*");
	buf_puts(&b, last);
	return buf_cstr(&b);
}
