/* db.c: the MariaDB connection, its prepared statements and transactions. */
#include <err.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

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
	int64_t			 insert_id;
	uint64_t		 affected;
};

struct	dbq {
	struct db	*db;
	struct arena	*a;
	MYSQL_STMT	*st;
	unsigned int	 gen;
	unsigned int	 ncols;
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

/*
 * Connect and prepare every statement.  Returns RC_OK, RC_UNAVAIL when
 * the server cannot be reached, or RC_ERROR when a statement does not
 * prepare (schema and code disagree: fatal at start-up).
 */
enum rc
db_connect(struct db *db)
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

			log_warnx("prepare statement %zu: %s", i,
			    mysql_stmt_error(db->st[i]));
			disconnect(db);
			return gone(e) ? RC_UNAVAIL : RC_ERROR;
		}
	}
	db->gen++;
	return RC_OK;
}

static enum rc
classify(struct db *db, unsigned int e, const char *msg, const char *what)
{
	if (e == ER_LOCK_DEADLOCK || e == ER_LOCK_WAIT_TIMEOUT)
		return RC_RETRY;
	if (e == ER_DUP_ENTRY || e == ER_DUP_KEY)
		return RC_CONFLICT;
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

/*
 * Bind parameters described by fmt: i = int64_t, n = int64_t where 0
 * is NULL, s = const char * (NULL is NULL), b = const void *, size_t.
 */
static MYSQL_BIND *
bind_params(struct arena *a, const char *fmt, va_list ap)
{
	MYSQL_BIND	*b;
	size_t		 i, n = strlen(fmt);
	int64_t		*iv;
	unsigned long	*len;
	const char	*s;

	b = arena_calloc(a, n ? n : 1, sizeof(*b));
	iv = arena_calloc(a, n ? n : 1, sizeof(*iv));
	len = arena_calloc(a, n ? n : 1, sizeof(*len));
	for (i = 0; i < n; i++) {
		switch (fmt[i]) {
		case 'i':
		case 'n':
			iv[i] = va_arg(ap, int64_t);
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = &iv[i];
			if (fmt[i] == 'n' && iv[i] == 0)
				b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (s == NULL) {
				b[i].buffer_type = MYSQL_TYPE_NULL;
				break;
			}
			b[i].buffer_type = MYSQL_TYPE_STRING;
			b[i].buffer = (void *)(uintptr_t)s;
			len[i] = strlen(s);
			b[i].buffer_length = len[i];
			b[i].length = &len[i];
			break;
		case 'b':
			b[i].buffer_type = MYSQL_TYPE_BLOB;
			b[i].buffer = (void *)(uintptr_t)va_arg(ap, const void *);
			len[i] = va_arg(ap, size_t);
			b[i].buffer_length = len[i];
			b[i].length = &len[i];
			break;
		default:
			abort();
		}
	}
	return b;
}

/* Bind parameters from an array (see db_exec_args). */
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
		case 'i':
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = (void *)(uintptr_t)&args[i].i;
			break;
		case 's':
		case 'b':
			if (args[i].p == NULL) {
				b[i].buffer_type = MYSQL_TYPE_NULL;
				break;
			}
			b[i].buffer_type = args[i].type == 's' ?
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

/* After a successful execute: keep the rows, if any, for db_next(). */
static enum rc
finish(struct db *db, struct arena *a, MYSQL_STMT *st, struct dbq **out)
{
	MYSQL_RES	*meta;
	struct dbq	*q;

	db->insert_id = (int64_t)mysql_stmt_insert_id(st);
	db->affected = mysql_stmt_affected_rows(st);
	*out = NULL;
	if ((meta = mysql_stmt_result_metadata(st)) == NULL)
		return RC_OK;
	q = arena_calloc(a, 1, sizeof(*q));
	q->db = db;
	q->a = a;
	q->st = st;
	q->gen = db->gen;
	q->ncols = mysql_num_fields(meta);
	mysql_free_result(meta);
	if (mysql_stmt_store_result(st) != 0)
		return classify(db, mysql_stmt_errno(st), mysql_stmt_error(st),
		    "mysql_stmt_store_result");
	arena_defer(a, q_free, q);
	*out = q;
	return RC_OK;
}

/*
 * Execute statement idx with parameters from an array (for statements
 * with many placeholders, such as multi-row inserts).  Returns the rows
 * as db_run() does, or NULL with *rc set.
 */
struct dbq *
db_run_args(struct db *db, struct arena *a, enum rc *rc, size_t idx,
    const struct dbarg *args, size_t n)
{
	MYSQL_STMT	*st;
	struct dbq	*q = NULL;

	if ((*rc = db_connect(db)) != RC_OK)
		return NULL;
	st = db->st[idx];
	if (mysql_stmt_param_count(st) != n) {
		log_warnx("statement %zu: %lu parameters, %zu bound", idx,
		    mysql_stmt_param_count(st), n);
		*rc = RC_ERROR;
		return NULL;
	}
	if (mysql_stmt_bind_param(st, bind_args(a, args, n)) != 0 ||
	    mysql_stmt_execute(st) != 0) {
		*rc = classify(db, mysql_stmt_errno(st), mysql_stmt_error(st),
		    "mysql_stmt_execute");
		return NULL;
	}
	*rc = finish(db, a, st, &q);
	return q;
}

/* The same, for statements that return no rows. */
enum rc
db_exec_args(struct db *db, struct arena *a, size_t idx,
    const struct dbarg *args, size_t n)
{
	enum rc	 rc;

	(void)db_run_args(db, a, &rc, idx, args, n);
	return rc;
}

/* The number of rows a query holds. */
uint64_t
db_rows(struct dbq *q)
{
	return q != NULL && q->gen == q->db->gen ?
	    (uint64_t)mysql_stmt_num_rows(q->st) : 0;
}

static enum rc
run(struct db *db, struct arena *a, size_t idx, const char *fmt,
    va_list ap, struct dbq **out)
{
	MYSQL_STMT	*st;
	MYSQL_BIND	*b;
	va_list		 ap2;
	enum rc		 rc;
	int		 tries;

	for (tries = 0; ; tries++) {
		if ((rc = db_connect(db)) != RC_OK)
			return rc;
		st = db->st[idx];
		/* Checked before reading the arguments the format promises. */
		if (mysql_stmt_param_count(st) != strlen(fmt)) {
			log_warnx("statement %zu: %lu parameters, %zu bound",
			    idx, mysql_stmt_param_count(st), strlen(fmt));
			return RC_ERROR;
		}
		va_copy(ap2, ap);
		b = bind_params(a, fmt, ap2);
		va_end(ap2);
		if (mysql_stmt_bind_param(st, b) == 0 &&
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
	return finish(db, a, st, out);
}

/*
 * Execute statement idx with parameters per fmt (see bind_params) and
 * keep its rows for db_next().  Returns the arena-owned query, or NULL
 * with *rc set (RC_OK with NULL means the statement returns no rows).
 */
struct dbq *
db_run(struct db *db, struct arena *a, enum rc *rc, size_t idx,
    const char *fmt, ...)
{
	struct dbq	*q = NULL;
	va_list		 ap;

	va_start(ap, fmt);
	*rc = run(db, a, idx, fmt, ap, &q);
	va_end(ap);
	return *rc == RC_OK ? q : NULL;
}

/* Execute a statement that returns no rows. */
enum rc
db_exec(struct db *db, struct arena *a, size_t idx, const char *fmt, ...)
{
	struct dbq	*q = NULL;
	va_list		 ap;
	enum rc		 rc;

	va_start(ap, fmt);
	rc = run(db, a, idx, fmt, ap, &q);
	va_end(ap);
	return rc;
}

/*
 * Fetch the next row: column i into iv[i] ('i') or str[i] and slen[i]
 * (otherwise; arena-owned, NUL-terminated, NULL for SQL NULL).
 * Returns 1 for a row, 0 at the end, -1 on error (logged).
 */
static int
fetch(struct dbq *q, const char *fmt, int64_t *iv, const char **str,
    size_t *slen)
{
	MYSQL_BIND	*b;
	unsigned long	*len;
	my_bool		*isnull;
	size_t		 i, n = strlen(fmt);
	int		 r;
	char		*p;

	if (q == NULL || q->gen != q->db->gen)
		return q == NULL ? 0 : -1;
	if (n != q->ncols) {
		log_warnx("db_next: %zu columns asked, %u returned", n,
		    q->ncols);
		return -1;
	}
	b = arena_calloc(q->a, n ? n : 1, sizeof(*b));
	len = arena_calloc(q->a, n ? n : 1, sizeof(*len));
	isnull = arena_calloc(q->a, n ? n : 1, sizeof(*isnull));
	for (i = 0; i < n; i++) {
		b[i].length = &len[i];
		b[i].is_null = &isnull[i];
		if (fmt[i] == 'i') {
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
		if (fmt[i] == 'i') {
			if (isnull[i])
				iv[i] = 0;
			continue;
		}
		str[i] = NULL;
		slen[i] = 0;
		if (isnull[i])
			continue;
		p = arena_alloc(q->a, len[i] + 1);
		b[i].buffer = p;
		b[i].buffer_length = len[i];
		if (len[i] > 0 &&
		    mysql_stmt_fetch_column(q->st, &b[i], (unsigned)i, 0)) {
			log_warnx("mysql_stmt_fetch_column: %s",
			    mysql_stmt_error(q->st));
			return -1;
		}
		p[len[i]] = '\0';
		str[i] = p;
		slen[i] = len[i];
	}
	return 1;
}

/*
 * Fetch the next row into pointers per fmt: i = int64_t * (NULL reads
 * as 0), s = const char ** (arena-owned; NULL for SQL NULL),
 * b = const void **, size_t *.  Returns 1 for a row, 0 at the end,
 * -1 on error (logged).
 */
int
db_next(struct dbq *q, const char *fmt, ...)
{
	int64_t		 iv[64];
	const char	*str[64];
	size_t		 slen[64], i, n = strlen(fmt);
	va_list		 ap;
	int		 r;

	if (n > 64)
		abort();
	if ((r = fetch(q, fmt, iv, str, slen)) != 1)
		return r;
	va_start(ap, fmt);
	for (i = 0; i < n; i++)
		if (fmt[i] == 'i')
			*va_arg(ap, int64_t *) = iv[i];
		else if (fmt[i] == 's')
			*va_arg(ap, const char **) = str[i];
		else {
			*va_arg(ap, const void **) = str[i];
			*va_arg(ap, size_t *) = slen[i];
		}
	va_end(ap);
	return 1;
}

/*
 * Fetch the next row with every one of its n columns as text into
 * out[] (arena-owned; NULL for SQL NULL).  Returns 1, 0 or -1.
 */
int
db_next_strs(struct dbq *q, const char **out, size_t n)
{
	int64_t	 iv[64];
	size_t	 slen[64];
	char	 fmt[65];

	if (n > 64)
		abort();
	memset(fmt, 's', n);
	fmt[n] = '\0';
	return fetch(q, fmt, iv, out, slen);
}

/*
 * Run a statement whose one row holds one number (a COUNT) with the
 * integer parameters a and, when the statement has two, b; the number
 * goes into *n.  Returns RC_OK or the failure.
 */
enum rc
db_count(struct db *db, struct arena *ar, size_t idx, int64_t a, int64_t b,
    int64_t *n)
{
	struct dbq	*q;
	enum rc		 rc;

	*n = 0;
	if (idx >= db->n)
		return RC_ERROR;
	if (db_connect(db) == RC_OK && mysql_stmt_param_count(db->st[idx]) == 2)
		q = db_run(db, ar, &rc, idx, "ii", a, b);
	else
		q = db_run(db, ar, &rc, idx, "i", a);
	if (q == NULL)
		return rc == RC_OK ? RC_ERROR : rc;
	return db_next(q, "i", n) == 1 ? RC_OK : RC_ERROR;
}

int64_t
db_insert_id(struct db *db)
{
	return db->insert_id;
}

uint64_t
db_affected(struct db *db)
{
	return db->affected;
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
