/* qr.h: QR codes as PNG images (libqrencode + libgd). */
#ifndef QR_H
#define QR_H

#include <stddef.h>

struct	arena;

void		*qr_png(struct arena *, const char *, int, size_t *);

#endif /* QR_H */
