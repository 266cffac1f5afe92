/* floor.c: the ceilings of any FastCGI responder on this machine (bench only). */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <mysql.h>

/*
 * bench-floor -m hello|pk -s socket [-n processes] [-p pidfile]
 *
 *   hello	a fixed small HTML page: the ceiling of a libfcgi responder
 *		(issue 13's (b));
 *   pk		one prepared primary-key SELECT on certificate by a random
 *		id 1..MAX(id) per request, printing number and status: the
 *		floor of any database-backed page ((b2)).  Connects as
 *		XC_DB_USER (default root) over XC_DB_SOCKET.
 *
 * Like the real responders it binds the socket, then forks the
 * processes, which accept on it; no templates, no sessions, no log.
 */

#define FLOOR_MAXPROCS	64

enum	floor_mode { FLOOR_HELLO, FLOOR_PK };

struct	floor_db {
	MYSQL		*my;
	MYSQL_STMT	*st;
	MYSQL_BIND	 in[1], out[2];
	long long	 id;
	char		 number[24], status[16];
	unsigned long	 nlen, slen;
	long long	 max;
};

static volatile sig_atomic_t	 floor_stop;

static void
floor_on_term(int sig)
{
	(void)sig;
	floor_stop = 1;
}

static void
floor_die(const char *what, const char *why)
{
	fprintf(stderr, "bench-floor: %s: %s\n", what, why);
	exit(1);
}

/* Connect, prepare the statement and bind its buffers once. */
static void
floor_db_open(struct floor_db *d)
{
	const char	*sock = getenv("XC_DB_SOCKET");
	const char	*user = getenv("XC_DB_USER");
	MYSQL_RES	*res;
	MYSQL_ROW	 row;
	static const char q[] =
	    "SELECT number, status FROM certificate WHERE id = ?";

	if (sock == NULL)
		floor_die("pk", "XC_DB_SOCKET is not set");
	if ((d->my = mysql_init(NULL)) == NULL ||
	    mysql_real_connect(d->my, NULL, user ? user : "root",
	    getenv("XC_DB_PASSWORD"), "xcert", 0, sock, 0) == NULL)
		floor_die("connect", mysql_error(d->my));
	if (mysql_query(d->my, "SELECT IFNULL(MAX(id), 1) FROM certificate") ||
	    (res = mysql_store_result(d->my)) == NULL ||
	    (row = mysql_fetch_row(res)) == NULL)
		floor_die("max(id)", mysql_error(d->my));
	d->max = strtoll(row[0], NULL, 10);
	mysql_free_result(res);
	if ((d->st = mysql_stmt_init(d->my)) == NULL ||
	    mysql_stmt_prepare(d->st, q, sizeof(q) - 1))
		floor_die("prepare", mysql_error(d->my));
	memset(d->in, 0, sizeof(d->in));
	d->in[0].buffer_type = MYSQL_TYPE_LONGLONG;
	d->in[0].buffer = &d->id;
	memset(d->out, 0, sizeof(d->out));
	d->out[0].buffer_type = MYSQL_TYPE_STRING;
	d->out[0].buffer = d->number;
	d->out[0].buffer_length = sizeof(d->number);
	d->out[0].length = &d->nlen;
	d->out[1].buffer_type = MYSQL_TYPE_STRING;
	d->out[1].buffer = d->status;
	d->out[1].buffer_length = sizeof(d->status);
	d->out[1].length = &d->slen;
	if (mysql_stmt_bind_param(d->st, d->in) ||
	    mysql_stmt_bind_result(d->st, d->out))
		floor_die("bind", mysql_stmt_error(d->st));
}

