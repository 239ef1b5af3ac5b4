/*
 * Freeze.Sdk bootloader: fill and remove the OneFile temp folder, on Windows
 * (see frz_extract.h). Files are created exclusively (CREATE_NEW) and inherit
 * the folder's user-only access; symbolic link members are refused (the
 * SDK's Windows publish makes none).
 */
#include "frz_extract.h"

#include <windows.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "frz_error_codes.h"
#include "frz_log.h"
#include "frz_os.h"
#include "frz_path.h"

/* Removal attempts: a file of a process that just ended may stay open a moment. */
#define _FRZ_EXTRACT_REMOVE_ATTEMPTS 20
#define _FRZ_EXTRACT_REMOVE_PAUSE_MS 50

/* The member's path below ROOT with Windows separators, in UTF-16. */
static wchar_t *
_frz_extract_path(const char *root, const char *name)
{
    char path[FRZ_PATH_MAX];
    char *p;

    if (frz_path_join(path, sizeof(path), root, name) != 0) {
        return NULL;
    }
    for (p = path; *p != '\0'; p++) {
        if (*p == '/') {
            *p = '\\';
        }
    }
    return frz_os_native_string(path);
}

static int
_frz_extract_write(void *state, const unsigned char *data, size_t length)
{
    HANDLE file = state;
    DWORD written;

    while (length > 0) {
        if (!WriteFile(file, data, length > 0x40000000u ? 0x40000000u : (DWORD)length, &written,
                       NULL) || written == 0) {
            return -1;
        }
        data += written;
        length -= written;
    }
    return 0;
}

/* Create the folders above MEMBER (a native path below the root, whose
 * first ROOT_LENGTH units are the existing root). */
static int
_frz_extract_make_parents(wchar_t *member, size_t root_length)
{
    wchar_t *p;

    for (p = member + root_length + 1; *p != L'\0'; p++) {
        if (*p != L'\\') {
            continue;
        }
        *p = L'\0';
        if (!CreateDirectoryW(member, NULL) && GetLastError() != ERROR_ALREADY_EXISTS) {
            *p = L'\\';
            return -1;
        }
        *p = L'\\';
    }
    return 0;
}

/* Extract ENTRY below ROOT (ROOT_LENGTH: its length in UTF-16 units). */
static int
_frz_extract_one(struct FRZ_ARCHIVE *archive, const struct FRZ_TOC_ENTRY *entry,
                 const char *root, size_t root_length)
{
    wchar_t *path;
    HANDLE file;
    DWORD error;
    int rc = FRZ_EXTRACT_FAILED;

    if (entry->typecode == FRZ_TYPE_SYMLINK) {
        frz_archive_set_error(archive, "member '%s' is a symbolic link, which the Windows "
                              "bootloader does not create", entry->name);
        return FRZ_EXTRACT_NO_SYMLINKS;
    }
    path = _frz_extract_path(root, entry->name);
    if (path == NULL) {
        frz_archive_set_error(archive, "the path of member '%s' is too long", entry->name);
        return FRZ_EXTRACT_FAILED;
    }
    if (_frz_extract_make_parents(path, root_length) != 0) {
        frz_archive_set_error(archive, "cannot create the folder of %s (error %lu)", entry->name,
                              (unsigned long)GetLastError());
        goto cleanup;
    }
    file = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    if (file == INVALID_HANDLE_VALUE) {
        error = GetLastError();
        if (error == ERROR_FILE_EXISTS || error == ERROR_ALREADY_EXISTS) {
            frz_archive_set_error(archive, "%s exists already", entry->name);
            rc = FRZ_EXTRACT_DUPLICATE;
        } else {
            frz_archive_set_error(archive, "cannot create %s (error %lu)", entry->name,
                                  (unsigned long)error);
            rc = error == ERROR_DISK_FULL || error == ERROR_HANDLE_DISK_FULL ? FRZ_EXTRACT_NO_SPACE
                                                                              : FRZ_EXTRACT_FAILED;
        }
        goto cleanup;
    }
    if (frz_archive_read_member(archive, entry, _frz_extract_write, file) != 0) {
        error = GetLastError();
        if (error == ERROR_DISK_FULL || error == ERROR_HANDLE_DISK_FULL) {
            frz_archive_set_error(archive, "no space left writing %s", entry->name);
            rc = FRZ_EXTRACT_NO_SPACE;
        } else if (archive->error[0] == '\0') {
            frz_archive_set_error(archive, "cannot write %s (error %lu)", entry->name,
                                  (unsigned long)error);
        }
        CloseHandle(file);
        goto cleanup;
    }
    if (!CloseHandle(file)) {
        frz_archive_set_error(archive, "cannot write %s (error %lu)", entry->name,
                              (unsigned long)GetLastError());
        goto cleanup;
    }
    rc = FRZ_EXTRACT_OK;

cleanup:
    free(path);
    return rc;
}

