/* main.c: the verification responder (证书查询, public): its route table. */
#include "app.h"
#include "verification.h"

static const struct route routes[] = {
	{ METHOD_GET,  "/verify",	ver_form,	R_ALL, 0 },
	{ METHOD_POST, "/verify",	ver_lookup,	R_ALL, 0 },
	/* Employers: the API (key or anonymous), the batch page, keys. */
	{ METHOD_POST, "/verify/api/check", emp_api_check, R_ALL | R_BEARER, 0 },
	{ METHOD_POST, "/verify/api/batch", emp_api_batch, R_ALL | R_BEARER, 0 },
	{ METHOD_GET,  "/verify/batch",	emp_batch_form,	R_ALL, 0 },
	{ METHOD_POST, "/verify/batch",	emp_batch_page,	R_ALL, 0 },
	{ METHOD_GET,  "/verify/apikeys",	emp_keys,	R_ADMIN, 0 },
	{ METHOD_POST, "/verify/apikeys",	emp_key_create,	R_ADMIN, 0 },
	{ METHOD_POST, "/verify/apikeys/#/revoke", emp_key_revoke, R_ADMIN, 0 },
	/* Share codes: the holder's space and the public form. */
	{ METHOD_GET,  "/verify/mine",	emp_mine,	R_STUDENT, 0 },
	{ METHOD_POST, "/verify/mine/codes", emp_code_create, R_STUDENT, 0 },
	{ METHOD_POST, "/verify/mine/codes/#/revoke", emp_code_revoke,
	    R_STUDENT, 0 },
	{ METHOD_GET,  "/verify/share",	emp_share_form,	R_ALL, 0 },
	{ METHOD_POST, "/verify/share",	emp_share_lookup, R_ALL, 0 },
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
	app.after = vlog_after;
	return app_main(&app, argc, argv);
}
