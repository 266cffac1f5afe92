/* test-sec.c: sec_* (hex, hashes, AES-GCM, argon2id, tokens) and idno.c. */
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <argon2.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "app.h"
#include "idno.h"
#include "tap.h"

static struct arena	*a;

static int
is_lower_hex(const char *s, size_t n)
{
	size_t	 i;

	if (s == NULL || strlen(s) != n)
		return 0;
	for (i = 0; i < n; i++)
		if (strchr("0123456789abcdef", s[i]) == NULL || s[i] == '\0')
			return 0;
	return 1;
}

static void
test_hex(void)
{
	static const unsigned char	 raw[] = { 0x00, 0x01, 0x7f, 0x80,
	    0xab, 0xff };
	unsigned char			 back[6], two[2];
	char				 hex[13];

	memset(hex, 'Z', sizeof(hex));
	sec_hex(raw, sizeof(raw), hex);
	CHECK_STR(hex, "00017f80abff", "hex: lower-case, NUL-terminated");
	hex[0] = 'Q';
	sec_hex(raw, 0, hex);
	CHECK_STR(hex, "", "hex: zero bytes gives empty string");
	sec_hex(raw, sizeof(raw), hex);
	memset(back, 0, sizeof(back));
	CHECK(sec_unhex(hex, back, sizeof(back)) == 0 &&
	    memcmp(back, raw, sizeof(raw)) == 0, "unhex: round trip");
	CHECK(sec_unhex("ABcd", two, 2) == 0 && two[0] == 0xab &&
	    two[1] == 0xcd, "unhex: upper and lower case");
	CHECK(sec_unhex("abc", two, 2) == -1, "unhex: odd length rejected");
	CHECK(sec_unhex("abcdef", two, 2) == -1, "unhex: too long rejected");
	CHECK(sec_unhex("ab", two, 2) == -1, "unhex: too short rejected");
	CHECK(sec_unhex("zz00", two, 2) == -1, "unhex: non-hex rejected");
	CHECK(sec_unhex("0g00", two, 2) == -1, "unhex: 'g' rejected");
	CHECK(sec_unhex(" abc", two, 2) == -1, "unhex: space rejected");
	CHECK(sec_unhex(NULL, two, 2) == -1, "unhex: NULL rejected");
}

static void
test_hash(void)
{
	/* RFC 4231, test case 2. */
	static const char	 data[] = "what do ya want for nothing?";
	unsigned char		 h[32];
	char			 hex[65];

	sec_sha256("abc", 3, h);
	sec_hex(h, 32, hex);
	CHECK_STR(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "sha256: FIPS 180-2 vector \"abc\"");
	sec_sha256("", 0, h);
	sec_hex(h, 32, hex);
	CHECK_STR(hex,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "sha256: empty input");
	sec_hmac((const unsigned char *)"Jefe", 4, data, sizeof(data) - 1, h);
	sec_hex(h, 32, hex);
	CHECK_STR(hex,
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	    "hmac: RFC 4231 test case 2");

	CHECK(sec_eq("abcd", "abcd", 4), "eq: equal bytes");
	CHECK(!sec_eq("abcd", "abce", 4), "eq: last byte differs");
	CHECK(!sec_eq("xbcd", "abcd", 4), "eq: first byte differs");
	CHECK(sec_eq("abcd", "abXX", 2), "eq: only n bytes compared");
}

/*
 * sec_hmac keeps a keyed context per key (a few): every key, first use
 * and repeated, interleaved, past the number kept, and longer than a
 * block, gives OpenSSL's one-shot HMAC.
 */
static void
test_hmac_keys(void)
{
	unsigned char	 key[131], h[32], want[32];
	unsigned int	 wlen;
	char		 hex[65], msg[64];
	int		 round, k, same = 1;

	for (round = 0; round < 3; round++)
		for (k = 0; k < 7; k++) {
			memset(key, 'a' + k, sizeof(key));
			snprintf(msg, sizeof(msg), "message %d of round %d", k,
			    round);
			sec_hmac(key, 32, msg, strlen(msg), h);
			HMAC(EVP_sha256(), key, 32, (const unsigned char *)msg,
			    strlen(msg), want, &wlen);
			same &= memcmp(h, want, 32) == 0;
		}
	CHECK(same, "hmac: seven keys in three rounds match HMAC()");
	memset(key, 0xaa, sizeof(key));
	sec_hmac(key, sizeof(key), "Test Using Larger Than Block-Size Key - "
	    "Hash Key First", 54, h);
	sec_hex(h, 32, hex);
	CHECK_STR(hex,
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	    "hmac: RFC 4231 test case 6 (a 131-byte key)");
	sec_hmac((const unsigned char *)"Jefe", 4, "what do ya want for "
	    "nothing?", 28, h);
	sec_hex(h, 32, hex);
	CHECK_STR(hex,
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	    "hmac: test case 2 again, from the kept context");
}

