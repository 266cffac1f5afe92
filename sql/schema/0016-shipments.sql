-- 0016-shipments.sql: 操作四, the paper certificates' journey from the
-- organisation to the student (shipments, receipt, hand-over), and the
-- public facts of a revocation beside the certificate it withdraws.

-- A parcel from an organisation to one institution: 待打印 (packing)
-- -> 已打印 -> 已寄出 -> 院校已签收.  Its certificates are shipment_item.
CREATE TABLE shipment (
	id		BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
	organisation_id	BIGINT UNSIGNED NOT NULL,
	institution_id	BIGINT UNSIGNED NOT NULL,
	created_by	BIGINT UNSIGNED NOT NULL,
	state		ENUM('packing','printed','shipped','received')
			    NOT NULL DEFAULT 'packing',
	n		INT UNSIGNED NOT NULL,
	courier		VARCHAR(60) NOT NULL DEFAULT '',
	tracking	VARCHAR(60) NOT NULL DEFAULT '',
	printed_on	DATE NULL,
	shipped_on	DATE NULL,
	received_at	TIMESTAMP NULL,
	received_by	BIGINT UNSIGNED NULL,
	receipt_note	VARCHAR(500) NOT NULL DEFAULT '',
	created_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	KEY shipment_org (organisation_id, id),
	KEY shipment_inst (institution_id, state, id),
	CONSTRAINT shipment_org_fk FOREIGN KEY (organisation_id)
	    REFERENCES organisation (id),
	CONSTRAINT shipment_inst_fk FOREIGN KEY (institution_id)
	    REFERENCES institution (id),
	CONSTRAINT shipment_creator_fk FOREIGN KEY (created_by)
	    REFERENCES account (id),
	CONSTRAINT shipment_receiver_fk FOREIGN KEY (received_by)
	    REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One certificate in one parcel, as the institution found it.  A
-- reprint (after 缺失 or 损坏) is the same certificate in a later parcel,
-- with its reprint count.
CREATE TABLE shipment_item (
	shipment_id	BIGINT UNSIGNED NOT NULL,
	seq		INT UNSIGNED NOT NULL,
	certificate_id	BIGINT UNSIGNED NOT NULL,
	reprint		INT UNSIGNED NOT NULL DEFAULT 0,
	state		ENUM('sent','received','missing','damaged')
			    NOT NULL DEFAULT 'sent',
	note		VARCHAR(300) NOT NULL DEFAULT '',
	PRIMARY KEY (shipment_id, seq),
	UNIQUE KEY shipment_item_cert (certificate_id, shipment_id),
	CONSTRAINT shipment_item_ship_fk FOREIGN KEY (shipment_id)
	    REFERENCES shipment (id),
	CONSTRAINT shipment_item_cert_fk FOREIGN KEY (certificate_id)
	    REFERENCES certificate (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Where each paper certificate is now: one row per certificate, so two
-- open parcels can never hold the same one (its shipment_id is the
-- parcel it is in, or was last in).  state: in a parcel (sent: packed,
-- printed or shipped, as its parcel says), received, missing or damaged
-- (the organisation may reprint it into a new parcel), handed over.
CREATE TABLE certificate_paper (
	certificate_id	BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	institution_id	BIGINT UNSIGNED NOT NULL,
	shipment_id	BIGINT UNSIGNED NOT NULL,
	state		ENUM('sent','received','missing','damaged','handed')
			    NOT NULL DEFAULT 'sent',
	reprints	INT UNSIGNED NOT NULL DEFAULT 0,
	handed_how	ENUM('','person','mail') NOT NULL DEFAULT '',
	handed_on	DATE NULL,
	handed_to	VARCHAR(60) NOT NULL DEFAULT '',
	courier		VARCHAR(60) NOT NULL DEFAULT '',
	tracking	VARCHAR(60) NOT NULL DEFAULT '',
	handed_by	BIGINT UNSIGNED NULL,
	updated_at	TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
			    ON UPDATE CURRENT_TIMESTAMP,
	KEY certificate_paper_inst (institution_id, state),
	KEY certificate_paper_ship (shipment_id),
	CONSTRAINT certificate_paper_cert_fk FOREIGN KEY (certificate_id)
	    REFERENCES certificate (id),
	CONSTRAINT certificate_paper_ship_fk FOREIGN KEY (shipment_id)
	    REFERENCES shipment (id),
	CONSTRAINT certificate_paper_by_fk FOREIGN KEY (handed_by)
	    REFERENCES account (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A revocation (已撤销) or replacement (已被替换): the public reason and
-- the organisation's handwritten signature, beside the certificate it
-- withdraws (whose record and frozen content never change; only its
-- status moves, as cert.c allows).  replacement_id: the corrected
-- certificate that takes its place (已被替换 / 替换自).
CREATE TABLE certificate_revocation (
	certificate_id	BIGINT UNSIGNED NOT NULL PRIMARY KEY,
	kind		ENUM('revoke','replace') NOT NULL,
	reason		VARCHAR(500) NOT NULL,
	replacement_id	BIGINT UNSIGNED NULL,
	account_id	BIGINT UNSIGNED NOT NULL,
	sig_png		MEDIUMBLOB NOT NULL,
	sig_sha256	CHAR(64) NOT NULL,
	ip		VARCHAR(45) NOT NULL,
	at		TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
	UNIQUE KEY certificate_revocation_new (replacement_id),
	CONSTRAINT certificate_revocation_cert_fk FOREIGN KEY (certificate_id)
	    REFERENCES certificate (id),
	CONSTRAINT certificate_revocation_new_fk FOREIGN KEY (replacement_id)
	    REFERENCES certificate (id),
	CONSTRAINT certificate_revocation_acct_fk FOREIGN KEY (account_id)
	    REFERENCES account (id),
	CONSTRAINT certificate_revocation_reason CHECK (reason <> '')
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

DELIMITER //
CREATE TRIGGER certificate_revocation_no_update BEFORE UPDATE
ON certificate_revocation FOR EACH ROW
BEGIN
	IF NOT (OLD.replacement_id IS NULL AND NEW.kind = OLD.kind
	    AND NEW.reason = OLD.reason AND NEW.sig_sha256 = OLD.sig_sha256
	    AND NEW.certificate_id = OLD.certificate_id) THEN
		SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT =
		    'a revocation never changes';
	END IF;
END//
CREATE TRIGGER certificate_revocation_no_delete BEFORE DELETE
ON certificate_revocation FOR EACH ROW
BEGIN
	SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'a revocation is never deleted';
END//
DELIMITER ;
