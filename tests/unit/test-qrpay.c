/* test-qrpay.c: QR payloads: base32, signing, every tampering, openssl. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "certno.h"
#include "qrpay.h"
#include "tap.h"

static char	 dir[] = "/tmp/test-qrpay.XXXXXX";

/* Run a shell command; its exit status. */
static int
sh(const char *fmt, const char *a, const char *b)
{
	char	 cmd[2048];

	snprintf(cmd, sizeof(cmd), fmt, dir, a, b);
	return system(cmd);
}

static void
write_file(const char *name, const void *p, size_t n)
{
	char	 path[512];
	FILE	*f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "wb")) == NULL || fwrite(p, 1, n, f) != n)
		abort();
	fclose(f);
}

static void
test_base32(void)
{
	/* RFC 4648, section 10, without the padding. */
	static const char *const v[][2] = {
		{ "", "" }, { "f", "MY" }, { "fo", "MZXQ" }, { "foo", "MZXW6" },
		{ "foob", "MZXW6YQ" }, { "fooba", "MZXW6YTB" },
		{ "foobar", "MZXW6YTBOI" },
	};
	unsigned char	 out[16];
	char		 enc[32], desc[64];
	size_t		 i, n;

	for (i = 0; i < nitems(v); i++) {
		b32_encode((const unsigned char *)v[i][0], strlen(v[i][0]), enc);
		snprintf(desc, sizeof(desc), "base32 of \"%s\" (RFC 4648)",
		    v[i][0]);
		CHECK_STR(enc, v[i][1], desc);
		snprintf(desc, sizeof(desc), "base32 %s decodes back", v[i][1]);
		CHECK(b32_decode(v[i][1], strlen(v[i][1]), out, sizeof(out),
		    &n) == 0 && n == strlen(v[i][0]) &&
		    memcmp(out, v[i][0], n) == 0, desc);
	}
	CHECK(b32_decode("MZXW6YTBOJ", 10, out, sizeof(out), &n) == -1,
	    "base32: non-zero leftover bits refused (one spelling per value)");
	CHECK(b32_decode("mzxw6", 5, out, sizeof(out), &n) == -1,
	    "base32: lower case refused");
	CHECK(b32_decode("MZXW6YT", 6, out, sizeof(out), &n) == -1,
	    "base32: an impossible length refused");
	CHECK(b32_decode("MZ1W6", 5, out, sizeof(out), &n) == -1,
	    "base32: a character outside the alphabet refused");
	CHECK(b32_decode("MZXW6YTBOI", 10, out, 5, &n) == -1,
	    "base32: more bytes than the buffer refused");
}

static void
test_dates(void)
{
	unsigned int	 d;
	char		 s[11];

	CHECK(qrpay_days("2000-01-01", &d) == 0 && d == 0,
	    "2000-01-01 is day 0");
	CHECK(qrpay_days("2024-02-29", &d) == 0 && d == 8825,
	    "2024-02-29 is day 8825");
	qrpay_date(8825, s);
	CHECK_STR(s, "2024-02-29", "day 8825 is 2024-02-29");
	CHECK(qrpay_days("2026-12-01", &d) == 0, "2026-12-01 is a day");
	qrpay_date(d, s);
	CHECK_STR(s, "2026-12-01", "2026-12-01 round trip");
	CHECK(qrpay_days("1999-12-31", &d) == -1, "dates before 2000 refused");
	CHECK(qrpay_days("2026-02-30", &d) == -1, "an impossible date refused");
}

