/* test-glyph.c: preflight of certificate text against the font (FreeType). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/wait.h>

#include <limits.h>
#include <unistd.h>

#include <ft2build.h>
#include FT_FREETYPE_H
#undef FT_FILE

#include "app.h"
#include "glyph.h"
#include "tap.h"

/* Is a font file still mapped into this process? */
static int
font_mapped(void)
{
	FILE	*f;
	char	 line[1024];
	int	 n = 0;

	if ((f = fopen("/proc/self/maps", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strstr(line, ".otf") != NULL)
			n++;
	fclose(f);
	return n;
}

/*
 * glyph_missing() on every code point of Unicode, one at a time, against
 * FreeType's own lookup of each in both faces: the number that differ.
 */
static long
against_freetype(const struct config *cfg)
{
	static const char *const names[2] = { FONT_REGULAR, FONT_BOLD };
	FT_Library	 lib;
	FT_Face		 face[2];
	char		 path[1024], u[5];
	uint32_t	 c;
	long		 bad = 0, drawn = 0;
	int		 i, want;

	if (FT_Init_FreeType(&lib) != 0)
		return -1;
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/%s", cfg->fonts, names[i]);
		if (FT_New_Face(lib, path, 0, &face[i]) != 0)
			return -1;
	}
	for (c = 0x20; c < 0x110000; c++) {
		if (c >= 0xd800 && c < 0xe000)
			continue;	/* (no UTF-8 for surrogates) */
		want = FT_Get_Char_Index(face[0], c) != 0 &&
		    FT_Get_Char_Index(face[1], c) != 0;
		drawn += want;
		if ((glyph_missing(cfg, glyph_utf8(c, u), NULL) == 0) != want)
			bad++;
	}
	for (i = 0; i < 2; i++)
		FT_Done_Face(face[i]);
	FT_Done_FreeType(lib);
	printf("# both faces draw %ld code points\n", drawn);
	return drawn > 30000 ? bad : -1;
}

/*
 * glyph_missing() in a child process, before this one has read the map
 * with the faces looked for in fonts: its answer to a common name, asked
 * twice, as the exit status (255 for -1, 254 when the two differ).
 */
static int
in_child(const char *fonts)
{
	struct config	 cfg;
	pid_t		 pid;
	int		 st, a, b;

	if ((pid = fork()) == -1)
		return -2;
	if (pid == 0) {
		memset(&cfg, 0, sizeof(cfg));
		cfg.fonts = fonts;
		a = glyph_missing(&cfg, "朱鹏飞", NULL);
		b = glyph_missing(&cfg, "朱鹏飞", NULL);
		_exit(a != b ? 254 : a == -1 ? 255 : a);
	}
	if (waitpid(pid, &st, 0) == -1 || !WIFEXITED(st))
		return -2;
	return WEXITSTATUS(st) == 255 ? -1 : WEXITSTATUS(st);
}

/* A folder holding only the regular face (a link to it), or NULL. */
static const char *
regular_only(const char *fonts, char *dir, size_t len)
{
	char	 from[PATH_MAX], to[PATH_MAX + 64];

	snprintf(dir, len, "/tmp/test-glyph.XXXXXX");
	if (mkdtemp(dir) == NULL || realpath(fonts, from) == NULL)
		return NULL;
	snprintf(to, sizeof(to), "%s/" FONT_REGULAR, dir);
	strncat(from, "/" FONT_REGULAR, sizeof(from) - strlen(from) - 1);
	return symlink(from, to) == 0 ? dir : NULL;
}

int
main(void)
{
	struct config	 cfg;
	uint32_t	 c = 0;
	char		 u[5], dir[64], link[128];

	memset(&cfg, 0, sizeof(cfg));
	cfg.fonts = getenv("XC_FONTS") != NULL ? getenv("XC_FONTS") :
	    "bin/fonts";
	/* (first: a child inherits the map once this process has read it) */
	CHECK_INT(in_child(cfg.fonts), 0,
	    "glyph: a fresh process reads the faces and answers alike");
	CHECK_INT(in_child("/nonexistent"), -1,
	    "glyph: without the font files: -1, and -1 when asked again");
	CHECK(regular_only(cfg.fonts, dir, sizeof(dir)) != NULL,
	    "glyph: a folder with the regular face only");
	CHECK_INT(in_child(dir), -1,
	    "glyph: the bold face missing: -1, not the regular face's answer");
	snprintf(link, sizeof(link), "%s/" FONT_REGULAR, dir);
	(void)unlink(link);
	(void)rmdir(dir);
	CHECK_INT(glyph_missing(&cfg, "朱鹏飞", NULL), 0,
	    "glyph: a common name is drawn");
	CHECK_INT(font_mapped(), 0,
	    "glyph: the font files are not kept mapped (the map is read once)");
	CHECK_INT(glyph_missing(&cfg, "特殊焊接技术职业技能等级证书 初级 "
	    "中船教育科技(北京)有限公司 15600031012020000000456", NULL), 0,
	    "glyph: certificate fields, digits and brackets are drawn");
	CHECK_INT(glyph_missing(&cfg, "王䶮 龘 堃 𠮷 𰻞", NULL), 0,
	    "glyph: rare characters the font has are drawn");
	CHECK_INT(glyph_missing(&cfg, "张𪚥", &c), 1,
	    "glyph: 𪚥 (U+2A6A5), missing from the font, is caught");
	CHECK(c == 0x2a6a5, "glyph: and named");
	CHECK_STR(glyph_utf8(c, u), "𪚥", "glyph: spelled back in UTF-8");
	CHECK_INT(glyph_missing(&cfg, "𪚥𡒄", NULL), 2,
	    "glyph: every missing one is counted");
	CHECK_INT(against_freetype(&cfg), 0,
	    "glyph: every code point answered as FreeType's lookup in both "
	    "faces answers it");
	return tap_done();
}
