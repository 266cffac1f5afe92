-- 0024-choice-version.sql: when the filters' choices of 证书发放管理
-- change (issue 13).  Each issuance process keeps the choices it showed
-- (institutions, organisations, certificate types, plans, sites of a
-- scope: fcgi/common/tmpl.c, tmpl_rows_shared) instead of reading and
-- building hundreds of them on every list page (4 statements, 3 ms of the
-- database and most of the page for the platform admin).  A process
-- shows its kept choices only while their versions here are unchanged:
--   ('all', 0)        every change of institution, organisation,
--                     certificate_type, exam_plan, exam_site (what every
--                     scope's choices list);
--   ('org', id), ('inst', id)  a new (or removed) certificate_count row of
--                     that organisation or institution: a certificate of
--                     a plan, type or institution that scope had none of.
-- Versions only grow.  The triggers bump them in the changing statement's
-- own transaction, so a reader sees the new version with the new rows.
CREATE TABLE choice_version (
	scope		ENUM('all','org','inst') NOT NULL,
	scope_id	BIGINT UNSIGNED NOT NULL,
	v		BIGINT UNSIGNED NOT NULL,
	PRIMARY KEY (scope, scope_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO choice_version (scope, scope_id, v) VALUES ('all', 0, 1);

CREATE TRIGGER institution_choice_ins AFTER INSERT ON institution
FOR EACH ROW UPDATE choice_version SET v = v + 1
    WHERE scope = 'all' AND scope_id = 0;
CREATE TRIGGER institution_choice_upd AFTER UPDATE ON institution
FOR EACH ROW UPDATE choice_version SET v = v + 1
    WHERE scope = 'all' AND scope_id = 0;
CREATE TRIGGER institution_choice_del AFTER DELETE ON institution
FOR EACH ROW UPDATE choice_version SET v = v + 1
    WHERE scope = 'all' AND scope_id = 0;
CREATE TRIGGER organisation_choice_ins AFTER INSERT ON organisation
FOR EACH ROW UPDATE choice_version SET v = v + 1
    WHERE scope = 'all' AND scope_id = 0;
CREATE TRIGGER organisation_choice_upd AFTER UPDATE ON organisation
FOR EACH ROW UPDATE choice_version SET v = v + 1
    WHERE scope = 'all' AND scope_id = 0;
CREATE TRIGGER organisation_choice_del AFTER DELETE ON organisation
FOR EACH ROW UPDATE choice_version SET v = v + 1
    WHERE scope = 'all' AND scope_id = 0;
CREATE TRIGGER certificate_type_choice_ins AFTER INSERT ON certificate_type
FOR EACH ROW UPDATE choice_version SET v = v + 1
    WHERE scope = 'all' AND scope_id = 0;
CREATE TRIGGER certificate_type_choice_upd AFTER UPDATE ON certificate_type
FOR EACH ROW UPDATE choice_version SET v = v + 1
    WHERE scope = 'all' AND scope_id = 0;
CREATE TRIGGER certificate_type_choice_del AFTER DELETE ON certificate_type
FOR EACH ROW UPDATE choice_version SET v = v + 1
    WHERE scope = 'all' AND scope_id = 0;
CREATE TRIGGER exam_plan_choice_ins AFTER INSERT ON exam_plan
FOR EACH ROW UPDATE choice_version SET v = v + 1
    WHERE scope = 'all' AND scope_id = 0;
CREATE TRIGGER exam_plan_choice_upd AFTER UPDATE ON exam_plan
FOR EACH ROW UPDATE choice_version SET v = v + 1
    WHERE scope = 'all' AND scope_id = 0;
CREATE TRIGGER exam_plan_choice_del AFTER DELETE ON exam_plan
FOR EACH ROW UPDATE choice_version SET v = v + 1
    WHERE scope = 'all' AND scope_id = 0;
CREATE TRIGGER exam_site_choice_ins AFTER INSERT ON exam_site
FOR EACH ROW UPDATE choice_version SET v = v + 1
    WHERE scope = 'all' AND scope_id = 0;
CREATE TRIGGER exam_site_choice_upd AFTER UPDATE ON exam_site
FOR EACH ROW UPDATE choice_version SET v = v + 1
    WHERE scope = 'all' AND scope_id = 0;
CREATE TRIGGER exam_site_choice_del AFTER DELETE ON exam_site
FOR EACH ROW UPDATE choice_version SET v = v + 1
    WHERE scope = 'all' AND scope_id = 0;
-- (an UPDATE of certificate_count only moves n: the choices stay)
CREATE TRIGGER certificate_count_choice_ins AFTER INSERT ON certificate_count
FOR EACH ROW INSERT INTO choice_version (scope, scope_id, v)
    VALUES ('org', NEW.organisation_id, 1), ('inst', NEW.institution_id, 1)
    ON DUPLICATE KEY UPDATE v = v + 1;
CREATE TRIGGER certificate_count_choice_del AFTER DELETE ON certificate_count
FOR EACH ROW INSERT INTO choice_version (scope, scope_id, v)
    VALUES ('org', OLD.organisation_id, 1), ('inst', OLD.institution_id, 1)
    ON DUPLICATE KEY UPDATE v = v + 1;
