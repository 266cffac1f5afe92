/* thumb.h: the watermarked thumbnail a successful verification shows (thumb.c). */
#ifndef THUMB_H
#define THUMB_H

#define THUMB_WIDTH	640	/* pixels: the 150 dpi web view scaled down */

struct	gdImageStruct;
struct	req;

int		 thumb_day(int);
const char	*thumb_url(struct req *, int64_t, const char *, const char *,
		    int);
int		 thumb_day_ok(int);
struct gdImageStruct *thumb_draw(struct gdImageStruct *, const char *, int,
		    const char *);
const char	*thumb_word(const char *);

#endif /* THUMB_H */
