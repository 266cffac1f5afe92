/* test-certno.c: certificate numbers and their Damm check digit. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "certno.h"
#include "tap.h"

/* A deterministic pseudo-random 22-digit body (xorshift). */
static void
body(uint64_t *st, char out[CERTNO_LEN + 1])
{
	int	 i;

	for (i = 0; i < CERTNO_LEN - 1; i++) {
		*st ^= *st << 13;
		*st ^= *st >> 7;
		*st ^= *st << 17;
		out[i] = (char)('0' + (int)(*st % 10));
	}
	out[CERTNO_LEN - 1] = certno_digit(out, CERTNO_LEN - 1);
	out[CERTNO_LEN] = '\0';
}

int
main(void)
{
	char		 n[CERTNO_LEN + 1], m[CERTNO_LEN + 1], t;
	uint64_t	 st = 88172645463325252ULL;
	long		 single = 0, swaps = 0, missed = 0;
	int		 k, i, d;

	/* The layout and the known value of the demo's first number. */
	CHECK(certno_make(n, "156000", 310, 1, 2020, 1) == 0, "make: demo");
	CHECK(strncmp(n, "1560003101202000000001", 22) == 0,
	    "make: org, type, level, year, serial in order");
	CHECK_INT(certno_check(n), CERTNO_OK, "make: result checks");
	CHECK(certno_make(n, "15600", 310, 1, 2020, 1) == -1,
	    "make: 5-digit organisation refused");
	CHECK(certno_make(n, "15600a", 310, 1, 2020, 1) == -1,
	    "make: non-digit organisation refused");
	CHECK(certno_make(n, "156000", 1000, 1, 2020, 1) == -1,
	    "make: type 1000 refused");
	CHECK(certno_make(n, "156000", 310, 4, 2020, 1) == -1,
	    "make: level 4 refused");
	CHECK(certno_make(n, "156000", 310, 1, 2020, 100000000) == -1,
	    "make: serial past 8 digits refused");
	CHECK(certno_make(n, "156000", 310, 3, 2020, 99999999) == 0 &&
	    certno_check(n) == CERTNO_OK, "make: largest serial");

	/* Shapes. */
	CHECK_INT(certno_check(""), CERTNO_EMPTY, "check: empty");
	CHECK_INT(certno_check(NULL), CERTNO_EMPTY, "check: NULL");
	CHECK_INT(certno_check("1560003101202000000001"), CERTNO_SHAPE,
	    "check: 22 digits");
	CHECK_INT(certno_check("156000310120200000000100"), CERTNO_SHAPE,
	    "check: 24 digits");
	CHECK_INT(certno_check("15600031012020000000 01"), CERTNO_SHAPE,
	    "check: a space");
	CHECK_INT(certno_check("15600031012020000000O1x"), CERTNO_SHAPE,
	    "check: letters");
	CHECK_INT(certno_check("１５６０００３１０１２０２０００００００１"),
	    CERTNO_SHAPE, "check: full-width digits");
	CHECK(certno_message(CERTNO_CHECK)[0] != '\0' &&
	    strstr(certno_message(CERTNO_CHECK), "校验位") != NULL,
	    "message: check digit named");

	/*
	 * Every single-digit error and every swap of neighbouring unequal
	 * digits, in 2,000 numbers, is caught.
	 */
	for (k = 0; k < 2000; k++) {
		body(&st, n);
		if (certno_check(n) != CERTNO_OK)
			missed++;
		for (i = 0; i < CERTNO_LEN; i++)
			for (d = 0; d < 10; d++) {
				if (n[i] == '0' + d)
					continue;
				memcpy(m, n, sizeof(m));
				m[i] = (char)('0' + d);
				single++;
				if (certno_check(m) == CERTNO_OK)
					missed++;
			}
		for (i = 0; i + 1 < CERTNO_LEN; i++) {
			if (n[i] == n[i + 1])
				continue;
			memcpy(m, n, sizeof(m));
			t = m[i];
			m[i] = m[i + 1];
			m[i + 1] = t;
			swaps++;
			if (certno_check(m) == CERTNO_OK)
				missed++;
		}
	}
	CHECK(single == 2000L * 23 * 9, "damm: all single-digit errors tried");
	CHECK(swaps > 2000L * 18, "damm: adjacent swaps tried");
	CHECK_INT(missed, 0, "damm: every single-digit error and adjacent "
	    "swap is caught, every valid number passes");
	return tap_done();
}
