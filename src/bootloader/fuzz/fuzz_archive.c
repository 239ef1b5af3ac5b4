/*
 * libFuzzer harness over the bootloader's package reader (frz_archive.c), its
 * module archive reader (frz_modules.c) and member extraction (frz_extract.c). Built and run by eng/fuzz.sh with clang
 * -fsanitize=fuzzer,address,undefined.
 *
 * Each input is a whole file (bootloader bytes, then a package). The harness
 * opens it, looks every entry up, reads every member through the CRC-checking
 * reader, opens every module archive and checks and looks up each of its
 * assemblies, and extracts the a/b/x/l members into a fresh folder. For half
 * of the inputs (by the parity of the first byte) it first writes the right
 * TOC checksum into the cookie, so that mutations of the TOC reach the code
 * behind the checksum check; the other half exercise the check itself. It aborts
 * (a finding) when anything appears beside that folder or when an extracted
 * symbolic link points outside it; the sanitizers catch memory errors and leaks.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libdeflate.h>

#include "frz_archive.h"
#include "frz_extract.h"
#include "frz_modules.h"

static char sandbox[256];
static char root[300];
static char root_real[PATH_MAX];

static int
_fuzz_remove(const char *path, const struct stat *info, int flag, struct FTW *ftw)
{
    (void)info;
    (void)flag;
    (void)ftw;
    (void)chmod(path, 0700);
    return remove(path) == 0 ? 0 : 0;
}

static void
_fuzz_cleanup(void)
{
    if (sandbox[0] != '\0') {
        (void)nftw(sandbox, _fuzz_remove, 16, FTW_DEPTH | FTW_PHYS);
    }
}

static void
_fuzz_setup(void)
{
    const char *base = getenv("FRZ_FUZZ_TMPDIR");

    (void)snprintf(sandbox, sizeof(sandbox), "%s/frz-fuzz-XXXXXX", base ? base : "/tmp");
    if (mkdtemp(sandbox) == NULL) {
        perror("mkdtemp");
        abort();
    }
    (void)snprintf(root, sizeof(root), "%s/root", sandbox);
    atexit(_fuzz_cleanup);
}

static int
_fuzz_sink(void *state, const unsigned char *data, size_t length)
{
    uint64_t *sum = state;
    size_t i;

    for (i = 0; i < length; i++) {
        *sum = *sum * 31 + data[i];
    }
    return 0;
}

/* Does the symbolic link at PATH (below root) point outside root, judged by
 * its text the way the kernel resolves it? Folders below root are never links
 * (extraction does not follow them), so counting depth is exact. */
static int
_fuzz_link_escapes(const char *path)
{
    char target[4096];
    ssize_t length = readlink(path, target, sizeof(target) - 1);
    const char *relative = path + strlen(root) + 1;
    const char *p;
    char *segment;
    char *save = NULL;
    int depth = 0;

    if (length < 0) {
        return 1;
    }
    target[length] = '\0';
    if (target[0] == '/') {
        return 1;
    }
    for (p = relative; *p != '\0'; p++) {
        depth += *p == '/';
    }
    for (segment = strtok_r(target, "/", &save); segment != NULL; segment = strtok_r(NULL, "/", &save)) {
        if (strcmp(segment, "..") == 0) {
            if (--depth < 0) {
                return 1;
            }
        } else if (strcmp(segment, ".") != 0) {
            depth++;
        }
    }
    return 0;
}

static int
_fuzz_check(const char *path, const struct stat *info, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag == FTW_SL) {
        char resolved[PATH_MAX];

        if (_fuzz_link_escapes(path) ||
            (realpath(path, resolved) != NULL && strncmp(resolved, root_real, strlen(root_real)) != 0)) {
            (void)fprintf(stderr, "fuzz: %s is a link that leaves the extraction folder\n", path);
            abort();
        }
    }
    if (strncmp(path, root, strlen(root)) != 0) {
        (void)fprintf(stderr, "fuzz: %s was written outside the extraction folder\n", path);
        abort();
    }
    (void)info;
    return 0;
}

