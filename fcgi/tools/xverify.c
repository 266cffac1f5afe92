/* xverify.c: check a certificate's signed QR payload offline, with the public keys only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gd.h>
#include <zbar.h>

#include "app.h"
#include "img.h"
#include "qrpay.h"

/*
 * Exit codes (README: xverify):
 *	0	the payload is signed by a published platform key
 *	1	bad signature: altered or forged
 *	2	signed with a key id none of the given keys has
 *	3	not a payload: malformed, truncated, unknown version
 *	4	an image without a readable QR code
 *	64	usage; 66 an input or key that cannot be read
 */
enum { XV_OK = 0, XV_BADSIG = 1, XV_UNKNOWN_KEY = 2, XV_MALFORMED = 3,
    XV_NOQR = 4, XV_USAGE = 64, XV_NOINPUT = 66 };

/* Images larger than this (pixels, either side) are refused unread. */
#define MAX_SIDE	12000

static int
usage(void)
{
	fprintf(stderr, "usage: xverify (-K KEYDIR | -k N:PUBKEY.pem)... "
	    "PAYLOAD | URL | IMAGE\n"
	    "  KEYDIR holds the public keys as <key id>.pem (GET /verify/keys)\n"
	    "  IMAGE: a PNG or JPEG photo or scan of the certificate\n");
	return XV_USAGE;
}

/* The whole file at path (at most 64 MB), malloc'd; NULL on failure. */
static unsigned char *
slurp(const char *path, size_t *len)
{
	FILE		*f;
	unsigned char	*p = NULL;
	long		 n;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    n < 64L * 1024 * 1024 && fseek(f, 0, SEEK_SET) == 0 &&
	    (p = malloc((size_t)n)) != NULL &&
	    fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	} else if (p != NULL)
		*len = (size_t)n;
	fclose(f);
	return p;
}

/*
 * Decode the QR codes of an image file with libzbar: the first text that
 * holds a payload goes into out (malloc'd).  Returns 0, XV_NOQR or
 * XV_NOINPUT.
 */
