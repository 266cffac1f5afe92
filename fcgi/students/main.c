/* main.c: the students responder (学生管理): its route table. */
#include "app.h"
#include "students.h"

static const struct route routes[] = {
	{ METHOD_GET, "/students",	stud_list,	R_STAFF, 0 },
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
