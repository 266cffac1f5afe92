/* test-form.c: form_urlencoded, form_multipart, form_cookie, form_utf8_ok. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "tap.h"

enum {
	F_NAME = 0,
	F_NOTE,
	F_AGE,
	F_PHOTO,
	F__MAX
};

static const struct field fields[F__MAX] = {
	{ "name",	FT_TEXT,	32 },	/* F_NAME */
	{ "note",	FT_MULTILINE,	64 },	/* F_NOTE */
	{ "age",	FT_TEXT,	8 },	/* F_AGE */
	{ "photo",	FT_FILE,	1024 },	/* F_PHOTO */
};

#define CT	"multipart/form-data; boundary=XyZ"
#define PART(hdrs, body) \
	"--XyZ\r\nContent-Disposition: form-data; " hdrs "\r\n\r\n" body "\r\n"
#define END	"--XyZ--\r\n"

static struct arena	*a;
static struct fval	 v[F__MAX];

static enum form_err
urlenc(const char *s)
{
	memset(v, 0, sizeof(v));
	return form_urlencoded(a, s, strlen(s), fields, F__MAX, v);
}

static enum form_err
mpart(const char *ct, const char *body, size_t len)
{
	memset(v, 0, sizeof(v));
	return form_multipart(a, body, len, ct, fields, F__MAX, v);
}

/* For string literals that may hold NUL bytes. */
#define MPART(ct, lit)	mpart((ct), (lit), sizeof(lit) - 1)

static int
none_present(void)
{
	size_t	 i;

	for (i = 0; i < F__MAX; i++)
		if (v[i].present)
			return 0;
	return 1;
}

