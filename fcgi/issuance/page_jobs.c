/* page_jobs.c: 批量下载: a ZIP job for the selected (or filtered) confirmed certificates, 我的下载任务, a job's progress and its file. */
#include <sys/stat.h>

#include <stdio.h>
#include <string.h>

#include "app.h"
#include "cert.h"
#include "issuance.h"

/* A job's row (JOB_COLS in sql_jobs.c). */
struct	job {
	int64_t		 id;
	const char	*kind, *summary, *state, *error, *file, *created;
	const char	*expires;
	int64_t		 total, done, size;
};

static int
job_next(struct dbq *q, struct job *j)
{
	memset(j, 0, sizeof(*j));
	return db_next(q, DB_OUT(DB_OI(&j->id), DB_OS(&j->kind),
	    DB_OS(&j->summary), DB_OS(&j->state), DB_OI(&j->total),
	    DB_OI(&j->done), DB_OS(&j->error), DB_OS(&j->file),
	    DB_OI(&j->size), DB_OS(&j->created), DB_OS(&j->expires)));
}

/* The caller's own job r->arg[0]; anyone else's (and none) is 404. */
static enum rc
job_load(struct req *r, struct job *j)
{
	struct dbq	*q;
	enum rc		 rc;
	int		 row;

	if ((q = db_run(r->db, r->arena, &rc, STMT_J_ONE,
	    DB_ARGS(DB_I(r->arg[0]), DB_I(r->sess.account_id)))) == NULL)
		return rc;
	if ((row = job_next(q, j)) == -1)
		return RC_ERROR;
	return row == 1 ? RC_OK : RC_NOTFOUND;
}

static const char *
job_label(const char *state)
{
	if (strcmp(state, "queued") == 0)
		return "排队中";
	if (strcmp(state, "running") == 0)
		return "打包中";
	if (strcmp(state, "done") == 0)
		return "已完成";
	if (strcmp(state, "failed") == 0)
		return "失败";
	return "已过期";
}

static int
job_percent(const struct job *j)
{
	if (strcmp(j->state, "done") == 0 || j->total <= 0)
		return strcmp(j->state, "done") == 0 ? 100 : 0;
	return (int)(j->done * 100 / j->total);
}

/* Job j into Prefix.* for the pages. */
static void
job_show(struct req *r, const char *p, const struct job *j)
{
	tmpl_setin(r, j->id, "%s.Id", p);
	tmpl_setn(r, j->summary, "%s.Summary", p);
	tmpl_setn(r, j->state, "%s.State", p);
	tmpl_setn(r, job_label(j->state), "%s.StateLabel", p);
	tmpl_setin(r, j->total, "%s.Total", p);
	tmpl_setin(r, strcmp(j->state, "done") == 0 ? j->total : j->done,
	    "%s.Done", p);
	tmpl_setin(r, job_percent(j), "%s.Percent", p);
	tmpl_setn(r, j->error, "%s.Error", p);
	tmpl_setn(r, j->created, "%s.Created", p);
	tmpl_setn(r, j->expires, "%s.Expires", p);
	if (j->size > 0)
		tmpl_setn(r, arena_printf(r->arena, "%.1f MB",
		    (double)j->size / (1024 * 1024)), "%s.Size", p);
}

struct	zip_tx {
	struct req	*r;
	struct idset	 ids;
	const char	*kind;
	struct scope	 sc;
	int64_t		 id;
	const char	*why;
};

/*
 * The checks and the job, in one transaction: every selected id is a
 * certificate of the caller's organisation or institution (else 404,
 * as for one download), all confirmed (else the whole request is
 * refused, naming them).
 */
