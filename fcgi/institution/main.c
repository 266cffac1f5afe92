/* main.c: the institution responder (机构管理): its route table. */
#include "app.h"
#include "institution.h"

static const struct route routes[] = {
	{ METHOD_GET,  "/",			inst_home,	R_USER, 0 },
	{ METHOD_GET,  "/login",		inst_login_form, R_ALL, 0 },
	{ METHOD_POST, "/login",		inst_login,	R_ALL, 64 * 1024 },
	{ METHOD_POST, "/logout",		inst_logout,	R_USER, 0 },
	{ METHOD_GET,  "/password",		inst_password_form, R_USER, 0 },
	{ METHOD_POST, "/password",		inst_password,	R_USER, 0 },
	{ METHOD_GET,  "/admin/orgs",		inst_orgs,	R_ADMIN, 0 },
	{ METHOD_POST, "/admin/orgs",		inst_org_create, R_ADMIN, 0 },
	{ METHOD_GET,  "/admin/orgs/#",		inst_org_show,	R_ADMIN, 0 },
	{ METHOD_POST, "/admin/orgs/#",		inst_org_update, R_ADMIN, 0 },
	{ METHOD_POST, "/admin/orgs/#/types",	inst_type_create, R_ADMIN, 0 },
	{ METHOD_POST, "/admin/orgs/#/staff",	inst_orgstaff_create, R_ADMIN, 0 },
	{ METHOD_GET,  "/admin/institutions",	inst_insts,	R_ADMIN, 0 },
	{ METHOD_POST, "/admin/institutions",	inst_inst_create, R_ADMIN, 0 },
	{ METHOD_GET,  "/admin/institutions/#",	inst_inst_show,	R_ADMIN, 0 },
	{ METHOD_POST, "/admin/institutions/#",	inst_inst_update, R_ADMIN, 0 },
	{ METHOD_POST, "/admin/institutions/#/reset", inst_inst_reset, R_ADMIN, 0 },
	{ METHOD_GET,  "/admin/audit",		inst_audit,	R_ADMIN, 0 },
	{ METHOD_GET,  "/org/catalogue",	inst_catalogue,	R_ORG, 0 },
	{ METHOD_GET,  "/inst/profile",		inst_profile,	R_INST, 0 },
	{ METHOD_GET,  "/notifications",	inst_notes,	R_USER, 0 },
	{ METHOD_POST, "/notifications/read",	inst_notes_read, R_USER, 0 },
	{ METHOD_GET,  "/inst/staff",		inst_staff,	R_PRINCIPAL, 0 },
	{ METHOD_POST, "/inst/staff",		inst_staff_create, R_PRINCIPAL, 0 },
	{ METHOD_POST, "/inst/staff/#/disable",	inst_staff_disable, R_PRINCIPAL, 0 },
	{ METHOD_POST, "/inst/staff/#/enable",	inst_staff_enable, R_PRINCIPAL, 0 },
	{ METHOD_POST, "/inst/staff/#/reset",	inst_staff_reset, R_PRINCIPAL, 0 },
	{ METHOD_POST, "/inst/principal",	inst_principal_set, R_PRINCIPAL, 0 },
#define SEAL_ROUTES(base, roles)						\
	{ METHOD_GET,  base,			seal_page,	roles, 0 },	\
	{ METHOD_POST, base "/upload",		seal_upload,	roles, 0 },	\
	{ METHOD_GET,  base "/upload/#",	seal_upload_page, roles, 0 },	\
	{ METHOD_GET,  base "/upload/#/original.png", seal_upload_original,	\
	    roles, 0 },								\
	{ METHOD_GET,  base "/upload/#/cleaned.png", seal_upload_cleaned,	\
	    roles, 0 },								\
	{ METHOD_GET,  base "/upload/#/preview-original.png",			\
	    seal_upload_preview_original, roles, 0 },				\
	{ METHOD_GET,  base "/upload/#/preview-cleaned.png",			\
	    seal_upload_preview_cleaned, roles, 0 },				\
	{ METHOD_POST, base "/upload/#/save",	seal_save,	roles, 0 },	\
	{ METHOD_GET,  base "/v/#.png",		seal_version_png, roles, 0 },	\
	{ METHOD_GET,  base "/v/#/preview.png",	seal_version_preview, roles, 0 }, \
	{ METHOD_GET,  base "/v/#/preview",	seal_version_view, roles, 0 },	\
	{ METHOD_POST, base "/v/#/delete",	seal_delete,	roles, 0 }
	/* Only the principal may see or use the institution's seal. */
	SEAL_ROUTES("/inst/seal", R_PRINCIPAL),
	SEAL_ROUTES("/org/seal", R_ORG),
};

int
main(int argc, char *argv[])
{
	struct app	 app;

	if (app_init(&app, "institution", inst_stmts, STMT__MAX, routes,
	    nitems(routes)) == -1)
		return 1;
	return app_main(&app, argc, argv);
}