static void
test_urlencoded(void)
{
	struct buf	 b;
	int		 i;

	CHECK_INT(urlenc("name=Alice&evil=1&age=30"), FORM_OK,
	    "urlenc: simple body parses");
	CHECK_STR(v[F_NAME].val, "Alice", "urlenc: declared field kept");
	CHECK_INT(v[F_NAME].len, 5, "urlenc: len of value");
	CHECK(v[F_NAME].present && !v[F_NAME].invalid,
	    "urlenc: valid field is present and not invalid");
	CHECK_STR(v[F_AGE].val, "30", "urlenc: second declared field kept");
	CHECK(!v[F_NOTE].present, "urlenc: absent field not present");
	CHECK(!v[F_PHOTO].present, "urlenc: file field not present");

	CHECK_INT(urlenc("evil=1&other=2"), FORM_OK,
	    "urlenc: only undeclared fields is OK");
	CHECK(none_present(), "urlenc: undeclared fields are ignored");

	urlenc("name=Zhang+San");
	CHECK_STR(v[F_NAME].val, "Zhang San", "urlenc: '+' decodes to space");
	urlenc("name=a%2Bb");
	CHECK_STR(v[F_NAME].val, "a+b", "urlenc: %2B decodes to '+'");
	urlenc("name=%E5%BC%a0%e4%b8%89");
	CHECK_STR(v[F_NAME].val, "张三", "urlenc: %XX decoding, mixed case");
	CHECK_INT(v[F_NAME].len, 6, "urlenc: decoded len counts bytes");
	urlenc("na%6De=x");
	CHECK_STR(v[F_NAME].val, "x", "urlenc: field name is decoded too");
	urlenc("name=%41");
	CHECK_STR(v[F_NAME].val, "A", "urlenc: escape at the very end");

	CHECK_INT(urlenc("name=%ZZ"), FORM_MALFORMED,
	    "urlenc: non-hex escape is malformed");
	CHECK_INT(urlenc("name=%4"), FORM_MALFORMED,
	    "urlenc: one hex digit at end is malformed");
	CHECK_INT(urlenc("name=abc%0"), FORM_MALFORMED,
	    "urlenc: %0 at end is malformed");
	CHECK_INT(urlenc("name=%"), FORM_MALFORMED,
	    "urlenc: lone % at end is malformed");
	CHECK_INT(urlenc("name=%4&age=1"), FORM_MALFORMED,
	    "urlenc: escape cut by '&' is malformed");
	CHECK_INT(urlenc("n%zme=1"), FORM_MALFORMED,
	    "urlenc: malformed escape in name");
	CHECK_INT(urlenc("other=%G1"), FORM_MALFORMED,
	    "urlenc: malformed escape in undeclared field still rejected");

	CHECK_INT(urlenc(""), FORM_OK, "urlenc: empty body is OK");
	CHECK(none_present(), "urlenc: empty body sets nothing");
	CHECK_INT(urlenc("&&name=x&&"), FORM_OK, "urlenc: empty pairs skipped");
	CHECK_STR(v[F_NAME].val, "x", "urlenc: value among empty pairs");
	urlenc("name");
	CHECK(v[F_NAME].present && !v[F_NAME].invalid &&
	    v[F_NAME].len == 0 && strcmp(v[F_NAME].val, "") == 0,
	    "urlenc: name without '=' is present and empty");
	urlenc("age=");
	CHECK(v[F_AGE].present && v[F_AGE].len == 0,
	    "urlenc: name= is present and empty");
	urlenc("name=a=b");
	CHECK_STR(v[F_NAME].val, "a=b", "urlenc: '=' inside value kept");

	/* The length argument is honoured (no reliance on a NUL). */
	memset(v, 0, sizeof(v));
	CHECK_INT(form_urlencoded(a, "name=abc&age=5", 8, fields, F__MAX, v),
	    FORM_OK, "urlenc: explicit length");
	CHECK(v[F_NAME].present && strcmp(v[F_NAME].val, "abc") == 0 &&
	    !v[F_AGE].present, "urlenc: bytes past len are not parsed");
	memset(v, 0, sizeof(v));
	CHECK_INT(form_urlencoded(a, "name=%41", 7, fields, F__MAX, v),
	    FORM_MALFORMED, "urlenc: escape cut by len is malformed");

	urlenc("name=first&name=second");
	CHECK_STR(v[F_NAME].val, "first", "urlenc: first occurrence wins");
	urlenc("name=%01&name=ok");
	CHECK(v[F_NAME].present && v[F_NAME].invalid,
	    "urlenc: invalid first occurrence is not replaced");

	urlenc("photo=abc");
	CHECK(!v[F_PHOTO].present, "urlenc: FT_FILE field ignored");

	/* Length: maxlen is in bytes. */
	urlenc("name=12345678901234567890123456789012");
	CHECK(v[F_NAME].present && !v[F_NAME].invalid &&
	    v[F_NAME].len == 32, "urlenc: value of exactly maxlen is valid");
	urlenc("name=123456789012345678901234567890123");
	CHECK(v[F_NAME].present && v[F_NAME].invalid,
	    "urlenc: value over maxlen marks invalid");
	CHECK(v[F_NAME].len == 0 && strcmp(v[F_NAME].val, "") == 0,
	    "urlenc: invalid value is emptied");
	urlenc("age=%E5%BC%A0%E4%B8%89%E5%BC%A0");
	CHECK(v[F_AGE].invalid, "urlenc: maxlen counts bytes, not chars");

	/* Type checks. */
	urlenc("name=a%0Ab");
	CHECK(v[F_NAME].invalid, "urlenc: newline in FT_TEXT is invalid");
	urlenc("note=a%0D%0Ab%09c");
	CHECK(v[F_NOTE].present && !v[F_NOTE].invalid &&
	    strcmp(v[F_NOTE].val, "a\r\nb\tc") == 0,
	    "urlenc: FT_MULTILINE allows CR, LF and tab");
	urlenc("note=a%01b");
	CHECK(v[F_NOTE].invalid, "urlenc: FT_MULTILINE rejects other controls");
	urlenc("name=a%09b");
	CHECK(v[F_NAME].invalid, "urlenc: tab in FT_TEXT is invalid");
	urlenc("name=a%00b");
	CHECK(v[F_NAME].invalid, "urlenc: NUL byte is invalid");
	urlenc("name=%7F");
	CHECK(v[F_NAME].invalid, "urlenc: DEL is invalid");
	urlenc("name=%C0%AF");
	CHECK(v[F_NAME].invalid, "urlenc: overlong UTF-8 is invalid");
	urlenc("name=%FF%FE");
	CHECK(v[F_NAME].invalid, "urlenc: bytes FF FE are invalid");
	urlenc("name=%E5%BC");
	CHECK(v[F_NAME].invalid, "urlenc: truncated UTF-8 is invalid");
	urlenc("name=%C2%85");
	CHECK(v[F_NAME].invalid, "urlenc: C1 control (NEL) is invalid");

	/* Limits. */
	buf_init(&b, a);
	for (i = 0; i < LIMIT_FIELDS; i++)
		buf_puts(&b, "x=1&");
	CHECK_INT(urlenc(buf_cstr(&b)), FORM_OK,
	    "urlenc: LIMIT_FIELDS fields are accepted");
	buf_puts(&b, "&&&");
	CHECK_INT(urlenc(buf_cstr(&b)), FORM_OK,
	    "urlenc: empty pairs do not count as fields");
	buf_puts(&b, "name=x");
	CHECK_INT(urlenc(buf_cstr(&b)), FORM_TOOMANY,
	    "urlenc: LIMIT_FIELDS + 1 fields -> FORM_TOOMANY");

	buf_init(&b, a);
	buf_puts(&b, "note=");
	for (i = 0; i < LIMIT_FIELDLEN + 300; i++)
		buf_add(&b, "a", 1);
	CHECK_INT(urlenc(buf_cstr(&b)), FORM_TOOLONG,
	    "urlenc: one pair over LIMIT_FIELDLEN -> FORM_TOOLONG");
	buf_init(&b, a);
	buf_puts(&b, "note=");
	for (i = 0; i < 1000; i++)
		buf_add(&b, "a", 1);
	CHECK_INT(urlenc(buf_cstr(&b)), FORM_OK,
	    "urlenc: long pair under the limit parses");
	CHECK(v[F_NOTE].present && v[F_NOTE].invalid,
	    "urlenc: and is invalid for its maxlen");

	/*
	 * A handwritten signature (about 100 KB of base64) is longer than
	 * LIMIT_FIELDLEN: the CSRF check, which declares only _csrf, skips
	 * it, and the handler that declares it long reads it whole.
	 */
	{
		static const struct field big[] = {
			{ "sig", FT_TEXT, 200 * 1024 } };
		struct fval	 bv[1];

		buf_init(&b, a);
		buf_puts(&b, "name=x&sig=");
		for (i = 0; i < 100 * 1024; i++)
			buf_add(&b, i % 64 ? "A" : "%2B", i % 64 ? 1 : 3);
		CHECK_INT(urlenc(buf_cstr(&b)), FORM_OK,
		    "urlenc: an undeclared pair over LIMIT_FIELDLEN is skipped");
		CHECK(v[F_NAME].present && strcmp(v[F_NAME].val, "x") == 0,
		    "urlenc: and the declared fields still parse");
		memset(bv, 0, sizeof(bv));
		CHECK_INT(form_urlencoded(a, buf_cstr(&b), b.len, big, 1, bv),
		    FORM_OK, "urlenc: a field declared 200 KB takes 100 KB");
		CHECK(bv[0].present && !bv[0].invalid &&
		    bv[0].len == 100 * 1024, "urlenc: whole, decoded");
	}
	arena_reset(a);
}

