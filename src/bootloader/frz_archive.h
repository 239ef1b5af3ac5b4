/*
 * Freeze.Sdk bootloader: the package (CArchive) reader.
 *
 * The package format is specified in docs/formats.md; this header mirrors it.
 * All fields are little-endian. The reader treats the file as hostile: every
 * offset and length is checked before use, and names are validated.
 *
 * This module does no process or environment work (no getenv, no exit, no
 * printing), so that tests and fuzzers can link it on its own. Errors are
 * reported through FRZ_ARCHIVE.error.
 */
#ifndef FRZ_ARCHIVE_H
#define FRZ_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "frz_codec.h"

/* Cookie: the last 40 bytes of the file. */
#define FRZ_COOKIE_SIZE 40
#define FRZ_COOKIE_MAGIC_SIZE 8
#define FRZ_PACKAGE_MAJOR_VERSION 1
/* 1.1: the cookie's field at offset 12 is the CRC-32 of the TOC and the
 * cookie (that field zeroed). The bootloader reads only its own package, so
 * it requires it. */
#define FRZ_PACKAGE_MIN_MINOR_VERSION 1
#define FRZ_COOKIE_CRC_OFFSET 12

/* Fixed part of a TOC entry, before the name. */
#define FRZ_TOC_ENTRY_HEADER_SIZE 40
#define FRZ_TOC_ENTRY_MIN_SIZE 48

/* Typecodes. */
#define FRZ_TYPE_ASSEMBLY 'a'
#define FRZ_TYPE_BINARY 'b'
#define FRZ_TYPE_DATA 'x'
#define FRZ_TYPE_MODULE_ARCHIVE 'z'
#define FRZ_TYPE_OPTION 'o'
#define FRZ_TYPE_SYMLINK 'l' /* symbolic link; the data is the link target */

/* Longest symbolic link target the bootloader accepts. */
#define FRZ_LINK_TARGET_MAX 4095

/* One TOC entry, decoded. */
struct FRZ_TOC_ENTRY {
    uint32_t entry_length;   /* whole entry in bytes, multiple of 8 */
    uint32_t crc32;          /* CRC-32 of the uncompressed content */
    uint64_t data_offset;    /* start of the stored bytes, from the package start */
    uint64_t stored_length;  /* bytes stored in the package */
    uint64_t full_length;    /* bytes after decompression */
    uint32_t mode;           /* POSIX permission bits (0 for options) */
    uint8_t compression;     /* FRZ_COMPRESSION_* */
    uint8_t typecode;        /* FRZ_TYPE_* (an unknown one is refused) */
    uint16_t name_length;    /* bytes of the name, NUL excluded */
    const char *name;        /* NUL-terminated, points into FRZ_ARCHIVE.toc */
};

/* Run-time options, from the 'o' entries. Strings point into the TOC; NULL
 * when the option is absent. Unknown keys are ignored. */
struct FRZ_OPTIONS {
    const char *mode;            /* "onefile" or "onedir" */
    const char *main_assembly;   /* main assembly, relative to the home folder */
    const char *self_contained;  /* "true" or "false" */
    const char *startup_hook;    /* startup hook assembly, relative to home */
    const char *module_archive;  /* name of the 'z' member */
    const char *runtime_tmpdir;  /* FreezeRuntimeTmpDir, unexpanded; NULL: the OS temp folder */
    const char *startup_hook_when;   /* "always" (also when absent), "worker" or "never" */
    const char *allow_startup_hooks; /* "true": keep DOTNET_STARTUP_HOOKS from the environment */
    const char *app_deps;        /* the app's full deps.json, relative to home (DependencyContext) */
    const char *splash_image;    /* the 'x' member holding the splash screen (never extracted) */
    const char *extraction_cache; /* "true": OneFile unpacks once into the per-user cache */
    const char *restart;         /* "false": a top level hosts the app instead of restarting */
};

