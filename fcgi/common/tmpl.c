/* tmpl.c: HDF data and ClearSilver rendering, HTML escaping on by default. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ClearSilver.h>

#include "app.h"

static void
hdf_free(void *p)
{
	HDF	*h = p;

	hdf_destroy(&h);
}

/* Log a NEOERR once, with ClearSilver's own text, and free it. */
static void
nerr_log(const char *what, NEOERR *err)
{
	STRING	 s;

	string_init(&s);
	nerr_error_string(err, &s);
	log_warnx("%s: %s", what, s.buf ? s.buf : "?");
	string_clear(&s);
	nerr_ignore(&err);
}

/* Returns the request's HDF, made on first use and freed with the arena. */
HDF *
tmpl_hdf(struct req *r)
{
	NEOERR	*err;

	if (r->hdf != NULL)
		return r->hdf;
	if ((err = hdf_init(&r->hdf)) != STATUS_OK) {
		nerr_log("hdf_init", err);
		abort();
	}
	arena_defer(r->arena, hdf_free, r->hdf);
	return r->hdf;
}

/* Set an HDF value (copied); NULL sets nothing. */
void
tmpl_set(struct req *r, const char *name, const char *val)
{
	NEOERR	*err;

	if (val == NULL)
		return;
	if ((err = hdf_set_value(tmpl_hdf(r), name, val)) != STATUS_OK)
		nerr_log(name, err);
}

/* Set an HDF value under a formatted name, e.g. "Student.%d.Name". */
void
tmpl_setn(struct req *r, const char *val, const char *fmt, ...)
{
	va_list	 ap;
	char	*name;

	va_start(ap, fmt);
	name = arena_vprintf(r->arena, fmt, ap);
	va_end(ap);
	tmpl_set(r, name, val);
}

void
tmpl_seti(struct req *r, const char *name, int64_t v)
{
	tmpl_set(r, name, arena_printf(r->arena, "%lld", (long long)v));
}

void
tmpl_setin(struct req *r, int64_t v, const char *fmt, ...)
{
	va_list	 ap;
	char	*name;

	va_start(ap, fmt);
	name = arena_vprintf(r->arena, fmt, ap);
	va_end(ap);
	tmpl_seti(r, name, v);
}

static NEOERR *
out_buf(void *ctx, char *s)
{
	buf_puts(ctx, s);
	return STATUS_OK;
}

/*
 * The parsed templates of this process.  A parse tree holds no request
 * data: the only value read at parse time is the layout's
 * include:Page.Template, so the tree is kept per (file, page template)
 * and each request renders it with its own HDF.  Parsing on every
 * request was most of a page's instructions (issue 13).  Templates are
 * read once per process: a changed template needs a restart.
 */
#define TCACHE_MAX	128

struct	tcache {
	char	*file, *page;
	HDF	*hdf;		/* the parse's own: configuration, the page */
	CSPARSE	*cs;
};
static struct tcache	 tcache[TCACHE_MAX];
static size_t		 ntcache;

/* Escaping must be set before cs_init(), or var: prints raw. */
static NEOERR *
tmpl_config(HDF *h, const struct config *cfg)
{
	NEOERR	*err;

	if ((err = hdf_set_value(h, "Config.VarEscapeMode", "html")) ||
	    (err = hdf_set_value(h, "Config.WhiteSpaceStrip", "0")) ||
	    (err = hdf_set_value(h, "hdf.loadpaths.0", cfg->templates)))
		return err;
	return STATUS_OK;
}

static void
tcache_free(struct tcache *t)
{
	cs_destroy(&t->cs);
	hdf_destroy(&t->hdf);
	free(t->file);
	free(t->page);
	memset(t, 0, sizeof(*t));
}

/*
 * The parse of file with Page.Template = page: cached, or made now (in
 * *spare, for the caller to free, once the cache is full).
 */
static struct tcache *
tcache_get(struct req *r, const char *file, const char *page,
    struct tcache *spare)
{
	struct tcache	 t = { 0 };
	NEOERR		*err;
	size_t		 i;

