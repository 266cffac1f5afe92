/* idgen.h: ID numbers for the tests, computed from the standard, not from valid.c. */
#ifndef IDGEN_H
#define IDGEN_H

#include <string.h>

/*
 * ISO 7064 MOD 11-2 check character of 17 digits, written from the
 * standard (weight of position i counted from the right, the check
 * character being position 1: 2^(i-1) mod 11).
 */
static char
iso7064(const char *s17)
{
	int	 i, w = 1, sum = 0, c;

	for (i = 16; i >= 0; i--) {
		w = (w * 2) % 11;
		sum += (s17[i] - '0') * w;
	}
	c = (12 - sum % 11) % 11;
	return c == 10 ? 'X' : (char)('0' + c);
}

/* An 18-character number: the 17 digits given plus their check digit. */
static char *
mkid(char out[19], const char *s17)
{
	memcpy(out, s17, 17);
	out[17] = iso7064(s17);
	out[18] = '\0';
	return out;
}

#endif /* IDGEN_H */
