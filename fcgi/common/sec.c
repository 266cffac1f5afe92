/* sec.c: random tokens, hashes, AES-256-GCM and argon2id via OpenSSL/libargon2. */
/* The SHA256_* functions (sec_sha256, sec_hmac) are deprecated in 3.0. */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <string.h>

#include <argon2.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "app.h"

/*
 * argon2id parameters: of OWASP's equivalent minimum settings (19 MiB
 * and 2 passes, ..., 7 MiB and 5 passes, 1 lane) the one that keeps a
 * responder that hashes under 20 MB resident (about the same CPU time);
 * a hash keeps its own parameters, so older ones still verify.
 */
#define PW_T_COST	5
#define PW_M_COST	7168
#define PW_LANES	1
#define PW_SALT		16
#define PW_HASHLEN	32

static void
ossl_warn(const char *fn)
{
	char	 b[256];

	ERR_error_string_n(ERR_get_error(), b, sizeof(b));
	log_warnx("%s: %s", fn, b);
}

/* Fill p with n cryptographically random bytes.  Returns 0 or -1. */
int
sec_random(void *p, size_t n)
{
	if (RAND_bytes(p, (int)n) != 1) {
		ossl_warn("RAND_bytes");
		return -1;
	}
	return 0;
}

/* Write 2n lower-case hex digits and a NUL into out. */
void
sec_hex(const unsigned char *p, size_t n, char *out)
{
	static const char	 hx[] = "0123456789abcdef";
	size_t			 i;

	for (i = 0; i < n; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 15];
	}
	out[2 * n] = '\0';
}

