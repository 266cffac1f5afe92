/* test-core.c: arena, buf, log_escape, req_match/req_method, resp, cert, audit. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "cert.h"
#include "tap.h"

static struct arena	*a;

static char	 order[8];
static size_t	 norder;

static void
record(void *p)
{
	if (norder < sizeof(order) - 1)
		order[norder++] = *(const char *)p;
	order[norder] = '\0';
}

static void
test_arena(void)
{
	static char		 tags[] = "ABC";
	struct arena		*b;
	unsigned char		*big;
	char			*p, *q, *s;
	size_t			 i, used;
	int			 ok;

	b = arena_new();
	CHECK_INT(arena_used(b), 0, "arena: new arena is empty");
	ok = 1;
	for (i = 1; i < 100; i++) {
		p = arena_alloc(b, i);
		if (((uintptr_t)p & 15) != 0)
			ok = 0;
		memset(p, 0xee, i);
	}
	CHECK(ok, "arena: allocations of 1..99 bytes are 16-aligned");
	p = arena_alloc(b, 3);
	q = arena_alloc(b, 3);
	CHECK(q - p >= 16, "arena: consecutive allocations do not overlap");

	used = arena_used(b);
	big = arena_alloc(b, 200 * 1024);
	CHECK(((uintptr_t)big & 15) == 0, "arena: large allocation aligned");
	memset(big, 0x5a, 200 * 1024);
	ok = big[0] == 0x5a && big[200 * 1024 - 1] == 0x5a;
	CHECK(ok, "arena: 200 KiB allocation is writable");
	CHECK(arena_used(b) >= used + 200 * 1024,
	    "arena: used counts the large allocation");
	for (i = 0; i < 300; i++) {
		p = arena_alloc(b, 1000);
		memset(p, (int)i, 1000);
	}
	CHECK(arena_used(b) > 500 * 1024, "arena: grows past several blocks");
	p = arena_calloc(b, 100, 7);
	ok = 1;
	for (i = 0; i < 700; i++)
		if (p[i] != 0)
			ok = 0;
	CHECK(ok, "arena: calloc zeroes");

	CHECK_STR(arena_strdup(b, "hello"), "hello", "arena: strdup");
	CHECK(arena_strdup(b, NULL) == NULL, "arena: strdup(NULL) is NULL");
	CHECK_STR(arena_strndup(b, "hello world", 5), "hello",
	    "arena: strndup cuts and terminates");
	CHECK_STR(arena_printf(b, "%s-%d-%05.1f", "x", 42, 2.5),
	    "x-42-002.5", "arena: printf");
	s = arena_printf(b, "%0*d", 100000, 7);
	CHECK(strlen(s) == 100000 && s[99999] == '7' && s[0] == '0',
	    "arena: printf of a 100000-char string");

	norder = 0;
	order[0] = '\0';
	arena_defer(b, record, &tags[0]);
	arena_defer(b, record, &tags[1]);
	(void)arena_alloc(b, 100 * 1024);	/* defers span blocks */
	arena_defer(b, record, &tags[2]);
	CHECK_STR(order, "", "arena: deferred functions do not run early");
	arena_reset(b);
	CHECK_STR(order, "CBA", "arena: defer runs LIFO on reset");
	CHECK_INT(arena_used(b), 0, "arena: used is 0 after reset");
	arena_reset(b);
	CHECK_STR(order, "CBA", "arena: defers run only once");
	p = arena_alloc(b, 16);
	CHECK(p != NULL && ((uintptr_t)p & 15) == 0,
	    "arena: allocation after reset");
	arena_defer(b, record, &tags[0]);
	arena_free(b);
	CHECK_STR(order, "CBAA", "arena: arena_free runs the defers");
	arena_free(NULL);	/* must not crash */
}