/* An opened package. */
struct FRZ_ARCHIVE {
    int fd;                        /* the file, opened read-only; -1 when closed */
    uint64_t file_size;            /* size of the whole file */
    uint64_t package_start;        /* absolute offset of the package in the file */
    uint16_t major_version;        /* cookie major version (always 1 here) */
    uint16_t minor_version;        /* cookie minor version */
    uint32_t toc_crc32;            /* CRC-32 of the TOC and the cookie, from the cookie */
    uint64_t package_length;       /* package start to end of file */
    uint64_t toc_offset;           /* TOC start, from the package start */
    uint32_t toc_length;           /* TOC size in bytes */
    uint32_t entry_count;          /* number of TOC entries */
    unsigned char *toc;            /* raw TOC bytes (entry names point here) */
    struct FRZ_TOC_ENTRY *entries; /* entry_count decoded entries, TOC order */
    struct FRZ_OPTIONS options;    /* decoded 'o' entries */
    struct FRZ_CODEC *codec;       /* decoder states, made on first use; freed by close */
    char error[512];               /* reason of the last failure */
};

/* Open PATH, find the cookie at its end, read and validate the TOC and the
 * options. Returns 0, or -1 with archive->error set. On failure the archive
 * is closed. */
int frz_archive_open(struct FRZ_ARCHIVE *archive, const char *path);

/* Same as frz_archive_open on an already opened descriptor, which the archive
 * takes over (closed by frz_archive_close). */
int frz_archive_open_fd(struct FRZ_ARCHIVE *archive, int fd);

/* Does OneFile extract ENTRY of ARCHIVE: an a, b, x or l member, but not the
 * splash screen image (the bootloader reads that from the package)? */
int frz_archive_is_extracted(const struct FRZ_ARCHIVE *archive, const struct FRZ_TOC_ENTRY *entry);

/* Release everything; safe to call twice or on a zeroed struct with fd -1. */
void frz_archive_close(struct FRZ_ARCHIVE *archive);

/* Entry with this typecode and name, or NULL. */
const struct FRZ_TOC_ENTRY *frz_archive_find(const struct FRZ_ARCHIVE *archive,
                                             int typecode, const char *name);

/* Callback receiving the uncompressed content in pieces; returns 0 or -1
 * (and then sets the archive error itself if it wants a specific reason). */
typedef int (*frz_archive_sink)(void *state, const unsigned char *data, size_t length);

/* Read ENTRY, decompress it, check its length and CRC-32, and pass the bytes
 * to SINK in order. Returns 0, or -1 with archive->error set. */
int frz_archive_read_member(struct FRZ_ARCHIVE *archive,
                            const struct FRZ_TOC_ENTRY *entry,
                            frz_archive_sink sink, void *state);

/* Is TYPECODE one of FRZ_TYPE_*? A package with any other is refused: a new
 * typecode takes a new major version. */
int frz_archive_is_known_type(int typecode);

/* Is NAME (LENGTH bytes) a valid member name per docs/formats.md: not empty,
 * not starting with '/', no '\\', no NUL, no empty, "." or ".." segment.
 * Returns 1 when valid. */
int frz_archive_is_valid_name(const char *name, size_t length);

/* May a symbolic link named NAME point at TARGET (LENGTH bytes)? The target
 * must be relative, made of zero or more leading ".." segments followed by
 * valid name segments, and the leading ".." may not climb above the bundle
 * root from NAME's folder. Every folder of the bundle is a real directory
 * (extraction never follows links), so a target that passes cannot leave the
 * bundle even through other links. Returns 1 when allowed. */
int frz_archive_is_valid_link(const char *name, const char *target, size_t length);

/* Identity of this package (stable for one build, different for another):
 * 24 hex digits written to OUT (at least 25 bytes). */
void frz_archive_identity(const struct FRZ_ARCHIVE *archive, char *out, size_t size);

/* Little-endian fields. */
static inline uint16_t
frz_archive_le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t
frz_archive_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint64_t
frz_archive_le64(const unsigned char *p)
{
    return (uint64_t)frz_archive_le32(p) | ((uint64_t)frz_archive_le32(p + 4) << 32);
}

/* Read exactly LENGTH bytes at absolute file OFFSET. Returns 0, or -1 with
 * archive->error set. */
int frz_archive_pread(struct FRZ_ARCHIVE *archive, void *buffer, size_t length, uint64_t offset);

/* Set archive->error (printf style); used by modules that read members. */
void frz_archive_set_error(struct FRZ_ARCHIVE *archive, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif /* FRZ_ARCHIVE_H */
