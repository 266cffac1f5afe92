-- 0027-cert-triggers.sql: one trigger per event and timing on certificate,
-- and the clean-record check of a generation once per batch (issue 13:
-- the pending list for 50,000 results, a 10,000-record signature).
--
-- Each row a statement touches runs every trigger of its event as a
-- stored program of its own, even one whose IF is false: on the 1,000,000
-- certificate bench stack the two insert triggers a generation did not
-- need (0023's cert_public_ins, a false IF for a pending record, and
-- 0004's check for an open 待完善 flag, one lookup) were 36 us of the
-- database per record, 1.8 s of the 6.2 s that the pending list for
-- 50,000 results took.  The bodies below are those of the triggers they
-- replace, in the same order, merged by event and timing:
--   BEFORE INSERT  0004 certificate_needs_clean_record, 0025
--                  certificate_student_cols
--   AFTER INSERT   0025 certificate_count_ins, 0023 cert_public_ins
--   BEFORE UPDATE  0015 certificate_qr_final, 0021
--                  certificate_student_cols_upd, 0022 certificate_final
--   AFTER UPDATE   0023 cert_public_upd, 0025 certificate_count_upd
-- (DELETE keeps its two: nothing deletes in bulk.)
--
-- The one change: while a generation defers its counts
-- (@xc_count_defer, 0025), its records' clean-record check runs once for
-- the batch in certificate_count_generated(), which the generation calls
-- right after its inserts in the same transaction.  It reads the flags as
-- the trigger did (a locking read: a flag raised meanwhile waits for the
-- generation, or the generation waits for it) and refuses the whole batch
-- with the trigger's message, so the transaction rolls back as it did.
DROP TRIGGER certificate_needs_clean_record;
DROP TRIGGER certificate_student_cols;
DROP TRIGGER certificate_count_ins;
DROP TRIGGER cert_public_ins;
DROP TRIGGER certificate_qr_final;
DROP TRIGGER certificate_student_cols_upd;
DROP TRIGGER certificate_final;
DROP TRIGGER cert_public_upd;
DROP TRIGGER certificate_count_upd;

DELIMITER //
CREATE TRIGGER certificate_bi BEFORE INSERT ON certificate FOR EACH ROW
BEGIN
	DECLARE t VARCHAR(8);
	DECLARE n VARCHAR(40);

	-- (a deferred insert is a generation's: checked per batch, and it
	-- supplies the holder's type and name from its own join)
	IF @xc_count_defer IS NULL THEN
		IF EXISTS (SELECT 1 FROM correction_flag f
		    WHERE f.student_id = NEW.student_id
		    AND f.state <> 'accepted') THEN
			SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
			    'the student has an open correction flag';
		END IF;
		SELECT s.student_type, s.name INTO t, n
		    FROM student s WHERE s.id = NEW.student_id;
		SET NEW.student_type = t, NEW.student_name = n;
	END IF;
END//

CREATE TRIGGER certificate_ai AFTER INSERT ON certificate FOR EACH ROW
BEGIN
	IF @xc_count_defer IS NULL THEN
		INSERT INTO certificate_count (organisation_id, institution_id,
		    plan_id, certificate_type_id, student_type, status, n)
		    VALUES (NEW.organisation_id, NEW.institution_id,
		    NEW.plan_id, NEW.certificate_type_id, NEW.student_type,
		    NEW.status, 1)
		    ON DUPLICATE KEY UPDATE n = n + 1;
	END IF;
	IF NEW.status IN ('confirmed', 'revoked', 'replaced') AND
	    @xc_cert_public_defer IS NULL THEN
		CALL cert_public_sync(NEW.id, NEW.id);
	END IF;
END//

CREATE TRIGGER certificate_bu BEFORE UPDATE ON certificate FOR EACH ROW
BEGIN
	DECLARE t VARCHAR(8);
	DECLARE n VARCHAR(40);

	-- 0015: the QR payload is frozen once written.
	IF OLD.qr_payload IS NOT NULL AND
	    NOT (NEW.qr_payload <=> OLD.qr_payload) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'a certificate''s QR payload cannot change';
	END IF;
	-- 0021: the holder's copied columns follow a change of holder.
	IF NEW.student_id <> OLD.student_id THEN
		SELECT s.student_type, s.name INTO t, n
		    FROM student s WHERE s.id = NEW.student_id;
		SET NEW.student_type = t, NEW.student_name = n;
	END IF;
	-- 0022: forward moves only (fcgi/common/cert.c), a confirmed
	-- record frozen, the content changed only at a re-issue.
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
	    OR NOT (NEW.template_id <=> OLD.template_id)
	    OR NOT (BINARY NEW.canon_sha256 <=> BINARY OLD.canon_sha256)
	    OR NOT (BINARY NEW.canon <=> BINARY OLD.canon)
	    OR NOT (NEW.org_signature_id <=> OLD.org_signature_id)
	    OR NOT (NEW.site_signature_id <=> OLD.site_signature_id)) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'a confirmed certificate cannot change';
	END IF;
	IF OLD.canon IS NOT NULL
	    AND OLD.status NOT IN ('org_rejected', 'site_rejected')
	    AND NOT (OLD.status = 'org_pending' AND NEW.status = 'org_pending'
		AND OLD.replaces_id IS NOT NULL
		AND OLD.org_signature_id IS NULL)
	    AND (NOT (BINARY NEW.canon_sha256 <=> BINARY OLD.canon_sha256)
	    OR NOT (BINARY NEW.canon <=> BINARY OLD.canon)) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'the content changes only at a re-issue';
	END IF;
END//

CREATE TRIGGER certificate_au AFTER UPDATE ON certificate FOR EACH ROW
BEGIN
	-- 0023: its own published row when its state changes; the linked
	-- ones then and when its QR payload is frozen.  Not while a signing
	-- transaction defers it to cert_public_sync_request().
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
	-- 0025: the counters, unless the statement counts its batch.
	IF @xc_count_defer IS NULL AND (NEW.status <> OLD.status OR
	    NEW.student_type <> OLD.student_type) THEN
		UPDATE certificate_count SET n = n - 1
		    WHERE organisation_id = OLD.organisation_id
		    AND institution_id = OLD.institution_id
		    AND plan_id = OLD.plan_id
		    AND student_type = OLD.student_type
		    AND status = OLD.status;
		INSERT INTO certificate_count (organisation_id, institution_id,
		    plan_id, certificate_type_id, student_type, status, n)
		    VALUES (NEW.organisation_id, NEW.institution_id,
		    NEW.plan_id, NEW.certificate_type_id, NEW.student_type,
		    NEW.status, 1)
		    ON DUPLICATE KEY UPDATE n = n + 1;
	END IF;
END//

-- 0025's procedure, first refusing a batch with a record whose holder
-- has an open flag (what certificate_bi does per record otherwise).
DROP PROCEDURE certificate_count_generated//
CREATE PROCEDURE certificate_count_generated(IN plan BIGINT UNSIGNED,
    IN after BIGINT UNSIGNED)
BEGIN
	DECLARE k BIGINT;

	SELECT COUNT(*) INTO k FROM certificate c
	    JOIN correction_flag f ON f.student_id = c.student_id
	    WHERE c.plan_id = plan AND c.id > after
	    AND f.state <> 'accepted' LOCK IN SHARE MODE;
	IF k > 0 THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'the student has an open correction flag';
	END IF;
	INSERT INTO certificate_count (organisation_id, institution_id,
	    plan_id, certificate_type_id, student_type, status, n)
	SELECT organisation_id, institution_id, plan_id,
	    MIN(certificate_type_id), student_type, status, COUNT(*)
	    FROM certificate WHERE plan_id = plan AND id > after
	    GROUP BY organisation_id, institution_id, plan_id, student_type,
	    status
	ON DUPLICATE KEY UPDATE n = certificate_count.n + VALUES(n);
END//
DELIMITER ;
