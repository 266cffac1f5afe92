/* certscan.c: the certificate number in a scanned QR code or a typed line. */
#include <stddef.h>
#include <string.h>

#include <openssl/crypto.h>

#include "certscan.h"

#define B45	"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

/*
 * Decode the base45 text s (n bytes; with pct, %XX escapes as a URL may
 * carry them: '%' is itself a base45 character) into out (at most max
 * bytes).  Returns the length, or 0 when it is not base45.
 */
static size_t
b45_decode(const char *s, size_t n, int pct, unsigned char *out, size_t max)
{
	unsigned int	 v[3], x;
	const char	*p;
	size_t		 i, k = 0, len = 0;
	int		 c, h, l;

	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (pct && c == '%' && i + 2 < n &&
		    (h = OPENSSL_hexchar2int((unsigned char)s[i + 1])) >= 0 &&
		    (l = OPENSSL_hexchar2int((unsigned char)s[i + 2])) >= 0) {
			c = h * 16 + l;
			i += 2;
		}
		if (c == '\0' || (p = strchr(B45, c)) == NULL)
			return 0;
		v[k++] = (unsigned int)(p - B45);
		if (k < 3)
			continue;
		x = v[0] + v[1] * 45 + v[2] * 45 * 45;
		if (x > 0xffff || len + 2 > max)
			return 0;
		out[len++] = (unsigned char)(x >> 8);
		out[len++] = (unsigned char)x;
		k = 0;
	}
	if (k == 1)
		return 0;
	if (k == 2) {
		if ((x = v[0] + v[1] * 45) > 0xff || len + 1 > max)
			return 0;
		out[len++] = (unsigned char)x;
	}
	return len;
}

/*
 * The first run of exactly CERTNO_LEN digits in s (n bytes) whose check
 * digit holds, into out.  *seen is set when there was any such run.
 */
static int
find_number(const char *s, size_t n, char out[CERTNO_LEN + 1], int *seen)
{
	size_t	 i = 0, j;

	while (i < n) {
		if (s[i] < '0' || s[i] > '9') {
			i++;
			continue;
		}
		for (j = i; j < n && s[j] >= '0' && s[j] <= '9'; j++)
			;
		if (j - i == CERTNO_LEN) {
			*seen = 1;
			memcpy(out, s + i, CERTNO_LEN);
			out[CERTNO_LEN] = '\0';
			if (certno_check(out) == CERTNO_OK)
				return 1;
		}
		i = j;
	}
	out[0] = '\0';
	return 0;
}

/* The certificate number in the scanned line s (n bytes), into out. */
enum certscan_err
certscan_line(const char *s, size_t n, char out[CERTNO_LEN + 1])
{
	static const char q[] = "/verify/q/";
	unsigned char	 dec[512];
	const char	*p;
	size_t		 len, e;
	int		 seen = 0;

	out[0] = '\0';
	while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r' ||
	    *s == '\n')) {
		s++;
		n--;
	}
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r' || s[n - 1] == '\n'))
		n--;
	if (n == 0)
		return CERTSCAN_EMPTY;
	/* The signed payload: its number is inside the base45 text. */
	if ((p = memmem(s, n, q, sizeof(q) - 1)) != NULL) {
		p += sizeof(q) - 1;
		for (e = 0; p + e < s + n && p[e] != '?' && p[e] != '#'; e++)
			;
		if ((len = b45_decode(p, e, 0, dec, sizeof(dec))) > 0 &&
		    find_number((const char *)dec, len, out, &seen))
			return CERTSCAN_OK;
		if ((len = b45_decode(p, e, 1, dec, sizeof(dec))) > 0 &&
		    find_number((const char *)dec, len, out, &seen))
			return CERTSCAN_OK;
	}
	if (find_number(s, n, out, &seen))
		return CERTSCAN_OK;
	return seen ? CERTSCAN_CHECK : CERTSCAN_NONE;
}

const char *
certscan_message(enum certscan_err e)
{
	switch (e) {
	case CERTSCAN_OK:
		return "";
	case CERTSCAN_EMPTY:
		return "空行";
	case CERTSCAN_NONE:
		return "不是本平台的证书二维码或证书编号";
	case CERTSCAN_CHECK:
		return "证书编号校验位不符（扫码或输入有误）";
	default:
		return "无法识别";
	}
}
