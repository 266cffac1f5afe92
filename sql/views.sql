-- views.sql: what the public verification responder may read.
-- Only confirmed (or revoked/replaced) certificates are published; the
-- ID number's blind index lets a lookup match certificate number + ID
-- number without exposing either.
CREATE OR REPLACE SQL SECURITY DEFINER VIEW v_cert_public AS
SELECT c.number AS number, c.status AS status, c.issued_on AS issued_on,
       s.name AS student_name, s.id_hmac AS id_hmac, s.id_mask AS id_mask,
       t.name AS cert_name, t.level AS cert_level,
       o.name AS org_name, i.name AS inst_name, i.code AS inst_code,
       p.name AS plan_name,
       c.id AS cert_id, c.canon_sha256 AS canon_sha256,
       s.account_id AS holder_account_id
FROM certificate c
JOIN student s ON s.id = c.student_id
JOIN certificate_type t ON t.id = c.certificate_type_id
JOIN organisation o ON o.id = c.organisation_id
JOIN institution i ON i.id = c.institution_id
JOIN exam_plan p ON p.id = c.plan_id
WHERE c.status IN ('confirmed', 'revoked', 'replaced');