static void
test_multipart(void)
{
	static const char	 png[] = "\x89PNG\0\0\x01\r\n\xff";
	struct buf		 b;
	const char		*p;
	int			 i, ok;

	CHECK_INT(MPART(CT,
	    PART("name=\"name\"", "张三")
	    "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"photo\"; "
	    "filename=\"me.png\"\r\n"
	    "Content-Type: image/png\r\n"
	    "\r\n"
	    "\x89PNG\0\0\x01\r\n\xff\r\n"
	    PART("name=\"evil\"", "x")
	    END), FORM_OK, "multipart: text and file parts parse");
	CHECK_STR(v[F_NAME].val, "张三", "multipart: text field value");
	CHECK(!v[F_NAME].invalid && v[F_NAME].len == 6,
	    "multipart: text field valid, len 6");
	CHECK(v[F_PHOTO].present && !v[F_PHOTO].invalid,
	    "multipart: file field present");
	CHECK_MEM(v[F_PHOTO].val, v[F_PHOTO].len, png, sizeof(png) - 1,
	    "multipart: binary content with NUL and CRLF kept, right len");
	CHECK(v[F_PHOTO].val != NULL &&
	    v[F_PHOTO].val[v[F_PHOTO].len] == '\0',
	    "multipart: file content is NUL-terminated");
	CHECK_STR(v[F_PHOTO].filename, "me.png", "multipart: filename");
	CHECK_STR(v[F_PHOTO].ctype, "image/png", "multipart: part ctype");
	CHECK(!v[F_NOTE].present && !v[F_AGE].present,
	    "multipart: undeclared part ignored, others absent");

	/* Content-Type variants for the boundary. */
	CHECK_INT(MPART("multipart/form-data; boundary=\"a b:c\"",
	    "--a b:c\r\nContent-Disposition: form-data; name=\"age\"\r\n\r\n"
	    "7\r\n--a b:c--"), FORM_OK, "multipart: quoted boundary");
	CHECK_STR(v[F_AGE].val, "7", "multipart: value with quoted boundary");
	CHECK_INT(MPART("multipart/form-data;boundary=XyZ",
	    PART("name=\"age\"", "8") END), FORM_OK,
	    "multipart: boundary without space after ';'");
	CHECK_STR(v[F_AGE].val, "8", "multipart: value, boundary w/o space");
	CHECK_INT(MPART("multipart/form-data; charset=utf-8; BOUNDARY=XyZ",
	    PART("name=\"age\"", "9") END), FORM_OK,
	    "multipart: boundary after another param, any case");
	CHECK_STR(v[F_AGE].val, "9", "multipart: value, second param");
	CHECK_INT(MPART("multipart/form-data",
	    PART("name=\"age\"", "9") END), FORM_MALFORMED,
	    "multipart: no boundary -> FORM_MALFORMED");
	CHECK_INT(MPART("multipart/form-data; boundary=",
	    "--\r\nContent-Disposition: form-data; name=\"age\"\r\n\r\n"
	    "1\r\n----"), FORM_MALFORMED,
	    "multipart: empty boundary -> FORM_MALFORMED");
	CHECK_INT(MPART("multipart/form-data; boundary=\"XyZ",
	    PART("name=\"age\"", "9") END), FORM_MALFORMED,
	    "multipart: unterminated quoted boundary -> FORM_MALFORMED");
	buf_init(&b, a);
	buf_puts(&b, "multipart/form-data; boundary=");
	for (i = 0; i < 71; i++)
		buf_add(&b, "b", 1);
	p = buf_cstr(&b);
	buf_init(&b, a);
	buf_puts(&b, "--");
	buf_puts(&b, p + strlen("multipart/form-data; boundary="));
	buf_puts(&b, "--");
	CHECK_INT(mpart(p, buf_cstr(&b), b.len), FORM_MALFORMED,
	    "multipart: boundary over 70 chars -> FORM_MALFORMED");

	/* Framing. */
	CHECK_INT(MPART(CT, PART("name=\"age\"", "1")), FORM_MALFORMED,
	    "multipart: missing closing delimiter -> FORM_MALFORMED");
	CHECK_INT(MPART(CT, "--XyZ\r\n"
	    "Content-Disposition: form-data; name=\"age\"\r\n\r\n1"),
	    FORM_MALFORMED, "multipart: content runs to the end -> MALFORMED");
	CHECK_INT(MPART(CT, PART("name=\"age\"", "1") "--XyZ"),
	    FORM_MALFORMED, "multipart: last delimiter without '--'");
	CHECK_INT(MPART(CT, "preamble\r\n" PART("name=\"age\"", "1") END),
	    FORM_MALFORMED, "multipart: body not starting with delimiter");
	CHECK_INT(MPART(CT, ""), FORM_MALFORMED, "multipart: empty body");
	CHECK_INT(MPART(CT, "--XyZ--"), FORM_OK,
	    "multipart: body with no parts is OK");
	CHECK(none_present(), "multipart: no parts sets nothing");
	CHECK_INT(MPART(CT, "--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"age\"\r\n1\r\n--XyZ--"), FORM_MALFORMED,
	    "multipart: part without blank line after headers");
	CHECK_INT(MPART(CT, "--XyZ\r\nContent-Type: text/plain\r\n\r\n"
	    "1\r\n--XyZ--"), FORM_MALFORMED,
	    "multipart: part without Content-Disposition");
	CHECK_INT(MPART(CT, "--XyZ\r\nContent-Disposition: attachment; "
	    "name=\"age\"\r\n\r\n1\r\n--XyZ--"), FORM_MALFORMED,
	    "multipart: Content-Disposition not form-data");
	CHECK_INT(MPART(CT, "--XyZ\r\nbogus header line\r\n"
	    "Content-Disposition: form-data; name=\"age\"\r\n\r\n"
	    "1\r\n--XyZ--"), FORM_MALFORMED,
	    "multipart: header line without colon");
	CHECK_INT(MPART(CT, "--XyZ\r\nContent-Disposition: form-data; "
	    "name=\"a\0e\"\r\n\r\n1\r\n--XyZ--"), FORM_MALFORMED,
	    "multipart: NUL in part headers -> FORM_MALFORMED");
	CHECK_INT(MPART(CT, PART("name=\"note\"", "a--XyZb\r\n--XyZc") END),
	    FORM_MALFORMED, "multipart: delimiter followed by junk");
	CHECK_INT(MPART(CT, PART("name=\"note\"", "a--XyZb\n--XyZ") END),
	    FORM_OK, "multipart: boundary text without CRLF is content");
	CHECK_STR(v[F_NOTE].val, "a--XyZb\n--XyZ",
	    "multipart: content holding the boundary text");

	/* Part headers are at most 4096 bytes. */
	buf_init(&b, a);
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"age\"\r\n"
	    "X-Pad: ");
	for (i = 0; i < 4100; i++)
		buf_add(&b, "p", 1);
	buf_puts(&b, "\r\n\r\n1\r\n" END);
	CHECK_INT(mpart(CT, buf_cstr(&b), b.len), FORM_MALFORMED,
	    "multipart: part headers over 4096 bytes -> FORM_MALFORMED");
	buf_init(&b, a);
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"age\"\r\n"
	    "X-Pad: ");
	for (i = 0; i < 3000; i++)
		buf_add(&b, "p", 1);
	buf_puts(&b, "\r\n\r\n1\r\n" END);
	CHECK_INT(mpart(CT, buf_cstr(&b), b.len), FORM_OK,
	    "multipart: 3 KB of part headers accepted");
	CHECK_STR(v[F_AGE].val, "1", "multipart: value after long headers");

	/* Parts limit. */
	buf_init(&b, a);
	for (i = 0; i < LIMIT_PARTS; i++)
		buf_puts(&b, PART("name=\"x\"", "1"));
	buf_puts(&b, END);
	CHECK_INT(mpart(CT, buf_cstr(&b), b.len), FORM_OK,
	    "multipart: LIMIT_PARTS parts accepted");
	buf_init(&b, a);
	for (i = 0; i < LIMIT_PARTS + 1; i++)
		buf_puts(&b, PART("name=\"x\"", "1"));
	buf_puts(&b, END);
	CHECK_INT(mpart(CT, buf_cstr(&b), b.len), FORM_TOOMANY,
	    "multipart: LIMIT_PARTS + 1 parts -> FORM_TOOMANY");

	/* Filenames. */
	MPART(CT, PART("name=\"photo\"; filename=\"../../etc/passwd\"", "x")
	    END);
	CHECK_STR(v[F_PHOTO].filename, "passwd",
	    "multipart: ../ path reduced to basename");
	MPART(CT, PART("name=\"photo\"; filename=\"C:\\Users\\me\\a.exe\"",
	    "x") END);
	CHECK_STR(v[F_PHOTO].filename, "a.exe",
	    "multipart: backslash path reduced to basename");
	MPART(CT, PART("name=\"photo\"; filename=\"a\x01" "b\x7f\tc.txt\"",
	    "x") END);
	CHECK_STR(v[F_PHOTO].filename, "abc.txt",
	    "multipart: control chars stripped from filename");
	MPART(CT, PART("name=\"photo\"; filename=\"../..\"", "x") END);
	CHECK_STR(v[F_PHOTO].filename, "upload",
	    "multipart: filename '..' replaced");
	MPART(CT, PART("name=\"photo\"; filename=\"dir/\"", "x") END);
	CHECK_STR(v[F_PHOTO].filename, "upload",
	    "multipart: empty basename replaced");
	MPART(CT, PART("name=\"photo\"; filename=\"证书.pdf\"", "x") END);
	CHECK_STR(v[F_PHOTO].filename, "证书.pdf",
	    "multipart: UTF-8 filename kept");
	CHECK_STR(v[F_PHOTO].ctype, "application/octet-stream",
	    "multipart: default ctype for a file part");
	buf_init(&b, a);
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; "
	    "filename=\"");
	for (i = 0; i < 300; i++)
		buf_add(&b, "f", 1);
	buf_puts(&b, "\"\r\n\r\nx\r\n" END);
	mpart(CT, buf_cstr(&b), b.len);
	CHECK(v[F_PHOTO].filename != NULL &&
	    strlen(v[F_PHOTO].filename) == 200,
	    "multipart: long filename cut to 200 bytes");

	/* Part kind must match the field type. */
	CHECK_INT(MPART(CT, PART("name=\"name\"; filename=\"a.txt\"", "hi")
	    END), FORM_OK, "multipart: file part for a text field parses");
	CHECK(!v[F_NAME].present, "multipart: file part for text field ignored");
	MPART(CT, PART("name=\"photo\"", "hi") END);
	CHECK(!v[F_PHOTO].present, "multipart: text part for file field ignored");

	/* Value checks as in urlencoded. */
	MPART(CT, PART("name=\"name\"", "a\nb") END);
	CHECK(v[F_NAME].present && v[F_NAME].invalid,
	    "multipart: newline in FT_TEXT part is invalid");
	MPART(CT, PART("name=\"note\"", "a\r\nb") END);
	CHECK(!v[F_NOTE].invalid && strcmp(v[F_NOTE].val, "a\r\nb") == 0,
	    "multipart: FT_MULTILINE part keeps CRLF");
	MPART(CT, PART("name=\"name\"", "\xc3\x28") END);
	CHECK(v[F_NAME].invalid, "multipart: invalid UTF-8 part is invalid");
	MPART(CT, PART("name=\"name\"", "one") PART("name=\"name\"", "two")
	    END);
	CHECK_STR(v[F_NAME].val, "one", "multipart: first occurrence wins");

	buf_init(&b, a);
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; "
	    "filename=\"big.bin\"\r\n\r\n");
	for (i = 0; i < 1025; i++)
		buf_add(&b, "\0", 1);
	buf_puts(&b, "\r\n" END);
	CHECK_INT(mpart(CT, buf_cstr(&b), b.len), FORM_OK,
	    "multipart: over-long file parses");
	CHECK(v[F_PHOTO].present && v[F_PHOTO].invalid && v[F_PHOTO].len == 0,
	    "multipart: file over maxlen marks invalid");
	buf_init(&b, a);
	buf_puts(&b, "--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; "
	    "filename=\"all.bin\"\r\n\r\n");
	for (i = 0; i < 256; i++) {
		unsigned char	 c = (unsigned char)i;

		buf_add(&b, &c, 1);
	}
	buf_puts(&b, "\r\n" END);
	mpart(CT, buf_cstr(&b), b.len);
	ok = v[F_PHOTO].present && !v[F_PHOTO].invalid &&
	    v[F_PHOTO].len == 256;
	for (i = 0; ok && i < 256; i++)
		ok = (unsigned char)v[F_PHOTO].val[i] == i;
	CHECK(ok, "multipart: all 256 byte values kept in a file");

	/*
	 * A second file part with the same name: the first occurrence
	 * wins, so its filename and type must stay with its content.
	 */
	MPART(CT,
	    "--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; "
	    "filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n"
	    "AAA\r\n"
	    "--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; "
	    "filename=\"b.exe\"\r\nContent-Type: application/x-msdownload"
	    "\r\n\r\nBBB\r\n" END);
	CHECK_STR(v[F_PHOTO].val, "AAA",
	    "multipart: duplicate file part, first content wins");
	CHECK_STR(v[F_PHOTO].filename, "a.pdf",
	    "multipart: duplicate file part, filename of the first kept");
	CHECK_STR(v[F_PHOTO].ctype, "application/pdf",
	    "multipart: duplicate file part, ctype of the first kept");
	arena_reset(a);
}

