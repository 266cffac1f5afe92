-- 0024-certlist-cache.sql: 证书发放管理 for many callers at once (issue 13).
--
-- choice_version: when the filters' choices change.  Each issuance process keeps the choices it showed
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
--
-- certificate_count_org: the tab counts of an organisation, and of the
-- platform, without a filter of institution, plan or type, summed from a
-- few rows (organisation, 学生类型, status) instead of every counter row
-- of the scope (the platform's unfiltered list summed 10,020 rows at
-- 200,000 certificates: 4.4 ms of the database per page).  Kept from
-- certificate_count by its triggers below, in the same transaction.
CREATE TABLE certificate_count_org (
	organisation_id	BIGINT UNSIGNED NOT NULL,
	student_type	ENUM('院校学生','社会学员') NOT NULL,
	status		ENUM('org_pending','org_rejected','site_pending',
			    'site_rejected','confirmed','revoked','replaced')
			    NOT NULL,
	n		BIGINT NOT NULL,
	PRIMARY KEY (organisation_id, student_type, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO certificate_count_org (organisation_id, student_type, status, n)
SELECT organisation_id, student_type, status, SUM(n) FROM certificate_count
GROUP BY organisation_id, student_type, status;

DELIMITER //
CREATE TRIGGER certificate_count_cache_ins AFTER INSERT ON certificate_count
FOR EACH ROW
BEGIN
	INSERT INTO certificate_count_org (organisation_id, student_type,
	    status, n) VALUES (NEW.organisation_id, NEW.student_type,
	    NEW.status, NEW.n) ON DUPLICATE KEY UPDATE n = n + NEW.n;
	INSERT INTO choice_version (scope, scope_id, v)
	    VALUES ('org', NEW.organisation_id, 1),
	    ('inst', NEW.institution_id, 1)
	    ON DUPLICATE KEY UPDATE v = v + 1;
END//
-- (an UPDATE of a counter moves its n: the choices stay)
CREATE TRIGGER certificate_count_cache_upd AFTER UPDATE ON certificate_count
FOR EACH ROW
BEGIN
	UPDATE certificate_count_org SET n = n - OLD.n
	    WHERE organisation_id = OLD.organisation_id
	    AND student_type = OLD.student_type AND status = OLD.status;
	INSERT INTO certificate_count_org (organisation_id, student_type,
	    status, n) VALUES (NEW.organisation_id, NEW.student_type,
	    NEW.status, NEW.n) ON DUPLICATE KEY UPDATE n = n + NEW.n;
END//
CREATE TRIGGER certificate_count_cache_del AFTER DELETE ON certificate_count
FOR EACH ROW
BEGIN
	UPDATE certificate_count_org SET n = n - OLD.n
	    WHERE organisation_id = OLD.organisation_id
	    AND student_type = OLD.student_type AND status = OLD.status;
	INSERT INTO choice_version (scope, scope_id, v)
	    VALUES ('org', OLD.organisation_id, 1),
	    ('inst', OLD.institution_id, 1)
	    ON DUPLICATE KEY UPDATE v = v + 1;
END//
DELIMITER ;
