/*
 * vlog.c: the verification log and the counters' housekeeping, done
 * after the answer is sent.
 *
 * Every public lookup is logged (verification_log: the number, the
 * certificate when one matched, how and with what outcome; never an ID
 * number, never an address).  Writing each row in its own statement and
 * commit cost the lookup a second round trip and a log flush, half of
 * its throughput.  The rows are kept in the process instead and written
 * after the answer, many in one statement: at once when no other request
 * is waiting (so a quiet platform shows a check as soon as it is
 * answered), else when VLOG_BATCH rows are kept, the oldest is VLOG_WAIT
 * seconds old, or no request came for APP_DEFER_MS (fcgi/common/req.c).
 * A process that is stopped (SIGTERM) writes what it keeps first; one
 * that is killed loses at most VLOG_BATCH rows.
 * The failure counters stay in the request: the next request must see
 * them.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "verification.h"

#define VLOG_BATCH	64	/* rows kept at most */
#define VLOG_WAIT	1	/* seconds the oldest row may wait */
#define VLOG_PURGE	10	/* seconds between purges of old counters */

struct	vrow {
	char		 number[24];
	int64_t		 cert;
	const char	*method;	/* static strings */
	const char	*outcome;
	time_t		 at;
};

static struct vrow	 rows[VLOG_BATCH];
static size_t		 nrows;

/*
 * Write the kept rows in one statement: a JSON array of [time, number,
 * certificate, method, outcome] read by JSON_TABLE.  Numbers are digits
 * (checked before any row is kept), method and outcome constants.  On a
 * database failure the rows are dropped with a warning (never retried
 * without end).
 */
static void
vlog_flush(struct app *app)
{
	struct buf	 b;
	size_t		 k;

	if (nrows == 0)
		return;
	buf_init(&b, app->arena);
	buf_puts(&b, "[");
	for (k = 0; k < nrows; k++)
		buf_printf(&b, "%s[%lld,\"%s\",%lld,\"%s\",\"%s\"]",
		    k > 0 ? "," : "", (long long)rows[k].at, rows[k].number,
		    (long long)rows[k].cert, rows[k].method, rows[k].outcome);
	buf_puts(&b, "]");
	if (db_exec(app->db, app->arena, STMT_VLOG, DB_ARGS(DB_S(b.p)),
	    NULL) != RC_OK)
		log_warnx("verification log: %zu rows not written", nrows);
	nrows = 0;
}

/*
 * Keep one verification_log row.  number must be digits only (a checked
 * certificate number); method and outcome are string constants.
 */
void
vlog_add(struct req *r, const char *number, int64_t cert,
    const char *method, const char *outcome)
{
	struct vrow	*v;
	size_t		 k;

	if (nrows == VLOG_BATCH)
		vlog_flush(r->app);
	v = &rows[nrows];
	for (k = 0; k < sizeof(v->number) - 1 && number[k] >= '0' &&
	    number[k] <= '9'; k++)
		v->number[k] = number[k];
	v->number[k] = '\0';
	v->cert = cert;
	v->method = method;
	v->outcome = outcome;
	v->at = time(NULL);
	nrows++;
}

/*
 * Drop expired failure counters (STMT_THR_PURGE) or CAPTCHAs
 * (STMT_CAP_PURGE), LIMIT 100 at a time, at most once per VLOG_PURGE
 * seconds per process: called where the request writes such rows (a
 * counted miss, a new CAPTCHA), which used to purge on every one.
 */
void
vlog_purge(struct req *r, size_t stmt)
{
	static time_t	 last[2];
	time_t		*t = &last[stmt == STMT_CAP_PURGE];
	time_t		 now = time(NULL);
	struct dbres	 res;
	int		 k;

	if (now - *t < VLOG_PURGE)
		return;
	*t = now;
	for (k = 0; k < 20; k++)
		if (db_exec(r->db, r->arena, stmt, DB_NOARGS, &res) != RC_OK ||
		    res.affected < 100)
			break;
}

/*
 * After every request (struct app's after): write the kept rows unless
 * another request waits and they may wait longer.  Returns 1 while rows
 * are kept.
 */
int
vlog_after(struct app *app, int busy)
{
	if (nrows > 0 && (!busy || nrows >= VLOG_BATCH ||
	    time(NULL) - rows[0].at >= VLOG_WAIT))
		vlog_flush(app);
	return nrows > 0;
}
