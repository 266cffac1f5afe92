/* form.c: query strings, urlencoded and multipart bodies, cookies (fuzzed). */
#include <sys/types.h>

#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "app.h"

/*
 * Check that s[0..len) is well-formed UTF-8 without NUL or control
 * characters; newline, carriage return and tab are allowed only when
 * multiline is set.  Returns 1 when acceptable.
 */
int
form_utf8_ok(const char *s, size_t len, int multiline)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, n, k;
	unsigned int		 c, min;

	while (i < len) {
		c = p[i];
		if (c < 0x80) {
			if (c == 0x7f || (c < 0x20 && !(multiline &&
			    (c == '\n' || c == '\r' || c == '\t'))))
				return 0;
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, c &= 0x1f, min = 0x80;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, c &= 0x0f, min = 0x800;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, c &= 0x07, min = 0x10000;
		else
			return 0;
		if (len - i <= n)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (p[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
		/* C1 controls and the line/paragraph separators. */
		if ((c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029)
			return 0;
		i += n + 1;
	}
	return 1;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decode s[0..len) into an arena-owned string; '+' is a space.
 * Returns NULL on a malformed escape.
 */
static char *
pct_decode(struct arena *a, const char *s, size_t len, size_t *outlen)
{
	char	*out;
	size_t	 i, o = 0;
	int	 hi, lo;

	out = arena_alloc(a, len + 1);
	for (i = 0; i < len; i++) {
		if (s[i] == '+')
			out[o++] = ' ';
		else if (s[i] == '%') {
			if (i + 2 >= len)
				return NULL;
			if ((hi = hexval((unsigned char)s[i + 1])) < 0 ||
			    (lo = hexval((unsigned char)s[i + 2])) < 0)
				return NULL;
			out[o++] = (char)(hi << 4 | lo);
			i += 2;
		} else
			out[o++] = s[i];
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

static ssize_t
find_field(const struct field *f, size_t nf, const char *name, size_t len)
{
	size_t	 i;

	for (i = 0; i < nf; i++)
		if (strlen(f[i].name) == len &&
		    memcmp(f[i].name, name, len) == 0)
			return (ssize_t)i;
	return -1;
}

/*
 * Store a decoded value into its slot, checking type and length.  The
 * first occurrence wins, but for FT_IDS, whose every occurrence must be
 * a decimal number, which are kept joined by commas (checkboxes of a
 * list); maxlen bounds the joined text.
 */
static void
store(struct arena *a, struct fval *v, const struct field *f,
    const char *val, size_t len)
{
	size_t	 i;
	char	*j;

	if (f->type == FT_IDS) {
		for (i = 0; i < len; i++)
			if (val[i] < '0' || val[i] > '9')
				break;
		if (len == 0 || i < len || len > 20)
			v->invalid = 1;
		if (v->invalid) {
			v->present = 1;
			v->val = "";
			v->len = 0;
			return;
		}
		if (v->present) {
			if (v->len + 1 + len > f->maxlen) {
				v->invalid = 1;
				v->val = "";
				v->len = 0;
				return;
			}
			j = arena_alloc(a, v->len + 1 + len + 1);
			memcpy(j, v->val, v->len);
			j[v->len] = ',';
			memcpy(j + v->len + 1, val, len);
			j[v->len + 1 + len] = '\0';
			v->val = j;
			v->len += 1 + len;
			return;
		}
	} else if (v->present)
		return;		/* the first occurrence wins */
	v->present = 1;
	if (len > f->maxlen ||
	    (f->type != FT_FILE &&
	     !form_utf8_ok(val, len, f->type == FT_MULTILINE))) {
		v->invalid = 1;
		v->val = "";
		v->len = 0;
		return;
	}
	v->val = val;
	v->len = len;
}

/*
 * Parse an application/x-www-form-urlencoded string (also a query
 * string).  Only the declared fields are kept, in vals[] indexed like
 * fields[]; the rest are skipped.  Returns FORM_OK or the reason for a 400.
 */
enum form_err
form_urlencoded(struct arena *a, const char *s, size_t len,
    const struct field *fields, size_t nf, struct fval *vals)
{
	const char	*p, *end, *amp, *eq;
	char		*name, *val;
	size_t		 nlen, vlen, count = 0;
	ssize_t		 k;

	p = s;
	end = s + len;
	while (p < end) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if (amp == p) {
			p++;
			continue;
		}
		if (++count > LIMIT_FIELDS)
			return FORM_TOOMANY;
		if ((eq = memchr(p, '=', (size_t)(amp - p))) == NULL)
			eq = amp;
		if ((size_t)(eq - p) > LIMIT_FIELDLEN + 256)
			return FORM_TOOLONG;
		if ((name = pct_decode(a, p, (size_t)(eq - p), &nlen)) == NULL)
			return FORM_MALFORMED;
		/*
		 * A declared field is at most LIMIT_FIELDLEN, or its own
		 * length when longer (a signature), percent-encoded; the
		 * others (the CSRF check declares only _csrf) are bounded
		 * by the route's body limit.
		 */
		k = find_field(fields, nf, name, nlen);
		if (k >= 0 && (size_t)(amp - p) > 256 +
		    (fields[k].maxlen > LIMIT_FIELDLEN ? fields[k].maxlen * 3 :
		    LIMIT_FIELDLEN))
			return FORM_TOOLONG;
		val = pct_decode(a, eq < amp ? eq + 1 : amp,
		    eq < amp ? (size_t)(amp - eq - 1) : 0, &vlen);
		if (val == NULL)
			return FORM_MALFORMED;
		if (k >= 0 && fields[k].type != FT_FILE)
			store(a, &vals[k], &fields[k], val, vlen);
		p = amp + 1;
	}
	return FORM_OK;
}

/*
 * Find a parameter such as boundary= or name= in a header value.
 * Returns an arena-owned string or NULL.
 */
static char *
header_param(struct arena *a, const char *h, const char *key)
{
	const char	*p, *q;
	size_t		 klen = strlen(key);

	for (p = h; (p = strchr(p, ';')) != NULL; ) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, key, klen) != 0 || p[klen] != '=')
			continue;
		p += klen + 1;
		if (*p == '"') {
			p++;
			if ((q = strchr(p, '"')) == NULL)
				return NULL;
		} else
			for (q = p; *q != '\0' && *q != ';' &&
			    *q != ' ' && *q != '\t'; q++)
				;
		return arena_strndup(a, p, (size_t)(q - p));
	}
	return NULL;
}

/* Keep the last path component and drop control characters. */
static const char *
clean_filename(struct arena *a, const char *fn)
{
	const char	*base, *p;
	char		*out;
	size_t		 o = 0;

	base = fn;
	for (p = fn; *p != '\0'; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	out = arena_alloc(a, strlen(base) + 1);
	for (p = base; *p != '\0' && o < 200; p++)
		if ((unsigned char)*p >= 0x20 && *p != 0x7f)
			out[o++] = *p;
	/* Cut at 200 bytes on a character boundary. */
	if (*p != '\0') {
		while (o > 0 && ((unsigned char)out[o - 1] & 0xc0) == 0x80)
			o--;
		if (o > 0 && (unsigned char)out[o - 1] >= 0xc0)
			o--;
	}
	out[o] = '\0';
	/* Old clients send names in GBK: keep only names that are UTF-8. */
	if (o == 0 || strcmp(out, ".") == 0 || strcmp(out, "..") == 0 ||
	    !form_utf8_ok(out, o, 0))
		return "upload";
	return out;
}

/*
 * Parse one part's headers (h, NUL-terminated).  Sets *name, *filename
 * (NULL when not a file) and *ctype.  Returns 0 or -1 when malformed.
 */
static int
part_headers(struct arena *a, char *h, char **name, char **filename,
    char **ctype)
{
	char	*line, *next, *colon, *v;

	*name = *filename = *ctype = NULL;
	for (line = h; line != NULL && *line != '\0'; line = next) {
		if ((next = strstr(line, "\r\n")) != NULL) {
			*next = '\0';
			next += 2;
		}
		if ((colon = strchr(line, ':')) == NULL)
			return -1;
		*colon = '\0';
		for (v = colon + 1; *v == ' ' || *v == '\t'; v++)
			;
		if (strcasecmp(line, "Content-Disposition") == 0) {
			if (strncasecmp(v, "form-data", 9) != 0)
				return -1;
			*name = header_param(a, v, "name");
			*filename = header_param(a, v, "filename");
		} else if (strcasecmp(line, "Content-Type") == 0)
			*ctype = arena_strdup(a, v);
	}
	return *name == NULL ? -1 : 0;
}

/*
 * Parse a multipart/form-data body whose Content-Type header is ctype.
 * Only declared fields are kept.  Returns FORM_OK or the reason for a 400.
 */
enum form_err
form_multipart(struct arena *a, const char *body, size_t len,
    const char *ctype, const struct field *fields, size_t nf,
    struct fval *vals)
{
	const char	*p, *end, *hend, *next;
	char		*bnd, *delim, *hdrs, *name, *filename, *pctype;
	size_t		 dlen, parts = 0;
	ssize_t		 k;

	if ((bnd = header_param(a, ctype, "boundary")) == NULL ||
	    strlen(bnd) == 0 || strlen(bnd) > 70)
		return FORM_MALFORMED;
	delim = arena_printf(a, "\r\n--%s", bnd);
	dlen = strlen(delim);
	end = body + len;

	/* 1. The body starts with the first delimiter (without CRLF). */
	if (len < dlen - 2 || memcmp(body, delim + 2, dlen - 2) != 0)
		return FORM_MALFORMED;
	p = body + dlen - 2;
	for (;;) {
		/* 2. After a delimiter: "--" ends the body, CRLF a part. */
		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return FORM_OK;
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return FORM_MALFORMED;
		p += 2;
		if (++parts > LIMIT_PARTS)
			return FORM_TOOMANY;
		/* 3. Headers up to the blank line. */
		if ((hend = memmem(p, (size_t)(end - p), "\r\n\r\n", 4)) ==
		    NULL || hend - p > 4096)
			return FORM_MALFORMED;
		hdrs = arena_strndup(a, p, (size_t)(hend - p));
		if (strlen(hdrs) != (size_t)(hend - p) ||
		    part_headers(a, hdrs, &name, &filename, &pctype) == -1)
			return FORM_MALFORMED;
		p = hend + 4;
		/* 4. Content up to the next delimiter. */
		if ((next = memmem(p, (size_t)(end - p), delim, dlen)) == NULL)
			return FORM_MALFORMED;
		k = find_field(fields, nf, name, strlen(name));
		if (k >= 0 && (fields[k].type == FT_FILE) ==
		    (filename != NULL) && !vals[k].present) {
			store(a, &vals[k], &fields[k],
			    arena_strndup(a, p, (size_t)(next - p)),
			    (size_t)(next - p));
			if (filename != NULL) {
				vals[k].filename = clean_filename(a, filename);
				vals[k].ctype = pctype ? pctype :
				    "application/octet-stream";
			}
		}
		p = next + dlen;
	}
}

/*
 * Find cookie name in a Cookie header.  Returns an arena-owned value,
 * or NULL when absent or not made of printable ASCII.
 */
char *
form_cookie(struct arena *a, const char *hdr, const char *name)
{
	const char	*p, *v, *e;
	size_t		 nlen = strlen(name), i;

	if (hdr == NULL)
		return NULL;
	for (p = hdr; *p != '\0'; ) {
		while (*p == ' ' || *p == ';')
			p++;
		if (strncmp(p, name, nlen) == 0 && p[nlen] == '=') {
			v = p + nlen + 1;
			e = strchr(v, ';');
			if (e == NULL)
				e = v + strlen(v);
			if (e - v > 256)
				return NULL;
			for (i = 0; v + i < e; i++)
				if (!isgraph((unsigned char)v[i]))
					return NULL;
			return arena_strndup(a, v, (size_t)(e - v));
		}
		if ((p = strchr(p, ';')) == NULL)
			break;
	}
	return NULL;
}