int
main(void)
{
	struct qrkeys	 k, k2, none;
	struct qrpay	 f;
	unsigned char	 raw[QRPAY_BYTES], raw2[QRPAY_BYTES];
	char		 p[QRPAY_CHARS + 1], t[QRPAY_CHARS + 1], path[512];
	char		 number[CERTNO_LEN + 1];
	const char	*sha = "9f86d081884c7d659a2feaa0c55ad015"
			    "a3bf4f1b2b0b822cd15d6c15b0f00a08";
	size_t		 i, n, bad;
	int		 e;

	test_base32();
	test_dates();

	if (mkdtemp(dir) == NULL)
		return 1;
	if (sh("cd %s && openssl genpkey -algorithm ed25519 -out 1.key && "
	    "openssl pkey -in 1.key -pubout -out 1.pem && "
	    "openssl genpkey -algorithm ed25519 -out 2.key && "
	    "openssl pkey -in 2.key -pubout -out 2.pem", "", "") != 0)
		return 1;
	memset(&k, 0, sizeof(k));
	memset(&k2, 0, sizeof(k2));
	memset(&none, 0, sizeof(none));
	CHECK(qrkeys_load_dir(&k, dir) == 2, "the keys folder: 2 public keys");
	snprintf(path, sizeof(path), "%s/1.key", dir);
	CHECK(qrkeys_load_priv(&k, 1, path) == 0, "signing key 1 loads");
	CHECK(qrkeys_load_priv(&k2, 1, dir) == -1, "a folder is not a key");
	snprintf(path, sizeof(path), "%s/1.pem", dir);
	CHECK(qrkeys_load_priv(&k2, 1, path) == -1,
	    "a public key is not a signing key");

	certno_make(number, "156000", 31, 1, 2020, 1);
	CHECK(qrpay_sign(&k, number, "2026-12-01", sha, p) == 0,
	    "a payload is signed");
	CHECK_INT((long long)strlen(p), QRPAY_CHARS, "176 characters");
	CHECK(strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") == QRPAY_CHARS,
	    "QR alphanumeric and URL-safe characters only");
	e = qrpay_verify(&k, p, &f);
	CHECK_INT(e, QRPAY_OK, "and verifies");
	CHECK_STR(f.number, number, "the number comes back");
	CHECK_STR(f.issued, "2026-12-01", "the date comes back");
	CHECK(f.kid == 1, "the key id comes back");
	CHECK(sec_unhex(sha, raw, 32) == 0 && memcmp(f.sha, raw, 32) == 0,
	    "the content hash comes back");
	CHECK(qrpay_sign(&k, "15600003101202000000011", "2026-12-01", sha,
	    t) == -1, "a number with a wrong check digit is never signed");
	CHECK(qrpay_sign(&none, number, "2026-12-01", sha, t) == -1,
	    "no signing key: nothing signed");
	CHECK(qrpay_sign(&k, number, "2026-12-01", "abc", t) == -1,
	    "a bad hash is never signed");

	/* Every single character changed: never verifies. */
	for (i = 0, bad = 0; i < QRPAY_CHARS; i++) {
		memcpy(t, p, sizeof(t));
		t[i] = t[i] == 'A' ? 'B' : 'A';
		if (qrpay_verify(&k, t, &f) == QRPAY_OK)
			bad++;
	}
	CHECK(bad == 0, "each of the 176 characters altered: refused");
	/* Every single bit of the bytes flipped: never verifies. */
	b32_decode(p, QRPAY_CHARS, raw, sizeof(raw), &n);
	for (i = 0, bad = 0; i < QRPAY_BYTES * 8; i++) {
		memcpy(raw2, raw, sizeof(raw));
		raw2[i / 8] ^= (unsigned char)(1u << (i % 8));
		b32_encode(raw2, sizeof(raw2), t);
		e = qrpay_verify(&k, t, &f);
		/* Bytes 0 and 1 name the version and key: refused as such. */
		if (e == QRPAY_OK || (i >= 16 && e != QRPAY_BADSIG))
			bad++;
	}
	CHECK(bad == 0, "each of the 880 bits flipped: refused (bad signature "
	    "from byte 2 on)");
	memcpy(raw2, raw, sizeof(raw));
	raw2[1] = 2;
	b32_encode(raw2, sizeof(raw2), t);
	CHECK_INT(qrpay_verify(&k, t, &f), QRPAY_BADSIG,
	    "key id 1's signature relabelled as key 2: bad signature");
	raw2[1] = 9;
	b32_encode(raw2, sizeof(raw2), t);
	CHECK_INT(qrpay_verify(&k, t, &f), QRPAY_UNKNOWN_KEY,
	    "an unknown key id: refused as such");
	raw2[1] = 1;
	raw2[0] = 2;
	b32_encode(raw2, sizeof(raw2), t);
	CHECK_INT(qrpay_verify(&k, t, &f), QRPAY_VERSION_BAD,
	    "an unknown version: refused as such");
	memcpy(t, p, sizeof(t));
	t[QRPAY_CHARS - 1] = '\0';
	CHECK_INT(qrpay_verify(&k, t, &f), QRPAY_MALFORMED,
	    "one character cut off: malformed");
	t[100] = '\0';
	CHECK_INT(qrpay_verify(&k, t, &f), QRPAY_MALFORMED,
	    "truncated to 100: malformed");
	CHECK_INT(qrpay_verify(&k, "", &f), QRPAY_MALFORMED, "empty: malformed");
	memcpy(t, p, sizeof(t));
	t[5] = 'a';
	CHECK_INT(qrpay_verify(&k, t, &f), QRPAY_MALFORMED,
	    "lower case: malformed");

	/* Another key pair claiming key id 1: a forgery. */
	snprintf(path, sizeof(path), "%s/2.key", dir);
	qrkeys_load_priv(&k2, 1, path);
	qrpay_sign(&k2, number, "2026-12-01", sha, t);
	CHECK_INT(qrpay_verify(&k, t, &f), QRPAY_BADSIG,
	    "signed by another key under key id 1: bad signature");
	/* Rotation: key 2 signs as key id 2, key 1's payloads still verify. */
	qrkeys_load_priv(&k2, 2, path);
	qrpay_sign(&k2, number, "2026-12-01", sha, t);
	CHECK(qrpay_verify(&k, t, &f) == QRPAY_OK && f.kid == 2,
	    "rotated: a key 2 payload verifies with the keys folder");
	CHECK_INT(qrpay_verify(&k, p, &f), QRPAY_OK,
	    "and key 1's payload still verifies");
	CHECK(qrkeys_raw(&k, 1, raw2) == 0 && qrkeys_raw(&k, 3, raw2) == -1,
	    "raw public keys by key id");

	/* The memo of verified payloads never lets another one through. */
	CHECK(qrkeys_memo(&k, 7) == 0, "a memo of 7 slots");
	CHECK(qrpay_verify(&k, p, &f) == QRPAY_OK && qrpay_verify(&k, p, &f) ==
	    QRPAY_OK && strcmp(f.number, number) == 0,
	    "a payload verifies, and again from the memo, with its fields");
	b32_encode(raw, sizeof(raw), t);
	CHECK_INT(qrpay_verify(&k, t, &f), QRPAY_OK,
	    "openssl's payload verified into the memo");
	for (i = 0, bad = 0; i < QRPAY_BYTES * 8; i++) {
		memcpy(raw2, raw, sizeof(raw));
		raw2[i / 8] ^= (unsigned char)(1u << (i % 8));
		b32_encode(raw2, sizeof(raw2), t);
		if (qrpay_verify(&k, t, &f) == QRPAY_OK)
			bad++;
	}
	CHECK(bad == 0, "with the memo full of it: each bit flipped still refused");
	qrkeys_memo(&k, 1);
	qrpay_verify(&k, p, &f);
	qrkeys_load_priv(&k2, 1, path);
	qrpay_sign(&k2, number, "2026-12-01", sha, t);
	CHECK_INT(qrpay_verify(&k, t, &f), QRPAY_BADSIG,
	    "a one-slot memo: a forgery in the remembered slot is refused");

	/* openssl's own Ed25519 agrees, both ways. */
	write_file("msg", raw, QRPAY_SIGNED);
	write_file("sig", raw + QRPAY_SIGNED, 64);
	CHECK(sh("openssl pkeyutl -verify -rawin -pubin -inkey %s/1.pem "
	    "-in %1$s/msg -sigfile %1$s/sig >/dev/null", "", "") == 0,
	    "openssl pkeyutl -verify accepts our signature with public key 1");
	CHECK(sh("openssl pkeyutl -verify -rawin -pubin -inkey %s/2.pem "
	    "-in %1$s/msg -sigfile %1$s/sig >/dev/null 2>&1", "", "") != 0,
	    "and refuses it with public key 2");
	raw[20] ^= 1;
	write_file("msg2", raw, QRPAY_SIGNED);
	CHECK(sh("openssl pkeyutl -verify -rawin -pubin -inkey %s/1.pem "
	    "-in %1$s/msg2 -sigfile %1$s/sig >/dev/null 2>&1", "", "") != 0,
	    "and refuses an altered payload");
	raw[20] ^= 1;
	raw[30] ^= 0x40;
	write_file("msg3", raw, QRPAY_SIGNED);
	CHECK(sh("openssl pkeyutl -sign -rawin -inkey %s/1.key -in %1$s/msg3 "
	    "-out %1$s/sig3", "", "") == 0, "openssl signs a payload");
	{
		FILE	*sf;

		snprintf(path, sizeof(path), "%s/sig3", dir);
		n = 0;
		if ((sf = fopen(path, "rb")) != NULL) {
			n = fread(raw + QRPAY_SIGNED, 1, 64, sf);
			fclose(sf);
		}
	}
	b32_encode(raw, sizeof(raw), t);
	CHECK(n == 64 && qrpay_verify(&k, t, &f) == QRPAY_OK,
	    "our verifier accepts openssl's signature");
	CHECK(strcmp(qrpay_message(QRPAY_BADSIG), qrpay_message(QRPAY_OK)) != 0,
	    "each outcome has its message");

	qrkeys_free(&k);
	qrkeys_free(&k2);
	sh("rm -rf %s", "", "");
	return tap_done();
}
