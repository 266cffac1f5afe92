-- 0028-one-row.sql: a table of exactly one row, for statements that must
-- answer one row whether or not anything matches (issue 12: the public
-- lookup's one round trip).
--
-- The lookup read the address's failures and the number's lock as two
-- scalar subqueries and left-joined the published certificate to a
-- derived table (SELECT 1): MariaDB materialised that derived table on
-- every execution (Created_tmp_tables rose by one per lookup) and set up
-- both subqueries again each time.  Driven by this row instead, each of
-- the three reads is a primary-key lookup of a const table, done while
-- the statement is optimised: on a 200,000-certificate bench stack, old
-- and new alternating, the database's CPU per lookup fell from 248 to
-- 209 us and the lookups per second rose 4 % (bench/results.md).
-- Read only: every account gets SELECT at most (sql/grants.sql).
CREATE TABLE one_row (
	id TINYINT UNSIGNED NOT NULL PRIMARY KEY,
	CONSTRAINT one_row_one CHECK (id = 1)
) ENGINE=InnoDB;
INSERT INTO one_row (id) VALUES (1);
