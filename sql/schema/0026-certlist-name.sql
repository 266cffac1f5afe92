-- 0026-certlist-name.sql: 证书发放管理 filtered by name at national scale
-- (issue 13).
--   certificate_name_scope  a name's records with every column the list
--                   filters on besides the number and the ID number: the
--                   tab counts of a name are read from this index alone
--                   (they fetched every record of the name and its
--                   student: 1,600 of each per page in bench/gen.sh's
--                   data, 6-8 ms of the database), and a name's page in
--                   a scope or under another filter fetches only the
--                   records that match (index condition), not every
--                   record of the name in id order until a page is full.
ALTER TABLE certificate
	ADD KEY certificate_name_scope (student_name, organisation_id,
	    institution_id, student_type, status, plan_id,
	    certificate_type_id, site_id);
