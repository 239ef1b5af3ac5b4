/*
 * Freeze.Sdk bootloader: the module archive and the runtime's bundle probe.
 *
 * The module archive (docs/formats.md) holds the app's managed assemblies,
 * stored and page-aligned inside the executable. The bootloader does not
 * unpack them: it hands the .NET runtime a bundle probe (the BUNDLE_PROBE
 * runtime property, the contract of the SDK's single-file host), which the
 * runtime's binder asks for "<name>.dll" before the TPA and before any managed
 * code runs. The runtime then maps the assembly from the executable at the
 * offset the probe returns, as it maps a file: ReadyToRun code is kept.
 */
#ifndef FRZ_MODULES_H
#define FRZ_MODULES_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#ifndef _WIN32
#include <pthread.h>
#endif

#include "frz_archive.h"

#define FRZ_MODULES_MAJOR_VERSION 2
#define FRZ_MODULES_HEADER_SIZE 32
#define FRZ_MODULES_INDEX_ENTRY_SIZE 24

/* One assembly of the module archive. */
struct FRZ_MODULE {
    const char *name;   /* file name in the app folder ("Newtonsoft.Json.dll"), NUL-terminated */
    uint32_t crc32;     /* CRC-32 of its bytes */
    uint64_t offset;    /* absolute offset of its bytes in the executable */
    uint64_t length;    /* its size in bytes */
    atomic_int state;   /* FRZ_MODULE_UNCHECKED, _CHECKING, _CHECKED or _CORRUPT */
};

enum {
    FRZ_MODULE_UNCHECKED,
    FRZ_MODULE_CHECKING, /* a thread is computing its CRC-32 */
    FRZ_MODULE_CHECKED,  /* its CRC-32 matched */
    FRZ_MODULE_CORRUPT,  /* its CRC-32 did not match, or it could not be read */
};

/* An opened module archive. */
struct FRZ_MODULES {
    struct FRZ_ARCHIVE *archive;  /* the package it lives in (its fd is read) */
    char *names;                  /* the NUL-terminated names, one block */
    struct FRZ_MODULE *entries;   /* count entries, sorted by name ignoring ASCII case */
    uint32_t count;               /* number of assemblies */
#ifndef _WIN32
    pthread_t ahead;              /* the thread of frz_modules_check_ahead */
    struct FRZ_MODULE *ahead_module; /* what it checks */
    int ahead_started;            /* 1 while it is to be joined */
#endif
};

/* Read and validate the index of the module archive MEMBER of ARCHIVE.
 * Returns 0, or -1 with archive->error set (nothing to free then). */
int frz_modules_open(struct FRZ_MODULES *modules, struct FRZ_ARCHIVE *archive,
                     const struct FRZ_TOC_ENTRY *member);

/* The assembly named NAME (ASCII case ignored, as the runtime's binder
 * does), or NULL. */
struct FRZ_MODULE *frz_modules_find(const struct FRZ_MODULES *modules, const char *name);

/* Check MODULE's bytes against its CRC-32 (once; waits for a check another
 * thread is doing). Returns 0, or -1 with archive->error set. */
int frz_modules_check(struct FRZ_MODULES *modules, struct FRZ_MODULE *module);

/* Check the assembly named NAME, if the archive has it, in a thread of its own
 * while the runtime starts, so that the probe finds it checked: CoreLib is
 * 15 MB, ~2 ms of CRC-32 on the critical path otherwise. Best effort: nothing
 * happens when the thread cannot start (or on Windows). */
void frz_modules_check_ahead(struct FRZ_MODULES *modules, const char *name);

/* Free what frz_modules_open allocated; safe on a zeroed struct. */
void frz_modules_close(struct FRZ_MODULES *modules);

/* Make MODULES the one the bundle probe answers from, for the rest of the
 * process, and write the BUNDLE_PROBE property value (the probe's address)
 * to OUT. Returns 0, or -1 when OUT is too small. */
int frz_modules_probe_property(struct FRZ_MODULES *modules, char *out, size_t size);

#endif /* FRZ_MODULES_H */
