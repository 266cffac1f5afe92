-- 0031-photo-index.sql: a row of 证书发放管理 that waits for a signature
-- and whose holder has no photo asks whether any template requires one
-- (sql_list.c COLS: an uncorrelated EXISTS, once per execution of the
-- page).  Without an index on the field that read every row of
-- cert_template_field on every such page, and the table grows by a
-- dozen rows with each template version.  With this one it reads one
-- row at most.  Templates are immutable (0013), so the index costs
-- nothing on the hot paths.
ALTER TABLE cert_template_field ADD INDEX cert_template_field_required
    (field, required), ALGORITHM=INPLACE, LOCK=NONE;
