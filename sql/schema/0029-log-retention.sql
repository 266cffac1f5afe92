-- 0029-log-retention.sql: the verification logs by age, for their
-- retention (xadmin purge-logs, README): each purge statement reads the
-- rows older than the retention through this index, oldest first, 10,000
-- at a time, whatever their ids (a row written by a host whose clock ran
-- ahead, or loaded from elsewhere, does not hold the purge up).  Built
-- online: the lookups go on writing meanwhile.
ALTER TABLE verification_log ADD INDEX verification_log_at (at),
    ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE verify_use ADD INDEX verify_use_at (used_at),
    ALGORITHM=INPLACE, LOCK=NONE;
ALTER TABLE api_use ADD INDEX api_use_at (used_at),
    ALGORITHM=INPLACE, LOCK=NONE;
