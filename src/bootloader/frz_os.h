/*
 * Freeze.Sdk bootloader: operating-system calls whose binding differs between
 * the C libraries the bootloader runs on.
 */
#ifndef FRZ_OS_H
#define FRZ_OS_H

#include <sys/stat.h>

/* stat(2), fstat(2) and fstatat(2): glibc exports them as functions only
 * since 2.33, so on glibc they are the newfstatat system call (frz_glibc.h). */
int frz_os_stat(const char *path, struct stat *info);
int frz_os_fstat(int fd, struct stat *info);
int frz_os_fstatat(int dir_fd, const char *name, struct stat *info, int flags);

#endif /* FRZ_OS_H */
