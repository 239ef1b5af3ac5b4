/*
 * Unit tests of the pure bootloader helpers: member names, paths, versions.
 * Run by ctest (eng/build-bootloader.sh).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libdeflate.h>
#if defined(FRZ_HAVE_ZSTD)
#include <zstd.h>
#endif

#include "../frz_archive.h"
#include "../frz_codec.h"
#include "../frz_extract.h"
#include "../frz_host.h"
#include "../frz_path.h"
#include "../frz_splash.h"
#include "../frz_tmpdir.h"

static int _failures;

#define CHECK(condition)                                                 \
    do {                                                                 \
        if (!(condition)) {                                              \
            (void)fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #condition); \
            _failures++;                                                 \
        }                                                                \
    } while (0)

static int
_valid(const char *name)
{
    return frz_archive_is_valid_name(name, strlen(name));
}

static int
_link(const char *name, const char *target)
{
    return frz_archive_is_valid_link(name, target, strlen(target));
}

/* Expand SPEC from folder /app; returns the result or "ERROR: reason". */
static const char *
_expand(const char *spec)
{
    static char out[512];
    char problem[256];

    if (frz_tmpdir_expand(spec, "/app", out, sizeof(out), problem, sizeof(problem)) != 0) {
        (void)snprintf(out, sizeof(out), "ERROR: %s", problem);
    }
    return out;
}

/* A splash member of 2x1 pixels and the text "Hi", as SplashScreen.ToBytes writes it; then
 * the ways a member can be malformed. */
static void
_test_splash_header(void)
{
    unsigned char member[FRZ_SPLASH_HEADER_SIZE + 8 + 2];
    struct FRZ_SPLASH_HEADER header;
    static const unsigned char fields[] = {
        2, 0, 0, 0, 1, 0, 0, 0,   /* width 2, height 1 */
        5, 0, 0, 0, 7, 0, 0, 0,   /* text at 5,7 */
        0x33, 0x22, 0x11, 0xFF,   /* colour 0x112233 (the top byte is ignored) */
        12, 0, 0, 0, 2, 0, 0, 0,  /* size 12, text 2 bytes */
        0, 0, 0, 0,
    };

    memset(member, 0, sizeof(member));
    memcpy(member, FRZ_SPLASH_MAGIC, 8);
    memcpy(member + 8, fields, sizeof(fields));
    memcpy(member + FRZ_SPLASH_HEADER_SIZE + 8, "Hi", 2);
    CHECK(frz_splash_parse_header(member, sizeof(member), &header) == 0);
    CHECK(header.width == 2 && header.height == 1 && header.text_x == 5 && header.text_y == 7);
    CHECK(header.text_color == 0x112233 && header.text_size == 12 && header.text_length == 2);
    CHECK(frz_splash_parse_header(member, sizeof(member) - 1, &header) == -1);
    CHECK(frz_splash_parse_header(member, FRZ_SPLASH_HEADER_SIZE - 1, &header) == -1);
    member[0] = 'X';
    CHECK(frz_splash_parse_header(member, sizeof(member), &header) == -1);
    member[0] = 'F';
    member[8] = 0;
    CHECK(frz_splash_parse_header(member, sizeof(member), &header) == -1);
    member[8] = 2;
    member[32] = 0xFF;
    member[33] = 0xFF;
    CHECK(frz_splash_parse_header(member, sizeof(member), &header) == -1);
}

/* A tree far deeper than PATH_MAX allows as one path, with files, links out of it and
 * an unremovable entry nowhere: frz_extract_remove_tree_at removes all of it. */
