-- 0013-templates.sql: certificate templates as data (issue 10), frozen
-- at confirmation.  A template version belongs to one certificate type,
-- or to none: the platform's default, used by every type that has no
-- version of its own.  Versions are immutable: a change is a new
-- version.  The layout is one row per drawn item (cert_template_field);
-- the background is an optional PNG (none: the drawn frame).
CREATE TABLE cert_template (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	certificate_type_id BIGINT UNSIGNED NULL,
	-- type_key: the type, 0 for the default (a NULL would not be unique)
	type_key	BIGINT UNSIGNED AS (IFNULL(certificate_type_id, 0))
			    PERSISTENT,
	version		INT UNSIGNED NOT NULL,
	background	MEDIUMBLOB NULL,
	note		VARCHAR(200) NOT NULL DEFAULT '',
	created_by	BIGINT UNSIGNED NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE KEY cert_template_version (type_key, version),
	CONSTRAINT cert_template_type_fk FOREIGN KEY (certificate_type_id)
	    REFERENCES certificate_type (id),
	CONSTRAINT cert_template_creator_fk FOREIGN KEY (created_by)
	    REFERENCES account (id),
	CONSTRAINT cert_template_version_min CHECK (version >= 1)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Positions and sizes in millimetres on the A4 landscape page (297 x
-- 210), text sizes in points; x, y of a text is its baseline's anchor
-- (align says which end), of a box its top-left corner.  label: the
-- text drawn before the value (a 'text' item: the text itself).
CREATE TABLE cert_template_field (
	template_id	BIGINT UNSIGNED NOT NULL,
	seq		SMALLINT UNSIGNED NOT NULL,
	field		ENUM('text','name','gender','idno','cert_name','level',
			    'number','date','org','site','photo','org_seal',
			    'site_seal','qr') NOT NULL,
	x		DECIMAL(5,1) NOT NULL,
	y		DECIMAL(5,1) NOT NULL,
	w		DECIMAL(5,1) NOT NULL DEFAULT 0,
	h		DECIMAL(5,1) NOT NULL DEFAULT 0,
	size		DECIMAL(4,1) NOT NULL DEFAULT 0,
	bold		TINYINT(1) NOT NULL DEFAULT 0,
	colour		CHAR(6) NOT NULL DEFAULT '222222',
	align		ENUM('left','centre','right') NOT NULL DEFAULT 'left',
	required	TINYINT(1) NOT NULL DEFAULT 0,
	label		VARCHAR(100) NOT NULL DEFAULT '',
	PRIMARY KEY (template_id, seq),
	CONSTRAINT cert_template_field_tpl_fk FOREIGN KEY (template_id)
	    REFERENCES cert_template (id),
	CONSTRAINT cert_template_field_page CHECK (x BETWEEN 0 AND 297
	    AND y BETWEEN 0 AND 210 AND x + w <= 297 AND y + h <= 210
	    AND w >= 0 AND h >= 0 AND size >= 0 AND size <= 72),
	CONSTRAINT cert_template_field_colour CHECK (colour REGEXP
	    '^[0-9a-f]{6}$')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

DELIMITER //
CREATE TRIGGER cert_template_immutable BEFORE UPDATE ON cert_template
FOR EACH ROW
BEGIN
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
	    'a template version never changes: add a new version';
END//
CREATE TRIGGER cert_template_field_immutable BEFORE UPDATE
ON cert_template_field FOR EACH ROW
BEGIN
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
	    'a template version never changes: add a new version';
END//
DELIMITER ;

-- The default, version 1: the layout the renderer drew before templates
-- were data (the frame is drawn: no background image).
INSERT INTO cert_template (certificate_type_id, version, note)
    VALUES (NULL, 1, '平台默认模板（原版式）');
SET @t = LAST_INSERT_ID();
INSERT INTO cert_template_field (template_id, seq, field, x, y, w, h, size,
    bold, colour, align, required, label) VALUES
	(@t, 1, 'text', 148.5, 42, 0, 0, 30, 1, '8b1a1a', 'centre', 0,
	    '职业技能等级证书'),
	(@t, 2, 'text', 148.5, 51, 0, 0, 11, 0, '6b6b6b', 'centre', 0,
	    'VOCATIONAL SKILL LEVEL CERTIFICATE'),
	(@t, 3, 'text', 148.5, 196, 0, 0, 8, 0, '6b6b6b', 'centre', 0,
	    '本证书可通过职业技能等级证书信息管理服务平台凭证书编号和身份证号查验'),
	(@t, 4, 'name', 40, 76, 0, 0, 15, 0, '222222', 'left', 0,
	    '姓　　名：'),
	(@t, 5, 'gender', 150, 76, 0, 0, 15, 0, '222222', 'left', 0, '性别：'),
	(@t, 6, 'idno', 40, 88.5, 0, 0, 15, 0, '222222', 'left', 0,
	    '身份证号：'),
	(@t, 7, 'cert_name', 40, 101, 0, 0, 15, 0, '222222', 'left', 0,
	    '证书名称：'),
	(@t, 8, 'level', 40, 113.5, 0, 0, 15, 0, '222222', 'left', 0,
	    '证书等级：'),
	(@t, 9, 'number', 40, 126, 0, 0, 15, 0, '222222', 'left', 0,
	    '证书编号：'),
	(@t, 10, 'date', 40, 138.5, 0, 0, 15, 0, '222222', 'left', 0,
	    '发证日期：'),
	(@t, 11, 'text', 85, 168, 0, 0, 12, 0, '222222', 'centre', 0,
	    '培训评价组织（颁证机构）'),
	(@t, 12, 'org', 85, 176, 0, 0, 12, 0, '222222', 'centre', 0, ''),
	(@t, 13, 'text', 185, 168, 0, 0, 12, 0, '222222', 'centre', 0,
	    '考核站点负责人签章'),
	(@t, 14, 'site', 185, 176, 0, 0, 12, 0, '222222', 'centre', 0, ''),
	(@t, 15, 'photo', 232, 64, 30, 40, 10, 0, '6b6b6b', 'centre', 0,
	    '照片'),
	(@t, 16, 'org_seal', 65, 144, 40, 40, 0, 0, '222222', 'left', 0, ''),
	(@t, 17, 'site_seal', 170, 145, 30, 30, 0, 0, '222222', 'left', 0, ''),
	(@t, 18, 'qr', 244, 150, 28, 28, 8, 0, '6b6b6b', 'centre', 0,
	    '扫码查验');

-- A certificate records the template version it was confirmed with
-- (its seal versions are recorded already).
ALTER TABLE certificate
	ADD COLUMN template_id BIGINT UNSIGNED NULL,
	ADD CONSTRAINT certificate_template_fk FOREIGN KEY (template_id)
	    REFERENCES cert_template (id);

-- The SHA-256 of a confirmed certificate's image at each resolution,
-- stored once, by the first render after confirmation (not inside the
-- signing transaction: a batch of 10,000 must stay fast).  Never
-- changed: every later render compares with it.
CREATE TABLE certificate_image (
	certificate_id	BIGINT UNSIGNED NOT NULL,
	dpi		SMALLINT UNSIGNED NOT NULL,
	sha256		CHAR(64) NOT NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (certificate_id, dpi),
	CONSTRAINT certificate_image_cert_fk FOREIGN KEY (certificate_id)
	    REFERENCES certificate (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A render that hashed differently from the stored hash: not served,
-- listed for the platform admin.  One row per certificate and
-- resolution (the last seen), with how often it happened.
CREATE TABLE certificate_image_mismatch (
	certificate_id	BIGINT UNSIGNED NOT NULL,
	dpi		SMALLINT UNSIGNED NOT NULL,
	expected	CHAR(64) NOT NULL,
	got		CHAR(64) NOT NULL,
	seen		INT UNSIGNED NOT NULL DEFAULT 1,
	first_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	last_at		TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	PRIMARY KEY (certificate_id, dpi),
	CONSTRAINT certificate_image_mismatch_cert_fk
	    FOREIGN KEY (certificate_id) REFERENCES certificate (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

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
	    AND OLD.status NOT IN ('org_rejected', 'site_rejected') THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'the content changes only at a re-issue';
	END IF;
END//
DELIMITER ;
