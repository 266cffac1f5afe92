/* idno.h: ID numbers: the rules of each type and the numbers at rest. */
#ifndef IDNO_H
#define IDNO_H

enum	idtype {
	IDT_RESIDENT = 0,	/* 居民身份证 */
	IDT_PERMIT,		/* 港澳台居民居住证 */
	IDT_FOREIGN,		/* 外国人永久居留身份证 */
	IDT_PASSPORT,		/* 护照 */
	IDT__MAX
};
const char	*idno_type_name(enum idtype);
enum idtype	 idno_type(const char *);
const char	*idno_valid(enum idtype, const char *, char [24]);
const char	*idno_card(const char *, char [19]);
char		 idno_check_digit(const char *);
const char	*idno_gender(enum idtype, const char *);
char		*idno_mask(struct arena *, const char *);

/* ID numbers at rest (AES-GCM + HMAC blind index). */
enum rc		 idno_seal(const struct config *, const char *,
		    unsigned char *, size_t *, unsigned char [32]);
char		*idno_open(struct arena *, const struct config *,
		    const unsigned char *, size_t);
void		 idno_index(const struct config *, const char *,
		    unsigned char [32]);

#endif /* IDNO_H */