/* One lookup; returns 1 found, 0 not found (a gap in the ids), -1 error. */
static int
floor_db_get(struct floor_db *d)
{
	int	 rc;

	d->id = 1 + random() % d->max;
	if (mysql_stmt_execute(d->st))
		return -1;
	rc = mysql_stmt_fetch(d->st);
	mysql_stmt_free_result(d->st);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc != 0 && rc != MYSQL_DATA_TRUNCATED)
		return -1;
	d->number[d->nlen < sizeof(d->number) ? d->nlen : 0] = '\0';
	d->status[d->slen < sizeof(d->status) ? d->slen : 0] = '\0';
	return 1;
}

/* A responder process: accept on the inherited socket until stopped. */
static void
floor_serve(int sock, enum floor_mode mode)
{
	FCGX_Request	 fr;
	struct floor_db	 d;
	int		 found;

	srandom((unsigned)getpid() ^ (unsigned)time(NULL));
	if (mode == FLOOR_PK)
		floor_db_open(&d);
	if (FCGX_Init() != 0 || FCGX_InitRequest(&fr, sock, 0) != 0)
		floor_die("fcgi", "cannot initialise");
	while (!floor_stop && FCGX_Accept_r(&fr) >= 0) {
		if (mode == FLOOR_HELLO) {
			FCGX_PutS("Content-Type: text/html; charset=utf-8\r\n\r\n"
			    "<!doctype html><title>hello</title>"
			    "<p>hello</p>\n", fr.out);
		} else if ((found = floor_db_get(&d)) == -1) {
			FCGX_PutS("Status: 500\r\nContent-Type: text/plain\r\n"
			    "\r\ndatabase error\n", fr.out);
		} else {
			FCGX_FPrintF(fr.out, "Content-Type: text/html; "
			    "charset=utf-8\r\n\r\n<!doctype html><title>pk"
			    "</title><p>%lld %s %s</p>\n", d.id,
			    found ? d.number : "-", found ? d.status : "-");
		}
		FCGX_Finish_r(&fr);
	}
}

static void
floor_usage(void)
{
	fprintf(stderr, "usage: bench-floor -m hello|pk -s socket "
	    "[-n processes] [-p pidfile]\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	const char		*path = NULL, *pidfile = NULL;
	pid_t			 kids[FLOOR_MAXPROCS];
	enum floor_mode		 mode = FLOOR_HELLO;
	struct sigaction	 sa;
	FILE			*f;
	int			 ch, i, n = 3, sock, status;

	while ((ch = getopt(argc, argv, "m:n:p:s:")) != -1) {
		switch (ch) {
		case 'm':
			if (strcmp(optarg, "hello") == 0)
				mode = FLOOR_HELLO;
			else if (strcmp(optarg, "pk") == 0)
				mode = FLOOR_PK;
			else
				floor_usage();
			break;
		case 'n':
			n = atoi(optarg);
			if (n < 1 || n > FLOOR_MAXPROCS)
				floor_usage();
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 's':
			path = optarg;
			break;
		default:
			floor_usage();
		}
	}
	if (path == NULL)
		floor_usage();
	unlink(path);
	if ((sock = FCGX_OpenSocket(path, 256)) < 0)
		floor_die(path, strerror(errno));
	if (chmod(path, 0666) == -1)
		floor_die(path, strerror(errno));
	if (pidfile != NULL) {
		if ((f = fopen(pidfile, "w")) == NULL)
			floor_die(pidfile, strerror(errno));
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = floor_on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	for (i = 0; i < n; i++) {
		if ((kids[i] = fork()) == -1)
			floor_die("fork", strerror(errno));
		if (kids[i] == 0) {
			signal(SIGTERM, SIG_DFL);
			signal(SIGINT, SIG_DFL);
			floor_serve(sock, mode);
			_exit(0);
		}
	}
	/* No re-forking: a bench run that loses a process should show it. */
	while (!floor_stop && waitpid(-1, &status, 0) != -1)
		;
	for (i = 0; i < n; i++)
		kill(kids[i], SIGTERM);
	while (waitpid(-1, &status, 0) > 0 || errno == EINTR)
		;
	unlink(path);
	if (pidfile != NULL)
		unlink(pidfile);
	return 0;
}
