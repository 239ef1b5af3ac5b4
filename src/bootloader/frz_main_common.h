/*
 * Freeze.Sdk bootloader: the steps every platform's orchestration shares
 * (frz_main.c on POSIX, frz_main_win32.c on Windows).
 */
#ifndef FRZ_MAIN_COMMON_H
#define FRZ_MAIN_COMMON_H

#include "frz_global.h"

/* Find this executable, open its package, check the options the bootloader
 * needs and read the process level. Returns 0, or -1 with *EXIT_CODE set and
 * the error logged. */
int frz_main_open(struct FRZ_CONTEXT *ctx, int *exit_code);

/* Take the home folder the OneFile parent announced (_FREEZE_APPLICATION_HOME_DIR)
 * into ctx->home_dir. Returns 0, or -1 with the error logged. */
int frz_main_read_home(struct FRZ_CONTEXT *ctx);

/* Log a failed change of the environment (errno); returns the exit code. */
int frz_main_env_failed(void);

/* Remove the OneFile folder if this process made it. Returns 0, or -1 when it
 * stays and FREEZE_STRICT_UNPACK makes that fatal (else a warning). */
int frz_main_remove_temp_dir(struct FRZ_CONTEXT *ctx);

#endif /* FRZ_MAIN_COMMON_H */
