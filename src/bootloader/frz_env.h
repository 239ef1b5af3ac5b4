/*
 * Freeze.Sdk bootloader: process levels and environment variables.
 */
#ifndef FRZ_ENV_H
#define FRZ_ENV_H

#include "frz_global.h"

/* setenv/unsetenv that trace; return 0 or -1 (errno set). */
int frz_env_set(const char *name, const char *value);
int frz_env_unset(const char *name);

/* Remove every private _FREEZE_* variable. */
int frz_env_reset_private(void);

/* Decide ctx->process_level from FREEZE_RESET_ENVIRONMENT,
 * _FREEZE_ARCHIVE_FILE and _FREEZE_PARENT_PROCESS_LEVEL; also reads
 * FREEZE_STRICT_UNPACK_MODE. Reports an error and returns -1 on an invalid
 * level. */
int frz_env_read_level(struct FRZ_CONTEXT *ctx);

/* LD_LIBRARY_PATH_ORIG = old LD_LIBRARY_PATH (or unset), then
 * LD_LIBRARY_PATH = home[:old]. */
int frz_env_prepend_library_path(const char *home);

/* Parent: pass its process name to the child in _FREEZE_LINUX_PROCESS_NAME. */
int frz_env_save_process_name(void);

/* Child: apply and remove _FREEZE_LINUX_PROCESS_NAME. */
int frz_env_apply_process_name(void);

#endif /* FRZ_ENV_H */
