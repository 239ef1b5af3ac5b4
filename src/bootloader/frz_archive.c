/*
 * Freeze.Sdk bootloader: the package (CArchive) reader.
 *
 * See frz_archive.h and docs/formats.md. The file is hostile: every length
 * and offset is validated before use, arithmetic is overflow-checked, and a
 * member is trusted only after its length and CRC-32 match the TOC.
 */
#include "frz_archive.h"

#include "frz_contract.h"

#include "frz_os.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frz_inflate.h"

/* Size of the read and inflate buffers. */
#define _FRZ_ARCHIVE_CHUNK (64 * 1024)

/* The magic with one byte lowered; _frz_archive_magic() raises it again at
 * run time, so the eight bytes never appear in the bootloader itself (the
 * cookie search would otherwise be able to find them). */
static const unsigned char _frz_archive_magic_base[FRZ_COOKIE_MAGIC_SIZE] = {
    0x46, 0x52, 0x5A, 0x50, 0x4B, 0x47 - 0x0C, 0x0D, 0x0A
};
static volatile unsigned char _frz_archive_magic_adjust = 0x0C;

static void
_frz_archive_magic(unsigned char *magic)
{
    memcpy(magic, _frz_archive_magic_base, FRZ_COOKIE_MAGIC_SIZE);
    magic[5] = (unsigned char)(magic[5] + _frz_archive_magic_adjust);
}

void
frz_archive_set_error(struct FRZ_ARCHIVE *archive, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    if (vsnprintf(archive->error, sizeof(archive->error), fmt, ap) < 0) {
        archive->error[0] = '\0';
    }
    va_end(ap);
}

int
frz_archive_pread(struct FRZ_ARCHIVE *archive, void *buffer, size_t length, uint64_t offset)
{
    unsigned char *out = buffer;
    long long got;

    while (length > 0) {
        if (offset > (uint64_t)INT64_MAX) {
            frz_archive_set_error(archive, "offset %llu is out of range",
                                  (unsigned long long)offset);
            return -1;
        }
        got = frz_os_pread(archive->fd, out, length, offset);
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            frz_archive_set_error(archive, "pread failed at offset %llu: %s",
                                  (unsigned long long)offset, strerror(errno));
            return -1;
        }
        if (got == 0) {
            frz_archive_set_error(archive, "the file is truncated at offset %llu",
                                  (unsigned long long)offset);
            return -1;
        }
        out += got;
        length -= (size_t)got;
        offset += (uint64_t)got;
    }
    return 0;
}

int
frz_archive_is_known_type(int typecode)
{
    return typecode == FRZ_TYPE_ASSEMBLY || typecode == FRZ_TYPE_BINARY ||
           typecode == FRZ_TYPE_DATA || typecode == FRZ_TYPE_MODULE_ARCHIVE ||
           typecode == FRZ_TYPE_OPTION || typecode == FRZ_TYPE_SYMLINK;
}

int
frz_archive_is_valid_name(const char *name, size_t length)
{
    size_t i;
    size_t segment_start = 0;
    size_t segment_length;

    if (length == 0 || name[0] == '/') {
        return 0;
    }
    for (i = 0; i <= length; i++) {
        if (i < length) {
            if (name[i] == '\0' || name[i] == '\\') {
                return 0;
            }
            if (name[i] != '/') {
                continue;
            }
        }
        /* End of a segment: name[segment_start .. i). */
        segment_length = i - segment_start;
        if (segment_length == 0) {
            return 0;
        }
        if (name[segment_start] == '.' &&
            (segment_length == 1 || (segment_length == 2 && name[segment_start + 1] == '.'))) {
            return 0;
        }
        segment_start = i + 1;
    }
    return 1;
}