static int
scan(const char *path, char **out)
{
	zbar_image_scanner_t	*sc;
	zbar_image_t		*zi;
	const zbar_symbol_t	*sym;
	gdImagePtr		 im;
	unsigned char		*data, *grey;
	size_t			 len = 0;
	unsigned int		 w, h;
	int			 x, y, c, rc = XV_NOQR;

	*out = NULL;
	if ((data = slurp(path, &len)) == NULL) {
		fprintf(stderr, "xverify: %s: cannot read\n", path);
		return XV_NOINPUT;
	}
	if (len > 8 && memcmp(data, "\x89PNG", 4) == 0) {
		if (img_png_check_side(data, len, len, MAX_SIDE, &w,
		    &h) != IMG_OK)
			im = NULL;
		else
			im = gdImageCreateFromPngPtr((int)len, data);
	} else if (len > 3 && data[0] == 0xff && data[1] == 0xd8)
		im = gdImageCreateFromJpegPtr((int)len, data);
	else
		im = NULL;
	free(data);
	if (im == NULL) {
		fprintf(stderr, "xverify: %s: not a PNG or JPEG image this "
		    "tool reads\n", path);
		return XV_NOINPUT;
	}
	if (gdImageSX(im) > MAX_SIDE || gdImageSY(im) > MAX_SIDE) {
		gdImageDestroy(im);
		return XV_NOINPUT;
	}
	w = (unsigned int)gdImageSX(im);
	h = (unsigned int)gdImageSY(im);
	if ((grey = malloc((size_t)w * h)) == NULL) {
		gdImageDestroy(im);
		return XV_NOINPUT;
	}
	for (y = 0; y < (int)h; y++)
		for (x = 0; x < (int)w; x++) {
			c = gdImageGetTrueColorPixel(im, x, y);
			grey[(size_t)y * w + (size_t)x] = (unsigned char)
			    ((gdTrueColorGetRed(c) * 299 +
			    gdTrueColorGetGreen(c) * 587 +
			    gdTrueColorGetBlue(c) * 114) / 1000);
		}
	gdImageDestroy(im);
	sc = zbar_image_scanner_create();
	zbar_image_scanner_request_dbus(sc, 0);	/* no desktop bus here */
	zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zi = zbar_image_create();
	zbar_image_set_format(zi, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(zi, w, h);
	zbar_image_set_data(zi, grey, (unsigned long)w * h,
	    zbar_image_free_data);
	if (zbar_scan_image(sc, zi) > 0)
		for (sym = zbar_image_first_symbol(zi); sym != NULL;
		    sym = zbar_symbol_next(sym)) {
			if (zbar_symbol_get_type(sym) != ZBAR_QRCODE)
				continue;
			if ((*out = strdup(zbar_symbol_get_data(sym))) != NULL)
				rc = XV_OK;
			break;
		}
	zbar_image_destroy(zi);
	zbar_image_scanner_destroy(sc);
	if (rc == XV_NOQR)
		fprintf(stderr, "xverify: %s: no QR code found\n", path);
	return rc;
}

/* The payload in a URL (…/verify/q/<payload>) or the text itself. */
static const char *
payload_of(const char *s)
{
	const char	*p = strstr(s, "/verify/q/");

	return p != NULL ? p + strlen("/verify/q/") : s;
}

/* -k N:FILE or -k FILE named N.pem. */
static int
add_key(struct qrkeys *k, const char *arg)
{
	const char	*colon = strchr(arg, ':'), *base, *file = arg;
	char		*end;
	unsigned long	 kid;

	if (colon != NULL) {
		kid = strtoul(arg, &end, 10);
		if (end != colon)
			return -1;
		file = colon + 1;
	} else {
		base = strrchr(arg, '/') != NULL ? strrchr(arg, '/') + 1 : arg;
		kid = strtoul(base, &end, 10);
		if (strcmp(end, ".pem") != 0)
			return -1;
	}
	return qrkeys_add_pub(k, (unsigned int)kid, file);
}

int
main(int argc, char *argv[])
{
	static struct qrkeys	 k;
	struct qrpay		 p;
	struct stat		 st;
	enum qrpay_err		 e;
	char			*text = NULL, hex[65];
	const char		*in;
	int			 ch, nkeys = 0, rc, n;

	log_setup("xverify");
	while ((ch = getopt(argc, argv, "K:k:")) != -1) {
		switch (ch) {
		case 'K':
			if ((n = qrkeys_load_dir(&k, optarg)) < 0)
				return XV_NOINPUT;
			nkeys += n;
			break;
		case 'k':
			if (add_key(&k, optarg) == -1) {
				fprintf(stderr, "xverify: -k %s: give N:FILE or "
				    "a file named N.pem\n", optarg);
				return XV_NOINPUT;
			}
			nkeys++;
			break;
		default:
			return usage();
		}
	}
	if (argc - optind != 1 || nkeys == 0)
		return usage();
	in = argv[optind];
	if (stat(in, &st) == 0 && S_ISREG(st.st_mode)) {
		if ((rc = scan(in, &text)) != XV_OK)
			return rc;
		printf("qr:       %s\n", text);
		in = text;
	}
	e = qrpay_verify(&k, payload_of(in), &p);
	switch (e) {
	case QRPAY_OK:
		sec_hex(p.sha, sizeof(p.sha), hex);
		hex[64] = '\0';
		printf("valid:    signed by platform key %u\n"
		    "number:   %s\nissued:   %s\nsha256:   %s\n", p.kid,
		    p.number, p.issued, hex);
		rc = XV_OK;
		break;
	case QRPAY_BADSIG:
	case QRPAY_CONTENT:
		rc = XV_BADSIG;
		break;
	case QRPAY_UNKNOWN_KEY:
		rc = XV_UNKNOWN_KEY;
		break;
	default:
		rc = XV_MALFORMED;
		break;
	}
	if (rc != XV_OK)
		printf("invalid:  %s\n", qrpay_message(e));
	free(text);
	qrkeys_free(&k);
	return rc;
}
