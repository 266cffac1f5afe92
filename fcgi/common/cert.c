/* cert.c: certificate states, their transitions and names (DESIGN.md). */
#include <string.h>

#include "app.h"
#include "cert.h"

static const struct {
	const char	*key;	/* certificate.status */
	const char	*label;	/* as the seed's tabs name them */
} states[CERT__MAX] = {
	{ "org_pending",	"培训评价组织待签发" },	/* CERT_ORG_PENDING */
	{ "org_rejected",	"培训评价组织拒绝签发" },	/* CERT_ORG_REJECTED */
	{ "site_pending",	"考核站点待签发" },	/* CERT_SITE_PENDING */
	{ "site_rejected",	"考核站点拒绝签发" },	/* CERT_SITE_REJECTED */
	{ "confirmed",		"确认签发" },		/* CERT_CONFIRMED */
	{ "revoked",		"已撤销" },		/* CERT_REVOKED */
	{ "replaced",		"已被替换" },		/* CERT_REPLACED */
};

const char *
cert_key(enum cert_state s)
{
	return s < CERT__MAX ? states[s].key : "";
}

const char *
cert_label(enum cert_state s)
{
	return s < CERT__MAX ? states[s].label : "";
}

/* The state named by key, or CERT__MAX when there is none. */
enum cert_state
cert_parse(const char *key)
{
	size_t	 i;

	for (i = 0; key != NULL && i < CERT__MAX; i++)
		if (strcmp(key, states[i].key) == 0)
			return (enum cert_state)i;
	return CERT__MAX;
}

/*
 * The transitions, the one table of them (DESIGN.md, "Certificate
 * states"): from, event, party -> to.  Anything not listed is refused.
 * The database mirrors it: the certificate_bu trigger (migration 0011,
 * merged in 0027) allows exactly these from -> to pairs, and the
 * UPDATE ... WHERE status = <from> guards of the statements.  Change
 * both together.
 */
static const struct {
	enum cert_state	 from;
	enum cert_event	 ev;
	enum cert_party	 by;
	enum cert_state	 to;
} moves[] = {
	{ CERT_ORG_PENDING, CERT_EV_SIGN, CERT_BY_ORG,
	    CERT_SITE_PENDING },
	{ CERT_ORG_PENDING, CERT_EV_REJECT, CERT_BY_ORG,
	    CERT_ORG_REJECTED },
	{ CERT_SITE_PENDING, CERT_EV_SIGN, CERT_BY_SITE,
	    CERT_CONFIRMED },
	{ CERT_SITE_PENDING, CERT_EV_REJECT, CERT_BY_SITE,
	    CERT_SITE_REJECTED },
	{ CERT_ORG_REJECTED, CERT_EV_REISSUE, CERT_BY_ORG,
	    CERT_ORG_PENDING },
	{ CERT_SITE_REJECTED, CERT_EV_REISSUE, CERT_BY_ORG,
	    CERT_SITE_PENDING },
	{ CERT_CONFIRMED, CERT_EV_REVOKE, CERT_BY_ORG,
	    CERT_REVOKED },
	{ CERT_CONFIRMED, CERT_EV_REPLACE, CERT_BY_ORG,
	    CERT_REPLACED },
};

/* The state event ev by party leads to from state s, or CERT__MAX. */
enum cert_state
cert_next(enum cert_state s, enum cert_event ev, enum cert_party by)
{
	size_t	 i;

	for (i = 0; i < nitems(moves); i++)
		if (moves[i].from == s && moves[i].ev == ev &&
		    moves[i].by == by)
			return moves[i].to;
	return CERT__MAX;
}

/*
 * The certificate counts per status that the caller may see (its
 * organisation, institution, own certificates, or all for the admin),
 * with the area's statements stmt[] (SQL_CERT_COUNT_*), into the
 * template as Counts.<key> = n and Counts.all = total, with the seed's
 * status tabs.  Returns RC_OK or the failure.
 */
enum rc
cert_counts(struct req *r, const size_t stmt[SCOPE__MAX])
{
	struct dbq	*q;
	struct scope	 sc;
	const char	*st;
	int64_t		 n, total = 0;
	size_t		 i;
	int		 row;
	enum rc		 rc;

	if ((rc = scope_get(r, stmt, &sc)) != RC_OK)
		return rc;
	if ((q = db_run(r->db, r->arena, &rc, sc.stmt,
	    DB_ARGS(DB_I(sc.id)))) == NULL)
		return rc;

	for (i = 0; i < CERT__MAX; i++)
		tmpl_setn(r, "0", "Counts.%s", states[i].key);
	while ((row = db_next(q, DB_OUT(DB_OS(&st), DB_OI(&n)))) == 1) {
		if (cert_parse(st) == CERT__MAX)
			continue;
		tmpl_setin(r, n, "Counts.%s", st);
		total += n;
	}
	tmpl_seti(r, "Counts.all", total);
	for (i = 0; i < 5; i++) {
		tmpl_setn(r, states[i].key, "Tabs.%zu.Key", i);
		tmpl_setn(r, states[i].label, "Tabs.%zu.Label", i);
	}
	return row == -1 ? RC_ERROR : RC_OK;
}
