/* main.c: the issuance responder (证书管理): its route table. */
#include "app.h"
#include "issuance.h"

#define R_SIGNER	(R_ORG | R_PRINCIPAL)	/* who signs for a party */

static const struct route routes[] = {
	{ METHOD_GET, "/certs",		iss_list,	R_STAFF, 0 },
	{ METHOD_POST, "/certs/find",	iss_find,	R_STAFF, 0 },
	{ METHOD_GET, "/certs/mine",	iss_mine,	R_STUDENT, 0 },
	{ METHOD_GET, "/certs/generate", iss_gen_form,	R_ORG, 0 },
	{ METHOD_POST, "/certs/generate", iss_gen,	R_ORG, 0 },
	{ METHOD_POST, "/certs/sign",	iss_sign_new,	R_ORG | R_INST, 0 },
	{ METHOD_GET, "/certs/requests", iss_requests,	R_ORG | R_INST, 0 },
	{ METHOD_GET, "/certs/sign/#",	iss_sign_show,	R_ORG | R_INST, 0 },
	{ METHOD_POST, "/certs/sign/#/open", iss_sign_open, R_SIGNER, 0 },
	{ METHOD_GET, "/certs/sign/#/qr.png", iss_sign_qr, R_SIGNER, 0 },
	{ METHOD_GET, "/certs/sign/#/state", iss_sign_state, R_ORG | R_INST,
	    0 },
	{ METHOD_GET, "/certs/sign/#/here", iss_sign_here, R_SIGNER, 0 },
	{ METHOD_POST, "/certs/sign/#/here", iss_sign_here_post, R_SIGNER,
	    SIG_MAXFORM },
	{ METHOD_GET, "/certs/sign/#/signature.png", iss_sign_sigpng,
	    R_ORG | R_INST | R_ADMIN, 0 },
	{ METHOD_POST, "/certs/reject",	iss_reject,	R_SIGNER, 0 },
	{ METHOD_POST, "/certs/reissue", iss_reissue,	R_ORG, 0 },
	{ METHOD_POST, "/certs/#/revoke", iss_revoke,	R_ORG, SIG_MAXFORM },
	{ METHOD_POST, "/certs/#/replace", iss_replace,	R_ORG, SIG_MAXFORM },
	/* 操作四: parcels, receipt, hand-over (page_ship.c). */
	{ METHOD_GET, "/certs/shipments", ship_index,	R_STAFF, 0 },
	{ METHOD_POST, "/certs/shipments", ship_create,	R_ORG, 0 },
	{ METHOD_GET, "/certs/shipments/new", ship_new,	R_ORG, 0 },
	{ METHOD_GET, "/certs/shipments.xlsx", ship_export_xlsx, R_STAFF, 0 },
	{ METHOD_GET, "/certs/handovers.xlsx", ship_hand_xlsx, R_STAFF, 0 },
	{ METHOD_GET, "/certs/shipments/#", ship_show,	R_STAFF, 0 },
	{ METHOD_GET, "/certs/shipments/#/list", ship_packing, R_STAFF, 0 },
	{ METHOD_POST, "/certs/shipments/#/printed", ship_printed, R_ORG, 0 },
	{ METHOD_POST, "/certs/shipments/#/shipped", ship_shipped, R_ORG, 0 },
	{ METHOD_POST, "/certs/shipments/#/receive", ship_receive, R_INST, 0 },
	{ METHOD_POST, "/certs/handover", ship_handover, R_INST, 0 },
	{ METHOD_GET, "/certs/export.xlsx", iss_export_xlsx, R_STAFF, 0 },
	{ METHOD_GET, "/certs/export.csv", iss_export_csv, R_STAFF, 0 },
	{ METHOD_POST, "/certs/preview", iss_preview_post, R_STAFF, 0 },
	{ METHOD_GET, "/certs/preview",	iss_preview,	R_STAFF, 0 },
	{ METHOD_GET, "/certs/#/preview.png", iss_preview_png, R_STAFF, 0 },
	{ METHOD_GET, "/certs/#/certificate.png", iss_cert_png, R_USER, 0 },
	/* The web view by its capability URL (cached by nginx). */
	{ METHOD_GET, "/certs/img/#/$.png", iss_cert_img, R_ALL, 0 },
	{ METHOD_GET, "/certs/thumb/#/#/$.png", iss_cert_thumb, R_ALL, 0 },
	{ METHOD_GET, "/certs/print", iss_print, R_USER, 0 },
	{ METHOD_GET, "/certs/templates", iss_tpl_list, R_ADMIN, 0 },
	{ METHOD_GET, "/certs/templates/new", iss_tpl_form, R_ADMIN, 0 },
	{ METHOD_POST, "/certs/templates/new", iss_tpl_new, R_ADMIN,
	    TPL_MAXFORM },
	{ METHOD_GET, "/certs/templates/#/sample.png", iss_tpl_sample, R_ADMIN,
	    0 },
	{ METHOD_GET, "/certs/#/certificate.pdf", iss_cert_pdf, R_USER, 0 },
	{ METHOD_POST, "/certs/zip",	iss_zip_new,	R_ORG | R_INST, 0 },
	{ METHOD_GET, "/certs/jobs",	iss_jobs,	R_ORG | R_INST, 0 },
	{ METHOD_GET, "/certs/jobs/#",	iss_job,	R_ORG | R_INST, 0 },
	{ METHOD_GET, "/certs/jobs/#/state", iss_job_state, R_ORG | R_INST, 0 },
	{ METHOD_GET, "/certs/jobs/#/download", iss_job_file, R_ORG | R_INST,
	    0 },
	{ METHOD_GET, "/certs/#",	iss_cert,	R_STAFF, 0 },
	/* The phone's page: the one-time token in the path is the key. */
	{ METHOD_GET, "/s/$",		iss_phone,	R_ALL, 0 },
	{ METHOD_POST, "/s/$",		iss_phone_post,	R_ALL, SIG_MAXFORM },
};

/* The area's statement table: the list's, the signing's, the shipments', the jobs'. */
static const char *stmts[STMT__MAX];

int
main(int argc, char *argv[])
{
	struct app	 app;
	size_t		 i;

	for (i = CSTMT__MAX; i < STMT__MAX; i++)
		stmts[i] = iss_list_sql[i] != NULL ? iss_list_sql[i] :
		    iss_sign_sql[i] != NULL ? iss_sign_sql[i] :
		    iss_ship_sql[i] != NULL ? iss_ship_sql[i] :
		    iss_jobs_sql[i] != NULL ? iss_jobs_sql[i] : iss_tpl_sql[i];
	if (app_init(&app, "issuance", stmts, STMT__MAX, routes,
	    nitems(routes)) == -1 || iss_pdf_load(&app.cfg) == -1)
		return 1;
	/* xc-issuance -w N: N processes that run the ZIP jobs (jobs.c). */
	if (argc > 1 && strcmp(argv[1], "-w") == 0)
		return iss_worker_main(&app, stmts, STMT__MAX, argc, argv);
	return app_main(&app, argc, argv);
}
