/*
 * Freeze.Sdk bootloader: the OneFile extraction folder (see frz_tmpdir.h).
 *
 * The base folder comes from the build (runtime-tmpdir, FreezeRuntimeTmpDir)
 * or from the usual temp variables. The private folder is created by mkdtemp,
 * so it is new, ours and 0700. Its file system is checked before anything is
 * extracted: a noexec mount would only fail later, deep inside the runtime.
 */
#include "frz_tmpdir.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "frz_error_codes.h"
#include "frz_extract.h"
#include "frz_log.h"
#include "frz_path.h"

/* Output buffer of frz_tmpdir_expand. */
struct _FRZ_TMPDIR_BUFFER {
    char *data;
    size_t size;
    size_t length;
};

static int
_frz_tmpdir_append(struct _FRZ_TMPDIR_BUFFER *buffer, const char *text, size_t length)
{
    if (buffer->length + length + 1 > buffer->size) {
        return -1;
    }
    memcpy(buffer->data + buffer->length, text, length);
    buffer->length += length;
    buffer->data[buffer->length] = '\0';
    return 0;
}

static void
_frz_tmpdir_problem(char *problem, size_t size, const char *fmt, ...) FRZ_PRINTF(3, 4);

static void
_frz_tmpdir_problem(char *problem, size_t size, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    if (vsnprintf(problem, size, fmt, ap) < 0 && size > 0) {
        problem[0] = '\0';
    }
    va_end(ap);
}

static int
_frz_tmpdir_is_name_char(char c, int first)
{
    return c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (!first && c >= '0' && c <= '9');
}

const char *
frz_tmpdir_home(void)
{
    const char *home = getenv("HOME");
    struct passwd *entry;

    if (home != NULL && home[0] != '\0') {
        return home;
    }
    entry = getpwuid(geteuid());
    return entry != NULL && entry->pw_dir != NULL && entry->pw_dir[0] != '\0' ? entry->pw_dir
                                                                              : NULL;
}

int
frz_tmpdir_expand(const char *spec, const char *base_dir, char *out, size_t size, char *problem,
                  size_t problem_size)
{
    struct _FRZ_TMPDIR_BUFFER buffer;
    char expanded[FRZ_PATH_MAX];
    char name[256];
    const char *p = spec;
    const char *value;
    const char *home;
    size_t name_length;
    int braces;

    buffer.data = expanded;
    buffer.size = sizeof(expanded);
    buffer.length = 0;
    expanded[0] = '\0';
    if (spec[0] == '\0') {
        _frz_tmpdir_problem(problem, problem_size, "the value is empty");
        return -1;
    }
    if (p[0] == '~') {
        if (p[1] != '\0' && p[1] != '/') {
            _frz_tmpdir_problem(problem, problem_size,
                                "'~user' is not supported; use '~/' or an absolute path");
            return -1;
        }
        home = frz_tmpdir_home();
        if (home == NULL) {
            _frz_tmpdir_problem(problem, problem_size,
                                "'~' needs HOME, which is not set and not in the user database");
            return -1;
        }
        if (_frz_tmpdir_append(&buffer, home, strlen(home)) != 0) {
            goto too_long;
        }
        p++;
    }
    while (*p != '\0') {
        if (*p != '$') {
            if (_frz_tmpdir_append(&buffer, p, 1) != 0) {
                goto too_long;
            }
            p++;
            continue;
        }
        if (p[1] == '$') {
            if (_frz_tmpdir_append(&buffer, "$", 1) != 0) {
                goto too_long;
            }
            p += 2;
            continue;
        }
        braces = p[1] == '{';
        name_length = 0;
        while (_frz_tmpdir_is_name_char(p[1 + braces + name_length], name_length == 0)) {
            name_length++;
        }
        if (name_length == 0 || (braces && p[2 + name_length] != '}')) {
            /* Not a variable reference: a literal '$'. */
            if (_frz_tmpdir_append(&buffer, "$", 1) != 0) {
                goto too_long;
            }
            p++;
            continue;
        }
        if (name_length >= sizeof(name)) {
            goto too_long;
        }
        memcpy(name, p + 1 + braces, name_length);
        name[name_length] = '\0';
        value = getenv(name);
        if (value == NULL || value[0] == '\0') {
            _frz_tmpdir_problem(problem, problem_size, "the variable %s is not set", name);
            return -1;
        }
        if (_frz_tmpdir_append(&buffer, value, strlen(value)) != 0) {
            goto too_long;
        }
        p += 1 + braces + name_length + braces;
    }
    if (expanded[0] == '/') {
        if (strlen(expanded) + 1 > size) {
            goto too_long;
        }
        memcpy(out, expanded, strlen(expanded) + 1);
        return 0;
    }
    if (frz_path_join(out, size, base_dir, expanded) != 0) {
        goto too_long;
    }
    return 0;

too_long:
    _frz_tmpdir_problem(problem, problem_size, "the path is too long");
    return -1;
}