int
frz_archive_is_valid_link(const char *name, const char *target, size_t length)
{
    size_t depth = 0;
    size_t i;
    size_t climbs = 0;

    if (length == 0 || length > FRZ_LINK_TARGET_MAX || target[0] == '/') {
        return 0;
    }
    /* Folders above NAME inside the bundle. */
    for (i = 0; name[i] != '\0'; i++) {
        if (name[i] == '/') {
            depth++;
        }
    }
    /* Leading "../" segments. */
    i = 0;
    while (length - i >= 2 && target[i] == '.' && target[i + 1] == '.' &&
           (length - i == 2 || target[i + 2] == '/')) {
        climbs++;
        i += length - i == 2 ? 2 : 3;
    }
    if (climbs > depth) {
        return 0;
    }
    /* Nothing after the climbs: the link names a folder of the bundle. */
    if (i == length) {
        return climbs > 0;
    }
    return frz_archive_is_valid_name(target + i, length - i);
}

void
frz_archive_identity(const struct FRZ_ARCHIVE *archive, char *out, size_t size)
{
    uint32_t crc = 0;

    if (archive->toc != NULL && archive->toc_length > 0) {
        crc = frz_inflate_crc32(crc, archive->toc, archive->toc_length);
    }
    (void)snprintf(out, size, "%08lx%016llx", (unsigned long)(crc & 0xffffffffUL),
                   (unsigned long long)archive->package_length);
}

/* Decode one 'o' entry into archive->options. */
static int
_frz_archive_read_option(struct FRZ_ARCHIVE *archive, const struct FRZ_TOC_ENTRY *entry)
{
    static const struct {
        const char *key;
        size_t offset;
        int is_path;
    } known[] = {
        { FRZ_OPTION_MODE, offsetof(struct FRZ_OPTIONS, mode), 0 },
        { FRZ_OPTION_MAIN_ASSEMBLY, offsetof(struct FRZ_OPTIONS, main_assembly), 1 },
        { FRZ_OPTION_SELF_CONTAINED, offsetof(struct FRZ_OPTIONS, self_contained), 0 },
        { FRZ_OPTION_STARTUP_HOOK, offsetof(struct FRZ_OPTIONS, startup_hook), 1 },
        { FRZ_OPTION_MODULE_ARCHIVE, offsetof(struct FRZ_OPTIONS, module_archive), 1 },
        { FRZ_OPTION_RUNTIME_TMPDIR, offsetof(struct FRZ_OPTIONS, runtime_tmpdir), 0 },
        { FRZ_OPTION_STARTUP_HOOK_WHEN, offsetof(struct FRZ_OPTIONS, startup_hook_when), 0 },
        { FRZ_OPTION_ALLOW_STARTUP_HOOKS, offsetof(struct FRZ_OPTIONS, allow_startup_hooks), 0 },
        { FRZ_OPTION_APP_DEPS, offsetof(struct FRZ_OPTIONS, app_deps), 1 },
        { FRZ_OPTION_SPLASH_IMAGE, offsetof(struct FRZ_OPTIONS, splash_image), 1 },
        { FRZ_OPTION_EXTRACTION_CACHE, offsetof(struct FRZ_OPTIONS, extraction_cache), 0 },
        { FRZ_OPTION_RESTART, offsetof(struct FRZ_OPTIONS, restart), 0 },
    };
    const char *equals = strchr(entry->name, '=');
    const char *value;
    size_t key_length;
    size_t i;

    if (equals == NULL) {
        /* Not key=value: nothing we know; ignore like an unknown key. */
        return 0;
    }
    key_length = (size_t)(equals - entry->name);
    value = equals + 1;
    for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (strlen(known[i].key) != key_length ||
            memcmp(known[i].key, entry->name, key_length) != 0) {
            continue;
        }
        if (known[i].is_path && !frz_archive_is_valid_name(value, strlen(value))) {
            frz_archive_set_error(archive, "option '%s' holds an invalid path", entry->name);
            return -1;
        }
        *(const char **)((char *)&archive->options + known[i].offset) = value;
        return 0;
    }
    return 0;
}

