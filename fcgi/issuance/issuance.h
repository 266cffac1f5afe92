/* issuance.h: the issuance area (证书管理 > 证书发放管理). */
#ifndef ISSUANCE_H
#define ISSUANCE_H

#include <stddef.h>
#include <stdint.h>

/*
 * The area's statements: the list's (stmts_list.h, SQL in sql_list.c)
 * the signing workflow's (stmts_sign.h, SQL in sql_sign.c) and the
 * templates' (stmts_tpl.h, SQL in sql_tpl.c), after
 * the common ones.  Each SQL file fills its own entries of a full-size
 * table; main.c joins them.
 */
enum	stmt {
	STMT__FIRST = CSTMT__MAX - 1,
#define S(x)	x,
#include "stmts_list.h"
#include "stmts_sign.h"
#include "stmts_ship.h"
#include "stmts_jobs.h"
#include "stmts_tpl.h"
#undef S
	STMT__MAX
};
extern const char *const iss_list_sql[STMT__MAX];
extern const char *const iss_sign_sql[STMT__MAX];
extern const char *const iss_ship_sql[STMT__MAX];
extern const char *const iss_jobs_sql[STMT__MAX];
extern const char *const iss_tpl_sql[STMT__MAX];

/* The most records one signing request, rejection or re-issue takes. */
#define BATCH_MAX	10000
/* A handwritten signature: PNG at most 512 KB, sent as base64. */
#define SIG_MAXPNG	(512 * 1024)
#define SIG_MAXFORM	(SIG_MAXPNG * 4 / 3 + 64 * 1024)

/* A set of certificate ids, in order, as a JSON array for JSON_TABLE. */
struct	idset {
	int64_t		*id;
	size_t		 n;
	const char	*json;		/* "[1,2,3]" */
};
enum rc	 idset_parse(struct req *, const char *, struct idset *);

/* qrtext.c: the signed QR payload (fcgi/common/qrpay.h) */
struct manifest_item;
const char	*iss_qr_payloads(struct req *, const struct manifest_item *,
		    const char *const *, size_t, const char *);
const char	*iss_qr_text(struct req *, const char *);

/* page_list.c */
/*
 * The list's filter, as its query (or a form posting the same fields)
 * gives it: each value 0 or "" when not set.  none: it cannot match (an
 * invalid ID number, a certificate number with a wrong check digit).
 */
struct	iss_filter {
	const char	*name, *stype, *number, *status;
	unsigned char	 idx[32];
	int64_t		 has_id;
	int64_t		 inst, type, org, plan, site;
	int64_t		 after, before, per;
	int		 none;
};
/*
 * One row of the list (the columns of COLS in sql_list.c): the IC_SHOWN
 * that pages and exports show, then the preflight's content hash and
 * photo check (NULL unless asked for and pending).
 */
enum	iss_col {
	IC_NAME, IC_IDMASK, IC_STYPE, IC_INSTCODE, IC_INSTNAME, IC_NUMBER,
	IC_CERT, IC_LEVEL, IC_ORG, IC_ISSUED, IC_PLAN, IC_SITECODE,
	IC_SITENAME, IC_RESULT, IC_SCORE, IC_STATUS, IC_REASON, IC_SHA,
	IC_PHOTO, IC__MAX
};
#define IC_SHOWN	IC_SHA
struct	iss_row {
	int64_t		 id;
	const char	*c[IC__MAX];
};
enum rc	 iss_filter_parse(struct req *, struct iss_filter *);
struct dbq *iss_filter_run(struct req *, const struct iss_filter *, int,
	    int64_t, int64_t, int, enum rc *);
int	 iss_row_next(struct dbq *, struct iss_row *);
enum rc	 names_sync(struct req *, int64_t);
enum rc	 names_fill(struct req *, struct iss_row *);
enum rc	 iss_list(struct req *);
enum rc	 iss_find(struct req *);
enum rc	 iss_mine(struct req *);
/*
 * Every certificate id matching the list's filter as posted (the same
 * field names as the list's query) that awaits the caller's side, in id
 * order, at most max (one more means "too many").
 */
enum rc	 iss_select(struct req *, size_t, struct idset *);
enum rc	 iss_select_in(struct req *, const char *, size_t, struct idset *);

/* page_export.c: 批量导出发证记录 (XLSX, CSV) and 批量预览 */
#define EXPORT_MAX	100000
#define PREVIEW_MAX	20
enum rc	 iss_export_xlsx(struct req *);
/* A workbook being written: open, rows, close (sends it when named). */
struct	iss_xlsx {
	void		*wb, *ws;	/* lxw_workbook, lxw_worksheet */
	uint32_t	 row;
	const char	*path;
};
enum rc	 iss_xlsx_open(struct req *, struct iss_xlsx *, const char *,
	    const char *const *, size_t);
void	 iss_xlsx_row(struct iss_xlsx *, const char *const *, size_t);
enum rc	 iss_xlsx_close(struct req *, struct iss_xlsx *, const char *);
enum rc	 iss_export_csv(struct req *);
enum rc	 iss_preview_post(struct req *);
enum rc	 iss_preview(struct req *);
enum rc	 iss_preview_png(struct req *);

