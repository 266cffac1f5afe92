-- 0001-core.sql: organisations, institutions, accounts, sessions, throttling, audit.

CREATE TABLE organisation (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	code		VARCHAR(32) NOT NULL,
	name		VARCHAR(100) NOT NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
			    ON UPDATE CURRENT_TIMESTAMP,
	UNIQUE KEY organisation_code (code),
	UNIQUE KEY organisation_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 试点院校; each is also an assessment site (考核站点).
CREATE TABLE institution (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	code		CHAR(20) NOT NULL,
	name		VARCHAR(100) NOT NULL,
	region		VARCHAR(60) NOT NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
			    ON UPDATE CURRENT_TIMESTAMP,
	UNIQUE KEY institution_code (code),
	CONSTRAINT institution_code_digits CHECK (code REGEXP '^[0-9]{20}$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every person who logs in.  Students log in with their ID number, whose
-- blind index (hex) is their login.  principal_of makes "one principal
-- per institution" a unique key.
CREATE TABLE account (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	login		VARCHAR(80) NOT NULL,
	display_name	VARCHAR(60) NOT NULL,
	role		ENUM('admin','org','principal','biz','student') NOT NULL,
	organisation_id	BIGINT UNSIGNED NULL,
	institution_id	BIGINT UNSIGNED NULL,
	pw_hash		VARCHAR(200) NOT NULL,
	must_change_pw	TINYINT(1) NOT NULL DEFAULT 0,
	disabled	TINYINT(1) NOT NULL DEFAULT 0,
	created_by	BIGINT UNSIGNED NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	pw_changed_at	TIMESTAMP NULL,
	principal_of	BIGINT UNSIGNED AS
			    (IF(role = 'principal', institution_id, NULL)) PERSISTENT,
	UNIQUE KEY account_login (login),
	UNIQUE KEY account_one_principal (principal_of),
	KEY account_inst (institution_id, role),
	KEY account_org (organisation_id),
	CONSTRAINT account_org_fk FOREIGN KEY (organisation_id)
	    REFERENCES organisation (id),
	CONSTRAINT account_inst_fk FOREIGN KEY (institution_id)
	    REFERENCES institution (id),
	CONSTRAINT account_scope CHECK (
	    (role = 'admin' AND organisation_id IS NULL AND institution_id IS NULL)
	    OR (role = 'org' AND organisation_id IS NOT NULL
		AND institution_id IS NULL)
	    OR (role IN ('principal', 'biz') AND institution_id IS NOT NULL
		AND organisation_id IS NULL)
	    OR (role = 'student' AND organisation_id IS NULL
		AND institution_id IS NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The principal is the institution's initial account: it cannot be
-- deleted, demoted or disabled.
DELIMITER //
CREATE TRIGGER account_principal_upd BEFORE UPDATE ON account FOR EACH ROW
BEGIN
	IF OLD.role = 'principal' AND (NEW.role <> 'principal'
	    OR NEW.institution_id <> OLD.institution_id OR NEW.disabled <> 0) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'the institution principal cannot be demoted, moved or disabled';
	END IF;
END//
CREATE TRIGGER account_principal_del BEFORE DELETE ON account FOR EACH ROW
BEGIN
	IF OLD.role = 'principal' THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'the institution principal cannot be deleted';
	END IF;
END//
DELIMITER ;

-- Sessions: only the SHA-256 of the cookie token is stored.
CREATE TABLE session (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	token_hash	BINARY(32) NOT NULL,
	account_id	BIGINT UNSIGNED NOT NULL,
	csrf		CHAR(64) NOT NULL,
	ip		VARCHAR(45) NOT NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	last_seen	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE KEY session_token (token_hash),
	KEY session_account (account_id),
	KEY session_seen (last_seen),
	CONSTRAINT session_account_fk FOREIGN KEY (account_id)
	    REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failed logins per account and per address (hashed keys), shared by
-- every responder on every host.
CREATE TABLE login_throttle (
	key_hash	BINARY(32) NOT NULL PRIMARY KEY,
	kind		ENUM('account','ip') NOT NULL,
	fails		INT UNSIGNED NOT NULL,
	first_fail	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	last_fail	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The audit chain: each row's hash covers the previous hash and its own
-- fields; audit_head serialises writers and holds the newest hash.
CREATE TABLE audit_head (
	id		TINYINT UNSIGNED NOT NULL PRIMARY KEY,
	seq		BIGINT UNSIGNED NOT NULL,
	last_hash	CHAR(64) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
INSERT INTO audit_head (id, seq, last_hash) VALUES (1, 0, '');

CREATE TABLE audit_log (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	seq		BIGINT UNSIGNED NOT NULL,
	prev_hash	CHAR(64) NOT NULL,
	hash		CHAR(64) NOT NULL,
	at_utc		CHAR(20) NOT NULL,
	account_id	BIGINT UNSIGNED NULL,
	action		VARCHAR(64) NOT NULL,
	object_type	VARCHAR(32) NOT NULL,
	object_id	BIGINT NOT NULL,
	ip		VARCHAR(45) NOT NULL,
	detail		VARCHAR(500) NOT NULL,
	UNIQUE KEY audit_seq (seq),
	KEY audit_object (object_type, object_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

DELIMITER //
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW
BEGIN
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only';
END//
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW
BEGIN
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'audit_log is append-only';
END//
DELIMITER ;

CREATE TABLE notification (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	account_id	BIGINT UNSIGNED NOT NULL,
	title		VARCHAR(200) NOT NULL,
	link		VARCHAR(200) NOT NULL DEFAULT '',
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	read_at		TIMESTAMP NULL,
	KEY notification_account (account_id, read_at),
	CONSTRAINT notification_account_fk FOREIGN KEY (account_id)
	    REFERENCES account (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
