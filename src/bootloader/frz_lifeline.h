/*
 * Freeze.Sdk bootloader: a process of a frozen app never outlives the
 * instance it belongs to.
 *
 * Every process that hosts the app announces its pid to the processes it
 * starts (_FREEZE_PARENT_PID). The OneFile main process and every worker
 * follow the process they belong to: a thread waits for it to end (a pidfd
 * on Linux 5.3 and later, else a check every 250 ms), then sends this process
 * SIGTERM (the runtime shuts down as for a user's SIGTERM) and, if it is
 * still running 5 seconds later, SIGKILL. So killing the OneFile parent with
 * SIGKILL also ends the app, and the app's workers end with it.
 */
#ifndef FRZ_LIFELINE_H
#define FRZ_LIFELINE_H

#include "frz_global.h"

/* Seconds between SIGTERM and SIGKILL for a process whose instance ended. */
#define FRZ_LIFELINE_GRACE_SECONDS 5

/* Tell the processes this one starts that they belong to it. Returns 0 or
 * -1 (errno set). */
int frz_lifeline_announce(void);

/* Start following the process named by _FREEZE_PARENT_PID (no-op without
 * it). Problems are traced: the app still starts. */
void frz_lifeline_follow(void);

#endif /* FRZ_LIFELINE_H */
