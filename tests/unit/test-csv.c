/*
 * test-csv.c: csvdoc_parse (encodings, quoting, line ends, limits),
 * csvdoc_formula, csvdoc_message, and ID numbers at rest (idno_seal,
 * idno_open, idno_mask) as the student import stores them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "idno.h"
#include "tap.h"

static struct arena	*a;

/* Parse len bytes of s; returns the error and fills d and *enc. */
static enum csv_err
parse(const char *s, size_t len, struct csvdoc *d, const char **enc)
{
	return csvdoc_parse(a, s, len, d, enc);
}

#define PARSE(lit, d, enc)	parse((lit), sizeof(lit) - 1, (d), (enc))

/* The cell at row, col, or NULL when there is none. */
static const char *
cellat(const struct csvdoc *d, size_t row, size_t col)
{
	if (row >= d->nrows || col >= d->ncols[row])
		return NULL;
	return d->cells[row][col];
}

static void
test_utf8(void)
{
	struct csvdoc	 d;
	const char	*enc = "?";

	CHECK_INT(PARSE("姓名,性别\r\n张三,男\r\n", &d, &enc), CSV_OK,
	    "utf8: parses");
	CHECK_STR(enc, "UTF-8", "utf8: encoding named UTF-8");
	CHECK_INT(d.nrows, 2, "utf8: header and one row");
	CHECK_INT(d.ncols[0], 2, "utf8: two header cells");
	CHECK_STR(cellat(&d, 0, 0), "姓名", "utf8: header cell 1");
	CHECK_STR(cellat(&d, 0, 1), "性别", "utf8: header cell 2");
	CHECK_STR(cellat(&d, 1, 0), "张三", "utf8: data cell 1");
	CHECK_STR(cellat(&d, 1, 1), "男", "utf8: data cell 2");

	enc = "?";
	CHECK_INT(PARSE("\xef\xbb\xbf姓名,性别\r\n张三,男\r\n", &d, &enc),
	    CSV_OK, "bom: parses");
	CHECK_STR(enc, "UTF-8 (BOM)", "bom: encoding named UTF-8 (BOM)");
	CHECK_STR(cellat(&d, 0, 0), "姓名",
	    "bom: BOM stripped from the first header cell");
	CHECK_STR(cellat(&d, 1, 0), "张三", "bom: data intact");
	CHECK_INT(PARSE("\xef\xbb\xbf姓名\r\n\xff\r\n", &d, &enc),
	    CSV_ENCODING, "bom: a BOM before invalid UTF-8 -> CSV_ENCODING");
	arena_reset(a);
}

static void
test_gbk(void)
{
	struct csvdoc	 d;
	const char	*enc = "?";

	/* "姓名,性别\r\n张三,男\r\n" in GBK, byte by byte. */
	CHECK_INT(PARSE("\xd0\xd5\xc3\xfb,\xd0\xd4\xb1\xf0\r\n"
	    "\xd5\xc5\xc8\xfd,\xc4\xd0\r\n", &d, &enc), CSV_OK, "gbk: parses");
	CHECK_STR(enc, "GBK", "gbk: encoding named GBK");
	CHECK_INT(d.nrows, 2, "gbk: two rows");
	CHECK_STR(cellat(&d, 0, 0), "姓名", "gbk: 姓名 decoded to UTF-8");
	CHECK_STR(cellat(&d, 0, 1), "性别", "gbk: 性别 decoded");
	CHECK_STR(cellat(&d, 1, 0), "张三", "gbk: 张三 decoded");
	CHECK_STR(cellat(&d, 1, 1), "男", "gbk: 男 decoded");
	CHECK_MEM(cellat(&d, 1, 0), strlen(cellat(&d, 1, 0)),
	    "\xe5\xbc\xa0\xe4\xb8\x89", 6, "gbk: 张三 as UTF-8 bytes");

	/* UTF-16LE with a BOM, as Excel's "Unicode text" writes it. */
	CHECK_INT(PARSE("\xff\xfe\xd3\x59\x0d\x54\x2c\x00\x27\x60\x2b\x52"
	    "\x0d\x00\x0a\x00", &d, &enc), CSV_ENCODING,
	    "utf16le with BOM -> CSV_ENCODING");
	CHECK_INT(PARSE("\xfe\xff\x59\xd3\x54\x0d", &d, &enc), CSV_ENCODING,
	    "utf16be with BOM -> CSV_ENCODING");
	CHECK_INT(PARSE("a\0b\0,\0c\0", &d, &enc), CSV_ENCODING,
	    "NUL bytes (UTF-16 without BOM) -> CSV_ENCODING");
	CHECK_INT(PARSE("\xff\xff\xff", &d, &enc), CSV_ENCODING,
	    "bytes invalid in UTF-8 and GB18030 -> CSV_ENCODING");
	CHECK_INT(PARSE("\xd0\xd5\xc3", &d, &enc), CSV_ENCODING,
	    "a GBK character cut in half at the end -> CSV_ENCODING");
	arena_reset(a);
}

