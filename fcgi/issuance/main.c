/* main.c: the issuance responder (证书管理): its route table. */
#include "app.h"
#include "issuance.h"

static const struct route routes[] = {
	{ METHOD_GET, "/certs",		iss_list,	R_STAFF, 0 },
	{ METHOD_POST, "/certs/find",	iss_find,	R_STAFF, 0 },
	{ METHOD_GET, "/certs/mine",	iss_mine,	R_STUDENT, 0 },
};

int
main(int argc, char *argv[])
{
	struct app	 app;

	if (app_init(&app, "issuance", iss_stmts, STMT__MAX, routes,
	    nitems(routes)) == -1)
		return 1;
	return app_main(&app, argc, argv);
}
