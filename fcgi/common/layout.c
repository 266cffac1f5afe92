/* layout.c: the navigation of every page, following the seed's menu. */
#include <string.h>

#include "app.h"

struct	navitem {
	int		 group;		/* 0 = 机构管理 … */
	const char	*label;
	const char	*href;
	unsigned int	 roles;
};

static const char *const groups[] = {
	"首页",		/* 0 */
	"机构管理",	/* 1 */
	"学生管理",	/* 2 */
	"证书管理",	/* 3 */
	"证书查询",	/* 4 */
};

static const struct navitem items[] = {
	{ 0, "工作台",		"/",			R_USER },
	{ 1, "培训评价组织",	"/admin/orgs",		R_ADMIN },
	{ 1, "试点院校",	"/admin/institutions",	R_ADMIN },
	{ 1, "审计日志校验",	"/admin/audit",		R_ADMIN },
	{ 1, "用人单位API密钥",	"/verify/apikeys",		R_ADMIN },
	{ 1, "试点院校管理",	"/inst/profile",	R_PRINCIPAL | R_BIZ },
	{ 1, "电子签章",	"/inst/seal",		R_PRINCIPAL },
	{ 1, "业务管理员账号",	"/inst/staff",		R_PRINCIPAL },
	{ 1, "证书目录",	"/org/catalogue",	R_ORG },
	{ 1, "颁证机构签章",	"/org/seal",		R_ORG },
	{ 2, "学生信息",	"/students",		R_STAFF },
	{ 2, "待完善",		"/students/corrections", R_INST | R_ORG },
	{ 2, "考试计划",	"/students/plans",	R_STAFF },
	{ 3, "证书发放管理",	"/certs",		R_STAFF },
	{ 3, "纸质证书寄送",	"/certs/shipments",	R_STAFF },
	{ 3, "我的证书",	"/certs/mine",		R_STUDENT },
	{ 3, "分享码与查验记录", "/verify/mine",		R_STUDENT },
	{ 3, "我的下载任务",	"/certs/jobs",		R_ORG | R_INST },
	{ 3, "证书模板",	"/certs/templates",	R_ADMIN },
	{ 4, "证书查询",	"/verify",		R_ALL },
};

static int
active(const char *path, const char *href)
{
	size_t	 n = strlen(href);

	if (strcmp(href, "/") == 0)
		return strcmp(path, "/") == 0;
	return strncmp(path, href, n) == 0 && (path[n] == '\0' ||
	    path[n] == '/' || path[n] == '?');
}

/*
 * Fill Nav.<g>.Label/Href/Active and Nav.<g>.Sub.<i>.* with the menu
 * the caller's role may use, and Session.* for the header.  Without a
 * session only the crumb: the layout shows the menu to signed-in
 * callers alone, and the public lookup's page spent a ninth of its
 * instructions building and freeing a menu nobody saw (issue 12).
 */
void
layout_nav(struct req *r, const char *path)
{
	unsigned int	 bit = 1u << r->sess.role;
	size_t		 i, g, sub;
	int		 ng = -1, last = -1, gact = 0, best = -1;
	size_t		 bestlen = 0;

	/* The most specific match wins: /certs/mine over /certs. */
	for (i = 0; i < nitems(items); i++)
		if ((items[i].roles & bit) && active(path, items[i].href) &&
		    strlen(items[i].href) >= bestlen) {
			best = (int)i;
			bestlen = strlen(items[i].href);
		}
	if (best >= 0) {
		tmpl_set(r, "Page.Crumb.Group", groups[items[best].group]);
		tmpl_set(r, "Page.Crumb.Item", items[best].label);
	}
	if (!r->has_session)
		return;
	for (i = 0, sub = 0; i < nitems(items); i++) {
		if (!(items[i].roles & bit))
			continue;
		g = (size_t)items[i].group;
		if ((int)g != last) {
			ng++;
			sub = 0;
			last = (int)g;
			gact = 0;
			tmpl_setn(r, groups[g], "Nav.%d.Label", ng);
			tmpl_setn(r, items[i].href, "Nav.%d.Href", ng);
		}
		tmpl_setn(r, items[i].label, "Nav.%d.Sub.%zu.Label", ng, sub);
		tmpl_setn(r, items[i].href, "Nav.%d.Sub.%zu.Href", ng, sub);
		if (strcmp(items[i].href, "/students/corrections") == 0 &&
		    r->nav_todo > 0)
			tmpl_setn(r, arena_printf(r->arena, "%lld",
			    (long long)r->nav_todo), "Nav.%d.Sub.%zu.Badge", ng,
			    sub);
		if ((int)i == best) {
			tmpl_setn(r, "1", "Nav.%d.Sub.%zu.Active", ng, sub);
			if (!gact)
				tmpl_setn(r, "1", "Nav.%d.Active", ng);
			gact = 1;
		}
		sub++;
	}
	tmpl_set(r, "Session.Name", r->sess.name);
	tmpl_set(r, "Session.Login", r->sess.login);
	tmpl_set(r, "Session.Role", role_key(r->sess.role));
	tmpl_set(r, "Session.RoleName", role_name(r->sess.role));
	tmpl_set(r, "Session.Org", r->sess.org_name);
	tmpl_set(r, "Session.Inst", r->sess.inst_name);
}
