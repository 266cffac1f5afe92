/* test-cert.c: every allowed and every forbidden certificate move. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "cert.h"
#include "tap.h"

/* DESIGN.md's diagram, written out again independently of cert.c. */
static const struct {
	enum cert_state	 from;
	enum cert_event	 ev;
	enum cert_party	 by;
	enum cert_state	 to;
	const char	*what;
} allowed[] = {
	{ CERT_ORG_PENDING, CERT_EV_SIGN, CERT_BY_ORG, CERT_SITE_PENDING,
	    "the organisation signs: to the site" },
	{ CERT_ORG_PENDING, CERT_EV_REJECT, CERT_BY_ORG, CERT_ORG_REJECTED,
	    "the organisation rejects" },
	{ CERT_SITE_PENDING, CERT_EV_SIGN, CERT_BY_SITE, CERT_CONFIRMED,
	    "the site signs: confirmed" },
	{ CERT_SITE_PENDING, CERT_EV_REJECT, CERT_BY_SITE, CERT_SITE_REJECTED,
	    "the site rejects" },
	{ CERT_ORG_REJECTED, CERT_EV_REISSUE, CERT_BY_ORG, CERT_ORG_PENDING,
	    "re-issued after the organisation's rejection: back to it" },
	{ CERT_SITE_REJECTED, CERT_EV_REISSUE, CERT_BY_ORG, CERT_SITE_PENDING,
	    "re-issued after the site's rejection: back to the site" },
	{ CERT_CONFIRMED, CERT_EV_REVOKE, CERT_BY_ORG, CERT_REVOKED,
	    "the organisation revokes a confirmed certificate" },
	{ CERT_CONFIRMED, CERT_EV_REPLACE, CERT_BY_ORG, CERT_REPLACED,
	    "the organisation replaces a confirmed certificate" },
};

static const char *const evname[CERT_EV__MAX] = { "sign", "reject",
    "reissue", "revoke", "replace" };
static const char *const byname[CERT_BY__MAX] = { "org", "site" };

int
main(void)
{
	enum cert_state	 s, to;
	char		 d[200];
	size_t		 i, nallowed = 0;
	int		 e, b, want, bad_confirmed = 0, bad_final = 0;

	for (i = 0; i < nitems(allowed); i++)
		CHECK_INT(cert_next(allowed[i].from, allowed[i].ev,
		    allowed[i].by), allowed[i].to, allowed[i].what);

	/* Every other (state, event, party) is refused. */
	for (s = 0; s < CERT__MAX; s++)
		for (e = 0; e < CERT_EV__MAX; e++)
			for (b = 0; b < CERT_BY__MAX; b++) {
				want = CERT__MAX;
				for (i = 0; i < nitems(allowed); i++)
					if (allowed[i].from == s &&
					    (int)allowed[i].ev == e &&
					    (int)allowed[i].by == b)
						want = allowed[i].to;
				if (want != CERT__MAX) {
					nallowed++;
					continue;
				}
				to = cert_next(s, (enum cert_event)e,
				    (enum cert_party)b);
				snprintf(d, sizeof(d), "refused: %s %s by %s",
				    cert_key(s), evname[e], byname[b]);
				CHECK_INT(to, CERT__MAX, d);
			}
	CHECK_INT(nallowed, nitems(allowed), "the allowed moves are distinct");

	/* What the SQL trigger enforces holds in the table too. */
	for (e = 0; e < CERT_EV__MAX; e++)
		for (b = 0; b < CERT_BY__MAX; b++) {
			to = cert_next(CERT_CONFIRMED, (enum cert_event)e,
			    (enum cert_party)b);
			if (to != CERT__MAX && to != CERT_REVOKED &&
			    to != CERT_REPLACED)
				bad_confirmed++;
			if (cert_next(CERT_REVOKED, (enum cert_event)e,
			    (enum cert_party)b) != CERT__MAX ||
			    cert_next(CERT_REPLACED, (enum cert_event)e,
			    (enum cert_party)b) != CERT__MAX)
				bad_final++;
		}
	CHECK_INT(bad_confirmed, 0,
	    "confirmed only becomes revoked or replaced");
	CHECK_INT(bad_final, 0, "revoked and replaced are final");
	CHECK_INT(cert_next(CERT__MAX, CERT_EV_SIGN, CERT_BY_ORG), CERT__MAX,
	    "no state: refused");
	CHECK_INT(cert_next(CERT_ORG_PENDING, CERT_EV__MAX, CERT_BY_ORG),
	    CERT__MAX, "no event: refused");
	return tap_done();
}
