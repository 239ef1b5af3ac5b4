/*
 * Freeze.Sdk bootloader: operating-system calls on Linux and other POSIX systems.
 */
#include "frz_os.h"

#include <fcntl.h>

#include "frz_glibc.h"

#if defined(__GLIBC__)
#include <sys/syscall.h>
#include <unistd.h>

int
frz_os_fstatat(int dir_fd, const char *name, struct stat *info, int flags)
{
    /* On 64-bit Linux, glibc's struct stat is the kernel's. */
    return (int)syscall(SYS_newfstatat, dir_fd, name, info, flags);
}
#else
int
frz_os_fstatat(int dir_fd, const char *name, struct stat *info, int flags)
{
    return fstatat(dir_fd, name, info, flags);
}
#endif

int
frz_os_stat(const char *path, struct stat *info)
{
    return frz_os_fstatat(AT_FDCWD, path, info, 0);
}

int
frz_os_fstat(int fd, struct stat *info)
{
    return frz_os_fstatat(fd, "", info, AT_EMPTY_PATH);
}