static void
test_buf(void)
{
	struct buf	 b;
	size_t		 i;
	int		 ok;

	buf_init(&b, a);
	CHECK_STR(buf_cstr(&b), "", "buf: empty buffer is \"\"");
	CHECK_INT(b.len, 0, "buf: empty len 0");
	buf_puts(&b, "abc");
	buf_add(&b, "\0x", 2);
	CHECK_INT(b.len, 5, "buf: binary add keeps len");
	CHECK_MEM(b.p, b.len, "abc\0x", 5, "buf: binary content kept");
	CHECK(b.p[b.len] == '\0', "buf: always NUL-terminated");
	buf_init(&b, a);
	buf_printf(&b, "%d+%s", 1, "X");
	buf_puts(&b, "=y");
	CHECK_STR(buf_cstr(&b), "1+X=y", "buf: printf then puts");
	buf_init(&b, a);
	for (i = 0; i < 5000; i++)
		buf_add(&b, &"0123456789"[i % 10], 1);
	ok = b.len == 5000 && b.cap > 5000 && b.p[5000] == '\0';
	for (i = 0; ok && i < 5000; i++)
		ok = b.p[i] == (char)('0' + i % 10);
	CHECK(ok, "buf: 5000 bytes kept across growth");
	buf_add(&b, "", 0);
	CHECK_INT(b.len, 5000, "buf: empty add changes nothing");
	arena_reset(a);
}

static void
test_log_escape(void)
{
	char	 out[64];

	log_escape(out, sizeof(out), "plain text");
	CHECK_STR(out, "plain text", "log_escape: plain text unchanged");
	log_escape(out, sizeof(out), "a\nb\rc\td");
	CHECK_STR(out, "a\\x0ab\\x0dc\\x09d", "log_escape: CR LF tab escaped");
	log_escape(out, sizeof(out), "back\\slash");
	CHECK_STR(out, "back\\x5cslash", "log_escape: backslash escaped");
	log_escape(out, sizeof(out), "\x1b[31m\x7f\x01");
	CHECK_STR(out, "\\x1b[31m\\x7f\\x01", "log_escape: ESC, DEL, SOH");
	log_escape(out, sizeof(out), "张三");
	CHECK_STR(out, "张三", "log_escape: UTF-8 passes");
	log_escape(out, sizeof(out), "");
	CHECK_STR(out, "", "log_escape: empty");

	memset(out, 'Z', sizeof(out));
	log_escape(out, 5, "abcdefg");
	CHECK_STR(out, "abcd", "log_escape: truncation keeps NUL");
	CHECK(out[5] == 'Z', "log_escape: nothing written past n");
	memset(out, 'Z', sizeof(out));
	log_escape(out, 5, "abcd");
	CHECK_STR(out, "abcd", "log_escape: exact fit");
	memset(out, 'Z', sizeof(out));
	log_escape(out, 6, "ab\ncd");
	CHECK_STR(out, "ab", "log_escape: escape not cut in half");
	CHECK(out[6] == 'Z', "log_escape: nothing past n with escape");
	memset(out, 'Z', sizeof(out));
	log_escape(out, 7, "ab\ncd");
	CHECK_STR(out, "ab\\x0a", "log_escape: escape that just fits");
	memset(out, 'Z', sizeof(out));
	log_escape(out, 1, "abc");
	CHECK_STR(out, "", "log_escape: n == 1 gives empty string");
	CHECK(out[1] == 'Z', "log_escape: n == 1 writes one byte");
	memset(out, 'Z', sizeof(out));
	log_escape(out, 0, "abc");
	CHECK(out[0] == 'Z', "log_escape: n == 0 writes nothing");
}