static enum rc
zip_act(void *arg)
{
	struct zip_tx	*t = arg;
	struct req	*r = t->r;
	struct dbq	*q;
	struct dbres	 res;
	struct buf	 b;
	const char	*number, *status, *summary;
	int64_t		 id, org, inst;
	size_t		 bad = 0;
	int		 row;
	enum rc		 rc;

	buf_init(&b, r->arena);
	if ((q = db_run(r->db, r->arena, &rc, STMT_J_PICK,
	    DB_ARGS(DB_S(t->ids.json)))) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OS(&number),
	    DB_OS(&status), DB_OI(&org), DB_OI(&inst)))) == 1) {
		if (*number == '\0' || (t->sc.kind == SCOPE_ORG ?
		    org : inst) != t->sc.id)
			return RC_NOTFOUND;
		if (strcmp(status, "confirmed") != 0 && bad++ < 20)
			buf_printf(&b, "%s%s（%s）", bad > 1 ? "、" : "",
			    number, cert_label(cert_parse(status)));
	}
	if (row == -1)
		return RC_ERROR;
	if (bad > 0) {
		t->why = arena_printf(r->arena, "以下 %zu 份证书尚未确认签发，"
		    "没有可下载的证书文件，本次未创建下载任务：%s%s", bad,
		    buf_cstr(&b), bad > 20 ? "……" : "");
		return RC_CONFLICT;
	}
	summary = arena_printf(r->arena, "%zu 份证书（%s）", t->ids.n,
	    strcmp(t->kind, "zip_print") == 0 ? "打印版 PNG，300 dpi" :
	    "屏幕版 PNG，150 dpi");
	if ((rc = db_exec(r->db, r->arena, STMT_J_INSERT, DB_ARGS(
	    DB_I(r->sess.account_id), DB_S(t->kind),
	    DB_S(t->sc.kind == SCOPE_ORG ? "org" : "inst"), DB_I(t->sc.id),
	    DB_S(t->ids.json), DB_S(summary), DB_I((int64_t)t->ids.n)),
	    &res)) != RC_OK)
		return rc;
	t->id = res.insert_id;
	return audit_add(r, "job.zip", "job", t->id, arena_printf(r->arena,
	    "kind=%s n=%zu", t->kind, t->ids.n));
}

static enum rc
zip_refuse(struct req *r, int status, const char *why)
{
	tmpl_set(r, "Page.Message", why);
	return tmpl_page(r, status, "issuance/message.cs", "批量下载");
}

/*
 * POST /certs/zip (批量下载): a ZIP job for exactly the selected
 * certificates (id, repeated), or for the confirmed certificates the
 * list's filter matches (all=1); fmt=screen for 150 dpi, else the
 * 300 dpi print copy.  At most ZIP_MAX in one job.
 */
enum rc
iss_zip_new(struct req *r)
{
	enum { F_ID, F_ALL, F_FMT, F__MAX };
	static const struct field f[F__MAX] = {
		{ "id", FT_IDS, BATCH_MAX * 20 },	/* F_ID */
		{ "all", FT_TEXT, 1 },			/* F_ALL */
		{ "fmt", FT_TEXT, 10 },			/* F_FMT */
	};
	struct fval	 v[F__MAX];
	struct zip_tx	 t;
	enum rc		 rc;

	memset(&t, 0, sizeof(t));
	t.r = r;
	if ((rc = req_form(r, f, F__MAX, v)) != RC_OK ||
	    (rc = scope_get(r, NULL, &t.sc)) != RC_OK)
		return rc;
	if (t.sc.kind != SCOPE_ORG && t.sc.kind != SCOPE_INST)
		return RC_NOTFOUND;
	t.kind = v[F_FMT].present && strcmp(v[F_FMT].val, "screen") == 0 ?
	    "zip_png" : "zip_print";
	if (v[F_ALL].present && strcmp(v[F_ALL].val, "1") == 0) {
		if ((rc = iss_select_in(r, "confirmed", ZIP_MAX, &t.ids)) !=
		    RC_OK)
			return rc;
		if (t.ids.n == 0)
			return zip_refuse(r, 400,
			    "当前筛选下没有已确认签发的证书，无可下载的文件");
	} else if (!v[F_ID].present || v[F_ID].invalid ||
	    idset_parse(r, v[F_ID].val, &t.ids) != RC_OK)
		return zip_refuse(r, 400, v[F_ID].invalid ?
		    "所选证书无效，或超过一次最多 5000 份：请缩小范围后再试" :
		    "请先勾选要下载的证书（已确认签发的证书）");
	if (t.ids.n > ZIP_MAX)
		return zip_refuse(r, 400, "一次最多打包下载 5000 份证书，"
		    "请按考试计划或院校筛选后分批下载");
	rc = db_tx(r->db, zip_act, &t);
	if (rc == RC_CONFLICT && t.why != NULL)
		return zip_refuse(r, 409, t.why);
	if (rc != RC_OK)
		return rc;
	return resp_redirect(r, "/certs/jobs/%lld", (long long)t.id);
}

