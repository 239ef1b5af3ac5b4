/*
 * Freeze.Sdk bootloader: the OneFile parent starts the child, forwards
 * signals to it and waits for it.
 */
#ifndef FRZ_LAUNCH_H
#define FRZ_LAUNCH_H

#include "frz_global.h"

/* Hold every forwarded signal from now on (the OneFile parent's first step),
 * saving the mask in ctx: a signal that arrives while the folder is made and
 * filled waits until the folder is whole. Reports errors (FRZ0307). */
int frz_launch_hold_signals(struct FRZ_CONTEXT *ctx);

/* A held signal whose default action ends a process (SIGTERM, SIGINT, ...),
 * or 0. */
int frz_launch_pending_termination(void);

/* fork with the original signal mask in the child, start forwarding signals
 * to it, then release the signals held by frz_launch_hold_signals (they go to
 * the child). With EXEC_CHILD the child runs execv(ctx->executable,
 * ctx->argv); without, it returns 1 and goes on from the fork (the dynamic
 * loader then never sees the environment set so far). Returns 0 in the
 * parent, -1 after reporting an error (FRZ0307). */
int frz_launch_start_child(struct FRZ_CONTEXT *ctx, int exec_child);

/* Wait for the child started by frz_launch_start_child (signals are
 * forwarded meanwhile); store its status in ctx->child_status. Reports
 * errors (FRZ0307). */
int frz_launch_wait_child(struct FRZ_CONTEXT *ctx);

/* Replace this process by a fresh start of the executable (execv, same pid),
 * so that the dynamic loader sees the environment set so far. Returns only
 * on failure, after reporting it (FRZ0307). */
int frz_launch_restart(struct FRZ_CONTEXT *ctx);

/* Exit the way the child did: its exit code, or die of its signal
 * (frz_launch_die_of). Never returns. */
void frz_launch_exit_like_child(const struct FRZ_CONTEXT *ctx);

/* Die of SIG with its default action, SIGKILL included, without a core dump
 * (exit 128+SIG when SIG does not end a process). Never returns. */
void frz_launch_die_of(int sig);

/* Windows (frz_launch_win32.c): start this executable again with this
 * process's command line and environment, in a job that ends it with this
 * process, ignore Ctrl+C and Ctrl+Break meanwhile (the child gets them),
 * wait for it and store its exit code in ctx->child_status. Reports errors
 * (FRZ0307). */
int frz_launch_run_child(struct FRZ_CONTEXT *ctx);

#endif /* FRZ_LAUNCH_H */
