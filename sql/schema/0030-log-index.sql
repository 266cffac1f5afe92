-- 0030-log-index.sql: every public lookup writes a verification_log row,
-- and each secondary index is one more B-tree insert at a random place.
-- verification_log_cert (certificate_id, id) served no statement: the
-- holder's list reads the log by number (verification_log_number), the
-- purge by age (0029).  Dropped: inserting 12,800 logged lookups (200
-- statements of 64 rows, as vlog.c writes them) into a copy of a
-- 900,000-row log took 0.31-0.33 s with it and 0.21-0.26 s without, on a
-- 1,000,000-certificate bench stack (bench/results.md, 2026-12-02 12:20).
ALTER TABLE verification_log DROP INDEX verification_log_cert,
    ALGORITHM=INPLACE, LOCK=NONE;