int
frz_tmpdir_make_dirs(char *path)
{
    char *slash;

    for (slash = strchr(path + 1, '/'); slash != NULL; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(path, 0700) != 0 && errno != EEXIST) {
            *slash = '/';
            return -1;
        }
        *slash = '/';
    }
    if (mkdir(path, 0700) != 0 && errno != EEXIST) {
        return -1;
    }
    return frz_path_is_directory(path) ? 0 : (errno = ENOTDIR, -1);
}

int
frz_tmpdir_choose_base(struct FRZ_CONTEXT *ctx)
{
    static const char *const variables[] = { "TMPDIR", "TEMP", "TMP" };
    static const char *const folders[] = { "/tmp", "/var/tmp", "/usr/tmp" };
    const char *option = ctx->archive.options.runtime_tmpdir;
    const char *candidate;
    char problem[512];
    size_t i;

    if (option != NULL) {
        if (frz_tmpdir_expand(option, ctx->executable_dir, ctx->temp_base,
                              sizeof(ctx->temp_base), problem, sizeof(problem)) != 0) {
            frz_log_error(FRZ_CODE_TEMP_DIR,
                          "cannot use the extraction folder '%s' this app was built with "
                          "(FreezeRuntimeTmpDir): %s",
                          option, problem);
            return -1;
        }
        if (frz_tmpdir_make_dirs(ctx->temp_base) != 0) {
            frz_log_error(FRZ_CODE_TEMP_DIR,
                          "cannot create the extraction folder %s this app was built with "
                          "(FreezeRuntimeTmpDir=%s): %s; make it writable or rebuild with another "
                          "FreezeRuntimeTmpDir",
                          ctx->temp_base, option, strerror(errno));
            return -1;
        }
        ctx->temp_base_from_option = 1;
        FRZ_TRACE("extraction base %s (runtime-tmpdir %s)", ctx->temp_base, option);
        return 0;
    }
    for (i = 0; i < sizeof(variables) / sizeof(variables[0]) + sizeof(folders) / sizeof(folders[0]);
         i++) {
        if (i < sizeof(variables) / sizeof(variables[0])) {
            candidate = getenv(variables[i]);
        } else {
            candidate = folders[i - sizeof(variables) / sizeof(variables[0])];
        }
        if (candidate == NULL || candidate[0] == '\0') {
            continue;
        }
        if (!frz_path_is_directory(candidate)) {
            FRZ_TRACE("temp folder candidate %s is not a folder", candidate);
            continue;
        }
        if (strlen(candidate) + 1 > sizeof(ctx->temp_base)) {
            continue;
        }
        memcpy(ctx->temp_base, candidate, strlen(candidate) + 1);
        FRZ_TRACE("extraction base %s", ctx->temp_base);
        return 0;
    }
    frz_log_error(FRZ_CODE_TEMP_DIR,
                  "no temporary folder found ($TMPDIR, $TEMP, $TMP, /tmp, /var/tmp, /usr/tmp); "
                  "set TMPDIR to a writable folder");
    return -1;
}

