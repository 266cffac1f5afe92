/* certimg.h: the certificate image: layout, text, seals, QR (certimg.c). */
#ifndef CERTIMG_H
#define CERTIMG_H

struct	gdImageStruct;

/* What a certificate shows, as text. */
struct	cert_doc {
	const char	*cert_name;
	const char	*level;
	const char	*name;
	const char	*gender;
	const char	*idno;
	const char	*number;
	const char	*org;
	const char	*site;
	const char	*date;
	const char	*verify_url;
};
struct gdImageStruct *certimg_draw(const struct config *,
		    const struct cert_doc *, struct gdImageStruct *,
		    struct gdImageStruct *, int);
struct gdImageStruct *certimg_sample_seal(const struct config *, const char *,
		    int);

#endif /* CERTIMG_H */
