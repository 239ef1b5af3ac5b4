/*
 * Writes small seed packages for the fuzzer (eng/fuzz.sh): every typecode,
 * stored and zlib members, a nested folder, a symbolic link, options, and a
 * module archive member, following docs/formats.md. Usage: make_seeds DIR
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct member {
    const char *name;
    char typecode;
    int compress;
    unsigned mode;
    const char *content;
    size_t length; /* 0: strlen(content) */
};

static size_t
content_length(const struct member *m)
{
    return m->length ? m->length : strlen(m->content);
}

static unsigned char out[1 << 16];
static size_t used;

static void
put(const void *data, size_t length)
{
    if (used + length > sizeof(out)) {
        abort();
    }
    memcpy(out + used, data, length);
    used += length;
}

static void
le(uint64_t value, int bytes)
{
    int i;

    for (i = 0; i < bytes; i++) {
        unsigned char b = (unsigned char)(value >> (8 * i));
        put(&b, 1);
    }
}

static int
write_package(const char *path, const char *prefix, const struct member *members, int count)
{
    uint64_t offsets[16], stored[16];
    uint32_t crcs[16];
    size_t start, toc_start, toc_length;
    unsigned char packed[4096];
    uLongf packed_length;
    FILE *file;
    int i;

    used = 0;
    put(prefix, strlen(prefix));
    start = used;
    for (i = 0; i < count; i++) {
        const struct member *m = &members[i];
        size_t length = content_length(m);

        offsets[i] = used - start;
        crcs[i] = (uint32_t)crc32(crc32(0L, Z_NULL, 0), (const Bytef *)m->content, (uInt)length);
        if (m->compress) {
            packed_length = sizeof(packed);
            if (compress2(packed, &packed_length, (const Bytef *)m->content, (uLong)length, 9) != Z_OK) {
                return -1;
            }
            put(packed, packed_length);
            stored[i] = packed_length;
        } else {
            put(m->content, length);
            stored[i] = length;
        }
    }
    toc_start = used;
    for (i = 0; i < count; i++) {
        const struct member *m = &members[i];
        size_t name_length = strlen(m->name);
        size_t entry_length = (40 + name_length + 1 + 7) & ~(size_t)7;

        size_t entry_start = used;

        le(entry_length, 4);
        le(crcs[i], 4);
        le(offsets[i], 8);
        le(stored[i], 8);
        le(content_length(m), 8);
        le(m->mode, 4);
        le(m->compress ? 1 : 0, 1);
        le((unsigned char)m->typecode, 1);
        le(name_length, 2);
        put(m->name, name_length);
        while (used - entry_start < entry_length) {
            le(0, 1);
        }
    }
    toc_length = used - toc_start;
    put("FRZPKG\r\n", 8);
    le(1, 2);
    le(1, 2); /* minor version 1: the checksum below */
    le(0, 4); /* CRC-32 of the TOC and the cookie, set below */
    le(0, 8); /* package_length, set below */
    le(toc_start - start, 8);
    le(toc_length, 4);
    le((uint64_t)count, 4);
    {
        uint64_t package_length = used - start;
        int b;

        uint32_t checksum;

        for (b = 0; b < 8; b++) {
            out[used - 24 + b] = (unsigned char)(package_length >> (8 * b));
        }
        checksum = (uint32_t)crc32(0L, out + toc_start, (uInt)(used - toc_start));
        for (b = 0; b < 4; b++) {
            out[used - 28 + b] = (unsigned char)(checksum >> (8 * b));
        }
    }
    file = fopen(path, "wb");
    if (file == NULL || fwrite(out, 1, used, file) != used || fclose(file) != 0) {
        return -1;
    }
    return 0;
}

/* A module archive (version 2) holding one assembly, Lib.dll, right after the header. */
static unsigned char module_archive[32 + 8 + 24 + 7];

static void
make_module_archive(void)
{
    static const unsigned char content[8] = { 'M', 'Z', 'l', 'i', 'b', 'd', 'a', 't' };
    unsigned char *p = module_archive;
    uint32_t crc = (uint32_t)crc32(0L, content, sizeof(content));
    int i;

    memcpy(p, "FRZMOD\r\n", 8);
    p[8] = 2;              /* major version */
    p[12] = 1;             /* entry count */
    p[16] = 40;            /* index offset */
    p[24] = 24 + 7;        /* index length */
    p[29] = 0x10;          /* alignment 4096 */
    memcpy(p + 32, content, sizeof(content));
    p += 40;
    p[0] = 7;              /* name length */
    for (i = 0; i < 4; i++) {
        p[4 + i] = (unsigned char)(crc >> (8 * i));
    }
    p[8] = 32;             /* offset */
    p[16] = 8;             /* length */
    memcpy(p + 24, "Lib.dll", 7);
}

int
main(int argc, char **argv)
{
    static const struct member full[] = {
        { "App.dll", 'a', 1, 0644, "MZ compressible compressible compressible compressible text" },
        { "lib/libnative.so", 'b', 0, 0755, "\177ELF native" },
        { "data/config.json", 'x', 1, 0644, "{ \"key\": \"value\", \"key2\": \"value\" }" },
        { "lib/current", 'l', 0, 0777, "libnative.so" },
        { "data/up", 'l', 0, 0777, "../App.dll" },
        { "modules.frz", 'z', 0, 0644, (const char *)module_archive, sizeof(module_archive) },
        { "mode=onefile", 'o', 0, 0, "" },
        { "main-assembly=App.dll", 'o', 0, 0, "" },
        { "module-archive=modules.frz", 'o', 0, 0, "" },
    };
    static const struct member small[] = {
        { "a", 'x', 0, 0644, "x" },
    };
    char path[4096];

    if (argc != 2) {
        (void)fprintf(stderr, "usage: make_seeds DIR\n");
        return 2;
    }
    make_module_archive();
    (void)snprintf(path, sizeof(path), "%s/seed-full", argv[1]);
    if (write_package(path, "\177ELF stand-in bootloader\n", full, (int)(sizeof(full) / sizeof(full[0]))) != 0) {
        return 1;
    }
    (void)snprintf(path, sizeof(path), "%s/seed-small", argv[1]);
    if (write_package(path, "", small, 1) != 0) {
        return 1;
    }
    (void)snprintf(path, sizeof(path), "%s/seed-empty", argv[1]);
    return write_package(path, "", small, 0) != 0;
}