static void
_fuzz_check_sandbox(void)
{
    DIR *dir = opendir(sandbox);
    struct dirent *item;

    if (dir == NULL) {
        abort();
    }
    while ((item = readdir(dir)) != NULL) {
        if (strcmp(item->d_name, ".") != 0 && strcmp(item->d_name, "..") != 0 &&
            strcmp(item->d_name, "root") != 0) {
            (void)fprintf(stderr, "fuzz: %s/%s appeared beside the extraction folder\n", sandbox,
                          item->d_name);
            abort();
        }
    }
    (void)closedir(dir);
    (void)nftw(root, _fuzz_check, 16, FTW_PHYS);
}

static void
_fuzz_extract(struct FRZ_ARCHIVE *archive)
{
    uint32_t i;
    int root_fd;

    if (mkdir(root, 0700) != 0) {
        perror("mkdir");
        abort();
    }
    root_fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0 || realpath(root, root_real) == NULL) {
        abort();
    }
    for (i = 0; i < archive->entry_count; i++) {
        if (frz_archive_is_extracted(archive, &archive->entries[i])) {
            (void)frz_extract_member(archive, &archive->entries[i], root_fd);
        }
    }
    (void)close(root_fd);
    _fuzz_check_sandbox();
    (void)nftw(root, _fuzz_remove, 16, FTW_DEPTH | FTW_PHYS);
}

static void
_fuzz_modules(struct FRZ_ARCHIVE *archive, const struct FRZ_TOC_ENTRY *member)
{
    struct FRZ_MODULES modules;
    uint32_t i;

    if (frz_modules_open(&modules, archive, member) != 0) {
        return;
    }
    for (i = 0; i < modules.count; i++) {
        if (frz_modules_find(&modules, modules.entries[i].name) != &modules.entries[i]) {
            abort();
        }
        (void)frz_modules_check(&modules, &modules.entries[i]);
    }
    (void)frz_modules_find(&modules, "Missing.dll");
    frz_modules_close(&modules);
}

/* Write the CRC-32 of the TOC and the cookie into the cookie, when the
 * cookie's fields place the TOC inside the buffer. */
static void
_fuzz_fix_checksum(uint8_t *bytes, size_t size)
{
    uint8_t *cookie;
    uint64_t package_length;
    uint64_t toc_offset;
    uint32_t toc_length;
    uint32_t crc;
    int i;

    if (size < FRZ_COOKIE_SIZE) {
        return;
    }
    cookie = bytes + size - FRZ_COOKIE_SIZE;
    package_length = frz_archive_le64(cookie + 16);
    toc_offset = frz_archive_le64(cookie + 24);
    toc_length = frz_archive_le32(cookie + 32);
    if (package_length > size || toc_offset > package_length || toc_length > package_length - toc_offset) {
        return;
    }
    memset(cookie + FRZ_COOKIE_CRC_OFFSET, 0, 4);
    crc = libdeflate_crc32(0, bytes + (size - package_length) + toc_offset, toc_length);
    crc = libdeflate_crc32(crc, cookie, FRZ_COOKIE_SIZE);
    for (i = 0; i < 4; i++) {
        cookie[FRZ_COOKIE_CRC_OFFSET + i] = (uint8_t)(crc >> (8 * i));
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t *copy;
    struct FRZ_ARCHIVE archive;
    char identity[32];
    uint64_t sum = 0;
    uint32_t i;
    int fd;

    if (sandbox[0] == '\0') {
        _fuzz_setup();
    }
    copy = malloc(size > 0 ? size : 1);
    if (copy == NULL) {
        abort();
    }
    memcpy(copy, data, size);
    if (size > 0 && (copy[0] & 1) != 0) {
        _fuzz_fix_checksum(copy, size);
    }
    fd = memfd_create("frz-fuzz", MFD_CLOEXEC);
    if (fd < 0 || (size > 0 && write(fd, copy, size) != (ssize_t)size)) {
        abort();
    }
    free(copy);
    if (frz_archive_open_fd(&archive, fd) != 0) {
        return 0;
    }
    frz_archive_identity(&archive, identity, sizeof(identity));
    for (i = 0; i < archive.entry_count; i++) {
        const struct FRZ_TOC_ENTRY *entry = &archive.entries[i];

        if (frz_archive_find(&archive, entry->typecode, entry->name) == NULL) {
            abort();
        }
        (void)frz_archive_read_member(&archive, entry, _fuzz_sink, &sum);
        if (entry->typecode == FRZ_TYPE_MODULE_ARCHIVE) {
            _fuzz_modules(&archive, entry);
        }
    }
    _fuzz_extract(&archive);
    frz_archive_close(&archive);
    return 0;
}
