/* test-certscan.c: the certificate number in what a barcode scanner types. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certscan.h"
#include "tap.h"

#define B45	"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"

/* Encode n bytes of p in base45 into out (a test's own encoder). */
static void
b45(const char *p, size_t n, char *out)
{
	unsigned int	 x;
	size_t		 i, k = 0;

	for (i = 0; i + 1 < n; i += 2) {
		x = ((unsigned char)p[i] << 8) | (unsigned char)p[i + 1];
		out[k++] = B45[x % 45];
		out[k++] = B45[(x / 45) % 45];
		out[k++] = B45[x / 2025];
	}
	if (i < n) {
		x = (unsigned char)p[i];
		out[k++] = B45[x % 45];
		out[k++] = B45[x / 45];
	}
	out[k] = '\0';
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
	char	 line[2000], enc[600], pay[200];

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

	/* The signed payload: the number is its first field, in base45. */
	snprintf(pay, sizeof(pay), "%s|0f3a9c|2020-09-15|k1", good);
	b45(pay, strlen(pay), enc);
	snprintf(line, sizeof(line), "https://x.example/verify/q/%s", enc);
	CHECK(strstr(line, good) == NULL, "payload: the number not in clear");
	CHECK_INT(scan(line, n), CERTSCAN_OK, "a signed payload");
	CHECK(strcmp(n, good) == 0, "a signed payload: its number");
	/* The same, URL-escaped as a browser or scanner may send it. */
	{
		char	 esc[1800], *o = esc;
		size_t	 i;

		for (i = 0; enc[i] != '\0'; i++)
			o += strchr(" $%*+/:", enc[i]) != NULL ?
			    sprintf(o, "%%%02X", (unsigned char)enc[i]) :
			    sprintf(o, "%c", enc[i]);
		snprintf(line, sizeof(line), "https://x/verify/q/%s", esc);
		CHECK_INT(scan(line, n), CERTSCAN_OK, "an escaped payload");
		CHECK(strcmp(n, good) == 0, "an escaped payload: its number");
	}
	snprintf(line, sizeof(line), "https://x.example/verify/q/%s",
	    "%%%%%%");
	CHECK_INT(scan(line, n), CERTSCAN_NONE, "a broken payload: none");
	snprintf(pay, sizeof(pay), "%s|x", bad);
	b45(pay, strlen(pay), enc);
	snprintf(line, sizeof(line), "https://x.example/verify/q/%s", enc);
	CHECK_INT(scan(line, n), CERTSCAN_CHECK,
	    "a payload with a wrong check digit");
	return tap_done();
}
