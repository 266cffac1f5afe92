/* req.c: process start-up, the accept loop, routing and the request lifecycle. */
#include <sys/mman.h>
#include <sys/resource.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <inttypes.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>
#include <gd.h>

#include "app.h"
#include "qrpay.h"

static int	 qr_setup(struct app *);

/*
 * Set up the process: configuration, keys, the arena and the database
 * handle for the statement table.  The database may be down: requests
 * then get 503 until it is back.  Returns 0 or -1.
 */
int
app_init(struct app *app, const char *area, const char *const *sql,
    size_t nsql, const struct route *routes, size_t nroutes)
{
	const char	*e;
	int64_t		 mb = APP_RSS_MAX_MB;

	memset(app, 0, sizeof(*app));
	/*
	 * A page's memory (its arena blocks, the HDF, a 130 KB list page)
	 * stays with the process between requests: with malloc's default
	 * thresholds the top of the heap went back to the kernel after
	 * each request and was faulted in again by the next (3 brk calls
	 * and 44 page faults per 证书发放管理 page once the thresholds had
	 * settled low).  Blocks under APP_MMAP_MAX come from the heap;
	 * up to APP_TOP_KEEP of free heap at its top is kept.  An image's
	 * larger buffers are still mapped and unmapped, and what a heavy
	 * request leaves is given back by app_release_memory().
	 */
	if (mallopt(M_MMAP_THRESHOLD, APP_MMAP_MAX) != 1 ||
	    mallopt(M_TRIM_THRESHOLD, APP_TOP_KEEP) != 1 ||
	    mallopt(M_TOP_PAD, APP_TOP_KEEP / 4) != 1)
		warnx("mallopt failed");
	log_setup(area);
	if (config_load(&app->cfg, area) == -1)
		return -1;
	/* XC_RSS_MAX_MB: the resident size a responder ends at (1-4096). */
	if ((e = getenv("XC_RSS_MAX_MB")) != NULL &&
	    valid_int(e, 1, 4096, &mb) == -1) {
		log_warnx("XC_RSS_MAX_MB: not a number of MB from 1 to 4096");
		return -1;
	}
	app->rss_max = (long)mb << 20;
	if (qr_setup(app) == -1)
		return -1;
	app->arena = arena_new();
	app->db = db_new(&app->cfg, sql, nsql);
	/*
	 * FreeType's face cache (holds no one's data): closed again after
	 * a request that drew an image (app_release_memory), and set up
	 * again by libgd when the next one draws text.
	 */
	if (gdFontCacheSetup() != 0)
		log_warnx("gdFontCacheSetup failed");
	app->routes = routes;
	app->nroutes = nroutes;
	return 0;
}

/*
 * The QR payload keys the area's config names, loaded once: the signing
 * key (issuance) or every public key of the keys folder (verification).
 * Returns 0, or -1 (logged) when a named key cannot be loaded.
 */
static int
qr_setup(struct app *app)
{
	const struct config	*c = &app->cfg;

	if (!(c->keys & (CFG_QRSIGN | CFG_QRPUB)))
		return 0;
	if ((app->qr = calloc(1, sizeof(*app->qr))) == NULL)
		return -1;
	if ((c->keys & CFG_QRSIGN) &&
	    qrkeys_load_priv(app->qr, c->qr_kid, c->qr_key) == -1)
		return -1;
	if ((c->keys & CFG_QRPUB) && qrkeys_load_dir(app->qr, c->qr_pubdir) < 1) {
		log_warnx("%s: no QR public key (<kid>.pem): not starting",
		    c->qr_pubdir);
		return -1;
	}
	/* 16,384 verified payloads remembered: 512 KB. */
	if ((c->keys & CFG_QRPUB) && qrkeys_memo(app->qr, 16384) == -1)
		return -1;
	return 0;
}

void
app_free(struct app *app)
{
	if (app->qr != NULL) {
		qrkeys_free(app->qr);
		free(app->qr);
	}
	db_free(app->db);
	arena_free(app->arena);
	config_free(&app->cfg);
}

/*
 * The request's path as log lines may show it: a signing token in the
 * path (/s/<token>) is a secret and is never logged.
 */
const char *
req_logpath(const struct req *r)
{
	return strncmp(r->path, "/s/", 3) == 0 ? "/s/(token)" : r->path;
}

/* Returns a request parameter (CGI variable) or NULL. */
const char *
req_param(struct req *r, const char *name)
{
	return FCGX_GetParam(name, r->fr->envp);
}

