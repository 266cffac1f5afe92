-- 0015-verify.sql: 证书查询 (issue 12): the signed QR payload frozen on
-- each confirmed certificate, the log of every verification, and the
-- counters and CAPTCHAs that make guessing ID numbers slow.

-- The QR code's payload (fcgi/common/qrpay.h: base32 of the signed
-- bytes), set in the transaction that confirms the certificate and never
-- changed after.
ALTER TABLE certificate
	ADD COLUMN qr_payload VARCHAR(400) CHARACTER SET ascii
	    COLLATE ascii_bin NULL;

DELIMITER //
CREATE TRIGGER certificate_qr_final BEFORE UPDATE ON certificate
FOR EACH ROW
BEGIN
	IF OLD.qr_payload IS NOT NULL AND
	    NOT (NEW.qr_payload <=> OLD.qr_payload) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'a certificate''s QR payload cannot change';
	END IF;
END//
DELIMITER ;

-- Every verification, by any method, without the ID number and without
-- the asking party's address (the holder's personal space lists these):
-- when, which certificate number, how, with what outcome, and for the
-- employer API its key.
CREATE TABLE verification_log (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	at		TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	number		CHAR(23) CHARACTER SET ascii NOT NULL,
	certificate_id	BIGINT UNSIGNED NULL,	-- when it matched one
	method		ENUM('idno','qr','share','api','batch') NOT NULL,
	outcome		ENUM('ok','nomatch','locked','captcha','throttled',
			    'content') NOT NULL,
	api_key_id	BIGINT UNSIGNED NULL,
	KEY verification_log_number (number, id),
	KEY verification_log_cert (certificate_id, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Failures counted per address (15 minutes: 3 bring a CAPTCHA, 20 a
-- refusal) and per certificate number (an hour: 20 lock the number for
-- an hour for everyone but its holder).  key_hash is the SHA-256 of
-- "ip:<address>" or "number:<number>": no address is kept in clear.
CREATE TABLE verify_throttle (
	key_hash	BINARY(32) NOT NULL PRIMARY KEY,
	kind		ENUM('ip','number') NOT NULL,
	fails		INT UNSIGNED NOT NULL,
	first_fail	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	locked_until	TIMESTAMP NULL,
	KEY verify_throttle_age (first_fail)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A CAPTCHA drawn for a visitor: its token (hashed) lives in the
-- visitor's cookie, its answer here; deleted when answered (single use)
-- or after 10 minutes.
CREATE TABLE verify_captcha (
	token_hash	BINARY(32) NOT NULL PRIMARY KEY,
	answer		CHAR(5) CHARACTER SET ascii NOT NULL,
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY verify_captcha_age (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