int
frz_extract_all(struct FRZ_CONTEXT *ctx)
{
    struct FRZ_ARCHIVE *archive = &ctx->archive;
    wchar_t *root = frz_os_native_string(ctx->temp_dir);
    size_t root_length;
    uint32_t i;
    int status;

    if (root == NULL) {
        frz_log_error(FRZ_CODE_EXTRACT, "the temporary folder path %s is not valid", ctx->temp_dir);
        return -1;
    }
    root_length = wcslen(root);
    free(root);
    for (i = 0; i < archive->entry_count; i++) {
        const struct FRZ_TOC_ENTRY *entry = &archive->entries[i];

        if (!frz_archive_is_extracted(archive, entry)) {
            continue;
        }
        archive->error[0] = '\0';
        status = _frz_extract_one(archive, entry, ctx->temp_dir, root_length);
        if (status == FRZ_EXTRACT_DUPLICATE && !ctx->strict_unpack) {
            frz_log_warning(FRZ_CODE_UNPACK_WARNING,
                            "duplicate member %s skipped in %s (set %s=1 to make this an error)",
                            entry->name, ctx->temp_dir, FRZ_ENV_STRICT_UNPACK);
            continue;
        }
        if (status == FRZ_EXTRACT_NO_SPACE) {
            return FRZ_EXTRACT_NO_SPACE;
        }
        if (status == FRZ_EXTRACT_NO_SYMLINKS) {
            frz_log_error(FRZ_CODE_NO_SYMLINKS, "cannot extract into %s: %s", ctx->temp_dir,
                          archive->error);
            return -1;
        }
        if (status != FRZ_EXTRACT_OK) {
            frz_log_error(FRZ_CODE_EXTRACT, "cannot extract into %s: %s", ctx->temp_dir,
                          archive->error);
            return -1;
        }
        FRZ_TRACE("extracted %s (%llu bytes)", entry->name, (unsigned long long)entry->full_length);
    }
    return 0;
}

int
frz_extract_into(struct FRZ_ARCHIVE *archive, const char *dir)
{
    wchar_t *root = frz_os_native_string(dir);
    size_t root_length;
    uint32_t i;
    int rc = -1;

    if (root == NULL) {
        frz_archive_set_error(archive, "the folder path %s is not valid", dir);
        return -1;
    }
    if (!CreateDirectoryW(root, NULL) && GetLastError() != ERROR_ALREADY_EXISTS) {
        frz_archive_set_error(archive, "cannot create %s (error %lu)", dir,
                              (unsigned long)GetLastError());
        goto cleanup;
    }
    root_length = wcslen(root);
    for (i = 0; i < archive->entry_count; i++) {
        if (frz_archive_is_extracted(archive, &archive->entries[i]) &&
            _frz_extract_one(archive, &archive->entries[i], dir, root_length) != FRZ_EXTRACT_OK) {
            goto cleanup;
        }
    }
    rc = 0;

cleanup:
    free(root);
    return rc;
}

/* Remove the folder PATH (UTF-16, no trailing separator) and everything in
 * it; reparse points are removed, never followed. 0 or -1. */
static int
_frz_extract_remove_native(const wchar_t *path)
{
    WIN32_FIND_DATAW item;
    size_t length = wcslen(path);
    wchar_t *child;
    HANDLE find;
    int rc = 0;

    child = malloc((length + MAX_PATH + 2) * sizeof(wchar_t));
    if (child == NULL) {
        return -1;
    }
    memcpy(child, path, length * sizeof(wchar_t));
    memcpy(child + length, L"\\*", 3 * sizeof(wchar_t));
    find = FindFirstFileW(child, &item);
    if (find != INVALID_HANDLE_VALUE) {
        do {
            if (wcscmp(item.cFileName, L".") == 0 || wcscmp(item.cFileName, L"..") == 0) {
                continue;
            }
            memcpy(child + length + 1, item.cFileName, (wcslen(item.cFileName) + 1) * sizeof(wchar_t));
            if ((item.dwFileAttributes & FILE_ATTRIBUTE_READONLY) != 0) {
                (void)SetFileAttributesW(child, item.dwFileAttributes & ~(DWORD)FILE_ATTRIBUTE_READONLY);
            }
            if ((item.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0 &&
                (item.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) == 0) {
                if (_frz_extract_remove_native(child) != 0) {
                    rc = -1;
                }
            } else if ((item.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0) {
                if (!RemoveDirectoryW(child)) {
                    rc = -1;
                }
            } else if (!DeleteFileW(child)) {
                rc = -1;
            }
        } while (FindNextFileW(find, &item));
        FindClose(find);
    }
    free(child);
    if (!RemoveDirectoryW(path) && GetLastError() != ERROR_FILE_NOT_FOUND) {
        rc = -1;
    }
    return rc;
}

int
frz_extract_remove_dir(const char *path)
{
    wchar_t *native = frz_os_native_string(path);
    int attempt;
    int rc = -1;

    if (native == NULL) {
        return -1;
    }
    for (attempt = 1; attempt <= _FRZ_EXTRACT_REMOVE_ATTEMPTS; attempt++) {
        if (_frz_extract_remove_native(native) == 0) {
            rc = 0;
            break;
        }
        FRZ_TRACE("removing %s failed (attempt %d, error %lu)", path, attempt,
                  (unsigned long)GetLastError());
        Sleep(_FRZ_EXTRACT_REMOVE_PAUSE_MS);
    }
    free(native);
    if (rc == 0) {
        FRZ_TRACE("removed %s", path);
    }
    return rc;
}
