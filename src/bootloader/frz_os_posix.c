/*
 * Freeze.Sdk bootloader: operating-system calls on Linux and other POSIX systems.
 */
#include "frz_os.h"

#include <ctype.h>
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <sched.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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

const char *
frz_os_getenv(const char *name)
{
    return getenv(name);
}

int
frz_os_setenv(const char *name, const char *value)
{
    return setenv(name, value, 1);
}

int
frz_os_unsetenv(const char *name)
{
    return unsetenv(name);
}

int
frz_os_open_read(const char *path)
{
    return open(path, O_RDONLY | O_CLOEXEC);
}

void
frz_os_close(int fd)
{
    if (fd >= 0) {
        (void)close(fd);
    }
}

long long
frz_os_pread(int fd, void *buffer, size_t length, uint64_t offset)
{
    return (long long)pread(fd, buffer, length, (off_t)offset);
}

int
frz_os_file_size(int fd, uint64_t *size)
{
    struct stat info;

    if (frz_os_fstat(fd, &info) != 0) {
        return -1;
    }
    if (!S_ISREG(info.st_mode)) {
        return -2;
    }
    *size = (uint64_t)info.st_size;
    return 0;
}

const void *
frz_os_map(int fd, uint64_t offset, size_t length, void **mapping, size_t *mapped)
{
    long page = sysconf(_SC_PAGESIZE);
    uint64_t start;
    void *view;

    if (page <= 0) {
        return NULL;
    }
    start = offset - offset % (uint64_t)page;
    *mapped = (size_t)(offset - start + length);
    view = mmap(NULL, *mapped, PROT_READ, MAP_PRIVATE, fd, (off_t)start);
    if (view == MAP_FAILED) {
        return NULL;
    }
    *mapping = view;
    return (const unsigned char *)view + (offset - start);
}

void
frz_os_unmap(void *mapping, size_t mapped)
{
    (void)munmap(mapping, mapped);
}

int
frz_os_executable(char *out, size_t size)
{
    char resolved[PATH_MAX];
    size_t length;

#if defined(__linux__)
    if (realpath("/proc/self/exe", resolved) == NULL) {
        return -1;
    }
#else
#error "frz_os_executable: add the way this platform finds its own executable"
#endif
    length = strlen(resolved);
    if (length + 1 > size) {
        errno = ENAMETOOLONG;
        return -1;
    }
    memcpy(out, resolved, length + 1);
    return 0;
}

void *
frz_os_library_open(const char *path, char *error, size_t error_size)
{
    void *library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    const char *reason;

    if (library == NULL) {
        reason = dlerror();
        (void)snprintf(error, error_size, "%s", reason != NULL ? reason : "dlopen failed");
    }
    return library;
}

void *
frz_os_library_symbol(void *library, const char *symbol)
{
    return dlsym(library, symbol);
}

int
frz_os_list_dir(const char *path, int (*visit)(void *state, const char *name), void *state)
{
    struct dirent *item;
    DIR *dir = opendir(path);

    if (dir == NULL) {
        return -1;
    }
    while ((item = readdir(dir)) != NULL) {
        if (strcmp(item->d_name, ".") == 0 || strcmp(item->d_name, "..") == 0) {
            continue;
        }
        if (visit(state, item->d_name) != 0) {
            break;
        }
    }
    (void)closedir(dir);
    return 0;
}

/* First line of an install_location file, trimmed; 0 or -1. */
static int
_frz_os_read_install_location(const char *file, char *out, size_t size)
{
    FILE *stream;
    size_t length;
    int rc = -1;

    stream = fopen(file, "re");
    if (stream == NULL) {
        return -1;
    }
    if (fgets(out, (int)size, stream) == NULL) {
        goto cleanup;
    }
    length = strlen(out);
    while (length > 0 && isspace((unsigned char)out[length - 1])) {
        out[--length] = '\0';
    }
    rc = length > 0 ? 0 : -1;

cleanup:
    (void)fclose(stream);
    return rc;
}

int
frz_os_dotnet_location(int index, char *out, size_t size, const char **label)
{
    static const char *const location_files[] = {
        "/etc/dotnet/install_location_" FRZ_OS_ARCH, "/etc/dotnet/install_location"
    };
    static const char *const defaults[] = { "/usr/share/dotnet", "/usr/lib/dotnet" };
    const size_t files = sizeof(location_files) / sizeof(location_files[0]);
    const size_t count = files + sizeof(defaults) / sizeof(defaults[0]);

    if (index < 0 || (size_t)index >= count) {
        return -1;
    }
    if ((size_t)index < files) {
        *label = location_files[index];
        return _frz_os_read_install_location(location_files[index], out, size) == 0 ? 0 : 1;
    }
    *label = NULL;
    if (strlen(defaults[(size_t)index - files]) + 1 > size) {
        return 1;
    }
    memcpy(out, defaults[(size_t)index - files], strlen(defaults[(size_t)index - files]) + 1);
    return 0;
}

frz_os_char *
frz_os_native_string(const char *text)
{
    return strdup(text);
}

char *
frz_os_utf8_string(const frz_os_char *text)
{
    return strdup(text);
}

void
frz_os_show_error(const char *message)
{
    (void)message;
}

void
frz_os_yield(void)
{
    (void)sched_yield();
}
