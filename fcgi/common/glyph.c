/* glyph.c: preflight of certificate text: every code point must exist in the font. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#undef FT_FILE		/* FreeType's stdio alias; app.h has an FT_FILE too */

#include "app.h"
#include "glyph.h"

/*
 * The code points both certificate faces draw (regular and bold, as
 * certimg.c uses them), one bit each over all of Unicode: read once per
 * process from the faces' character maps, then the faces are closed.
 * Kept open, the two CJK faces held 3 MB of FreeType's heap and 5 MB of
 * the font files' pages in every process that showed a list (its
 * preflight), a third of a responder's memory; the map is 136 KB, of
 * which only the pages of the planes in use are touched.  A property of
 * the font files: holds no user data.
 */
#define GLYPH_CPS	0x110000
static uint8_t		 drawn[GLYPH_CPS / 8];
static int		 ready;		/* 1 read, -1 failed, 0 not yet */

/*
 * Read the face at path into drawn: with first, every code point it
 * draws; else keep only those it draws too.
 */
static int
glyph_read(FT_Library lib, const char *path, int first)
{
	FT_Face		 face;
	FT_ULong	 c;
	FT_UInt		 gi;

	if (FT_New_Face(lib, path, 0, &face) != 0) {
		log_warnx("%s: cannot open the certificate font", path);
		return -1;
	}
	if (first) {
		for (c = FT_Get_First_Char(face, &gi); gi != 0;
		    c = FT_Get_Next_Char(face, c, &gi))
			if (c < GLYPH_CPS)
				drawn[c / 8] |= 1u << (c % 8);
	} else
		for (c = 0; c < GLYPH_CPS; c++)
			if ((drawn[c / 8] >> (c % 8)) & 1 &&
			    FT_Get_Char_Index(face, c) == 0)
				drawn[c / 8] &= ~(1u << (c % 8));
	FT_Done_Face(face);
	return 0;
}

static int
glyph_open(const struct config *cfg)
{
	static const char *const names[2] = { FONT_REGULAR, FONT_BOLD };
	FT_Library	 lib;
	char		 path[1024];
	size_t		 i;

	if (ready)
		return ready > 0 ? 0 : -1;
	ready = -1;
	if (FT_Init_FreeType(&lib) != 0) {
		log_warnx("FT_Init_FreeType failed");
		return -1;
	}
	for (i = 0; i < 2; i++)
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", cfg->fonts,
		    names[i]) >= sizeof(path) ||
		    glyph_read(lib, path, i == 0) == -1)
			break;
	if (i == 2)
		ready = 1;
	FT_Done_FreeType(lib);
	return ready > 0 ? 0 : -1;
}

/* Decode one UTF-8 sequence at *p (valid UTF-8 assumed; else U+FFFD). */
static uint32_t
next_cp(const unsigned char **p)
{
	const unsigned char	*s = *p;
	uint32_t		 c;
	int			 n, i;

	if (s[0] < 0x80) {
		*p = s + 1;
		return s[0];
	}
	if ((s[0] & 0xe0) == 0xc0) {
		c = s[0] & 0x1f;
		n = 1;
	} else if ((s[0] & 0xf0) == 0xe0) {
		c = s[0] & 0x0f;
		n = 2;
	} else if ((s[0] & 0xf8) == 0xf0) {
		c = s[0] & 0x07;
		n = 3;
	} else {
		*p = s + 1;
		return 0xfffd;
	}
	for (i = 1; i <= n; i++) {
		if ((s[i] & 0xc0) != 0x80) {
			*p = s + i;
			return 0xfffd;
		}
		c = (c << 6) | (s[i] & 0x3f);
	}
	*p = s + n + 1;
	return c;
}

/* Do both faces draw code point c? */
static int
glyph_has(uint32_t c)
{
	return c < GLYPH_CPS && ((drawn[c / 8] >> (c % 8)) & 1);
}

/*
 * How many code points of the UTF-8 text the certificate faces lack
 * (0: all are drawn; a rare character, 生僻字, missing from the font
 * would print as an empty box).  The first missing one goes into
 * *first when not NULL.  Returns -1 when the font cannot be opened.
 */
int
glyph_missing(const struct config *cfg, const char *text, uint32_t *first)
{
	const unsigned char	*p = (const unsigned char *)text;
	uint32_t		 c;
	int			 n = 0;

	if (glyph_open(cfg) == -1)
		return -1;
	while (p != NULL && *p != '\0') {
		c = next_cp(&p);
		if (c < 0x20)
			continue;
		if (!glyph_has(c) && n++ == 0 && first != NULL)
			*first = c;
	}
	return n;
}

/* The UTF-8 spelling of code point c (for messages). */
const char *
glyph_utf8(uint32_t c, char out[5])
{
	if (c < 0x80) {
		out[0] = (char)c;
		out[1] = '\0';
	} else if (c < 0x800) {
		out[0] = (char)(0xc0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3f));
		out[2] = '\0';
	} else if (c < 0x10000) {
		out[0] = (char)(0xe0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[2] = (char)(0x80 | (c & 0x3f));
		out[3] = '\0';
	} else {
		out[0] = (char)(0xf0 | (c >> 18));
		out[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[3] = (char)(0x80 | (c & 0x3f));
		out[4] = '\0';
	}
	return out;
}
