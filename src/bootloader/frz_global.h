/*
 * Freeze.Sdk bootloader: the run-time state shared by all modules.
 */
#ifndef FRZ_GLOBAL_H
#define FRZ_GLOBAL_H

#include <limits.h>
#include <signal.h>
#include <sys/types.h>

#include "frz_archive.h"
#include "frz_contract.h"
#include "frz_modules.h"

/* Longest path the bootloader handles (UTF-8 bytes). */
#if defined(_WIN32)
#define FRZ_PATH_MAX 4096
/* Windows has no signal masks; the field is unused there. */
typedef unsigned long sigset_t;
#else
#define FRZ_PATH_MAX PATH_MAX
#endif

/* Process levels (_FREEZE_PARENT_PROCESS_LEVEL; FRZ_LEVEL_*_VALUE is how they are spelled there). */
enum {
    FRZ_LEVEL_TOP = 0,   /* variable unset: OneFile parent / OneDir main process */
    FRZ_LEVEL_MAIN = 1,  /* OneFile main application process (the child) */
    FRZ_LEVEL_WORKER = 2 /* a process the app started from its own executable */
};

/* Prefix of OneFile folders and the marker file inside each of them. */
#define FRZ_TEMP_PREFIX "_FRZ"
#define FRZ_INSTANCE_MARKER ".freeze-instance"

struct FRZ_SPLASH;

/* Everything the bootloader knows about this run. */
struct FRZ_CONTEXT {
    int argc;                            /* argc of main() */
    char **argv;                         /* argv of main(), passed to the child and the app */
    const char *program_name;            /* file name of the executable, prefix of errors */
    char executable[FRZ_PATH_MAX];       /* absolute, resolved path of this executable */
    char executable_dir[FRZ_PATH_MAX];   /* its directory (the OneDir home folder) */
    struct FRZ_ARCHIVE archive;          /* the package appended to the executable */
    struct FRZ_MODULES modules;          /* its module archive, once the app is hosted */
    int onefile;                         /* 1: mode=onefile, 0: mode=onedir */
    int self_contained;                  /* 1: host the bundled runtime */
    int process_level;                   /* FRZ_LEVEL_* of this process */
    int strict_unpack;                   /* FREEZE_STRICT_UNPACK_MODE set and not "0" */
    char home_dir[FRZ_PATH_MAX];         /* folder holding the app's files */
    char temp_base[FRZ_PATH_MAX];        /* OneFile parent: folder holding temp_dir */
    int temp_base_from_option;           /* 1: temp_base came from runtime-tmpdir */
    char temp_dir[FRZ_PATH_MAX];         /* OneFile parent: the _FRZxxxxxx folder */
    int temp_dir_created;                /* 1 once temp_dir exists and must be removed */
    int extract_exit_code;               /* exit code of an extraction error (0: default) */
    int instance_fd;                     /* OneFile: the locked instance marker, or -1 */
    char bundle_id[32];                  /* identity of the package (frz_archive_identity) */
    sigset_t signal_mask;                /* OneFile parent: the mask before signals were held */
    int signals_held;                    /* 1 while forwarded signals are held */
    pid_t child_pid;                     /* OneFile parent: pid of the child, else 0 */
    int child_status;                    /* OneFile parent: waitpid status of the child */
    char hostfxr_path[FRZ_PATH_MAX];     /* libhostfxr.so that runs the app */
    char dotnet_root[FRZ_PATH_MAX];      /* root of the runtime (home when self-contained) */
    struct FRZ_SPLASH *splash;           /* the splash screen this process shows, or NULL */
};

/* Run the bootloader; returns the process exit code. */
int frz_main(struct FRZ_CONTEXT *ctx);

#endif /* FRZ_GLOBAL_H */
