/* test-glyph.c: preflight of certificate text against the font (FreeType). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "glyph.h"
#include "tap.h"

int
main(void)
{
	struct config	 cfg;
	uint32_t	 c = 0;
	char		 u[5];

	memset(&cfg, 0, sizeof(cfg));
	cfg.fonts = getenv("XC_FONTS") != NULL ? getenv("XC_FONTS") :
	    "bin/fonts";
	CHECK_INT(glyph_missing(&cfg, "朱鹏飞", NULL), 0,
	    "glyph: a common name is drawn");
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
	return tap_done();
}
