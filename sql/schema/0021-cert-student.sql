-- 0021-cert-student.sql: 证书发放管理 filtered by 学生类型 or by name at
-- national scale (issue 13).
--   certificate.student_type, student_name  the holder's current type and
--                   name, copied from the student by the triggers below
--                   (on a new record, on an edit of the student), so the
--                   list filters and counts them on certificate alone;
--   certificate_name, certificate_name_status  a name's records in list
--                   order (the name filter read every student of the name,
--                   joined all their records and sorted them: 0.16-0.95 s
--                   for the platform);
--   certificate_count.student_type  the tab counts of a 学生类型 filter sum
--                   counter rows (they joined every record of the scope
--                   to its student: 3.0 s for an organisation, 9 s for the
--                   platform).  A student whose type changes moves the
--                   counts of each of the student's records.
-- An UPDATE of student must not read certificate in the same statement
-- (UPDATE student JOIN certificate ...): the copy trigger then writes a
-- table the statement uses, and MariaDB refuses it (error 1442).  Update
-- students by id, as the students area does.
ALTER TABLE certificate
	ADD COLUMN student_type ENUM('院校学生','社会学员') NOT NULL
	    DEFAULT '院校学生',
	ADD COLUMN student_name VARCHAR(40) NOT NULL DEFAULT '';

UPDATE certificate c JOIN student s ON s.id = c.student_id
SET c.student_type = s.student_type, c.student_name = s.name;

ALTER TABLE certificate
	ADD KEY certificate_name (student_name, id),
	ADD KEY certificate_name_status (student_name, status, id);

DELETE FROM certificate_count;
ALTER TABLE certificate_count
	ADD COLUMN student_type ENUM('院校学生','社会学员') NOT NULL
	    DEFAULT '院校学生' AFTER certificate_type_id,
	DROP PRIMARY KEY,
	ADD PRIMARY KEY (organisation_id, institution_id, plan_id,
	    student_type, status);
INSERT INTO certificate_count (organisation_id, institution_id, plan_id,
    certificate_type_id, student_type, status, n)
SELECT organisation_id, institution_id, plan_id, MIN(certificate_type_id),
    student_type, status, COUNT(*) FROM certificate
GROUP BY organisation_id, institution_id, plan_id, student_type, status;

DROP TRIGGER certificate_count_ins;
DROP TRIGGER certificate_count_upd;
DROP TRIGGER certificate_count_del;
DELIMITER //
CREATE TRIGGER certificate_student_cols BEFORE INSERT ON certificate
FOR EACH ROW
BEGIN
	DECLARE t VARCHAR(8);
	DECLARE n VARCHAR(40);

	SELECT s.student_type, s.name INTO t, n
	    FROM student s WHERE s.id = NEW.student_id;
	SET NEW.student_type = t, NEW.student_name = n;
END//
CREATE TRIGGER certificate_student_cols_upd BEFORE UPDATE ON certificate
FOR EACH ROW
BEGIN
	DECLARE t VARCHAR(8);
	DECLARE n VARCHAR(40);

	IF NEW.student_id <> OLD.student_id THEN
		SELECT s.student_type, s.name INTO t, n
		    FROM student s WHERE s.id = NEW.student_id;
		SET NEW.student_type = t, NEW.student_name = n;
	END IF;
END//
CREATE TRIGGER certificate_count_ins AFTER INSERT ON certificate FOR EACH ROW
BEGIN
	INSERT INTO certificate_count (organisation_id, institution_id,
	    plan_id, certificate_type_id, student_type, status, n)
	    VALUES (NEW.organisation_id, NEW.institution_id, NEW.plan_id,
	    NEW.certificate_type_id, NEW.student_type, NEW.status, 1)
	    ON DUPLICATE KEY UPDATE n = n + 1;
END//
CREATE TRIGGER certificate_count_upd AFTER UPDATE ON certificate FOR EACH ROW
BEGIN
	IF NEW.status <> OLD.status OR NEW.student_type <> OLD.student_type
	    THEN
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
CREATE TRIGGER certificate_count_del AFTER DELETE ON certificate FOR EACH ROW
BEGIN
	UPDATE certificate_count SET n = n - 1
	    WHERE organisation_id = OLD.organisation_id
	    AND institution_id = OLD.institution_id
	    AND plan_id = OLD.plan_id AND student_type = OLD.student_type
	    AND status = OLD.status;
END//
-- The holder's edits reach the copies on every record of the student.
CREATE TRIGGER student_cert_cols AFTER UPDATE ON student FOR EACH ROW
BEGIN
	IF NEW.student_type <> OLD.student_type OR NEW.name <> OLD.name THEN
		UPDATE certificate SET student_type = NEW.student_type,
		    student_name = NEW.name
		    WHERE student_id = NEW.id;
	END IF;
END//
DELIMITER ;
