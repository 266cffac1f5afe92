/* stmts_list.h: the statements of the list, its counts and exports (sql_list.c). */
/*
 * One page of the list, by the filter that drives it (page_list.c
 * drivers[]): _N the next page (id ascending, after a keyset id), _P
 * the previous one (descending, before it); _NS and _PS the same for one
 * status tab, through the driver's (column, status, id) index.
 */
S(STMT_L_NUMBER_N)
S(STMT_L_NUMBER_P)
S(STMT_L_IDX_N)
S(STMT_L_IDX_P)
S(STMT_L_NAME_N)
S(STMT_L_NAME_P)
S(STMT_L_NAME_NS)
S(STMT_L_NAME_PS)
S(STMT_L_NAMES_N)
S(STMT_L_NAMES_P)
S(STMT_L_NAMES_NS)
S(STMT_L_NAMES_PS)
S(STMT_L_SITE_N)
S(STMT_L_SITE_P)
S(STMT_L_SITE_NS)
S(STMT_L_SITE_PS)
S(STMT_L_IPLAN_N)
S(STMT_L_IPLAN_P)
S(STMT_L_IPLAN_NS)
S(STMT_L_IPLAN_PS)
S(STMT_L_PLAN_N)
S(STMT_L_PLAN_P)
S(STMT_L_PLAN_NS)
S(STMT_L_PLAN_PS)
S(STMT_L_TYPE_N)
S(STMT_L_TYPE_P)
S(STMT_L_TYPE_NS)
S(STMT_L_TYPE_PS)
S(STMT_L_INST_N)
S(STMT_L_INST_P)
S(STMT_L_INST_NS)
S(STMT_L_INST_PS)
S(STMT_L_ORG_N)
S(STMT_L_ORG_P)
S(STMT_L_ORG_NS)
S(STMT_L_ORG_PS)
S(STMT_L_ALL_N)
S(STMT_L_ALL_P)
S(STMT_L_ALL_NS)
S(STMT_L_ALL_PS)
/* The tabs' counts of a filter that the counters cannot answer. */
S(STMT_C_NUMBER)
S(STMT_C_IDX)
S(STMT_C_NAME)
S(STMT_C_NAME_ALL)
S(STMT_C_SITE)
S(STMT_C_IPLAN)
S(STMT_C_PLAN)
S(STMT_C_TYPE)
S(STMT_C_INST)
S(STMT_C_ORG)
S(STMT_C_ALL)
/*
 * The tabs' counts from certificate_count (organisation, institution,
 * plan, type; 学生类型 a residual of each).
 */
S(STMT_CC_PLAN)
S(STMT_CC_TYPE)
S(STMT_CC_INST)
S(STMT_CC_ORG)
S(STMT_CC_ALL)
S(STMT_CC_ORGS)
/* The names of a row's ids (names.c) and their version (0024). */
S(STMT_N_VERSION)
S(STMT_N_INST)
S(STMT_N_TYPE)
S(STMT_N_ORG)
S(STMT_N_PLAN)
/* The filters' choices, per scope, and their version (0024). */
S(STMT_O_VERSION)
S(STMT_O_INST_ADMIN)
S(STMT_O_INST_ORG)
S(STMT_O_TYPE_ADMIN)
S(STMT_O_TYPE_ORG)
S(STMT_O_TYPE_INST)
S(STMT_O_ORG_ADMIN)
S(STMT_O_ORG_INST)
S(STMT_O_PLAN_ADMIN)
S(STMT_O_PLAN_ORG)
S(STMT_O_PLAN_INST)
S(STMT_O_SITE_ORG)
S(STMT_O_SITE_INST)
/*
 * 批量预览: the selected records, one record's content with the current
 * seals; a confirmed certificate's for download; a seal by id.
 */
S(STMT_PV_PICK)
S(STMT_PV_ONE)
S(STMT_DL_ONE)
S(STMT_SEAL_PNG)
S(STMT_MINE)
/*
 * The preflight of the pending rows a page shows (their content's hash
 * and photo check come with the rows): the drawn fields of those not
 * checked before.
 */
S(STMT_LIST_PF)
