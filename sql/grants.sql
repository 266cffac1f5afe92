-- grants.sql: one MariaDB account per responder, each with its own
-- password (@DB_PASSWORD_<area>@, filled in from the secrets file by
-- deploy/stack.sh) and only the rights its statements need: the area's
-- fcgi/<area>/sql.c plus the common core's fcgi/common/sql.c.  A missing
-- right shows at start-up: every statement is prepared then.
--
-- Rules: data rights only (no DDL at run time); no account has UPDATE or
-- DELETE on audit_log; only xc_issuance writes certificates; password
-- hashes (account.pw_hash) and ID ciphertexts (student.id_cipher) are
-- readable only where they are used.  The operator's tool (xadmin: demo
-- data, first admin, reminders) and the migrations run as the database
-- administrator, not as one of these accounts.
--
-- Re-runnable: every account loses all its rights first, so running this
-- on an older database also drops rights that an earlier version gave.
CREATE USER IF NOT EXISTS 'xc_institution'@'localhost' IDENTIFIED BY '@DB_PASSWORD_institution@';
CREATE USER IF NOT EXISTS 'xc_students'@'localhost' IDENTIFIED BY '@DB_PASSWORD_students@';
CREATE USER IF NOT EXISTS 'xc_issuance'@'localhost' IDENTIFIED BY '@DB_PASSWORD_issuance@';
CREATE USER IF NOT EXISTS 'xc_verification'@'localhost' IDENTIFIED BY '@DB_PASSWORD_verification@';
ALTER USER 'xc_institution'@'localhost' IDENTIFIED BY '@DB_PASSWORD_institution@';
ALTER USER 'xc_students'@'localhost' IDENTIFIED BY '@DB_PASSWORD_students@';
ALTER USER 'xc_issuance'@'localhost' IDENTIFIED BY '@DB_PASSWORD_issuance@';
ALTER USER 'xc_verification'@'localhost' IDENTIFIED BY '@DB_PASSWORD_verification@';
CREATE ROLE IF NOT EXISTS xc_core;
REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'xc_institution'@'localhost';
REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'xc_students'@'localhost';
REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'xc_issuance'@'localhost';
REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'xc_verification'@'localhost';
REVOKE ALL PRIVILEGES, GRANT OPTION FROM xc_core;

-- The common core, prepared by every responder (fcgi/common/sql.c):
-- sessions, login throttling, the audit chain (append only: audit_head
-- is the chain head), the header's unread and open-flag counts.  It
-- recognises a logged-in visitor without reading the password hash.
GRANT SELECT, INSERT, UPDATE, DELETE ON xcert.session TO xc_core;
GRANT SELECT, INSERT, UPDATE, DELETE ON xcert.login_throttle TO xc_core;
GRANT SELECT, UPDATE ON xcert.audit_head TO xc_core;
GRANT INSERT ON xcert.audit_log TO xc_core;
GRANT SELECT (id, login, display_name, role, organisation_id, institution_id,
    must_change_pw, disabled) ON xcert.account TO xc_core;
GRANT SELECT (id, name) ON xcert.organisation TO xc_core;
GRANT SELECT (id, name) ON xcert.institution TO xc_core;
GRANT SELECT (account_id, read_at) ON xcert.notification TO xc_core;
GRANT SELECT (institution_id, organisation_id, state)
    ON xcert.correction_flag TO xc_core;
GRANT xc_core TO 'xc_institution'@'localhost', 'xc_students'@'localhost',
    'xc_issuance'@'localhost', 'xc_verification'@'localhost';
SET DEFAULT ROLE xc_core FOR 'xc_institution'@'localhost';
SET DEFAULT ROLE xc_core FOR 'xc_students'@'localhost';
SET DEFAULT ROLE xc_core FOR 'xc_issuance'@'localhost';
SET DEFAULT ROLE xc_core FOR 'xc_verification'@'localhost';

-- institution (机构管理): login and passwords (the only reader of
-- pw_hash), accounts, organisations and their certificate types,
-- institutions, seals, notifications; certificate counts on the home page.
GRANT SELECT, INSERT (login, display_name, role, organisation_id,
    institution_id, pw_hash, must_change_pw, created_by),
    UPDATE (pw_hash, must_change_pw, pw_changed_at, disabled)
    ON xcert.account TO 'xc_institution'@'localhost';
GRANT SELECT, INSERT (code, name), UPDATE (code, name)
    ON xcert.organisation TO 'xc_institution'@'localhost';
GRANT SELECT, INSERT (organisation_id, name, level)
    ON xcert.certificate_type TO 'xc_institution'@'localhost';
GRANT SELECT, INSERT (code, name, region),
    UPDATE (name, region, site_principal_name, site_principal_title)
    ON xcert.institution TO 'xc_institution'@'localhost';
