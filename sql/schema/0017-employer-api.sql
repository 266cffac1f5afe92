-- 0017-employer-api.sql: employers' checks (证书查询 API and batch),
-- their API keys, the students' share codes (分享码) and the log of
-- every check that reached a certificate, which the student sees.
-- Keys and share codes are stored only as SHA-256 of the secret (both
-- carry 60 bits or more of randomness, so a plain hash is enough); no
-- table here holds an ID number, its blind index or a caller's address.

-- An employer's key, issued by the platform admin; shown once.
CREATE TABLE api_key (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	employer	VARCHAR(100) NOT NULL,
	contact		VARCHAR(100) NOT NULL,
	prefix		CHAR(8) NOT NULL,	-- the key's first characters, to tell keys apart
	key_hash	BINARY(32) NOT NULL,
	per_minute	INT UNSIGNED NOT NULL DEFAULT 60,	-- requests
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	created_by	BIGINT UNSIGNED NOT NULL,
	revoked_at	TIMESTAMP NULL,
	UNIQUE KEY api_key_hash (key_hash),
	CONSTRAINT api_key_creator FOREIGN KEY (created_by) REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every use of the API (one row a request): key (NULL: anonymous), how
-- many checks it held and their verdicts ("valid:2 not_found:1").
CREATE TABLE api_use (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	key_id		BIGINT UNSIGNED NULL,
	used_at		TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	kind		ENUM('check','batch','refused') NOT NULL,
	checks		INT UNSIGNED NOT NULL,
	verdict		VARCHAR(200) NOT NULL,
	KEY api_use_key (key_id, id),
	CONSTRAINT api_use_key FOREIGN KEY (key_id) REFERENCES api_key (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Rate limits: requests per bucket (SHA-256 of "key:<id>" or
-- "ip:<address>") and minute, shared by every process and host.
CREATE TABLE api_rate (
	bucket		BINARY(32) NOT NULL,
	minute		INT UNSIGNED NOT NULL,	-- UNIX time / 60
	hits		INT UNSIGNED NOT NULL,
	PRIMARY KEY (bucket, minute),
	KEY api_rate_minute (minute)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A student's share code for one certificate: 7, 30 or 90 days.
CREATE TABLE share_code (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	certificate_id	BIGINT UNSIGNED NOT NULL,
	account_id	BIGINT UNSIGNED NOT NULL,	-- the holder who made it
	code_hash	BINARY(32) NOT NULL,
	hint		CHAR(4) NOT NULL,		-- its last four characters
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	expires_at	TIMESTAMP NOT NULL,
	revoked_at	TIMESTAMP NULL,
	UNIQUE KEY share_code_hash (code_hash),
	KEY share_code_holder (account_id, id),
	CONSTRAINT share_code_cert FOREIGN KEY (certificate_id)
	    REFERENCES certificate (id),
	CONSTRAINT share_code_account FOREIGN KEY (account_id)
	    REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every check by API, batch or share-code page that found a certificate:
-- when, how (ID number or share code), by whom (key or 公开查询).
CREATE TABLE verify_use (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	certificate_id	BIGINT UNSIGNED NOT NULL,
	used_at		TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	via		ENUM('idno','share') NOT NULL,
	channel		ENUM('api','batch','page') NOT NULL,
	share_id	BIGINT UNSIGNED NULL,
	key_id		BIGINT UNSIGNED NULL,
	KEY verify_use_cert (certificate_id, id),
	CONSTRAINT verify_use_cert FOREIGN KEY (certificate_id)
	    REFERENCES certificate (id),
	CONSTRAINT verify_use_share FOREIGN KEY (share_id)
	    REFERENCES share_code (id),
	CONSTRAINT verify_use_key FOREIGN KEY (key_id) REFERENCES api_key (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
