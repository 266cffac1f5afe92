/* test-scope.c: scope_get fails closed (issue 8, point 7). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "tap.h"

/* Statement numbers of a made-up area: any non-zero index will do. */
enum { S_ALL = 101, S_ORG, S_INST, S_OWN };

static const size_t every[SCOPE__MAX] = {
	[SCOPE_PLATFORM] = S_ALL,
	[SCOPE_ORG] = S_ORG,
	[SCOPE_INST] = S_INST,
	[SCOPE_OWN] = S_OWN,
};
static const size_t instonly[SCOPE__MAX] = {
	[SCOPE_INST] = S_INST,
};

static void
sess(struct req *r, int has, int role, int64_t org, int64_t inst,
    int64_t acct)
{
	memset(r, 0, sizeof(*r));
	r->has_session = has;
	r->sess.id = 7;
	r->sess.role = (enum role)role;
	r->sess.org_id = org;
	r->sess.inst_id = inst;
	r->sess.account_id = acct;
}

int
main(void)
{
	struct req	 r;
	struct scope	 sc;

	log_setup("test-scope");

	sess(&r, 1, ROLE_ADMIN, 0, 0, 1);
	CHECK_INT(scope_get(&r, every, &sc), RC_OK, "admin: a scope");
	CHECK_INT(sc.kind, SCOPE_PLATFORM, "admin: the platform");
	CHECK_INT(sc.stmt, S_ALL, "admin: the platform statement");
	CHECK_INT(sc.id, 0, "admin: binds 0");

	sess(&r, 1, ROLE_ORG, 3, 0, 2);
	CHECK_INT(scope_get(&r, every, &sc), RC_OK, "org: a scope");
	CHECK(sc.kind == SCOPE_ORG && sc.stmt == S_ORG && sc.id == 3,
	    "org: its organisation's statement and id");

	sess(&r, 1, ROLE_PRINCIPAL, 0, 5, 3);
	CHECK(scope_get(&r, every, &sc) == RC_OK && sc.kind == SCOPE_INST &&
	    sc.stmt == S_INST && sc.id == 5, "principal: its institution");
	sess(&r, 1, ROLE_BIZ, 0, 6, 4);
	CHECK(scope_get(&r, every, &sc) == RC_OK && sc.kind == SCOPE_INST &&
	    sc.id == 6, "business admin: its institution");

	sess(&r, 1, ROLE_STUDENT, 0, 0, 9);
	CHECK(scope_get(&r, every, &sc) == RC_OK && sc.kind == SCOPE_OWN &&
	    sc.stmt == S_OWN && sc.id == 9, "student: own records");

	/* Roles an area does not name see nothing, never the platform. */
	sess(&r, 1, ROLE_STUDENT, 0, 0, 9);
	CHECK_INT(scope_get(&r, instonly, &sc), RC_NOTFOUND,
	    "student on an institution-only list: refused");
	CHECK_INT(sc.stmt, 0, "and no statement");
	sess(&r, 1, ROLE_ORG, 3, 0, 2);
	CHECK_INT(scope_get(&r, instonly, &sc), RC_NOTFOUND,
	    "org on an institution-only list: refused");
	sess(&r, 1, ROLE_ADMIN, 0, 0, 1);
	CHECK_INT(scope_get(&r, instonly, &sc), RC_NOTFOUND,
	    "admin on an institution-only list: refused");

	/* Sessions that are not what their role says fail closed. */
	sess(&r, 0, ROLE_ANON, 0, 0, 0);
	CHECK_INT(scope_get(&r, every, &sc), RC_NOTFOUND, "anonymous: refused");
	sess(&r, 1, ROLE_ANON, 0, 0, 0);
	CHECK_INT(scope_get(&r, every, &sc), RC_NOTFOUND,
	    "a session with the anonymous role: refused");
	sess(&r, 1, ROLE__MAX + 3, 1, 1, 1);
	CHECK_INT(scope_get(&r, every, &sc), RC_NOTFOUND,
	    "an unknown role: refused");
	sess(&r, 1, ROLE_ORG, 0, 0, 2);
	CHECK_INT(scope_get(&r, every, &sc), RC_NOTFOUND,
	    "org without its organisation id: refused");
	sess(&r, 1, ROLE_ORG, 0, 5, 2);
	CHECK_INT(scope_get(&r, every, &sc), RC_NOTFOUND,
	    "org without an organisation id but with an institution: refused");
	sess(&r, 1, ROLE_BIZ, 4, 0, 2);
	CHECK_INT(scope_get(&r, every, &sc), RC_NOTFOUND,
	    "business admin without its institution id: refused");
	sess(&r, 1, ROLE_PRINCIPAL, 0, -1, 2);
	CHECK_INT(scope_get(&r, every, &sc), RC_NOTFOUND,
	    "a negative institution id: refused");
	sess(&r, 1, ROLE_STUDENT, 0, 0, 0);
	CHECK_INT(scope_get(&r, every, &sc), RC_NOTFOUND,
	    "student without its account id: refused");

	/* Without a table: the scope only. */
	sess(&r, 1, ROLE_ORG, 3, 0, 2);
	CHECK(scope_get(&r, NULL, &sc) == RC_OK && sc.kind == SCOPE_ORG &&
	    sc.id == 3 && sc.stmt == 0, "the scope alone, without statements");
	return tap_done();
}
