/*
 * Freeze.Sdk bootloader: a process of a frozen app never outlives the
 * instance it belongs to (see frz_lifeline.h).
 */
#include "frz_lifeline.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "frz_env.h"
#include "frz_glibc.h"
#include "frz_log.h"

#if !defined(SYS_pidfd_open)
#define SYS_pidfd_open 434 /* the same number on every Linux architecture */
#endif

/* Milliseconds between checks where there is no pidfd. */
#define _FRZ_LIFELINE_POLL_MS 250

/* Wait until PARENT has ended. */
static void
_frz_lifeline_wait(pid_t parent)
{
    struct pollfd wait_for;
    int direct = getppid() == parent;
    int pidfd = (int)syscall(SYS_pidfd_open, parent, 0);

    if (pidfd >= 0) {
        wait_for.fd = pidfd;
        wait_for.events = POLLIN;
        wait_for.revents = 0;
        while (poll(&wait_for, 1, -1) < 0 && errno == EINTR) {
        }
        (void)close(pidfd);
        return;
    }
    if (errno == ESRCH) {
        return;
    }
    /* No pidfd (a kernel before 5.3): a direct parent is gone once this
     * process is handed to another; any other one once it cannot be found. */
    while (!(direct && getppid() != parent) && !(kill(parent, 0) != 0 && errno == ESRCH)) {
        (void)poll(NULL, 0, _FRZ_LIFELINE_POLL_MS);
    }
}

static void *
_frz_lifeline_follow(void *argument)
{
    pid_t parent = (pid_t)(intptr_t)argument;
    sigset_t all;

    /* Signals are for the runtime's threads. */
    if (sigfillset(&all) == 0) {
        (void)pthread_sigmask(SIG_BLOCK, &all, NULL);
    }
    _frz_lifeline_wait(parent);
    FRZ_TRACE("process %ld, which this one belongs to, has ended: SIGTERM, then SIGKILL in %d s",
              (long)parent, FRZ_LIFELINE_GRACE_SECONDS);
    (void)kill(getpid(), SIGTERM);
    (void)sleep(FRZ_LIFELINE_GRACE_SECONDS);
    (void)kill(getpid(), SIGKILL);
    return NULL;
}

int
frz_lifeline_announce(void)
{
    char pid[32];

    (void)snprintf(pid, sizeof(pid), "%ld", (long)getpid());
    return frz_env_set(FRZ_ENV_PARENT_PID, pid);
}

void
frz_lifeline_follow(void)
{
    const char *value = getenv(FRZ_ENV_PARENT_PID);
    pthread_attr_t attributes;
    pthread_t thread;
    char *end = NULL;
    long parent;
    int rc;

    if (value == NULL || value[0] == '\0') {
        return;
    }
    errno = 0;
    parent = strtol(value, &end, 10);
    if (errno != 0 || end == NULL || *end != '\0' || parent <= 1) {
        FRZ_TRACE("%s=%s is not a process id; not followed", FRZ_ENV_PARENT_PID, value);
        return;
    }
    if (pthread_attr_init(&attributes) != 0) {
        return;
    }
    (void)pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    (void)pthread_attr_setstacksize(&attributes, 64 * 1024);
    rc = pthread_create(&thread, &attributes, _frz_lifeline_follow, (void *)(intptr_t)parent);
    (void)pthread_attr_destroy(&attributes);
    if (rc != 0) {
        FRZ_TRACE("cannot follow process %ld: pthread_create: %s", parent, strerror(rc));
        return;
    }
    FRZ_TRACE("following process %ld, which this one belongs to", parent);
}