/* Decode exactly 2n hex digits into out.  Returns 0 or -1. */
int
sec_unhex(const char *s, unsigned char *out, size_t n)
{
	size_t	 i;
	int	 hi, lo;

	if (s == NULL || strlen(s) != 2 * n)
		return -1;
	for (i = 0; i < n; i++) {
		hi = OPENSSL_hexchar2int((unsigned char)s[2 * i]);
		lo = OPENSSL_hexchar2int((unsigned char)s[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

/*
 * SHA-256 and HMAC-SHA-256 by the digest's own functions: OpenSSL 3's
 * one-shot SHA256() and HMAC(), and its EVP_MAC contexts, fetch the
 * algorithm from the provider each time; that was most of a
 * verification lookup's hashing (five MACs and two digests, issue 13).
 * The SHA256_* functions are deprecated in OpenSSL 3 but remain (and
 * compute the same digest).
 */
void
sec_sha256(const void *p, size_t n, unsigned char out[32])
{
	SHA256_CTX	 c;

	SHA256_Init(&c);
	SHA256_Update(&c, p, n);
	SHA256_Final(out, &c);
	OPENSSL_cleanse(&c, sizeof(c));
}

/*
 * HMAC-SHA-256 (RFC 2104) from the digest's states after the padded key
 * (inner and outer), computed once per key and process for the few
 * configured keys, and copied for each MAC.
 */
#define MACS_MAX	8
struct	hkey {
	unsigned char	 key[64];
	size_t		 klen;
	SHA256_CTX	 in, out;
};
static struct hkey	 macs[MACS_MAX];
static size_t		 nmacs;

static void
hkey_init(struct hkey *h, const unsigned char *key, size_t klen)
{
	unsigned char	 k[64], pad[64];
	size_t		 i;

	memset(k, 0, sizeof(k));
	if (klen > sizeof(k))
		sec_sha256(key, klen, k);
	else
		memcpy(k, key, klen);
	for (i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x36;
	SHA256_Init(&h->in);
	SHA256_Update(&h->in, pad, sizeof(pad));
	for (i = 0; i < sizeof(pad); i++)
		pad[i] = k[i] ^ 0x5c;
	SHA256_Init(&h->out);
	SHA256_Update(&h->out, pad, sizeof(pad));
	OPENSSL_cleanse(k, sizeof(k));
	OPENSSL_cleanse(pad, sizeof(pad));
}

void
sec_hmac(const unsigned char *key, size_t klen, const void *p, size_t n,
    unsigned char out[32])
{
	struct hkey	 tmp, *h = NULL;
	SHA256_CTX	 c;
	unsigned char	 ih[32];
	size_t		 i;

	for (i = 0; i < nmacs && h == NULL; i++)
		if (macs[i].klen == klen && memcmp(macs[i].key, key, klen) == 0)
			h = &macs[i];
	if (h == NULL && nmacs < MACS_MAX && klen <= sizeof(macs[0].key)) {
		h = &macs[nmacs++];
		memcpy(h->key, key, klen);
		h->klen = klen;
		hkey_init(h, key, klen);
	} else if (h == NULL) {
		hkey_init(&tmp, key, klen);
		h = &tmp;
	}
	c = h->in;
	SHA256_Update(&c, p, n);
	SHA256_Final(ih, &c);
	c = h->out;
	SHA256_Update(&c, ih, sizeof(ih));
	SHA256_Final(out, &c);
	OPENSSL_cleanse(&c, sizeof(c));
	OPENSSL_cleanse(ih, sizeof(ih));
	if (h == &tmp)
		OPENSSL_cleanse(&tmp, sizeof(tmp));
}

/* Constant-time comparison.  Returns 1 when equal. */
int
sec_eq(const void *a, const void *b, size_t n)
{
	return CRYPTO_memcmp(a, b, n) == 0;
}

/*
 * Encrypt n bytes with AES-256-GCM under key.  out receives
 * version(1) | iv(12) | ciphertext(n) | tag(16); it must hold
 * n + SEC_GCM_OVERHEAD bytes.  Returns 0 or -1.
 */
int
sec_encrypt(const unsigned char key[32], const void *p, size_t n,
    unsigned char *out, size_t *outlen)
{
	EVP_CIPHER_CTX	*c;
	int		 l, rv = -1;

	out[0] = 1;
	if (sec_random(out + 1, 12) == -1)
		return -1;
	if ((c = EVP_CIPHER_CTX_new()) == NULL)
		goto out;
	if (EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, out + 1) != 1 ||
	    EVP_EncryptUpdate(c, out + 13, &l, p, (int)n) != 1 ||
	    EVP_EncryptFinal_ex(c, out + 13 + l, &l) != 1 ||
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, out + 13 + n) != 1)
		goto out;
	*outlen = n + SEC_GCM_OVERHEAD;
	rv = 0;
out:
	if (rv == -1)
		ossl_warn("sec_encrypt");
	EVP_CIPHER_CTX_free(c);
	return rv;
}

/*
 * Decrypt what sec_encrypt() wrote.  out must hold n bytes.
 * Returns 0, or -1 when the data was altered or the key is wrong.
 */
int
sec_decrypt(const unsigned char key[32], const unsigned char *in, size_t n,
    unsigned char *out, size_t *outlen)
{
	EVP_CIPHER_CTX	*c;
	size_t		 ctlen;
	int		 l, rv = -1;
	unsigned char	 tag[16];

	if (n < SEC_GCM_OVERHEAD || in[0] != 1)
		return -1;
	ctlen = n - SEC_GCM_OVERHEAD;
	memcpy(tag, in + 13 + ctlen, 16);
	if ((c = EVP_CIPHER_CTX_new()) == NULL)
		return -1;
	if (EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, in + 1) == 1 &&
	    EVP_DecryptUpdate(c, out, &l, in + 13, (int)ctlen) == 1 &&
	    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, tag) == 1 &&
	    EVP_DecryptFinal_ex(c, out + l, &l) == 1) {
		*outlen = ctlen;
		rv = 0;
	}
	EVP_CIPHER_CTX_free(c);
	return rv;
}

/*
 * Hash a password with argon2id into the encoded form ($argon2id$...).
 * Returns 0 or -1.
 */
int
sec_pw_hash(const char *pw, char *out, size_t outsz)
{
	unsigned char	 salt[PW_SALT];
	int		 e;

	if (sec_random(salt, sizeof(salt)) == -1)
		return -1;
	e = argon2id_hash_encoded(PW_T_COST, PW_M_COST, PW_LANES, pw,
	    strlen(pw), salt, sizeof(salt), PW_HASHLEN, out, outsz);
	if (e != ARGON2_OK) {
		log_warnx("argon2id_hash_encoded: %s", argon2_error_message(e));
		return -1;
	}
	return 0;
}

/* Returns 1 when pw matches the encoded hash, 0 otherwise. */
int
sec_pw_verify(const char *encoded, const char *pw)
{
	if (encoded == NULL || strncmp(encoded, "$argon2id$", 10) != 0)
		return 0;
	return argon2id_verify(encoded, pw, strlen(pw)) == ARGON2_OK;
}

/*
 * Make a random 256-bit token.  Returns it as arena-owned hex and its
 * SHA-256 in hash (what the database keeps); NULL on failure.
 */
char *
sec_token(struct arena *a, unsigned char hash[32])
{
	unsigned char	 raw[32];
	char		*hex;

	if (sec_random(raw, sizeof(raw)) == -1)
		return NULL;
	hex = arena_alloc(a, 65);
	sec_hex(raw, sizeof(raw), hex);
	sec_sha256(hex, 64, hash);
	return hex;
}

/*
 * Make a one-time password of 12 characters from an alphabet without
 * look-alikes (no 0/O, 1/l/I).  Returns it arena-owned, or NULL.
 */
char *
sec_password(struct arena *a)
{
	static const char	 alpha[] =
	    "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	unsigned char		 c;
	char			*p;
	size_t			 i = 0, n = sizeof(alpha) - 1;

	p = arena_alloc(a, 13);
	while (i < 12) {
		if (sec_random(&c, 1) == -1)
			return NULL;
		if (c >= 256 - 256 % n)
			continue;	/* rejection sampling: no bias */
		p[i++] = alpha[c % n];
	}
	p[12] = '\0';
	return p;
}

/*
 * Decode n characters of standard base64 (padded, no line breaks) into
 * an arena buffer; *outlen gets its length.  Returns NULL when s is not
 * base64 or the result would exceed max bytes.
 */
unsigned char *
sec_unbase64(struct arena *a, const char *s, size_t n, size_t max,
    size_t *outlen)
{
	unsigned char	*out;
	size_t		 i, pad = 0;
	int		 got;

	*outlen = 0;
	if (n == 0 || n % 4 != 0 || n / 4 * 3 > max + 2 || n > INT32_MAX)
		return NULL;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '=') {
			if (i < n - 2)
				return NULL;
			pad++;
		} else if (pad > 0 || !((c >= 'A' && c <= 'Z') ||
		    (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '+' || c == '/'))
			return NULL;
	}
	out = arena_alloc(a, n / 4 * 3 + 1);
	if ((got = EVP_DecodeBlock(out, (const unsigned char *)s, (int)n)) < 0)
		return NULL;
	/* EVP_DecodeBlock counts the padding as zero bytes. */
	*outlen = (size_t)got - pad;
	if (*outlen > max)
		return NULL;
	return out;
}
