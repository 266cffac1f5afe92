/* sql_jobs.c: the statements of 批量下载 (the job table, 0014-jobs.sql). */
#include "app.h"
#include "issuance.h"

/* What a job page and the state endpoint show. */
#define JOB_COLS \
	"SELECT id, kind, summary, state, total, done, error, " \
	    "IFNULL(file_name, ''), IFNULL(file_size, 0), " \
	    "DATE_FORMAT(created_at, '%Y-%m-%d %H:%i'), " \
	    "IFNULL(DATE_FORMAT(expires_at, '%Y-%m-%d %H:%i'), '') FROM job "

const char *const iss_jobs_sql[STMT__MAX] = {
	/* The selected certificates, for the checks of a new job. */
	[STMT_J_PICK] = "SELECT j.id, IFNULL(c.number, ''), "
	    "IFNULL(c.status, ''), IFNULL(c.organisation_id, 0), "
	    "IFNULL(c.institution_id, 0) FROM "
	    "JSON_TABLE(?, '$[*]' COLUMNS (seq FOR ORDINALITY, "
	    "id BIGINT UNSIGNED PATH '$')) j "
	    "LEFT JOIN certificate c ON c.id = j.id ORDER BY j.seq",
	[STMT_J_INSERT] = "INSERT INTO job (account_id, kind, scope_kind, "
	    "scope_id, ids, summary, total) VALUES (?, ?, ?, ?, ?, ?, ?)",
	/* 我的下载任务: the caller's own, newest first. */
	[STMT_J_MINE] = JOB_COLS "WHERE account_id = ? ORDER BY id DESC "
	    "LIMIT 100",
	[STMT_J_ONE] = JOB_COLS "WHERE id = ? AND account_id = ?",
	/*
	 * The worker: one job, queued or whose worker's lease ran out,
	 * taken by one statement (row lock), restarted from scratch.
	 */
	[STMT_J_CLAIM] = "UPDATE job SET state = 'running', worker = ?, "
	    "lease_until = NOW(3) + INTERVAL ? SECOND, heartbeat_at = NOW(3), "
	    "attempts = attempts + 1, done = 0, "
	    "started_at = IFNULL(started_at, NOW()) "
	    "WHERE state = 'queued' OR (state = 'running' AND "
	    "lease_until < NOW(3)) ORDER BY id LIMIT 1",
	[STMT_J_CLAIMED] = "SELECT id, kind, scope_kind, scope_id, ids, total, "
	    "attempts FROM job WHERE worker = ? AND state = 'running' "
	    "ORDER BY id LIMIT 1",
	[STMT_J_BEAT] = "UPDATE job SET done = ?, "
	    "lease_until = NOW(3) + INTERVAL ? SECOND, heartbeat_at = NOW(3) "
	    "WHERE id = ? AND worker = ? AND state = 'running'",
	[STMT_J_DONE] = "UPDATE job SET state = 'done', done = total, "
	    "file_name = ?, file_size = ?, file_sha256 = ?, worker = NULL, "
	    "lease_until = NULL, finished_at = NOW(), "
	    "expires_at = NOW() + INTERVAL 1 DAY "
	    "WHERE id = ? AND worker = ? AND state = 'running'",
	[STMT_J_FAIL] = "UPDATE job SET state = 'failed', error = ?, "
	    "worker = NULL, lease_until = NULL, finished_at = NOW() "
	    "WHERE id = ? AND worker = ? AND state = 'running'",
	/* Given back (the worker stops): the next worker starts it again. */
	[STMT_J_RELEASE] = "UPDATE job SET state = 'queued', worker = NULL, "
	    "lease_until = NULL, done = 0 "
	    "WHERE id = ? AND worker = ? AND state = 'running'",
	[STMT_J_EXPIRING] = "SELECT id, IFNULL(file_name, '') FROM job "
	    "WHERE state = 'done' AND expires_at <= NOW() ORDER BY id "
	    "LIMIT 100",
	[STMT_J_EXPIRE] = "UPDATE job SET state = 'expired' "
	    "WHERE id = ? AND state = 'done' AND expires_at <= NOW()",
};