static void
test_quoting(void)
{
	struct csvdoc	 d;
	const char	*enc;

	CHECK_INT(PARSE("a,b,c\r\n\"x, y\",\"line1\nline2\","
	    "\"say \"\"hi\"\"\"\r\n", &d, &enc), CSV_OK, "quoted: parses");
	CHECK_INT(d.nrows, 2, "quoted: newline inside quotes is one row");
	CHECK_INT(d.ncols[1], 3, "quoted: comma inside quotes is one cell");
	CHECK_STR(cellat(&d, 1, 0), "x, y", "quoted: comma kept");
	CHECK_STR(cellat(&d, 1, 1), "line1\nline2", "quoted: newline kept");
	CHECK_STR(cellat(&d, 1, 2), "say \"hi\"", "quoted: doubled quotes");

	CHECK_INT(PARSE("a,b\r\n1,2\r\n3,4\r\n", &d, &enc), CSV_OK, "CRLF");
	CHECK_INT(d.nrows, 3, "CRLF: three rows");
	CHECK_STR(cellat(&d, 2, 1), "4", "CRLF: no CR left in the last cell");
	CHECK_INT(PARSE("a,b\n1,2\n3,4\n", &d, &enc), CSV_OK, "LF");
	CHECK_INT(d.nrows, 3, "LF: three rows");
	CHECK_STR(cellat(&d, 2, 1), "4", "LF: last cell");
	CHECK_INT(PARSE("a,b\n1,2", &d, &enc), CSV_OK, "no final line end");
	CHECK_INT(d.nrows, 2, "no final line end: last row kept");
	CHECK_STR(cellat(&d, 1, 1), "2", "no final line end: last cell");

	CHECK_INT(PARSE("a,b\r\n1,2\r\n\r\n\r\n  \r\n", &d, &enc), CSV_OK,
	    "blank trailing rows: parses");
	CHECK_INT(d.nrows, 2, "blank trailing rows skipped");
	CHECK_INT(PARSE("a,b\r\n\r\n1,2\r\n", &d, &enc), CSV_OK,
	    "blank inner row: parses");
	CHECK_INT(d.nrows, 2, "blank inner row skipped");
	/*
	 * Excel writes a row of empty cells (",,") for rows that were
	 * formatted or cleared; csvdoc.c's on_row says such rows are
	 * skipped ("Excel leaves rows of empty cells at the end").
	 */
	CHECK_INT(PARSE("a,b,c\r\n1,2,3\r\n,,\r\n,,\r\n", &d, &enc), CSV_OK,
	    "rows of empty cells: parses");
	CHECK_INT(d.nrows, 2, "rows of empty cells (,,) skipped like blank rows");

	/* libcsv (not strict): an unterminated quote runs to the end. */
	CHECK_INT(PARSE("a,b\r\n\"x,y\r\n", &d, &enc), CSV_OK,
	    "unterminated quote: no error in non-strict mode");
	CHECK_INT(d.nrows, 2, "unterminated quote: one data row");
	CHECK_STR(cellat(&d, 1, 0), "x,y\r\n",
	    "unterminated quote: the cell takes the rest of the file");
	CHECK_INT(PARSE("a,b\n1,\"abc", &d, &enc), CSV_OK,
	    "unterminated quote at the end: no error");
	CHECK_STR(cellat(&d, 1, 1), "abc",
	    "unterminated quote at the end: the cell is kept");
	CHECK_INT(PARSE("a,b\r\nx\"y,2\r\n", &d, &enc), CSV_OK,
	    "quote inside an unquoted cell: parses");
	CHECK_STR(cellat(&d, 1, 0), "x\"y",
	    "quote inside an unquoted cell: kept literally");
	arena_reset(a);
}

