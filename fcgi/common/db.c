/* db.c: the MariaDB connection, its prepared statements and transactions. */
#include <err.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <errmsg.h>
#include <mysql.h>
#include <mysqld_error.h>

#include "app.h"

struct	db {
	const struct config	*cfg;
	MYSQL			*m;
	const char *const	*sql;
	size_t			 n;
	MYSQL_STMT		**st;
	unsigned int		 gen;	/* bumps at every (re)connect */
	int			 in_tx;
};

struct	dbq {
	struct db	*db;
	struct arena	*a;
	MYSQL_STMT	*st;
	unsigned int	 gen;
	unsigned int	 ncols;	/* 0: the statement returns no rows */
};

/*
 * Make the process's database handle for the statement table sql[n],
 * whose first CSTMT__MAX slots are left NULL for the common statements.
 * It is not connected until db_connect() or the first statement.
 */
struct db *
db_new(const struct config *cfg, const char *const *sql, size_t n)
{
	struct db	*db;

	const char	**all;
	size_t		 i;

	/* Common statements fill the first CSTMT__MAX slots of every table. */
	if (n < CSTMT__MAX ||
	    (db = calloc(1, sizeof(*db))) == NULL ||
	    (db->st = calloc(n, sizeof(*db->st))) == NULL ||
	    (all = calloc(n, sizeof(*all))) == NULL)
		abort();
	for (i = 0; i < n; i++) {
		all[i] = i < CSTMT__MAX ? common_stmts[i] : sql[i];
		if (all[i] == NULL)
			errx(1, "statement %zu has no SQL", i);
	}
	db->cfg = cfg;
	db->sql = all;
	db->n = n;
	return db;
}

static void
disconnect(struct db *db)
{
	size_t	 i;

	for (i = 0; i < db->n; i++)
		if (db->st[i] != NULL) {
			mysql_stmt_close(db->st[i]);
			db->st[i] = NULL;
		}
	if (db->m != NULL)
		mysql_close(db->m);
	db->m = NULL;
	db->in_tx = 0;
	db->gen++;
}

void
db_free(struct db *db)
{
	if (db == NULL)
		return;
	disconnect(db);
	free(db->st);
	free((void *)(uintptr_t)db->sql);
	free(db);
}

static int
gone(unsigned int e)
{
	return e == CR_SERVER_GONE_ERROR || e == CR_SERVER_LOST ||
	    e == CR_CONNECTION_ERROR || e == CR_CONN_HOST_ERROR ||
	    e == CR_SERVER_LOST_EXTENDED || e == ER_CONNECTION_KILLED ||
	    e == CR_COMMANDS_OUT_OF_SYNC;
}

static enum rc	connect_once(struct db *, int);

/*
 * Connect and prepare every statement.  Returns RC_OK, RC_UNAVAIL when
 * the server cannot be reached, or RC_ERROR when a statement does not
 * prepare (schema and code disagree: fatal at start-up).
 */
enum rc
db_connect(struct db *db)
{
	enum rc	 rc;
	int	 tries;

	/*
	 * A privilege refused while preparing is retried for 2 s: re-running
	 * grants.sql on a live stack (make run again) revokes and grants
	 * again, and a process connecting in that window would otherwise
	 * take a moment's state for a drift between schema and code.
	 */
	for (tries = 0; (rc = connect_once(db, tries < 10)) == RC_RETRY;
	    tries++)
		usleep(200 * 1000);
	return rc;
}

/*
 * db_connect's one attempt.  With quiet, a privilege refused while
 * preparing is not logged and returns RC_RETRY.
 */