enum method
req_method(const char *s)
{
	if (s == NULL)
		return METHOD_OTHER;
	if (strcmp(s, "GET") == 0)
		return METHOD_GET;
	if (strcmp(s, "HEAD") == 0)
		return METHOD_HEAD;
	if (strcmp(s, "POST") == 0)
		return METHOD_POST;
	return METHOD_OTHER;
}

/*
 * Match path against pattern, where a '#' segment matches 1 to 18
 * digits whose values go into args (at most 4) and a '$' matches a
 * token of exactly 64 lower-case hex digits (the handler reads it from
 * the path); a final '*' matches the rest of the path, 1-400 upper-case
 * letters and digits (a QR payload; the handler reads it from the path).
 * Returns 1 on a match.
 */
int
req_match(const char *pat, const char *path, int64_t *args, size_t *nargs)
{
	int64_t	 v;
	size_t	 n = 0, k;

	while (*pat != '\0') {
		if (*pat == '#') {
			/* At most 18 digits, so v cannot overflow. */
			for (k = 0, v = 0; path[k] >= '0' && path[k] <= '9' &&
			    k < 19; k++)
				if (k < 18)
					v = v * 10 + (path[k] - '0');
			if (k == 0 || k > 18 || n == 4)
				return 0;
			args[n++] = v;
			path += k;
			pat++;
			continue;
		}
		if (*pat == '*' && pat[1] == '\0') {
			/* The rest: 1-400 upper-case letters and digits. */
			for (k = 0; (path[k] >= '0' && path[k] <= '9') ||
			    (path[k] >= 'A' && path[k] <= 'Z'); k++)
				if (k == 400)
					return 0;
			if (k == 0 || path[k] != '\0')
				return 0;
			*nargs = n;
			return 1;
		}
		if (*pat == '$') {
			/* A token: exactly 64 lower-case hex digits. */
			for (k = 0; k < 64; k++)
				if (!((path[k] >= '0' && path[k] <= '9') ||
				    (path[k] >= 'a' && path[k] <= 'f')))
					return 0;
			path += 64;
			pat++;
			continue;
		}
		if (*pat++ != *path++)
			return 0;
	}
	if (*path != '\0')
		return 0;
	*nargs = n;
	return 1;
}

static enum rc
route(struct req *r)
{
	const struct route	*rt;
	size_t			 i;
	int			 path_ok = 0;
	enum method		 m;

	m = r->method == METHOD_HEAD ? METHOD_GET : r->method;
	for (i = 0; i < r->app->nroutes; i++) {
		rt = &r->app->routes[i];
		if (!req_match(rt->path, r->path, r->arg, &r->nargs))
			continue;
		path_ok = 1;
		if (rt->method == m) {
			r->route = rt;
			return RC_OK;
		}
	}
	return path_ok ? RC_METHOD : RC_NOTFOUND;
}

/*
 * Read the request body once, refusing more than the route allows.
 * Returns RC_OK, RC_TOOLARGE or RC_BADREQ.
 */
enum rc
req_body(struct req *r)
{
	size_t	 max;
	char	*p;
	int	 n;

	if (r->body_read)
		return RC_OK;
	max = r->route != NULL && r->route->maxbody ? r->route->maxbody :
	    LIMIT_BODY;
	if (r->clen > max)
		return RC_TOOLARGE;
	p = arena_alloc(r->arena, r->clen + 1);
	n = r->clen ? FCGX_GetStr(p, (int)r->clen, r->fr->in) : 0;
	if (n < 0 || (size_t)n != r->clen)
		return RC_BADREQ;
	p[n] = '\0';
	r->body = p;
	r->bodylen = (size_t)n;
	r->body_read = 1;
	return RC_OK;
}

static enum rc
form_rc(enum form_err e)
{
	switch (e) {
	case FORM_OK:
		return RC_OK;
	case FORM_TOOMANY:
	case FORM_TOOLONG:
		return RC_TOOLARGE;
	default:
		return RC_BADREQ;
	}
}

/*
 * Parse the declared fields of the request into vals[]: the query string
 * for GET, the urlencoded or multipart body for POST.
 */
enum rc
req_form(struct req *r, const struct field *f, size_t nf, struct fval *vals)
{
	enum rc	 rc;

	memset(vals, 0, nf * sizeof(*vals));
	if (r->method != METHOD_POST)
		return form_rc(form_urlencoded(r->arena, r->query,
		    strlen(r->query), f, nf, vals));
	if ((rc = req_body(r)) != RC_OK)
		return rc;
	if (r->bodylen == 0)
		return RC_OK;
	if (r->ctype != NULL &&
	    strncmp(r->ctype, "application/x-www-form-urlencoded", 33) == 0)
		return form_rc(form_urlencoded(r->arena, r->body, r->bodylen,
		    f, nf, vals));
	if (r->ctype != NULL &&
	    strncmp(r->ctype, "multipart/form-data", 19) == 0)
		return form_rc(form_multipart(r->arena, r->body, r->bodylen,
		    r->ctype, f, nf, vals));
	return RC_BADREQ;
}

