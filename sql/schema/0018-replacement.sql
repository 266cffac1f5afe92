-- 0018-replacement.sql: a corrected certificate replaces a confirmed one
-- (替换).  The replacement is a new record for the same exam result, with
-- its own number, signed by both parties like any other; the original
-- stays (frozen) and becomes 已被替换 when its replacement is confirmed.
-- One original per result, one replacement per certificate: the unique
-- result key becomes a key over originals only.
ALTER TABLE certificate
	ADD COLUMN replaces_id BIGINT UNSIGNED NULL,
	ADD COLUMN original_result BIGINT UNSIGNED AS
	    (IF(replaces_id IS NULL, result_id, NULL)) PERSISTENT,
	ADD UNIQUE KEY certificate_original_result (original_result),
	ADD UNIQUE KEY certificate_replaces (replaces_id),
	ADD KEY certificate_result_all (result_id),
	ADD CONSTRAINT certificate_replaces_fk FOREIGN KEY (replaces_id)
	    REFERENCES certificate (id);
ALTER TABLE certificate DROP KEY certificate_result;
