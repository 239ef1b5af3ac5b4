/*
 * Freeze.Sdk bootloader: operating-system calls on Linux and other POSIX systems.
 */
#include "frz_os.h"

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "frz_glibc.h"

#if defined(__GLIBC__)
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

void
frz_os_register_membarrier(void)
{
#if defined(SYS_membarrier)
    /* The values of MEMBARRIER_CMD_QUERY and _REGISTER_PRIVATE_EXPEDITED (linux/membarrier.h). */
    enum { query = 0, private_expedited = 1 << 3, register_private_expedited = 1 << 4 };
    long supported = syscall(SYS_membarrier, query, 0);

    if (supported > 0 && (supported & private_expedited) != 0) {
        (void)syscall(SYS_membarrier, register_private_expedited, 0);
    }
#endif
}
