/*
 * Freeze.Sdk bootloader: the OneFile parent starts the child, forwards
 * signals to it and waits for it.
 */
#ifndef FRZ_LAUNCH_H
#define FRZ_LAUNCH_H

#include "frz_global.h"

/* fork + execv(ctx->executable, ctx->argv) and start forwarding signals to
 * the child. Reports errors (FRZ0307). */
int frz_launch_start_child(struct FRZ_CONTEXT *ctx);

/* Wait for the child started by frz_launch_start_child (signals are
 * forwarded meanwhile); store its status in ctx->child_status. Reports
 * errors (FRZ0307). */
int frz_launch_wait_child(struct FRZ_CONTEXT *ctx);

/* Replace this process by a fresh start of the executable (execv, same pid),
 * so that the dynamic loader sees the environment set so far. Returns only
 * on failure, after reporting it (FRZ0307). */
int frz_launch_restart(struct FRZ_CONTEXT *ctx);

/* Exit the way the child did: its exit code, or re-raise its signal (exit
 * 128+N when the signal does not end this process). Never returns. */
void frz_launch_exit_like_child(const struct FRZ_CONTEXT *ctx);

#endif /* FRZ_LAUNCH_H */
