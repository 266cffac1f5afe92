/*
 * emp_json.c: the API's JSON request bodies: one flat object of string
 * values, read into the declared fields as a form would be (pure).
 */
#include <string.h>

#include "app.h"
#include "verification.h"

struct	jp {
	const char	*p, *end;
};

static void
ws(struct jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int
hex4(const char *s, unsigned int *v)
{
	int	 i, c;

	*v = 0;
	for (i = 0; i < 4; i++) {
		c = (unsigned char)s[i];
		*v <<= 4;
		if (c >= '0' && c <= '9')
			*v |= (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			*v |= (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			*v |= (unsigned int)(c - 'A' + 10);
		else
			return -1;
	}
	return 0;
}

static void
put_utf8(struct buf *b, unsigned int cp)
{
	unsigned char	 u[4];
	size_t		 n;

	if (cp < 0x80) {
		u[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (unsigned char)(0xc0 | cp >> 6);
		u[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (unsigned char)(0xe0 | cp >> 12);
		u[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (unsigned char)(0xf0 | cp >> 18);
		u[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		u[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		u[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_add(b, u, n);
}

/* One string (after its opening quote) into b.  Returns 0 or -1. */
static int
jstring(struct jp *j, struct buf *b, size_t max)
{
	unsigned int	 cp, lo;
	char		 c;

	while (j->p < j->end && *j->p != '"') {
		if (b->len > max)
			return -1;
		if ((unsigned char)*j->p < 0x20)
			return -1;
		if (*j->p != '\\') {
			buf_add(b, j->p++, 1);
			continue;
		}
		if (++j->p >= j->end)
			return -1;
		c = *j->p++;
		switch (c) {
		case '"': case '\\': case '/':
			buf_add(b, &c, 1);
			break;
		case 'b': buf_add(b, "\b", 1); break;
		case 'f': buf_add(b, "\f", 1); break;
		case 'n': buf_add(b, "\n", 1); break;
		case 'r': buf_add(b, "\r", 1); break;
		case 't': buf_add(b, "\t", 1); break;
		case 'u':
			if (j->end - j->p < 4 || hex4(j->p, &cp) == -1)
				return -1;
			j->p += 4;
			if (cp >= 0xdc00 && cp <= 0xdfff)
				return -1;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				if (j->end - j->p < 6 || j->p[0] != '\\' ||
				    j->p[1] != 'u' || hex4(j->p + 2, &lo) == -1 ||
				    lo < 0xdc00 || lo > 0xdfff)
					return -1;
				j->p += 6;
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				    (lo - 0xdc00);
			}
			if (cp == 0)
				return -1;
			put_utf8(b, cp);
			break;
		default:
			return -1;
		}
	}
	if (j->p >= j->end || b->len > max)
		return -1;
	j->p++;
	buf_add(b, "", 1);
	b->len--;
	return 0;
}

/*
 * Parse body[len], a JSON object such as {"number": "…", "idno": "…"},
 * into the declared fields f[nf] as req_form() would (a value too long
 * or not text is present, invalid and ""): undeclared keys are ignored,
 * values must be strings (null: absent), a key twice or anything else is
 * malformed.  Returns FORM_OK, FORM_MALFORMED or
 * FORM_TOOLONG.
 */
enum form_err
emp_json_form(struct arena *a, const char *body, size_t len,
    const struct field *f, size_t nf, struct fval *vals)
{
	struct jp	 j = { body, body + len };
	struct buf	 k, v;
	size_t		 i;
	int		 first = 1;

	memset(vals, 0, nf * sizeof(*vals));
	if (!form_utf8_ok(body, len, 1))
		return FORM_MALFORMED;
	ws(&j);
	if (j.p >= j.end || *j.p++ != '{')
		return FORM_MALFORMED;
	for (;;) {
		ws(&j);
		if (first && j.p < j.end && *j.p == '}') {
			j.p++;
			break;
		}
		first = 0;
		buf_init(&k, a);
		buf_init(&v, a);
		if (j.p >= j.end || *j.p++ != '"' || jstring(&j, &k, 64) == -1)
			return FORM_MALFORMED;
		ws(&j);
		if (j.p >= j.end || *j.p++ != ':')
			return FORM_MALFORMED;
		ws(&j);
		for (i = 0; i < nf && strcmp(f[i].name, k.p) != 0; i++)
			continue;
		if (j.end - j.p >= 4 && memcmp(j.p, "null", 4) == 0)
			j.p += 4;
		else if (j.p < j.end && *j.p == '"') {
			j.p++;
			if (jstring(&j, &v, LIMIT_FIELDLEN) == -1)
				return v.len > LIMIT_FIELDLEN ? FORM_TOOLONG :
				    FORM_MALFORMED;
			if (i < nf) {
				if (vals[i].present)
					return FORM_MALFORMED;
				/* As form.c: too long or not text is invalid. */
				vals[i].present = 1;
				vals[i].invalid = v.len > f[i].maxlen ||
				    !form_utf8_ok(v.p, v.len,
				    f[i].type == FT_MULTILINE);
				vals[i].val = vals[i].invalid ? "" : v.p;
				vals[i].len = vals[i].invalid ? 0 : v.len;
			}
		} else
			return FORM_MALFORMED;
		ws(&j);
		if (j.p < j.end && *j.p == ',') {
			j.p++;
			continue;
		}
		if (j.p < j.end && *j.p == '}') {
			j.p++;
			break;
		}
		return FORM_MALFORMED;
	}
	ws(&j);
	return j.p == j.end ? FORM_OK : FORM_MALFORMED;
}