	for (i = 0; i < ntcache; i++)
		if (strcmp(tcache[i].file, file) == 0 &&
		    strcmp(tcache[i].page, page) == 0)
			return &tcache[i];
	if ((t.file = strdup(file)) == NULL || (t.page = strdup(page)) == NULL)
		goto fail;
	if ((err = hdf_init(&t.hdf)) ||
	    (err = tmpl_config(t.hdf, r->cfg)) ||
	    (err = hdf_set_value(t.hdf, "Page.Template", page)) ||
	    (err = cs_init(&t.cs, t.hdf)) ||
	    (err = cgi_register_strfuncs(t.cs)) ||
	    (err = cs_parse_file(t.cs, file))) {
		nerr_log(file, err);
		goto fail;
	}
	if (ntcache == TCACHE_MAX) {
		*spare = t;
		return spare;
	}
	tcache[ntcache] = t;
	return &tcache[ntcache++];
fail:
	tcache_free(&t);
	return NULL;
}

/*
 * Render the template file (relative to the templates folder) with the
 * request's HDF into out, from this process's parse of it.  Variables
 * are HTML-escaped unless a template opts out in an explicit escape:
 * "none" block.  Returns RC_OK or RC_ERROR (logged).
 */
enum rc
tmpl_render(struct req *r, const char *file, struct buf *out)
{
	HDF		*h = tmpl_hdf(r);
	struct tcache	*t, spare = { 0 };
	NEOERR		*err;

	if ((err = tmpl_config(h, r->cfg)) != STATUS_OK) {
		nerr_log(file, err);
		return RC_ERROR;
	}
	if ((t = tcache_get(r, file, hdf_get_value(h, "Page.Template", ""),
	    &spare)) == NULL)
		return RC_ERROR;
	t->cs->hdf = h;
	err = cs_render(t->cs, out, out_buf);
	t->cs->hdf = t->hdf;
	if (t == &spare) {
		tcache_free(t);
		if (err != STATUS_OK)
			nerr_log(file, err);
		return err != STATUS_OK ? RC_ERROR : RC_OK;
	}
	if (err != STATUS_OK) {
		/* Drop the parse: a failed render may leave state in it. */
		nerr_log(file, err);
		tcache_free(t);
		*t = tcache[--ntcache];
		memset(&tcache[ntcache], 0, sizeof(tcache[ntcache]));
		return RC_ERROR;
	}
	return RC_OK;
}

/*
 * The badges of the navigation, in one statement: to-do items in the
 * caller's scope (the institution's open flags, the organisation's
 * corrected ones; none for other scopes) and the account's unread
 * notifications.  A failure only hides the badges.
 */
static void
nav_counts(struct req *r)
{
	static const size_t todo[SCOPE__MAX] = {
		[SCOPE_PLATFORM] = CSTMT_NOTE_UNREAD,
		[SCOPE_ORG] = CSTMT_FLAGS_FIXED_ORG,
		[SCOPE_INST] = CSTMT_FLAGS_OPEN_INST,
		[SCOPE_OWN] = CSTMT_NOTE_UNREAD,
	};
	struct scope	 sc;
	int64_t		 t = 0, u = 0;

	if (!r->has_session || scope_get(r, todo, &sc) != RC_OK ||
	    db_row(r->db, r->arena, sc.stmt, DB_ARGS(DB_I(sc.id),
	    DB_I(r->sess.account_id)), DB_OUT(DB_OI(&t), DB_OI(&u))) != RC_OK)
		return;
	r->nav_todo = t;
	r->nav_unread = u;
	if (r->nav_unread > 0)
		tmpl_seti(r, "Session.Unread", r->nav_unread);
}

/*
 * Render a whole page: the layout around the page template, with the
 * navigation, the session and the CSRF token, and send it.
 */
enum rc
tmpl_page(struct req *r, int status, const char *page, const char *title)
{
	struct buf	 out;

	tmpl_set(r, "Page.Template", page);
	tmpl_set(r, "Page.Title", title);
	tmpl_set(r, "Req.Id", r->id);
	tmpl_set(r, "Req.Path", r->path);
	if (status < 400)
		tmpl_set(r, "Page.Flash", resp_flash(r));
	if (status < 500)
		nav_counts(r);
	layout_nav(r, r->path);
	buf_init(&out, r->arena);
	if (tmpl_render(r, "layout.cs", &out) != RC_OK)
		return RC_ERROR;
	tmpl_splice(r, &out);
	return resp_send(r, status, "text/html; charset=utf-8", out.p ? out.p :
	    "", out.len);
}