/* GET /certs/jobs: 我的下载任务, the caller's own jobs. */
enum rc
iss_jobs(struct req *r)
{
	struct dbq	*q;
	struct job	 j;
	int		 i = 0, row;
	enum rc		 rc;

	if ((q = db_run(r->db, r->arena, &rc, STMT_J_MINE,
	    DB_ARGS(DB_I(r->sess.account_id)))) == NULL)
		return rc;
	while ((row = job_next(q, &j)) == 1)
		job_show(r, arena_printf(r->arena, "Jobs.%d", i++), &j);
	if (row == -1)
		return RC_ERROR;
	tmpl_seti(r, "JobCount", i);
	return tmpl_page(r, 200, "issuance/jobs.cs", "我的下载任务");
}

/* GET /certs/jobs/#: one job, its progress bar and, when done, its link. */
enum rc
iss_job(struct req *r)
{
	struct job	 j;
	enum rc		 rc;

	if ((rc = job_load(r, &j)) != RC_OK)
		return rc;
	job_show(r, "Job", &j);
	return tmpl_page(r, 200, "issuance/job.cs", "下载任务");
}

/* GET /certs/jobs/#/state: the job's progress, polled by jobs.js. */
enum rc
iss_job_state(struct req *r)
{
	struct job	 j;
	const char	*body;
	enum rc		 rc;

	if ((rc = job_load(r, &j)) != RC_OK)
		return rc;
	body = arena_printf(r->arena, "{\"state\":\"%s\",\"label\":\"%s\","
	    "\"done\":%lld,\"total\":%lld,\"percent\":%d}", j.state,
	    job_label(j.state), (long long)(strcmp(j.state, "done") == 0 ?
	    j.total : j.done), (long long)j.total, job_percent(&j));
	return resp_send(r, 200, "application/json", body, strlen(body));
}

struct	dl_tx {
	struct req	*r;
	const struct job *j;
};

static enum rc
dl_act(void *arg)
{
	struct dl_tx	*t = arg;

	return audit_add(t->r, "job.download", "job", t->j->id,
	    arena_printf(t->r->arena, "n=%lld size=%lld",
	    (long long)t->j->total, (long long)t->j->size));
}

/*
 * GET /certs/jobs/#/download: the finished ZIP, sent by nginx from its
 * internal location /_jobs/ (X-Accel-Redirect); audited.  An expired
 * job's file is gone: 410 with the reason.
 */
enum rc
iss_job_file(struct req *r)
{
	struct dl_tx	 t;
	struct job	 j;
	struct stat	 st;
	enum rc		 rc;

	if ((rc = job_load(r, &j)) != RC_OK)
		return rc;
	if (strcmp(j.state, "done") != 0 || *j.file == '\0' ||
	    stat(arena_printf(r->arena, "%s/%s", r->cfg->jobs, j.file),
	    &st) == -1) {
		tmpl_set(r, "Page.Message", strcmp(j.state, "expired") == 0 ||
		    strcmp(j.state, "done") == 0 ?
		    "该下载任务的文件已过期（文件保留一天），请回到证书发放管理重新批量下载" :
		    "该下载任务尚未完成，完成后即可下载");
		return tmpl_page(r, strcmp(j.state, "running") == 0 ||
		    strcmp(j.state, "queued") == 0 ? 409 : 410,
		    "issuance/message.cs", "批量下载");
	}
	t.r = r;
	t.j = &j;
	if ((rc = db_tx(r->db, dl_act, &t)) != RC_OK)
		return rc;
	resp_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"certificates-%lld.zip\"", (long long)j.id));
	resp_header(r, "X-Accel-Redirect", arena_printf(r->arena,
	    "/_jobs/%s", j.file));
	r->cache = "private, no-store";
	return resp_send(r, 200, "application/zip", NULL, 0);
}
