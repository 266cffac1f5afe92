-- views.sql: what the public verification responder may read.
-- Only confirmed (or revoked/replaced) certificates are published; the
-- ID number's blind index lets a lookup match certificate number + ID
-- number without exposing either.  The id and the holder's account serve
-- share codes (the holder's own certificates) and the check log.  The
-- published record itself is kept in cert_public by cert_public_sync()
-- and its triggers (0023): one row per certificate, frozen content.
CREATE OR REPLACE SQL SECURITY DEFINER VIEW v_cert_public AS
SELECT p.cert_id AS id, p.holder_account_id AS account_id,
       p.number AS number, p.status AS status, p.issued_on AS issued_on,
       p.student_name AS student_name, p.id_hmac AS id_hmac,
       p.id_mask AS id_mask, p.cert_name AS cert_name,
       p.cert_level AS cert_level, p.org_name AS org_name,
       p.inst_name AS inst_name, p.inst_code AS inst_code,
       p.plan_name AS plan_name, p.revoke_reason AS revoke_reason,
       p.revoked_on AS revoked_on, p.replaced_by AS replaced_by,
       p.replaces AS replaces, p.replaced_by_qr AS replaced_by_qr,
       p.replaces_qr AS replaces_qr, p.cert_id AS cert_id,
       p.canon_sha256 AS canon_sha256,
       p.holder_account_id AS holder_account_id
FROM cert_public p;
