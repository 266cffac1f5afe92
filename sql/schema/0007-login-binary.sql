-- 0007-login-binary.sql: a login has one spelling and compares byte for
-- byte.  Under utf8mb4_unicode_ci, 'ａｄｍｉｎ', 'ádmin' and 'ADMIN' all
-- equalled 'admin', so a spelling the throttle did not count reached the
-- account.  Staff logins are ASCII in lower case (the code folds what is
-- typed); students' logins are the lower-case hex of their blind index.
-- The unique key then holds one row per spelling, and the check keeps
-- any other spelling out.
UPDATE account SET login = LOWER(login) WHERE role <> 'student';
ALTER TABLE account
    MODIFY login VARCHAR(80) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    ADD CONSTRAINT account_login_canon
	CHECK (login REGEXP '^[a-z0-9_.-]{3,64}$');

-- Expired counters are swept on each failure (first_fail older than the
-- 15-minute window): an index keeps the sweep from scanning the table.
ALTER TABLE login_throttle ADD KEY login_throttle_first (first_fail);
