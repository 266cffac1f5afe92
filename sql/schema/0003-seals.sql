-- 0003-seals.sql: electronic seals (签章) with versions, the authorisation
-- letter they are saved under, and the assessment-site principal.

-- 考核站点负责人: one per institution, 副校长 or above.
ALTER TABLE institution
	ADD COLUMN site_principal_name VARCHAR(30) NULL,
	ADD COLUMN site_principal_title VARCHAR(20) NULL,
	ADD CONSTRAINT institution_site_title CHECK (site_principal_title IS NULL
	    OR site_principal_title IN ('校长', '党委书记', '常务副校长',
	    '副校长', '党委副书记'));

-- 《电子签名章使用授权委托书》, versioned; consent names the version.
CREATE TABLE auth_letter (
	version		INT UNSIGNED NOT NULL PRIMARY KEY,
	title		VARCHAR(100) NOT NULL,
	body		TEXT NOT NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO auth_letter (version, title, body) VALUES (1,
'电子签名章使用授权委托书',
'本单位（试点院校／考核站点）及本单位考核站点负责人兹授权职业技能等级证书信息管理服务平台，在本单位负责人账号确认签发职业技能等级证书时，将本次上传的电子签名章加盖于相应的电子证书之上。

一、本单位承诺：所上传的电子签名章为本单位考核站点负责人本人的签名章，考核站点负责人由副校长及以上职位人员担任，上传行为已取得其本人同意。

二、电子签名章仅限于确认签发证书时使用，仅由本单位负责人账号上传、查看和使用；本单位不得将负责人账号及密码提供给他人。

三、电子签名章一经用于确认签发的证书，即与该证书一同存档，不因此后更换签名章而改变；已用于证书的签名章版本不可删除。

四、因本单位保管账号不善或上传内容不实所产生的后果，由本单位承担。

五、本授权自勾选确认之日起生效，至本单位上传新的签名章或书面撤回授权之日止。');

-- Each saved seal is a new version of its owner's seal; the newest is
-- current.  A version used by a certificate cannot be deleted (the
-- certificate's foreign keys restrict it).
CREATE TABLE seal (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	owner_type	ENUM('institution','organisation') NOT NULL,
	owner_id	BIGINT UNSIGNED NOT NULL,
	version		INT UNSIGNED NOT NULL,
	png		MEDIUMBLOB NOT NULL,
	sha256		CHAR(64) NOT NULL,
	width		INT UNSIGNED NOT NULL,
	height		INT UNSIGNED NOT NULL,
	variant		ENUM('cleaned','original') NOT NULL,
	letter_version	INT UNSIGNED NOT NULL,
	consent_account_id BIGINT UNSIGNED NOT NULL,
	consent_ip	VARCHAR(45) NOT NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE KEY seal_version (owner_type, owner_id, version),
	CONSTRAINT seal_letter_fk FOREIGN KEY (letter_version)
	    REFERENCES auth_letter (version),
	CONSTRAINT seal_account_fk FOREIGN KEY (consent_account_id)
	    REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- An upload being previewed: kept until saved or a day old, so the
-- preview works on any responder process or host.
CREATE TABLE seal_upload (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	owner_type	ENUM('institution','organisation') NOT NULL,
	owner_id	BIGINT UNSIGNED NOT NULL,
	account_id	BIGINT UNSIGNED NOT NULL,
	original	MEDIUMBLOB NOT NULL,
	cleaned		MEDIUMBLOB NOT NULL,
	width		INT UNSIGNED NOT NULL,
	height		INT UNSIGNED NOT NULL,
	filename	VARCHAR(200) NOT NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY seal_upload_owner (owner_type, owner_id),
	KEY seal_upload_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Certificates record the seal versions they were confirmed with.
ALTER TABLE certificate
	ADD COLUMN site_seal_id BIGINT UNSIGNED NULL,
	ADD COLUMN org_seal_id BIGINT UNSIGNED NULL,
	ADD CONSTRAINT certificate_site_seal_fk FOREIGN KEY (site_seal_id)
	    REFERENCES seal (id),
	ADD CONSTRAINT certificate_org_seal_fk FOREIGN KEY (org_seal_id)
	    REFERENCES seal (id);

-- Seals are images of signatures: never rewritten in place.
DELIMITER //
CREATE TRIGGER seal_immutable BEFORE UPDATE ON seal FOR EACH ROW
BEGIN
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'a saved seal never changes';
END//
DELIMITER ;

-- A confirmed certificate keeps the seals it was confirmed with.
DROP TRIGGER certificate_final;
DELIMITER //
CREATE TRIGGER certificate_final BEFORE UPDATE ON certificate FOR EACH ROW
BEGIN
	IF OLD.status = 'confirmed' AND (NEW.status NOT IN
	    ('confirmed', 'revoked', 'replaced') OR NEW.number <> OLD.number
	    OR NEW.student_id <> OLD.student_id
	    OR NOT (NEW.issued_on <=> OLD.issued_on)
	    OR NOT (NEW.site_seal_id <=> OLD.site_seal_id)
	    OR NOT (NEW.org_seal_id <=> OLD.org_seal_id)) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'a confirmed certificate cannot change';
	END IF;
END//
DELIMITER ;
