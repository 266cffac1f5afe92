-- 0025-count-defer.sql: the counters of a batch written once per
-- statement, not once per record (issue 13: a 10,000-record signature
-- and the pending list for 50,000 results).
--
-- Every record moved or inserted fired 0021's count triggers (an UPDATE
-- and an INSERT ... ON DUPLICATE KEY UPDATE of certificate_count) and
-- through them 0024's certificate_count_cache_upd (two more statements
-- on certificate_count_org), and every record inserted 0021's copy of its
-- student (a SELECT): more than a second of a site's 10,000-record
-- signature.  As 0023 does for the published records, the triggers below
-- skip that work while the session variable @xc_count_defer is set; the
-- statement that set it then applies the counts of the whole statement
-- in one go, set-based:
--   certificate_count_request(req, from, to)  after a signing request's
--                   guarded move of all its records from one state to
--                   another: -n from the old state, +n to the new one,
--                   per counter row;
--   certificate_count_generated(plan, after)  after a generation: the
--                   plan's new records (ids above after), which supplied
--                   their holder's type and name themselves.
-- Issuance sets the variable around exactly those statements and clears
-- it whatever the outcome (fcgi/issuance/records.c, iss_undefer);
-- everything else (rejections, re-issues, replacements, an edit of a
-- student, deletes) is counted by the triggers as before.  Both
-- procedures run with their definer's rights (issuance may only read the
-- counters) and count rows as they are in the caller's transaction, so a
-- rolled-back signature or generation leaves the counters as they were.
DROP TRIGGER certificate_student_cols;
DROP TRIGGER certificate_count_ins;
DROP TRIGGER certificate_count_upd;
DELIMITER //
CREATE TRIGGER certificate_student_cols BEFORE INSERT ON certificate
FOR EACH ROW
BEGIN
	DECLARE t VARCHAR(8);
	DECLARE n VARCHAR(40);

	-- (a deferred insert supplies them from its own join)
	IF @xc_count_defer IS NULL THEN
		SELECT s.student_type, s.name INTO t, n
		    FROM student s WHERE s.id = NEW.student_id;
		SET NEW.student_type = t, NEW.student_name = n;
	END IF;
END//
CREATE TRIGGER certificate_count_ins AFTER INSERT ON certificate FOR EACH ROW
BEGIN
	IF @xc_count_defer IS NULL THEN
		INSERT INTO certificate_count (organisation_id, institution_id,
		    plan_id, certificate_type_id, student_type, status, n)
		    VALUES (NEW.organisation_id, NEW.institution_id,
		    NEW.plan_id, NEW.certificate_type_id, NEW.student_type,
		    NEW.status, 1)
		    ON DUPLICATE KEY UPDATE n = n + 1;
	END IF;
END//
CREATE TRIGGER certificate_count_upd AFTER UPDATE ON certificate FOR EACH ROW
BEGIN
	IF @xc_count_defer IS NULL AND (NEW.status <> OLD.status OR
	    NEW.student_type <> OLD.student_type) THEN
		UPDATE certificate_count SET n = n - 1
		    WHERE organisation_id = OLD.organisation_id
		    AND institution_id = OLD.institution_id
		    AND plan_id = OLD.plan_id
		    AND student_type = OLD.student_type
		    AND status = OLD.status;
		INSERT INTO certificate_count (organisation_id, institution_id,
		    plan_id, certificate_type_id, student_type, status, n)
		    VALUES (NEW.organisation_id, NEW.institution_id,
		    NEW.plan_id, NEW.certificate_type_id, NEW.student_type,
		    NEW.status, 1)
		    ON DUPLICATE KEY UPDATE n = n + 1;
	END IF;
END//

-- Signing request req has just moved every one of its records from
-- state f to state t (the move's guard and its affected rows say so):
-- their counts, per counter row.  A few counter rows change, each once,
-- so 0024's cache triggers stay cheap.
CREATE PROCEDURE certificate_count_request(IN req BIGINT UNSIGNED,
    IN f VARCHAR(16), IN t VARCHAR(16))
BEGIN
	UPDATE certificate_count k JOIN (SELECT c.organisation_id o,
	    c.institution_id i, c.plan_id p, c.student_type y, COUNT(*) n
	    FROM signing_item s JOIN certificate c ON c.id = s.certificate_id
	    WHERE s.request_id = req AND c.status = t
	    GROUP BY c.organisation_id, c.institution_id, c.plan_id,
	    c.student_type) d ON k.organisation_id = d.o
	    AND k.institution_id = d.i AND k.plan_id = d.p
	    AND k.student_type = d.y AND k.status = f
	SET k.n = k.n - d.n;
	INSERT INTO certificate_count (organisation_id, institution_id,
	    plan_id, certificate_type_id, student_type, status, n)
	SELECT c.organisation_id, c.institution_id, c.plan_id,
	    MIN(c.certificate_type_id), c.student_type, c.status, COUNT(*)
	    FROM signing_item s JOIN certificate c ON c.id = s.certificate_id
	    WHERE s.request_id = req AND c.status = t
	    GROUP BY c.organisation_id, c.institution_id, c.plan_id,
	    c.student_type, c.status
	ON DUPLICATE KEY UPDATE n = certificate_count.n + VALUES(n);
END//

-- A generation has just inserted the records of plan whose ids are
-- above after (its first id less one; the plan is locked, and so is its
-- numbering, so they are exactly the records it made): their counts.
CREATE PROCEDURE certificate_count_generated(IN plan BIGINT UNSIGNED,
    IN after BIGINT UNSIGNED)
BEGIN
	INSERT INTO certificate_count (organisation_id, institution_id,
	    plan_id, certificate_type_id, student_type, status, n)
	SELECT organisation_id, institution_id, plan_id,
	    MIN(certificate_type_id), student_type, status, COUNT(*)
	    FROM certificate WHERE plan_id = plan AND id > after
	    GROUP BY organisation_id, institution_id, plan_id, student_type,
	    status
	ON DUPLICATE KEY UPDATE n = certificate_count.n + VALUES(n);
END//
DELIMITER ;

-- 生成待签发名单's form counts each plan's passed results and records:
-- the results through (plan_id, status) alone (exam_result_once read
-- every result row of the plan to test its status: 0.25 s for an
-- organisation's plans of 50,000 results each), the records from the
-- counters (fcgi/issuance/sql_sign.c, STMT_GEN_PLANS).
ALTER TABLE exam_result ADD KEY exam_result_plan_status (plan_id, status);