static void
test_limits(void)
{
	struct csvdoc	 d;
	const char	*enc;
	char		*s;
	size_t		 i;

	CHECK_INT(parse("", 0, &d, &enc), CSV_EMPTY, "empty -> CSV_EMPTY");
	CHECK_INT(PARSE("\r\n\r\n", &d, &enc), CSV_EMPTY,
	    "only line ends -> CSV_EMPTY");
	CHECK_INT(PARSE("\xef\xbb\xbf", &d, &enc), CSV_EMPTY,
	    "only a BOM -> CSV_EMPTY");

	/* 32 columns fit, 33 do not. */
	s = calloc(1, 4096);
	for (i = 0; i < 32; i++)
		strcat(s, i ? ",c" : "c");
	strcat(s, "\r\n");
	CHECK_INT(parse(s, strlen(s), &d, &enc), CSV_OK, "32 columns fit");
	CHECK_INT(d.ncols[0], 32, "32 columns read");
	s[strlen(s) - 2] = '\0';
	strcat(s, ",c\r\n");
	CHECK_INT(parse(s, strlen(s), &d, &enc), CSV_TOOWIDE,
	    "33 columns -> CSV_TOOWIDE");
	strcpy(s, "a,b\r\n1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,"
	    "21,22,23,24,25,26,27,28,29,30,31,32,33\r\n");
	CHECK_INT(parse(s, strlen(s), &d, &enc), CSV_TOOWIDE,
	    "a data row of 33 columns -> CSV_TOOWIDE");

	/* 1000 bytes fit in a cell, 1001 do not. */
	strcpy(s, "a\r\n");
	memset(s + 3, 'x', 1000);
	strcpy(s + 1003, "\r\n");
	CHECK_INT(parse(s, strlen(s), &d, &enc), CSV_OK, "1000-byte cell fits");
	CHECK_INT(strlen(cellat(&d, 1, 0)), 1000, "1000-byte cell read");
	strcpy(s, "a\r\n");
	memset(s + 3, 'x', 1001);
	strcpy(s + 1004, "\r\n");
	CHECK_INT(parse(s, strlen(s), &d, &enc), CSV_CELLTOOLONG,
	    "1001-byte cell -> CSV_CELLTOOLONG");
	/* 334 CJK characters are 1002 bytes. */
	strcpy(s, "a\r\n");
	for (i = 0; i < 334; i++)
		strcat(s, "字");
	strcat(s, "\r\n");
	CHECK_INT(parse(s, strlen(s), &d, &enc), CSV_CELLTOOLONG,
	    "334 CJK characters (1002 bytes) -> CSV_CELLTOOLONG");
	free(s);
	arena_reset(a);
}

static void
test_formula(void)
{
	CHECK(csvdoc_formula("=1+1"), "formula: =");
	CHECK(csvdoc_formula("=HYPERLINK(\"http://x\",\"y\")"),
	    "formula: =HYPERLINK");
	CHECK(csvdoc_formula("+1"), "formula: +");
	CHECK(csvdoc_formula("-1"), "formula: -");
	CHECK(csvdoc_formula("@SUM(A1)"), "formula: @");
	CHECK(csvdoc_formula("   =1+1"), "formula: spaces before =");
	CHECK(csvdoc_formula("\t=1+1"), "formula: tab before =");
	CHECK(csvdoc_formula("\r=1+1"), "formula: CR before =");
	CHECK(csvdoc_formula(" \t @x"), "formula: mixed blanks before @");
	CHECK(!csvdoc_formula("张三"), "formula: normal text");
	CHECK(!csvdoc_formula("焊接技术"), "formula: a major");
	CHECK(!csvdoc_formula("2020级1班"), "formula: a class");
	CHECK(!csvdoc_formula("1+1"), "formula: + not first");
	CHECK(!csvdoc_formula("a=b"), "formula: = not first");
	CHECK(!csvdoc_formula(""), "formula: empty");
	CHECK(!csvdoc_formula("   "), "formula: blanks only");
	CHECK(!csvdoc_formula("\xef\xbc\x9d" "1+1"),
	    "formula: full-width ＝ is text");
}

