/*
 * xlsx.c: spreadsheet answers.  libxlsxwriter writes to a file, so the
 * workbook goes to a temporary file (removed with the request's arena)
 * that is read back and sent.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "app.h"

static void
unlink_file(void *p)
{
	unlink(p);
}

/*
 * A new workbook in a temporary file (removed with the request) whose
 * name goes to *path; with stream, in libxlsxwriter's constant-memory
 * mode (rows written in order: exports of any size).  Returns it, or
 * NULL (logged).
 */
lxw_workbook *
xlsx_new_opt(struct arena *a, const char **path, int stream)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE,
	    .tmpdir = "/tmp" };
	lxw_workbook	*wb;
	char		*p;
	int		 fd;

	p = arena_strdup(a, "/tmp/xcert-xlsx-XXXXXX");
	if ((fd = mkstemp(p)) == -1) {
		log_warn("mkstemp");
		return NULL;
	}
	close(fd);
	arena_defer(a, unlink_file, p);
	if ((wb = stream ? workbook_new_opt(p, &opt) : workbook_new(p)) ==
	    NULL)
		log_warnx("workbook_new failed");
	*path = p;
	return wb;
}

/* xlsx_new_opt without streaming. */
lxw_workbook *
xlsx_new(struct arena *a, const char **path)
{
	return xlsx_new_opt(a, path, 0);
}

/*
 * A cell's text that stays inert: cells are written as strings, which
 * Excel never evaluates, and one that starts like a formula (= + - @)
 * also gets a leading "'" so it stays inert when copied or re-saved as
 * CSV.  NULL is "".
 */
const char *
xlsx_text(struct arena *a, const char *s)
{
	if (s == NULL)
		return "";
	return csvdoc_formula(s) ? arena_printf(a, "'%s", s) : s;
}

/*
 * Close workbook wb (written to path by xlsx_new) and send it as the
 * attachment filename.  Returns what resp_send returns, or RC_ERROR.
 */
enum rc
xlsx_send(struct req *r, lxw_workbook *wb, const char *path,
    const char *filename)
{
	FILE	*f;
	char	*buf;
	long	 len;
	size_t	 n;

	if (workbook_close(wb) != LXW_NO_ERROR) {
		log_warnx("%s: workbook_close failed", filename);
		return RC_ERROR;
	}
	if ((f = fopen(path, "rb")) == NULL) {
		log_warn("%s", path);
		return RC_ERROR;
	}
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = arena_alloc(r->arena, len > 0 ? (size_t)len : 1);
	n = len > 0 ? fread(buf, 1, (size_t)len, f) : 0;
	fclose(f);
	if (len <= 0 || n != (size_t)len)
		return RC_ERROR;
	resp_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"%s\"", filename));
	return resp_send(r, 200, "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet", buf, n);
}
