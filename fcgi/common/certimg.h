/* certimg.h: the certificate image: template layouts, text, photo, seals, QR (certimg.c). */
#ifndef CERTIMG_H
#define CERTIMG_H

struct	gdImageStruct;
struct	arena;

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

/* What a template item draws (the SQL ENUM of cert_template_field). */
enum	cimg_field {
	CIF_TEXT = 0,		/* its label only: fixed text */
	CIF_NAME,
	CIF_GENDER,
	CIF_IDNO,
	CIF_CERT_NAME,
	CIF_LEVEL,
	CIF_NUMBER,
	CIF_DATE,
	CIF_ORG,
	CIF_SITE,
	CIF_PHOTO,		/* a box: the holder's photo */
	CIF_ORG_SEAL,		/* a box: the organisation's seal */
	CIF_SITE_SEAL,		/* a box: the site's seal */
	CIF_QR,			/* a box: the verification QR code */
	CIF__MAX
};
#define CIF_BOX(f)	((f) >= CIF_PHOTO)

enum	cimg_align { CIA_LEFT = 0, CIA_CENTRE, CIA_RIGHT };

/*
 * One item of a layout: millimetres on the A4 landscape page; a text's
 * (x, y) is its baseline's anchor, a box's its top-left corner; size in
 * points (a box's label under or inside it).
 */
struct	cimg_item {
	enum cimg_field	 field;
	double		 x, y, w, h, size;
	int		 bold;
	int		 colour;	/* 0xrrggbb */
	enum cimg_align	 align;
	int		 required;	/* photo: none means no signature */
	const char	*label;
};

/* A template version: id 0 is not cached (an unsaved layout). */
struct	cimg_tpl {
	long long		 id;
	const unsigned char	*bg;	/* PNG or NULL: the drawn frame */
	size_t			 bglen;
	const struct cimg_item	*item;
	size_t			 n;
};

#define CIMG_MAXITEMS	64
#define CIMG_BG_MAXBYTES (1536 * 1024)

extern const struct cimg_tpl certimg_default;
extern const char *const certimg_field_name[CIF__MAX];
extern const char *const certimg_field_label[CIF__MAX];

int		 certimg_field_parse(const char *);
int		 certimg_has_photo(const struct cimg_tpl *, int *);
const char	*certimg_check(struct arena *, const struct cimg_tpl *);
const char	*certimg_parse(struct arena *, const char *, struct cimg_tpl *);
const char	*certimg_format(struct arena *, const struct cimg_tpl *);
struct gdImageStruct *certimg_render(const struct config *,
		    const struct cimg_tpl *, const struct cert_doc *,
		    struct gdImageStruct *, struct gdImageStruct *,
		    struct gdImageStruct *, int);
struct gdImageStruct *certimg_draw(const struct config *,
		    const struct cert_doc *, struct gdImageStruct *,
		    struct gdImageStruct *, int);
void		 certimg_sample_doc(struct cert_doc *);
struct gdImageStruct *certimg_sample_seal(const struct config *, const char *,
		    int);

#endif /* CERTIMG_H */
