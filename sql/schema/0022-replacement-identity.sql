-- 0022-replacement-identity.sql: a replacement (替换) that corrects the
-- holder's identity.  While a confirmed certificate's replacement is
-- open (not yet signed by anyone), the institution may correct the
-- student's name, gender and ID (完善学生信息); the replacement's
-- content is rebuilt from the corrected data before the organisation
-- signs it.  The original keeps its frozen content (the old name).
-- The photo stays frozen: the original's image draws it.

-- A rebuild of an open replacement's content, in its history.
ALTER TABLE certificate_event MODIFY event
	ENUM('generate','org_sign','org_reject','site_sign','site_reject',
	    'reissue','submit','revoke','replace','rebuild') NOT NULL;

-- As 0011, and: the identity may also change while every certificate
-- of the student that is not rejected is an unsigned replacement
-- (待签发 by the organisation) or a confirmed original whose
-- replacement is unsigned or rejected.  fcgi/students/sql.c
-- (STMT_ID_FROZEN) mirrors this.
DROP TRIGGER student_identity_frozen;
DELIMITER //
CREATE TRIGGER student_identity_frozen BEFORE UPDATE ON student FOR EACH ROW
BEGIN
	IF (NEW.name <> OLD.name OR NEW.gender <> OLD.gender
	    OR NEW.id_type <> OLD.id_type OR NEW.id_hmac <> OLD.id_hmac
	    OR NEW.id_mask <> OLD.id_mask)
	    AND EXISTS (SELECT 1 FROM certificate c
	    WHERE c.student_id = OLD.id
	    AND c.status NOT IN ('org_rejected', 'site_rejected')
	    AND NOT (c.replaces_id IS NOT NULL AND c.status = 'org_pending')
	    AND NOT (c.status = 'confirmed' AND EXISTS (SELECT 1
		FROM certificate n WHERE n.replaces_id = c.id
		AND n.status IN ('org_pending', 'org_rejected',
		'site_rejected')))) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'the identity on an issued certificate cannot change';
	END IF;
	IF NOT (NEW.photo <=> OLD.photo)
	    AND EXISTS (SELECT 1 FROM certificate c
	    WHERE c.student_id = OLD.id
	    AND c.status NOT IN ('org_rejected', 'site_rejected')) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'the photo on an issued certificate cannot change';
	END IF;
END//
DELIMITER ;

-- As 0013, and: an unsigned replacement's content may be rebuilt in
-- place (it stays 培训评价组织待签发; a signing request made before
-- the rebuild goes stale, as its manifest no longer matches).
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
	    OR NOT (NEW.template_id <=> OLD.template_id)
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
	    AND OLD.status NOT IN ('org_rejected', 'site_rejected')
	    AND NOT (OLD.status = 'org_pending' AND NEW.status = 'org_pending'
		AND OLD.replaces_id IS NOT NULL
		AND OLD.org_signature_id IS NULL) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'the content changes only at a re-issue';
	END IF;
END//
DELIMITER ;
