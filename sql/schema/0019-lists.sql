-- 0019-lists.sql: 学生信息 at national scale (issue 13).  Each list
-- reads one index in (institution_id, id) order and stops after a page
-- (keyset pages, fcgi/students/page_list.c); no list sorts its scope.
--   student_inst    an institution's students and the platform's, in
--                   list order (the unique (institution_id, id_hmac) is
--                   not in id order: every page sorted the institution,
--                   the admin's page sorted 1,000,000 rows: 4.8 s);
--   student_name    a name's students in list order (was (name) alone);
--   org_student     the students registered to one of an organisation's
--                   exam plans, in list order: the organisation's list
--                   probed every student of the platform for a
--                   registration (seconds).  Kept by the triggers below
--                   in the same statement as the registration; n counts
--                   the student's registrations to the organisation's
--                   plans, so a row goes when the last one does.
--   student_hmac_count  how many students (one per institution: the
--                   unique (institution_id, id_hmac)) hold an ID number,
--                   by its blind index; kept by the triggers on student.
--                   待完善's "registered at more than one institution"
--                   reads the few with n > 1 instead of grouping every
--                   student of the organisation (4.3 s).
ALTER TABLE student
	ADD KEY student_inst (institution_id, id),
	DROP KEY student_name,
	ADD KEY student_name (name, institution_id, id);

CREATE TABLE org_student (
	organisation_id	BIGINT UNSIGNED NOT NULL,
	institution_id	BIGINT UNSIGNED NOT NULL,
	student_id	BIGINT UNSIGNED NOT NULL,
	n		INT UNSIGNED NOT NULL,
	PRIMARY KEY (organisation_id, institution_id, student_id),
	KEY org_student_student (student_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO org_student (organisation_id, institution_id, student_id, n)
SELECT p.organisation_id, s.institution_id, r.student_id, COUNT(*)
FROM registration r JOIN exam_plan p ON p.id = r.plan_id
JOIN student s ON s.id = r.student_id
GROUP BY p.organisation_id, s.institution_id, r.student_id;

CREATE TABLE student_hmac_count (
	id_hmac		BINARY(32) NOT NULL PRIMARY KEY,
	n		INT UNSIGNED NOT NULL,
	KEY student_hmac_count_n (n)
) ENGINE=InnoDB;

INSERT INTO student_hmac_count (id_hmac, n)
SELECT id_hmac, COUNT(*) FROM student GROUP BY id_hmac;

DELIMITER //
CREATE TRIGGER student_hmac_count_ins AFTER INSERT ON student FOR EACH ROW
BEGIN
	INSERT INTO student_hmac_count (id_hmac, n) VALUES (NEW.id_hmac, 1)
	    ON DUPLICATE KEY UPDATE n = n + 1;
END//
CREATE TRIGGER student_hmac_count_del AFTER DELETE ON student FOR EACH ROW
BEGIN
	UPDATE student_hmac_count SET n = n - 1 WHERE id_hmac = OLD.id_hmac;
	DELETE FROM student_hmac_count WHERE id_hmac = OLD.id_hmac AND n = 0;
END//
CREATE TRIGGER student_hmac_count_upd AFTER UPDATE ON student FOR EACH ROW
BEGIN
	IF NEW.id_hmac <> OLD.id_hmac THEN
		UPDATE student_hmac_count SET n = n - 1
		    WHERE id_hmac = OLD.id_hmac;
		DELETE FROM student_hmac_count
		    WHERE id_hmac = OLD.id_hmac AND n = 0;
		INSERT INTO student_hmac_count (id_hmac, n)
		    VALUES (NEW.id_hmac, 1) ON DUPLICATE KEY UPDATE n = n + 1;
	END IF;
END//
CREATE TRIGGER org_student_ins AFTER INSERT ON registration FOR EACH ROW
BEGIN
	INSERT INTO org_student (organisation_id, institution_id,
	    student_id, n)
	    SELECT p.organisation_id, s.institution_id, NEW.student_id, 1
	    FROM exam_plan p JOIN student s ON s.id = NEW.student_id
	    WHERE p.id = NEW.plan_id
	    ON DUPLICATE KEY UPDATE n = n + 1;
END//
CREATE TRIGGER org_student_del AFTER DELETE ON registration FOR EACH ROW
BEGIN
	UPDATE org_student o
	    JOIN exam_plan p ON p.organisation_id = o.organisation_id
	    SET o.n = o.n - 1
	    WHERE p.id = OLD.plan_id AND o.student_id = OLD.student_id;
	DELETE FROM org_student WHERE student_id = OLD.student_id AND n = 0;
END//
CREATE TRIGGER org_student_upd AFTER UPDATE ON registration FOR EACH ROW
BEGIN
	IF NEW.plan_id <> OLD.plan_id OR NEW.student_id <> OLD.student_id THEN
		UPDATE org_student o
		    JOIN exam_plan p ON p.organisation_id = o.organisation_id
		    SET o.n = o.n - 1
		    WHERE p.id = OLD.plan_id AND o.student_id = OLD.student_id;
		DELETE FROM org_student
		    WHERE student_id = OLD.student_id AND n = 0;
		INSERT INTO org_student (organisation_id, institution_id,
		    student_id, n)
		    SELECT p.organisation_id, s.institution_id,
		    NEW.student_id, 1
		    FROM exam_plan p JOIN student s ON s.id = NEW.student_id
		    WHERE p.id = NEW.plan_id
		    ON DUPLICATE KEY UPDATE n = n + 1;
	END IF;
END//
-- A student's institution never changes (the list keys on it).
CREATE TRIGGER student_inst_fixed BEFORE UPDATE ON student FOR EACH ROW
BEGIN
	IF NEW.institution_id <> OLD.institution_id THEN
		SIGNAL SQLSTATE '45000'
		    SET MESSAGE_TEXT = 'a student keeps its institution';
	END IF;
END//
DELIMITER ;
