/*
 * Freeze.Sdk bootloader: operating-system calls on Windows (see frz_os.h).
 *
 * Strings are UTF-8 inside the bootloader and UTF-16 at every Win32 call.
 */
#include "frz_os.h"

#include <windows.h>

#include <errno.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest environment value and path in UTF-16 units (Windows' own limits). */
#define _FRZ_OS_ENV_MAX 32767

/* One variable read through frz_os_getenv: its value stays valid until the
 * variable changes. */
struct _FRZ_OS_ENV_VALUE {
    struct _FRZ_OS_ENV_VALUE *next;
    char *name;
    char *value; /* NULL when unset */
};

/* The variables read so far (a handful: the bootloader reads known names). */
static struct _FRZ_OS_ENV_VALUE *_frz_os_env_values;

frz_os_char *
frz_os_native_string(const char *text)
{
    int length = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, NULL, 0);
    wchar_t *out;

    if (length <= 0) {
        errno = EINVAL;
        return NULL;
    }
    out = malloc((size_t)length * sizeof(wchar_t));
    if (out == NULL) {
        return NULL;
    }
    if (MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, text, -1, out, length) != length) {
        free(out);
        errno = EINVAL;
        return NULL;
    }
    return out;
}

char *
frz_os_utf8_string(const frz_os_char *text)
{
    int length = WideCharToMultiByte(CP_UTF8, 0, text, -1, NULL, 0, NULL, NULL);
    char *out;

    if (length <= 0) {
        errno = EINVAL;
        return NULL;
    }
    out = malloc((size_t)length);
    if (out == NULL) {
        return NULL;
    }
    if (WideCharToMultiByte(CP_UTF8, 0, text, -1, out, length, NULL, NULL) != length) {
        free(out);
        errno = EINVAL;
        return NULL;
    }
    return out;
}

/* errno for the last Win32 error, for the messages that print strerror. */
static void
_frz_os_set_errno(void)
{
    switch (GetLastError()) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
        errno = ENOENT;
        break;
    case ERROR_ACCESS_DENIED:
        errno = EACCES;
        break;
    case ERROR_ALREADY_EXISTS:
    case ERROR_FILE_EXISTS:
        errno = EEXIST;
        break;
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY:
        errno = ENOMEM;
        break;
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL:
        errno = ENOSPC;
        break;
    default:
        errno = EIO;
        break;
    }
}

const char *
frz_os_getenv(const char *name)
{
    struct _FRZ_OS_ENV_VALUE *entry;
    wchar_t *native_name = frz_os_native_string(name);
    wchar_t *buffer = NULL;
    char *value = NULL;
    DWORD length;

    if (native_name == NULL) {
        return NULL;
    }
    for (entry = _frz_os_env_values; entry != NULL; entry = entry->next) {
        if (strcmp(entry->name, name) == 0) {
            break;
        }
    }
    buffer = malloc(_FRZ_OS_ENV_MAX * sizeof(wchar_t));
    if (buffer != NULL) {
        /* An empty variable also returns 0: only the error code tells it from a missing one. */
        SetLastError(ERROR_SUCCESS);
        length = GetEnvironmentVariableW(native_name, buffer, _FRZ_OS_ENV_MAX);
        if (length > 0 && length < _FRZ_OS_ENV_MAX) {
            value = frz_os_utf8_string(buffer);
        } else if (length == 0 && GetLastError() != ERROR_ENVVAR_NOT_FOUND) {
            value = _strdup("");
        }
    }
    free(buffer);
    free(native_name);
    if (entry == NULL) {
        entry = calloc(1, sizeof(*entry));
        if (entry == NULL || (entry->name = _strdup(name)) == NULL) {
            free(entry);
            free(value);
            return NULL;
        }
        entry->next = _frz_os_env_values;
        _frz_os_env_values = entry;
    }
    /* Unchanged: the pointer handed out before stays valid. */
    if (entry->value != NULL && value != NULL && strcmp(entry->value, value) == 0) {
        free(value);
        return entry->value;
    }
    free(entry->value);
    entry->value = value;
    return value;
}

