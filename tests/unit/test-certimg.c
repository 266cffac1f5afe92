/* test-certimg.c: template layouts (parse, check, format) and renderer determinism across runs and processes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gd.h>
#include <png.h>

#include "app.h"
#include "certimg.h"
#include "img.h"
#include "tap.h"

static struct config	 cfg;
static struct arena	*a;
static gdImagePtr	 org, site;

static const struct cert_doc doc = {
	"特殊焊接技术职业技能等级证书", "初级", "朱鹏飞", "男",
	"610114200103061011", "15600031012020000000456",
	"中船教育科技(北京)有限公司", "滨海船舶职业技术学院", "2020年09月15日",
	"http://127.0.0.1:8080/verify?n=15600031012020000000456"
};

/*
 * SHA-256 of doc's PNG as drawn since issue 10 (main 0feb96f) and
 * encoded by libgd's writer at level 1 without alpha, as
 * img_png_opaque() did until issue 13: the pixels are pinned by these.
 */
#define GOLDEN_GD_150	"2c98b50c77af6071144b690def2c82d4" \
			"18cf2ebfa34e61124aee120728062925"
#define GOLDEN_GD_300	"34cf31da524a60e46aa936b9fa6a30c0" \
			"ec4913e8873740164f98714f2371c245"
/* The same pixels as img_png_opaque() encodes them since (unfiltered). */
#define GOLDEN_150	"85d326d57a46ca7d43798a6fc61860f8" \
			"519cf1670e703edb41354003a0ffbd52"
#define GOLDEN_300	"3cddac7b2a7f76d0e6c8cdb96f55300f" \
			"0bfe85d55cfc28c8b8a326aecb6a140d"

/* This process's own resident memory in kB (RssAnon), or -1. */
static long
rss_anon_kb(void)
{
	FILE	*f;
	char	 line[128];
	long	 kb = -1;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "RssAnon: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

/* The SHA-256 (hex) of n bytes at p. */
static char *
sha_hex(const void *p, size_t n)
{
	unsigned char	 h[32];
	char		*hex = arena_alloc(a, 65);

	sec_sha256(p, n, h);
	sec_hex(h, 32, hex);
	return hex;
}

/* The SHA-256 (hex) of the PNG of doc drawn with t at dpi. */
static char *
hash(const struct cimg_tpl *t, gdImagePtr photo, int dpi)
{
	gdImagePtr	 im;
	void		*png;
	size_t		 n;

	if ((im = certimg_render(&cfg, t, &doc, org, site, photo, dpi)) == NULL)
		return arena_strdup(a, "render failed");
	png = img_png_opaque(a, im, 1, &n);
	gdImageDestroy(im);
	if (png == NULL)
		return arena_strdup(a, "encode failed");
	return sha_hex(png, n);
}

/* The SHA-256 of a PNG's pixels as RGB, decoded by libpng's own reader. */
static char *
pixels(const void *png, size_t n)
{
	png_image	 im;
	void		*rgb;
	char		*hex;

	memset(&im, 0, sizeof(im));
	im.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&im, png, n))
		return arena_strdup(a, "libpng cannot read it");
	im.format = PNG_FORMAT_RGB;
	rgb = malloc(PNG_IMAGE_SIZE(im));
	if (rgb == NULL || !png_image_finish_read(&im, NULL, rgb, 0, NULL)) {
		free(rgb);
		png_image_free(&im);
		return arena_strdup(a, "libpng cannot decode it");
	}
	hex = sha_hex(rgb, PNG_IMAGE_SIZE(im));
	free(rgb);
	return hex;
}

/*
 * doc drawn with the built-in layout at dpi, encoded twice: by libgd's
 * writer (its bytes' hash in *gd, its pixels' in *gdpx) and by
 * img_png_opaque() (its pixels' hash returned).
 */
static char *
encoded_both(int dpi, char **gd, char **gdpx)
{
	gdImagePtr	 im;
	void		*p, *ours = NULL;
	size_t		 n = 0;
	int		 len = 0;

	*gd = *gdpx = "";
	if ((im = certimg_render(&cfg, &certimg_default, &doc, org, site,
	    NULL, dpi)) == NULL)
		return arena_strdup(a, "render failed");
	gdImageSaveAlpha(im, 0);
	p = gdImagePngPtrEx(im, &len, 1);
	ours = img_png_opaque(a, im, 1, &n);
	gdImageDestroy(im);
	if (p == NULL || ours == NULL) {
		gdFree(p);
		return arena_strdup(a, "encode failed");
	}
	*gd = sha_hex(p, (size_t)len);
	*gdpx = pixels(p, (size_t)len);
	gdFree(p);
	return pixels(ours, n);
}

