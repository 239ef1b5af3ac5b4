/*
 * Freeze.Sdk bootloader: orchestration.
 *
 * Resolve the executable, open its package, read the options and the process
 * level, then run as the OneFile parent (extract, start the child, wait,
 * clean up) or host the app (OneDir, OneFile main process, workers).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frz_archive.h"
#include "frz_cache.h"
#include "frz_env.h"
#include "frz_error_codes.h"
#include "frz_extract.h"
#include "frz_global.h"
#include "frz_host.h"
#include "frz_instance.h"
#include "frz_launch.h"
#include "frz_lifeline.h"
#include "frz_log.h"
#include "frz_main_common.h"
#include "frz_os.h"
#include "frz_path.h"
#include "frz_splash.h"
#include "frz_tmpdir.h"

/* Host the app from ctx->home_dir; returns the exit code. */
static int
_frz_main_host(struct FRZ_CONTEXT *ctx)
{
    int exit_code = FRZ_EXIT_RUNTIME_FAILED;

    FRZ_TRACE("home folder %s", ctx->home_dir);
    (void)frz_host_run(ctx, &exit_code);
    return exit_code;
}

/* Remove the OneFile temp folder (frz_main_remove_temp_dir), after letting go
 * of its instance marker. */
static int
_frz_main_remove_temp_dir(struct FRZ_CONTEXT *ctx)
{
    frz_instance_release(ctx);
    return frz_main_remove_temp_dir(ctx);
}

/* Make the folder and fill it. A full disk gets a second chance: the folders
 * of dead instances are reclaimed once more and the folder made anew. */
static int
_frz_main_unpack(struct FRZ_CONTEXT *ctx, int *exit_code)
{
    int attempt;
    int rc = -1;

    for (attempt = 1; attempt <= 2; attempt++) {
        if (frz_tmpdir_create(ctx) != 0 || frz_instance_claim(ctx) != 0) {
            return -1;
        }
        rc = frz_extract_all(ctx);
        if (rc != FRZ_EXTRACT_NO_SPACE) {
            break;
        }
        FRZ_TRACE("no space left in %s (%s): reclaiming leftovers and trying again",
                  ctx->temp_base, ctx->archive.error);
        (void)_frz_main_remove_temp_dir(ctx);
        frz_instance_sweep(ctx, 1);
    }
    if (rc == FRZ_EXTRACT_NO_SPACE) {
        frz_log_error(FRZ_CODE_EXTRACT,
                      "cannot extract into %s: no space left (%s); free space there or set TMPDIR "
                      "to a folder with room",
                      ctx->temp_base, ctx->archive.error);
        return -1;
    }
    if (rc != 0 && ctx->extract_exit_code != 0) {
        *exit_code = ctx->extract_exit_code;
    }
    return rc;
}

/* The environment of a main process (OneDir, or OneFile from its cache
 * folder), for the app and what it starts. */
static int
_frz_main_set_main_env(const struct FRZ_CONTEXT *ctx)
{
    return frz_env_set(FRZ_ENV_ARCHIVE_FILE, ctx->executable) != 0 ||
                   frz_env_set(FRZ_ENV_PROCESS_LEVEL, FRZ_LEVEL_MAIN_VALUE) != 0 ||
                   frz_env_prepend_library_path(ctx->home_dir) != 0
               ? -1
               : 0;
}

/* A OneFile main process from the cache folder: the main environment, its
 * home, and no parent to follow. A terminating signal that arrived while the
 * folder was prepared ends the process first: the app is not started. */
static int
_frz_main_set_cache_env(const struct FRZ_CONTEXT *ctx)
{
    int sig = frz_launch_pending_termination();

    if (sig != 0) {
        FRZ_TRACE("signal %d arrived while unpacking: the app is not started", sig);
        frz_launch_die_of(sig);
    }
    return _frz_main_set_main_env(ctx) != 0 || frz_env_set(FRZ_ENV_HOME_DIR, ctx->home_dir) != 0 ||
                   (getenv(FRZ_ENV_PARENT_PID) != NULL && frz_env_unset(FRZ_ENV_PARENT_PID) != 0)
               ? -1
               : 0;
}

/* OneFile top level with a verified cache folder in ctx->home_dir: nothing
 * to clean up afterwards, so no parent is needed. This process becomes the
 * main process (execv, same pid, like the OneDir restart); the lock on the
 * folder's marker is handed over so the folder is never collected between
 * the two. Returns only on failure. */
static int
_frz_main_cache_exec(struct FRZ_CONTEXT *ctx)
{
    char fd_text[16];

    /* The main process shows the splash: execv would end this one's thread, which may
     * still be reading the environment that is about to change. */
    frz_splash_stop(ctx);
    (void)snprintf(fd_text, sizeof(fd_text), "%d", ctx->instance_fd);
    if (_frz_main_set_cache_env(ctx) != 0 ||
        (getenv(FRZ_ENV_SPLASH_IPC) != NULL && frz_env_unset(FRZ_ENV_SPLASH_IPC) != 0) ||
        frz_env_set(FRZ_ENV_CACHE_LOCK, fd_text) != 0 || frz_env_save_process_name() != 0) {
        return frz_main_env_failed();
    }
    if (fcntl(ctx->instance_fd, F_SETFD, 0) != 0 ||
        sigprocmask(SIG_SETMASK, &ctx->signal_mask, NULL) != 0) {
        frz_log_error(FRZ_CODE_LAUNCH, "cannot start %s: %s", ctx->executable, strerror(errno));
        return FRZ_EXIT_LAUNCH;
    }
    frz_archive_close(&ctx->archive);
    (void)frz_launch_restart(ctx);
    return FRZ_EXIT_LAUNCH;
}

