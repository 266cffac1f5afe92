-- 0005-holder-frozen.sql: once a certificate exists for a student, the
-- identity it carries (name, gender, ID, photo) cannot change: the public
-- verification reads it, and the signing parties confirmed it.  (The
-- ciphertext may be re-encrypted, e.g. in a key rotation: the blind index
-- and the mask tell whether the number itself changed.)  Errors
-- found later go through rejection and re-issue, not through an edit.
DELIMITER //
CREATE TRIGGER student_identity_frozen BEFORE UPDATE ON student FOR EACH ROW
BEGIN
	IF (NEW.name <> OLD.name OR NEW.gender <> OLD.gender
	    OR NEW.id_type <> OLD.id_type OR NEW.id_hmac <> OLD.id_hmac
	    OR NEW.id_mask <> OLD.id_mask
	    OR NOT (NEW.photo <=> OLD.photo))
	    AND EXISTS (SELECT 1 FROM certificate c
	    WHERE c.student_id = OLD.id) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'the identity on an issued certificate cannot change';
	END IF;
END//
DELIMITER ;