/* page_dl.c: a certificate's image; downloads of a confirmed one */
struct	gdImageStruct;
int	 iss_pdf_load(const struct config *);
enum rc	 iss_draw(struct req *, size_t, const struct dbarg *, size_t, int,
	    const char **, struct gdImageStruct **);
/* What iss_render drew a certificate from, and the image. */
struct	cimg_tpl;
struct	iss_drawn {
	int64_t			 id, tpl, org_seal, site_seal;
	const char		*number, *canon_sha;
	struct gdImageStruct	*im;
};
enum rc	 iss_render(struct req *, size_t, const struct dbarg *, size_t, int,
	    struct iss_drawn *);
enum rc	 iss_frozen_png(struct req *, const struct iss_drawn *, int, void **,
	    size_t *, const char **);
const char *iss_img_cap(struct req *, const struct iss_drawn *);
const char *iss_img_url(struct req *, int64_t);
enum rc	 iss_print(struct req *);
#define TPL_MAXFORM	(2 * 1024 * 1024)
enum rc	 iss_tpl_load(struct req *, int64_t, struct cimg_tpl *);
enum rc	 iss_tpl_list(struct req *);
enum rc	 iss_tpl_form(struct req *);
enum rc	 iss_tpl_new(struct req *);
enum rc	 iss_tpl_sample(struct req *);
enum rc	 iss_cert_img(struct req *);
/* page_thumb.c */
enum rc	 iss_cert_thumb(struct req *);
enum rc	 iss_cert_png(struct req *);
enum rc	 iss_cert_pdf(struct req *);

/* page_jobs.c: 批量下载, the ZIP jobs and 我的下载任务 (worker: jobs.c) */
#define ZIP_MAX		5000	/* certificates in one job */
enum rc	 iss_zip_new(struct req *);
enum rc	 iss_jobs(struct req *);
enum rc	 iss_job(struct req *);
enum rc	 iss_job_state(struct req *);
enum rc	 iss_job_file(struct req *);
int	 iss_worker_main(struct app *, const char *const *, size_t, int,
	    char *[]);

/* page_gen.c: 生成待签发名单 */
enum rc	 iss_gen_form(struct req *);
enum rc	 iss_gen(struct req *);

/* page_sign.c: signing requests, the QR code, the phone's signature */
enum rc	 iss_sign_new(struct req *);
enum rc	 iss_sign_show(struct req *);
enum rc	 iss_sign_open(struct req *);
enum rc	 iss_sign_qr(struct req *);
enum rc	 iss_sign_state(struct req *);
enum rc	 iss_sign_here(struct req *);
enum rc	 iss_sign_here_post(struct req *);
enum rc	 iss_sign_sigpng(struct req *);
enum rc	 iss_phone(struct req *);
enum rc	 iss_phone_post(struct req *);
enum rc	 iss_requests(struct req *);
struct	fval;
const char *iss_sig_check(struct req *, const struct fval *, unsigned char **,
	    size_t *);

/* page_cert.c: one record's history, rejection, re-issue */
enum rc	 iss_cert(struct req *);
enum rc	 iss_reject(struct req *);
enum rc	 iss_reissue(struct req *);
enum rc	 iss_revoke(struct req *);
enum rc	 iss_replace(struct req *);
enum rc	 iss_replaced(struct req *, int64_t, int64_t);
enum rc	 iss_repl_rebuild(struct req *, size_t, struct dbarg, int64_t,
	    int64_t, const char **);
enum rc	 iss_revoked_show(struct req *, int64_t);
enum rc	 iss_withdrawn(struct req *, int64_t, struct gdImageStruct *, int *);

/* page_ship.c: 操作四, paper certificates from the organisation to the student */
enum rc	 ship_index(struct req *);
enum rc	 ship_new(struct req *);
enum rc	 ship_create(struct req *);
enum rc	 ship_show(struct req *);
enum rc	 ship_packing(struct req *);
enum rc	 ship_printed(struct req *);
enum rc	 ship_shipped(struct req *);
enum rc	 ship_receive(struct req *);
enum rc	 ship_handover(struct req *);
enum rc	 ship_export_xlsx(struct req *);
enum rc	 ship_hand_xlsx(struct req *);
enum rc	 ship_paper_mine(struct req *, int64_t);

/* records.c: what the pages share about records */
struct	canon;
struct	dbq;
struct	canon_row {
	int64_t		 id;		/* certificate (0 before it exists) */
	const char	*number;
	int64_t		 result_id, student_id, inst_id, site_id;
	const char	*student_type;	/* a candidate's holder's */
	const char	*status;
};
int	 iss_canon_next(struct req *, struct dbq *, int, struct canon *,
	    struct canon_row *);

/*
 * The template a record would be confirmed with now: its type's latest
 * version, else the platform default's latest.  A confirmed
 * certificate's own: the one recorded at confirmation (before templates
 * were data: the default's version 1, the layout drawn then).
 */
