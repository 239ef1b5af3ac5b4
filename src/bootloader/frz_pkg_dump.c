/*
 * frz-pkg-dump: list or extract a Freeze.Sdk package with the bootloader's
 * own reader (frz_archive.c), so tests can compare it with the C# reader.
 *
 *   frz-pkg-dump FILE                 "version <major>.<minor>", then one line
 *                                     per TOC entry, in TOC order:
 *     <typecode> <compression> <mode %04o> <crc32 %08x> <stored> <full> <name>
 *   frz-pkg-dump FILE --extract DIR   extract every a/b/x member into DIR
 *                                     (created if missing), checking CRCs
 *   frz-pkg-dump FILE --modules       one line per assembly of each module
 *                                     archive, sorted as the bundle probe
 *                                     looks them up, each CRC checked:
 *     <crc32 %08x> <absolute offset> <length> <name>
 *
 * Errors: one line "frz-pkg-dump: error: <reason>" on stderr, exit 1.
 */
#include <stdio.h>
#include <string.h>

#include "frz_archive.h"
#include "frz_extract.h"
#include "frz_modules.h"

#define _FRZ_DUMP_NAME "frz-pkg-dump"

static int
_frz_dump_fail(const char *reason)
{
    (void)fprintf(stderr, _FRZ_DUMP_NAME ": error: %s\n", reason);
    return 1;
}

static int
_frz_dump_list(const struct FRZ_ARCHIVE *archive)
{
    const struct FRZ_TOC_ENTRY *entry;
    uint32_t i;

    if (printf("version %u.%u\n", archive->major_version, archive->minor_version) < 0) {
        return -1;
    }
    for (i = 0; i < archive->entry_count; i++) {
        entry = &archive->entries[i];
        if (printf("%c %u %04o %08x %llu %llu %s\n", entry->typecode, entry->compression,
                   (unsigned)entry->mode, (unsigned)entry->crc32,
                   (unsigned long long)entry->stored_length,
                   (unsigned long long)entry->full_length, entry->name) < 0) {
            return -1;
        }
    }
    return fflush(stdout) == 0 ? 0 : -1;
}

static int
_frz_dump_modules(struct FRZ_ARCHIVE *archive)
{
    struct FRZ_MODULES modules;
    uint32_t i;
    uint32_t m;

    for (i = 0; i < archive->entry_count; i++) {
        if (archive->entries[i].typecode != FRZ_TYPE_MODULE_ARCHIVE) {
            continue;
        }
        if (frz_modules_open(&modules, archive, &archive->entries[i]) != 0) {
            _frz_dump_fail(archive->error);
            return -1;
        }
        for (m = 0; m < modules.count; m++) {
            struct FRZ_MODULE *module = &modules.entries[m];

            if (frz_modules_check(&modules, module) != 0) {
                _frz_dump_fail(archive->error);
                frz_modules_close(&modules);
                return -1;
            }
            if (printf("%08x %llu %llu %s\n", (unsigned)module->crc32,
                       (unsigned long long)module->offset, (unsigned long long)module->length,
                       module->name) < 0) {
                frz_modules_close(&modules);
                return -1;
            }
        }
        frz_modules_close(&modules);
    }
    return fflush(stdout) == 0 ? 0 : -1;
}

int
main(int argc, char **argv)
{
    struct FRZ_ARCHIVE archive;
    int rc = 1;

    if (argc != 2 && !(argc == 4 && strcmp(argv[2], "--extract") == 0) &&
        !(argc == 3 && strcmp(argv[2], "--modules") == 0)) {
        (void)fprintf(stderr, "usage: " _FRZ_DUMP_NAME " FILE [--extract DIR | --modules]\n");
        return 2;
    }
    if (frz_archive_open(&archive, argv[1]) != 0) {
        return _frz_dump_fail(archive.error);
    }
    if (argc == 2) {
        if (_frz_dump_list(&archive) != 0) {
            _frz_dump_fail("cannot write the listing");
            goto cleanup;
        }
    } else if (argc == 3) {
        if (_frz_dump_modules(&archive) != 0) {
            goto cleanup;
        }
    } else if (frz_extract_into(&archive, argv[3]) != 0) {
        _frz_dump_fail(archive.error);
        goto cleanup;
    }
    rc = 0;

cleanup:
    frz_archive_close(&archive);
    return rc;
}
