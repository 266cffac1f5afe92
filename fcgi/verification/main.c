/* main.c: the verification responder (证书查询, public): its route table. */
#include "app.h"
#include "verification.h"

static const struct route routes[] = {
	{ METHOD_GET,  "/verify",	ver_form,	R_ALL, 0 },
	{ METHOD_POST, "/verify",	ver_lookup,	R_ALL, 0 },
	{ METHOD_GET,  "/verify/captcha.png", ver_captcha, R_ALL, 0 },
	{ METHOD_GET,  "/verify/keys",	ver_keys,	R_ALL, 0 },
	{ METHOD_GET,  "/verify/q/*",	ver_qr,		R_ALL, 0 },
};

int
main(int argc, char *argv[])
{
	struct app	 app;

	if (app_init(&app, "verification", ver_stmts, STMT__MAX, routes,
	    nitems(routes)) == -1)
		return 1;
	return app_main(&app, argc, argv);
}
