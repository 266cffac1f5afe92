/* scope.c: which rows the caller sees, decided once, from the session. */
#include <string.h>

#include "app.h"

/*
 * The caller's scope: the platform (admin), its organisation, its
 * institution (principal and business admin) or its own records (a
 * student), with the id the statements bind (0 for the platform).
 * When stmt is not NULL it is the area's statements indexed by scope
 * kind, and sc->stmt gets the caller's; an entry of 0 means the area
 * does not show that scope.  Fails closed: anonymous callers, unknown
 * roles, sessions without their organisation, institution or account
 * id and scopes the area does not name are refused (RC_NOTFOUND),
 * never given the platform-wide statement.
 */
enum rc
scope_get(struct req *r, const size_t stmt[SCOPE__MAX], struct scope *sc)
{
	memset(sc, 0, sizeof(*sc));
	if (!r->has_session)
		return RC_NOTFOUND;
	switch (r->sess.role) {
	case ROLE_ADMIN:
		sc->kind = SCOPE_PLATFORM;
		break;
	case ROLE_ORG:
		sc->kind = SCOPE_ORG;
		sc->id = r->sess.org_id;
		break;
	case ROLE_PRINCIPAL:
	case ROLE_BIZ:
		sc->kind = SCOPE_INST;
		sc->id = r->sess.inst_id;
		break;
	case ROLE_STUDENT:
		sc->kind = SCOPE_OWN;
		sc->id = r->sess.account_id;
		break;
	default:
		log_warnx("session %lld: role %d has no scope; refused",
		    (long long)r->sess.id, (int)r->sess.role);
		return RC_NOTFOUND;
	}
	if (sc->kind != SCOPE_PLATFORM && sc->id <= 0) {
		log_warnx("session %lld: %s without its id; refused",
		    (long long)r->sess.id, role_key(r->sess.role));
		return RC_NOTFOUND;
	}
	if (stmt != NULL && (sc->stmt = stmt[sc->kind]) == 0)
		return RC_NOTFOUND;
	return RC_OK;
}