/* FT_IDS: repeated checkboxes joined by commas, digits only, bounded. */
static void
test_ids(void)
{
	static const struct field f[] = { { "id", FT_IDS, 30 },
	    { "x", FT_TEXT, 10 } };
	struct fval	 iv[2];
	const char	*s;

	memset(iv, 0, sizeof(iv));
	s = "id=12&x=a&id=7&id=300";
	CHECK_INT(form_urlencoded(a, s, strlen(s), f, 2, iv), FORM_OK,
	    "ids: parsed");
	CHECK(iv[0].present && !iv[0].invalid, "ids: present and valid");
	CHECK_STR(iv[0].val, "12,7,300", "ids: every occurrence, in order");
	CHECK_STR(iv[1].val, "a", "ids: other fields unaffected");
	memset(iv, 0, sizeof(iv));
	s = "id=12&id=7x";
	(void)form_urlencoded(a, s, strlen(s), f, 2, iv);
	CHECK(iv[0].invalid && iv[0].len == 0, "ids: a non-digit value is invalid");
	memset(iv, 0, sizeof(iv));
	s = "id=-1";
	(void)form_urlencoded(a, s, strlen(s), f, 2, iv);
	CHECK(iv[0].invalid, "ids: a sign is invalid");
	memset(iv, 0, sizeof(iv));
	s = "id=";
	(void)form_urlencoded(a, s, strlen(s), f, 2, iv);
	CHECK(iv[0].invalid, "ids: an empty value is invalid");
	memset(iv, 0, sizeof(iv));
	s = "id=1234567890&id=1234567890&id=1234567890";
	(void)form_urlencoded(a, s, strlen(s), f, 2, iv);
	CHECK(iv[0].invalid, "ids: past maxlen is invalid, not cut");
	memset(iv, 0, sizeof(iv));
	s = "id=123456789012345678901";
	(void)form_urlencoded(a, s, strlen(s), f, 2, iv);
	CHECK(iv[0].invalid, "ids: a 21-digit id is invalid");
}

