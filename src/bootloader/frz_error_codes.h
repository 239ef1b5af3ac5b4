/*
 * Freeze.Sdk bootloader: exit codes and diagnostic codes.
 *
 * Every error the bootloader reports is one line on stderr,
 * "<program>: error FRZ03nn: <reason>", followed by exit with the FRZ_EXIT_*
 * code listed next to it. docs/bootloader.md documents both for users.
 */
#ifndef FRZ_ERROR_CODES_H
#define FRZ_ERROR_CODES_H

/* _FREEZE_PARENT_PROCESS_LEVEL has a value we do not know, or the home
 * folder the parent announced is missing (FRZ0308). */
#define FRZ_EXIT_ENVIRONMENT 249
/* The executable carries no package, or the package is corrupt (FRZ0301). */
#define FRZ_EXIT_ARCHIVE 250
/* The temp folder could not be created or filled (FRZ0302, FRZ0303). */
#define FRZ_EXIT_EXTRACT 251
/* No .NET runtime was found, or hostfxr could not be loaded (FRZ0304,
 * FRZ0305). */
#define FRZ_EXIT_RUNTIME_MISSING 252
/* hostfxr failed to initialize or run the app (FRZ0306). */
#define FRZ_EXIT_RUNTIME_FAILED 253
/* The OneFile parent could not start or wait for its child (FRZ0307). */
#define FRZ_EXIT_LAUNCH 254

#define FRZ_CODE_ARCHIVE "FRZ0301"
#define FRZ_CODE_TEMP_DIR "FRZ0302"
#define FRZ_CODE_EXTRACT "FRZ0303"
#define FRZ_CODE_NO_RUNTIME "FRZ0304"
#define FRZ_CODE_HOSTFXR_LOAD "FRZ0305"
#define FRZ_CODE_RUNTIME_FAILED "FRZ0306"
#define FRZ_CODE_LAUNCH "FRZ0307"
#define FRZ_CODE_ENVIRONMENT "FRZ0308"
/* Warnings (no exit): duplicate member skipped, temp folder left behind. */
#define FRZ_CODE_UNPACK_WARNING "FRZ0309"
/* The temp folder's file system is mounted noexec (exit FRZ_EXIT_EXTRACT). */
#define FRZ_CODE_TEMP_NOEXEC "FRZ0311"
/* A symbolic link member points outside the bundle (exit FRZ_EXIT_ARCHIVE). */
#define FRZ_CODE_LINK_OUTSIDE "FRZ0312"
/* The temp folder's file system cannot hold symbolic links (exit
 * FRZ_EXIT_EXTRACT). */
#define FRZ_CODE_NO_SYMLINKS "FRZ0313"

#endif /* FRZ_ERROR_CODES_H */
