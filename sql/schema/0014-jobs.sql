-- 0014-jobs.sql: background jobs (issue 10, 批量下载).  A job belongs to
-- the account that submitted it and holds the certificate ids it was
-- resolved to at submit time, under the submitter's scope (kept too, so
-- the worker draws under the same scope).  Any worker process claims a
-- queued job, or a running one whose lease has run out (its worker
-- died), with one UPDATE; it renews the lease while it works.  A done
-- job's file lives until expires_at, then the worker deletes it and
-- marks the job expired.
CREATE TABLE job (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	account_id	BIGINT UNSIGNED NOT NULL,
	kind		ENUM('zip_png','zip_print') NOT NULL,	-- 150 or 300 dpi
	scope_kind	ENUM('org','inst') NOT NULL,
	scope_id	BIGINT UNSIGNED NOT NULL,
	ids		MEDIUMTEXT NOT NULL,	-- JSON array of certificate ids
	summary		VARCHAR(200) NOT NULL,
	state		ENUM('queued','running','done','failed','expired')
			    NOT NULL DEFAULT 'queued',
	total		INT UNSIGNED NOT NULL,
	done		INT UNSIGNED NOT NULL DEFAULT 0,
	attempts	SMALLINT UNSIGNED NOT NULL DEFAULT 0,
	worker		VARCHAR(100) NULL,	-- host:pid:nonce of the lease holder
	lease_until	TIMESTAMP(3) NULL,
	heartbeat_at	TIMESTAMP(3) NULL,
	error		VARCHAR(500) NOT NULL DEFAULT '',
	file_name	VARCHAR(100) NULL,	-- under the jobs folder
	file_size	BIGINT UNSIGNED NULL,
	file_sha256	CHAR(64) NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	started_at	TIMESTAMP NULL,
	finished_at	TIMESTAMP NULL,
	expires_at	TIMESTAMP NULL,
	KEY job_account (account_id, id),
	KEY job_state (state, lease_until),
	KEY job_expiry (state, expires_at),
	CONSTRAINT job_account_fk FOREIGN KEY (account_id)
	    REFERENCES account (id),
	CONSTRAINT job_progress CHECK (done <= total)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