static int
_frz_os_set_variable(const char *name, const char *value)
{
    wchar_t *native_name = frz_os_native_string(name);
    wchar_t *native_value = value != NULL ? frz_os_native_string(value) : NULL;
    int rc = -1;

    if (native_name != NULL && (value == NULL || native_value != NULL)) {
        if (SetEnvironmentVariableW(native_name, native_value)) {
            rc = 0;
        } else if (value == NULL && GetLastError() == ERROR_ENVVAR_NOT_FOUND) {
            rc = 0;
        } else {
            _frz_os_set_errno();
        }
    }
    free(native_name);
    free(native_value);
    return rc;
}

int
frz_os_setenv(const char *name, const char *value)
{
    return _frz_os_set_variable(name, value);
}

int
frz_os_unsetenv(const char *name)
{
    return _frz_os_set_variable(name, NULL);
}

int
frz_os_stat(const char *path, struct stat *info)
{
    WIN32_FILE_ATTRIBUTE_DATA data;
    wchar_t *native = frz_os_native_string(path);
    BOOL ok;

    if (native == NULL) {
        return -1;
    }
    ok = GetFileAttributesExW(native, GetFileExInfoStandard, &data);
    if (!ok) {
        _frz_os_set_errno();
    }
    free(native);
    if (!ok) {
        return -1;
    }
    memset(info, 0, sizeof(*info));
    info->st_mode = (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0 ? _S_IFDIR : _S_IFREG;
    return 0;
}

void
frz_os_register_membarrier(void)
{
}

int
frz_os_open_read(const char *path)
{
    wchar_t *native = frz_os_native_string(path);
    int fd;

    if (native == NULL) {
        return -1;
    }
    fd = _wopen(native, _O_RDONLY | _O_BINARY | _O_NOINHERIT);
    free(native);
    return fd;
}

void
frz_os_close(int fd)
{
    if (fd >= 0) {
        (void)_close(fd);
    }
}

long long
frz_os_pread(int fd, void *buffer, size_t length, uint64_t offset)
{
    HANDLE file = (HANDLE)_get_osfhandle(fd);
    OVERLAPPED position;
    DWORD got = 0;

    if (file == INVALID_HANDLE_VALUE) {
        errno = EBADF;
        return -1;
    }
    memset(&position, 0, sizeof(position));
    position.Offset = (DWORD)(offset & 0xffffffffu);
    position.OffsetHigh = (DWORD)(offset >> 32);
    if (length > 0x40000000u) {
        length = 0x40000000u;
    }
    if (!ReadFile(file, buffer, (DWORD)length, &got, &position)) {
        if (GetLastError() == ERROR_HANDLE_EOF) {
            return 0;
        }
        _frz_os_set_errno();
        return -1;
    }
    return (long long)got;
}

int
frz_os_file_size(int fd, uint64_t *size)
{
    HANDLE file = (HANDLE)_get_osfhandle(fd);
    LARGE_INTEGER value;

    if (file == INVALID_HANDLE_VALUE) {
        errno = EBADF;
        return -1;
    }
    if (GetFileType(file) != FILE_TYPE_DISK) {
        return -2;
    }
    if (!GetFileSizeEx(file, &value)) {
        _frz_os_set_errno();
        return -1;
    }
    *size = (uint64_t)value.QuadPart;
    return 0;
}

const void *
frz_os_map(int fd, uint64_t offset, size_t length, void **mapping, size_t *mapped)
{
    HANDLE file = (HANDLE)_get_osfhandle(fd);
    SYSTEM_INFO system;
    HANDLE section;
    uint64_t start;
    void *view;

    if (file == INVALID_HANDLE_VALUE) {
        return NULL;
    }
    GetSystemInfo(&system);
    start = offset - offset % system.dwAllocationGranularity;
    *mapped = (size_t)(offset - start + length);
    section = CreateFileMappingW(file, NULL, PAGE_READONLY, 0, 0, NULL);
    if (section == NULL) {
        return NULL;
    }
    view = MapViewOfFile(section, FILE_MAP_READ, (DWORD)(start >> 32),
                         (DWORD)(start & 0xffffffffu), *mapped);
    /* The view keeps the section alive. */
    CloseHandle(section);
    if (view == NULL) {
        return NULL;
    }
    *mapping = view;
    return (const unsigned char *)view + (offset - start);
}

void
frz_os_unmap(void *mapping, size_t mapped)
{
    (void)mapped;
    (void)UnmapViewOfFile(mapping);
}

int
frz_os_executable(char *out, size_t size)
{
    wchar_t *path = malloc(_FRZ_OS_ENV_MAX * sizeof(wchar_t));
    char *text = NULL;
    DWORD length;
    int rc = -1;

    if (path == NULL) {
        return -1;
    }
    length = GetModuleFileNameW(NULL, path, _FRZ_OS_ENV_MAX);
    if (length == 0 || length >= _FRZ_OS_ENV_MAX) {
        _frz_os_set_errno();
        goto cleanup;
    }
    text = frz_os_utf8_string(path);
    if (text == NULL) {
        goto cleanup;
    }
    if (strlen(text) + 1 > size) {
        errno = ENAMETOOLONG;
        goto cleanup;
    }
    memcpy(out, text, strlen(text) + 1);
    rc = 0;

cleanup:
    free(text);
    free(path);
    return rc;
}

void *
frz_os_library_open(const char *path, char *error, size_t error_size)
{
    wchar_t *native = frz_os_native_string(path);
    HMODULE library = NULL;

    if (native == NULL) {
        (void)snprintf(error, error_size, "the path is not valid UTF-8");
        return NULL;
    }
    /* Its dependencies are searched in its own folder first. */
    library = LoadLibraryExW(native, NULL, LOAD_WITH_ALTERED_SEARCH_PATH);
    if (library == NULL) {
        (void)snprintf(error, error_size, "LoadLibraryExW failed with error %lu",
                       (unsigned long)GetLastError());
    }
    free(native);
    return (void *)library;
}

void *
frz_os_library_symbol(void *library, const char *symbol)
{
    FARPROC address = GetProcAddress((HMODULE)library, symbol);
    void *result;

    memcpy(&result, &address, sizeof(result));
    return result;
}

int
frz_os_list_dir(const char *path, int (*visit)(void *state, const char *name), void *state)
{
    WIN32_FIND_DATAW item;
    HANDLE find;
    wchar_t *pattern;
    char *spec;
    char *name;
    size_t length = strlen(path);
    int stop = 0;

    spec = malloc(length + 3);
    if (spec == NULL) {
        return -1;
    }
    memcpy(spec, path, length);
    memcpy(spec + length, "\\*", 3);
    pattern = frz_os_native_string(spec);
    free(spec);
    if (pattern == NULL) {
        return -1;
    }
    find = FindFirstFileW(pattern, &item);
    free(pattern);
    if (find == INVALID_HANDLE_VALUE) {
        _frz_os_set_errno();
        return -1;
    }
    do {
        if (wcscmp(item.cFileName, L".") == 0 || wcscmp(item.cFileName, L"..") == 0) {
            continue;
        }
        name = frz_os_utf8_string(item.cFileName);
        if (name != NULL) {
            stop = visit(state, name);
            free(name);
        }
    } while (!stop && FindNextFileW(find, &item));
    FindClose(find);
    return 0;
}

int
frz_os_dotnet_location(int index, char *out, size_t size, const char **label)
{
    const char *program_files;

    if (index != 0) {
        return -1;
    }
    /* As the apphost does without the registry: %ProgramFiles%\dotnet. */
    *label = "%ProgramFiles%";
    program_files = frz_os_getenv("ProgramFiles");
    if (program_files == NULL || program_files[0] == '\0' ||
        (size_t)snprintf(out, size, "%s\\dotnet", program_files) >= size) {
        return 1;
    }
    return 0;
}

void
frz_os_show_error(const char *message)
{
#if defined(FRZ_WINDOWED)
    wchar_t *text = frz_os_native_string(message);

    if (text != NULL) {
        (void)MessageBoxW(NULL, text, L"Freeze", MB_OK | MB_ICONERROR | MB_SETFOREGROUND);
        free(text);
    }
#else
    (void)message;
#endif
}

void
frz_os_yield(void)
{
    (void)SwitchToThread();
}
