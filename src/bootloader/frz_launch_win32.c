/*
 * Freeze.Sdk bootloader: the OneFile parent starts the child and waits for
 * it, on Windows (see frz_launch.h).
 *
 * The child is this executable started again with this process's command
 * line and environment. It runs in a job object that kills it when the
 * parent's handles close (the parent ended, even by TerminateProcess); what
 * the child starts itself breaks away silently, so outside programs are not
 * bound to the parent. Ctrl+C and Ctrl+Break reach every process of the
 * console: the parent ignores them, the child (the .NET runtime) acts on them
 * and ends, then the parent cleans up.
 */
#include "frz_launch.h"

#include <windows.h>

#include <io.h>
#include <stdio.h>
#include <stdlib.h>

#include "frz_error_codes.h"
#include "frz_log.h"
#include "frz_os.h"

static BOOL WINAPI
_frz_launch_console_event(DWORD event)
{
    /* Handled (ignored) here: the child gets the same event and ends. */
    return event == CTRL_C_EVENT || event == CTRL_BREAK_EVENT;
}

/* A job that ends its processes when its last handle closes, or NULL. */
static HANDLE
_frz_launch_make_job(void)
{
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
    HANDLE job = CreateJobObjectW(NULL, NULL);

    if (job == NULL) {
        FRZ_TRACE("CreateJobObjectW failed (error %lu): the child is not bound to this process",
                  (unsigned long)GetLastError());
        return NULL;
    }
    ZeroMemory(&limits, sizeof(limits));
    limits.BasicLimitInformation.LimitFlags =
        JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_SILENT_BREAKAWAY_OK;
    if (!SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits,
                                 sizeof(limits))) {
        FRZ_TRACE("SetInformationJobObject failed (error %lu): the child is not bound to this "
                  "process", (unsigned long)GetLastError());
        CloseHandle(job);
        return NULL;
    }
    return job;
}

/* The C library's handle for a standard stream (invalid when it has none). */
static HANDLE
_frz_launch_std_handle(FILE *stream)
{
    intptr_t handle = _get_osfhandle(_fileno(stream));

    return (HANDLE)handle;
}

int
frz_launch_run_child(struct FRZ_CONTEXT *ctx)
{
    STARTUPINFOW startup;
    PROCESS_INFORMATION process;
    wchar_t *application = frz_os_native_string(ctx->executable);
    wchar_t *command_line = _wcsdup(GetCommandLineW());
    HANDLE job = NULL;
    DWORD exit_code = 0;
    int rc = -1;

    ZeroMemory(&process, sizeof(process));
    if (application == NULL || command_line == NULL) {
        frz_log_error(FRZ_CODE_LAUNCH, "cannot start %s: out of memory", ctx->executable);
        goto cleanup;
    }
    ZeroMemory(&startup, sizeof(startup));
    startup.cb = sizeof(startup);
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdInput = _frz_launch_std_handle(stdin);
    startup.hStdOutput = _frz_launch_std_handle(stdout);
    startup.hStdError = _frz_launch_std_handle(stderr);
    if (!SetConsoleCtrlHandler(_frz_launch_console_event, TRUE)) {
        FRZ_TRACE("SetConsoleCtrlHandler failed (error %lu)", (unsigned long)GetLastError());
    }
    job = _frz_launch_make_job();
    (void)fflush(stdout);
    (void)fflush(stderr);
    if (!CreateProcessW(application, command_line, NULL, NULL, TRUE, CREATE_SUSPENDED, NULL,
                        NULL, &startup, &process)) {
        frz_log_error(FRZ_CODE_LAUNCH, "cannot start %s: CreateProcessW failed (error %lu)",
                      ctx->executable, (unsigned long)GetLastError());
        goto cleanup;
    }
    if (job != NULL && !AssignProcessToJobObject(job, process.hProcess)) {
        FRZ_TRACE("AssignProcessToJobObject failed (error %lu): the child is not bound to this "
                  "process", (unsigned long)GetLastError());
    }
    ctx->child_pid = (pid_t)process.dwProcessId;
    FRZ_TRACE("started child process %lu", (unsigned long)process.dwProcessId);
    if (ResumeThread(process.hThread) == (DWORD)-1) {
        frz_log_error(FRZ_CODE_LAUNCH, "cannot start %s: ResumeThread failed (error %lu)",
                      ctx->executable, (unsigned long)GetLastError());
        (void)TerminateProcess(process.hProcess, FRZ_EXIT_LAUNCH);
        goto cleanup;
    }
    if (WaitForSingleObject(process.hProcess, INFINITE) != WAIT_OBJECT_0 ||
        !GetExitCodeProcess(process.hProcess, &exit_code)) {
        frz_log_error(FRZ_CODE_LAUNCH, "cannot wait for process %lu (error %lu)",
                      (unsigned long)process.dwProcessId, (unsigned long)GetLastError());
        goto cleanup;
    }
    ctx->child_status = (int)exit_code;
    FRZ_TRACE("child process %lu exited with code %lu", (unsigned long)process.dwProcessId,
              (unsigned long)exit_code);
    rc = 0;

cleanup:
    if (process.hThread != NULL) {
        CloseHandle(process.hThread);
    }
    if (process.hProcess != NULL) {
        CloseHandle(process.hProcess);
    }
    if (job != NULL) {
        CloseHandle(job);
    }
    free(command_line);
    free(application);
    return rc;
}
