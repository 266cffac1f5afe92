-- grants.sql: one MariaDB account per responder, each with its own
-- password (@DB_PASSWORD_<area>@, filled in from the secrets file by
-- deploy/stack.sh) and the least rights it needs.
CREATE USER IF NOT EXISTS 'xc_institution'@'localhost' IDENTIFIED BY '@DB_PASSWORD_institution@';
CREATE USER IF NOT EXISTS 'xc_students'@'localhost' IDENTIFIED BY '@DB_PASSWORD_students@';
CREATE USER IF NOT EXISTS 'xc_issuance'@'localhost' IDENTIFIED BY '@DB_PASSWORD_issuance@';
CREATE USER IF NOT EXISTS 'xc_verification'@'localhost' IDENTIFIED BY '@DB_PASSWORD_verification@';
ALTER USER 'xc_institution'@'localhost' IDENTIFIED BY '@DB_PASSWORD_institution@';
ALTER USER 'xc_students'@'localhost' IDENTIFIED BY '@DB_PASSWORD_students@';
ALTER USER 'xc_issuance'@'localhost' IDENTIFIED BY '@DB_PASSWORD_issuance@';
ALTER USER 'xc_verification'@'localhost' IDENTIFIED BY '@DB_PASSWORD_verification@';
-- Data rights only: no DDL at run time.  audit_log, seal and confirmed
-- certificates are protected by triggers for everyone.
GRANT SELECT, INSERT, UPDATE, DELETE ON xcert.* TO 'xc_institution'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON xcert.* TO 'xc_students'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON xcert.* TO 'xc_issuance'@'localhost';
-- The public verification responder reads the published view, and only
-- what the common core needs to recognise a logged-in visitor: never a
-- password hash, never a ciphertext.
GRANT SELECT ON xcert.v_cert_public TO 'xc_verification'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON xcert.session TO 'xc_verification'@'localhost';
GRANT SELECT (id, login, display_name, role, organisation_id, institution_id,
    must_change_pw, disabled) ON xcert.account TO 'xc_verification'@'localhost';
GRANT SELECT (id, name) ON xcert.organisation TO 'xc_verification'@'localhost';
GRANT SELECT (id, name) ON xcert.institution TO 'xc_verification'@'localhost';
GRANT SELECT, INSERT, UPDATE, DELETE ON xcert.login_throttle TO 'xc_verification'@'localhost';
GRANT SELECT, UPDATE ON xcert.audit_head TO 'xc_verification'@'localhost';
GRANT INSERT ON xcert.audit_log TO 'xc_verification'@'localhost';
GRANT SELECT (account_id, read_at) ON xcert.notification TO 'xc_verification'@'localhost';
GRANT SELECT (institution_id, organisation_id, state) ON xcert.correction_flag TO 'xc_verification'@'localhost';
FLUSH PRIVILEGES;