static void
test_gcm(void)
{
	static const char	 msg[] = "11010519491231002X";
	unsigned char		 key[32], key2[32];
	unsigned char		 c1[64], c2[64], t[64], out[64];
	size_t			 n1 = 0, n2 = 0, n, i;
	int			 ok;

	memset(key, 0x11, sizeof(key));
	memcpy(key2, key, sizeof(key2));
	key2[31] ^= 1;

	CHECK(sec_encrypt(key, msg, strlen(msg), c1, &n1) == 0,
	    "gcm: encrypt succeeds");
	CHECK_INT(n1, strlen(msg) + SEC_GCM_OVERHEAD,
	    "gcm: output is plaintext + overhead");
	CHECK_INT(c1[0], 1, "gcm: version byte 1");
	CHECK(memmem(c1, n1, msg, strlen(msg)) == NULL,
	    "gcm: plaintext does not appear in the output");
	n = 0;
	memset(out, 0, sizeof(out));
	CHECK(sec_decrypt(key, c1, n1, out, &n) == 0, "gcm: decrypt succeeds");
	CHECK_MEM(out, n, msg, strlen(msg), "gcm: round trip");

	CHECK(sec_encrypt(key, msg, strlen(msg), c2, &n2) == 0 && n2 == n1,
	    "gcm: second encryption");
	CHECK(memcmp(c1 + 1, c2 + 1, 12) != 0, "gcm: random IV differs");
	CHECK(memcmp(c1, c2, n1) != 0,
	    "gcm: two encryptions of the same plaintext differ");

	ok = 1;
	for (i = 0; i < n1; i++) {
		memcpy(t, c1, n1);
		t[i] ^= 0x01;
		if (sec_decrypt(key, t, n1, out, &n) != -1)
			ok = 0;
	}
	CHECK(ok, "gcm: flipping any single bit fails to decrypt");
	memcpy(t, c1, n1);
	t[13] ^= 0x80;
	CHECK(sec_decrypt(key, t, n1, out, &n) == -1,
	    "gcm: tampered ciphertext byte fails");
	CHECK(sec_decrypt(key2, c1, n1, out, &n) == -1,
	    "gcm: wrong key fails");
	CHECK(sec_decrypt(key, c1, n1 - 1, out, &n) == -1,
	    "gcm: truncated input fails");
	CHECK(sec_decrypt(key, c1, SEC_GCM_OVERHEAD - 1, out, &n) == -1,
	    "gcm: input shorter than overhead fails");

	CHECK(sec_encrypt(key, "", 0, c1, &n1) == 0 &&
	    n1 == SEC_GCM_OVERHEAD, "gcm: empty plaintext encrypts");
	CHECK(sec_decrypt(key, c1, n1, out, &n) == 0 && n == 0,
	    "gcm: empty plaintext round trip");
	c1[n1 - 1] ^= 1;
	CHECK(sec_decrypt(key, c1, n1, out, &n) == -1,
	    "gcm: empty plaintext, tampered tag fails");
}

