/* test-certscan.c: the certificate number in what a barcode scanner types. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certscan.h"
#include "qrpay.h"
#include "tap.h"

/*
 * A version-1 payload (qrpay.h) for number, its other fields zero (the
 * scanner reads the number only), written as base32 into out.
 */
static void
payload(const char *number, char out[QRPAY_CHARS + 1])
{
	unsigned char	 p[QRPAY_BYTES];
	uint64_t	 hi = 0, lo = 0;
	int		 i;

	memset(p, 0, sizeof(p));
	p[0] = QRPAY_VERSION;
	p[1] = 1;
	for (i = 0; i < 11; i++)
		hi = hi * 10 + (uint64_t)(number[i] - '0');
	for (i = 11; i < 23; i++)
		lo = lo * 10 + (uint64_t)(number[i] - '0');
	for (i = 0; i < 5; i++) {
		p[2 + i] = (unsigned char)(hi >> (8 * (4 - i)));
		p[7 + i] = (unsigned char)(lo >> (8 * (4 - i)));
	}
	out[b32_encode(p, sizeof(p), out)] = '\0';
}

static enum certscan_err
scan(const char *s, char out[CERTNO_LEN + 1])
{
	return certscan_line(s, strlen(s), out);
}

int
main(void)
{
	char	 n[CERTNO_LEN + 1], good[CERTNO_LEN + 1], bad[CERTNO_LEN + 1];
	char	 line[2000], enc[QRPAY_CHARS + 1];

	CHECK(certno_make(good, "156000", 310, 1, 2020, 14) == 0, "a number");
	memcpy(bad, good, sizeof(bad));
	bad[CERTNO_LEN - 1] = bad[CERTNO_LEN - 1] == '9' ? '0' :
	    bad[CERTNO_LEN - 1] + 1;

	CHECK_INT(scan(good, n), CERTSCAN_OK, "a bare number");
	CHECK(strcmp(n, good) == 0, "a bare number: itself");
	snprintf(line, sizeof(line), "  %s\r\n", good);
	CHECK_INT(scan(line, n), CERTSCAN_OK, "blanks and CR LF around it");
	snprintf(line, sizeof(line), "http://127.0.0.1:8080/verify?n=%s", good);
	CHECK_INT(scan(line, n), CERTSCAN_OK, "the QR code's verify URL");
	CHECK(strcmp(n, good) == 0, "the verify URL: its number");
	snprintf(line, sizeof(line), "证书编号：%s（纸质）", good);
	CHECK_INT(scan(line, n), CERTSCAN_OK, "text around the number");
	CHECK_INT(scan(bad, n), CERTSCAN_CHECK, "a wrong check digit refused");
	snprintf(line, sizeof(line), "https://x/verify?n=%s", bad);
	CHECK_INT(scan(line, n), CERTSCAN_CHECK, "a URL with a wrong check digit");
	snprintf(line, sizeof(line), "%s%s", good, "1");
	CHECK_INT(scan(line, n), CERTSCAN_NONE, "24 digits are not a number");
	CHECK_INT(scan("https://example.com/item/12345", n), CERTSCAN_NONE,
	    "another QR code: none");
	CHECK_INT(scan("   \r\n", n), CERTSCAN_EMPTY, "a blank line");
	snprintf(line, sizeof(line), "%s %s", bad, good);
	CHECK_INT(scan(line, n), CERTSCAN_OK, "the first valid run wins");
	CHECK(strcmp(n, good) == 0, "the valid one after an invalid one");

	/* The signed payload (base32, qrpay.h): the number is inside it. */
	payload(good, enc);
	snprintf(line, sizeof(line), "https://x.example/verify/q/%s", enc);
	CHECK(strstr(line, good) == NULL, "payload: the number not in clear");
	CHECK_INT(scan(line, n), CERTSCAN_OK, "a signed payload");
	CHECK(strcmp(n, good) == 0, "a signed payload: its number");
	CHECK_INT(scan(enc, n), CERTSCAN_NONE,
	    "the payload alone, without its URL: none");
	snprintf(line, sizeof(line), "https://x.example/verify/q/%s", "ABC");
	CHECK_INT(scan(line, n), CERTSCAN_NONE, "a truncated payload: none");
	payload(bad, enc);
	snprintf(line, sizeof(line), "https://x.example/verify/q/%s", enc);
	CHECK_INT(scan(line, n), CERTSCAN_CHECK,
	    "a payload with a wrong check digit");
	return tap_done();
}
