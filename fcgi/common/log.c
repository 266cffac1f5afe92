/* log.c: one line per event on stderr, control characters escaped. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"

static const char	*log_area = "app";
static char		 log_reqid[40] = "-";

void
log_setup(const char *area)
{
	log_area = area;
}

/* Set the request id shown on each line until the next call. */
void
log_setreq(const char *id)
{
	log_escape(log_reqid, sizeof(log_reqid), id ? id : "-");
}

/*
 * Copy s into out (size n), escaping control characters and backslash
 * as \xNN so a log line stays one line.  Always NUL-terminates.
 */
void
log_escape(char *out, size_t n, const char *s)
{
	static const char	 hx[] = "0123456789abcdef";
	size_t			 o = 0;
	unsigned char		 c;

	if (n == 0)
		return;
	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || c == '\\') {
			if (o + 4 >= n)
				break;
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hx[c >> 4];
			out[o++] = hx[c & 15];
		} else {
			if (o + 1 >= n)
				break;
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
}

static void
vlog(const char *lvl, const char *fmt, va_list ap, const char *errstr)
{
	char		 msg[2048], esc[2200], ts[32];
	time_t		 t;
	struct tm	 tm;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	log_escape(esc, sizeof(esc), msg);
	t = time(NULL);
	gmtime_r(&t, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (errstr != NULL)
		fprintf(stderr, "%s %s[%d] %s %s %s: %s\n", ts, log_area,
		    (int)getpid(), log_reqid, lvl, esc, errstr);
	else
		fprintf(stderr, "%s %s[%d] %s %s %s\n", ts, log_area,
		    (int)getpid(), log_reqid, lvl, esc);
	fflush(stderr);
}

/* Log a warning with strerror(errno) appended. */
void
log_warn(const char *fmt, ...)
{
	va_list	 ap;
	int	 e = errno;

	va_start(ap, fmt);
	vlog("WARN", fmt, ap, strerror(e));
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog("WARN", fmt, ap, NULL);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vlog("INFO", fmt, ap, NULL);
	va_end(ap);
}
