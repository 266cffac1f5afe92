-- views.sql: what the public verification responder may read.
-- Only confirmed (or revoked/replaced) certificates are published; the
-- ID number's blind index lets a lookup match certificate number + ID
-- number without exposing either.  The id and the holder's account serve
-- share codes (the holder's own certificates) and the check log.
CREATE OR REPLACE SQL SECURITY DEFINER VIEW v_cert_public AS
SELECT c.id AS id, s.account_id AS account_id, c.number AS number, c.status AS status, c.issued_on AS issued_on,
       -- The holder as the frozen content has it: a replacement may
       -- correct the student's identity, never the original's (0022).
       COALESCE(JSON_VALUE(c.canon, '$.holder.name'), s.name) AS student_name,
       COALESCE(UNHEX(JSON_VALUE(c.canon, '$.holder.id_hmac')), s.id_hmac) AS id_hmac,
       COALESCE(JSON_VALUE(c.canon, '$.holder.id_mask'), s.id_mask) AS id_mask,
       t.name AS cert_name, t.level AS cert_level,
       o.name AS org_name, i.name AS inst_name, i.code AS inst_code,
       p.name AS plan_name,
       IFNULL(v.reason, '') AS revoke_reason,
       IFNULL(DATE_FORMAT(v.at, '%Y-%m-%d'), '') AS revoked_on,
       IFNULL(n.number, '') AS replaced_by,
       IFNULL(w.number, '') AS replaces,
       -- Their signed QR payloads: the links between the two on a result
       -- (/verify/q/ shows a certificate's live status without an ID).
       IFNULL(n.qr_payload, '') AS replaced_by_qr,
       IFNULL(w.qr_payload, '') AS replaces_qr,
       c.id AS cert_id, c.canon_sha256 AS canon_sha256,
       s.account_id AS holder_account_id
FROM certificate c
JOIN student s ON s.id = c.student_id
JOIN certificate_type t ON t.id = c.certificate_type_id
JOIN organisation o ON o.id = c.organisation_id
JOIN institution i ON i.id = c.institution_id
JOIN exam_plan p ON p.id = c.plan_id
LEFT JOIN certificate_revocation v ON v.certificate_id = c.id
LEFT JOIN certificate n ON n.id = v.replacement_id
    AND n.status IN ('confirmed', 'revoked', 'replaced')
LEFT JOIN certificate_revocation x ON x.replacement_id = c.id
LEFT JOIN certificate w ON w.id = x.certificate_id
WHERE c.status IN ('confirmed', 'revoked', 'replaced');

