/*
 * Freeze.Sdk bootloader: the module archive and the runtime's bundle probe.
 *
 * See frz_modules.h and docs/formats.md. The index is hostile input like the
 * rest of the package: every offset is checked against the member before use.
 */
#include "frz_modules.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "frz_inflate.h"

#include "frz_error_codes.h"
#ifndef _WIN32
#include "frz_glibc.h"
#endif
#include "frz_log.h"
#include "frz_os.h"

static const unsigned char _frz_modules_magic[8] = { 'F', 'R', 'Z', 'M', 'O', 'D', '\r', '\n' };

/* The runtime calls the bundle probe with a path and nothing else, so the
 * archive it answers from has to be reachable without an argument. */
static struct FRZ_MODULES *_frz_modules_probed;

static int
_frz_modules_compare(const void *left, const void *right)
{
    return strcasecmp(((const struct FRZ_MODULE *)left)->name,
                      ((const struct FRZ_MODULE *)right)->name);
}

/* Decode the index (INDEX, LENGTH bytes) into modules->entries and ->names. */
static int
_frz_modules_decode(struct FRZ_MODULES *modules, const unsigned char *index, uint32_t length,
                    uint64_t data_end, uint64_t member_start)
{
    struct FRZ_ARCHIVE *archive = modules->archive;
    char *name_cursor;
    uint32_t position = 0;
    uint32_t i;

    modules->entries = calloc(modules->count ? modules->count : 1, sizeof(*modules->entries));
    /* Names take fewer bytes than the index holding them, NULs included. */
    modules->names = malloc(length ? length : 1);
    if (modules->entries == NULL || modules->names == NULL) {
        frz_archive_set_error(archive, "out of memory reading the module archive index");
        return -1;
    }
    name_cursor = modules->names;
    for (i = 0; i < modules->count; i++) {
        const unsigned char *p = index + position;
        struct FRZ_MODULE *module = &modules->entries[i];
        uint16_t name_length;
        uint64_t offset;

        if (length - position < FRZ_MODULES_INDEX_ENTRY_SIZE) {
            frz_archive_set_error(archive, "the module archive index is truncated");
            return -1;
        }
        name_length = frz_archive_le16(p);
        if (name_length == 0 || length - position - FRZ_MODULES_INDEX_ENTRY_SIZE < name_length) {
            frz_archive_set_error(archive, "the module archive index is truncated");
            return -1;
        }
        if (p[2] != 0 || !frz_archive_is_valid_name((const char *)p + FRZ_MODULES_INDEX_ENTRY_SIZE,
                                                    name_length)) {
            frz_archive_set_error(archive, "the module archive has an invalid entry '%.*s'",
                                  (int)name_length, (const char *)p + FRZ_MODULES_INDEX_ENTRY_SIZE);
            return -1;
        }
        memcpy(name_cursor, p + FRZ_MODULES_INDEX_ENTRY_SIZE, name_length);
        name_cursor[name_length] = '\0';
        module->name = name_cursor;
        name_cursor += name_length + 1;
        module->crc32 = frz_archive_le32(p + 4);
        offset = frz_archive_le64(p + 8);
        module->length = frz_archive_le64(p + 16);
        if (offset < FRZ_MODULES_HEADER_SIZE || offset > data_end ||
            module->length > data_end - offset) {
            frz_archive_set_error(archive, "assembly '%s' points outside the module archive",
                                  module->name);
            return -1;
        }
        module->offset = member_start + offset;
        atomic_init(&module->state, FRZ_MODULE_UNCHECKED);
        position += FRZ_MODULES_INDEX_ENTRY_SIZE + name_length;
    }
    if (position != length) {
        frz_archive_set_error(archive, "the module archive index has bytes after its last entry");
        return -1;
    }
    qsort(modules->entries, modules->count, sizeof(*modules->entries), _frz_modules_compare);
    for (i = 1; i < modules->count; i++) {
        if (strcasecmp(modules->entries[i - 1].name, modules->entries[i].name) == 0) {
            frz_archive_set_error(archive, "the module archive lists '%s' twice",
                                  modules->entries[i].name);
            return -1;
        }
    }
    return 0;
}