/* Decode and validate the TOC held in archive->toc. */
static int
_frz_archive_parse_toc(struct FRZ_ARCHIVE *archive)
{
    const unsigned char *p;
    struct FRZ_TOC_ENTRY *entry;
    uint64_t position = 0;
    uint32_t i;

    if (archive->entry_count > archive->toc_length / FRZ_TOC_ENTRY_MIN_SIZE) {
        frz_archive_set_error(archive, "the TOC claims %u entries but holds only %u bytes",
                              archive->entry_count, archive->toc_length);
        return -1;
    }
    archive->entries = calloc(archive->entry_count ? archive->entry_count : 1,
                              sizeof(struct FRZ_TOC_ENTRY));
    if (archive->entries == NULL) {
        frz_archive_set_error(archive, "out of memory reading the TOC");
        return -1;
    }
    for (i = 0; i < archive->entry_count; i++) {
        entry = &archive->entries[i];
        if (archive->toc_length - position < FRZ_TOC_ENTRY_MIN_SIZE) {
            frz_archive_set_error(archive, "TOC entry %u runs past the TOC", i);
            return -1;
        }
        p = archive->toc + position;
        entry->entry_length = frz_archive_le32(p);
        entry->crc32 = frz_archive_le32(p + 4);
        entry->data_offset = frz_archive_le64(p + 8);
        entry->stored_length = frz_archive_le64(p + 16);
        entry->full_length = frz_archive_le64(p + 24);
        entry->mode = frz_archive_le32(p + 32);
        entry->compression = p[36];
        entry->typecode = p[37];
        entry->name_length = frz_archive_le16(p + 38);
        entry->name = (const char *)(p + FRZ_TOC_ENTRY_HEADER_SIZE);

        if (entry->entry_length < FRZ_TOC_ENTRY_MIN_SIZE || entry->entry_length % 8 != 0) {
            frz_archive_set_error(archive, "TOC entry %u has an invalid length %u", i,
                                  entry->entry_length);
            return -1;
        }
        if (entry->entry_length > archive->toc_length - position) {
            frz_archive_set_error(archive, "TOC entry %u runs past the TOC", i);
            return -1;
        }
        if ((uint32_t)FRZ_TOC_ENTRY_HEADER_SIZE + entry->name_length + 1 > entry->entry_length) {
            frz_archive_set_error(archive, "the name of TOC entry %u runs past the entry", i);
            return -1;
        }
        if (entry->name[entry->name_length] != '\0') {
            frz_archive_set_error(archive, "the name of TOC entry %u is not NUL-terminated", i);
            return -1;
        }
        if (entry->typecode == FRZ_TYPE_OPTION
                ? entry->name_length == 0 || strlen(entry->name) != entry->name_length
                : !frz_archive_is_valid_name(entry->name, entry->name_length)) {
            /* Options hold any text (runtime-tmpdir=../x), but no NUL. */
            frz_archive_set_error(archive, "TOC entry %u has an invalid name '%.*s'", i,
                                  (int)entry->name_length, entry->name);
            return -1;
        }
        if (!frz_archive_is_known_type(entry->typecode)) {
            frz_archive_set_error(archive, "member '%s' has an unknown typecode '%c' (0x%02x)",
                                  entry->name, entry->typecode >= 0x20 && entry->typecode < 0x7f ? entry->typecode : '?',
                                  entry->typecode);
            return -1;
        }
        if (!frz_codec_is_known(entry->compression)) {
            frz_archive_set_error(archive, "member '%s' has an unknown compression %u",
                                  entry->name, entry->compression);
            return -1;
        }
        if (entry->compression == FRZ_COMPRESSION_STORED &&
            entry->stored_length != entry->full_length) {
            frz_archive_set_error(archive, "stored member '%s' has different lengths",
                                  entry->name);
            return -1;
        }
        if (entry->stored_length > archive->toc_offset ||
            entry->data_offset > archive->toc_offset - entry->stored_length) {
            frz_archive_set_error(archive, "the data of member '%s' runs past the TOC start",
                                  entry->name);
            return -1;
        }
        if (entry->typecode == FRZ_TYPE_OPTION && _frz_archive_read_option(archive, entry) != 0) {
            return -1;
        }
        position += entry->entry_length;
    }
    if (position != archive->toc_length) {
        frz_archive_set_error(archive, "the TOC has %llu bytes after its last entry",
                              (unsigned long long)(archive->toc_length - position));
        return -1;
    }
    return 0;
}

