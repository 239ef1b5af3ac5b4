/*
 * Freeze.Sdk bootloader: the OneFile parent starts the child, forwards
 * signals to it and waits for it.
 *
 * Forwarded: every signal 1..31 except SIGKILL and SIGSTOP (cannot be
 * caught), SIGCHLD (ours), and the job-control signals SIGTSTP, SIGTTIN,
 * SIGTTOU and SIGCONT (the terminal sends them to the whole process group,
 * and stopping the parent must keep working). A fault signal the kernel
 * raises in the parent itself (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP,
 * SIGSYS) is not forwarded: the handler restores the default action so the
 * parent dies of it.
 */
#include "frz_launch.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "frz_error_codes.h"
#include "frz_log.h"

/* Highest signal number considered for forwarding. */
#define _FRZ_LAUNCH_LAST_SIGNAL 31

/* The child the handler forwards to (0: none yet). */
static volatile pid_t _frz_launch_child_pid = 0;

static int
_frz_launch_is_forwarded(int sig)
{
    switch (sig) {
    case SIGKILL:
    case SIGSTOP:
    case SIGCHLD:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
    case SIGCONT:
        return 0;
    default:
        return 1;
    }
}

static int
_frz_launch_is_fault(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE ||
           sig == SIGTRAP || sig == SIGSYS;
}

static void
_frz_launch_forward(int sig, siginfo_t *info, void *ucontext)
{
    int saved_errno = errno;

    (void)ucontext;
    if (_frz_launch_is_fault(sig) && info != NULL && info->si_code > 0) {
        /* Raised by the kernel for our own fault: let it kill us. */
        (void)signal(sig, SIG_DFL);
        return;
    }
    if (_frz_launch_child_pid > 0) {
        (void)kill(_frz_launch_child_pid, sig);
    }
    errno = saved_errno;
}

/* Block (HOW = SIG_BLOCK) or unblock every forwarded signal. */
static int
_frz_launch_mask(int how, sigset_t *old)
{
    sigset_t set;
    int sig;

    if (sigemptyset(&set) != 0) {
        return -1;
    }
    for (sig = 1; sig <= _FRZ_LAUNCH_LAST_SIGNAL; sig++) {
        if (_frz_launch_is_forwarded(sig) && sigaddset(&set, sig) != 0) {
            return -1;
        }
    }
    return sigprocmask(how, &set, old);
}

static int
_frz_launch_install_handlers(void)
{
    struct sigaction action;
    int sig;

    memset(&action, 0, sizeof(action));
    action.sa_sigaction = _frz_launch_forward;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    if (sigemptyset(&action.sa_mask) != 0) {
        return -1;
    }
    for (sig = 1; sig <= _FRZ_LAUNCH_LAST_SIGNAL; sig++) {
        if (!_frz_launch_is_forwarded(sig)) {
            continue;
        }
        if (sigaction(sig, &action, NULL) != 0) {
            FRZ_TRACE("sigaction(%d) failed: %s", sig, strerror(errno));
            return -1;
        }
    }
    return 0;
}

int
frz_launch_hold_signals(struct FRZ_CONTEXT *ctx)
{
    if (_frz_launch_mask(SIG_BLOCK, &ctx->signal_mask) != 0) {
        frz_log_error(FRZ_CODE_LAUNCH, "cannot start %s: sigprocmask: %s", ctx->executable,
                      strerror(errno));
        return -1;
    }
    ctx->signals_held = 1;
    return 0;
}

int
frz_launch_pending_termination(void)
{
    sigset_t pending;
    int sig;

    if (sigpending(&pending) != 0) {
        return 0;
    }
    for (sig = 1; sig <= _FRZ_LAUNCH_LAST_SIGNAL; sig++) {
        /* Forwarded signals whose default action ends a process. */
        if (_frz_launch_is_forwarded(sig) && sig != SIGURG && sig != SIGWINCH &&
            sigismember(&pending, sig) == 1) {
            return sig;
        }
    }
    return 0;
}