static const char *
param_or(struct req *r, const char *name, const char *def)
{
	const char	*v = req_param(r, name);

	return v != NULL ? v : def;
}

static void
req_setup(struct req *r, struct app *app, FCGX_Request *fr)
{
	const char	*id, *cl;
	unsigned char	 raw[8];
	int64_t		 v;
	char		*hex;

	memset(r, 0, sizeof(*r));
	r->app = app;
	r->arena = app->arena;
	r->db = app->db;
	r->cfg = &app->cfg;
	r->fr = fr;
	buf_init(&r->hdrs, r->arena);
	id = req_param(r, "REQUEST_ID");
	if (id == NULL || strlen(id) > 32) {
		hex = arena_alloc(r->arena, 17);
		if (sec_random(raw, sizeof(raw)) == -1)
			memset(raw, 0, sizeof(raw));
		sec_hex(raw, sizeof(raw), hex);
		id = hex;
	}
	r->id = id;
	log_setreq(id);
	r->method = req_method(req_param(r, "REQUEST_METHOD"));
	r->path = param_or(r, "DOCUMENT_URI", param_or(r, "SCRIPT_NAME", "/"));
	r->query = param_or(r, "QUERY_STRING", "");
	r->ip = param_or(r, "REMOTE_ADDR", "-");
	r->ctype = req_param(r, "CONTENT_TYPE");
	r->origin = req_param(r, "HTTP_ORIGIN");
	r->host = req_param(r, "HTTP_HOST");
	r->cookie = req_param(r, "HTTP_COOKIE");
	cl = req_param(r, "CONTENT_LENGTH");
	if (cl != NULL && *cl != '\0' && valid_int(cl, 0, INT32_MAX, &v) == 0)
		r->clen = (size_t)v;
}

static int
password_page(const struct req *r)
{
	return strcmp(r->path, "/password") == 0 ||
	    strcmp(r->path, "/logout") == 0;
}

/*
 * Handle one request: route, session, role, CSRF, handler, error page,
 * one log line.  Everything allocated is released by arena_reset().
 */
