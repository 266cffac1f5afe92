-- 0011-signing.sql: 操作三, 在线签字确认并签发证书.  Each certificate record
-- carries its canonical content (the JSON document a signature covers);
-- both parties sign manifests of records through one-time signing
-- requests; every move is a certificate_event; status counts are kept in
-- the same transaction as each move.

-- Organisation codes (6 digits) and certificate type codes (3 digits)
-- make the certificate number (see fcgi/common/certno.h).
-- Both are given at the first generation when still NULL: the
-- organisation 100000 + its id, a type the code of the same name at the
-- same organisation, or the next free one.
ALTER TABLE organisation
	ADD COLUMN number_code CHAR(6) NULL AFTER code,
	ADD UNIQUE KEY organisation_number_code (number_code),
	ADD CONSTRAINT organisation_number_code_digits
	    CHECK (number_code REGEXP '^[0-9]{6}$');
ALTER TABLE certificate_type
	ADD COLUMN code SMALLINT UNSIGNED NULL AFTER organisation_id,
	ADD UNIQUE KEY certificate_type_code (organisation_id, code, level),
	ADD CONSTRAINT certificate_type_code_range CHECK (code BETWEEN 1 AND 999);

-- Serial numbers per organisation, type, level and year.
CREATE TABLE certificate_serial (
	organisation_id	BIGINT UNSIGNED NOT NULL,
	certificate_type_id BIGINT UNSIGNED NOT NULL,
	year		SMALLINT UNSIGNED NOT NULL,
	next_serial	BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (organisation_id, certificate_type_id, year)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A signing request: exactly these records (signing_item, in order),
-- their manifest hash, and a one-time token (stored hashed) valid ten
-- minutes.  A business admin's batch waits for the principal
-- (submitted, no token yet).
CREATE TABLE signing_request (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	party		ENUM('org','site') NOT NULL,
	organisation_id	BIGINT UNSIGNED NULL,
	institution_id	BIGINT UNSIGNED NULL,
	created_by	BIGINT UNSIGNED NOT NULL,
	signer_id	BIGINT UNSIGNED NULL,
	n		INT UNSIGNED NOT NULL,
	manifest_hash	CHAR(64) NOT NULL,
	summary		VARCHAR(500) NOT NULL,
	token_hash	BINARY(32) NULL,
	nonce		CHAR(32) NULL,
	expires_at	TIMESTAMP NULL,
	state		ENUM('submitted','open','signed','expired','stale',
			    'conflict','cancelled') NOT NULL DEFAULT 'open',
	outcome		VARCHAR(1000) NOT NULL DEFAULT '',
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	done_at		TIMESTAMP NULL,
	UNIQUE KEY signing_request_token (token_hash),
	KEY signing_request_inst (institution_id, state),
	KEY signing_request_org (organisation_id, state),
	KEY signing_request_creator (created_by, state),
	CONSTRAINT signing_request_creator_fk FOREIGN KEY (created_by)
	    REFERENCES account (id),
	CONSTRAINT signing_request_signer_fk FOREIGN KEY (signer_id)
	    REFERENCES account (id),
	CONSTRAINT signing_request_scope CHECK (
	    (party = 'org' AND organisation_id IS NOT NULL)
	    OR (party = 'site' AND institution_id IS NOT NULL))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE signing_item (
	request_id	BIGINT UNSIGNED NOT NULL,
	seq		INT UNSIGNED NOT NULL,
	certificate_id	BIGINT UNSIGNED NOT NULL,
	content_sha256	CHAR(64) NOT NULL,
	PRIMARY KEY (request_id, seq),
	KEY signing_item_cert (certificate_id),
	CONSTRAINT signing_item_request_fk FOREIGN KEY (request_id)
	    REFERENCES signing_request (id),
	CONSTRAINT signing_item_cert_fk FOREIGN KEY (certificate_id)
	    REFERENCES certificate (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The handwritten signature: evidence of one confirmation, never drawn
-- on a certificate.  One per request; never changed or deleted.
CREATE TABLE signature (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	request_id	BIGINT UNSIGNED NOT NULL,
	party		ENUM('org','site') NOT NULL,
	signer_id	BIGINT UNSIGNED NOT NULL,
	manifest_hash	CHAR(64) NOT NULL,
	png		MEDIUMBLOB NOT NULL,
	png_sha256	CHAR(64) NOT NULL,
	seal_id		BIGINT UNSIGNED NOT NULL,
	ip		VARCHAR(45) NOT NULL,
	signed_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE KEY signature_request (request_id),
	CONSTRAINT signature_request_fk FOREIGN KEY (request_id)
	    REFERENCES signing_request (id),
	CONSTRAINT signature_signer_fk FOREIGN KEY (signer_id)
	    REFERENCES account (id),
	CONSTRAINT signature_seal_fk FOREIGN KEY (seal_id)
	    REFERENCES seal (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

DELIMITER //
CREATE TRIGGER signature_no_update BEFORE UPDATE ON signature FOR EACH ROW
BEGIN
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'a signature never changes';
END//
CREATE TRIGGER signature_no_delete BEFORE DELETE ON signature FOR EACH ROW
BEGIN
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'a signature is never deleted';
END//
DELIMITER ;

-- Every move of every record: who, when, what, why, under which manifest.
CREATE TABLE certificate_event (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	certificate_id	BIGINT UNSIGNED NOT NULL,
	event		ENUM('generate','org_sign','org_reject','site_sign',
			    'site_reject','reissue','submit','revoke',
			    'replace') NOT NULL,
	from_status	VARCHAR(16) NOT NULL DEFAULT '',
	to_status	VARCHAR(16) NOT NULL,
	account_id	BIGINT UNSIGNED NOT NULL,
	reason		VARCHAR(500) NOT NULL DEFAULT '',
	content_sha256	CHAR(64) NOT NULL DEFAULT '',
	manifest_hash	CHAR(64) NOT NULL DEFAULT '',
	request_id	BIGINT UNSIGNED NULL,
	at		TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY certificate_event_cert (certificate_id, id),
	CONSTRAINT certificate_event_cert_fk FOREIGN KEY (certificate_id)
	    REFERENCES certificate (id),
	CONSTRAINT certificate_event_account_fk FOREIGN KEY (account_id)
	    REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

DELIMITER //
CREATE TRIGGER certificate_event_no_update BEFORE UPDATE ON certificate_event
FOR EACH ROW
BEGIN
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'history never changes';
END//
CREATE TRIGGER certificate_event_no_delete BEFORE DELETE ON certificate_event
FOR EACH ROW
BEGIN
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'history is never deleted';
END//
DELIMITER ;

-- The record's canonical content and the facts of its signing.  Indexes
-- serve each scope's list in id order (keyset pagination) for one tab
-- (scope, status, id) or all tabs (scope, id), and the drivers of the
-- filters (plan, type) in the same shape.
ALTER TABLE certificate
	ADD COLUMN site_id BIGINT UNSIGNED NULL AFTER institution_id,
	ADD COLUMN canon MEDIUMTEXT NULL,
	ADD COLUMN canon_sha256 CHAR(64) NULL,
	ADD COLUMN reject_reason VARCHAR(500) NOT NULL DEFAULT '',
	ADD COLUMN org_signed_at TIMESTAMP NULL,
	ADD COLUMN site_signed_at TIMESTAMP NULL,
	ADD COLUMN org_signature_id BIGINT UNSIGNED NULL,
	ADD COLUMN site_signature_id BIGINT UNSIGNED NULL,
	ADD KEY certificate_inst_all (institution_id, id),
	ADD KEY certificate_org_all (organisation_id, id),
	ADD KEY certificate_status (status, id),
	ADD KEY certificate_plan_status (plan_id, status, id),
	ADD KEY certificate_type_status (certificate_type_id, status, id),
	ADD CONSTRAINT certificate_site_fk FOREIGN KEY (site_id)
	    REFERENCES institution (id),
	ADD CONSTRAINT certificate_org_sig_fk FOREIGN KEY (org_signature_id)
	    REFERENCES signature (id),
	ADD CONSTRAINT certificate_site_sig_fk FOREIGN KEY (site_signature_id)
	    REFERENCES signature (id);

-- A name filter across institutions (organisation, platform) finds the
-- students first.
ALTER TABLE student ADD KEY student_name (name);

-- Status counts per (organisation, institution, exam plan), kept by
-- triggers in the transaction of every insert and move, so a tab count
-- that is unfiltered, or filtered only by organisation, institution,
-- plan or certificate type, sums a few counter rows instead of scanning
-- the certificates.
CREATE TABLE certificate_count (
	organisation_id	BIGINT UNSIGNED NOT NULL,
	institution_id	BIGINT UNSIGNED NOT NULL,
	plan_id		BIGINT UNSIGNED NOT NULL,
	certificate_type_id BIGINT UNSIGNED NOT NULL,
	status		ENUM('org_pending','org_rejected','site_pending',
			    'site_rejected','confirmed','revoked','replaced')
			    NOT NULL,
	n		BIGINT NOT NULL,
	PRIMARY KEY (organisation_id, institution_id, plan_id, status),
	KEY certificate_count_inst (institution_id, plan_id, status),
	KEY certificate_count_plan (plan_id, status),
	KEY certificate_count_type (certificate_type_id, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO certificate_count (organisation_id, institution_id, plan_id,
    certificate_type_id, status, n)
SELECT organisation_id, institution_id, plan_id, MIN(certificate_type_id),
    status, COUNT(*) FROM certificate
GROUP BY organisation_id, institution_id, plan_id, status;

-- Existing records: their site is their institution (试点院校 = 考核站点).
UPDATE certificate c JOIN exam_result r ON r.id = c.result_id
SET c.site_id = r.site_id;

DELIMITER //
CREATE TRIGGER certificate_count_ins AFTER INSERT ON certificate FOR EACH ROW
BEGIN
	INSERT INTO certificate_count (organisation_id, institution_id,
	    plan_id, certificate_type_id, status, n)
	    VALUES (NEW.organisation_id, NEW.institution_id, NEW.plan_id,
	    NEW.certificate_type_id, NEW.status, 1)
	    ON DUPLICATE KEY UPDATE n = n + 1;
END//
CREATE TRIGGER certificate_count_upd AFTER UPDATE ON certificate FOR EACH ROW
BEGIN
	IF NEW.status <> OLD.status THEN
		UPDATE certificate_count SET n = n - 1
		    WHERE organisation_id = OLD.organisation_id
		    AND institution_id = OLD.institution_id
		    AND plan_id = OLD.plan_id AND status = OLD.status;
		INSERT INTO certificate_count (organisation_id, institution_id,
		    plan_id, certificate_type_id, status, n)
		    VALUES (NEW.organisation_id, NEW.institution_id,
		    NEW.plan_id, NEW.certificate_type_id, NEW.status, 1)
		    ON DUPLICATE KEY UPDATE n = n + 1;
	END IF;
END//
CREATE TRIGGER certificate_count_del AFTER DELETE ON certificate FOR EACH ROW
BEGIN
	UPDATE certificate_count SET n = n - 1
	    WHERE organisation_id = OLD.organisation_id
	    AND institution_id = OLD.institution_id
	    AND plan_id = OLD.plan_id AND status = OLD.status;
END//
DELIMITER ;

-- Transitions only move forward (the table in fcgi/common/cert.c; these
-- guards mirror it), and a confirmed certificate never changes.  The
-- content may change only while a rejected record is re-issued.
DROP TRIGGER certificate_final;
DELIMITER //
CREATE TRIGGER certificate_final BEFORE UPDATE ON certificate FOR EACH ROW
BEGIN
	IF NEW.status <> OLD.status AND NOT (
	    (OLD.status = 'org_pending' AND NEW.status IN ('site_pending',
		'org_rejected'))
	    OR (OLD.status = 'site_pending' AND NEW.status IN ('confirmed',
		'site_rejected'))
	    OR (OLD.status = 'org_rejected' AND NEW.status = 'org_pending')
	    OR (OLD.status = 'site_rejected' AND NEW.status = 'site_pending')
	    OR (OLD.status = 'confirmed' AND NEW.status IN ('revoked',
		'replaced'))) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'a certificate moves only forward';
	END IF;
	IF OLD.status IN ('confirmed', 'revoked', 'replaced') AND (
	    NEW.number <> OLD.number OR NEW.student_id <> OLD.student_id
	    OR NOT (NEW.issued_on <=> OLD.issued_on)
	    OR NOT (NEW.site_seal_id <=> OLD.site_seal_id)
	    OR NOT (NEW.org_seal_id <=> OLD.org_seal_id)
	    OR NOT (NEW.canon <=> OLD.canon)
	    OR NOT (NEW.canon_sha256 <=> OLD.canon_sha256)
	    OR NOT (NEW.org_signature_id <=> OLD.org_signature_id)
	    OR NOT (NEW.site_signature_id <=> OLD.site_signature_id)) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'a confirmed certificate cannot change';
	END IF;
	IF (NOT (NEW.canon <=> OLD.canon)
	    OR NOT (NEW.canon_sha256 <=> OLD.canon_sha256))
	    AND OLD.canon IS NOT NULL
	    AND OLD.status NOT IN ('org_rejected', 'site_rejected') THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'the content changes only at a re-issue';
	END IF;
END//
CREATE TRIGGER certificate_no_delete BEFORE DELETE ON certificate FOR EACH ROW
BEGIN
	IF OLD.status <> 'org_pending' THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'a signed certificate is never deleted';
	END IF;
END//
DELIMITER ;

-- A student's identity may be corrected while none of the student's
-- certificates is pending or confirmed (a rejected one is re-issued
-- with the corrected content).
DROP TRIGGER student_identity_frozen;
DELIMITER //
CREATE TRIGGER student_identity_frozen BEFORE UPDATE ON student FOR EACH ROW
BEGIN
	IF (NEW.name <> OLD.name OR NEW.gender <> OLD.gender
	    OR NEW.id_type <> OLD.id_type OR NEW.id_hmac <> OLD.id_hmac
	    OR NEW.id_mask <> OLD.id_mask
	    OR NOT (NEW.photo <=> OLD.photo))
	    AND EXISTS (SELECT 1 FROM certificate c
	    WHERE c.student_id = OLD.id
	    AND c.status NOT IN ('org_rejected', 'site_rejected')) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'the identity on an issued certificate cannot change';
	END IF;
END//
DELIMITER ;