#define CUR_TPL \
	"(SELECT t.id FROM cert_template t " \
	    "WHERE t.type_key IN (0, c.certificate_type_id) " \
	    "ORDER BY t.type_key DESC, t.version DESC LIMIT 1)"
#define CERT_TPL \
	"IFNULL(c.template_id, (SELECT t.id FROM cert_template t " \
	    "WHERE t.type_key = 0 AND t.version = 1))"
/* What a certificate image shows, from its canonical content (certimg.h). */
#define DOC_COLS \
	"IFNULL(JSON_VALUE(c.canon, '$.holder.name'), ''), " \
	"IFNULL(JSON_VALUE(c.canon, '$.holder.gender'), ''), " \
	"IFNULL(JSON_VALUE(c.canon, '$.holder.id_mask'), ''), " \
	"IFNULL(JSON_VALUE(c.canon, '$.certificate.name'), ''), " \
	"IFNULL(JSON_VALUE(c.canon, '$.certificate.level'), ''), " \
	"IFNULL(JSON_VALUE(c.canon, '$.number'), c.number), " \
	"IFNULL(JSON_VALUE(c.canon, '$.organisation.name'), ''), " \
	"IFNULL(JSON_VALUE(c.canon, '$.site.name'), ''), "

/* A confirmed certificate as issued: its 发证时间, its seal versions. */
#define ISSUED_COLS DOC_COLS \
	"DATE_FORMAT(c.issued_on, '%Y年%m月%d日'), c.org_seal_id, c.site_seal_id"
/*
 * What iss_draw reads after the seal ids: the certificate's id, its
 * template (tpl), its content hash, the holder's photo, the ID
 * ciphertext (cipher: "NULL" where the full number is never drawn), and
 * its frozen QR payload ('' before confirmation: the QR shows /verify).
 */
#define DRAW_COLS(tpl, cipher) \
	", c.id, " tpl ", IFNULL(c.canon_sha256, ''), " \
	"(SELECT st.photo FROM student st WHERE st.id = c.student_id), " \
	cipher ", IFNULL(c.qr_payload, '') "

/*
 * The preflight (issue 10): the text a certificate draws, read from its
 * canonical content by the statements that pick records (PF_COLS, in
 * enum pf order), each checked against the certificate font; and
 * PF_PHOTO, set when the record's template requires a photo and the
 * holder has none.
 */
enum	pf {
	PF_NAME, PF_IDTYPE, PF_CERT, PF_LEVEL, PF_NUMBER, PF_ORG, PF_INST,
	PF_SITE, PF_PHOTO, PF__MAX
};
#define PF_COLS \
	"JSON_VALUE(c.canon, '$.holder.name'), " \
	"JSON_VALUE(c.canon, '$.holder.id_type'), " \
	"JSON_VALUE(c.canon, '$.certificate.name'), " \
	"JSON_VALUE(c.canon, '$.certificate.level'), " \
	"JSON_VALUE(c.canon, '$.number'), " \
	"JSON_VALUE(c.canon, '$.organisation.name'), " \
	"JSON_VALUE(c.canon, '$.institution.name'), " \
	"JSON_VALUE(c.canon, '$.site.name'), " PF_PHOTO_COL
/* PF_PHOTO alone: '1' when the template requires a photo the holder lacks. */
#define PF_PHOTO_COL \
	"IF((SELECT st.photo IS NULL FROM student st " \
	    "WHERE st.id = c.student_id) AND " TPL_PHOTO ", '1', NULL) "
/*
 * c's current template requires a photo: some template requiring one at
 * all first (uncorrelated, once per execution, one row of 0031's index).
 */
#define TPL_PHOTO \
	"EXISTS (SELECT 1 FROM cert_template_field pf " \
	    "WHERE pf.field = 'photo' AND pf.required) AND " \
	    "IFNULL((SELECT f.required FROM cert_template_field f " \
	    "WHERE f.template_id = " CUR_TPL " AND f.field = 'photo'), 0)"
#define PF_OUT(f) \
	DB_OS(&(f)[PF_NAME]), DB_OS(&(f)[PF_IDTYPE]), DB_OS(&(f)[PF_CERT]), \
	DB_OS(&(f)[PF_LEVEL]), DB_OS(&(f)[PF_NUMBER]), DB_OS(&(f)[PF_ORG]), \
	DB_OS(&(f)[PF_INST]), DB_OS(&(f)[PF_SITE]), DB_OS(&(f)[PF_PHOTO])
const char *iss_preflight(struct req *, const char *const [PF__MAX],
	    const char **);
const char *iss_clip(struct req *, const char *, size_t);
int	 iss_blank(const char *);
enum rc	 iss_undefer(struct req *, enum stmt, enum rc);
enum rc	 iss_notify_inst(struct req *, int64_t, const char *, const char *);
enum rc	 iss_notify_org(struct req *, int64_t, const char *, const char *);

#endif /* ISSUANCE_H */