/* The same hash from a new process (its own font and background caches). */
static char *
hash_child(const struct cimg_tpl *t, int dpi)
{
	char	*hex = arena_calloc(a, 1, 65);
	int	 fd[2], st;
	pid_t	 pid;

	if (pipe(fd) == -1 || (pid = fork()) == -1)
		return arena_strdup(a, "fork failed");
	if (pid == 0) {
		char *h;

		close(fd[0]);
		gdFontCacheShutdown();
		gdFontCacheSetup();
		h = hash(t, NULL, dpi);
		if (write(fd[1], h, 64) != 64)
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	if (read(fd[0], hex, 64) != 64)
		strcpy(hex, "no answer");
	close(fd[0]);
	waitpid(pid, &st, 0);
	return hex;
}

/* A plain PNG of w x h in one colour, made with gd. */
static void *
plain_png(int w, int h, int rgb, size_t *n)
{
	gdImagePtr	 im = gdImageCreateTrueColor(w, h);
	void		*p;

	gdImageFilledRectangle(im, 0, 0, w - 1, h - 1, rgb);
	p = img_png(a, im, 1, n);
	gdImageDestroy(im);
	return p;
}

/* A PNG of w x h pixels, each one different from its neighbours. */
static void *
noise_png(int w, int h, size_t *n)
{
	gdImagePtr	 im = gdImageCreateTrueColor(w, h);
	void		*p;
	int		 x, y;

	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++)
			gdImageSetPixel(im, x, y, (int)(((unsigned)x * 7919u ^
			    (unsigned)y * 104729u) * 2654435761u >> 8) &
			    0xffffff);
	p = img_png(a, im, 1, n);
	gdImageDestroy(im);
	return p;
}