static void
dispatch(struct app *app, FCGX_Request *fr)
{
	struct req	 r;
	struct timespec	 t0, t1;
	enum rc		 rc;
	char		 path[256];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	req_setup(&r, app, fr);
	log_escape(path, sizeof(path), req_logpath(&r));
	if ((rc = route(&r)) == RC_OK &&
	    ((r.route->roles & R_BEARER) ||
	    (rc = auth_session(&r)) == RC_OK) &&
	    (rc = auth_allow(&r, r.route->roles)) == RC_OK && !r.responded) {
		if (r.sess.must_change && !password_page(&r))
			rc = resp_redirect(&r, "/password");
		else if ((r.route->roles & R_BEARER) ||
		    (rc = auth_csrf(&r)) == RC_OK)
			rc = r.route->fn(&r);
	}
	/* An unknown page still shows the visitor's own header and menu. */
	if (!r.responded && r.route == NULL && (rc == RC_NOTFOUND ||
	    rc == RC_METHOD) && auth_session(&r) != RC_OK)
		r.has_session = 0;
	if (!r.responded && rc == RC_OK) {
		log_warnx("%s: the handler sent no response", path);
		rc = RC_ERROR;
	}
	if (!r.responded)
		resp_error(&r, rc);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	log_info("%s %s %d %.1fms acct=%" PRId64,
	    r.method == METHOD_GET ? "GET" : r.method == METHOD_POST ? "POST" :
	    r.method == METHOD_HEAD ? "HEAD" : "OTHER", path, r.status,
	    (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6, r.sess.account_id);
	log_setreq(NULL);
}

/* The resident size of this process in bytes, or -1. */
long
app_rss(void)
{
	FILE	*f;
	long	 pages, rss = -1;

	if ((f = fopen("/proc/self/statm", "r")) == NULL)
		return -1;
	if (fscanf(f, "%*s %ld", &pages) == 1)
		rss = pages * sysconf(_SC_PAGESIZE);
	fclose(f);
	return rss;
}

/*
 * Give back what a certificate image left behind: the free heap
 * (malloc_trim), and the pages of the fonts that FreeType maps and
 * reads (a CJK font is 25 MB; rendering touches most of it through the
 * kernel's fault-around).  Those are clean pages of the file, shared in
 * the page cache: dropped from this process, they are faulted in again
 * from the cache when next drawn.  That runs after a request that drew
 * a certificate image (app_trim_soon()) or left more than APP_TRIM_FREE
 * free.  An image's 9 MB of pixel rows are freed as free heap that the
 * least-free rule below no longer saw grow once the first image had
 * been given back: each later image faulted the pages in again and they
 * stayed (xc-issuance at 28 MB after 20 images, 13 MB without them).
 * Given back after every image, the next one faults them in again,
 * about 2 % of a render.  Free heap
 * between chunks in use stays free heap when trimmed (its pages are
 * given back, mallinfo2 still counts it): the threshold is above the
 * least free heap seen since the last trim, or a fragmented heap would
 * be trimmed after every request, each then faulting its pages in
 * again (45 page faults and 80 us per 证书发放管理 page, measured).
 *
 * What a heavy request leaves behind is not all free heap above
 * APP_TRIM_FREE: the database client's buffers grown to its largest
 * packet and result (a 10,000-record signature, a pending list of
 * 50,000), caches sized by it, a fragmented heap, trimmed free heap
 * faulted in again.  A process that faulted in APP_FAULT_CHECK pages
 * since it last read its resident size (resident memory grows by page
 * faults only), or whose malloc holds APP_HELD_CHECK more than then (a
 * transparent huge page is one fault for 2 MB), reads it again; at
 * app->rss_max or more it returns 1: the process ends after this
 * request (its answer is sent, its deferred work done) and its
 * supervisor starts a fresh one, as PHP-FPM's pm.max_requests or
 * Apache's MaxConnectionsPerChild bound a worker's growth.  Returns 0
 * to go on serving.  (Malloc's growth alone, measured from the first
 * request, missed a heap that a heavy first request had grown and a
 * later one faulted in again: 52 MB resident, bench/results.md.)
 */
static int	 app_trim_due;

/* Give the memory back after this request (it drew an image). */
void
app_trim_soon(void)
{
	app_trim_due = 1;
}

int
app_release_memory(struct app *app)
{
	struct mallinfo2 mi;
	struct rusage	 ru;
	FILE		*f;
	char		 line[512];
	unsigned long	 lo, hi;
	size_t		 n, held;
	long		 rss, faults;

	mi = mallinfo2();
	if (mi.fordblks < app->trim_free)
		app->trim_free = mi.fordblks;
	if (app_trim_due || mi.fordblks > app->trim_free + APP_TRIM_FREE) {
		/*
		 * After an image, libgd's FreeType faces too (3 MB of heap;
		 * the next image opens them again, a few milliseconds).
		 */
		if (app_trim_due)
			gdFontCacheShutdown();
		app_trim_due = 0;
		malloc_trim(0);
		app->trims++;
		if ((f = fopen("/proc/self/maps", "r")) != NULL) {
			while (fgets(line, sizeof(line), f) != NULL) {
				n = strcspn(line, "\n");
				line[n] = '\0';
				if (n > 4 && (strcmp(line + n - 4, ".otf") == 0 ||
				    strcmp(line + n - 4, ".ttf") == 0 ||
				    strcmp(line + n - 4, ".ttc") == 0) &&
				    sscanf(line, "%lx-%lx r-", &lo, &hi) == 2 &&
				    strstr(line, " r--p ") != NULL)
					(void)madvise((void *)lo, hi - lo,
					    MADV_DONTNEED);
			}
			fclose(f);
		}
		mi = mallinfo2();
		app->trim_free = mi.fordblks;
	}
	/*
	 * A malloc of which mallinfo2() knows nothing is not glibc's (under
	 * valgrind): the resident size is then mostly the tool's own.
	 */
	if ((mi.arena == 0 && mi.hblkhd == 0) ||
	    getrusage(RUSAGE_SELF, &ru) == -1)
		return 0;
	/* The heap and the mapped blocks, in use or not (trimmed). */
	held = mi.arena + mi.hblkhd;
	faults = ru.ru_minflt + ru.ru_majflt;
	if (faults < app->faults_seen + APP_FAULT_CHECK &&
	    held <= app->held_seen + APP_HELD_CHECK)
		return 0;
	app->faults_seen = faults;
	app->held_seen = held;
	if ((rss = app_rss()) < app->rss_max)
		return 0;
	log_info("resident %ld MB after %lu requests (malloc holds %zu MB): "
	    "ending for a fresh process", rss >> 20, app->served + 1,
	    held >> 20);
	return 1;
}

static volatile sig_atomic_t app_stopping;

static void
app_onterm(int sig)
{
	(void)sig;
	app_stopping = 1;
	FCGX_ShutdownPending();
	/* A request that does not end in 10 s is ended (SIGALRM). */
	alarm(10);
}

/*
 * Wait up to ms milliseconds (-1: without end) for a request on the
 * listening socket.  Returns 1 when one waits, 0 on timeout, -1 when
 * interrupted (SIGTERM).
 */
static int
app_wait(const struct app *app, int ms)
{
	struct pollfd	 p = { .fd = app->sock, .events = POLLIN };
	int		 n;

	if ((n = poll(&p, 1, ms)) == -1)
		return -1;
	return n == 1 && (p.revents & POLLIN) ? 1 : 0;
}

/*
 * A responder process: accept requests on the inherited socket until
 * told to stop.  Statements that fail to prepare mean the schema and the
 * code disagree, and the process exits.
 */
void
app_serve(struct app *app)
{
	FCGX_Request	 fr;
	struct sigaction sa;
	int		 pending = 0, recycle = 0;

	if (FCGX_Init() != 0)
		errx(1, "FCGX_Init");
	if (FCGX_InitRequest(&fr, app->sock, 0) != 0)
		errx(1, "FCGX_InitRequest");
	if (db_connect(app->db) == RC_ERROR)
		exit(1);
	/*
	 * SIGTERM ends the process between requests: it interrupts the
	 * wait in accept (no SA_RESTART), lets a request in progress
	 * finish, and the deferred work runs once more.
	 */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = app_onterm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	/*
	 * With deferred work, the process waits for a request itself (the
	 * listening socket does not block): up to APP_DEFER_MS while work
	 * is kept, then it does the work.  Another process may take the
	 * request that woke it (accept then fails with EAGAIN).
	 */
	if (app->after != NULL && fcntl(app->sock, F_SETFL,
	    fcntl(app->sock, F_GETFL) | O_NONBLOCK) == -1)
		err(1, "fcntl");
	while (!app_stopping) {
		if (app->after != NULL) {
			if (app_wait(app, pending ? APP_DEFER_MS : -1) == 0) {
				pending = app->after(app, 0);
				continue;
			}
			if (app_stopping)
				break;
		}
		if (FCGX_Accept_r(&fr) < 0) {
			if (app->after != NULL && !app_stopping &&
			    (errno == EAGAIN || errno == EWOULDBLOCK ||
			    errno == EINTR))
				continue;
			break;
		}
		dispatch(app, &fr);
		FCGX_Finish_r(&fr);
		arena_reset(app->arena);
		recycle = app_release_memory(app);
		app->served++;
		if (recycle)
			break;
		if (app->after != NULL)
			pending = app->after(app, !app_stopping &&
			    app_wait(app, 0) == 1);
	}
	if (app->after != NULL && (pending || recycle))
		(void)app->after(app, 0);
	arena_reset(app->arena);
}

static void
usage(const char *prog)
{
	fprintf(stderr, "usage: %s -s socket [-g group] [-n processes] "
	    "[-p pidfile]\n", prog);
	exit(2);
}

/*
 * The responder's main(): parse -s socket -g group (nginx's, which owns
 * the socket with it) -n processes -p pidfile and run the supervisor,
 * which forks the request-serving processes.
 */
int
app_main(struct app *app, int argc, char *argv[])
{
	const char	*sock = NULL, *pidfile = NULL;
	struct group	*gr;
	gid_t		 gid = (gid_t)-1;
	int64_t		 n = 2;
	int		 ch;

	while ((ch = getopt(argc, argv, "g:n:p:s:")) != -1) {
		switch (ch) {
		case 'g':
			if ((gr = getgrnam(optarg)) == NULL) {
				log_warnx("-g %s: no such group", optarg);
				exit(1);
			}
			gid = gr->gr_gid;
			break;
		case 'n':
			if (valid_int(optarg, 1, 64, &n) == -1)
				usage(argv[0]);
			break;
		case 'p':
			pidfile = optarg;
			break;
		case 's':
			sock = optarg;
			break;
		default:
			usage(argv[0]);
		}
	}
	if (sock == NULL)
		usage(argv[0]);
	signal(SIGPIPE, SIG_IGN);
	ch = master_run(app, sock, (int)n, pidfile, gid);
	app_free(app);
	return ch;
}