static enum rc
connect_once(struct db *db, int quiet)
{
	const struct config	*c = db->cfg;
	unsigned int		 to = 3, rto = 30;
	size_t			 i;

	if (db->m != NULL)
		return RC_OK;
	if ((db->m = mysql_init(NULL)) == NULL)
		abort();
	mysql_options(db->m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	mysql_options(db->m, MYSQL_OPT_CONNECT_TIMEOUT, &to);
	mysql_options(db->m, MYSQL_OPT_READ_TIMEOUT, &rto);
	mysql_options(db->m, MYSQL_OPT_WRITE_TIMEOUT, &rto);
	mysql_options(db->m, MYSQL_INIT_COMMAND,
	    "SET time_zone = '+08:00', sql_mode = 'STRICT_ALL_TABLES,"
	    "NO_ZERO_DATE,NO_ZERO_IN_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
	    "NO_ENGINE_SUBSTITUTION'");
	if (mysql_real_connect(db->m, c->db_host, c->db_user, c->db_pass,
	    c->db_name, c->db_port, c->db_socket, 0) == NULL) {
		log_warnx("mysql_real_connect: %s", mysql_error(db->m));
		disconnect(db);
		return RC_UNAVAIL;
	}
	for (i = 0; i < db->n; i++) {
		if ((db->st[i] = mysql_stmt_init(db->m)) == NULL)
			abort();
		if (mysql_stmt_prepare(db->st[i], db->sql[i],
		    strlen(db->sql[i])) != 0) {
			unsigned int e = mysql_stmt_errno(db->st[i]);

			if (quiet && (e == ER_TABLEACCESS_DENIED_ERROR ||
			    e == ER_COLUMNACCESS_DENIED_ERROR)) {
				disconnect(db);
				return RC_RETRY;
			}
			log_warnx("prepare statement %zu: %s", i,
			    mysql_stmt_error(db->st[i]));
			disconnect(db);
			return gone(e) ? RC_UNAVAIL : RC_ERROR;
		}
	}
	db->gen++;
	return RC_OK;
}

/*
 * Map a server error to a return code, once for every caller: deadlocks
 * retry, a duplicate key or a row still referenced by a foreign key
 * (deleting something in use) is a conflict (409), a missing referenced
 * row (the request names a parent that does not exist) is RC_NOTFOUND
 * (404).  Anything else is logged here; a lost server disconnects.
 */
static enum rc
classify(struct db *db, unsigned int e, const char *msg, const char *what)
{
	if (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT)
		return RC_RETRY;
	if (e == ER_DUP_ENTRY || e == ER_DUP_KEY)
		return RC_CONFLICT;
	if (e == ER_ROW_IS_REFERENCED_2 || e == ER_ROW_IS_REFERENCED)
		return RC_CONFLICT;
	if (e == ER_NO_REFERENCED_ROW_2 || e == ER_NO_REFERENCED_ROW)
		return RC_NOTFOUND;
	log_warnx("%s: %s (%u)", what, msg, e);
	if (gone(e)) {
		disconnect(db);
		return RC_UNAVAIL;
	}
	return RC_ERROR;
}

static void
q_free(void *p)
{
	struct dbq	*q = p;

	/* A reconnect closed the statement already. */
	if (q->gen == q->db->gen && q->st != NULL)
		mysql_stmt_free_result(q->st);
}

/* Bind parameters from an array of typed values. */
static MYSQL_BIND *
bind_args(struct arena *a, const struct dbarg *args, size_t n)
{
	MYSQL_BIND	*b;
	unsigned long	*len;
	size_t		 i;

	b = arena_calloc(a, n ? n : 1, sizeof(*b));
	len = arena_calloc(a, n ? n : 1, sizeof(*len));
	for (i = 0; i < n; i++) {
		switch (args[i].type) {
		case DBT_INT:
		case DBT_NINT:
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = (void *)(uintptr_t)&args[i].i;
			if (args[i].type == DBT_NINT && args[i].i == 0)
				b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case DBT_STR:
		case DBT_BLOB:
			if (args[i].p == NULL) {
				b[i].buffer_type = MYSQL_TYPE_NULL;
				break;
			}
			b[i].buffer_type = args[i].type == DBT_STR ?
			    MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
			b[i].buffer = (void *)(uintptr_t)args[i].p;
			len[i] = args[i].len;
			b[i].buffer_length = len[i];
			b[i].length = &len[i];
			break;
		default:
			abort();
		}
	}
	return b;
}

/*
 * After a successful execute: report what the statement did and keep
 * its rows, if any, for db_next().  A statement without a result set
 * gives a query with no rows, so NULL always means failure.
 */
static enum rc
finish(struct db *db, struct arena *a, MYSQL_STMT *st, struct dbq **out,
    struct dbres *res)
{
	MYSQL_RES	*meta;
	struct dbq	*q;

	if (res != NULL) {
		res->insert_id = (int64_t)mysql_stmt_insert_id(st);
		res->affected = mysql_stmt_affected_rows(st);
	}
	q = arena_calloc(a, 1, sizeof(*q));
	q->db = db;
	q->a = a;
	q->st = st;
	q->gen = db->gen;
	*out = q;
	if ((meta = mysql_stmt_result_metadata(st)) == NULL)
		return RC_OK;
	q->ncols = mysql_num_fields(meta);
	mysql_free_result(meta);
	if (mysql_stmt_store_result(st) != 0) {
		*out = NULL;
		return classify(db, mysql_stmt_errno(st), mysql_stmt_error(st),
		    "mysql_stmt_store_result");
	}
	arena_defer(a, q_free, q);
	return RC_OK;
}

/* The number of rows a query holds. */
uint64_t
db_rows(struct dbq *q)
{
	return q != NULL && q->ncols > 0 && q->gen == q->db->gen ?
	    (uint64_t)mysql_stmt_num_rows(q->st) : 0;
}

/*
 * Execute statement idx with args[n].  A connection lost outside a
 * transaction is re-established and the statement retried once.
 */
static enum rc
run(struct db *db, struct arena *a, size_t idx, const struct dbarg *args,
    size_t n, struct dbq **out, struct dbres *res)
{
	MYSQL_STMT	*st;
	int		 tries;
	enum rc		 rc;

	*out = NULL;
	if (idx >= db->n) {
		log_warnx("statement %zu: no such statement", idx);
		return RC_ERROR;
	}
	for (tries = 0; ; tries++) {
		if ((rc = db_connect(db)) != RC_OK)
			return rc;
		st = db->st[idx];
		if (mysql_stmt_param_count(st) != n) {
			log_warnx("statement %zu: %lu parameters, %zu bound",
			    idx, mysql_stmt_param_count(st), n);
			return RC_ERROR;
		}
		if (mysql_stmt_bind_param(st, bind_args(a, args, n)) == 0 &&
		    mysql_stmt_execute(st) == 0)
			break;
		/* A lost connection outside a transaction: retry once. */
		if (gone(mysql_stmt_errno(st)) && !db->in_tx && tries == 0) {
			log_warnx("statement %zu: %s; reconnecting", idx,
			    mysql_stmt_error(st));
			disconnect(db);
			continue;
		}
		return classify(db, mysql_stmt_errno(st), mysql_stmt_error(st),
		    "mysql_stmt_execute");
	}
	return finish(db, a, st, out, res);
}

/*
 * Execute statement idx with args[n] and keep its rows for db_next().
 * Returns the arena-owned query (with no rows for a statement that
 * returns none), or NULL with *rc set: NULL means failure, always.
 */
struct dbq *
db_run(struct db *db, struct arena *a, enum rc *rc, size_t idx,
    const struct dbarg *args, size_t n)
{
	struct dbq	*q;

	*rc = run(db, a, idx, args, n, &q, NULL);
	return *rc == RC_OK ? q : NULL;
}

/*
 * Execute a statement for what it does; when res is not NULL it gets
 * the affected rows and the insert id of this very statement.
 */
enum rc
db_exec(struct db *db, struct arena *a, size_t idx, const struct dbarg *args,
    size_t n, struct dbres *res)
{
	struct dbq	*q;

	if (res != NULL)
		memset(res, 0, sizeof(*res));
	return run(db, a, idx, args, n, &q, res);
}

/*
 * Fetch the next row into out[n]: numbers into int64_t (NULL reads as
 * 0), text and bytes arena-owned and NUL-terminated (NULL for SQL NULL).
 * Returns 1 for a row, 0 at the end, -1 on error (logged).
 */
int
db_next(struct dbq *q, const struct dbout *out, size_t n)
{
	MYSQL_BIND	*b;
	unsigned long	*len;
	my_bool		*isnull;
	int64_t		*iv;
	size_t		 i;
	int		 r;
	char		*p;

	if (q == NULL || q->ncols == 0)
		return 0;
	if (q->gen != q->db->gen)
		return -1;
	if (n != q->ncols) {
		log_warnx("db_next: %zu columns asked, %u returned", n,
		    q->ncols);
		return -1;
	}
	b = arena_calloc(q->a, n, sizeof(*b));
	len = arena_calloc(q->a, n, sizeof(*len));
	isnull = arena_calloc(q->a, n, sizeof(*isnull));
	iv = arena_calloc(q->a, n, sizeof(*iv));
	for (i = 0; i < n; i++) {
		b[i].length = &len[i];
		b[i].is_null = &isnull[i];
		if (out[i].type == DBT_INT) {
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = &iv[i];
		} else	/* the client converts numbers to text here */
			b[i].buffer_type = MYSQL_TYPE_BLOB;
	}
	if (mysql_stmt_bind_result(q->st, b) != 0) {
		log_warnx("mysql_stmt_bind_result: %s", mysql_stmt_error(q->st));
		return -1;
	}
	r = mysql_stmt_fetch(q->st);
	if (r == MYSQL_NO_DATA)
		return 0;
	if (r != 0 && r != MYSQL_DATA_TRUNCATED) {
		log_warnx("mysql_stmt_fetch: %s", mysql_stmt_error(q->st));
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (out[i].type == DBT_INT) {
			*out[i].i = isnull[i] ? 0 : iv[i];
			continue;
		}
		p = NULL;
		if (!isnull[i]) {
			p = arena_alloc(q->a, len[i] + 1);
			b[i].buffer = p;
			b[i].buffer_length = len[i];
			if (len[i] > 0 && mysql_stmt_fetch_column(q->st, &b[i],
			    (unsigned)i, 0)) {
				log_warnx("mysql_stmt_fetch_column: %s",
				    mysql_stmt_error(q->st));
				return -1;
			}
			p[len[i]] = '\0';
		}
		if (out[i].type == DBT_STR)
			*out[i].s = p;
		else {
			*out[i].p = p;
			*out[i].len = p == NULL ? 0 : len[i];
		}
	}
	return 1;
}

/*
 * Fetch the next row with every one of its n columns as text into
 * out[] (arena-owned; NULL for SQL NULL).  Returns 1, 0 or -1.
 */
int
db_next_strs(struct dbq *q, const char **out, size_t n)
{
	struct dbout	 o[64];
	size_t		 i;

	if (n > nitems(o))
		abort();
	for (i = 0; i < n; i++)
		o[i] = db_os(&out[i]);
	return db_next(q, o, n);
}

/*
 * Run statement idx and fetch its one row into out[nout].  Returns
 * RC_OK, RC_NOTFOUND when there is no row, or the failure (logged).
 */
enum rc
db_row(struct db *db, struct arena *a, size_t idx, const struct dbarg *args,
    size_t n, const struct dbout *out, size_t nout)
{
	struct dbq	*q;
	enum rc		 rc;

	if ((q = db_run(db, a, &rc, idx, args, n)) == NULL)
		return rc;
	if (q->ncols == 0) {
		log_warnx("statement %zu: returns no rows", idx);
		return RC_ERROR;
	}
	switch (db_next(q, out, nout)) {
	case 1:
		return RC_OK;
	case 0:
		return RC_NOTFOUND;
	default:
		return RC_ERROR;
	}
}

/*
 * Run a statement whose one row holds one number (a COUNT) with the
 * integer parameters a and, when the statement has two, b; the number
 * goes into *n.  Returns RC_OK or the failure.
 */
/*
 * For a row that must exist (a chain head, the current letter): its
 * absence is broken data, a logged RC_ERROR rather than a 404.
 */
enum rc
db_must(enum rc rc, const char *what)
{
	if (rc != RC_NOTFOUND)
		return rc;
	log_warnx("%s: the row that must exist is missing", what);
	return RC_ERROR;
}

enum rc
db_count(struct db *db, struct arena *ar, size_t idx, int64_t a, int64_t b,
    int64_t *n)
{
	struct dbarg	 args[2];
	int		 two;

	*n = 0;
	if (idx >= db->n)
		return RC_ERROR;
	two = db_connect(db) == RC_OK &&
	    mysql_stmt_param_count(db->st[idx]) == 2;
	args[0] = db_i(a);
	args[1] = db_i(b);
	return db_row(db, ar, idx, args, two ? 2 : 1, DB_OUT(DB_OI(n)));
}

/*
 * Open a transaction.  A lost connection is re-established first, since
 * nothing of this transaction can be lost yet.
 */
enum rc
db_begin(struct db *db)
{
	enum rc	 rc;
	int	 tries;

	for (tries = 0; tries < 2; tries++) {
		if ((rc = db_connect(db)) != RC_OK)
			return rc;
		if (mysql_query(db->m, "START TRANSACTION") == 0) {
			db->in_tx = 1;
			return RC_OK;
		}
		if (!gone(mysql_errno(db->m)) || tries == 1)
			break;
		disconnect(db);
	}
	return classify(db, mysql_errno(db->m), mysql_error(db->m),
	    "START TRANSACTION");
}

/*
 * Commit when rc is RC_OK, roll back otherwise.  Returns rc, or the
 * failure of the commit itself (RC_RETRY on a deadlock).
 */
enum rc
db_end(struct db *db, enum rc rc)
{
	enum rc	 crc;

	if (db->m == NULL || !db->in_tx)
		return rc == RC_OK ? RC_UNAVAIL : rc;
	db->in_tx = 0;
	if (rc == RC_OK) {
		if (mysql_query(db->m, "COMMIT") != 0) {
			crc = classify(db, mysql_errno(db->m), mysql_error(db->m),
			    "COMMIT");
			if (db->m != NULL)
				mysql_query(db->m, "ROLLBACK");
			return crc;
		}
		return RC_OK;
	}
	if (mysql_query(db->m, "ROLLBACK") != 0)
		(void)classify(db, mysql_errno(db->m), mysql_error(db->m),
		    "ROLLBACK");
	return rc;
}

/*
 * Run fn(arg) inside one transaction; a deadlock (1213) or lock wait
 * timeout retries the whole transaction once, then gives RC_RETRY.
 */
enum rc
db_tx(struct db *db, enum rc (*fn)(void *), void *arg)
{
	enum rc	 rc;
	int	 tries;

	for (tries = 0; tries < 2; tries++) {
		if ((rc = db_begin(db)) != RC_OK)
			return rc;
		rc = db_end(db, fn(arg));
		if (rc != RC_RETRY)
			return rc;
		log_info("transaction deadlocked; %s", tries ? "giving up" :
		    "retrying");
	}
	return RC_RETRY;	/* 409 "系统繁忙，请重试", not "already exists" */
}
