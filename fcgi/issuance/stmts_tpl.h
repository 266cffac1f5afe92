/* stmts_tpl.h: the statements of templates, frozen images, print views (SQL in sql_tpl.c). */
/* A template version: its background, its layout rows. */
S(STMT_TPL_BG)
S(STMT_TPL_FIELDS)
/* The frozen image hashes, and the renders that did not match. */
S(STMT_IMG_SHA)
S(STMT_IMG_PUT)
S(STMT_IMG_BAD)
S(STMT_IMG_BAD_LIST)
/* A confirmed certificate by id for its capability URL (no scope). */
S(STMT_CAP_ONE)
S(STMT_CAP_ARGS)
/* A published certificate by id for its thumbnail (page_thumb.c). */
S(STMT_THUMB_ARGS)
S(STMT_THUMB_ONE)
/* 证书模板: the list, one version, the types, a new version. */
S(STMT_TPL_LIST)
S(STMT_TPL_KEY)
S(STMT_TPL_TYPES)
S(STMT_TPL_NEXT)
S(STMT_TPL_INSERT)
S(STMT_TPL_FIELD_INSERT)
/* The print view: confirmed certificates of a selection, in scope. */
S(STMT_PRINT_PICK)
