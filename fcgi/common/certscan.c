/* certscan.c: the certificate number in a scanned QR code or a typed line. */
#include <stddef.h>
#include <string.h>

#include "certscan.h"
#include "qrpay.h"

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
	char		 num[24];
	const char	*p;
	size_t		 e;
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
	/*
	 * The signed payload (qrpay.h): its number is inside the base32
	 * text.  The signature is not checked here: the number is looked up
	 * within the caller's scope like a typed one.
	 */
	if ((p = memmem(s, n, q, sizeof(q) - 1)) != NULL) {
		p += sizeof(q) - 1;
		for (e = 0; p + e < s + n && p[e] != '?' && p[e] != '#' &&
		    p[e] != '/'; e++)
			;
		if (qrpay_number(p, e, num) == QRPAY_OK &&
		    find_number(num, CERTNO_LEN, out, &seen))
			return CERTSCAN_OK;
		if (seen)
			return CERTSCAN_CHECK;
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
