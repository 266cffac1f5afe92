-- 0002-catalogue.sql: certificate catalogue, students, exam plans, results, certificates.

CREATE TABLE certificate_type (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	organisation_id	BIGINT UNSIGNED NOT NULL,
	name		VARCHAR(100) NOT NULL,
	level		ENUM('初级','中级','高级') NOT NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE KEY certificate_type_name (organisation_id, name, level),
	CONSTRAINT certificate_type_org_fk FOREIGN KEY (organisation_id)
	    REFERENCES organisation (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- ID numbers: AES-256-GCM ciphertext, HMAC-SHA-256 blind index, and the
-- masked form (first 6 + ***** + last 4) for lists.
CREATE TABLE student (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	institution_id	BIGINT UNSIGNED NOT NULL,
	name		VARCHAR(40) NOT NULL,
	gender		ENUM('男','女') NOT NULL,
	id_type		ENUM('居民身份证','港澳台居民居住证','外国人永久居留身份证',
			    '护照') NOT NULL DEFAULT '居民身份证',
	id_cipher	VARBINARY(128) NOT NULL,
	id_hmac		BINARY(32) NOT NULL,
	id_mask		VARCHAR(32) NOT NULL,
	student_type	ENUM('院校学生','社会学员') NOT NULL DEFAULT '院校学生',
	phone		VARCHAR(20) NOT NULL DEFAULT '',
	major		VARCHAR(60) NOT NULL DEFAULT '',
	class_name	VARCHAR(60) NOT NULL DEFAULT '',
	account_id	BIGINT UNSIGNED NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
			    ON UPDATE CURRENT_TIMESTAMP,
	UNIQUE KEY student_inst_id (institution_id, id_hmac),
	KEY student_hmac (id_hmac),
	KEY student_inst_name (institution_id, name),
	CONSTRAINT student_inst_fk FOREIGN KEY (institution_id)
	    REFERENCES institution (id),
	CONSTRAINT student_account_fk FOREIGN KEY (account_id)
	    REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE exam_plan (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	organisation_id	BIGINT UNSIGNED NOT NULL,
	certificate_type_id BIGINT UNSIGNED NOT NULL,
	name		VARCHAR(120) NOT NULL,
	exam_date	DATE NOT NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE KEY exam_plan_name (organisation_id, name),
	CONSTRAINT exam_plan_org_fk FOREIGN KEY (organisation_id)
	    REFERENCES organisation (id),
	CONSTRAINT exam_plan_type_fk FOREIGN KEY (certificate_type_id)
	    REFERENCES certificate_type (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- 考核站点 of a plan (each one an institution).
CREATE TABLE exam_site (
	plan_id		BIGINT UNSIGNED NOT NULL,
	institution_id	BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (plan_id, institution_id),
	KEY exam_site_inst (institution_id),
	CONSTRAINT exam_site_plan_fk FOREIGN KEY (plan_id)
	    REFERENCES exam_plan (id),
	CONSTRAINT exam_site_inst_fk FOREIGN KEY (institution_id)
	    REFERENCES institution (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE exam_result (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	plan_id		BIGINT UNSIGNED NOT NULL,
	student_id	BIGINT UNSIGNED NOT NULL,
	site_id		BIGINT UNSIGNED NOT NULL,
	status		ENUM('已通过','未通过','缺考') NOT NULL,
	score		DECIMAL(5,1) NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE KEY exam_result_once (plan_id, student_id),
	KEY exam_result_student (student_id),
	CONSTRAINT exam_result_plan_fk FOREIGN KEY (plan_id)
	    REFERENCES exam_plan (id),
	CONSTRAINT exam_result_student_fk FOREIGN KEY (student_id)
	    REFERENCES student (id),
	CONSTRAINT exam_result_site_fk FOREIGN KEY (plan_id, site_id)
	    REFERENCES exam_site (plan_id, institution_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- States follow DESIGN.md: org_pending -> site_pending -> confirmed, with
-- rejections on either side; a confirmed certificate never changes.
CREATE TABLE certificate (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	number		CHAR(23) NOT NULL,
	result_id	BIGINT UNSIGNED NOT NULL,
	student_id	BIGINT UNSIGNED NOT NULL,
	institution_id	BIGINT UNSIGNED NOT NULL,
	organisation_id	BIGINT UNSIGNED NOT NULL,
	certificate_type_id BIGINT UNSIGNED NOT NULL,
	plan_id		BIGINT UNSIGNED NOT NULL,
	status		ENUM('org_pending','org_rejected','site_pending',
			    'site_rejected','confirmed','revoked','replaced')
			    NOT NULL DEFAULT 'org_pending',
	issued_on	DATE NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	updated_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
			    ON UPDATE CURRENT_TIMESTAMP,
	UNIQUE KEY certificate_number (number),
	UNIQUE KEY certificate_result (result_id),
	KEY certificate_inst (institution_id, status),
	KEY certificate_org (organisation_id, status),
	KEY certificate_student (student_id),
	CONSTRAINT certificate_number_digits CHECK (number REGEXP '^[0-9]{23}$'),
	CONSTRAINT certificate_result_fk FOREIGN KEY (result_id)
	    REFERENCES exam_result (id),
	CONSTRAINT certificate_student_fk FOREIGN KEY (student_id)
	    REFERENCES student (id),
	CONSTRAINT certificate_inst_fk FOREIGN KEY (institution_id)
	    REFERENCES institution (id),
	CONSTRAINT certificate_org_fk FOREIGN KEY (organisation_id)
	    REFERENCES organisation (id),
	CONSTRAINT certificate_type_fk FOREIGN KEY (certificate_type_id)
	    REFERENCES certificate_type (id),
	CONSTRAINT certificate_plan_fk FOREIGN KEY (plan_id)
	    REFERENCES exam_plan (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A confirmed certificate is final: only revocation or replacement may
-- follow, and its content never changes.
DELIMITER //
CREATE TRIGGER certificate_final BEFORE UPDATE ON certificate FOR EACH ROW
BEGIN
	IF OLD.status = 'confirmed' AND (NEW.status NOT IN
	    ('confirmed', 'revoked', 'replaced') OR NEW.number <> OLD.number
	    OR NEW.student_id <> OLD.student_id
	    OR NOT (NEW.issued_on <=> OLD.issued_on)) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'a confirmed certificate cannot change';
	END IF;
END//
DELIMITER ;
