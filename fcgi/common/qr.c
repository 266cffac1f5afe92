/* qr.c: a QR code as a PNG image, for screens and phone cameras. */
#include <string.h>

#include <gd.h>
#include <qrencode.h>

#include "app.h"
#include "qr.h"

/*
 * Encode text (8-bit mode, error correction M) as a PNG of black
 * modules of px pixels each on white, with the standard quiet zone of
 * 4 modules.  Returns the arena-owned PNG and its length in *len, or
 * NULL (logged) when the text does not fit or an allocation fails.
 */
void *
qr_png(struct arena *a, const char *text, int px, size_t *len)
{
	QRcode		*q;
	gdImagePtr	 im;
	void		*png, *out = NULL;
	int		 x, y, side, black, n;

	*len = 0;
	if (px < 1 || px > 32)
		return NULL;
	if ((q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1)) ==
	    NULL) {
		log_warn("QRcode_encodeString");
		return NULL;
	}
	side = (q->width + 8) * px;
	if ((im = gdImageCreate(side, side)) == NULL) {
		QRcode_free(q);
		log_warnx("gdImageCreate %d", side);
		return NULL;
	}
	(void)gdImageColorAllocate(im, 255, 255, 255);	/* background */
	black = gdImageColorAllocate(im, 0, 0, 0);
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x++)
			if (q->data[y * q->width + x] & 1)
				gdImageFilledRectangle(im, (x + 4) * px,
				    (y + 4) * px, (x + 5) * px - 1,
				    (y + 5) * px - 1, black);
	QRcode_free(q);
	if ((png = gdImagePngPtrEx(im, &n, 9)) != NULL && n > 0) {
		out = arena_alloc(a, (size_t)n);
		memcpy(out, png, (size_t)n);
		*len = (size_t)n;
	} else
		log_warnx("gdImagePngPtrEx failed");
	gdFree(png);
	gdImageDestroy(im);
	return out;
}
