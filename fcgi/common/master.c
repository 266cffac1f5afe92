/* master.c: the supervisor: one listening socket, N responders, re-forked when they die. */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "app.h"

#define MAXPROCS	64

static volatile sig_atomic_t	 stopping;

static void
on_term(int sig)
{
	(void)sig;
	stopping = 1;
}

static pid_t
spawn(struct app *app)
{
	pid_t	 pid;

	if ((pid = fork()) == -1) {
		log_warn("fork");
		return -1;
	}
	if (pid == 0) {
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGCHLD, SIG_DFL);
		app_serve(app);
		_exit(0);
	}
	return pid;
}

/*
 * Open the unix socket for nginx only: mode 0660, in group gid (when
 * not (gid_t)-1) that nginx's workers run in, so no other local user can
 * talk FastCGI to a responder (and claim any REMOTE_ADDR).
 */
static int
listen_on(struct app *app, const char *path, gid_t gid)
{
	mode_t	 old;

	unlink(path);
	old = umask(0117);
	app->sock = FCGX_OpenSocket(path, 256);
	umask(old);
	if (app->sock < 0) {
		log_warn("%s", path);
		return -1;
	}
	if (gid != (gid_t)-1 && chown(path, (uid_t)-1, gid) == -1) {
		log_warn("chown %s to group %d", path, (int)gid);
		return -1;
	}
	if (chmod(path, 0660) == -1) {
		log_warn("chmod %s", path);
		return -1;
	}
	return 0;
}

/* Write this process's pid into path (none: NULL); -1 (logged) when it cannot. */
int
master_pidfile(const char *path)
{
	FILE	*f;

	if (path == NULL)
		return 0;
	if ((f = fopen(path, "w")) == NULL) {
		log_warn("%s", path);
		return -1;
	}
	fprintf(f, "%d\n", (int)getpid());
	fclose(f);
	return 0;
}

/*
 * Open the unix socket (group gid, see listen_on), write the pid file,
 * fork n responders and restart any that exits (after a pause if it died
 * young, so a crash loop cannot spin).  SIGTERM stops the children and
 * removes the socket and pid file.  Returns the exit status for main().
 */
int
master_run(struct app *app, const char *path, int n, const char *pidfile,
    gid_t gid)
{
	pid_t		 kids[MAXPROCS], pid;
	time_t		 born[MAXPROCS];
	struct sigaction sa;
	int		 i, status;

	if (n > MAXPROCS)
		n = MAXPROCS;
	if (listen_on(app, path, gid) == -1)
		return 1;
	if (master_pidfile(pidfile) == -1)
		return 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	for (i = 0; i < n; i++) {
		kids[i] = spawn(app);
		born[i] = time(NULL);
	}
	log_info("supervising %d responders on %s", n, path);
	while (!stopping) {
		if ((pid = waitpid(-1, &status, 0)) == -1) {
			if (errno == EINTR)
				continue;
			sleep(1);
			continue;
		}
		for (i = 0; i < n; i++) {
			if (kids[i] != pid)
				continue;
			if (WIFSIGNALED(status))
				log_warnx("responder %d killed by signal %d",
				    (int)pid, WTERMSIG(status));
			else if (WEXITSTATUS(status) == 0)
				log_info("responder %d ended (its memory): "
				    "starting a fresh one", (int)pid);
			else
				log_warnx("responder %d exited with %d",
				    (int)pid, WEXITSTATUS(status));
			if (stopping)
				break;
			if (time(NULL) - born[i] < 1)
				sleep(1);
			kids[i] = spawn(app);
			born[i] = time(NULL);
		}
	}
	for (i = 0; i < n; i++)
		if (kids[i] > 0)
			kill(kids[i], SIGTERM);
	while (waitpid(-1, &status, 0) > 0 || errno == EINTR)
		;
	unlink(path);
	if (pidfile != NULL)
		unlink(pidfile);
	log_info("stopped");
	return 0;
}
