/*
 * Freeze.Sdk bootloader: process levels and environment variables.
 *
 * The levels follow PyInstaller's rules (docs/bootloader.md): a process is
 * top-level unless _FREEZE_ARCHIVE_FILE names this very executable; then
 * _FREEZE_PARENT_PROCESS_LEVEL says whether it is the OneFile main process
 * (1) or a worker (2).
 */
#include "frz_env.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

#include "frz_error_codes.h"
#include "frz_log.h"
#include "frz_os.h"

/* Library search path variable of this platform. */
#if defined(_AIX)
#define _FRZ_ENV_LIBRARY_PATH "LIBPATH"
#else
#define _FRZ_ENV_LIBRARY_PATH "LD_LIBRARY_PATH"
#endif
#define _FRZ_ENV_LIBRARY_PATH_ORIG _FRZ_ENV_LIBRARY_PATH "_ORIG" /* FRZ_ENV_LIBRARY_PATH_ORIG on Linux */

static const char *const _frz_env_private[] = {
    FRZ_ENV_ARCHIVE_FILE, FRZ_ENV_PROCESS_LEVEL, FRZ_ENV_HOME_DIR,
    FRZ_ENV_PROCESS_NAME, FRZ_ENV_SPLASH_IPC, FRZ_ENV_PARENT_PID, FRZ_ENV_CACHE_LOCK,
};

int
frz_env_set(const char *name, const char *value)
{
    if (frz_os_setenv(name, value) != 0) {
        return -1;
    }
    FRZ_TRACE("set %s=%s", name, value);
    return 0;
}

int
frz_env_unset(const char *name)
{
    if (frz_os_unsetenv(name) != 0) {
        return -1;
    }
    FRZ_TRACE("unset %s", name);
    return 0;
}

int
frz_env_reset_private(void)
{
    size_t i;

    for (i = 0; i < sizeof(_frz_env_private) / sizeof(_frz_env_private[0]); i++) {
        if (frz_os_getenv(_frz_env_private[i]) != NULL && frz_env_unset(_frz_env_private[i]) != 0) {
            return -1;
        }
    }
    return 0;
}

int
frz_env_read_level(struct FRZ_CONTEXT *ctx)
{
    const char *value;
    int rc = -1;

    value = frz_os_getenv(FRZ_ENV_STRICT_UNPACK);
    ctx->strict_unpack = value != NULL && value[0] != '\0' && strcmp(value, "0") != 0;

    value = frz_os_getenv(FRZ_ENV_RESET);
    if (value != NULL && strcmp(value, "1") == 0) {
        FRZ_TRACE("%s=1: resetting the private variables", FRZ_ENV_RESET);
        if (frz_env_reset_private() != 0 || frz_env_unset(FRZ_ENV_RESET) != 0) {
            goto unset_failed;
        }
    }

    value = frz_os_getenv(FRZ_ENV_ARCHIVE_FILE);
    if (value == NULL || strcmp(value, ctx->executable) != 0) {
        /* Not started by this executable (or by another frozen app). */
        if (value != NULL) {
            FRZ_TRACE("%s is %s, not this executable: new instance", FRZ_ENV_ARCHIVE_FILE, value);
        }
        if (frz_env_reset_private() != 0) {
            goto unset_failed;
        }
    }

    value = frz_os_getenv(FRZ_ENV_PROCESS_LEVEL);
    if (value == NULL) {
        ctx->process_level = FRZ_LEVEL_TOP;
    } else if (strcmp(value, FRZ_LEVEL_MAIN_VALUE) == 0) {
        ctx->process_level = FRZ_LEVEL_MAIN;
    } else if (strcmp(value, FRZ_LEVEL_WORKER_VALUE) == 0) {
        ctx->process_level = FRZ_LEVEL_WORKER;
    } else {
        frz_log_error(FRZ_CODE_ENVIRONMENT,
                      "invalid %s value '%s' (expected %s or %s); set %s=1 to start a new "
                      "instance",
                      FRZ_ENV_PROCESS_LEVEL, value, FRZ_LEVEL_MAIN_VALUE, FRZ_LEVEL_WORKER_VALUE,
                      FRZ_ENV_RESET);
        goto cleanup;
    }
    FRZ_TRACE("process level %d", ctx->process_level);
    rc = 0;
    goto cleanup;

unset_failed:
    frz_log_error(FRZ_CODE_ENVIRONMENT, "cannot reset the environment (unsetenv: %s)",
                  strerror(errno));
cleanup:
    return rc;
}

int
frz_env_prepend_library_path(const char *home)
{
    const char *old = frz_os_getenv(_FRZ_ENV_LIBRARY_PATH);
    char *value = NULL;
    size_t length;
    int rc = -1;

    if (old != NULL && old[0] != '\0') {
        if (frz_env_set(_FRZ_ENV_LIBRARY_PATH_ORIG, old) != 0) {
            goto cleanup;
        }
        length = strlen(home) + 1 + strlen(old) + 1;
        value = malloc(length);
        if (value == NULL) {
            goto cleanup;
        }
        if (snprintf(value, length, "%s:%s", home, old) < 0) {
            goto cleanup;
        }
        if (frz_env_set(_FRZ_ENV_LIBRARY_PATH, value) != 0) {
            goto cleanup;
        }
    } else {
        if (frz_os_getenv(_FRZ_ENV_LIBRARY_PATH_ORIG) != NULL &&
            frz_env_unset(_FRZ_ENV_LIBRARY_PATH_ORIG) != 0) {
            goto cleanup;
        }
        if (frz_env_set(_FRZ_ENV_LIBRARY_PATH, home) != 0) {
            goto cleanup;
        }
    }
    rc = 0;

cleanup:
    free(value);
    return rc;
}

int
frz_env_save_process_name(void)
{
#if defined(__linux__)
    char name[17];

    memset(name, 0, sizeof(name));
    if (prctl(PR_GET_NAME, name, 0, 0, 0) != 0) {
        /* Not worth failing for: the child keeps its own name. */
        FRZ_TRACE("prctl(PR_GET_NAME) failed: %s", strerror(errno));
        return 0;
    }
    return frz_env_set(FRZ_ENV_PROCESS_NAME, name);
#else
    return 0;
#endif
}

int
frz_env_apply_process_name(void)
{
#if defined(__linux__)
    const char *name = frz_os_getenv(FRZ_ENV_PROCESS_NAME);

    if (name == NULL) {
        return 0;
    }
    if (prctl(PR_SET_NAME, name, 0, 0, 0) != 0) {
        FRZ_TRACE("prctl(PR_SET_NAME, %s) failed: %s", name, strerror(errno));
    } else {
        FRZ_TRACE("process name set to %s", name);
    }
    return frz_env_unset(FRZ_ENV_PROCESS_NAME);
#else
    return 0;
#endif
}