int
frz_archive_open_fd(struct FRZ_ARCHIVE *archive, int fd)
{
    unsigned char cookie[FRZ_COOKIE_SIZE];
    unsigned char magic[FRZ_COOKIE_MAGIC_SIZE];
    int status;
    int rc = -1;

    memset(archive, 0, sizeof(*archive));
    archive->fd = fd;

    status = frz_os_file_size(fd, &archive->file_size);
    if (status == -1) {
        frz_archive_set_error(archive, "fstat failed: %s", strerror(errno));
        goto cleanup;
    }
    if (status != 0) {
        frz_archive_set_error(archive, "not a regular file");
        goto cleanup;
    }
    if (archive->file_size < FRZ_COOKIE_SIZE) {
        frz_archive_set_error(archive, "no package found (the file is too small)");
        goto cleanup;
    }
    if (frz_archive_pread(archive, cookie, sizeof(cookie),
                           archive->file_size - FRZ_COOKIE_SIZE) != 0) {
        goto cleanup;
    }
    _frz_archive_magic(magic);
    if (memcmp(cookie, magic, sizeof(magic)) != 0) {
        frz_archive_set_error(archive, "no package found (bad magic at the end of the file)");
        goto cleanup;
    }
    archive->major_version = frz_archive_le16(cookie + 8);
    archive->minor_version = frz_archive_le16(cookie + 10);
    archive->toc_crc32 = frz_archive_le32(cookie + FRZ_COOKIE_CRC_OFFSET);
    archive->package_length = frz_archive_le64(cookie + 16);
    archive->toc_offset = frz_archive_le64(cookie + 24);
    archive->toc_length = frz_archive_le32(cookie + 32);
    archive->entry_count = frz_archive_le32(cookie + 36);

    if (archive->major_version != FRZ_PACKAGE_MAJOR_VERSION ||
        archive->minor_version < FRZ_PACKAGE_MIN_MINOR_VERSION) {
        frz_archive_set_error(archive, "unsupported package version %u.%u (expected %u.%u or later)",
                              archive->major_version, archive->minor_version,
                              FRZ_PACKAGE_MAJOR_VERSION, FRZ_PACKAGE_MIN_MINOR_VERSION);
        goto cleanup;
    }
    if (archive->package_length < FRZ_COOKIE_SIZE ||
        archive->package_length > archive->file_size) {
        frz_archive_set_error(archive, "the package length %llu does not fit the file",
                              (unsigned long long)archive->package_length);
        goto cleanup;
    }
    if (archive->toc_offset > archive->package_length - FRZ_COOKIE_SIZE ||
        archive->toc_offset + archive->toc_length != archive->package_length - FRZ_COOKIE_SIZE) {
        frz_archive_set_error(archive, "the TOC position does not match the package length");
        goto cleanup;
    }
    archive->package_start = archive->file_size - archive->package_length;

    archive->toc = malloc(archive->toc_length ? archive->toc_length : 1);
    if (archive->toc == NULL) {
        frz_archive_set_error(archive, "out of memory reading a TOC of %u bytes",
                              archive->toc_length);
        goto cleanup;
    }
    if (frz_archive_pread(archive, archive->toc, archive->toc_length,
                           archive->package_start + archive->toc_offset) != 0) {
        goto cleanup;
    }
    /* The whole TOC is checked before any of it is believed. */
    memset(cookie + FRZ_COOKIE_CRC_OFFSET, 0, 4);
    if (frz_inflate_crc32(frz_inflate_crc32(0, archive->toc, archive->toc_length), cookie,
                         sizeof(cookie)) != archive->toc_crc32) {
        frz_archive_set_error(archive, "the table of contents fails its checksum (the file is damaged)");
        goto cleanup;
    }
    if (_frz_archive_parse_toc(archive) != 0) {
        goto cleanup;
    }
    rc = 0;

cleanup:
    if (rc != 0) {
        char saved[sizeof(archive->error)];

        memcpy(saved, archive->error, sizeof(saved));
        frz_archive_close(archive);
        memcpy(archive->error, saved, sizeof(saved));
    }
    return rc;
}

