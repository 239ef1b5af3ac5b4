/*
 * Freeze.Sdk bootloader: orchestration on Windows (the sibling of
 * frz_main.c).
 *
 * OneDir: the app runs in this process, with the home folder on the DLL
 * search path (SetDllDirectoryW: no restart is needed, unlike
 * LD_LIBRARY_PATH). OneFile: the parent extracts into a private _FRZxxxxxx
 * folder, starts the child (this executable again) and waits for it, then
 * removes the folder and exits with the child's exit code. Process levels,
 * workers and FREEZE_RESET_ENVIRONMENT follow the same rules as on Linux
 * (frz_env.c). The splash screen and the extraction cache are Linux-only:
 * their options are ignored here (traced).
 */
#include <windows.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frz_archive.h"
#include "frz_env.h"
#include "frz_error_codes.h"
#include "frz_extract.h"
#include "frz_global.h"
#include "frz_host.h"
#include "frz_launch.h"
#include "frz_lifeline.h"
#include "frz_log.h"
#include "frz_main_common.h"
#include "frz_os.h"
#include "frz_path.h"
#include "frz_tmpdir.h"

/* Native libraries of the app are found in its home folder first. */
static int
_frz_main_set_dll_directory(const struct FRZ_CONTEXT *ctx)
{
    wchar_t *home = frz_os_native_string(ctx->home_dir);
    BOOL ok = home != NULL && SetDllDirectoryW(home);

    free(home);
    if (!ok) {
        frz_log_error(FRZ_CODE_ENVIRONMENT, "cannot add %s to the DLL search path (error %lu)",
                      ctx->home_dir, (unsigned long)GetLastError());
        return -1;
    }
    FRZ_TRACE("SetDllDirectoryW(%s)", ctx->home_dir);
    return 0;
}

/* OneFile top level: extract, start the child, wait, clean up. */
static int
_frz_main_onefile_parent(struct FRZ_CONTEXT *ctx)
{
    int exit_code = FRZ_EXIT_EXTRACT;
    int rc;

    if (frz_tmpdir_choose_base(ctx) != 0 || frz_tmpdir_create(ctx) != 0) {
        goto cleanup;
    }
    rc = frz_extract_all(ctx);
    if (rc == FRZ_EXTRACT_NO_SPACE) {
        frz_log_error(FRZ_CODE_EXTRACT,
                      "cannot extract into %s: no space left (%s); free space there or set TMP "
                      "to a folder with room",
                      ctx->temp_base, ctx->archive.error);
    }
    if (rc != 0) {
        goto cleanup;
    }
    memcpy(ctx->home_dir, ctx->temp_dir, sizeof(ctx->home_dir));
    if (frz_env_set(FRZ_ENV_ARCHIVE_FILE, ctx->executable) != 0 ||
        frz_env_set(FRZ_ENV_PROCESS_LEVEL, FRZ_LEVEL_MAIN_VALUE) != 0 ||
        frz_env_set(FRZ_ENV_HOME_DIR, ctx->home_dir) != 0 || frz_lifeline_announce() != 0) {
        exit_code = frz_main_env_failed();
        goto cleanup;
    }
    if (frz_launch_run_child(ctx) != 0) {
        exit_code = FRZ_EXIT_LAUNCH;
        goto cleanup;
    }
    exit_code = ctx->child_status;
    if (frz_main_remove_temp_dir(ctx) != 0) {
        exit_code = FRZ_EXIT_EXTRACT;
    }

cleanup:
    (void)frz_main_remove_temp_dir(ctx);
    return exit_code;
}

int
frz_main(struct FRZ_CONTEXT *ctx)
{
    int exit_code = FRZ_EXIT_ARCHIVE;

    if (frz_main_open(ctx, &exit_code) != 0) {
        goto cleanup;
    }
    if (ctx->archive.options.splash_image != NULL) {
        FRZ_TRACE("the splash screen is not supported on Windows: not shown");
    }
    if (ctx->archive.options.extraction_cache != NULL &&
        strcmp(ctx->archive.options.extraction_cache, FRZ_VALUE_TRUE) == 0) {
        FRZ_TRACE("the extraction cache is not supported on Windows: a private folder is used");
    }

    if (ctx->onefile && ctx->process_level == FRZ_LEVEL_TOP) {
        exit_code = _frz_main_onefile_parent(ctx);
        goto cleanup;
    }
    if (ctx->onefile) {
        if (frz_main_read_home(ctx) != 0) {
            exit_code = FRZ_EXIT_ENVIRONMENT;
            goto cleanup;
        }
    } else {
        memcpy(ctx->home_dir, ctx->executable_dir, sizeof(ctx->home_dir));
        if (ctx->process_level == FRZ_LEVEL_TOP) {
            /* No restart on Windows: this process is the main process. */
            if (frz_env_set(FRZ_ENV_ARCHIVE_FILE, ctx->executable) != 0) {
                exit_code = frz_main_env_failed();
                goto cleanup;
            }
            ctx->process_level = FRZ_LEVEL_MAIN;
        }
    }
    if (_frz_main_set_dll_directory(ctx) != 0) {
        exit_code = FRZ_EXIT_ENVIRONMENT;
        goto cleanup;
    }
    /* The OneFile main process ends with its parent, a worker with the process that started it. */
    if ((ctx->onefile && ctx->process_level == FRZ_LEVEL_MAIN) ||
        ctx->process_level == FRZ_LEVEL_WORKER) {
        frz_lifeline_follow();
    }
    /* Whatever this process starts from its own executable is a worker, and belongs to it. */
    if (frz_env_set(FRZ_ENV_PROCESS_LEVEL, FRZ_LEVEL_WORKER_VALUE) != 0 ||
        frz_lifeline_announce() != 0) {
        exit_code = frz_main_env_failed();
        goto cleanup;
    }
    FRZ_TRACE("home folder %s", ctx->home_dir);
    exit_code = FRZ_EXIT_RUNTIME_FAILED;
    (void)frz_host_run(ctx, &exit_code);

cleanup:
    frz_modules_close(&ctx->modules);
    frz_archive_close(&ctx->archive);
    FRZ_TRACE("exit with code %d", exit_code);
    return exit_code;
}
