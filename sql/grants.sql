-- grants.sql: one MariaDB account per responder, least rights each.
-- @DB_PASSWORD@ is filled in from the secrets file by deploy/stack.sh.
CREATE USER IF NOT EXISTS 'xc_institution'@'localhost' IDENTIFIED BY '@DB_PASSWORD@';
CREATE USER IF NOT EXISTS 'xc_students'@'localhost' IDENTIFIED BY '@DB_PASSWORD@';
CREATE USER IF NOT EXISTS 'xc_issuance'@'localhost' IDENTIFIED BY '@DB_PASSWORD@';
CREATE USER IF NOT EXISTS 'xc_verification'@'localhost' IDENTIFIED BY '@DB_PASSWORD@';
ALTER USER 'xc_institution'@'localhost' IDENTIFIED BY '@DB_PASSWORD@';
ALTER USER 'xc_students'@'localhost' IDENTIFIED BY '@DB_PASSWORD@';
ALTER USER 'xc_issuance'@'localhost' IDENTIFIED BY '@DB_PASSWORD@';
ALTER USER 'xc_verification'@'localhost' IDENTIFIED BY '@DB_PASSWORD@';
-- Data rights only: no DDL at run time.  audit_log is append-only by
-- trigger for everyone.
GRANT SELECT, INSERT, UPDATE, DELETE ON xcert.* TO 'xc_institution'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON xcert.* TO 'xc_students'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON xcert.* TO 'xc_issuance'@'localhost';
-- The public verification responder reads the published view only,
-- and needs the common tables its core statements touch.
GRANT SELECT ON xcert.v_cert_public TO 'xc_verification'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON xcert.session TO 'xc_verification'@'localhost';
GRANT SELECT ON xcert.account TO 'xc_verification'@'localhost';
GRANT SELECT ON xcert.organisation TO 'xc_verification'@'localhost';
GRANT SELECT ON xcert.institution TO 'xc_verification'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON xcert.login_throttle TO 'xc_verification'@'localhost';
GRANT SELECT, UPDATE ON xcert.audit_head TO 'xc_verification'@'localhost';
GRANT INSERT ON xcert.audit_log TO 'xc_verification'@'localhost';
GRANT SELECT ON xcert.notification TO 'xc_verification'@'localhost';
GRANT SELECT ON xcert.correction_flag TO 'xc_verification'@'localhost';
FLUSH PRIVILEGES;
