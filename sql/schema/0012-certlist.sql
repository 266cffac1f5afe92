-- 0012-certlist.sql: indexes for 证书发放管理 (the list in id order,
-- keyset pagination).  Adding (plan_id, status, id) and
-- (certificate_type_id, status, id) in 0011 made InnoDB drop the foreign
-- keys' own indexes, so the 全部 tab filtered by plan or certificate had
-- no index in id order: these give it back.  The site filter gets the
-- same pair (its foreign key index is replaced by the pair's first).
-- An institution's list filtered by an exam plan reads its own rows of
-- that plan, not the plan's rows of every site.
ALTER TABLE certificate
	ADD KEY certificate_plan_all (plan_id, id),
	ADD KEY certificate_inst_plan_all (institution_id, plan_id, id),
	ADD KEY certificate_inst_plan (institution_id, plan_id, status, id),
	ADD KEY certificate_type_all (certificate_type_id, id),
	ADD KEY certificate_site_all (site_id, id),
	ADD KEY certificate_site_status (site_id, status, id);