/* A kB figure of /proc/self/status ("VmRSS:", "VmHWM:"); -1 if none. */
static long
status_kb(const char *key)
{
	FILE	*f;
	char	 line[256];
	long	 kb = -1;

	if ((f = fopen("/proc/self/status", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, key, strlen(key)) == 0)
			kb = strtol(line + strlen(key), NULL, 10);
	fclose(f);
	return kb;
}

/*
 * The memory one password hash takes (kB): the peak resident size of a
 * fresh child while it hashes, less what it held before; -1 on failure.
 */
static long
pw_hash_kb(void)
{
	char	 enc[256];
	long	 kb = -1;
	int	 fd[2], st;
	pid_t	 pid;

	if (pipe(fd) == -1 || (pid = fork()) == -1)
		return -1;
	if (pid == 0) {
		long before = status_kb("VmRSS:");

		if (sec_pw_hash("correct horse", enc, sizeof(enc)) == 0)
			kb = status_kb("VmHWM:") - before;
		_exit(write(fd[1], &kb, sizeof(kb)) == (ssize_t)sizeof(kb) ?
		    0 : 1);
	}
	close(fd[1]);
	if (read(fd[0], &kb, sizeof(kb)) != (ssize_t)sizeof(kb))
		kb = -1;
	close(fd[0]);
	waitpid(pid, &st, 0);
	return kb;
}

static void
test_pw(void)
{
	char	 enc[256], enc2[256];

	memset(enc, 0, sizeof(enc));
	CHECK(sec_pw_hash("correct horse", enc, sizeof(enc)) == 0,
	    "pw: hash succeeds");
	CHECK(strncmp(enc, "$argon2id$", 10) == 0,
	    "pw: encoded starts with $argon2id$");
	CHECK(strstr(enc, "m=7168,t=5,p=1") != NULL,
	    "pw: OWASP minimum parameters (7 MiB, 5 passes) in the encoding");
	CHECK(sec_pw_verify(enc, "correct horse"), "pw: right password ok");
	/* A hash made with the former parameters (19 MiB, 2 passes) verifies. */
	CHECK(argon2id_hash_encoded(2, 19456, 1, "correct horse", 13,
	    (const unsigned char *)"0123456789abcdef", 16, 32, enc2,
	    sizeof(enc2)) == ARGON2_OK && sec_pw_verify(enc2, "correct horse") &&
	    !sec_pw_verify(enc2, "correct horsE"),
	    "pw: a hash of the former parameters still verifies");
	/*
	 * A responder that hashes stays under 20 MB resident (about 9 MB
	 * before): the hash itself takes under 10 MB (19 MiB before).
	 * Not under valgrind, whose memory it would count.
	 */
	if (getenv("XC_VALGRIND") != NULL)
		printf("# hash memory check not made under valgrind\n");
	else {
		long kb = pw_hash_kb();

		CHECK(kb > 0 && kb < 10 * 1024,
		    "pw: one hash takes under 10 MB of memory");
		if (kb >= 10 * 1024)
			printf("# %ld kB\n", kb);
	}
	CHECK(!sec_pw_verify(enc, "correct horsE"), "pw: wrong password no");
	CHECK(!sec_pw_verify(enc, ""), "pw: empty password no");
	CHECK(sec_pw_hash("correct horse", enc2, sizeof(enc2)) == 0 &&
	    strcmp(enc, enc2) != 0, "pw: random salt, hashes differ");
	CHECK(!sec_pw_verify(NULL, "x"), "pw: NULL hash no");
	CHECK(!sec_pw_verify("plaintext", "plaintext"),
	    "pw: non-argon2id string no");
	memcpy(enc2, enc, sizeof(enc2));
	memcpy(enc2, "$argon2i$", 9);
	memmove(enc2 + 9, enc + 10, strlen(enc + 10) + 1);
	CHECK(!sec_pw_verify(enc2, "correct horse"),
	    "pw: argon2i encoding refused");
	CHECK(sec_pw_hash("x", enc2, 20) == -1, "pw: too small buffer fails");
}

static void
test_tokens(void)
{
	static const char	 alpha[] =
	    "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	unsigned char		 h[32], h2[32], want[32];
	char			*t1, *t2, *p1, *p2;
	size_t			 i;
	int			 ok;

	t1 = sec_token(a, h);
	CHECK(is_lower_hex(t1, 64), "token: 64 lower-case hex chars");
	sec_sha256(t1, 64, want);
	CHECK(memcmp(h, want, 32) == 0, "token: hash is SHA-256 of the hex");
	t2 = sec_token(a, h2);
	CHECK(t2 != NULL && strcmp(t1, t2) != 0, "token: two tokens differ");
	CHECK(memcmp(h, h2, 32) != 0, "token: their hashes differ");

	p1 = sec_password(a);
	CHECK(p1 != NULL && strlen(p1) == 12, "password: 12 chars");
	ok = p1 != NULL;
	for (i = 0; ok && p1[i] != '\0'; i++)
		ok = strchr(alpha, p1[i]) != NULL;
	CHECK(ok, "password: only from the documented alphabet");
	p2 = sec_password(a);
	CHECK(p2 != NULL && strcmp(p1, p2) != 0, "password: two calls differ");
	ok = 1;
	for (i = 0; i < 200; i++) {
		p2 = sec_password(a);
		if (p2 == NULL || strpbrk(p2, "0O1lI") != NULL ||
		    strlen(p2) != 12)
			ok = 0;
	}
	CHECK(ok, "password: 200 more have no look-alikes (0 O 1 l I)");
	arena_reset(a);
}

static void
test_id(void)
{
	struct config	 c, c2;
	unsigned char	 ct[64], idx[32], idx2[32], idx3[32];
	size_t		 clen = 0;
	char		*s;

	memset(&c, 0, sizeof(c));
	memset(c.id_key, 0xa5, sizeof(c.id_key));
	memset(c.id_hmac, 0x5a, sizeof(c.id_hmac));
	memset(c.csrf_key, 0x33, sizeof(c.csrf_key));
	c.keys = CFG_AES | CFG_HMAC | CFG_CSRF;

	CHECK_INT(idno_seal(&c, "11010519491231002X", ct, &clen, idx), RC_OK,
	    "id: seal succeeds");
	CHECK_INT(clen, 18 + SEC_GCM_OVERHEAD, "id: ciphertext length");
	s = idno_open(a, &c, ct, clen);
	CHECK_STR(s, "11010519491231002X", "id: open round trip");
	idno_index(&c, "11010519491231002X", idx2);
	CHECK(memcmp(idx, idx2, 32) == 0, "id: seal's index equals idno_index");
	idno_index(&c, "11010519491231002X", idx3);
	CHECK(memcmp(idx2, idx3, 32) == 0, "id: same ID -> same index");
	idno_index(&c, "110105194912310029", idx3);
	CHECK(memcmp(idx2, idx3, 32) != 0, "id: other ID -> other index");
	sec_hmac(c.id_hmac, 32, "11010519491231002X", 18, idx3);
	CHECK(memcmp(idx2, idx3, 32) == 0,
	    "id: index is HMAC-SHA-256 under id_hmac");

	memcpy(&c2, &c, sizeof(c2));
	c2.id_hmac[0] ^= 1;
	idno_index(&c2, "11010519491231002X", idx3);
	CHECK(memcmp(idx2, idx3, 32) != 0, "id: other key -> other index");

	memcpy(&c2, &c, sizeof(c2));
	c2.id_key[0] ^= 1;
	CHECK(idno_open(a, &c2, ct, clen) == NULL, "id: wrong key -> NULL");
	ct[clen - 1] ^= 1;
	CHECK(idno_open(a, &c, ct, clen) == NULL, "id: tampered -> NULL");
	CHECK(idno_open(a, &c, ct, 10) == NULL, "id: too short -> NULL");
	ct[clen - 1] ^= 1;

	/* An area without the AES key (verification) neither seals nor opens. */
	memcpy(&c2, &c, sizeof(c2));
	c2.keys &= ~CFG_AES;
	CHECK(idno_open(a, &c2, ct, clen) == NULL,
	    "id: no AES key in this area -> nothing opens");
	CHECK_INT(idno_seal(&c2, "11010519491231002X", ct, &clen, idx),
	    RC_ERROR, "id: no AES key in this area -> nothing sealed");
	arena_reset(a);
}

static void
test_base64(void)
{
	struct arena	*ar = arena_new();
	unsigned char	*p;
	size_t		 n;

	p = sec_unbase64(ar, "aGVsbG8=", 8, 100, &n);
	CHECK(p != NULL && n == 5 && memcmp(p, "hello", 5) == 0,
	    "base64: one '=' of padding");
	p = sec_unbase64(ar, "aGk=", 4, 100, &n);
	CHECK(p != NULL && n == 2 && memcmp(p, "hi", 2) == 0,
	    "base64: hi");
	p = sec_unbase64(ar, "aA==", 4, 100, &n);
	CHECK(p != NULL && n == 1 && p[0] == 'h', "base64: two '='");
	p = sec_unbase64(ar, "AAEC/w==", 8, 100, &n);
	CHECK(p != NULL && n == 4 && p[0] == 0 && p[3] == 0xff,
	    "base64: binary with / and =");
	CHECK(sec_unbase64(ar, "aGVsbG8", 7, 100, &n) == NULL,
	    "base64: ar length not ar multiple of 4 is refused");
	CHECK(sec_unbase64(ar, "aG=sbG8=", 8, 100, &n) == NULL,
	    "base64: '=' inside is refused");
	CHECK(sec_unbase64(ar, "aGVs bG8", 8, 100, &n) == NULL,
	    "base64: ar space is refused");
	CHECK(sec_unbase64(ar, "aGVsbG8=", 8, 4, &n) == NULL,
	    "base64: more than max bytes is refused");
	CHECK(sec_unbase64(ar, "", 0, 100, &n) == NULL, "base64: empty refused");
	arena_free(ar);
}

int
main(void)
{
	a = arena_new();
	test_hex();
	test_hash();
	test_hmac_keys();
	test_gcm();
	test_pw();
	test_tokens();
	test_id();
	test_base64();
	arena_free(a);
	return tap_done();
}