/* The build writes 'restart=false' when no library of the folder needs the
 * dynamic loader to see it: a top level then hosts the app itself. */
static int
_frz_main_needs_restart(const struct FRZ_CONTEXT *ctx)
{
    const char *restart = ctx->archive.options.restart;

    return restart == NULL || strcmp(restart, FRZ_VALUE_FALSE) != 0;
}

/* A OneFile main process can start without an execv: no library needs the
 * library path, and no splash screen is shown. Its thread would be running
 * where a cached start hosts the app (membarrier, frz_os.h), and a forked
 * child would hold the state of a thread it has no copy of. */
static int
_frz_main_onefile_needs_exec(const struct FRZ_CONTEXT *ctx)
{
    return ctx->archive.options.splash_image != NULL || _frz_main_needs_restart(ctx);
}

/* A top level that hosts the app itself ('restart=false'): it is the main process now. */
static void
_frz_main_go_on_as_main(struct FRZ_CONTEXT *ctx)
{
    FRZ_TRACE("no restart: no library of the folder needs the library path");
    ctx->process_level = FRZ_LEVEL_MAIN;
}

/* OneFile top level with a verified cache folder and no library that needs
 * the library path: the environment _frz_main_cache_exec gives, without the
 * execv (_frz_main_onefile_needs_exec). */
static int
_frz_main_cache_become_main(struct FRZ_CONTEXT *ctx)
{
    if (_frz_main_set_cache_env(ctx) != 0) {
        return frz_main_env_failed();
    }
    if (sigprocmask(SIG_SETMASK, &ctx->signal_mask, NULL) != 0) {
        frz_log_error(FRZ_CODE_LAUNCH, "cannot start %s: %s", ctx->executable, strerror(errno));
        return FRZ_EXIT_LAUNCH;
    }
    ctx->signals_held = 0;
    _frz_main_go_on_as_main(ctx);
    return 0;
}

/* OneFile top level: extract, start the child, wait, clean up. Signals are
 * held from the start: one that arrives before the app runs is acted on once
 * the folder is whole (a terminating one removes it, then ends the parent). */
static int
_frz_main_onefile_parent(struct FRZ_CONTEXT *ctx)
{
    int exit_code = FRZ_EXIT_EXTRACT;
    int sig;

    if (frz_launch_hold_signals(ctx) != 0) {
        return FRZ_EXIT_LAUNCH;
    }
    /* Shown before unpacking, in its own thread: unpacking goes on meanwhile. */
    if (frz_splash_start(ctx) != 0) {
        exit_code = frz_main_env_failed();
        goto cleanup;
    }
    frz_archive_identity(&ctx->archive, ctx->bundle_id, sizeof(ctx->bundle_id));
    if (ctx->archive.options.extraction_cache != NULL &&
        strcmp(ctx->archive.options.extraction_cache, FRZ_VALUE_TRUE) == 0) {
        switch (frz_cache_prepare(ctx)) {
        case 1:
            return _frz_main_onefile_needs_exec(ctx) ? _frz_main_cache_exec(ctx)
                                                     : _frz_main_cache_become_main(ctx);
        case 0:
            break;
        default:
            if (ctx->extract_exit_code != 0) {
                exit_code = ctx->extract_exit_code;
            }
            goto cleanup;
        }
    }
    if (frz_tmpdir_choose_base(ctx) != 0) {
        goto cleanup;
    }
    if (_frz_main_unpack(ctx, &exit_code) != 0) {
        goto cleanup;
    }
    sig = frz_launch_pending_termination();
    if (sig != 0) {
        FRZ_TRACE("signal %d arrived while unpacking: the app is not started", sig);
        (void)_frz_main_remove_temp_dir(ctx);
        frz_launch_die_of(sig);
    }
    memcpy(ctx->home_dir, ctx->temp_dir, sizeof(ctx->home_dir));
    frz_splash_wait_ready(ctx);
    if (frz_env_set(FRZ_ENV_ARCHIVE_FILE, ctx->executable) != 0 ||
        frz_env_set(FRZ_ENV_PROCESS_LEVEL, FRZ_LEVEL_MAIN_VALUE) != 0 ||
        frz_env_set(FRZ_ENV_HOME_DIR, ctx->home_dir) != 0 ||
        frz_env_prepend_library_path(ctx->home_dir) != 0 || frz_env_save_process_name() != 0 ||
        frz_lifeline_announce() != 0) {
        exit_code = frz_main_env_failed();
        goto cleanup;
    }
    switch (frz_launch_start_child(ctx, _frz_main_onefile_needs_exec(ctx))) {
    case 0:
        break;
    case 1:
        /* The child, from the fork: the parent owns the folder and removes it. What an
         * exec'd child would drop is dropped here (frz_main's OneFile main process). */
        ctx->temp_dir_created = 0;
        ctx->splash = NULL;
        _frz_main_go_on_as_main(ctx);
        frz_cache_adopt(ctx);
        return 0;
    default:
        exit_code = FRZ_EXIT_LAUNCH;
        goto cleanup;
    }
    /* What crashed instances left behind goes while the app starts, not before: listing a
     * temp folder of 9,500 entries cost every start ~2 ms. A full disk already sweeps and
     * unpacks again (_frz_main_unpack); signals wait for the sweep, held. */
    frz_instance_sweep(ctx, 0);
    if (frz_launch_wait_child(ctx) != 0) {
        exit_code = FRZ_EXIT_LAUNCH;
        goto cleanup;
    }
    frz_splash_stop(ctx);
    if (_frz_main_remove_temp_dir(ctx) != 0) {
        exit_code = FRZ_EXIT_EXTRACT;
        goto cleanup;
    }
    frz_archive_close(&ctx->archive);
    frz_launch_exit_like_child(ctx);

cleanup:
    frz_splash_stop(ctx);
    (void)_frz_main_remove_temp_dir(ctx);
    return exit_code;
}

