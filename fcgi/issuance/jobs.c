/* jobs.c: the ZIP job worker (xc-issuance -w N): claims jobs from the job table, draws each certificate, writes the ZIP with libzip, expires old files. */
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gd.h>
#include <openssl/evp.h>
#include <zip.h>

#include "app.h"
#include "img.h"
#include "issuance.h"

#define WK_MAXPROCS	16
#define WK_MAXRENDER	8

/*
 * One worker process.  The lease (XC_JOB_LEASE seconds, default 30) is
 * renewed every lease/3 seconds; a worker that stops renewing it (killed)
 * loses the job to the next worker that polls.  XC_JOB_SLOW_MS (tests
 * only) waits that long after each certificate, so a test can kill a
 * worker in the middle of a job.  XC_JOB_RENDER processes draw one job
 * (default: one per CPU).
 */
struct	wk {
	struct app		*app;
	const char *const	*sql;
	size_t			 nsql;
	char			 id[100];	/* host:pid:nonce, the lease's */
	int			 lease;
	int			 slow_ms;
	int			 nrender;
};

/* A claimed job. */
struct	wjob {
	int64_t		 id, scope_id, total, attempts;
	const char	*kind, *scope_kind, *ids;
	char		 tmp[512];	/* the folder of its images */
};

static volatile sig_atomic_t	 wk_stop;

static void
wk_on_term(int sig)
{
	(void)sig;
	wk_stop = 1;
}

static int
env_int(const char *name, int def, int lo, int hi)
{
	const char	*s = getenv(name);
	int64_t		 v;

	if (s == NULL || valid_int(s, lo, hi, &v) == -1)
		return def;
	return (int)v;
}