int
frz_archive_open(struct FRZ_ARCHIVE *archive, const char *path)
{
    int fd;

    fd = frz_os_open_read(path);
    if (fd < 0) {
        memset(archive, 0, sizeof(*archive));
        archive->fd = -1;
        frz_archive_set_error(archive, "cannot open %s: %s", path, strerror(errno));
        return -1;
    }
    return frz_archive_open_fd(archive, fd);
}

int
frz_archive_is_extracted(const struct FRZ_ARCHIVE *archive, const struct FRZ_TOC_ENTRY *entry)
{
    int typecode = entry->typecode;

    return (typecode == FRZ_TYPE_ASSEMBLY || typecode == FRZ_TYPE_BINARY ||
            typecode == FRZ_TYPE_DATA || typecode == FRZ_TYPE_SYMLINK) &&
           (archive->options.splash_image == NULL ||
            strcmp(entry->name, archive->options.splash_image) != 0);
}

void
frz_archive_close(struct FRZ_ARCHIVE *archive)
{
    frz_os_close(archive->fd);
    free(archive->entries);
    free(archive->toc);
    frz_codec_free(archive->codec);
    memset(archive, 0, sizeof(*archive));
    archive->fd = -1;
}

const struct FRZ_TOC_ENTRY *
frz_archive_find(const struct FRZ_ARCHIVE *archive, int typecode, const char *name)
{
    uint32_t i;

    for (i = 0; i < archive->entry_count; i++) {
        if (archive->entries[i].typecode == typecode &&
            strcmp(archive->entries[i].name, name) == 0) {
            return &archive->entries[i];
        }
    }
    return NULL;
}

/* Compressed member: read it whole, decode it in one call (libdeflate is about twice as fast
 * as zlib's streaming inflate: the bulk of a OneFile start-up), check the length. *CONTENT is
 * a buffer of archive->codec, valid until frz_codec_trim. */
static int
_frz_archive_decode(struct FRZ_ARCHIVE *archive, const struct FRZ_TOC_ENTRY *entry,
                    unsigned char **content)
{
    unsigned char *input;
    unsigned char *output;
    size_t actual = 0;
    int result;
    int rc = -1;

    if (!frz_codec_is_plausible(entry->compression, entry->stored_length, entry->full_length)) {
        frz_archive_set_error(archive, "member '%s' claims %llu bytes from %llu stored",
                              entry->name, (unsigned long long)entry->full_length,
                              (unsigned long long)entry->stored_length);
        goto cleanup;
    }
    input = frz_codec_buffer(&archive->codec, FRZ_CODEC_INPUT, (size_t)entry->stored_length);
    output = frz_codec_buffer(&archive->codec, FRZ_CODEC_OUTPUT, (size_t)entry->full_length);
    if (input == NULL || output == NULL) {
        frz_archive_set_error(archive, "out of memory reading member '%s'", entry->name);
        goto cleanup;
    }
    if (frz_archive_pread(archive, input, (size_t)entry->stored_length,
                           archive->package_start + entry->data_offset) != 0) {
        goto cleanup;
    }
    result = frz_codec_decode(&archive->codec, entry->compression, input,
                              (size_t)entry->stored_length, output, (size_t)entry->full_length,
                              &actual);
    if (result == FRZ_CODEC_NO_MEMORY) {
        frz_archive_set_error(archive, "out of memory reading member '%s'", entry->name);
        goto cleanup;
    }
    if (result == FRZ_CODEC_UNSUPPORTED) {
        frz_archive_set_error(archive, "member '%s' is compressed with %s, which this bootloader "
                              "cannot decode; publish with FreezeCompression=zlib",
                              entry->name, frz_codec_name(entry->compression));
        goto cleanup;
    }
    if (result == FRZ_CODEC_TOO_LONG) {
        frz_archive_set_error(archive, "member '%s' is longer than its TOC entry says",
                              entry->name);
        goto cleanup;
    }
    if (result != FRZ_CODEC_OK) {
        frz_archive_set_error(archive, "member '%s' is corrupt (not a complete %s stream)",
                              entry->name, frz_codec_name(entry->compression));
        goto cleanup;
    }
    if (actual != entry->full_length) {
        frz_archive_set_error(archive, "member '%s' has %llu bytes, its TOC entry says %llu",
                              entry->name, (unsigned long long)actual,
                              (unsigned long long)entry->full_length);
        goto cleanup;
    }
    *content = output;
    rc = 0;

cleanup:
    return rc;
}

