/*
 * Freeze.Sdk bootloader: the steps every platform's orchestration shares.
 * See frz_main_common.h.
 */
#include "frz_main_common.h"

#include <errno.h>
#include <string.h>

#include "frz_archive.h"
#include "frz_env.h"
#include "frz_error_codes.h"
#include "frz_extract.h"
#include "frz_log.h"
#include "frz_os.h"
#include "frz_path.h"

/* Check the options the bootloader needs. */
static int
_frz_main_read_options(struct FRZ_CONTEXT *ctx)
{
    const struct FRZ_OPTIONS *options = &ctx->archive.options;
    const char *problem = NULL;

    if (options->mode == NULL || (strcmp(options->mode, FRZ_VALUE_ONEFILE) != 0 &&
                                  strcmp(options->mode, FRZ_VALUE_ONEDIR) != 0)) {
        problem = "no valid '" FRZ_OPTION_MODE "' option";
    } else if (options->main_assembly == NULL) {
        problem = "no '" FRZ_OPTION_MAIN_ASSEMBLY "' option";
    } else if (options->self_contained != NULL && strcmp(options->self_contained, FRZ_VALUE_TRUE) != 0 &&
               strcmp(options->self_contained, FRZ_VALUE_FALSE) != 0) {
        problem = "an invalid '" FRZ_OPTION_SELF_CONTAINED "' option";
    }
    if (problem != NULL) {
        frz_log_error(FRZ_CODE_ARCHIVE, "%s is corrupt: its package has %s; rebuild the app",
                      ctx->executable, problem);
        return -1;
    }
    ctx->onefile = strcmp(options->mode, FRZ_VALUE_ONEFILE) == 0;
    ctx->self_contained = options->self_contained != NULL &&
                          strcmp(options->self_contained, FRZ_VALUE_TRUE) == 0;
    FRZ_TRACE("mode %s, main assembly %s, %s", options->mode, options->main_assembly,
              ctx->self_contained ? "self-contained" : "framework-dependent");
    return 0;
}

int
frz_main_open(struct FRZ_CONTEXT *ctx, int *exit_code)
{
    *exit_code = FRZ_EXIT_ARCHIVE;
    frz_log_init(ctx->argc > 0 && ctx->argv[0] != NULL ? frz_path_basename(ctx->argv[0]) : NULL);
    if (frz_path_executable(ctx->executable, sizeof(ctx->executable)) != 0) {
        frz_log_error(FRZ_CODE_ARCHIVE, "cannot find this executable's path: %s", strerror(errno));
        return -1;
    }
    ctx->program_name = frz_path_basename(ctx->executable);
    frz_log_init(ctx->program_name);
    if (frz_path_dirname(ctx->executable_dir, sizeof(ctx->executable_dir), ctx->executable) != 0) {
        frz_log_error(FRZ_CODE_ARCHIVE, "the path %s is too long", ctx->executable);
        return -1;
    }
    FRZ_TRACE("executable %s", ctx->executable);

    if (frz_archive_open(&ctx->archive, ctx->executable) != 0) {
        frz_log_error(FRZ_CODE_ARCHIVE, "%s has no valid package (%s); rebuild the app",
                      ctx->executable, ctx->archive.error);
        return -1;
    }
    FRZ_TRACE("archive found: version %u.%u, %u entries, package at offset %llu",
              ctx->archive.major_version, ctx->archive.minor_version, ctx->archive.entry_count,
              (unsigned long long)ctx->archive.package_start);
    if (_frz_main_read_options(ctx) != 0) {
        return -1;
    }
    if (frz_env_read_level(ctx) != 0) {
        *exit_code = FRZ_EXIT_ENVIRONMENT;
        return -1;
    }
    return 0;
}

int
frz_main_read_home(struct FRZ_CONTEXT *ctx)
{
    const char *home = frz_os_getenv(FRZ_ENV_HOME_DIR);

    if (home == NULL || home[0] == '\0' || !frz_path_is_directory(home)) {
        frz_log_error(FRZ_CODE_ENVIRONMENT,
                      "the application folder %s is missing (%s); set %s=1 to start a new "
                      "instance",
                      home != NULL ? home : "(unset)", FRZ_ENV_HOME_DIR, FRZ_ENV_RESET);
        return -1;
    }
    if (strlen(home) + 1 > sizeof(ctx->home_dir)) {
        frz_log_error(FRZ_CODE_ENVIRONMENT, "the application folder path %s is too long", home);
        return -1;
    }
    memcpy(ctx->home_dir, home, strlen(home) + 1);
    return 0;
}

int
frz_main_env_failed(void)
{
    frz_log_error(FRZ_CODE_ENVIRONMENT, "cannot set the environment: %s", strerror(errno));
    return FRZ_EXIT_ENVIRONMENT;
}

int
frz_main_remove_temp_dir(struct FRZ_CONTEXT *ctx)
{
    if (!ctx->temp_dir_created) {
        return 0;
    }
    ctx->temp_dir_created = 0;
    if (frz_extract_remove_dir(ctx->temp_dir) == 0) {
        return 0;
    }
    if (ctx->strict_unpack) {
        frz_log_error(FRZ_CODE_EXTRACT, "cannot remove the temporary folder %s (%s is set)",
                      ctx->temp_dir, FRZ_ENV_STRICT_UNPACK);
        return -1;
    }
    frz_log_warning(FRZ_CODE_UNPACK_WARNING, "cannot remove the temporary folder %s; delete it",
                    ctx->temp_dir);
    return 0;
}
