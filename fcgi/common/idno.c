/*
 * idno.c: ID numbers: the rules of each ID type (check digits, birth
 * dates, masks, the gender a number encodes) and the numbers at rest
 * (AES-256-GCM ciphertext plus an HMAC blind index).
 */
#include <ctype.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "idno.h"

/* Province codes of GB/T 2260 used in resident ID numbers (and 83, 91). */
static int
province_ok(int p)
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
idno_check_digit(const char *s17)
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
idno_card(const char *in, char out[19])
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
		s[17] = idno_check_digit(s);
	} else {
		memcpy(s, in, 18);
		if (s[17] == 'x')
			s[17] = 'X';
	}
	s[18] = '\0';
	if (!province_ok((s[0] - '0') * 10 + (s[1] - '0')))
		return "身份证号的地区代码无效";
	y = (s[6] - '0') * 1000 + (s[7] - '0') * 100 + (s[8] - '0') * 10 +
	    (s[9] - '0');
	m = (s[10] - '0') * 10 + (s[11] - '0');
	d = (s[12] - '0') * 10 + (s[13] - '0');
	now = time(NULL) + 8 * 3600;	/* today in Beijing */
	gmtime_r(&now, &tm);
	cy = tm.tm_year + 1900;
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > valid_days_in(y, m))
		return "身份证号中的出生日期无效";
	if (y > cy || (y == cy && (m > tm.tm_mon + 1 ||
	    (m == tm.tm_mon + 1 && d > tm.tm_mday))))
		return "身份证号中的出生日期晚于今天";
	if (idno_check_digit(s) != s[17])
		return "身份证号校验位错误";
	memcpy(out, s, 19);
	return NULL;
}

/*
 * Mask an ID number: an 18-character number as the seed shows it (first
 * 6, five stars, last 4); shorter ones (passports, old foreigners'
 * numbers) keep at most 3 + 3 so that most of the number stays hidden.
 * Returns an arena-owned string.
 */
char *
idno_mask(struct arena *a, const char *id)
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

static const char *const idtype_names[IDT__MAX] = {
	"居民身份证",		/* IDT_RESIDENT */
	"港澳台居民居住证",	/* IDT_PERMIT */
	"外国人永久居留身份证",	/* IDT_FOREIGN */
	"护照",			/* IDT_PASSPORT */
};

const char *
idno_type_name(enum idtype t)
{
	return t < IDT__MAX ? idtype_names[t] : "";
}

/* The ID type named s (as stored), or IDT__MAX. */
enum idtype
idno_type(const char *s)
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
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > valid_days_in(y, m))
		return "证件号码中的出生日期无效";
	if (after_today(y, m, d))
		return "证件号码中的出生日期晚于今天";
	if (idno_check_digit(tmp) != tmp[17])
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
idno_valid(enum idtype t, const char *in, char out[24])
{
	const char	*why;
	size_t		 n, i;

	if (in == NULL || (n = strlen(in)) == 0)
		return "请填写证件号码";
	if ((why = id_chars(in)) != NULL)
		return why;
	switch (t) {
	case IDT_RESIDENT:
		if ((why = idno_card(in, out)) == NULL &&
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
 * The gender encoded in a resident ID number (the 17th digit: odd men,
 * even women), or NULL when the number carries none.
 */
const char *
idno_gender(enum idtype t, const char *id)
{
	if ((t != IDT_RESIDENT && t != IDT_PERMIT && !(t == IDT_FOREIGN &&
	    strlen(id) == 18)) || strlen(id) != 18)
		return NULL;
	return (id[16] - '0') % 2 ? "男" : "女";
}

/*
 * Encrypt the normalised ID number into cipher (at least
 * strlen(id) + SEC_GCM_OVERHEAD bytes) and compute its blind index.
 * Only an area that holds the AES key may (see config.c).
 */
enum rc
idno_seal(const struct config *c, const char *id, unsigned char *cipher,
    size_t *clen, unsigned char idx[32])
{
	if (!(c->keys & CFG_AES)) {
		log_warnx("idno_seal: this program has no ID_AES_KEY");
		return RC_ERROR;
	}
	if (sec_encrypt(c->id_key, id, strlen(id), cipher, clen) == -1)
		return RC_ERROR;
	idno_index(c, id, idx);
	return RC_OK;
}

/* Returns the arena-owned plaintext, or NULL if it does not decrypt. */
char *
idno_open(struct arena *a, const struct config *c, const unsigned char *cipher,
    size_t clen)
{
	unsigned char	*out;
	size_t		 n;

	if (!(c->keys & CFG_AES)) {
		log_warnx("idno_open: this program has no ID_AES_KEY");
		return NULL;
	}
	if (clen < SEC_GCM_OVERHEAD)
		return NULL;
	out = arena_alloc(a, clen + 1);
	if (sec_decrypt(c->id_key, cipher, clen, out, &n) == -1) {
		log_warnx("idno_open: ciphertext does not authenticate");
		return NULL;
	}
	out[n] = '\0';
	return (char *)out;
}

/* The blind index: HMAC-SHA-256 of the normalised number. */
void
idno_index(const struct config *c, const char *id, unsigned char idx[32])
{
	sec_hmac(c->id_hmac, sizeof(c->id_hmac), id, strlen(id), idx);
}
