/*
 * Freeze.Sdk bootloader: where the OneFile parent extracts, on Windows (see
 * frz_tmpdir.h): the runtime-tmpdir option (environment variables expanded,
 * relative to the executable's folder) or the user's temp folder
 * (GetTempPathW: TMP, TEMP, USERPROFILE), and inside it a _FRZxxxxxx folder
 * created exclusively with a security descriptor that gives only the current
 * user access (inherited by everything extracted into it).
 */
#include "frz_tmpdir.h"

#include <windows.h>
#include <sddl.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frz_error_codes.h"
#include "frz_log.h"
#include "frz_os.h"
#include "frz_path.h"

/* RtlGenRandom (advapi32). */
BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

/* Tries at a free random name before giving up. */
#define _FRZ_TMPDIR_ATTEMPTS 100

/* UTF-16 PATH as UTF-8 into OUT; 0 or -1. */
static int
_frz_tmpdir_from_native(const wchar_t *path, char *out, size_t size)
{
    char *text = frz_os_utf8_string(path);
    int rc = -1;

    if (text != NULL && strlen(text) + 1 <= size) {
        memcpy(out, text, strlen(text) + 1);
        rc = 0;
    }
    free(text);
    return rc;
}

/* Is PATH absolute ("C:\..." or "\\server\...")? */
static int
_frz_tmpdir_is_absolute(const char *path)
{
    return (path[0] != '\0' && path[1] == ':' && FRZ_OS_IS_SEPARATOR(path[2])) ||
           (FRZ_OS_IS_SEPARATOR(path[0]) && FRZ_OS_IS_SEPARATOR(path[1]));
}

int
frz_tmpdir_make_dirs(char *path)
{
    size_t i;
    size_t start = 3;
    wchar_t *native;
    char saved;
    int made;

    if (FRZ_OS_IS_SEPARATOR(path[0]) && FRZ_OS_IS_SEPARATOR(path[1])) {
        /* \\server\share\: start after the share. */
        for (start = 2; path[start] != '\0' && !FRZ_OS_IS_SEPARATOR(path[start]); start++) {
        }
        for (start++; path[start] != '\0' && !FRZ_OS_IS_SEPARATOR(path[start]); start++) {
        }
    }
    for (i = start; ; i++) {
        if (path[i] != '\0' && !FRZ_OS_IS_SEPARATOR(path[i])) {
            continue;
        }
        saved = path[i];
        path[i] = '\0';
        native = frz_os_native_string(path);
        made = native != NULL && (CreateDirectoryW(native, NULL) || GetLastError() == ERROR_ALREADY_EXISTS);
        free(native);
        path[i] = saved;
        if (!made) {
            errno = EACCES;
            return -1;
        }
        if (saved == '\0') {
            break;
        }
    }
    return frz_path_is_directory(path) ? 0 : -1;
}

int
frz_tmpdir_choose_base(struct FRZ_CONTEXT *ctx)
{
    const char *spec = ctx->archive.options.runtime_tmpdir;
    wchar_t native[MAX_PATH + 1];
    wchar_t *wide_spec = NULL;
    wchar_t *expanded = NULL;
    char text[FRZ_PATH_MAX];
    DWORD length;
    int rc = -1;

    if (spec == NULL) {
        length = GetTempPathW(MAX_PATH + 1, native);
        if (length == 0 || length > MAX_PATH ||
            _frz_tmpdir_from_native(native, ctx->temp_base, sizeof(ctx->temp_base)) != 0) {
            frz_log_error(FRZ_CODE_TEMP_DIR, "cannot find the temporary folder (GetTempPathW: "
                          "error %lu); set TMP to a folder", (unsigned long)GetLastError());
            return -1;
        }
        /* GetTempPathW ends with a separator. */
        length = (DWORD)strlen(ctx->temp_base);
        while (length > 3 && FRZ_OS_IS_SEPARATOR(ctx->temp_base[length - 1])) {
            ctx->temp_base[--length] = '\0';
        }
        FRZ_TRACE("temporary folder base %s", ctx->temp_base);
        return 0;
    }

    wide_spec = frz_os_native_string(spec);
    expanded = malloc(32768 * sizeof(wchar_t));
    if (wide_spec == NULL || expanded == NULL) {
        goto failed;
    }
    length = ExpandEnvironmentStringsW(wide_spec, expanded, 32768);
    if (length == 0 || length > 32768 || _frz_tmpdir_from_native(expanded, text, sizeof(text)) != 0) {
        goto failed;
    }
    if (_frz_tmpdir_is_absolute(text)) {
        if (strlen(text) + 1 > sizeof(ctx->temp_base)) {
            goto failed;
        }
        memcpy(ctx->temp_base, text, strlen(text) + 1);
    } else if (frz_path_join(ctx->temp_base, sizeof(ctx->temp_base), ctx->executable_dir, text) != 0) {
        goto failed;
    }
    ctx->temp_base_from_option = 1;
    if (frz_tmpdir_make_dirs(ctx->temp_base) != 0) {
        frz_log_error(FRZ_CODE_TEMP_DIR, "cannot create the folder %s (" FRZ_OPTION_RUNTIME_TMPDIR
                      " %s); create it or change FreezeRuntimeTmpDir", ctx->temp_base, spec);
        goto cleanup;
    }
    FRZ_TRACE("temporary folder base %s (from " FRZ_OPTION_RUNTIME_TMPDIR " %s)", ctx->temp_base, spec);
    rc = 0;
    goto cleanup;

failed:
    frz_log_error(FRZ_CODE_TEMP_DIR, "the " FRZ_OPTION_RUNTIME_TMPDIR " option %s cannot be "
                  "expanded into a folder path; change FreezeRuntimeTmpDir", spec);
cleanup:
    free(wide_spec);
    free(expanded);
    return rc;
}