int
frz_modules_open(struct FRZ_MODULES *modules, struct FRZ_ARCHIVE *archive,
                 const struct FRZ_TOC_ENTRY *member)
{
    unsigned char header[FRZ_MODULES_HEADER_SIZE];
    unsigned char *index = NULL;
    uint64_t member_start = archive->package_start + member->data_offset;
    uint64_t index_offset;
    uint32_t index_length;
    uint16_t major;
    int rc = -1;

    memset(modules, 0, sizeof(*modules));
    modules->archive = archive;
    if (member->compression != FRZ_COMPRESSION_STORED ||
        member->stored_length < FRZ_MODULES_HEADER_SIZE) {
        frz_archive_set_error(archive, "the module archive '%s' is compressed or too short",
                              member->name);
        goto cleanup;
    }
    if (frz_archive_pread(archive, header, sizeof(header), member_start) != 0) {
        goto cleanup;
    }
    if (memcmp(header, _frz_modules_magic, sizeof(_frz_modules_magic)) != 0) {
        frz_archive_set_error(archive, "'%s' is not a module archive (no magic)", member->name);
        goto cleanup;
    }
    major = frz_archive_le16(header + 8);
    if (major != FRZ_MODULES_MAJOR_VERSION) {
        frz_archive_set_error(archive, "module archive version %u is not supported (expected %u)",
                              major, FRZ_MODULES_MAJOR_VERSION);
        goto cleanup;
    }
    modules->count = frz_archive_le32(header + 12);
    index_offset = frz_archive_le64(header + 16);
    index_length = frz_archive_le32(header + 24);
    if (index_offset < FRZ_MODULES_HEADER_SIZE || index_offset > member->stored_length ||
        index_length > member->stored_length - index_offset ||
        modules->count > index_length / FRZ_MODULES_INDEX_ENTRY_SIZE) {
        frz_archive_set_error(archive, "the module archive header is inconsistent");
        goto cleanup;
    }
    index = malloc(index_length ? index_length : 1);
    if (index == NULL) {
        frz_archive_set_error(archive, "out of memory reading the module archive index");
        goto cleanup;
    }
    if (frz_archive_pread(archive, index, index_length, member_start + index_offset) != 0 ||
        _frz_modules_decode(modules, index, index_length, index_offset, member_start) != 0) {
        goto cleanup;
    }
    rc = 0;

cleanup:
    free(index);
    if (rc != 0) {
        frz_modules_close(modules);
    }
    return rc;
}

struct FRZ_MODULE *
frz_modules_find(const struct FRZ_MODULES *modules, const char *name)
{
    struct FRZ_MODULE key;

    if (modules->count == 0) {
        return NULL;
    }
    key.name = name;
    return bsearch(&key, modules->entries, modules->count, sizeof(*modules->entries),
                   _frz_modules_compare);
}

/* MODULE's CRC-32 matches (0), or not, or it cannot be read (-1); *CRC is
 * what was computed. Changes nothing shared. */
static int
_frz_modules_crc_matches(const struct FRZ_MODULES *modules, const struct FRZ_MODULE *module,
                         uint32_t *crc)
{
    const void *view;
    void *mapping = NULL;
    size_t mapped = 0;

    *crc = 0;
    if (module->length == 0) {
        return module->crc32 == 0 ? 0 : -1;
    }
    if (module->length > SIZE_MAX / 2) {
        return -1;
    }
    view = frz_os_map(modules->archive->fd, module->offset, (size_t)module->length, &mapping,
                      &mapped);
    if (view == NULL) {
        return -1;
    }
    *crc = frz_inflate_crc32(0, view, (size_t)module->length);
    frz_os_unmap(mapping, mapped);
    return *crc == module->crc32 ? 0 : -1;
}

/* MODULE's state once checked: this thread computes the CRC-32 unless another
 * one did or is doing it (then it waits). *CRC: what this thread computed, or 0. */