static void
test_messages(void)
{
	int	 e, ok = 1;
	char	 desc[64];

	CHECK_STR(csvdoc_message(CSV_OK), "", "message: none for CSV_OK");
	for (e = CSV_OK + 1; e < CSV__MAX; e++) {
		snprintf(desc, sizeof(desc), "message: error %d has a message", e);
		CHECK(csvdoc_message((enum csv_err)e) != NULL &&
		    csvdoc_message((enum csv_err)e)[0] != '\0', desc);
		if (!form_utf8_ok(csvdoc_message((enum csv_err)e),
		    strlen(csvdoc_message((enum csv_err)e)), 0))
			ok = 0;
	}
	CHECK(ok, "message: every message is valid UTF-8");
	CHECK(strstr(csvdoc_message(CSV_ENCODING), "无法识别文件编码") != NULL,
	    "message: CSV_ENCODING says 无法识别文件编码");
	CHECK(strstr(csvdoc_message(CSV_TOOWIDE), "32") != NULL,
	    "message: CSV_TOOWIDE names the limit");
	CHECK(strstr(csvdoc_message(CSV_CELLTOOLONG), "1000") != NULL,
	    "message: CSV_CELLTOOLONG names the limit");
	CHECK(strstr(csvdoc_message(CSV_EMPTY), "空") != NULL,
	    "message: CSV_EMPTY says 空");
	CHECK(csvdoc_message(CSV__MAX) != NULL &&
	    csvdoc_message(CSV__MAX)[0] != '\0',
	    "message: out of range still gives a message");
}

static void
test_idrest(void)
{
	struct config	 c;
	unsigned char	 ct[64], ct2[64], idx[32], idx2[32];
	size_t		 clen = 0, clen2 = 0;
	char		 hex[2 * 64 + 1], idhex[2 * 18 + 1];
	const char	*id = "11010519491231002X", *s, *m;

	memset(&c, 0, sizeof(c));
	memset(c.id_key, 0x42, sizeof(c.id_key));
	memset(c.id_hmac, 0x24, sizeof(c.id_hmac));
	c.keys = CFG_AES | CFG_HMAC;

	CHECK_INT(idno_seal(&c, id, ct, &clen, idx), RC_OK, "id: seal");
	CHECK_INT(clen, strlen(id) + SEC_GCM_OVERHEAD, "id: cipher length");
	CHECK(memmem(ct, clen, id, strlen(id)) == NULL,
	    "id: the number is not in the ciphertext");
	CHECK(memmem(ct, clen, "19491231", 8) == NULL,
	    "id: the birth date is not in the ciphertext");
	sec_hex(ct, clen, hex);
	sec_hex((const unsigned char *)id, strlen(id), idhex);
	CHECK(strstr(hex, idhex) == NULL,
	    "id: the hex of the number is not in the ciphertext's hex");
	s = idno_open(a, &c, ct, clen);
	CHECK_STR(s, id, "id: open gives the number back");
	m = idno_mask(a, s);
	CHECK_STR(m, "110105*****002X", "id: mask of the opened number");
	CHECK(strstr(m, "19491231") == NULL, "id: the mask hides the birth date");

	CHECK_INT(idno_seal(&c, id, ct2, &clen2, idx2), RC_OK,
	    "id: seal again");
	CHECK(clen2 == clen && memcmp(ct, ct2, clen) != 0,
	    "id: two seals of one number differ (random IV)");
	CHECK(memcmp(idx, idx2, 32) == 0,
	    "id: the blind index is the same (finds duplicates)");
	CHECK_STR(idno_open(a, &c, ct2, clen2), id, "id: second opens too");

	CHECK_INT(idno_seal(&c, "E12345678", ct2, &clen2, idx2), RC_OK,
	    "id: seal a passport number");
	CHECK_STR(idno_open(a, &c, ct2, clen2), "E12345678",
	    "id: passport round trip");
	CHECK_STR(idno_mask(a, "E12345678"), "**********",
	    "id: a 9-character number is masked entirely");
	CHECK_STR(idno_mask(a, "USA110090010123"), "USA*****123",
	    "id: old foreigner's number masked (3 + 3 of 15)");
	CHECK(memcmp(idx, idx2, 32) != 0, "id: other number, other index");

	c.id_key[5] ^= 0x10;
	CHECK(idno_open(a, &c, ct, clen) == NULL,
	    "id: wrong key opens nothing");
	arena_reset(a);
}

int
main(void)
{
	a = arena_new();
	test_utf8();
	test_gbk();
	test_quoting();
	test_limits();
	test_formula();
	test_messages();
	test_idrest();
	arena_free(a);
	return tap_done();
}