static void
_test_remove_deep_tree(void)
{
    char base[] = "/tmp/frz-unit-XXXXXX";
    char outside[512];
    int base_fd;
    int dir_fd;
    int next_fd;
    int depth;
    int fd;

    CHECK(mkdtemp(base) != NULL);
    base_fd = open(base, O_RDONLY | O_DIRECTORY);
    CHECK(base_fd >= 0);
    (void)snprintf(outside, sizeof(outside), "%s/outside.txt", base);
    fd = open(outside, O_WRONLY | O_CREAT, 0600);
    CHECK(fd >= 0 && close(fd) == 0);

    CHECK(mkdirat(base_fd, "tree", 0700) == 0);
    dir_fd = openat(base_fd, "tree", O_RDONLY | O_DIRECTORY);
    for (depth = 0; depth < 3000 && dir_fd >= 0; depth++) {
        fd = openat(dir_fd, "file.txt", O_WRONLY | O_CREAT, 0400);
        CHECK(fd >= 0 && close(fd) == 0);
        if (depth % 500 == 0) {
            CHECK(symlinkat(outside, dir_fd, "link-out") == 0);
            CHECK(symlinkat("..", dir_fd, "link-up") == 0);
        }
        CHECK(mkdirat(dir_fd, "a-fairly-long-folder-name-to-pass-PATH_MAX-sooner", 0500) == 0);
        next_fd = openat(dir_fd, "a-fairly-long-folder-name-to-pass-PATH_MAX-sooner", O_RDONLY | O_DIRECTORY);
        (void)close(dir_fd);
        dir_fd = next_fd;
    }
    CHECK(dir_fd >= 0);
    (void)close(dir_fd);

    CHECK(frz_extract_remove_tree_at(base_fd, "tree") == 0);
    CHECK(faccessat(base_fd, "tree", F_OK, AT_SYMLINK_NOFOLLOW) != 0);
    CHECK(access(outside, F_OK) == 0);
    CHECK(frz_extract_remove_tree_at(base_fd, "tree") == 0);
    CHECK(unlink(outside) == 0 && close(base_fd) == 0 && rmdir(base) == 0);
}

/* Members compressed by each codec decode to their bytes; a damaged or too long stream is
 * refused, and a table entry claiming more than the codec's ratio is implausible. */