static int
_frz_modules_settle(const struct FRZ_MODULES *modules, struct FRZ_MODULE *module, uint32_t *crc)
{
    int state = FRZ_MODULE_UNCHECKED;

    *crc = 0;
    if (atomic_compare_exchange_strong(&module->state, &state, FRZ_MODULE_CHECKING)) {
        state = _frz_modules_crc_matches(modules, module, crc) == 0 ? FRZ_MODULE_CHECKED
                                                                    : FRZ_MODULE_CORRUPT;
        atomic_store(&module->state, state);
        return state;
    }
    while ((state = atomic_load(&module->state)) == FRZ_MODULE_CHECKING) {
        frz_os_yield();
    }
    return state;
}

int
frz_modules_check(struct FRZ_MODULES *modules, struct FRZ_MODULE *module)
{
    uint32_t crc;

    if (_frz_modules_settle(modules, module, &crc) != FRZ_MODULE_CHECKED) {
        frz_archive_set_error(modules->archive,
                              "assembly '%s' fails its CRC-32 check (%08x, expected %08x) or "
                              "cannot be read",
                              module->name, (unsigned)crc, (unsigned)module->crc32);
        return -1;
    }
    return 0;
}

#ifndef _WIN32
static void *
_frz_modules_check_ahead(void *argument)
{
    struct FRZ_MODULES *modules = argument;
    uint32_t crc;

    (void)_frz_modules_settle(modules, modules->ahead_module, &crc);
    return NULL;
}
#endif

void
frz_modules_check_ahead(struct FRZ_MODULES *modules, const char *name)
{
#ifndef _WIN32
    struct FRZ_MODULE *module = frz_modules_find(modules, name);

    if (module == NULL || modules->ahead_started) {
        return;
    }
    modules->ahead_module = module;
    if (pthread_create(&modules->ahead, NULL, _frz_modules_check_ahead, modules) == 0) {
        modules->ahead_started = 1;
        FRZ_TRACE("checking %s ahead of the runtime", module->name);
    }
#else
    (void)modules;
    (void)name;
#endif
}

void
frz_modules_close(struct FRZ_MODULES *modules)
{
#ifndef _WIN32
    if (modules->ahead_started) {
        (void)pthread_join(modules->ahead, NULL);
        modules->ahead_started = 0;
    }
#endif
    if (_frz_modules_probed == modules) {
        _frz_modules_probed = NULL;
    }
    free(modules->entries);
    free(modules->names);
    modules->entries = NULL;
    modules->names = NULL;
    modules->count = 0;
}

/* The runtime's BundleProbeFn: "<name>.dll" relative to the executable's
 * folder; offsets are absolute in the executable, size 0 means stored. A
 * corrupt assembly ends the process: the runtime would otherwise run it. */
static bool
_frz_modules_probe(const char *path, int64_t *offset, int64_t *size, int64_t *compressed_size)
{
    struct FRZ_MODULES *modules = _frz_modules_probed;
    struct FRZ_MODULE *module;

    if (modules == NULL || path == NULL || (module = frz_modules_find(modules, path)) == NULL) {
        return false;
    }
    if (frz_modules_check(modules, module) != 0) {
        frz_log_error(FRZ_CODE_ARCHIVE, "the app is corrupt: %s; rebuild it",
                      modules->archive->error);
        _exit(FRZ_EXIT_ARCHIVE);
    }
    FRZ_TRACE("bundle probe: %s at offset %llu (%llu bytes)", module->name,
              (unsigned long long)module->offset, (unsigned long long)module->length);
    *offset = (int64_t)module->offset;
    *size = (int64_t)module->length;
    *compressed_size = 0;
    return true;
}

int
frz_modules_probe_property(struct FRZ_MODULES *modules, char *out, size_t size)
{
    bool (*probe)(const char *, int64_t *, int64_t *, int64_t *) = _frz_modules_probe;
    int written;

    _frz_modules_probed = modules;
    /* The runtime parses the value as an unsigned integer (base prefix honoured). */
    written = snprintf(out, size, "0x%llx", (unsigned long long)(uintptr_t)probe);
    return written > 0 && (size_t)written < size ? 0 : -1;
}
