/*
 * Freeze.Sdk bootloader: a process of a frozen app never outlives the
 * instance it belongs to (see frz_lifeline.h), on Windows: a thread waits on
 * the handle of the process named by _FREEZE_PARENT_PID, then ends this
 * process. The OneFile child is also in its parent's kill-on-close job
 * (frz_launch_win32.c).
 */
#include "frz_lifeline.h"

#include <windows.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "frz_env.h"
#include "frz_log.h"
#include "frz_os.h"

/* Exit code of a process whose instance ended (what SIGTERM gives on Linux). */
#define _FRZ_LIFELINE_EXIT_CODE 143

static DWORD WINAPI
_frz_lifeline_follow(LPVOID argument)
{
    HANDLE parent = argument;

    (void)WaitForSingleObject(parent, INFINITE);
    FRZ_TRACE("the process this one belongs to has ended: ending this one");
    (void)TerminateProcess(GetCurrentProcess(), _FRZ_LIFELINE_EXIT_CODE);
    return 0;
}

int
frz_lifeline_announce(void)
{
    char pid[32];

    (void)snprintf(pid, sizeof(pid), "%lu", (unsigned long)GetCurrentProcessId());
    return frz_env_set(FRZ_ENV_PARENT_PID, pid);
}

void
frz_lifeline_follow(void)
{
    const char *value = frz_os_getenv(FRZ_ENV_PARENT_PID);
    HANDLE parent;
    HANDLE thread;
    char *end = NULL;
    unsigned long pid;

    if (value == NULL || value[0] == '\0') {
        return;
    }
    errno = 0;
    pid = strtoul(value, &end, 10);
    if (errno != 0 || end == NULL || *end != '\0' || pid == 0) {
        FRZ_TRACE("%s=%s is not a process id; not followed", FRZ_ENV_PARENT_PID, value);
        return;
    }
    parent = OpenProcess(SYNCHRONIZE, FALSE, (DWORD)pid);
    if (parent == NULL) {
        FRZ_TRACE("cannot follow process %lu: OpenProcess error %lu", pid,
                  (unsigned long)GetLastError());
        return;
    }
    thread = CreateThread(NULL, 64 * 1024, _frz_lifeline_follow, parent,
                          STACK_SIZE_PARAM_IS_A_RESERVATION, NULL);
    if (thread == NULL) {
        FRZ_TRACE("cannot follow process %lu: CreateThread error %lu", pid,
                  (unsigned long)GetLastError());
        CloseHandle(parent);
        return;
    }
    CloseHandle(thread);
    FRZ_TRACE("following process %lu, which this one belongs to", pid);
}