static void
test_req(void)
{
	int64_t	 args[5];
	size_t	 n;

	n = 99;
	CHECK(req_match("/", "/", args, &n) && n == 0, "match: root");
	CHECK(req_match("/students", "/students", args, &n) && n == 0,
	    "match: literal path");
	CHECK(!req_match("/students", "/students/", args, &n),
	    "match: trailing slash is junk");
	CHECK(!req_match("/students", "/student", args, &n),
	    "match: shorter path");
	CHECK(!req_match("/students", "/Students", args, &n),
	    "match: case-sensitive");
	CHECK(req_match("/students/#", "/students/42", args, &n) && n == 1 &&
	    args[0] == 42, "match: '#' takes a number");
	CHECK(req_match("/students/#", "/students/007", args, &n) && n == 1 &&
	    args[0] == 7, "match: leading zeros");
	CHECK(!req_match("/students/#", "/students/42x", args, &n),
	    "match: trailing junk after number");
	CHECK(!req_match("/students/#", "/students/", args, &n),
	    "match: empty '#' segment");
	CHECK(!req_match("/students/#", "/students/-1", args, &n),
	    "match: negative number");
	CHECK(!req_match("/students/#", "/students/4 2", args, &n),
	    "match: space in number");
	CHECK(!req_match("/students/#", "/students/%34", args, &n),
	    "match: encoded digit");
	CHECK(!req_match("/students/#", "/students/42/", args, &n),
	    "match: trailing slash after number");
	CHECK(req_match("/students/#/edit", "/students/5/edit", args, &n) &&
	    n == 1 && args[0] == 5, "match: '#' in the middle");
	CHECK(!req_match("/students/#/edit", "/students/5/edix", args, &n),
	    "match: literal after '#' differs");
	CHECK(req_match("/s/#", "/s/999999999999999999", args, &n) &&
	    args[0] == INT64_C(999999999999999999), "match: 18 digits");
	CHECK(!req_match("/s/#", "/s/1000000000000000000", args, &n),
	    "match: 19 digits rejected");
	CHECK(!req_match("/s/#", "/s/99999999999999999999999", args, &n),
	    "match: 23 digits rejected");
	CHECK(req_match("/s/$", "/s/0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef", args, &n) && n == 0,
	    "match: a 64-hex-digit token");
	CHECK(!req_match("/s/$", "/s/0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdeF", args, &n),
	    "match: a token is lower-case");
	CHECK(!req_match("/s/$", "/s/0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcde", args, &n),
	    "match: a 63-digit token is not one");
	CHECK(!req_match("/s/$", "/s/0123456789abcdef0123456789abcdef"
	    "0123456789abcdef0123456789abcdef0", args, &n),
	    "match: a 65-digit token is not one");
	CHECK(req_match("/#/#/#/#", "/1/2/3/4", args, &n) && n == 4 &&
	    args[0] == 1 && args[1] == 2 && args[2] == 3 && args[3] == 4,
	    "match: four args");
	args[4] = -7;
	CHECK(!req_match("/#/#/#/#/#", "/1/2/3/4/5", args, &n),
	    "match: fifth arg rejected");
	CHECK(args[4] == -7, "match: no write past four args");

	CHECK_INT(req_method("GET"), METHOD_GET, "method: GET");
	CHECK_INT(req_method("HEAD"), METHOD_HEAD, "method: HEAD");
	CHECK_INT(req_method("POST"), METHOD_POST, "method: POST");
	CHECK_INT(req_method("PUT"), METHOD_OTHER, "method: PUT is other");
	CHECK_INT(req_method("get"), METHOD_OTHER, "method: case-sensitive");
	CHECK_INT(req_method("GETX"), METHOD_OTHER, "method: GETX");
	CHECK_INT(req_method(""), METHOD_OTHER, "method: empty");
	CHECK_INT(req_method(NULL), METHOD_OTHER, "method: NULL");
}

static void
test_resp(void)
{
	CHECK_INT(resp_status(RC_OK), 200, "status: RC_OK -> 200");
	CHECK_INT(resp_status(RC_BADREQ), 400, "status: RC_BADREQ -> 400");
	CHECK_INT(resp_status(RC_DENIED), 403, "status: RC_DENIED -> 403");
	CHECK_INT(resp_status(RC_NOTFOUND), 404, "status: RC_NOTFOUND -> 404");
	CHECK_INT(resp_status(RC_METHOD), 405, "status: RC_METHOD -> 405");
	CHECK_INT(resp_status(RC_CONFLICT), 409, "status: RC_CONFLICT -> 409");
	CHECK_INT(resp_status(RC_TOOLARGE), 413, "status: RC_TOOLARGE -> 413");
	CHECK_INT(resp_status(RC_THROTTLED), 429,
	    "status: RC_THROTTLED -> 429");
	CHECK_INT(resp_status(RC_ERROR), 500, "status: RC_ERROR -> 500");
	CHECK_INT(resp_status(RC_UNAVAIL), 503, "status: RC_UNAVAIL -> 503");
	CHECK_INT(resp_status(RC__MAX), 500, "status: out of range -> 500");

	CHECK_STR(resp_urlenc(a, "abcXYZ019-_.~/"), "abcXYZ019-_.~/",
	    "urlenc: unreserved chars and '/' kept");
	CHECK_STR(resp_urlenc(a, "a b&c=d?e#f+g%"),
	    "a%20b%26c%3Dd%3Fe%23f%2Bg%25", "urlenc: reserved chars encoded");
	CHECK_STR(resp_urlenc(a, "证书"), "%E8%AF%81%E4%B9%A6",
	    "urlenc: UTF-8 bytes, upper-case hex");
	CHECK_STR(resp_urlenc(a, "\r\n\"<>"), "%0D%0A%22%3C%3E",
	    "urlenc: CR LF quote angle brackets");
	CHECK_STR(resp_urlenc(a, ""), "", "urlenc: empty");
	arena_reset(a);
}

