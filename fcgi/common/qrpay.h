/* qrpay.h: the signed payload of a certificate's QR code (Ed25519, base32). */
#ifndef QRPAY_H
#define QRPAY_H

#include <stddef.h>
#include <stdint.h>

/*
 * The payload, version 1, in bytes (110 in all):
 *
 *	0	version (1)
 *	1	key id (1-255): which platform key signed it
 *	2-6	certificate number, digits 1-11, as a 40-bit big-endian integer
 *	7-11	certificate number, digits 12-23, likewise
 *	12-13	发证时间 as days since 2000-01-01, 16-bit big-endian
 *	14-45	SHA-256 of the certificate's frozen canonical content
 *	46-109	Ed25519 signature over bytes 0-45
 *
 * It is written as RFC 4648 base32 (upper case, no padding: 176
 * characters), all in the QR code's alphanumeric mode and safe in a URL
 * path: <base>/verify/q/<payload>.
 */
#define QRPAY_VERSION	1
#define QRPAY_SIGNED	46
#define QRPAY_BYTES	(QRPAY_SIGNED + 64)
#define QRPAY_CHARS	176		/* base32 of QRPAY_BYTES */
#define QRPAY_KIDS	256

struct	qrpay {
	unsigned int	 kid;
	char		 number[24];	/* 23 digits */
	char		 issued[11];	/* YYYY-MM-DD */
	unsigned char	 sha[32];
};

/* What a payload string is, checked before anything else. */
enum	qrpay_err {
	QRPAY_OK = 0,
	QRPAY_MALFORMED,	/* not base32, or not 176 characters */
	QRPAY_VERSION_BAD,	/* a version this platform never wrote */
	QRPAY_UNKNOWN_KEY,	/* no public key with that key id */
	QRPAY_BADSIG,		/* altered, forged, or signed by another key */
	QRPAY_CONTENT,		/* signed, but the fields make no sense */
	QRPAY__MAX
};

struct	evp_pkey_st;
struct	evp_md_ctx_st;
struct	qrkeys {
	struct evp_pkey_st *pub[QRPAY_KIDS];	/* by key id; NULL: unknown */
	/*
	 * Each public key's verification set up once (OpenSSL 3 fetches
	 * the algorithm and makes its context on every init: a quarter of
	 * a check); a check copies it into vctx.
	 */
	struct evp_md_ctx_st *vinit[QRPAY_KIDS];
	struct evp_md_ctx_st *vctx;
	struct evp_pkey_st *priv;		/* the signing key, or NULL */
	unsigned int	 priv_kid;
	/*
	 * Optional (qrkeys_memo): the SHA-256 of payloads whose signature
	 * verified, so a payload scanned again skips the Ed25519 check.
	 * Payloads are public and the keys never change while loaded:
	 * a process-lifetime cache that holds no one's data.
	 */
	unsigned char	(*memo)[32];
	size_t		 nmemo;
};

size_t		 b32_encode(const unsigned char *, size_t, char *);
int		 b32_decode(const char *, size_t, unsigned char *, size_t,
		    size_t *);

int		 qrpay_days(const char *, unsigned int *);
void		 qrpay_date(unsigned int, char [11]);
int		 qrpay_sign(const struct qrkeys *, const char *, const char *,
		    const char *, char [QRPAY_CHARS + 1]);
enum qrpay_err	 qrpay_verify(const struct qrkeys *, const char *,
		    struct qrpay *);
enum qrpay_err	 qrpay_number(const char *, size_t, char [24]);
const char	*qrpay_message(enum qrpay_err);

int		 qrkeys_add_pub(struct qrkeys *, unsigned int, const char *);
int		 qrkeys_load_dir(struct qrkeys *, const char *);
int		 qrkeys_load_priv(struct qrkeys *, unsigned int, const char *);
void		 qrkeys_free(struct qrkeys *);
int		 qrkeys_memo(struct qrkeys *, size_t);
struct	arena;
char		*qrkeys_pem(struct arena *, const struct qrkeys *, unsigned int);
char		*qrkeys_b64(struct arena *, const struct qrkeys *, unsigned int);
int		 qrkeys_raw(const struct qrkeys *, unsigned int,
		    unsigned char [32]);

#endif /* QRPAY_H */