int
frz_archive_read_member(struct FRZ_ARCHIVE *archive, const struct FRZ_TOC_ENTRY *entry,
                        frz_archive_sink sink, void *state)
{
    unsigned char *content = NULL;
    unsigned char *buffer = NULL;
    uint64_t remaining = entry->stored_length;
    uint64_t offset = archive->package_start + entry->data_offset;
    uint32_t crc = 0;
    size_t chunk;
    int rc = -1;

    if (entry->compression != FRZ_COMPRESSION_STORED) {
        if (_frz_archive_decode(archive, entry, &content) != 0) {
            goto cleanup;
        }
        crc = frz_inflate_crc32(0, content, (size_t)entry->full_length);
        if (crc != entry->crc32) {
            frz_archive_set_error(archive,
                                  "member '%s' fails its CRC-32 check (%08x, expected %08x)",
                                  entry->name, (unsigned)crc, (unsigned)entry->crc32);
            goto cleanup;
        }
        if (entry->full_length > 0 && sink(state, content, (size_t)entry->full_length) != 0) {
            goto cleanup;
        }
        rc = 0;
        goto cleanup;
    }

    /* Stored member: stream it through, checking the CRC before the last chunk is handed over. */
    if (entry->full_length != entry->stored_length) {
        frz_archive_set_error(archive, "member '%s' has %llu bytes, its TOC entry says %llu",
                              entry->name, (unsigned long long)entry->stored_length,
                              (unsigned long long)entry->full_length);
        goto cleanup;
    }
    buffer = malloc(_FRZ_ARCHIVE_CHUNK);
    if (buffer == NULL) {
        frz_archive_set_error(archive, "out of memory reading member '%s'", entry->name);
        goto cleanup;
    }
    while (remaining > 0) {
        chunk = remaining < _FRZ_ARCHIVE_CHUNK ? (size_t)remaining : _FRZ_ARCHIVE_CHUNK;
        if (frz_archive_pread(archive, buffer, chunk, offset) != 0) {
            goto cleanup;
        }
        offset += chunk;
        remaining -= chunk;
        crc = frz_inflate_crc32(crc, buffer, chunk);
        if (remaining == 0 && crc != entry->crc32) {
            frz_archive_set_error(archive,
                                  "member '%s' fails its CRC-32 check (%08x, expected %08x)",
                                  entry->name, (unsigned)crc, (unsigned)entry->crc32);
            goto cleanup;
        }
        if (sink(state, buffer, chunk) != 0) {
            goto cleanup;
        }
    }
    if (entry->stored_length == 0 && entry->crc32 != 0) {
        frz_archive_set_error(archive, "member '%s' fails its CRC-32 check (00000000, expected %08x)",
                              entry->name, (unsigned)entry->crc32);
        goto cleanup;
    }
    rc = 0;

cleanup:
    free(buffer);
    frz_codec_trim(archive->codec);
    return rc;
}
