/*
 * mkphoto.c: a phone's photo of a printed certificate, for t0174: the
 * PNG in, turned by a few degrees on a grey table, scaled down, a little
 * darker and softer, saved as a JPEG of the given quality (libgd only;
 * no imaging package is needed on the machine).
 *
 *	mkphoto IN.png OUT.jpg DEGREES SCALE QUALITY
 */
#include <stdio.h>
#include <stdlib.h>

#include <gd.h>

int
main(int argc, char *argv[])
{
	gdImagePtr	 src, rot, out;
	FILE		*f;
	double		 deg, scale;
	int		 q, w, h;

	if (argc != 6) {
		fprintf(stderr, "usage: mkphoto IN.png OUT.jpg DEGREES SCALE "
		    "QUALITY\n");
		return 64;
	}
	deg = atof(argv[3]);
	scale = atof(argv[4]);
	q = atoi(argv[5]);
	if ((f = fopen(argv[1], "rb")) == NULL) {
		perror(argv[1]);
		return 66;
	}
	src = gdImageCreateFromPng(f);
	fclose(f);
	if (src == NULL || scale <= 0 || scale > 1) {
		fprintf(stderr, "%s: not a PNG, or a bad scale\n", argv[1]);
		return 65;
	}
	/* The sheet turned on a grey table, as held under a phone. */
	if ((rot = gdImageRotateInterpolated(src, (float)deg,
	    gdTrueColor(128, 124, 118))) == NULL)
		return 70;
	w = (int)(gdImageSX(rot) * scale);
	h = (int)(gdImageSY(rot) * scale);
	if ((out = gdImageCreateTrueColor(w, h)) == NULL)
		return 70;
	gdImageCopyResampled(out, rot, 0, 0, 0, 0, w, h, gdImageSX(rot),
	    gdImageSY(rot));
	/* Room light: a little darker, less contrast, slightly soft. */
	gdImageBrightness(out, -18);
	gdImageContrast(out, 12);
	gdImageSmooth(out, 40);
	if ((f = fopen(argv[2], "wb")) == NULL) {
		perror(argv[2]);
		return 73;
	}
	gdImageJpeg(out, f, q);
	fclose(f);
	gdImageDestroy(src);
	gdImageDestroy(rot);
	gdImageDestroy(out);
	return 0;
}
