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

/* Registers this process for private expedited membarrier(2), which the .NET
 * runtime registers for when it starts. Done while the process has one thread:
 * once it has more, the kernel makes the registration wait for an RCU grace
 * period (~10-20 ms measured), which every start would pay. Does nothing where
 * the kernel lacks the command. */
void frz_os_register_membarrier(void);

#endif /* FRZ_OS_H */
