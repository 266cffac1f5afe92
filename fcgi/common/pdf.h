/* pdf.h: certificate PDFs (libharu) signed by the platform (OpenSSL CMS). */
#ifndef PDF_H
#define PDF_H

#include <stddef.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

struct	arena;

#define PDF_SIG_MAX	8192	/* bytes reserved for the CMS signature */

void		*pdf_page_png(struct arena *, const void *, size_t, const char *,
		    size_t *);
void		*pdf_sign(struct arena *, const void *, size_t, EVP_PKEY *,
		    X509 *, STACK_OF(X509) *, const char *, size_t *);

#endif /* PDF_H */