static void
_test_codecs(void)
{
    static unsigned char content[200000];
    static unsigned char packed[210000];
    static unsigned char output[200000];
    struct libdeflate_compressor *deflate;
    struct FRZ_CODEC *codec = NULL;
    size_t packed_length;
    size_t actual;
    size_t i;
    int compression;

    for (i = 0; i < sizeof(content); i++) {
        content[i] = (unsigned char)("compressible text "[i % 18] + (i / 4096) % 3);
    }
    for (compression = FRZ_COMPRESSION_ZLIB; compression <= FRZ_COMPRESSION_ZSTD; compression++) {
        if (compression == FRZ_COMPRESSION_ZLIB) {
            deflate = libdeflate_alloc_compressor(6);
            CHECK(deflate != NULL);
            packed_length = libdeflate_zlib_compress(deflate, content, sizeof(content), packed, sizeof(packed));
            libdeflate_free_compressor(deflate);
        } else {
#if defined(FRZ_HAVE_ZSTD)
            packed_length = ZSTD_compress(packed, sizeof(packed), content, sizeof(content), 3);
            CHECK(!ZSTD_isError(packed_length));
#else
            CHECK(frz_codec_decode(&codec, compression, content, 64, output, sizeof(output), &actual) == FRZ_CODEC_UNSUPPORTED);
            break;
#endif
        }
        CHECK(packed_length > 0 && packed_length < sizeof(content) / 10);
        CHECK(frz_codec_is_plausible(compression, packed_length, sizeof(content)));
        CHECK(frz_codec_decode(&codec, compression, packed, packed_length, output, sizeof(output), &actual) == FRZ_CODEC_OK);
        CHECK(actual == sizeof(content) && memcmp(output, content, sizeof(content)) == 0);
        CHECK(frz_codec_decode(&codec, compression, packed, packed_length, output, sizeof(output) - 1, &actual) == FRZ_CODEC_TOO_LONG);
        CHECK(frz_codec_decode(&codec, compression, packed, packed_length - 1, output, sizeof(output), &actual) != FRZ_CODEC_OK);
        packed[packed_length / 2] ^= 0x55;
        packed[packed_length / 2 + 1] ^= 0xAA;
        CHECK(frz_codec_decode(&codec, compression, packed, packed_length, output, sizeof(output), &actual) != FRZ_CODEC_OK ||
              memcmp(output, content, sizeof(content)) != 0);
        CHECK(frz_codec_decode(&codec, compression, content, 64, output, sizeof(output), &actual) == FRZ_CODEC_CORRUPT);
    }
    CHECK(frz_codec_is_plausible(FRZ_COMPRESSION_ZLIB, 1000, 1032 * 1000));
    CHECK(!frz_codec_is_plausible(FRZ_COMPRESSION_ZLIB, 1000, 1033 * 1000 + 1024));
    CHECK(frz_codec_is_plausible(FRZ_COMPRESSION_ZSTD, 1000, 32768 * 1000));
    CHECK(!frz_codec_is_plausible(FRZ_COMPRESSION_ZSTD, 1000, 32769 * 1000 + 1024));
    CHECK(!frz_codec_is_plausible(FRZ_COMPRESSION_ZSTD, UINT64_MAX / 2, UINT64_MAX / 2));
    CHECK(frz_codec_is_plausible(FRZ_COMPRESSION_STORED, 5, 5) && !frz_codec_is_plausible(FRZ_COMPRESSION_STORED, 5, 6));
    CHECK(!frz_codec_is_plausible(3, 5, 5) && !frz_codec_is_known(3) && frz_codec_is_known(FRZ_COMPRESSION_ZSTD));
    CHECK(frz_codec_decode(&codec, 3, content, 64, output, sizeof(output), &actual) == FRZ_CODEC_CORRUPT);
#if defined(FRZ_HAVE_ZSTD)
    /* Frames of zstd v0.5-v0.7 (magic 0xFD2FB525-7) are refused: their decoders are left out
     * (frz_zstd_legacy.c). */
    for (i = 5; i <= 7; i++) {
        memset(content, 0, 64);
        content[0] = (unsigned char)(0x20 + i);
        content[1] = 0xB5;
        content[2] = 0x2F;
        content[3] = 0xFD;
        CHECK(frz_codec_decode(&codec, FRZ_COMPRESSION_ZSTD, content, 64, output, sizeof(output), &actual) == FRZ_CODEC_CORRUPT);
    }
#endif
    frz_codec_free(codec);
}

static void
_test_links_and_expansion(void)
{
    CHECK(_link("libx.so", "libx.so.1"));
    CHECK(_link("a/b/l", "../c"));
    CHECK(_link("a/b/l", "../../c/d"));
    CHECK(_link("a/l", ".."));
    CHECK(_link("a/b/l", "../.."));
    CHECK(!_link("l", ".."));
    CHECK(!_link("l", "../x"));
    CHECK(!_link("a/l", "../../x"));
    CHECK(!_link("a/l", "/etc/passwd"));
    CHECK(!_link("a/l", "b/../../x"));
    CHECK(!_link("a/l", "b/../c"));
    CHECK(!_link("a/l", "./c"));
    CHECK(!_link("a/l", "c//d"));
    CHECK(!_link("a/l", ""));

    CHECK(setenv("FRZ_T_A", "/base", 1) == 0);
    CHECK(setenv("FRZ_T_B", "b c", 1) == 0);
    CHECK(setenv("HOME", "/home/u", 1) == 0);
    CHECK(unsetenv("FRZ_T_UNSET") == 0);
    CHECK(strcmp(_expand("/abs/x"), "/abs/x") == 0);
    CHECK(strcmp(_expand("rel/x"), "/app/rel/x") == 0);
    CHECK(strcmp(_expand("~"), "/home/u") == 0);
    CHECK(strcmp(_expand("~/.cache/x"), "/home/u/.cache/x") == 0);
    CHECK(strcmp(_expand("$FRZ_T_A/x"), "/base/x") == 0);
    CHECK(strcmp(_expand("${FRZ_T_A}y/$FRZ_T_B"), "/basey/b c") == 0);
    CHECK(strcmp(_expand("/p$$q/$-/${"), "/p$q/$-/${") == 0);
    CHECK(strcmp(_expand("x~"), "/app/x~") == 0);
    CHECK(strncmp(_expand("$FRZ_T_UNSET/x"), "ERROR: the variable FRZ_T_UNSET is not set", 40) == 0);
    CHECK(strncmp(_expand("~root/x"), "ERROR: '~user'", 14) == 0);
    CHECK(strncmp(_expand(""), "ERROR:", 6) == 0);
}