/* Remove folder dir and the files in it (one level, as the jobs make). */
static void
rm_tree(const char *dir)
{
	DIR		*d;
	struct dirent	*e;
	char		 p[1024];

	if ((d = opendir(dir)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		unlink(p);
	}
	closedir(d);
	rmdir(dir);
}

/*
 * Remove what earlier attempts at job id left in the jobs folder (a
 * killed worker's images and half-written ZIP).
 */
static void
rm_leftovers(const char *jobs, int64_t id)
{
	DIR		*d;
	struct dirent	*e;
	char		 pre[64], p[1024];
	size_t		 n;

	n = (size_t)snprintf(pre, sizeof(pre), ".tmp-%lld-", (long long)id);
	if ((d = opendir(jobs)) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (strncmp(e->d_name, pre, n) != 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", jobs, e->d_name);
		if (unlink(p) == -1 && (errno == EISDIR || errno == EPERM))
			rm_tree(p);
	}
	closedir(d);
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * The PNG files in dir, sorted (the certificate numbers), into *names;
 * names NULL: only count them.
 */
static size_t
list_pngs(struct arena *a, const char *dir, const char ***names)
{
	DIR		*d;
	struct dirent	*e;
	const char	**v = NULL;
	size_t		 n = 0, cap = 0, len;

	if (names != NULL)
		*names = NULL;
	if ((d = opendir(dir)) == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len < 5 || strcmp(e->d_name + len - 4, ".png") != 0)
			continue;
		if (names == NULL) {
			n++;
			continue;
		}
		if (n == cap) {
			const char **nv;

			cap = cap ? cap * 2 : 256;
			nv = arena_calloc(a, cap, sizeof(*nv));
			if (n > 0)
				memcpy(nv, v, n * sizeof(*v));
			v = nv;
		}
		v[n++] = arena_strdup(a, e->d_name);
	}
	closedir(d);
	if (names == NULL)
		return n;
	if (n > 1)
		qsort(v, n, sizeof(*v), name_cmp);
	*names = v;
	return n;
}

/*
 * The lease of a running job, renewed every third of it with the
 * progress: the renderers' files in dir while they draw (dir NULL:
 * done), and during the ZIP's writing and hashing too.  lost: another
 * worker holds the job now.
 */
struct	keep {
	struct wk		*w;
	struct arena		*a;
	const struct wjob	*j;
	const char		*dir;
	int64_t			 done;
	time_t			 last;
	int			 lost;
};

static void
keep_beat(struct keep *k)
{
	struct dbres	 res;

	if (k->lost || time(NULL) - k->last < (k->w->lease + 2) / 3)
		return;
	k->last = time(NULL);
	if (k->dir != NULL)
		k->done = (int64_t)list_pngs(k->a, k->dir, NULL);
	/* The database away: keep going, the final UPDATE decides. */
	if (db_exec(k->w->app->db, k->a, STMT_J_BEAT, DB_ARGS(DB_I(k->done),
	    DB_I(k->w->lease), DB_I(k->j->id), DB_S(k->w->id)), &res) ==
	    RC_OK && res.affected != 1)
		k->lost = 1;
}

/* libzip's progress and cancel callbacks while zip_close() writes. */
static void
keep_progress(zip_t *z, double p, void *ud)
{
	(void)z;
	(void)p;
	keep_beat(ud);
}

static int
keep_cancel(zip_t *z, void *ud)
{
	(void)z;
	return ((struct keep *)ud)->lost;
}

/* A request of the worker's own: iss_render reads its database and arena. */
static void
wk_req(struct wk *w, struct db *db, struct req *r)
{
	memset(r, 0, sizeof(*r));
	r->app = w->app;
	r->arena = arena_new();
	r->db = db;
	r->cfg = &w->app->cfg;
	r->id = "job";
	r->ip = "";
	r->path = "(job)";
}

/*
 * A renderer (a child of the worker, with its own database connection):
 * draws the certificates k, k + n, k + 2n, ... of job j under the job's
 * scope, each into <number>.png in j->tmp (written, then renamed, so a
 * file there is whole).  Exits 0, 3 when a certificate may no longer be
 * downloaded, 1 on any other error.
 */
static void
render(struct wk *w, const struct wjob *j, const int64_t *ids, size_t nids,
    int k)
{
	struct db	*db;
	struct req	 r;
	struct dbarg	 a[7];
	struct iss_drawn o;
	const char	*number, *path, *part, *why;
	void		*png;
	size_t		 i, n;
	int		 fd, dpi;
	enum rc		 rc;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		_exit(1);
	signal(SIGTERM, SIG_DFL);
	db = db_new(&w->app->cfg, w->sql, w->nsql);
	wk_req(w, db, &r);
	dpi = strcmp(j->kind, "zip_print") == 0 ? 300 : 150;
	for (i = (size_t)k; i < nids; i += (size_t)w->nrender) {
		arena_reset(r.arena);
		/* As the single download's check (page_dl.c, issued()). */
		a[0] = DB_I(ids[i]);
		a[1] = a[2] = DB_I(strcmp(j->scope_kind, "inst") == 0 ?
		    j->scope_id : 0);
		a[3] = a[4] = DB_I(strcmp(j->scope_kind, "org") == 0 ?
		    j->scope_id : 0);
		a[5] = a[6] = DB_I(0);
		/* Drawn and checked against its frozen hash, as downloads. */
		if ((rc = iss_render(&r, STMT_DL_ONE, a, 7, dpi, &o)) ==
		    RC_OK)
			rc = iss_frozen_png(&r, &o, dpi, &png, &n, &why);
		if (rc != RC_OK) {
			log_warnx("job %lld: certificate %lld: %s",
			    (long long)j->id, (long long)ids[i],
			    rc == RC_NOTFOUND ? "not downloadable" :
			    rc == RC_CONFLICT ? "its image does not match the "
			    "frozen hash" : "error");
			_exit(rc == RC_NOTFOUND ? 3 : 1);
		}
		number = o.number;
		part = arena_printf(r.arena, "%s/%s.part", j->tmp, number);
		path = arena_printf(r.arena, "%s/%s.png", j->tmp, number);
		if ((fd = open(part, O_WRONLY | O_CREAT | O_TRUNC, 0644)) ==
		    -1 || write(fd, png, n) != (ssize_t)n || close(fd) == -1 ||
		    rename(part, path) == -1) {
			log_warn("job %lld: %s", (long long)j->id, path);
			_exit(1);
		}
		if (w->slow_ms > 0)
			usleep((useconds_t)w->slow_ms * 1000);
	}
	_exit(0);
}

/* The ids of a job's JSON array ("[1,2,3]"), at most max. */
static size_t
parse_ids(struct arena *a, const char *json, size_t max, int64_t **out)
{
	int64_t		*v;
	const char	*p;
	size_t		 n = 0;

	v = arena_calloc(a, max + 1, sizeof(*v));
	for (p = json; *p != '\0' && n <= max; p++) {
		if (*p < '0' || *p > '9')
			continue;
		v[n] = 0;
		while (*p >= '0' && *p <= '9')
			v[n] = v[n] * 10 + (*p++ - '0');
		n++;
		if (*p == '\0')
			break;
	}
	*out = v;
	return n;
}

/*
 * The SHA-256 of a file, as hex into out, its size into *size (k's
 * lease renewed meanwhile); -1 when it cannot be read.
 */
static int
file_sha256(const char *path, char out[65], int64_t *size, struct keep *k)
{
	unsigned char	 buf[65536], md[32];
	EVP_MD_CTX	*c;
	ssize_t		 n;
	int		 fd, ok = 0;

	*size = 0;
	if ((fd = open(path, O_RDONLY)) == -1)
		return -1;
	if ((c = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestInit_ex(c, EVP_sha256(), NULL) == 1) {
		ok = 1;
		while ((n = read(fd, buf, sizeof(buf))) > 0) {
			EVP_DigestUpdate(c, buf, (size_t)n);
			*size += n;
			keep_beat(k);
		}
		if (n < 0 || EVP_DigestFinal_ex(c, md, NULL) != 1)
			ok = 0;
	}
	EVP_MD_CTX_free(c);
	close(fd);
	if (!ok)
		return -1;
	sec_hex(md, 32, out);
	return 0;
}

/*
 * The ZIP of the images in j->tmp at path, one entry per certificate
 * named <number>.png, stored (PNG is compressed already), renewing k's
 * lease while libzip writes.  Returns the number of entries, or -1.
 */
static int
write_zip(struct arena *a, const struct wjob *j, const char *path,
    struct keep *k)
{
	const char	**names;
	zip_t		*z;
	zip_source_t	*src;
	zip_int64_t	 ix;
	size_t		 i, n;
	int		 err;

	n = list_pngs(a, j->tmp, &names);
	if ((z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err)) == NULL) {
		log_warnx("job %lld: zip_open %s: error %d", (long long)j->id,
		    path, err);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((src = zip_source_file(z, arena_printf(a, "%s/%s", j->tmp,
		    names[i]), 0, -1)) == NULL ||
		    (ix = zip_file_add(z, names[i], src, ZIP_FL_ENC_UTF_8)) <
		    0) {
			zip_source_free(src);
			log_warnx("job %lld: %s: %s", (long long)j->id, names[i],
			    zip_strerror(z));
			zip_discard(z);
			return -1;
		}
		zip_set_file_compression(z, (zip_uint64_t)ix, ZIP_CM_STORE, 0);
	}
	zip_register_progress_callback_with_state(z, 0.01, keep_progress, NULL,
	    k);
	zip_register_cancel_callback_with_state(z, keep_cancel, NULL, k);
	if (zip_close(z) == -1) {
		log_warnx("job %lld: zip_close: %s", (long long)j->id,
		    zip_strerror(z));
		zip_discard(z);
		return -1;
	}
	return (int)n;
}

static void
fail(struct wk *w, struct arena *a, const struct wjob *j, const char *why)
{
	log_warnx("job %lld failed: %s", (long long)j->id, why);
	db_must(db_exec(w->app->db, a, STMT_J_FAIL, DB_ARGS(DB_S(why),
	    DB_I(j->id), DB_S(w->id)), NULL), "job fail");
}

static void
kill_all(pid_t *kids, int n)
{
	int	 i, st;

	for (i = 0; i < n; i++)
		if (kids[i] > 0) {
			kill(kids[i], SIGKILL);
			waitpid(kids[i], &st, 0);
			kids[i] = 0;
		}
}

/*
 * Run job j from scratch: the renderers draw into a fresh folder while
 * this process counts their files into the progress and renews the
 * lease; then the ZIP is written to a temporary name, hashed and renamed
 * into place, and the job marked done.
 */
static void
run_job(struct wk *w, struct arena *a, struct wjob *j)
{
	pid_t		 kids[WK_MAXRENDER];
	const char	*tmpzip, *final, *name;
	unsigned char	 rnd[8];
	char		 rhex[17], sha[65];
	int64_t		*ids, size;
	size_t		 nids;
	int		 i, st, alive, bad = 0, nz;
	struct keep	 k;
	struct dbres	 res;

	rm_leftovers(w->app->cfg.jobs, j->id);
	nids = parse_ids(a, j->ids, ZIP_MAX, &ids);
	if (nids == 0 || (int64_t)nids != j->total) {
		fail(w, a, j, "任务内容无效");
		return;
	}
	snprintf(j->tmp, sizeof(j->tmp), "%s/.tmp-%lld-%s", w->app->cfg.jobs,
	    (long long)j->id, strrchr(w->id, ':') + 1);
	if (mkdir(j->tmp, 0755) == -1) {
		log_warn("%s", j->tmp);
		fail(w, a, j, "无法写入任务文件夹");
		return;
	}
	log_info("job %lld: %zu certificates, attempt %lld", (long long)j->id,
	    nids, (long long)j->attempts);
	memset(&k, 0, sizeof(k));
	k.w = w;
	k.a = a;
	k.j = j;
	k.dir = j->tmp;
	k.last = time(NULL);
	memset(kids, 0, sizeof(kids));
	for (i = 0; i < w->nrender; i++)
		if ((kids[i] = fork()) == 0)
			render(w, j, ids, nids, i);
		else if (kids[i] == -1) {
			log_warn("fork");
			kids[i] = 0;
			bad = 1;
		}
	for (alive = w->nrender; alive > 0 && !bad && !k.lost && !wk_stop; ) {
		usleep(200 * 1000);
		for (i = 0; i < w->nrender; i++) {
			if (kids[i] <= 0 || waitpid(kids[i], &st, WNOHANG) !=
			    kids[i])
				continue;
			kids[i] = 0;
			alive--;
			if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
				bad = WIFEXITED(st) && WEXITSTATUS(st) == 3 ?
				    3 : 1;
		}
		keep_beat(&k);
	}
	kill_all(kids, w->nrender);
	if (k.lost || wk_stop || bad == 1) {
		/* Lost the lease, stopping, or a fault: the next try redoes it. */
		if (!k.lost)
			db_must(db_exec(w->app->db, a, STMT_J_RELEASE,
			    DB_ARGS(DB_I(j->id), DB_S(w->id)), NULL),
			    "job release");
		log_warnx("job %lld: %s", (long long)j->id, k.lost ?
		    "lease lost to another worker" : wk_stop ? "stopping" :
		    "renderer failed; will retry");
		rm_tree(j->tmp);
		if (bad == 1)
			sleep(1);
		return;
	}
	if (bad == 3) {
		rm_tree(j->tmp);
		fail(w, a, j, "有证书已不可下载，请重新选择后再提交");
		return;
	}
	sec_random(rnd, sizeof(rnd));
	sec_hex(rnd, sizeof(rnd), rhex);
	name = arena_printf(a, "%lld-%s.zip", (long long)j->id, rhex);
	tmpzip = arena_printf(a, "%s.zip", j->tmp);
	final = arena_printf(a, "%s/%s", w->app->cfg.jobs, name);
	k.dir = NULL;
	k.done = j->total;
	k.last = 0;
	keep_beat(&k);
	if (k.lost || (nz = write_zip(a, j, tmpzip, &k)) == -1 ||
	    file_sha256(tmpzip, sha, &size, &k) == -1 || k.lost) {
		unlink(tmpzip);
		rm_tree(j->tmp);
		if (!k.lost)
			db_must(db_exec(w->app->db, a, STMT_J_RELEASE,
			    DB_ARGS(DB_I(j->id), DB_S(w->id)), NULL),
			    "job release");
		return;
	}
	rm_tree(j->tmp);
	if (nz != (int)nids) {
		unlink(tmpzip);
		fail(w, a, j, "证书编号重复，无法打包");
		return;
	}
	if (rename(tmpzip, final) == -1) {
		log_warn("rename %s", final);
		unlink(tmpzip);
		fail(w, a, j, "无法保存压缩文件");
		return;
	}
	if (db_exec(w->app->db, a, STMT_J_DONE, DB_ARGS(DB_S(name),
	    DB_I(size), DB_S(sha), DB_I(j->id), DB_S(w->id)), &res) !=
	    RC_OK || res.affected != 1) {
		/* Another worker holds it now: its ZIP will be the one. */
		unlink(final);
		return;
	}
	log_info("job %lld done: %d files, %lld bytes", (long long)j->id, nz,
	    (long long)size);
}

/* Delete the files of jobs done more than a day ago; mark them expired. */
static void
expire(struct wk *w, struct arena *a)
{
	struct dbq	*q;
	const char	*file;
	int64_t		 id, ids[100];
	const char	*files[100];
	size_t		 i, n = 0;
	enum rc		 rc;

	if ((q = db_run(w->app->db, a, &rc, STMT_J_EXPIRING,
	    DB_NOARGS)) == NULL)
		return;
	while (n < nitems(ids) && db_next(q, DB_OUT(DB_OI(&id),
	    DB_OS(&file))) == 1) {
		ids[n] = id;
		files[n++] = file;
	}
	for (i = 0; i < n; i++) {
		if (*files[i] != '\0' && strchr(files[i], '/') == NULL &&
		    unlink(arena_printf(a, "%s/%s", w->app->cfg.jobs,
		    files[i])) == -1 && errno != ENOENT)
			log_warn("%s", files[i]);
		if (db_exec(w->app->db, a, STMT_J_EXPIRE, DB_ARGS(DB_I(ids[i])),
		    NULL) == RC_OK)
			log_info("job %lld expired", (long long)ids[i]);
	}
}

/* Claim one job into *j: 1, or 0 when there is none. */
static int
claim(struct wk *w, struct arena *a, struct wjob *j)
{
	struct dbres	 res;

	memset(j, 0, sizeof(*j));
	if (db_exec(w->app->db, a, STMT_J_CLAIM, DB_ARGS(DB_S(w->id),
	    DB_I(w->lease)), &res) != RC_OK || res.affected == 0)
		return 0;
	return db_row(w->app->db, a, STMT_J_CLAIMED, DB_ARGS(DB_S(w->id)),
	    DB_OUT(DB_OI(&j->id), DB_OS(&j->kind), DB_OS(&j->scope_kind),
	    DB_OI(&j->scope_id), DB_OS(&j->ids), DB_OI(&j->total),
	    DB_OI(&j->attempts))) == RC_OK;
}

/* One worker process: expire, claim, run, until SIGTERM. */
static void
work(struct wk *w)
{
	struct arena	*a = w->app->arena;
	struct wjob	 j;
	unsigned char	 rnd[6];
	char		 host[64], hex[13];
	time_t		 last = 0;

	signal(SIGTERM, wk_on_term);
	signal(SIGINT, wk_on_term);
	signal(SIGCHLD, SIG_DFL);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (gethostname(host, sizeof(host)) == -1)
		host[0] = '\0';
	host[40] = '\0';	/* the lease holder's name fits its column */
	sec_random(rnd, sizeof(rnd));
	sec_hex(rnd, sizeof(rnd), hex);
	snprintf(w->id, sizeof(w->id), "%s:%d:%s", host, (int)getpid(), hex);
	if (mkdir(w->app->cfg.jobs, 0755) == -1 && errno != EEXIST)
		log_warn("%s", w->app->cfg.jobs);
	log_info("worker %s: lease %d s, %d renderers", w->id, w->lease,
	    w->nrender);
	while (!wk_stop) {
		arena_reset(a);
		if (time(NULL) - last >= 2) {
			last = time(NULL);
			expire(w, a);
		}
		if (claim(w, a, &j)) {
			if (j.attempts > 5)
				fail(w, a, &j, "多次尝试均未完成，请重新提交");
			else
				run_job(w, a, &j);
			continue;
		}
		usleep(500 * 1000);
	}
	_exit(0);
}

/*
 * xc-issuance -w N [-p pidfile]: N worker processes (default 2),
 * restarted when they die; SIGTERM stops them.  Returns the exit status.
 */
int
iss_worker_main(struct app *app, const char *const *sql, size_t nsql,
    int argc, char *argv[])
{
	struct wk	 w;
	pid_t		 kids[WK_MAXPROCS], pid;
	struct sigaction sa;
	const char	*pidfile = NULL;
	int64_t		 n = 2;
	int		 i, st;

	memset(&w, 0, sizeof(w));
	w.app = app;
	w.sql = sql;
	w.nsql = nsql;
	w.lease = env_int("XC_JOB_LEASE", 30, 2, 3600);
	w.slow_ms = env_int("XC_JOB_SLOW_MS", 0, 0, 60000);
	w.nrender = env_int("XC_JOB_RENDER", (int)sysconf(_SC_NPROCESSORS_ONLN),
	    1, WK_MAXRENDER);
	if (w.nrender < 1 || w.nrender > WK_MAXRENDER)
		w.nrender = 2;
	if (argc > 2 && valid_int(argv[2], 1, WK_MAXPROCS, &n) == -1) {
		fprintf(stderr, "usage: %s -w N [-p pidfile]\n", argv[0]);
		return 2;
	}
	if (argc > 4 && strcmp(argv[3], "-p") == 0)
		pidfile = argv[4];
	if (master_pidfile(pidfile) == -1)
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = wk_on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	for (i = 0; i < n; i++)
		if ((kids[i] = fork()) == 0)
			work(&w);
	log_info("supervising %d job workers", (int)n);
	while (!wk_stop) {
		if ((pid = waitpid(-1, &st, 0)) == -1) {
			if (errno != EINTR)
				sleep(1);
			continue;
		}
		for (i = 0; i < n; i++) {
			if (kids[i] != pid || wk_stop)
				continue;
			/* A crash says "killed by signal" (tests look for it). */
			if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
				log_warnx("job worker %d was sent SIGKILL",
				    (int)pid);
			else
				log_warnx("job worker %d %s %d", (int)pid,
				    WIFSIGNALED(st) ? "killed by signal" :
				    "exited with", WIFSIGNALED(st) ?
				    WTERMSIG(st) : WEXITSTATUS(st));
			sleep(1);
			if ((kids[i] = fork()) == 0)
				work(&w);
		}
	}
	for (i = 0; i < n; i++)
		if (kids[i] > 0)
			kill(kids[i], SIGTERM);
	while (waitpid(-1, &st, 0) > 0 || errno == EINTR)
		;
	if (pidfile != NULL)
		unlink(pidfile);
	log_info("job workers stopped");
	app_free(app);
	return 0;
}
