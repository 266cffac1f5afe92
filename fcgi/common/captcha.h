/* captcha.h: the public lookup's CAPTCHA: distorted digits drawn with libgd. */
#ifndef CAPTCHA_H
#define CAPTCHA_H

#include <stddef.h>

#define CAPTCHA_LEN	5	/* digits */
#define CAPTCHA_WIDTH	180	/* pixels */
#define CAPTCHA_HEIGHT	64

struct	arena;

int		 captcha_answer(char [CAPTCHA_LEN + 1]);
int		 captcha_match(const char *, const char *);
void		*captcha_png(struct arena *, const char *, const char *,
		    size_t *);

#endif /* CAPTCHA_H */
