/*
 * Freeze.Sdk bootloader: find and load hostfxr, run the app.
 */
#ifndef FRZ_HOST_H
#define FRZ_HOST_H

#include "frz_global.h"

/* Compare two .NET version folder names as semantic versions
 * (major.minor.patch[-prerelease][+build]); a release is higher than its
 * prereleases. Returns <0, 0, >0; names that are not versions sort lowest
 * (see frz_host_parse_version). */
int frz_host_compare_versions(const char *left, const char *right);

/* 1 when NAME is a version "major.minor.patch[-pre][+build]". */
int frz_host_is_version(const char *name);

/* Fill ctx->hostfxr_path and ctx->dotnet_root. Reports errors (FRZ0304). */
int frz_host_find_hostfxr(struct FRZ_CONTEXT *ctx);

/* Load hostfxr, initialize the runtime for <home>/<main-assembly> with the
 * user's arguments, set the FREEZE_* runtime properties and run the app.
 * *EXIT_CODE receives the app's exit code, or the FRZ_EXIT_* code of the
 * failure. Reports errors (FRZ0301, FRZ0304, FRZ0305, FRZ0306). */
int frz_host_run(struct FRZ_CONTEXT *ctx, int *exit_code);

#endif /* FRZ_HOST_H */
