/* test-qr.c: QR code images, read back by zbarimg as a phone camera would. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "qr.h"
#include "tap.h"

/* What zbarimg reads from png, or NULL. */
static char *
zbar(struct arena *a, const void *png, size_t len)
{
	char	 path[] = "/tmp/test-qr.XXXXXX", line[1024];
	FILE	*f, *p;
	int	 fd;
	char	*got = NULL;

	if ((fd = mkstemp(path)) == -1 || (f = fdopen(fd, "w")) == NULL)
		return NULL;
	fwrite(png, 1, len, f);
	fclose(f);
	if ((p = popen(arena_printf(a, "zbarimg -q --raw %s 2>/dev/null",
	    path), "r")) != NULL) {
		if (fgets(line, sizeof(line), p) != NULL) {
			line[strcspn(line, "\n")] = '\0';
			got = arena_strdup(a, line);
		}
		pclose(p);
	}
	unlink(path);
	return got;
}

int
main(void)
{
	struct arena	*a = arena_new();
	const char	*url = "http://127.0.0.1:8080/s/"
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
	unsigned char	*png;
	size_t		 len;

	png = qr_png(a, url, 6, &len);
	CHECK(png != NULL && len > 8 && memcmp(png, "\x89PNG", 4) == 0,
	    "qr: a PNG");
	CHECK_STR(zbar(a, png, len), url, "qr: zbarimg reads the signing URL back");
	CHECK(qr_png(a, url, 0, &len) == NULL, "qr: module size 0 refused");
	/* (Only ASCII is put in QR codes: zbar reads 8-bit data as SJIS.) */
	png = qr_png(a, "https://x.example.edu.cn/verify/15600031012020000000013",
	    3, &len);
	CHECK_STR(zbar(a, png, len),
	    "https://x.example.edu.cn/verify/15600031012020000000013",
	    "qr: a small-module verification URL reads back");
	arena_free(a);
	return tap_done();
}