int
main(void)
{
    char out[16];

    _test_links_and_expansion();
    _test_splash_header();
    _test_codecs();

    CHECK(_valid("a"));
    CHECK(_valid("App.dll"));
    CHECK(_valid("runtimes/linux-x64/native/libx.so"));
    CHECK(_valid(".hidden"));
    CHECK(_valid("a/..b/c..."));
    CHECK(!_valid(""));
    CHECK(!_valid("/etc/passwd"));
    CHECK(!_valid("a\\b"));
    CHECK(!_valid("a//b"));
    CHECK(!_valid("a/"));
    CHECK(!_valid("."));
    CHECK(!_valid(".."));
    CHECK(!_valid("../x"));
    CHECK(!_valid("a/./b"));
    CHECK(!_valid("a/.."));
    CHECK(!frz_archive_is_valid_name("a\0b", 3));

    CHECK(frz_path_join(out, sizeof(out), "/tmp", "x") == 0 && strcmp(out, "/tmp/x") == 0);
    CHECK(frz_path_join(out, sizeof(out), "/tmp/", "x") == 0 && strcmp(out, "/tmp/x") == 0);
    CHECK(frz_path_join(out, sizeof(out), "/", "x") == 0 && strcmp(out, "/x") == 0);
    CHECK(frz_path_join(out, sizeof(out), "/abcdefghij", "klm") == 0);
    CHECK(frz_path_join(out, sizeof(out), "/abcdefghij", "klmn") == -1);
    CHECK(frz_path_dirname(out, sizeof(out), "/a/b") == 0 && strcmp(out, "/a") == 0);
    CHECK(frz_path_dirname(out, sizeof(out), "/a") == 0 && strcmp(out, "/") == 0);
    CHECK(frz_path_dirname(out, sizeof(out), "a") == 0 && strcmp(out, ".") == 0);
    CHECK(frz_path_dirname(out, 2, "/abc/def") == -1);
    CHECK(strcmp(frz_path_basename("/a/b/app"), "app") == 0);
    CHECK(strcmp(frz_path_basename("app"), "app") == 0);

    CHECK(frz_host_is_version("8.0.1"));
    CHECK(frz_host_is_version("10.0.0-rc.1.25451.107"));
    CHECK(!frz_host_is_version("8.0"));
    CHECK(!frz_host_is_version("8.0.x"));
    CHECK(!frz_host_is_version("8.0.1-"));
    CHECK(frz_host_compare_versions("8.0.10", "8.0.9") > 0);
    CHECK(frz_host_compare_versions("10.0.0", "9.0.100") > 0);
    CHECK(frz_host_compare_versions("9.0.0", "9.0.0-rc.2") > 0);
    CHECK(frz_host_compare_versions("9.0.0-rc.2", "9.0.0-rc.10") < 0);
    CHECK(frz_host_compare_versions("9.0.0-preview.7", "9.0.0-rc.1") < 0);
    CHECK(frz_host_compare_versions("9.0.0-1", "9.0.0-alpha") < 0);
    CHECK(frz_host_compare_versions("9.0.0-rc", "9.0.0-rc.1") < 0);
    CHECK(frz_host_compare_versions("8.0.1", "8.0.1+abc") == 0);
    CHECK(frz_host_compare_versions("8.0.1", "garbage") > 0);

    _test_remove_deep_tree();

    if (_failures != 0) {
        (void)fprintf(stderr, "%d check(s) failed\n", _failures);
        return 1;
    }
    (void)printf("all checks passed\n");
    return 0;
}
