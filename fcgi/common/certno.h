/* certno.h: certificate numbers (23 digits, the last a Damm check digit). */
#ifndef CERTNO_H
#define CERTNO_H

#include <stdint.h>

/*
 * Layout (the seed's 23-digit shape):
 *
 *	digits  1-6   organisation code (organisation.code)
 *	digits  7-9   certificate type code within the organisation
 *	digit  10     level: 1 初级, 2 中级, 3 高级
 *	digits 11-14  year of the exam plan
 *	digits 15-22  serial within organisation, type, level and year
 *	digit  23     Damm check digit over digits 1-22
 *
 * The Damm check digit catches every single-digit error and every swap
 * of two neighbouring digits, so a mistyped number is refused before
 * any lookup.
 */
#define CERTNO_LEN	23
#define CERTNO_SERIAL_MAX	99999999LL

enum	certno_err {
	CERTNO_OK = 0,
	CERTNO_EMPTY,		/* nothing typed */
	CERTNO_SHAPE,		/* not 23 digits */
	CERTNO_CHECK,		/* 23 digits, wrong check digit */
	CERTNO__MAX
};

char		 certno_digit(const char *, size_t);
enum certno_err	 certno_check(const char *);
const char	*certno_message(enum certno_err);
int		 certno_make(char [CERTNO_LEN + 1], const char *, int, int,
		    int, int64_t);

#endif /* CERTNO_H */