int
main(void)
{
	struct app	 app;
	struct cimg_tpl	 t, u, bg;
	struct cimg_item moved[64];
	const char	*text, *err, *h1, *h2;
	gdImagePtr	 photo;
	size_t		 i, n;
	void		*png;

	a = arena_new();
	memset(&cfg, 0, sizeof(cfg));
	cfg.fonts = getenv("XC_FONTS") != NULL ? getenv("XC_FONTS") :
	    "bin/fonts";
	gdFontCacheSetup();
	org = certimg_sample_seal(&cfg, "培训评价组织", SEAL_SIZE);
	site = certimg_sample_seal(&cfg, "考核站点", SEAL_SIZE);

	/* The built-in layout is a valid one. */
	CHECK(certimg_check(a, &certimg_default) == NULL,
	    "the built-in default layout passes the check");
	CHECK(certimg_has_photo(&certimg_default, NULL), "it has a photo box");

	/* Text form round trip. */
	text = certimg_format(a, &certimg_default);
	CHECK(strstr(text, "name x=40 y=76 size=15 colour=222222 align=left "
	    "label=姓　　名：\n") != NULL, "format: one line per item");
	CHECK(strstr(text, "text x=148.5 y=51 size=11 colour=6b6b6b "
	    "align=centre label=VOCATIONAL SKILL LEVEL CERTIFICATE\n") != NULL,
	    "format: a label with spaces is the rest of the line");
	memset(&t, 0, sizeof(t));
	CHECK((err = certimg_parse(a, text, &t)) == NULL, "parse: the format "
	    "reads back");
	if (err != NULL)
		printf("# %s\n", err);
	CHECK_INT(t.n, certimg_default.n, "parse: every item");
	CHECK_STR(certimg_format(a, &t), text, "parse then format: the same");

	/* Determinism: runs, processes, resolutions, cached or not. */
	h1 = hash(&certimg_default, NULL, 150);
	h2 = hash(&certimg_default, NULL, 150);
	CHECK_INT(strlen(h1), 64, "150 dpi renders");
	CHECK_STR(h2, h1, "150 dpi: the second run (cached background) hashes "
	    "the same");
	CHECK_STR(hash_child(&certimg_default, 150), h1,
	    "150 dpi: another process hashes the same");
	t.id = 0;	/* the parsed layout, never cached */
	CHECK_STR(hash(&t, NULL, 150), h1, "the parsed layout draws the same "
	    "pixels as the built-in one");
	/*
	 * The bytes of today's renderer and encoder, fixed: certificates
	 * frozen with this hash must keep rendering to it, whatever is made
	 * faster (same fonts: Debian's fonts-noto-cjk via bin/fonts).
	 */
	CHECK_STR(h1, GOLDEN_150, "150 dpi: the frozen bytes of this input are "
	    "unchanged");
	h1 = hash(&certimg_default, NULL, 300);
	CHECK_STR(h1, GOLDEN_300, "300 dpi: the frozen bytes of this input are "
	    "unchanged");
	/*
	 * The encoder that replaced libgd's (issue 13) is lossless: libgd's
	 * bytes of the same drawing are still those of issue 10, and libpng
	 * reads the same pixels from both.
	 */
	{
		static const int	 dpis[] = { 150, 300 };
		static const char	*gold[] = { GOLDEN_GD_150, GOLDEN_GD_300 };
		char			*gd, *gdpx, *px, what[96];
		int			 k;

		for (k = 0; k < 2; k++) {
			px = encoded_both(dpis[k], &gd, &gdpx);
			snprintf(what, sizeof(what), "%d dpi: libgd's writer "
			    "still gives issue 10's bytes", dpis[k]);
			CHECK_STR(gd, gold[k], what);
			snprintf(what, sizeof(what), "%d dpi: libpng decodes the "
			    "same pixels from img_png_opaque()'s bytes", dpis[k]);
			CHECK(strlen(px) == 64 && strcmp(px, gdpx) == 0, what);
		}
	}
	CHECK_STR(hash(&certimg_default, NULL, 300), h1,
	    "300 dpi: the second run hashes the same");
	CHECK_STR(hash_child(&certimg_default, 300), h1,
	    "300 dpi: another process hashes the same");
	/*
	 * What a responder keeps after these images (its cached 150 and
	 * 300 dpi backgrounds): a few MB, not the 35 MB of a 300 dpi gd
	 * image per background.
	 */
	memset(&app, 0, sizeof(app));
	app.rss_max = 4096L << 20;
	(void)app_release_memory(&app);
	/*
	 * Under valgrind (make valgrind sets XC_VALGRIND) the process's
	 * memory is valgrind's too: the figure means nothing there, so the
	 * check is not made (and not counted), and says so.
	 */
	if (getenv("XC_VALGRIND") != NULL)
		printf("# memory check not made under valgrind\n");
	else {
		CHECK(rss_anon_kb() > 0 && rss_anon_kb() < 16 * 1024,
		    "memory: after 300 dpi renders, under 16 MB of own memory "
		    "kept");
		if (rss_anon_kb() >= 16 * 1024)
			printf("# RssAnon %ld kB\n", rss_anon_kb());
	}

	/* A changed layout hashes differently (the hash covers the layout). */
	memcpy(moved, certimg_default.item, certimg_default.n *
	    sizeof(moved[0]));
	for (i = 0; i < certimg_default.n; i++)
		if (moved[i].field == CIF_NAME)
			moved[i].x += 1;
	u = certimg_default;
	u.id = 0;
	u.item = moved;
	CHECK(strcmp(hash(&u, NULL, 300), h1) != 0,
	    "the name 1 mm to the right: another hash");

	/* A background image; a photo. */
	png = plain_png(1200, 848, 0xf4eedd, &n);
	bg = certimg_default;
	bg.id = 0;
	bg.bg = png;
	bg.bglen = n;
	h2 = hash(&bg, NULL, 150);
	CHECK(strlen(h2) == 64 && strcmp(h2, hash(&certimg_default, NULL,
	    150)) != 0, "a background image is drawn");
	CHECK_STR(hash_child(&bg, 150), h2,
	    "with a background: another process hashes the same");
	/* Saved, it is cached (in runs) and still draws the same pixels. */
	bg.id = 990001;
	CHECK_STR(hash(&bg, NULL, 150), h2, "a saved template with a "
	    "background: the same pixels when first cached");
	CHECK_STR(hash(&bg, NULL, 150), h2, "a saved template with a "
	    "background: the same pixels from its cache");
	/* A background without runs (noise) is cached as an image. */
	bg.id = 0;
	bg.bg = png = noise_png(400, 283, &bg.bglen);
	h2 = hash(&bg, NULL, 150);
	CHECK_INT(strlen(h2), 64, "a noisy background is drawn");
	bg.id = 990002;
	CHECK_STR(hash(&bg, NULL, 150), h2, "a noisy background: the same "
	    "pixels when first cached");
	CHECK_STR(hash(&bg, NULL, 150), h2, "a noisy background: the same "
	    "pixels from its cache");
	bg.id = 0;
	bg.bg = (const unsigned char *)"\x89PNG\r\n\x1a\n broken";
	bg.bglen = 16;
	CHECK(certimg_render(&cfg, &bg, &doc, org, site, NULL, 150) == NULL,
	    "a broken background: no image (not a blank one)");
	photo = gdImageCreateTrueColor(300, 400);
	gdImageFilledRectangle(photo, 0, 0, 299, 399, 0x3366aa);
	CHECK(strcmp(hash(&certimg_default, photo, 150),
	    hash(&certimg_default, NULL, 150)) != 0, "a photo is drawn");
	CHECK_STR(hash(&certimg_default, photo, 150),
	    hash(&certimg_default, photo, 150), "with a photo: the same twice");
	gdImageDestroy(photo);

	/* Refusals, each with its line and reason. */
#define BAD(src, want, desc) do {					\
		memset(&u, 0, sizeof(u));				\
		err = certimg_parse(a, src, &u);			\
		CHECK(err != NULL && strstr(err, want) != NULL, desc);	\
		if (err == NULL || strstr(err, want) == NULL)		\
			printf("#   got: %s\n", err ? err : "(accepted)");	\
	} while (0)
	BAD(arena_printf(a, "%sstamp x=1 y=1\n", text), "未知字段“stamp”",
	    "an unknown field");
	BAD(arena_printf(a, "%sname x=1 y=100 size=12\n", text), "字段重复",
	    "a field twice");
	BAD("text x=1 y=20 size=12 label=只有文字\n", "版式缺少“姓名”",
	    "a layout without the name");
	BAD(arena_printf(a, "%stext x=298 y=20 size=12 label=外\n", text),
	    "超出 A4", "a text off the page");
	BAD(arena_printf(a, "%stext x=290 y=200 w=10 h=20 size=12 label=外\n",
	    text), "超出 A4", "a box past the page's edge");
	BAD(arena_printf(a, "%stext x=10 y=20 size=12 colour=12345 label=色\n",
	    text), "颜色应为六位十六进制", "a five-digit colour");
	BAD(arena_printf(a, "%stext x=1e2 y=20 size=12 label=数\n", text),
	    "不是不小于 0 的数", "an exponent");
	BAD(arena_printf(a, "%stext x=12.25 y=20 size=12 label=数\n", text),
	    "最多一位小数", "two decimals");
	BAD(arena_printf(a, "%stext x=-1 y=20 size=12 label=数\n", text),
	    "不是不小于 0 的数", "a negative position");
	BAD(arena_printf(a, "%stext x=10 y=20 size=3 label=小\n", text),
	    "字号应在 4 到 72 磅之间", "a 3 pt text");
	BAD(arena_printf(a, "%stext x=10 y=20 size=12\n", text),
	    "固定文字不能为空", "a fixed text without its text");
	BAD(arena_printf(a, "%stext x=10 y=20 size=12 align=middle label=中\n",
	    text), "align 只能是", "an unknown alignment");
	BAD(arena_printf(a, "%stext x=10 y=20 size=12 bold=2 label=粗\n", text),
	    "bold 只能是 0 或 1", "bold=2");
	BAD(arena_printf(a, "%stext x=10 y=20 size=12 font=sans label=字\n",
	    text), "未知设置“font”", "an unknown setting");
	BAD(arena_printf(a, "%stext x=10 y=20 size=12 oops label=字\n", text),
	    "应写成 名称=值", "a setting without a value");
	BAD("", "版式为空", "an empty layout");
	BAD(arena_printf(a, "%s\n\n# a comment\nstamp\n", text),
	    arena_printf(a, "第 %zu 行", certimg_default.n + 4),
	    "the error names its line (blank lines and comments counted)");
	memset(&u, 0, sizeof(u));
	CHECK(certimg_parse(a, arena_printf(a, "# 注释\n\n%s", text), &u) ==
	    NULL && u.n == certimg_default.n, "comments and blank lines skipped");
	memset(&u, 0, sizeof(u));
	CHECK(certimg_parse(a, arena_printf(a, "%s", text), &u) == NULL,
	    "accepted");
	memcpy(moved, certimg_default.item, certimg_default.n *
	    sizeof(moved[0]));
	for (i = 0; i < certimg_default.n; i++)
		if (moved[i].field == CIF_PHOTO)
			moved[i].required = 1;
	u = certimg_default;
	u.item = moved;
	text = certimg_format(a, &u);
	CHECK(strstr(text, "photo x=232 y=64 w=30 h=40 size=10 required=1 ") !=
	    NULL, "format: a required photo");
	{
		int r = 0;

		memset(&u, 0, sizeof(u));
		CHECK(certimg_parse(a, text, &u) == NULL &&
		    certimg_has_photo(&u, &r) && r == 1,
		    "parse: photo required=1 is read");
	}
	gdImageDestroy(org);
	gdImageDestroy(site);
	arena_free(a);
	return tap_done();
}
