-- 0023-cert-public.sql: the published record, kept as a table (issue 12's
-- lookup throughput).  The public lookup read v_cert_public, a view of
-- nine tables (certificate, its student, type, organisation,
-- institution, plan, and the revocations and certificates both ways) and
-- the holder's name, ID mask and blind index out of the canonical JSON:
-- eight index lookups and three JSON parses per request, most of them at
-- random across 3 GB at national scale.  cert_public holds exactly what a
-- verification shows, one row per published certificate, keyed by its
-- number: a lookup is one primary-key read, as cheap as the cheapest
-- database-backed page.
--   cert_public_src the one definition of a published record, a view
--                   that cert_public_sync(lo, hi) copies for certificates
--                   lo..hi and cert_public_sync_request() for a signing
--                   request's (v_cert_public is now a view of the table);
--   triggers        call it where what is shown can change: a certificate
--                   becomes published or changes state, its QR payload is
--                   frozen (the links between replaced and replacement
--                   show each other's), a revocation is recorded; and they
--                   follow the holder's account (share codes, the lock's
--                   exemption for the holder).
-- What is shown is frozen with the certificate: the holder, the
-- certificate, the organisation, the institution and the plan as the
-- canonical content has them (the current names only for a record without
-- one), so a later rename never changes a verification.
CREATE TABLE cert_public (
	number		CHAR(23) NOT NULL PRIMARY KEY,
	cert_id		BIGINT UNSIGNED NOT NULL,
	student_id	BIGINT UNSIGNED NOT NULL,
	holder_account_id BIGINT UNSIGNED NULL,
	status		ENUM('confirmed','revoked','replaced') NOT NULL,
	issued_on	DATE NULL,
	student_name	VARCHAR(100) NOT NULL,
	id_hmac		BINARY(32) NOT NULL,
	id_mask		VARCHAR(32) NOT NULL,
	cert_name	VARCHAR(120) NOT NULL,
	cert_level	VARCHAR(8) NOT NULL,
	org_name	VARCHAR(100) NOT NULL,
	inst_name	VARCHAR(100) NOT NULL,
	inst_code	VARCHAR(32) NOT NULL,
	plan_name	VARCHAR(120) NOT NULL,
	revoke_reason	VARCHAR(500) NOT NULL DEFAULT '',
	revoked_on	CHAR(10) NOT NULL DEFAULT '',
	replaced_by	CHAR(23) NOT NULL DEFAULT '',
	replaces	CHAR(23) NOT NULL DEFAULT '',
	replaced_by_qr	VARCHAR(400) CHARACTER SET ascii NOT NULL DEFAULT '',
	replaces_qr	VARCHAR(400) CHARACTER SET ascii NOT NULL DEFAULT '',
	canon_sha256	CHAR(64) NULL,
	UNIQUE KEY cert_public_cert (cert_id),
	KEY cert_public_student (student_id),
	KEY cert_public_holder (holder_account_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The one definition of a published record: every published certificate
-- as cert_public holds it, its columns in the table's order (the
-- procedures below copy it with SELECT *; a column added to one and not
-- the other makes them fail, never copy a column into another).
CREATE VIEW cert_public_src AS
	SELECT c.number AS number, c.id AS cert_id,
	    c.student_id AS student_id, s.account_id AS holder_account_id,
	    c.status AS status, c.issued_on AS issued_on,
	    -- A replacement may correct the holder's identity, never the
	    -- original's (0022): the frozen content decides.
	    COALESCE(JSON_VALUE(c.canon, '$.holder.name'), s.name)
		AS student_name,
	    COALESCE(UNHEX(JSON_VALUE(c.canon, '$.holder.id_hmac')),
		s.id_hmac) AS id_hmac,
	    COALESCE(JSON_VALUE(c.canon, '$.holder.id_mask'), s.id_mask)
		AS id_mask,
	    COALESCE(JSON_VALUE(c.canon, '$.certificate.name'), t.name)
		AS cert_name,
	    COALESCE(JSON_VALUE(c.canon, '$.certificate.level'), t.level)
		AS cert_level,
	    COALESCE(JSON_VALUE(c.canon, '$.organisation.name'), o.name)
		AS org_name,
	    COALESCE(JSON_VALUE(c.canon, '$.institution.name'), i.name)
		AS inst_name,
	    COALESCE(JSON_VALUE(c.canon, '$.institution.code'), i.code)
		AS inst_code,
	    COALESCE(JSON_VALUE(c.canon, '$.plan.name'), p.name)
		AS plan_name,
	    IFNULL(v.reason, '') AS revoke_reason,
	    IFNULL(DATE_FORMAT(v.at, '%Y-%m-%d'), '') AS revoked_on,
	    IFNULL(n.number, '') AS replaced_by, IFNULL(w.number, '') AS replaces,
	    -- The signed QR payloads of the two: their links on a result.
	    IFNULL(n.qr_payload, '') AS replaced_by_qr,
	    IFNULL(w.qr_payload, '') AS replaces_qr, c.canon_sha256 AS canon_sha256
	FROM certificate c
	JOIN student s ON s.id = c.student_id
	JOIN certificate_type t ON t.id = c.certificate_type_id
	JOIN organisation o ON o.id = c.organisation_id
	JOIN institution i ON i.id = c.institution_id
	JOIN exam_plan p ON p.id = c.plan_id
	LEFT JOIN certificate_revocation v ON v.certificate_id = c.id
	LEFT JOIN certificate n ON n.id = v.replacement_id
	    AND n.status IN ('confirmed', 'revoked', 'replaced')
	LEFT JOIN certificate_revocation x ON x.replacement_id = c.id
	LEFT JOIN certificate w ON w.id = x.certificate_id
	WHERE c.status IN ('confirmed', 'revoked', 'replaced');

DELIMITER //
CREATE PROCEDURE cert_public_sync(IN lo BIGINT UNSIGNED, IN hi BIGINT UNSIGNED)
BEGIN
	DELETE FROM cert_public WHERE cert_id BETWEEN lo AND hi;
	INSERT INTO cert_public SELECT * FROM cert_public_src
	    WHERE cert_id BETWEEN lo AND hi;
END//

-- The records of a signing request's certificates and of those their
-- replacements replace, in two statements: what the site's signature
-- calls, with @xc_cert_public_defer set, after its moves (10,000 records
-- one by one in the triggers took seconds).  All stay published, so
-- REPLACE (by number) is the whole change.
CREATE PROCEDURE cert_public_sync_request(IN req BIGINT UNSIGNED)
BEGIN
	-- Each IN is a semi-join read from signing_item (a UNION of the two
	-- would make it a dependent subquery on every certificate).
	REPLACE INTO cert_public SELECT * FROM cert_public_src
	    WHERE cert_id IN (SELECT i.certificate_id FROM signing_item i
	    WHERE i.request_id = req);
	REPLACE INTO cert_public SELECT * FROM cert_public_src
	    WHERE cert_id IN (SELECT v.certificate_id
	    FROM certificate_revocation v JOIN signing_item i
	    ON i.certificate_id = v.replacement_id WHERE i.request_id = req);
END//

-- The records of certificates a and b (either NULL: none).
CREATE PROCEDURE cert_public_sync_pair(IN a BIGINT UNSIGNED,
    IN b BIGINT UNSIGNED)
BEGIN
	IF a IS NOT NULL THEN
		CALL cert_public_sync(a, a);
	END IF;
	IF b IS NOT NULL THEN
		CALL cert_public_sync(b, b);
	END IF;
END//

-- The published records of the certificates linked to id by a
-- replacement: each shows the other's number and QR payload.
CREATE PROCEDURE cert_public_sync_links(IN id BIGINT UNSIGNED)
BEGIN
	DECLARE o BIGINT UNSIGNED;
	DECLARE r BIGINT UNSIGNED;

	SET o = (SELECT certificate_id FROM certificate_revocation
	    WHERE replacement_id = id);
	SET r = (SELECT replacement_id FROM certificate_revocation
	    WHERE certificate_id = id);
	CALL cert_public_sync_pair(o, r);
END//

CREATE TRIGGER cert_public_ins AFTER INSERT ON certificate FOR EACH ROW
BEGIN
	IF NEW.status IN ('confirmed', 'revoked', 'replaced') AND
	    @xc_cert_public_defer IS NULL THEN
		CALL cert_public_sync(NEW.id, NEW.id);
	END IF;
END//
CREATE TRIGGER cert_public_upd AFTER UPDATE ON certificate FOR EACH ROW
BEGIN
	-- Its own record when its state changes; the linked ones then and
	-- when its QR payload is frozen (a record never shows its own).
	-- Not while a signing transaction defers it to
	-- cert_public_sync_request().
	IF @xc_cert_public_defer IS NULL AND NEW.status <> OLD.status AND
	    (NEW.status IN ('confirmed', 'revoked', 'replaced') OR
	    OLD.status IN ('confirmed', 'revoked', 'replaced')) THEN
		CALL cert_public_sync(NEW.id, NEW.id);
	END IF;
	IF @xc_cert_public_defer IS NULL AND
	    NEW.status IN ('confirmed', 'revoked', 'replaced') AND
	    (NEW.status <> OLD.status OR
	    NOT (NEW.qr_payload <=> OLD.qr_payload)) THEN
		CALL cert_public_sync_links(NEW.id);
	END IF;
END//
-- A revocation or replacement recorded, changed or removed: both sides.
CREATE TRIGGER cert_public_rev_ins AFTER INSERT ON certificate_revocation
FOR EACH ROW
	CALL cert_public_sync_pair(NEW.certificate_id, NEW.replacement_id)//
CREATE TRIGGER cert_public_rev_upd AFTER UPDATE ON certificate_revocation
FOR EACH ROW
BEGIN
	CALL cert_public_sync_pair(OLD.certificate_id, OLD.replacement_id);
	CALL cert_public_sync_pair(NEW.certificate_id, NEW.replacement_id);
END//
CREATE TRIGGER cert_public_rev_del AFTER DELETE ON certificate_revocation
FOR EACH ROW
	CALL cert_public_sync_pair(OLD.certificate_id, OLD.replacement_id)//
-- The holder's account, linked after the certificate was published.
CREATE TRIGGER cert_public_holder AFTER UPDATE ON student FOR EACH ROW
BEGIN
	IF NOT (NEW.account_id <=> OLD.account_id) THEN
		UPDATE cert_public SET holder_account_id = NEW.account_id
		    WHERE student_id = NEW.id;
	END IF;
END//
DELIMITER ;

CALL cert_public_sync(0, 18446744073709551615);
