/* csvdoc.c: CSV files as Excel writes them (UTF-8 with or without BOM, or GBK) into rows. */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include <csv.h>

#include "app.h"

#define CSV_MAXROWS	200000
#define CSV_MAXCOLS	32
#define CSV_MAXCELL	1000

struct	builder {
	struct arena	*a;
	struct csvdoc	*d;
	size_t		 cap;		/* rows allocated */
	char		**row;		/* the row being built */
	size_t		 ncol;
	size_t		 rec;		/* records seen, blank ones included */
	int		 err;
};

static void
on_field(void *s, size_t len, void *arg)
{
	struct builder	*b = arg;

	if (b->err)
		return;
	if (b->row == NULL)
		b->row = arena_calloc(b->a, CSV_MAXCOLS, sizeof(char *));
	if (b->ncol >= CSV_MAXCOLS || len > CSV_MAXCELL) {
		b->err = b->ncol >= CSV_MAXCOLS ? CSV_TOOWIDE : CSV_CELLTOOLONG;
		return;
	}
	b->row[b->ncol++] = arena_strndup(b->a, s != NULL ? s : "", len);
}

static void
on_row(int c, void *arg)
{
	struct builder	*b = arg;
	struct csvdoc	*d = b->d;
	char		**nr;
	size_t		*nc, *nl, i;

	(void)c;
	if (b->err)
		return;
	b->rec++;
	/* Excel leaves rows of empty cells (",,,") behind: skip them. */
	for (i = 0; i < b->ncol && b->row[i][0] == '\0'; i++)
		;
	if (i == b->ncol) {
		b->ncol = 0;
		return;
	}
	if (d->nrows >= CSV_MAXROWS) {
		b->err = CSV_TOOMANY;
		return;
	}
	if (d->nrows == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		nr = arena_calloc(b->a, b->cap, sizeof(*nr));
		nc = arena_calloc(b->a, b->cap, sizeof(*nc));
		nl = arena_calloc(b->a, b->cap, sizeof(*nl));
		if (d->nrows) {
			memcpy(nr, d->cells, d->nrows * sizeof(*nr));
			memcpy(nc, d->ncols, d->nrows * sizeof(*nc));
			memcpy(nl, d->lines, d->nrows * sizeof(*nl));
		}
		d->cells = (char ***)nr;
		d->ncols = nc;
		d->lines = nl;
	}
	d->cells[d->nrows] = b->row;
	d->ncols[d->nrows] = b->ncol;
	d->lines[d->nrows] = b->rec;
	d->nrows++;
	b->row = NULL;
	b->ncol = 0;
}

/*
 * Convert GB18030 (a superset of GBK and GB2312) to UTF-8.  Returns an
 * arena-owned string and its length, or NULL when the bytes are not
 * valid GB18030.
 */
static char *
from_gbk(struct arena *a, const char *in, size_t len, size_t *outlen)
{
	iconv_t	 cd;
	char	*out, *op;
	char	*ip = (char *)(uintptr_t)in;
	size_t	 il = len, ol = len * 2 + 4;

	if ((cd = iconv_open("UTF-8", "GB18030")) == (iconv_t)-1) {
		log_warn("iconv_open GB18030");
		return NULL;
	}
	op = out = arena_alloc(a, ol + 1);
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		iconv_close(cd);
		return NULL;
	}
	iconv_close(cd);
	*op = '\0';
	*outlen = (size_t)(op - out);
	return out;
}

/*
 * Decode and parse a CSV file into d (rows of arena-owned cells; the
 * header is row 0).  The encoding is found from the bytes: a UTF-8 BOM,
 * valid UTF-8, or else GBK; *enc names it.  Returns CSV_OK or the
 * reason the file cannot be read.
 */
enum csv_err
csvdoc_parse(struct arena *a, const char *buf, size_t len, struct csvdoc *d,
    const char **enc)
{
	struct csv_parser	 p;
	struct builder		 b;
	const char		*text = buf;
	size_t			 tlen = len;

	memset(d, 0, sizeof(*d));
	*enc = "";
	if (len == 0)
		return CSV_EMPTY;
	/* UTF-16 (Excel's "Unicode text") and binary files hold NUL bytes. */
	if (memchr(buf, '\0', len) != NULL ||
	    (len >= 2 && (((unsigned char)buf[0] == 0xff &&
	    (unsigned char)buf[1] == 0xfe) || ((unsigned char)buf[0] == 0xfe &&
	    (unsigned char)buf[1] == 0xff))))
		return CSV_ENCODING;
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0) {
		text = buf + 3;
		tlen = len - 3;
		*enc = "UTF-8 (BOM)";
		if (!form_utf8_ok(text, tlen, 1))
			return CSV_ENCODING;
	} else if (form_utf8_ok(buf, len, 1))
		*enc = "UTF-8";
	else if ((text = from_gbk(a, buf, len, &tlen)) != NULL &&
	    form_utf8_ok(text, tlen, 1))
		*enc = "GBK";
	else
		return CSV_ENCODING;
	if (csv_init(&p, CSV_APPEND_NULL) != 0)
		return CSV_PARSE;
	memset(&b, 0, sizeof(b));
	b.a = a;
	b.d = d;
	if (csv_parse(&p, text, tlen, on_field, on_row, &b) != tlen) {
		csv_free(&p);
		return CSV_PARSE;
	}
	csv_fini(&p, on_field, on_row, &b);
	csv_free(&p);
	if (b.err)
		return (enum csv_err)b.err;
	return d->nrows == 0 ? CSV_EMPTY : CSV_OK;
}

static const char *const csv_msgs[CSV__MAX] = {
	"",							/* CSV_OK */
	"文件为空。",						/* CSV_EMPTY */
	"无法识别文件编码，请将文件另存为UTF-8或GBK编码的CSV。",	/* CSV_ENCODING */
	"CSV格式错误（引号不匹配等），请用Excel重新另存为CSV。",	/* CSV_PARSE */
	"行数过多，一次最多导入200000行。",			/* CSV_TOOMANY */
	"列数过多，一行最多32列。",				/* CSV_TOOWIDE */
	"单元格内容过长（超过1000字节）。",			/* CSV_CELLTOOLONG */
};

const char *
csvdoc_message(enum csv_err e)
{
	return e < CSV__MAX ? csv_msgs[e] : csv_msgs[CSV_PARSE];
}

/*
 * A cell that a spreadsheet would run as a formula starts with one of
 * = + - @ (or a tab or CR before them).  Returns 1 for such a cell.
 */
int
csvdoc_formula(const char *s)
{
	while (*s == '\t' || *s == '\r' || *s == ' ')
		s++;
	return *s == '=' || *s == '+' || *s == '-' || *s == '@';
}