static void
test_cookie(void)
{
	char	 big[400];

	CHECK_STR(form_cookie(a, "sid=abc123; csrf=xyz", "sid"), "abc123",
	    "cookie: first cookie found");
	CHECK_STR(form_cookie(a, "sid=abc123; csrf=xyz", "csrf"), "xyz",
	    "cookie: last cookie found");
	CHECK_STR(form_cookie(a, "a=1;sid=v2", "sid"), "v2",
	    "cookie: found without space after ';'");
	CHECK_STR(form_cookie(a, "xsid=bad; sid=good", "sid"), "good",
	    "cookie: name suffix of another cookie does not match");
	CHECK_STR(form_cookie(a, "sidx=bad; sid=good", "sid"), "good",
	    "cookie: name prefix of another cookie does not match");
	CHECK_STR(form_cookie(a, "__Host-sid=t0k3n", "__Host-sid"), "t0k3n",
	    "cookie: __Host- prefixed name");
	CHECK(form_cookie(a, "a=1; b=2", "sid") == NULL,
	    "cookie: absent -> NULL");
	CHECK(form_cookie(a, "", "sid") == NULL, "cookie: empty header -> NULL");
	CHECK(form_cookie(a, NULL, "sid") == NULL, "cookie: no header -> NULL");
	CHECK(form_cookie(a, "a=sid=x", "sid") == NULL,
	    "cookie: name inside another value does not match");
	CHECK(form_cookie(a, "sid=ab\x01" "c", "sid") == NULL,
	    "cookie: control char in value -> NULL");
	CHECK(form_cookie(a, "sid=a b", "sid") == NULL,
	    "cookie: space in value -> NULL");
	CHECK(form_cookie(a, "sid=\xe5\xbc\xa0", "sid") == NULL,
	    "cookie: non-ASCII value -> NULL");
	CHECK(form_cookie(a, "sid=ab\x7f", "sid") == NULL,
	    "cookie: DEL in value -> NULL");

	memcpy(big, "sid=", 4);
	memset(big + 4, 'a', 256);
	big[260] = '\0';
	CHECK(form_cookie(a, big, "sid") != NULL &&
	    strlen(form_cookie(a, big, "sid")) == 256,
	    "cookie: 256-byte value accepted");
	memset(big + 4, 'a', 257);
	big[261] = '\0';
	CHECK(form_cookie(a, big, "sid") == NULL,
	    "cookie: 257-byte value -> NULL");
	memcpy(big + 261, "; x=1", 6);
	CHECK(form_cookie(a, big, "sid") == NULL,
	    "cookie: 257-byte value before ';' -> NULL");
	arena_reset(a);
}