static void
test_cert(void)
{
	size_t	 i;
	int	 ok = 1, distinct = 1;

	for (i = 0; i < CERT__MAX; i++) {
		if (cert_parse(cert_key((enum cert_state)i)) != (enum cert_state)i)
			ok = 0;
		if (*cert_key((enum cert_state)i) == '\0' ||
		    *cert_label((enum cert_state)i) == '\0')
			ok = 0;
		if (i > 0 && strcmp(cert_label((enum cert_state)i),
		    cert_label((enum cert_state)(i - 1))) == 0)
			distinct = 0;
	}
	CHECK(ok, "cert: cert_parse(cert_key(s)) == s for every state");
	CHECK(distinct, "cert: neighbouring labels differ");
	CHECK_STR(cert_key(CERT_ORG_PENDING), "org_pending", "cert: key 0");
	CHECK_STR(cert_key(CERT_CONFIRMED), "confirmed", "cert: confirmed key");
	CHECK_STR(cert_label(CERT_CONFIRMED), "确认签发",
	    "cert: confirmed label");
	CHECK_STR(cert_label(CERT_REVOKED), "已撤销", "cert: revoked label");
	CHECK_INT(cert_parse("replaced"), CERT_REPLACED, "cert: parse replaced");
	CHECK_INT(cert_parse("bogus"), CERT__MAX, "cert: unknown key");
	CHECK_INT(cert_parse("Confirmed"), CERT__MAX, "cert: case-sensitive");
	CHECK_INT(cert_parse(""), CERT__MAX, "cert: empty key");
	CHECK_INT(cert_parse(NULL), CERT__MAX, "cert: NULL key");
	CHECK_STR(cert_key(CERT__MAX), "", "cert: key of CERT__MAX is empty");
	CHECK_STR(cert_label(CERT__MAX), "", "cert: label of CERT__MAX empty");
}

static void
test_audit(void)
{
	struct audit_row	 base, r;
	char			 h0[65], h[65], want[65];
	unsigned char		 raw[32];
	const char		*s;
	int			 i, ok = 1, allhex = 1;

	base.prev = "0000000000000000000000000000000000000000000000000000000000000000";
	base.seq = 7;
	base.at = "2025-01-02T03:04:05Z";
	base.account_id = 3;
	base.action = "student.add";
	base.otype = "student";
	base.oid = 42;
	base.ip = "127.0.0.1";
	base.detail = "name=张三";

	audit_hash(a, &base, h0);
	for (i = 0; i < 64; i++)
		if (strchr("0123456789abcdef", h0[i]) == NULL || h0[i] == '\0')
			allhex = 0;
	CHECK(allhex && h0[64] == '\0', "audit: 64 lower-case hex digits");
	r = base;
	audit_hash(a, &r, h);
	CHECK_STR(h, h0, "audit: same row -> same hash");

	s = arena_printf(a, "%s\n7\n%s\n3\n%s\n%s\n42\n%s\n%s\n", base.prev,
	    base.at, base.action, base.otype, base.ip, base.detail);
	sec_sha256(s, strlen(s), raw);
	sec_hex(raw, 32, want);
	CHECK_STR(h0, want, "audit: SHA-256 of the newline-joined fields");

	for (i = 0; i < 9; i++) {
		r = base;
		switch (i) {
		case 0: r.prev = "1111"; break;
		case 1: r.seq = 8; break;
		case 2: r.at = "2025-01-02T03:04:06Z"; break;
		case 3: r.account_id = 4; break;
		case 4: r.action = "student.del"; break;
		case 5: r.otype = "cert"; break;
		case 6: r.oid = 43; break;
		case 7: r.ip = "127.0.0.2"; break;
		case 8: r.detail = "name=李四"; break;
		}
		audit_hash(a, &r, h);
		if (strcmp(h, h0) == 0) {
			fprintf(stderr, "# audit: field %d does not change "
			    "the hash\n", i);
			ok = 0;
		}
	}
	CHECK(ok, "audit: changing any one field changes the hash");
	arena_reset(a);
}

int
main(void)
{
	a = arena_new();
	test_arena();
	test_buf();
	test_log_escape();
	test_req();
	test_resp();
	test_cert();
	test_audit();
	arena_free(a);
	return tap_done();
}
