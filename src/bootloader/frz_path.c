/*
 * Freeze.Sdk bootloader: path helpers (see frz_path.h).
 */
#include "frz_path.h"

#include "frz_os.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int
frz_path_executable(char *out, size_t size)
{
    return frz_os_executable(out, size);
}

/* Last separator in PATH, or NULL. */
static const char *
_frz_path_last_separator(const char *path)
{
    const char *last = NULL;

    for (; *path != '\0'; path++) {
        if (FRZ_OS_IS_SEPARATOR(*path)) {
            last = path;
        }
    }
    return last;
}

int
frz_path_dirname(char *out, size_t size, const char *path)
{
    const char *slash = _frz_path_last_separator(path);
    size_t length;

    if (slash == NULL) {
        if (size < 2) {
            return -1;
        }
        memcpy(out, ".", 2);
        return 0;
    }
    length = (size_t)(slash - path);
    /* Drop repeated separators, but keep the root. */
    while (length > 0 && FRZ_OS_IS_SEPARATOR(path[length - 1])) {
        length--;
    }
    if (length == 0) {
        length = 1;
    }
    if (length + 1 > size) {
        return -1;
    }
    memcpy(out, path, length);
    out[length] = '\0';
    return 0;
}

const char *
frz_path_basename(const char *path)
{
    const char *slash = _frz_path_last_separator(path);

    return slash == NULL ? path : slash + 1;
}

int
frz_path_join(char *out, size_t size, const char *left, const char *right)
{
    size_t left_length = strlen(left);
    size_t right_length = strlen(right);
    int separator;

    while (left_length > 1 && FRZ_OS_IS_SEPARATOR(left[left_length - 1])) {
        left_length--;
    }
    separator = left_length > 0 && !FRZ_OS_IS_SEPARATOR(left[left_length - 1]);
    if (left_length + (size_t)separator + right_length + 1 > size) {
        return -1;
    }
    /* LEFT may alias OUT: move it first. */
    memmove(out, left, left_length);
    if (separator) {
        out[left_length] = FRZ_OS_SEPARATOR;
    }
    memcpy(out + left_length + separator, right, right_length + 1);
    return 0;
}

int
frz_path_is_directory(const char *path)
{
    struct stat info;

    return frz_os_stat(path, &info) == 0 && S_ISDIR(info.st_mode);
}

int
frz_path_is_file(const char *path)
{
    struct stat info;

    return frz_os_stat(path, &info) == 0 && S_ISREG(info.st_mode);
}