int
frz_launch_start_child(struct FRZ_CONTEXT *ctx, int exec_child)
{
    pid_t pid;
    int rc = -1;

    (void)fflush(NULL);
    pid = fork();
    if (pid < 0) {
        frz_log_error(FRZ_CODE_LAUNCH, "cannot start %s: fork: %s", ctx->executable,
                      strerror(errno));
        goto cleanup;
    }
    if (pid == 0) {
        /* Child: the signal mask and dispositions are still the defaults. */
        (void)sigprocmask(SIG_SETMASK, &ctx->signal_mask, NULL);
        if (!exec_child) {
            ctx->signals_held = 0;
            return 1;
        }
        execv(ctx->executable, ctx->argv);
        frz_log_error(FRZ_CODE_LAUNCH, "cannot start %s: execv: %s", ctx->executable,
                      strerror(errno));
        _exit(FRZ_EXIT_LAUNCH);
    }

    _frz_launch_child_pid = pid;
    ctx->child_pid = pid;
    FRZ_TRACE("started child %ld", (long)pid);
    if (_frz_launch_install_handlers() != 0) {
        /* The child runs anyway; we only lose forwarding. */
        FRZ_TRACE("signal forwarding is incomplete");
    }
    rc = 0;

cleanup:
    /* Signals held since the start (frz_launch_hold_signals) reach the child now. */
    if (ctx->signals_held && sigprocmask(SIG_SETMASK, &ctx->signal_mask, NULL) != 0) {
        FRZ_TRACE("sigprocmask failed: %s", strerror(errno));
    }
    ctx->signals_held = 0;
    return rc;
}

int
frz_launch_wait_child(struct FRZ_CONTEXT *ctx)
{
    pid_t pid = ctx->child_pid;
    pid_t waited;

    do {
        waited = waitpid(pid, &ctx->child_status, 0);
    } while (waited < 0 && errno == EINTR);
    if (waited < 0) {
        frz_log_error(FRZ_CODE_LAUNCH, "cannot wait for child %ld: waitpid: %s", (long)pid,
                      strerror(errno));
        return -1;
    }
    _frz_launch_child_pid = 0;
    if (WIFEXITED(ctx->child_status)) {
        FRZ_TRACE("child %ld exited with status %d", (long)pid, WEXITSTATUS(ctx->child_status));
    } else if (WIFSIGNALED(ctx->child_status)) {
        FRZ_TRACE("child %ld killed by signal %d", (long)pid, WTERMSIG(ctx->child_status));
    }
    return 0;
}

int
frz_launch_restart(struct FRZ_CONTEXT *ctx)
{
    FRZ_TRACE("restarting %s so the loader sees the library path", ctx->executable);
    (void)fflush(NULL);
    execv(ctx->executable, ctx->argv);
    frz_log_error(FRZ_CODE_LAUNCH, "cannot restart %s: execv: %s", ctx->executable,
                  strerror(errno));
    return -1;
}

void
frz_launch_die_of(int sig)
{
    struct rlimit no_core;
    sigset_t set;

    FRZ_TRACE("dying of signal %d", sig);
    (void)fflush(NULL);
    /* The app already dumped core if it was going to; the parent's core
     * would only be noise. */
    no_core.rlim_cur = 0;
    no_core.rlim_max = 0;
    (void)setrlimit(RLIMIT_CORE, &no_core);
    /* SIGKILL and SIGSTOP have no disposition to reset and cannot be blocked. */
    if (sig != SIGKILL && sig != SIGSTOP && signal(sig, SIG_DFL) == SIG_ERR) {
        exit(128 + sig);
    }
    if (sigemptyset(&set) == 0 && sigaddset(&set, sig) == 0) {
        (void)sigprocmask(SIG_UNBLOCK, &set, NULL);
    }
    (void)kill(getpid(), sig);
    /* Still alive: the signal does not end a process by default. */
    exit(128 + sig);
}

void
frz_launch_exit_like_child(const struct FRZ_CONTEXT *ctx)
{
    if (WIFEXITED(ctx->child_status)) {
        FRZ_TRACE("exit with the child's code %d", WEXITSTATUS(ctx->child_status));
        exit(WEXITSTATUS(ctx->child_status));
    }
    if (!WIFSIGNALED(ctx->child_status)) {
        exit(FRZ_EXIT_LAUNCH);
    }
    FRZ_TRACE("re-raising signal %d", WTERMSIG(ctx->child_status));
    frz_launch_die_of(WTERMSIG(ctx->child_status));
}
