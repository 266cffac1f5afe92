/*
 * fuzz-form.c: libFuzzer target for form.c (urlencoded, multipart, cookies)
 * and the employers' API's JSON bodies (fcgi/verification/emp_json.c).
 *
 * Built by `make bin/fuzz-form` from this file, form.c, emp_json.c,
 * arena.c and buf.c only.  Each input is used five ways:
 *   1. the whole input as an urlencoded body (or query string);
 *   2. the whole input as a multipart body with a fixed boundary "XyZ";
 *   3. the first line (up to '\n', at most 256 bytes) as the Content-Type
 *      header and the rest as the multipart body, so header_param() and
 *      odd boundaries are fuzzed too;
 *   4. the input, cut at its first NUL, as a Cookie header;
 *   5. the whole input as a JSON body (the text fields only).
 * The bodies are never copied: libFuzzer's buffer has exactly size bytes,
 * so ASan sees any read past the end.  After each successful parse the
 * documented guarantees are checked and a violation aborts.
 *
 *	bin/fuzz-form -max_total_time=60 tests/fuzz/corpus
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "../../fcgi/verification/verification.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define FIXED_CT	"multipart/form-data; boundary=XyZ"

static const struct field fields[] = {
	{ "name",	FT_TEXT,	32 },
	{ "note",	FT_MULTILINE,	256 },
	{ "age",	FT_TEXT,	4 },
	{ "",		FT_TEXT,	8 },	/* a field with an empty name */
	{ "photo",	FT_FILE,	4096 },
	{ "doc",	FT_FILE,	16 },
};
#define NF	(sizeof(fields) / sizeof(fields[0]))

static void
fail(void)
{
	abort();
}

/* The guarantees of form_urlencoded() and form_multipart() on FORM_OK. */
static void
check_vals(const struct fval *v, int multipart)
{
	const char	*p;
	size_t		 i;

	for (i = 0; i < NF; i++) {
		if (!v[i].present) {
			if (v[i].val != NULL || v[i].filename != NULL)
				fail();
			continue;
		}
		if (v[i].val == NULL || v[i].val[v[i].len] != '\0')
			fail();
		if (v[i].invalid) {
			if (v[i].len != 0)
				fail();
		} else if (v[i].len > fields[i].maxlen)
			fail();
		if (fields[i].type == FT_FILE) {
			/* Uploads come only from multipart file parts. */
			if (!multipart || v[i].filename == NULL ||
			    v[i].ctype == NULL || *v[i].filename == '\0')
				fail();
			for (p = v[i].filename; *p != '\0'; p++)
				if (*p == '/' || *p == '\\' ||
				    (unsigned char)*p < 0x20 || *p == 0x7f)
					fail();
			if (strcmp(v[i].filename, ".") == 0 ||
			    strcmp(v[i].filename, "..") == 0)
				fail();
			continue;
		}
		if (v[i].filename != NULL)
			fail();
		if (!v[i].invalid && (strlen(v[i].val) != v[i].len ||
		    !form_utf8_ok(v[i].val, v[i].len,
		    fields[i].type == FT_MULTILINE)))
			fail();
	}
}

/* form_cookie() returns NULL or at most 256 printable ASCII characters. */
static void
check_cookie(const char *c)
{
	size_t	 n;

	if (c == NULL)
		return;
	if ((n = strlen(c)) > 256)
		fail();
	for (; *c != '\0'; c++)
		if (!isgraph((unsigned char)*c))
			fail();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const cookies[] = { "sid", "__Host-sid", "csrf",
	    "s" };
	struct arena	*a;
	struct fval	 v[NF];
	const char	*s = (const char *)data;
	const uint8_t	*nl;
	char		*ct, *hdr;
	size_t		 i, off;

	a = arena_new();

	memset(v, 0, sizeof(v));
	if (form_urlencoded(a, s, size, fields, NF, v) == FORM_OK)
		check_vals(v, 0);

	memset(v, 0, sizeof(v));
	if (form_multipart(a, s, size, FIXED_CT, fields, NF, v) == FORM_OK)
		check_vals(v, 1);

	if ((nl = memchr(data, '\n', size < 256 ? size : 256)) != NULL) {
		off = (size_t)(nl - data);
		ct = arena_strndup(a, s, off);	/* stops at a NUL too */
		memset(v, 0, sizeof(v));
		if (form_multipart(a, s + off + 1, size - off - 1, ct,
		    fields, NF, v) == FORM_OK)
			check_vals(v, 1);
	}

	/* The first four fields are text: a JSON body holds no upload. */
	memset(v, 0, sizeof(v));
	if (emp_json_form(a, s, size, fields, 4, v) == FORM_OK)
		check_vals(v, 0);

	hdr = arena_strndup(a, s, size);
	for (i = 0; i < sizeof(cookies) / sizeof(cookies[0]); i++)
		check_cookie(form_cookie(a, hdr, cookies[i]));

	arena_free(a);
	return 0;
}
