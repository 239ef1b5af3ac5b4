/*
 * Freeze.Sdk bootloader: path helpers. Every function checks the size of its
 * output buffer and fails instead of truncating.
 */
#ifndef FRZ_PATH_H
#define FRZ_PATH_H

#include <stddef.h>

/* Resolve the running executable (/proc/self/exe, then realpath). */
int frz_path_executable(char *out, size_t size);

/* Directory part of PATH ("/a/b" -> "/a", "/a" -> "/", "a" -> "."). */
int frz_path_dirname(char *out, size_t size, const char *path);

/* Pointer to the file name part of PATH (after the last '/'). */
const char *frz_path_basename(const char *path);

/* OUT = LEFT + "/" + RIGHT (no doubled separator). */
int frz_path_join(char *out, size_t size, const char *left, const char *right);

/* 1 when PATH is an existing directory (following symlinks). */
int frz_path_is_directory(const char *path);

/* 1 when PATH is an existing regular file (following symlinks). */
int frz_path_is_file(const char *path);

#endif /* FRZ_PATH_H */
