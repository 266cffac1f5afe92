/* glyph.h: does the certificate font draw every character? (FreeType) */
#ifndef GLYPH_H
#define GLYPH_H

#include <stddef.h>
#include <stdint.h>

struct	config;

int		 glyph_missing(const struct config *, const char *, uint32_t *);
const char	*glyph_utf8(uint32_t, char [5]);

#endif /* GLYPH_H */
