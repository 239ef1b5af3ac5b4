/*
 * Freeze.Sdk bootloader: every name the bootloader shares with the build (the
 * tasks that write the package) and with the app (Freeze.Runtime).
 *
 * The one definition is src/Freeze.Archive/Contract.cs (FreezeContract);
 * ContractTests fails when a value here differs from it, or when either side
 * has a name the other lacks (FRZ_<GROUP>_<NAME> for FreezeContract.<Group>.<Name>).
 */
#ifndef FRZ_CONTRACT_H
#define FRZ_CONTRACT_H

/* Options: package members of type 'o', "key=value" (docs/formats.md). */
#define FRZ_OPTION_MODE "mode"
#define FRZ_OPTION_MAIN_ASSEMBLY "main-assembly"
#define FRZ_OPTION_SELF_CONTAINED "self-contained"
#define FRZ_OPTION_STARTUP_HOOK "startup-hook"
#define FRZ_OPTION_STARTUP_HOOK_WHEN "startup-hook-when"
#define FRZ_OPTION_ALLOW_STARTUP_HOOKS "allow-startup-hooks"
#define FRZ_OPTION_MODULE_ARCHIVE "module-archive"
#define FRZ_OPTION_APP_DEPS "app-deps"
#define FRZ_OPTION_RUNTIME_TMPDIR "runtime-tmpdir"
#define FRZ_OPTION_SPLASH_IMAGE "splash-image"
#define FRZ_OPTION_EXTRACTION_CACHE "extraction-cache"
#define FRZ_OPTION_RESTART "restart"
#define FRZ_OPTION_PROPERTY_PREFIX "property:"

/* Option values. */
#define FRZ_VALUE_ONEFILE "onefile"
#define FRZ_VALUE_ONEDIR "onedir"
#define FRZ_VALUE_TRUE "true"
#define FRZ_VALUE_FALSE "false"
#define FRZ_VALUE_HOOK_ALWAYS "always"
#define FRZ_VALUE_HOOK_WORKER "worker"
#define FRZ_VALUE_HOOK_NEVER "never"

/* Runtime properties the bootloader sets (AppContext.GetData in the app). */
#define FRZ_PROPERTY_EXECUTABLE "FREEZE_EXECUTABLE"
#define FRZ_PROPERTY_HOME "FREEZE_HOME"
#define FRZ_PROPERTY_MODE "FREEZE_MODE"
#define FRZ_PROPERTY_STARTUP_HOOKS "STARTUP_HOOKS"
#define FRZ_PROPERTY_BUNDLE_PROBE "BUNDLE_PROBE"
#define FRZ_PROPERTY_APP_CONTEXT_DEPS_FILES "APP_CONTEXT_DEPS_FILES"

/* Environment variables (docs/bootloader.md). */
#define FRZ_ENV_ARCHIVE_FILE "_FREEZE_ARCHIVE_FILE"
#define FRZ_ENV_PROCESS_LEVEL "_FREEZE_PARENT_PROCESS_LEVEL"
#define FRZ_ENV_HOME_DIR "_FREEZE_APPLICATION_HOME_DIR"
#define FRZ_ENV_PROCESS_NAME "_FREEZE_LINUX_PROCESS_NAME"
#define FRZ_ENV_SPLASH_IPC "_FREEZE_SPLASH_IPC"
#define FRZ_ENV_PARENT_PID "_FREEZE_PARENT_PID"
#define FRZ_ENV_CACHE_LOCK "_FREEZE_CACHE_LOCK"
#define FRZ_ENV_PRIVATE_PREFIX "_FREEZE_"
#define FRZ_ENV_RESET "FREEZE_RESET_ENVIRONMENT"
#define FRZ_ENV_STRICT_UNPACK "FREEZE_STRICT_UNPACK_MODE"
#define FRZ_ENV_SUPPRESS_SPLASH "FREEZE_SUPPRESS_SPLASH_SCREEN"
#define FRZ_ENV_TRACE "FREEZE_TRACE"
#define FRZ_ENV_LIBRARY_PATH_ORIG "LD_LIBRARY_PATH_ORIG"

/* _FREEZE_PARENT_PROCESS_LEVEL values: unset is the top level. */
#define FRZ_LEVEL_MAIN_VALUE "1"
#define FRZ_LEVEL_WORKER_VALUE "2"

/* The splash screen member (docs/splash.md): header fields, then BGRX pixels, then the text. */
#define FRZ_SPLASH_MAGIC "FRZSPLSH"
#define FRZ_SPLASH_HEADER_SIZE 40
#define FRZ_SPLASH_MAX_SIDE 4096
#define FRZ_SPLASH_MAX_TEXT 1024

/* _FREEZE_SPLASH_IPC: "0" (no splash in this process) or this prefix and an abstract socket name. */
#define FRZ_SPLASH_IPC_NONE "0"
#define FRZ_SPLASH_IPC_ABSTRACT_PREFIX "@"

/* The first argument that makes a process a worker (Freeze.Runtime's dispatch). */
#define FRZ_WORKER_SWITCH "--freeze-worker"

#endif /* FRZ_CONTRACT_H */
