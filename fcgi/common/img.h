/* img.h: PNG checks and seal clean-up with libgd (img.c). */
#ifndef IMG_H
#define IMG_H

struct	gdImageStruct;
enum	img_err {
	IMG_OK = 0,
	IMG_EMPTY,
	IMG_TOOBIG,
	IMG_NOTPNG,
	IMG_JPEG,
	IMG_GIF,
	IMG_SVG,
	IMG_TRUNCATED,
	IMG_CRC,
	IMG_DIMENSIONS,
	IMG_NOTSQUARE,
	IMG_ANIMATED,
	IMG_DECODE,
	IMG_BACKGROUND,
	IMG_NOSEAL,
	IMG__MAX
};
#define SEAL_MAXBYTES	(1024 * 1024)
#define SEAL_SIZE	400	/* the standard square canvas, pixels */
const char	*img_message(enum img_err);
enum img_err	 img_png_check(const unsigned char *, size_t, size_t,
		    unsigned int *, unsigned int *);
enum img_err	 img_png_check_any(const unsigned char *, size_t, size_t,
		    unsigned int *, unsigned int *);
enum img_err	 img_png_check_side(const unsigned char *, size_t, size_t,
		    unsigned int, unsigned int *, unsigned int *);
struct gdImageStruct *img_decode(const unsigned char *, size_t);
struct gdImageStruct *img_clean(struct gdImageStruct *, int, enum img_err *);
struct gdImageStruct *img_defer(struct arena *, struct gdImageStruct *);
void		*img_png(struct arena *, struct gdImageStruct *, int, size_t *);
void		*img_png_opaque(struct arena *, struct gdImageStruct *, int,
		    size_t *);

#endif /* IMG_H */