/* OneDir top level: set the environment, then start again (same pid) so the
 * dynamic loader applies LD_LIBRARY_PATH to every library the app loads,
 * including those that native code opens by bare name. */
static int
_frz_main_onedir_restart(struct FRZ_CONTEXT *ctx)
{
    if (_frz_main_set_main_env(ctx) != 0 || frz_env_save_process_name() != 0) {
        return frz_main_env_failed();
    }
    frz_archive_close(&ctx->archive);
    (void)frz_launch_restart(ctx);
    return FRZ_EXIT_LAUNCH;
}

/* OneDir top level without a restart: the environment it would have after one. */
static int
_frz_main_onedir_become_main(struct FRZ_CONTEXT *ctx)
{
    if (_frz_main_set_main_env(ctx) != 0) {
        return -1;
    }
    _frz_main_go_on_as_main(ctx);
    return 0;
}

int
frz_main(struct FRZ_CONTEXT *ctx)
{
    int exit_code = FRZ_EXIT_ARCHIVE;

    if (frz_main_open(ctx, &exit_code) != 0) {
        goto cleanup;
    }

    if (ctx->onefile && ctx->process_level == FRZ_LEVEL_TOP) {
        exit_code = _frz_main_onefile_parent(ctx);
        /* A verified cache folder without a restart, or the child of a fork without an execv,
         * goes on as the main process. */
        if (ctx->process_level != FRZ_LEVEL_MAIN || exit_code != 0) {
            goto cleanup;
        }
    } else if (ctx->onefile) {
        if (frz_main_read_home(ctx) != 0) {
            exit_code = FRZ_EXIT_ENVIRONMENT;
            goto cleanup;
        }
        /* Keeps the folder from being swept as a leftover while we run. */
        frz_instance_join(ctx);
        frz_cache_adopt(ctx);
    } else {
        memcpy(ctx->home_dir, ctx->executable_dir, sizeof(ctx->home_dir));
        if (ctx->process_level == FRZ_LEVEL_TOP && _frz_main_needs_restart(ctx)) {
            exit_code = _frz_main_onedir_restart(ctx);
            goto cleanup;
        }
        if (ctx->process_level == FRZ_LEVEL_TOP && _frz_main_onedir_become_main(ctx) != 0) {
            exit_code = frz_main_env_failed();
            goto cleanup;
        }
    }
    if (ctx->process_level == FRZ_LEVEL_MAIN && frz_env_apply_process_name() != 0) {
        exit_code = frz_main_env_failed();
        goto cleanup;
    }
    /* Before the first thread of this process (frz_os.h says why). */
    frz_os_register_membarrier();
    /* The OneFile main process ends with its parent, a worker with the process that started it. */
    if ((ctx->onefile && ctx->process_level == FRZ_LEVEL_MAIN) ||
        ctx->process_level == FRZ_LEVEL_WORKER) {
        frz_lifeline_follow();
    }
    /* Whatever this process starts from its own executable is a worker, and belongs to it. */
    if (frz_env_set(FRZ_ENV_PROCESS_LEVEL, FRZ_LEVEL_WORKER_VALUE) != 0 || frz_lifeline_announce() != 0 ||
        frz_splash_start(ctx) != 0) {
        exit_code = frz_main_env_failed();
        goto cleanup;
    }
    /* Hosting may change the environment (frz_props.c). */
    frz_splash_wait_ready(ctx);
    exit_code = _frz_main_host(ctx);

cleanup:
    frz_splash_stop(ctx);
    frz_instance_release(ctx);
    frz_modules_close(&ctx->modules);
    frz_archive_close(&ctx->archive);
    FRZ_TRACE("exit with code %d", exit_code);
    return exit_code;
}
