-- 0004-students.sql: student history, correction flags (完善学生信息),
-- registrations to exam plans, and what the import needs.

ALTER TABLE student
	ADD COLUMN version INT UNSIGNED NOT NULL DEFAULT 1,
	ADD COLUMN photo MEDIUMBLOB NULL;

-- Every change to a student record: who, when, which field, old -> new
-- (ID numbers masked).
CREATE TABLE student_change (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	student_id	BIGINT UNSIGNED NOT NULL,
	account_id	BIGINT UNSIGNED NULL,
	field		VARCHAR(32) NOT NULL,
	old_value	VARCHAR(200) NOT NULL,
	new_value	VARCHAR(200) NOT NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY student_change_student (student_id, id),
	CONSTRAINT student_change_student_fk FOREIGN KEY (student_id)
	    REFERENCES student (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A student registered to an exam plan at an assessment site.
CREATE TABLE registration (
	plan_id		BIGINT UNSIGNED NOT NULL,
	student_id	BIGINT UNSIGNED NOT NULL,
	institution_id	BIGINT UNSIGNED NOT NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (plan_id, student_id),
	KEY registration_student (student_id),
	KEY registration_inst (institution_id, plan_id),
	CONSTRAINT registration_plan_fk FOREIGN KEY (plan_id)
	    REFERENCES exam_plan (id),
	CONSTRAINT registration_student_fk FOREIGN KEY (student_id)
	    REFERENCES student (id),
	CONSTRAINT registration_site_fk FOREIGN KEY (plan_id, institution_id)
	    REFERENCES exam_site (plan_id, institution_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO registration (plan_id, student_id, institution_id)
SELECT plan_id, student_id, site_id FROM exam_result;

-- 完善学生信息: the organisation flags a field of a record, with a note and
-- a deadline.  open -> fixed (institution confirmed) -> accepted, or
-- back to open (re-flagged) with the organisation's new note.
CREATE TABLE correction_flag (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	student_id	BIGINT UNSIGNED NOT NULL,
	institution_id	BIGINT UNSIGNED NOT NULL,
	organisation_id	BIGINT UNSIGNED NOT NULL,
	field		ENUM('name','gender','id_type','id_number','student_type',
			    'phone','major','class_name','photo') NOT NULL,
	note		VARCHAR(300) NOT NULL,
	deadline	DATE NOT NULL,
	state		ENUM('open','fixed','accepted') NOT NULL DEFAULT 'open',
	created_by	BIGINT UNSIGNED NOT NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	fixed_by	BIGINT UNSIGNED NULL,
	fixed_at	TIMESTAMP NULL,
	resolved_by	BIGINT UNSIGNED NULL,
	resolved_at	TIMESTAMP NULL,
	rounds		INT UNSIGNED NOT NULL DEFAULT 1,
	reminded	TINYINT UNSIGNED NOT NULL DEFAULT 0,
	KEY correction_inst (institution_id, state, deadline),
	KEY correction_org (organisation_id, state),
	KEY correction_student (student_id, state),
	CONSTRAINT correction_student_fk FOREIGN KEY (student_id)
	    REFERENCES student (id),
	CONSTRAINT correction_inst_fk FOREIGN KEY (institution_id)
	    REFERENCES institution (id),
	CONSTRAINT correction_org_fk FOREIGN KEY (organisation_id)
	    REFERENCES organisation (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A result is final once a certificate was generated from it.
DELIMITER //
CREATE TRIGGER exam_result_final BEFORE UPDATE ON exam_result FOR EACH ROW
BEGIN
	IF EXISTS (SELECT 1 FROM certificate c WHERE c.result_id = OLD.id) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'a result with a certificate cannot change';
	END IF;
END//
-- No certificate for a student with an open correction flag.
CREATE TRIGGER certificate_needs_clean_record BEFORE INSERT ON certificate
FOR EACH ROW
BEGIN
	IF EXISTS (SELECT 1 FROM correction_flag f
	    WHERE f.student_id = NEW.student_id AND f.state <> 'accepted') THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'the student has an open correction flag';
	END IF;
END//
DELIMITER ;