/*
 * Put the submitted values back as Form.<name> so a form can be shown
 * again with its input; password and file fields are never echoed.
 */
void
tmpl_form(struct req *r, const struct field *f, size_t n,
    const struct fval *v)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (!v[i].present || v[i].invalid || f[i].type == FT_FILE ||
		    strstr(f[i].name, "password") != NULL)
			continue;
		tmpl_setn(r, v[i].val, "Form.%s", f[i].name);
	}
}

/* Remove an HDF subtree, e.g. the extra row read to learn of a next page. */
void
tmpl_remove(struct req *r, const char *name)
{
	NEOERR	*err;

	if ((err = hdf_remove_tree(tmpl_hdf(r), name)) != STATUS_OK)
		nerr_log(name, err);
}

/*
 * The node at the formatted path, e.g. "Certs.%d", made when missing, so
 * a row's values are set relative to it (tmpl_nset) instead of walking
 * and formatting the whole path for each.  NULL when it cannot be made.
 */
HDF *
tmpl_node(struct req *r, const char *fmt, ...)
{
	va_list	 ap;
	char	*name;
	HDF	*h;
	NEOERR	*err;

	va_start(ap, fmt);
	name = arena_vprintf(r->arena, fmt, ap);
	va_end(ap);
	if ((err = hdf_get_node(tmpl_hdf(r), name, &h)) != STATUS_OK) {
		nerr_log(name, err);
		return NULL;
	}
	return h;
}

/* Child i of parent (named by its number), made when missing; or NULL. */
HDF *
tmpl_child(HDF *parent, int64_t i)
{
	char	 name[24];
	HDF	*h;
	NEOERR	*err;

	if (parent == NULL)
		return NULL;
	snprintf(name, sizeof(name), "%lld", (long long)i);
	if ((err = hdf_get_node(parent, name, &h)) != STATUS_OK) {
		nerr_log(name, err);
		return NULL;
	}
	return h;
}

/* Set name (relative to node) to val, copied; NULL sets nothing. */
void
tmpl_nset(HDF *node, const char *name, const char *val)
{
	NEOERR	*err;

	if (node == NULL || val == NULL)
		return;
	if ((err = hdf_set_value(node, name, val)) != STATUS_OK)
		nerr_log(name, err);
}

void
tmpl_nseti(HDF *node, const char *name, int64_t v)
{
	char	 s[24];

	snprintf(s, sizeof(s), "%lld", (long long)v);
	tmpl_nset(node, name, s);
}

/*
 * Put every row of q into Prefix.<i>.<names[k]>, each column as text
 * (n columns, NULLs left unset).  Returns the number of rows, or -1.
 */
int
tmpl_rows(struct req *r, struct dbq *q, const char *prefix,
    const char *const *names, size_t n)
{
	const char	*cells[64];
	HDF		*list = NULL, *row;
	size_t		 k;
	int		 i = 0, st;

	while ((st = db_next_strs(q, cells, n)) == 1) {
		/* (nodes made only for values: a row of NULLs sets nothing) */
		for (k = 0, row = NULL; k < n; k++) {
			if (names[k] == NULL || cells[k] == NULL)
				continue;
			if (list == NULL)
				list = tmpl_node(r, "%s", prefix);
			if (row == NULL)
				row = tmpl_child(list, i);
			tmpl_nset(row, names[k], cells[k]);
		}
		i++;
	}
	return st == -1 ? -1 : i;
}

/*
 * Lists that many requests show alike (the filters' choices of a scope:
 * institutions, plans, types, each an id and a label) are kept per
 * process as HDF trees that requests share read-only, each with the
 * version of the data it was read at (the caller's: one cheap statement
 * that changes whenever the list could, sql/schema/0024).  Saved: the
 * statements and building and freeing the request's copy of hundreds of
 * values.  Process state that holds no user data: each is what every
 * caller with the same statement and key (scope) may see.
 */
#define SHARED_MAX	64

struct	shared {
	size_t		 stmt;
	int64_t		 key, version;
	HDF		*hdf;		/* its rows: 0, 1, ... */
	int		 nrows;
	unsigned long	 used;
	int		 busy;		/* shown by a request now */
	char		*frag;		/* its rows rendered (tmpl_frag) */
};
struct	graft {
	HDF		*at;		/* the request's node */
	struct shared	*e;
};
static struct shared	 shared[SHARED_MAX];
static unsigned long	 shared_clock;

