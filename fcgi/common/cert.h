/* cert.h: certificates: their states, transitions and counts (cert.c). */
#ifndef CERT_H
#define CERT_H

enum	cert_state {
	CERT_ORG_PENDING = 0,
	CERT_ORG_REJECTED,
	CERT_SITE_PENDING,
	CERT_SITE_REJECTED,
	CERT_CONFIRMED,
	CERT_REVOKED,
	CERT_REPLACED,
	CERT__MAX
};
const char	*cert_key(enum cert_state);
const char	*cert_label(enum cert_state);
enum cert_state	 cert_parse(const char *);

/*
 * What happens to a certificate, and who does it: organisation staff
 * (with the organisation's seal) or the site's principal (whose seal it
 * is).  cert_next() answers the state a move leads to, or CERT__MAX
 * when the move is not allowed; the triggers on the certificate table
 * (sql/schema) guard the same moves in the database.
 */
enum	cert_event {
	CERT_EV_SIGN = 0,	/* 签发 */
	CERT_EV_REJECT,		/* 拒绝签发 (with a reason) */
	CERT_EV_REISSUE,	/* 重新签发: back to the rejecting party */
	CERT_EV_REVOKE,		/* 撤销 (with a reason) */
	CERT_EV_REPLACE,	/* 替换: a new certificate takes its place */
	CERT_EV__MAX
};
enum	cert_party {
	CERT_BY_ORG = 0,	/* 培训评价组织 */
	CERT_BY_SITE,		/* 考核站点 (its principal) */
	CERT_BY__MAX
};
enum cert_state	 cert_next(enum cert_state, enum cert_event, enum cert_party);
/*
 * The status counts' SQL, shared by the areas that show them (each
 * prepares it in its own table: the verification account cannot read
 * certificates).  Indexed by enum scope_kind.  Staff counts read the
 * counters that the certificate table's triggers keep in the same
 * transaction as every insert and move (sql/schema/0011), not the
 * certificates.
 */
#define SQL_CERT_COUNT_ADMIN \
	"SELECT status, SUM(n) FROM certificate_count WHERE ? = 0 " \
	    "GROUP BY status"
#define SQL_CERT_COUNT_ORG \
	"SELECT status, SUM(n) FROM certificate_count " \
	    "WHERE organisation_id = ? GROUP BY status"
#define SQL_CERT_COUNT_INST \
	"SELECT status, SUM(n) FROM certificate_count " \
	    "WHERE institution_id = ? GROUP BY status"
#define SQL_CERT_COUNT_STUDENT \
	"SELECT c.status, COUNT(*) FROM certificate c " \
	    "JOIN student s ON s.id = c.student_id WHERE s.account_id = ? " \
	    "GROUP BY c.status"
enum rc		 cert_counts(struct req *, const size_t [SCOPE__MAX]);

#endif /* CERT_H */