/* "D:P(A;OICI;FA;;;<SID of this user>)": full access for the user only,
 * inherited by files and folders; NULL on failure. */
static PSECURITY_DESCRIPTOR
_frz_tmpdir_user_only(void)
{
    PSECURITY_DESCRIPTOR descriptor = NULL;
    TOKEN_USER *user = NULL;
    wchar_t *sid = NULL;
    wchar_t text[256];
    HANDLE token = NULL;
    DWORD size = 0;

    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) {
        return NULL;
    }
    (void)GetTokenInformation(token, TokenUser, NULL, 0, &size);
    user = size > 0 ? malloc(size) : NULL;
    if (user == NULL || !GetTokenInformation(token, TokenUser, user, size, &size) ||
        !ConvertSidToStringSidW(user->User.Sid, &sid)) {
        goto cleanup;
    }
    if (_snwprintf(text, sizeof(text) / sizeof(text[0]), L"D:P(A;OICI;FA;;;%ls)", sid) < 0) {
        goto cleanup;
    }
    text[sizeof(text) / sizeof(text[0]) - 1] = L'\0';
    if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(text, SDDL_REVISION_1, &descriptor,
                                                              NULL)) {
        descriptor = NULL;
    }

cleanup:
    if (sid != NULL) {
        LocalFree(sid);
    }
    free(user);
    CloseHandle(token);
    return descriptor;
}

int
frz_tmpdir_create(struct FRZ_CONTEXT *ctx)
{
    static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    SECURITY_ATTRIBUTES attributes;
    unsigned char random[6];
    char name[sizeof(FRZ_TEMP_PREFIX) + sizeof(random)];
    wchar_t *native;
    DWORD error = 0;
    int attempt;
    size_t i;
    int rc = -1;

    ZeroMemory(&attributes, sizeof(attributes));
    attributes.nLength = sizeof(attributes);
    attributes.lpSecurityDescriptor = _frz_tmpdir_user_only();
    if (attributes.lpSecurityDescriptor == NULL) {
        frz_log_error(FRZ_CODE_TEMP_DIR, "cannot make a security descriptor for %s (error %lu)",
                      ctx->temp_base, (unsigned long)GetLastError());
        return -1;
    }
    for (attempt = 0; attempt < _FRZ_TMPDIR_ATTEMPTS; attempt++) {
        if (!SystemFunction036(random, sizeof(random))) {
            error = GetLastError();
            break;
        }
        memcpy(name, FRZ_TEMP_PREFIX, sizeof(FRZ_TEMP_PREFIX) - 1);
        for (i = 0; i < sizeof(random); i++) {
            name[sizeof(FRZ_TEMP_PREFIX) - 1 + i] = alphabet[random[i] % (sizeof(alphabet) - 1)];
        }
        name[sizeof(name) - 1] = '\0';
        if (frz_path_join(ctx->temp_dir, sizeof(ctx->temp_dir), ctx->temp_base, name) != 0) {
            error = ERROR_FILENAME_EXCED_RANGE;
            break;
        }
        native = frz_os_native_string(ctx->temp_dir);
        if (native == NULL) {
            error = ERROR_NO_UNICODE_TRANSLATION;
            break;
        }
        /* Fails when the name exists: the folder is ours alone. */
        if (CreateDirectoryW(native, &attributes)) {
            free(native);
            ctx->temp_dir_created = 1;
            FRZ_TRACE("created %s", ctx->temp_dir);
            rc = 0;
            break;
        }
        error = GetLastError();
        free(native);
        if (error != ERROR_ALREADY_EXISTS) {
            break;
        }
    }
    if (rc != 0) {
        frz_log_error(FRZ_CODE_TEMP_DIR, "cannot create a temporary folder in %s (error %lu); set "
                      "TMP to a writable folder", ctx->temp_base, (unsigned long)error);
    }
    LocalFree(attributes.lpSecurityDescriptor);
    return rc;
}
