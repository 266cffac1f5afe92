/* main.c: the students responder (学生管理): its route table. */
#include "app.h"
#include "students.h"

#define UPLOAD	(12 * 1024 * 1024)

static const struct route routes[] = {
	{ METHOD_GET,  "/students",		stud_list,	R_STAFF, 0 },
	{ METHOD_POST, "/students/find",	stud_find,	R_STAFF, 0 },
	{ METHOD_GET,  "/students/new",		stud_new_form,	R_INST, 0 },
	{ METHOD_POST, "/students/new",		stud_create,	R_INST, 0 },
	{ METHOD_GET,  "/students/#",		stud_show,	R_STAFF, 0 },
	{ METHOD_GET,  "/students/#/edit",	stud_edit_form,	R_INST, 0 },
	{ METHOD_POST, "/students/#/edit",	stud_update,	R_INST, 0 },
	{ METHOD_POST, "/students/#/reveal",	stud_reveal,	R_STAFF, 0 },
	{ METHOD_POST, "/students/#/flag",	stud_flag,	R_ORG, 0 },
	{ METHOD_POST, "/students/#/photo",	stud_photo_upload, R_INST, 0 },
	{ METHOD_POST, "/students/#/account",	stud_account,	R_INST | R_ADMIN,
	    0 },
	{ METHOD_GET,  "/students/#/photo.png",	stud_photo,	R_STAFF, 0 },
	{ METHOD_GET,  "/students/import",	stud_import_form, R_INST, 0 },
	{ METHOD_POST, "/students/import",	stud_import,	R_INST, UPLOAD },
	{ METHOD_GET,  "/students/export",	stud_export,	R_STAFF, 0 },
	{ METHOD_GET,  "/students/corrections",	stud_corrections, R_INST | R_ORG, 0 },
	{ METHOD_POST, "/students/corrections/#/confirm", stud_flag_confirm,
	    R_INST, 0 },
	{ METHOD_POST, "/students/corrections/#/accept", stud_flag_accept,
	    R_ORG, 0 },
	{ METHOD_POST, "/students/corrections/#/reflag", stud_flag_reflag,
	    R_ORG, 0 },
	{ METHOD_GET,  "/students/plans",	stud_plans,	R_STAFF, 0 },
	{ METHOD_POST, "/students/plans",	stud_plan_create, R_ORG, 0 },
	{ METHOD_GET,  "/students/plans/#",	stud_plan_show,	R_STAFF, 0 },
	{ METHOD_POST, "/students/plans/#/register", stud_plan_register,
	    R_INST, UPLOAD },
	{ METHOD_POST, "/students/plans/#/results", stud_plan_results,
	    R_ORG, UPLOAD },
};

int
main(int argc, char *argv[])
{
	struct app	 app;

	if (app_init(&app, "students", stud_stmts, STMT__MAX, routes,
	    nitems(routes)) == -1)
		return 1;
	return app_main(&app, argc, argv);
}