/* Take a shared tree off the request's node again (before its HDF goes). */
static void
shared_detach(void *p)
{
	struct graft	*g = p;

	g->at->child = g->at->last_child = NULL;
	g->at->last_hp = g->at->last_hs = NULL;
	g->e->busy--;
}

/*
 * Show kept entry e under prefix: the request's node points at the kept
 * rows (no hash of its own: templates walk them with each:) until the
 * request ends; the detach is deferred after the HDF's own free, so it
 * runs first.  Returns the number of rows, or -1.
 */
static int
shared_graft(struct req *r, struct shared *e, const char *prefix)
{
	struct graft	*g;
	HDF		*at;

	e->used = ++shared_clock;
	if (e->nrows == 0)
		return 0;		/* (as tmpl_rows(): no node) */
	if ((at = tmpl_node(r, "%s", prefix)) == NULL)
		return -1;
	if (at->child != NULL) {
		log_warnx("%s: already set", prefix);
		return -1;
	}
	g = arena_alloc(r->arena, sizeof(*g));
	g->at = at;
	g->e = e;
	at->child = hdf_obj_child(e->hdf);
	at->last_child = e->hdf->last_child;
	e->busy++;
	arena_defer(r->arena, shared_detach, g);
	return e->nrows;
}

/*
 * The kept list of statement stmt for key at version, shown under
 * prefix: returns its number of rows, or -1 when none is kept (then run
 * the statement and give its rows to tmpl_rows_shared()).  Nothing may be
 * set under prefix afterwards: it would write into the kept tree.
 */
int
tmpl_shared(struct req *r, size_t stmt, int64_t key, int64_t version,
    const char *prefix)
{
	size_t	 i;

	for (i = 0; i < SHARED_MAX; i++)
		if (shared[i].hdf != NULL && shared[i].stmt == stmt &&
		    shared[i].key == key && shared[i].version == version)
			return shared_graft(r, &shared[i], prefix);
	return -1;
}

/*
 * Like tmpl_rows(), and keep the rows of q (statement stmt for key at
 * version) for tmpl_shared(): in a free entry, else in place of the
 * least recently used one no request shows now.  Every column must be
 * named.  Returns the number of rows, or -1.
 */
int
tmpl_rows_shared(struct req *r, struct dbq *q, size_t stmt, int64_t key,
    int64_t version, const char *prefix, const char *const *names, size_t n)
{
	struct shared	*e = NULL;
	const char	*cells[64];
	HDF		*h, *row;
	NEOERR		*err;
	size_t		 i, k;
	int		 nrows = 0, st;

	if (n > nitems(cells))
		abort();
	if ((err = hdf_init(&h)) != STATUS_OK) {
		nerr_log("hdf_init", err);
		return -1;
	}
	while ((st = db_next_strs(q, cells, n)) == 1) {
		if ((row = tmpl_child(h, nrows++)) == NULL)
			st = -1;
		for (k = 0; k < n && row != NULL; k++)
			tmpl_nset(row, names[k], cells[k]);
	}
	for (i = 0; st != -1 && i < SHARED_MAX; i++)
		if (shared[i].hdf == NULL || (!shared[i].busy && (e == NULL ||
		    (e->hdf != NULL && shared[i].used < e->used)))) {
			e = &shared[i];
			if (e->hdf == NULL)
				break;
		}
	if (st == -1 || e == NULL) {
		/* (every entry shown by this request: a copy of its own) */
		if (st != -1 && (err = hdf_copy(tmpl_hdf(r), prefix, h)) !=
		    STATUS_OK) {
			nerr_log(prefix, err);
			st = -1;
		}
		hdf_destroy(&h);
		return st == -1 ? -1 : nrows;
	}
	if (e->hdf != NULL)
		hdf_destroy(&e->hdf);
	free(e->frag);
	e->frag = NULL;
	e->stmt = stmt;
	e->key = key;
	e->version = version;
	e->hdf = h;
	e->nrows = nrows;
	return shared_graft(r, e, prefix);
}

static NEOERR *
out_string(void *ctx, char *s)
{
	return string_append(ctx, s);
}