#define U(s, ml)	form_utf8_ok((s), sizeof(s) - 1, (ml))

static void
test_utf8(void)
{
	CHECK(U("", 0), "utf8: empty is ok");
	CHECK(U("hello, world", 0), "utf8: ASCII is ok");
	CHECK(U("张三 证书", 0), "utf8: Chinese is ok");
	CHECK(U("\xc2\xa0", 0), "utf8: U+00A0 is ok");
	CHECK(U("\xed\x9f\xbf", 0), "utf8: U+D7FF is ok");
	CHECK(U("\xee\x80\x80", 0), "utf8: U+E000 is ok");
	CHECK(U("\xf0\x9f\x98\x80", 0), "utf8: 4-byte emoji is ok");
	CHECK(U("\xf4\x8f\xbf\xbf", 0), "utf8: U+10FFFF is ok");
	CHECK(!U("\xc0\xaf", 0), "utf8: overlong 2-byte (C0 AF) rejected");
	CHECK(!U("\xc1\xbf", 0), "utf8: overlong 2-byte (C1 BF) rejected");
	CHECK(!U("\xe0\x80\xaf", 0), "utf8: overlong 3-byte rejected");
	CHECK(!U("\xe0\x9f\xbf", 0), "utf8: overlong 3-byte U+07FF rejected");
	CHECK(!U("\xf0\x80\x80\xaf", 0), "utf8: overlong 4-byte rejected");
	CHECK(!U("\xf0\x8f\xbf\xbf", 0), "utf8: overlong 4-byte U+FFFF rejected");
	CHECK(!U("\xed\xa0\x80", 0), "utf8: surrogate U+D800 rejected");
	CHECK(!U("\xed\xbf\xbf", 0), "utf8: surrogate U+DFFF rejected");
	CHECK(!U("\xf4\x90\x80\x80", 0), "utf8: above U+10FFFF rejected");
	CHECK(!U("\xf5\x80\x80\x80", 0), "utf8: lead byte F5 rejected");
	CHECK(!U("\xff", 0), "utf8: byte FF rejected");
	CHECK(!U("\xc2\x80", 0), "utf8: C1 control U+0080 rejected");
	CHECK(!U("\xc2\x9f", 0), "utf8: C1 control U+009F rejected");
	CHECK(!U("\xc2\x85", 1), "utf8: NEL rejected even when multiline");
	CHECK(!U("\xe2\x80\xa8", 0), "utf8: U+2028 rejected");
	CHECK(!U("\xe2\x80\xa9", 1), "utf8: U+2029 rejected");
	CHECK(!U("\x80", 0), "utf8: lone continuation byte rejected");
	CHECK(!U("\xe5\x41\xa0", 0), "utf8: bad continuation byte rejected");
	CHECK(!U("\xe5\xbc", 0), "utf8: truncated 3-byte sequence rejected");
	CHECK(!U("\xf0\x9f\x98", 0), "utf8: truncated 4-byte sequence rejected");
	CHECK(!U("a\xc3", 0), "utf8: truncated at end rejected");
	CHECK(!form_utf8_ok("\xe5\xbc\xa0", 2, 0),
	    "utf8: sequence cut by len rejected");
	CHECK(form_utf8_ok("ab\x01", 2, 0), "utf8: bytes past len not read");
	CHECK(!U("a\0b", 0), "utf8: NUL rejected");
	CHECK(!U("\x1b[0m", 0), "utf8: ESC rejected");
	CHECK(!U("\x7f", 0), "utf8: DEL rejected");
	CHECK(!U("a\nb", 0), "utf8: LF rejected in single-line");
	CHECK(!U("a\rb", 0), "utf8: CR rejected in single-line");
	CHECK(!U("a\tb", 0), "utf8: tab rejected in single-line");
	CHECK(U("a\r\nb\tc", 1), "utf8: CR, LF, tab ok in multiline");
	CHECK(!U("a\vb", 1), "utf8: VT rejected in multiline");
	CHECK(!U("a\0b", 1), "utf8: NUL rejected in multiline");
}

int
main(void)
{
	a = arena_new();
	test_urlencoded();
	test_multipart();
	test_ids();
	test_cookie();
	test_utf8();
	arena_free(a);
	return tap_done();
}
