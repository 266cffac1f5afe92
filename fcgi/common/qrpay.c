/* qrpay.c: the signed payload of a certificate's QR code (see qrpay.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "app.h"
#include "certno.h"
#include "qrpay.h"

static const char b32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/*
 * RFC 4648 base32 of n bytes into out (upper case, no padding; out holds
 * (n * 8 + 4) / 5 + 1 bytes).  Returns the length written.
 */
size_t
b32_encode(const unsigned char *p, size_t n, char *out)
{
	size_t		 i, o = 0;
	unsigned int	 acc = 0, bits = 0;

	for (i = 0; i < n; i++) {
		acc = (acc << 8 | p[i]) & 0xfff;
		bits += 8;
		while (bits >= 5) {
			out[o++] = b32[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0)
		out[o++] = b32[(acc << (5 - bits)) & 31];
	out[o] = '\0';
	return o;
}

/*
 * Decode n characters of unpadded upper-case base32 into at most max
 * bytes.  Leftover bits must be zero (one encoding per value).  Returns
 * 0 with the length in *len, or -1.
 */
int
b32_decode(const char *s, size_t n, unsigned char *out, size_t max,
    size_t *len)
{
	const char	*c;
	size_t		 i, o = 0;
	unsigned int	 acc = 0, bits = 0;

	*len = 0;
	if (n % 8 == 1 || n % 8 == 3 || n % 8 == 6)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] == '\0' || (c = strchr(b32, s[i])) == NULL)
			return -1;
		acc = (acc << 5 | (unsigned int)(c - b32)) & 0xfff;
		bits += 5;
		if (bits >= 8) {
			if (o == max)
				return -1;
			out[o++] = (unsigned char)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	if ((acc & ((1u << bits) - 1)) != 0)
		return -1;
	*len = o;
	return 0;
}

/* Days from 1970-01-01 of a proleptic Gregorian date. */
static long
civil_days(long y, unsigned int m, unsigned int d)
{
	long		 era;
	unsigned int	 yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned int)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

#define EPOCH_2000	10957L	/* civil_days(2000, 1, 1) */

/* "YYYY-MM-DD" (2000-01-01 to 2179) as days since 2000-01-01: 0 or -1. */
int
qrpay_days(const char *s, unsigned int *days)
{
	int	 y, m, d;
	long	 n;

	if (s == NULL || valid_date(s, &y, &m, &d) != 0)
		return -1;
	n = civil_days(y, (unsigned)m, (unsigned)d) - EPOCH_2000;
	if (n < 0 || n > 0xffff)
		return -1;
	*days = (unsigned int)n;
	return 0;
}

/* Days since 2000-01-01 as "YYYY-MM-DD". */
void
qrpay_date(unsigned int days, char out[11])
{
	long		 z = (long)days + EPOCH_2000 + 719468, era, y;
	unsigned int	 doe, yoe, doy, mp, d, m;
	char		 s[48];

	era = z / 146097;
	doe = (unsigned int)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	snprintf(s, sizeof(s), "%04ld-%02u-%02u", y + (m <= 2), m, d);
	memcpy(out, s, 10);
	out[10] = '\0';
}

static void
put40(unsigned char *p, uint64_t v)
{
	int	 i;

	for (i = 4; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)(v & 0xff);
}

static uint64_t
get40(const unsigned char *p)
{
	uint64_t	 v = 0;
	int		 i;

	for (i = 0; i < 5; i++)
		v = v << 8 | p[i];
	return v;
}

static uint64_t
digits(const char *s, size_t n)
{
	uint64_t	 v = 0;
	size_t		 i;

	for (i = 0; i < n; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	return v;
}

/*
 * Sign the payload of certificate number (23 digits, check digit valid),
 * issued on issued ("YYYY-MM-DD"), whose canonical content has the
 * SHA-256 sha_hex (64 hex digits), with the signing key of k.  Writes
 * the base32 text into out.  Returns 0, or -1 (logged) on a bad field
 * or when there is no signing key.
 */
int
qrpay_sign(const struct qrkeys *k, const char *number, const char *issued,
    const char *sha_hex, char out[QRPAY_CHARS + 1])
{
	unsigned char	 p[QRPAY_BYTES];
	unsigned int	 days;
	size_t		 siglen = 64;
	EVP_MD_CTX	*ctx;
	int		 ok;

	out[0] = '\0';
	if (k->priv == NULL) {
		log_warnx("qrpay: no signing key loaded");
		return -1;
	}
	if (certno_check(number) != CERTNO_OK || qrpay_days(issued, &days) ||
	    sha_hex == NULL || strlen(sha_hex) != 64 ||
	    sec_unhex(sha_hex, p + 14, 32) != 0) {
		log_warnx("qrpay: certificate %s: bad number, date or hash",
		    number != NULL ? number : "(null)");
		return -1;
	}
	p[0] = QRPAY_VERSION;
	p[1] = (unsigned char)k->priv_kid;
	put40(p + 2, digits(number, 11));
	put40(p + 7, digits(number + 11, 12));
	p[12] = (unsigned char)(days >> 8);
	p[13] = (unsigned char)(days & 0xff);
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		return -1;
	ok = EVP_DigestSignInit(ctx, NULL, NULL, NULL, k->priv) == 1 &&
	    EVP_DigestSign(ctx, p + QRPAY_SIGNED, &siglen, p,
	    QRPAY_SIGNED) == 1 && siglen == 64;
	EVP_MD_CTX_free(ctx);
	if (!ok) {
		log_warnx("qrpay: EVP_DigestSign failed");
		return -1;
	}
	b32_encode(p, sizeof(p), out);
	return 0;
}

/*
 * Check a payload string: its shape, its key id, its signature, then its
 * fields; only a signed payload's fields are read.  Pure apart from the
 * keys: never touches a database.  On QRPAY_OK, *out holds the fields.
 */
enum qrpay_err
qrpay_verify(const struct qrkeys *k, const char *s, struct qrpay *out)
{
	unsigned char	 p[QRPAY_BYTES], h[32];
	size_t		 n, slot = 0;
	uint64_t	 hi, lo;
	int		 ok;

	memset(out, 0, sizeof(*out));
	if (s == NULL || strlen(s) != QRPAY_CHARS ||
	    b32_decode(s, QRPAY_CHARS, p, sizeof(p), &n) != 0 ||
	    n != QRPAY_BYTES)
		return QRPAY_MALFORMED;
	if (p[0] != QRPAY_VERSION)
		return QRPAY_VERSION_BAD;
	if (k->pub[p[1]] == NULL)
		return QRPAY_UNKNOWN_KEY;
	/* All 110 bytes, signature included, name a memo slot. */
	if (k->nmemo > 0) {
		sec_sha256(p, sizeof(p), h);
		slot = ((size_t)h[0] << 16 | (size_t)h[1] << 8 | h[2]) % k->nmemo;
	}
	if (k->nmemo > 0 && memcmp(k->memo[slot], h, 32) == 0)
		ok = 1;
	else {
		ok = k->vinit[p[1]] != NULL && k->vctx != NULL &&
		    EVP_MD_CTX_copy_ex(k->vctx, k->vinit[p[1]]) == 1 &&
		    EVP_DigestVerify(k->vctx, p + QRPAY_SIGNED, 64, p,
		    QRPAY_SIGNED) == 1;
		if (ok && k->nmemo > 0)
			memcpy(k->memo[slot], h, 32);
	}
	if (!ok)
		return QRPAY_BADSIG;
	hi = get40(p + 2);
	lo = get40(p + 7);
	if (hi > 99999999999ULL || lo > 999999999999ULL)
		return QRPAY_CONTENT;
	snprintf(out->number, sizeof(out->number), "%011llu%012llu",
	    (unsigned long long)hi, (unsigned long long)lo);
	if (certno_check(out->number) != CERTNO_OK)
		return QRPAY_CONTENT;
	out->kid = p[1];
	qrpay_date((unsigned int)p[12] << 8 | p[13], out->issued);
	memcpy(out->sha, p + 14, 32);
	return QRPAY_OK;
}

/*
 * The certificate number in payload s (n characters), WITHOUT checking
 * the signature: for a scanner that then looks the number up within the
 * caller's own scope (a shipment, a hand-over), where a forged payload
 * gains nothing a typed number would not.  Returns QRPAY_OK with the 23
 * digits in out (check digit not yet checked), or why not.
 */
enum qrpay_err
qrpay_number(const char *s, size_t n, char out[24])
{
	unsigned char	 p[QRPAY_BYTES];
	uint64_t	 hi, lo;
	size_t		 len;

	out[0] = '\0';
	if (n != QRPAY_CHARS || b32_decode(s, n, p, sizeof(p), &len) != 0 ||
	    len != QRPAY_BYTES)
		return QRPAY_MALFORMED;
	if (p[0] != QRPAY_VERSION)
		return QRPAY_VERSION_BAD;
	hi = get40(p + 2);
	lo = get40(p + 7);
	if (hi > 99999999999ULL || lo > 999999999999ULL)
		return QRPAY_CONTENT;
	snprintf(out, 24, "%011llu%012llu", (unsigned long long)hi,
	    (unsigned long long)lo);
	return QRPAY_OK;
}

const char *
qrpay_message(enum qrpay_err e)
{
	static const char *const msg[QRPAY__MAX] = {
		[QRPAY_OK] = "二维码签名有效",
		[QRPAY_MALFORMED] = "二维码内容不完整或格式不正确（可能被截断或改动），无法验证",
		[QRPAY_VERSION_BAD] = "二维码格式版本未知，不是本平台签发的二维码",
		[QRPAY_UNKNOWN_KEY] = "二维码的签名密钥不是本平台公布的密钥，不能证明证书真实",
		[QRPAY_BADSIG] = "二维码签名无效：内容被改动或伪造，不能证明证书真实",
		[QRPAY_CONTENT] = "二维码内容无效，不能证明证书真实",
	};

	return e < QRPAY__MAX ? msg[e] : msg[QRPAY_BADSIG];
}

/*
 * Read the Ed25519 key (PEM) of key id kid from path: the private key
 * when priv, else the public key.  NULL (logged) when kid is out of
 * range, the file cannot be read or holds no such key.
 */
static EVP_PKEY *
read_key(unsigned int kid, const char *path, int priv)
{
	const char	*what = priv ? "private" : "public";
	FILE		*f;
	EVP_PKEY	*pk;

	if (kid == 0 || kid >= QRPAY_KIDS || (f = fopen(path, "r")) == NULL) {
		log_warn("qrpay: %s key %s (key id %u)", what, path, kid);
		return NULL;
	}
	pk = priv ? PEM_read_PrivateKey(f, NULL, NULL, NULL) :
	    PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (pk == NULL || EVP_PKEY_get_id(pk) != EVP_PKEY_ED25519) {
		log_warnx("qrpay: %s: not an Ed25519 %s key (PEM)", path, what);
		EVP_PKEY_free(pk);
		return NULL;
	}
	return pk;
}

/* Add the Ed25519 public key in PEM file path as key id kid: 0 or -1. */
int
qrkeys_add_pub(struct qrkeys *k, unsigned int kid, const char *path)
{
	EVP_PKEY	*pk;

	if ((pk = read_key(kid, path, 0)) == NULL)
		return -1;
	EVP_MD_CTX_free(k->vinit[kid]);
	EVP_PKEY_free(k->pub[kid]);
	k->pub[kid] = pk;
	if ((k->vctx == NULL && (k->vctx = EVP_MD_CTX_new()) == NULL) ||
	    (k->vinit[kid] = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestVerifyInit(k->vinit[kid], NULL, NULL, NULL, pk) != 1) {
		log_warnx("qrpay: key %u: cannot set up its verification",
		    kid);
		EVP_MD_CTX_free(k->vinit[kid]);
		k->vinit[kid] = NULL;
		EVP_PKEY_free(pk);
		k->pub[kid] = NULL;
		return -1;
	}
	return 0;
}

/*
 * Load every public key of a keys folder: files <kid>.pem, kid 1-255
 * (rotation adds a file; old ones stay so old payloads still verify).
 * Returns the number loaded, or -1 when the folder cannot be read or a
 * key file is broken.
 */
int
qrkeys_load_dir(struct qrkeys *k, const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	char		 path[4096], *end;
	unsigned long	 kid;
	int		 n = 0;

	if ((d = opendir(dir)) == NULL) {
		log_warn("qrpay: keys folder %s", dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		kid = strtoul(e->d_name, &end, 10);
		if (e->d_name[0] < '1' || e->d_name[0] > '9' ||
		    strcmp(end, ".pem") != 0 || kid >= QRPAY_KIDS)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (qrkeys_add_pub(k, (unsigned int)kid, path) == -1) {
			closedir(d);
			return -1;
		}
		n++;
	}
	closedir(d);
	return n;
}

/* Load the signing key (Ed25519 private key, PEM) as key id kid. */
int
qrkeys_load_priv(struct qrkeys *k, unsigned int kid, const char *path)
{
	EVP_PKEY	*pk;

	if ((pk = read_key(kid, path, 1)) == NULL)
		return -1;
	EVP_PKEY_free(k->priv);
	k->priv = pk;
	k->priv_kid = kid;
	return 0;
}

/* The raw 32-byte public key of kid: 0, or -1 when unknown. */
int
qrkeys_raw(const struct qrkeys *k, unsigned int kid, unsigned char raw[32])
{
	size_t	 n = 32;

	if (kid >= QRPAY_KIDS || k->pub[kid] == NULL ||
	    EVP_PKEY_get_raw_public_key(k->pub[kid], raw, &n) != 1 || n != 32)
		return -1;
	return 0;
}

/* The public key of kid as PEM (SubjectPublicKeyInfo), or NULL. */
char *
qrkeys_pem(struct arena *a, const struct qrkeys *k, unsigned int kid)
{
	BIO	*b;
	char	*p, *out = NULL;
	long	 n;

	if (kid >= QRPAY_KIDS || k->pub[kid] == NULL ||
	    (b = BIO_new(BIO_s_mem())) == NULL)
		return NULL;
	if (PEM_write_bio_PUBKEY(b, k->pub[kid]) == 1 &&
	    (n = BIO_get_mem_data(b, &p)) > 0)
		out = arena_strndup(a, p, (size_t)n);
	BIO_free(b);
	return out;
}

/* The raw 32-byte public key of kid in base64, or NULL. */
char *
qrkeys_b64(struct arena *a, const struct qrkeys *k, unsigned int kid)
{
	unsigned char	 raw[32];
	char		*out;

	if (qrkeys_raw(k, kid, raw) == -1)
		return NULL;
	out = arena_alloc(a, 45);
	EVP_EncodeBlock((unsigned char *)out, raw, sizeof(raw));
	return out;
}

/* Remember up to n verified payloads (see struct qrkeys): 0 or -1. */
int
qrkeys_memo(struct qrkeys *k, size_t n)
{
	free(k->memo);
	k->nmemo = 0;
	if ((k->memo = calloc(n, sizeof(*k->memo))) == NULL)
		return -1;
	k->nmemo = n;
	return 0;
}

void
qrkeys_free(struct qrkeys *k)
{
	size_t	 i;

	free(k->memo);
	for (i = 0; i < QRPAY_KIDS; i++) {
		EVP_MD_CTX_free(k->vinit[i]);
		EVP_PKEY_free(k->pub[i]);
	}
	EVP_MD_CTX_free(k->vctx);
	EVP_PKEY_free(k->priv);
	memset(k, 0, sizeof(*k));
}
