/* certscan.h: what a barcode scanner types for a printed certificate (certscan.c). */
#ifndef CERTSCAN_H
#define CERTSCAN_H

#include "certno.h"

/*
 * One scanned line: a certificate number, the QR code's verification
 * URL (<base>/verify?n=<number>), its signed form (<base>/verify/q/
 * <base45> whose first field is the number), or any text holding a
 * 23-digit run.  The number is the first 23-digit run (exactly 23
 * digits) whose Damm check digit holds.
 */
enum	certscan_err {
	CERTSCAN_OK = 0,
	CERTSCAN_EMPTY,		/* a blank line */
	CERTSCAN_NONE,		/* no 23-digit number in it */
	CERTSCAN_CHECK,		/* 23 digits, but no valid check digit */
	CERTSCAN__MAX
};

enum certscan_err certscan_line(const char *, size_t,
		    char [CERTNO_LEN + 1]);
const char	*certscan_message(enum certscan_err);

#endif /* CERTSCAN_H */
