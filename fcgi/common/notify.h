/* notify.h: notifications to staff and the deadline reminders (notify.c). */
#ifndef NOTIFY_H
#define NOTIFY_H

/*
 * The SQL of notifications.  Each program that sends them prepares it
 * in its own statement table (the verification account has no rights
 * on notification).  The senders bind title, link and the owner's id.
 */
#define SQL_NOTIFY_INST \
	"INSERT INTO notification (account_id, title, link) " \
	    "SELECT id, ?, ? FROM account WHERE institution_id = ? " \
	    "AND role IN ('principal', 'biz') AND disabled = 0"
#define SQL_NOTIFY_ORG \
	"INSERT INTO notification (account_id, title, link) " \
	    "SELECT id, ?, ? FROM account WHERE organisation_id = ? " \
	    "AND role = 'org' AND disabled = 0"
/* Open flags due in 3 days (level 1) or 1 day (level 2), not yet told. */
#define SQL_REMIND_DUE \
	"SELECT f.id, f.institution_id, s.name, " \
	    "DATE_FORMAT(f.deadline, '%Y-%m-%d'), " \
	    "IF(f.deadline <= CURDATE() + INTERVAL 1 DAY, 2, 1) " \
	    "FROM correction_flag f JOIN student s ON s.id = f.student_id " \
	    "WHERE f.state = 'open' AND f.deadline >= CURDATE() " \
	    "AND f.deadline <= CURDATE() + INTERVAL 3 DAY " \
	    "AND f.reminded < IF(f.deadline <= CURDATE() + INTERVAL 1 DAY, 2, 1)"
#define SQL_REMIND_MARK \
	"UPDATE correction_flag SET reminded = ? WHERE id = ?"

/* The statements of the reminders in the caller's table. */
struct	notify_remind {
	size_t		 due;		/* SQL_REMIND_DUE */
	size_t		 mark;		/* SQL_REMIND_MARK */
	size_t		 send;		/* SQL_NOTIFY_INST */
};

enum rc		 notify_send(struct db *, struct arena *, size_t, int64_t,
		    const char *, const char *);
enum rc		 notify_reminders(struct db *, struct arena *,
		    const struct notify_remind *, int64_t *);

#endif /* NOTIFY_H */