/*
 * The kept list of statement stmt for key at version (shown by this
 * request: tmpl_shared() or tmpl_rows_shared() returned rows) as the
 * template file renders it with those rows alone under at: rendered
 * once per kept list, then shown by the page wherever it prints
 * "<!--xc:frag N-->" with N the value set at name (tmpl_page splices
 * it in).  The fragment is escaped as any page (html); no request data
 * is in it.  Returns 0, or -1 when there is none (the page renders the
 * rows itself).
 */
int
tmpl_frag(struct req *r, size_t stmt, int64_t key, int64_t version,
    const char *file, const char *at, const char *name)
{
	struct shared	*e = NULL;
	CSPARSE		*cs = NULL;
	HDF		*h = NULL;
	STRING		 str;
	NEOERR		*err;
	size_t		 i;

	for (i = 0; i < SHARED_MAX && e == NULL; i++)
		if (shared[i].hdf != NULL && shared[i].busy &&
		    shared[i].stmt == stmt && shared[i].key == key &&
		    shared[i].version == version)
			e = &shared[i];
	if (e == NULL || r->nfrag == nitems(r->frag))
		return -1;
	if (e->frag == NULL) {
		string_init(&str);
		if ((err = hdf_init(&h)) ||
		    (err = tmpl_config(h, r->cfg)) ||
		    (err = hdf_copy(h, at, e->hdf)) ||
		    (err = cs_init(&cs, h)) ||
		    (err = cgi_register_strfuncs(cs)) ||
		    (err = cs_parse_file(cs, file)) ||
		    (err = cs_render(cs, &str, out_string))) {
			nerr_log(file, err);
			string_clear(&str);
		} else
			e->frag = str.buf != NULL ? str.buf : strdup("");
		cs_destroy(&cs);
		hdf_destroy(&h);
		if (e->frag == NULL)
			return -1;
	}
	r->frag[r->nfrag] = e->frag;
	tmpl_seti(r, name, (int64_t)r->nfrag++);
	return 0;
}

/*
 * The page in out with its marks filled in: each "<!--xc:frag N-->" by
 * the request's fragment N (tmpl_frag), each "<!--xc:csrf-->" (a form's
 * hidden _csrf field, macros.cs) by the caller's CSRF token; any other
 * mark is kept as it is (logged).  Only templates print these texts
 * (every value is escaped, so no data can).  The token is made only for
 * a page that has a form: an anonymous caller's costs an HMAC and, the
 * first time, a random cookie, which the public lookup's result page (no
 * form) paid on every request.  A fragment's own text is not scanned
 * again: fragments hold no form.
 */
void
tmpl_splice(struct req *r, struct buf *out)
{
	static const char mark[] = "<!--xc:", frag[] = "frag ",
	    csrf[] = "csrf-->";
	struct buf	 b;
	const char	*p, *m, *end, *tok = NULL;
	char		*e;
	unsigned long	 n;

	if (out->p == NULL || (m = memmem(out->p, out->len, mark,
	    sizeof(mark) - 1)) == NULL)
		return;
	buf_init(&b, r->arena);
	buf_reserve(&b, out->len + 256);	/* (a token is 50 bytes more) */
	p = out->p;
	end = out->p + out->len;
	do {
		buf_add(&b, p, m - p);
		p = m + sizeof(mark) - 1;
		if ((size_t)(end - p) >= sizeof(csrf) - 1 &&
		    memcmp(p, csrf, sizeof(csrf) - 1) == 0) {
			if (tok == NULL)
				tok = r->has_session ? r->sess.csrf :
				    auth_anon_csrf(r);
			buf_puts(&b, tok);
			p += sizeof(csrf) - 1;
		} else if ((size_t)(end - p) >= sizeof(frag) - 1 &&
		    memcmp(p, frag, sizeof(frag) - 1) == 0 &&
		    (n = strtoul(p + sizeof(frag) - 1, &e, 10)) < r->nfrag &&
		    strncmp(e, "-->", 3) == 0) {
			buf_puts(&b, r->frag[n]);
			p = e + 3;
		} else {
			log_warnx("a mark without its value");
			buf_add(&b, m, p - m);
		}
	} while ((m = memmem(p, end - p, mark, sizeof(mark) - 1)) != NULL);
	buf_add(&b, p, end - p);
	*out = b;
}