/* The end of an error about ctx->temp_base: how to choose another folder. */
static const char *
_frz_tmpdir_advice(const struct FRZ_CONTEXT *ctx)
{
    return ctx->temp_base_from_option
               ? "this app was built to extract there (FreezeRuntimeTmpDir); fix the folder or "
                 "rebuild with another FreezeRuntimeTmpDir"
               : "set TMPDIR to another folder";
}

/* The name of the member with the longest name that extraction writes, or NULL. */
static const char *
_frz_tmpdir_longest_member(const struct FRZ_ARCHIVE *archive)
{
    const struct FRZ_TOC_ENTRY *longest = NULL;
    uint32_t i;

    for (i = 0; i < archive->entry_count; i++) {
        const struct FRZ_TOC_ENTRY *entry = &archive->entries[i];

        if (frz_archive_is_extracted(archive, entry) &&
            (longest == NULL || entry->name_length > longest->name_length)) {
            longest = entry;
        }
    }
    return longest != NULL ? longest->name : NULL;
}

int
frz_tmpdir_create(struct FRZ_CONTEXT *ctx)
{
    char template_path[FRZ_PATH_MAX];
    const char *longest;
    struct statvfs info;
    int rc = -1;

    if (frz_path_join(template_path, sizeof(template_path), ctx->temp_base,
                      FRZ_TEMP_PREFIX "XXXXXX") != 0) {
        frz_log_error(FRZ_CODE_TEMP_DIR, "cannot extract into %s: the path is too long; %s",
                      ctx->temp_base, _frz_tmpdir_advice(ctx));
        goto cleanup;
    }
    if (mkdtemp(template_path) == NULL) {
        frz_log_error(FRZ_CODE_TEMP_DIR,
                      "cannot create a folder in %s to extract the app (%s); %s",
                      ctx->temp_base, strerror(errno), _frz_tmpdir_advice(ctx));
        goto cleanup;
    }
    ctx->temp_dir_created = 1;
    /* Absolute and free of symbolic links: the child and the runtime get it. */
    if (realpath(template_path, ctx->temp_dir) == NULL) {
        memcpy(ctx->temp_dir, template_path, strlen(template_path) + 1);
        frz_log_error(FRZ_CODE_TEMP_DIR, "cannot resolve the folder %s (%s); %s", template_path,
                      strerror(errno), _frz_tmpdir_advice(ctx));
        goto cleanup;
    }
    FRZ_TRACE("temporary folder %s", ctx->temp_dir);
    longest = _frz_tmpdir_longest_member(&ctx->archive);
    if (longest != NULL && strlen(ctx->temp_dir) + 1 + strlen(longest) > FRZ_PATH_MAX - 1) {
        /* The numbers and the way out first: the folder's path may be very long. */
        frz_log_error(FRZ_CODE_TEMP_DIR,
                      "the extraction folder's path is too long for this app: with its longest "
                      "file a path would be %zu characters, above the %d that Linux allows; %s "
                      "(the file: %s; the folder: %s)",
                      strlen(ctx->temp_dir) + 1 + strlen(longest), FRZ_PATH_MAX - 1,
                      ctx->temp_base_from_option
                          ? "rebuild with a FreezeRuntimeTmpDir of a shorter path"
                          : "set TMPDIR to a folder with a shorter path",
                      longest, ctx->temp_base);
        goto cleanup;
    }
    if (statvfs(ctx->temp_dir, &info) != 0) {
        frz_log_error(FRZ_CODE_TEMP_DIR, "cannot inspect the folder %s (statvfs: %s); %s",
                      ctx->temp_dir, strerror(errno), _frz_tmpdir_advice(ctx));
        goto cleanup;
    }
#if defined(ST_NOEXEC)
    if ((info.f_flag & ST_NOEXEC) != 0) {
        frz_log_error(FRZ_CODE_TEMP_NOEXEC,
                      "cannot run the app from %s: its file system is mounted noexec, so the "
                      "extracted libraries could not be loaded; %s",
                      ctx->temp_base, _frz_tmpdir_advice(ctx));
        goto cleanup;
    }
#endif
    rc = 0;

cleanup:
    return rc;
}