GRANT SELECT, INSERT, DELETE ON xcert.seal TO 'xc_institution'@'localhost';
GRANT SELECT, INSERT, DELETE ON xcert.seal_upload TO 'xc_institution'@'localhost';
GRANT SELECT ON xcert.auth_letter TO 'xc_institution'@'localhost';
GRANT SELECT, UPDATE (read_at) ON xcert.notification TO 'xc_institution'@'localhost';
GRANT SELECT ON xcert.certificate TO 'xc_institution'@'localhost';
GRANT SELECT ON xcert.certificate_count TO 'xc_institution'@'localhost';
GRANT SELECT (id, account_id) ON xcert.student TO 'xc_institution'@'localhost';
-- (the home page: plan names in the institution's chart, batches
-- waiting for the principal)
GRANT SELECT (id, name) ON xcert.exam_plan TO 'xc_institution'@'localhost';
GRANT SELECT (institution_id, state, created_at)
    ON xcert.signing_request TO 'xc_institution'@'localhost';
-- (the platform admin's check of the audit chain reads it: read only)
GRANT SELECT ON xcert.audit_log TO 'xc_institution'@'localhost';

-- students (学生管理): records with their ID ciphertexts and photos,
-- history, correction flags, exam plans, sites, registrations, results,
-- student logins (set and reset, never read the hash), notifications.
GRANT SELECT, INSERT, UPDATE (name, gender, id_type, id_cipher, id_hmac,
    id_mask, student_type, phone, major, class_name, version, photo,
    account_id) ON xcert.student TO 'xc_students'@'localhost';
GRANT SELECT, INSERT ON xcert.student_change TO 'xc_students'@'localhost';
GRANT SELECT, INSERT, UPDATE (state, note, deadline, rounds, reminded,
    fixed_by, fixed_at, resolved_by, resolved_at)
    ON xcert.correction_flag TO 'xc_students'@'localhost';
GRANT SELECT, INSERT ON xcert.exam_plan TO 'xc_students'@'localhost';
GRANT SELECT, INSERT ON xcert.exam_site TO 'xc_students'@'localhost';
GRANT SELECT, INSERT ON xcert.registration TO 'xc_students'@'localhost';
GRANT SELECT ON xcert.org_student TO 'xc_students'@'localhost';
GRANT SELECT ON xcert.student_hmac_count TO 'xc_students'@'localhost';
-- (the results import upserts: INSERT ... ON DUPLICATE KEY UPDATE needs
-- UPDATE on every inserted column; the trigger exam_result_final keeps
-- a result with a certificate unchanged)
GRANT SELECT, INSERT, UPDATE (plan_id, student_id, site_id, status, score)
    ON xcert.exam_result TO 'xc_students'@'localhost';
GRANT SELECT ON xcert.institution TO 'xc_students'@'localhost';
GRANT SELECT ON xcert.certificate_type TO 'xc_students'@'localhost';
GRANT SELECT ON xcert.certificate TO 'xc_students'@'localhost';
GRANT INSERT (login, display_name, role, pw_hash, must_change_pw, created_by),
    UPDATE (pw_hash, must_change_pw)
    ON xcert.account TO 'xc_students'@'localhost';
GRANT INSERT (account_id, title, link)
    ON xcert.notification TO 'xc_students'@'localhost';

-- issuance (证书管理): the only writer of certificates (generation,
-- signing, rejection); lists read masks and blind indexes; the ID
-- ciphertext only for the print copy.  Signing requests, signatures and certificate events
-- join this block.
GRANT SELECT, INSERT, UPDATE ON xcert.certificate TO 'xc_issuance'@'localhost';
GRANT SELECT ON xcert.certificate_count TO 'xc_issuance'@'localhost';
-- the list's organisation totals and its choices' versions (0024)
GRANT SELECT ON xcert.certificate_count_org TO 'xc_issuance'@'localhost';
GRANT SELECT ON xcert.choice_version TO 'xc_issuance'@'localhost';
GRANT SELECT, INSERT ON xcert.certificate_event TO 'xc_issuance'@'localhost';
GRANT SELECT, INSERT, UPDATE ON xcert.certificate_serial
    TO 'xc_issuance'@'localhost';
GRANT SELECT, INSERT, UPDATE (state, outcome, done_at, token_hash, nonce,
    expires_at, signer_id) ON xcert.signing_request
    TO 'xc_issuance'@'localhost';
GRANT SELECT, INSERT ON xcert.signing_item TO 'xc_issuance'@'localhost';
GRANT SELECT, INSERT ON xcert.signature TO 'xc_issuance'@'localhost';
GRANT SELECT (id, owner_type, owner_id, version, png, sha256)
    ON xcert.seal TO 'xc_issuance'@'localhost';
-- id_cipher: the print copy (300 dpi, PDF) and the holder's own copy
-- show the ID number in full (issue 10); never a list or a web view.
GRANT SELECT (id, name, gender, id_type, id_mask, id_hmac, id_cipher,
    student_type, account_id, institution_id, photo)
    ON xcert.student TO 'xc_issuance'@'localhost';
-- Templates as data (issue 10): versions are only ever added; a
-- confirmed certificate's image hash is stored once, its mismatches
-- recorded for the admin page.
GRANT SELECT, INSERT ON xcert.cert_template TO 'xc_issuance'@'localhost';
GRANT SELECT, INSERT ON xcert.cert_template_field
    TO 'xc_issuance'@'localhost';
GRANT SELECT, INSERT ON xcert.certificate_image TO 'xc_issuance'@'localhost';
GRANT SELECT, INSERT, UPDATE ON xcert.certificate_image_mismatch
    TO 'xc_issuance'@'localhost';
GRANT SELECT ON xcert.institution TO 'xc_issuance'@'localhost';
GRANT SELECT, UPDATE (code) ON xcert.certificate_type
    TO 'xc_issuance'@'localhost';
GRANT SELECT, UPDATE (number_code) ON xcert.organisation
    TO 'xc_issuance'@'localhost';
GRANT SELECT ON xcert.exam_plan TO 'xc_issuance'@'localhost';
GRANT SELECT ON xcert.exam_result TO 'xc_issuance'@'localhost';
-- The list's 考核站点 and 所属院校 choices: the sites of the caller's plans.
GRANT SELECT ON xcert.exam_site TO 'xc_issuance'@'localhost';
GRANT SELECT (id, student_id, field, state) ON xcert.correction_flag
    TO 'xc_issuance'@'localhost';
GRANT SELECT (id, display_name, role, institution_id, organisation_id,
    principal_of, disabled) ON xcert.account TO 'xc_issuance'@'localhost';
GRANT INSERT (account_id, title, link) ON xcert.notification
    TO 'xc_issuance'@'localhost';
-- 操作四: parcels, where each paper certificate is, revocations.
GRANT SELECT, INSERT, UPDATE ON xcert.shipment TO 'xc_issuance'@'localhost';
GRANT SELECT, INSERT, UPDATE (state, note) ON xcert.shipment_item
    TO 'xc_issuance'@'localhost';
GRANT SELECT, INSERT, UPDATE ON xcert.certificate_paper
    TO 'xc_issuance'@'localhost';
GRANT SELECT, INSERT, UPDATE (replacement_id) ON xcert.certificate_revocation
    TO 'xc_issuance'@'localhost';
-- 批量下载: the ZIP jobs, submitted by the pages and run by the worker
-- mode of the same program (xc-issuance -w).
GRANT SELECT, INSERT (account_id, kind, scope_kind, scope_id, ids, summary,
    total), UPDATE (state, done, attempts, worker, lease_until, heartbeat_at,
    error, file_name, file_size, file_sha256, started_at, finished_at,
    expires_at) ON xcert.job TO 'xc_issuance'@'localhost';
-- The published records of a site-signed request, written at once (0023;
-- the procedure runs with its definer's rights on cert_public only).
GRANT EXECUTE ON PROCEDURE xcert.cert_public_sync_request
    TO 'xc_issuance'@'localhost';
-- The counts of a signature's move and of a generation, applied once for
-- the whole batch (0025; the procedures write certificate_count only).
GRANT EXECUTE ON PROCEDURE xcert.certificate_count_request
    TO 'xc_issuance'@'localhost';
GRANT EXECUTE ON PROCEDURE xcert.certificate_count_generated
    TO 'xc_issuance'@'localhost';

-- verification (证书查询, public): the published view only (see
-- views.sql), beside the core: never a password hash, never a ciphertext.
GRANT SELECT ON xcert.v_cert_public TO 'xc_verification'@'localhost';
GRANT SELECT ON xcert.cert_public TO 'xc_verification'@'localhost';
-- Employers' checks (0017): keys issued and revoked by the platform admin
-- on /verify/keys, their uses and rate counters, students' share codes
-- and the check log the student reads.
GRANT SELECT, INSERT, UPDATE (revoked_at, per_minute) ON xcert.api_key
    TO 'xc_verification'@'localhost';
GRANT SELECT, INSERT ON xcert.api_use TO 'xc_verification'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON xcert.api_rate
    TO 'xc_verification'@'localhost';
GRANT SELECT, INSERT, UPDATE (revoked_at) ON xcert.share_code
    TO 'xc_verification'@'localhost';
GRANT SELECT, INSERT ON xcert.verify_use TO 'xc_verification'@'localhost';
-- (every verification logged; the guessing counters and CAPTCHAs)
GRANT SELECT, INSERT ON xcert.verification_log TO 'xc_verification'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON xcert.verify_throttle
    TO 'xc_verification'@'localhost';
-- (the row the lookup's one statement is driven by, sql/schema/0028)
GRANT SELECT ON xcert.one_row TO 'xc_verification'@'localhost';
GRANT SELECT, INSERT, DELETE ON xcert.verify_captcha
    TO 'xc_verification'@'localhost';
FLUSH PRIVILEGES;
