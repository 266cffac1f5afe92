/* notify.c: notifications to staff, and the correction deadline reminders. */
#include "app.h"
#include "notify.h"

/*
 * Notify every active staff account of an institution or organisation
 * (statement stmt: SQL_NOTIFY_INST or SQL_NOTIFY_ORG) of title, linking
 * to link, inside the caller's transaction.
 */
enum rc
notify_send(struct db *db, struct arena *a, size_t stmt, int64_t owner,
    const char *title, const char *link)
{
	return db_exec(db, a, stmt, DB_ARGS(DB_S(title), DB_S(link),
	    DB_I(owner)), NULL);
}

/*
 * Deadline reminders: for open correction flags due within 3 days and
 * again within 1 day, notify the institution's staff once each, inside
 * the caller's transaction; *sent gets the number of reminders.
 */
enum rc
notify_reminders(struct db *db, struct arena *a,
    const struct notify_remind *st, int64_t *sent)
{
	struct dbq	*q;
	const char	*name, *deadline, *title;
	int64_t		 id, inst, level;
	enum rc		 rc;
	int		 row;

	*sent = 0;
	if ((q = db_run(db, a, &rc, st->due, DB_NOARGS)) == NULL)
		return rc;
	while ((row = db_next(q, DB_OUT(DB_OI(&id), DB_OI(&inst), DB_OS(&name),
	    DB_OS(&deadline), DB_OI(&level)))) == 1) {
		title = arena_printf(a, "提醒：学生%s的信息须在%s前完善并确认"
		    "（剩余%s）", name, deadline, level == 2 ? "不足1天" : "3天");
		if ((rc = notify_send(db, a, st->send, inst, title,
		    "/students/corrections")) != RC_OK ||
		    (rc = db_exec(db, a, st->mark, DB_ARGS(DB_I(level),
		    DB_I(id)), NULL)) != RC_OK)
			return rc;
		(*sent)++;
	}
	return row == -1 ? RC_ERROR : RC_OK;
}
