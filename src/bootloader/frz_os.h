/*
 * Freeze.Sdk bootloader: the operating-system layer.
 *
 * Concern files call these instead of the C library or the system where the
 * two families differ. frz_os_posix.c implements them for Linux and other
 * POSIX systems, frz_os_win32.c for Windows. Strings are UTF-8 on both sides;
 * the Win32 implementation converts to UTF-16 at the system boundary.
 */
#ifndef FRZ_OS_H
#define FRZ_OS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#if defined(_WIN32)
#include <wchar.h>
/* The string type of the system and of hostfxr's API (char_t). */
typedef wchar_t frz_os_char;
#define FRZ_OS_SEPARATOR '\\'
#define FRZ_OS_PATH_LIST_SEPARATOR ";"
#define FRZ_OS_HOSTFXR_NAME "hostfxr.dll"
#define FRZ_OS_IS_SEPARATOR(c) ((c) == '\\' || (c) == '/')
#else
typedef char frz_os_char;
#define FRZ_OS_SEPARATOR '/'
#define FRZ_OS_PATH_LIST_SEPARATOR ":"
#if defined(__APPLE__)
#define FRZ_OS_HOSTFXR_NAME "libhostfxr.dylib"
#else
#define FRZ_OS_HOSTFXR_NAME "libhostfxr.so"
#endif
#define FRZ_OS_IS_SEPARATOR(c) ((c) == '/')
#endif

/* Architecture names used by the .NET install locations. */
#if defined(__x86_64__)
#define FRZ_OS_ARCH "x64"
#define FRZ_OS_ARCH_UPPER "X64"
#elif defined(__aarch64__)
#define FRZ_OS_ARCH "arm64"
#define FRZ_OS_ARCH_UPPER "ARM64"
#elif defined(__arm__)
#define FRZ_OS_ARCH "arm"
#define FRZ_OS_ARCH_UPPER "ARM"
#elif defined(__i386__)
#define FRZ_OS_ARCH "x86"
#define FRZ_OS_ARCH_UPPER "X86"
#elif defined(__riscv) && __riscv_xlen == 64
#define FRZ_OS_ARCH "riscv64"
#define FRZ_OS_ARCH_UPPER "RISCV64"
#elif defined(__loongarch64)
#define FRZ_OS_ARCH "loongarch64"
#define FRZ_OS_ARCH_UPPER "LOONGARCH64"
#elif defined(__s390x__)
#define FRZ_OS_ARCH "s390x"
#define FRZ_OS_ARCH_UPPER "S390X"
#elif defined(__powerpc64__)
#define FRZ_OS_ARCH "ppc64le"
#define FRZ_OS_ARCH_UPPER "PPC64LE"
#else
#error "frz_os.h: unknown architecture"
#endif

/* stat(2), fstat(2) and fstatat(2): glibc exports them as functions only
 * since 2.33, so on glibc they are the newfstatat system call (frz_glibc.h).
 * frz_os_stat is available everywhere (on Windows it fills st_mode only);
 * the other two exist on POSIX systems only. */
int frz_os_stat(const char *path, struct stat *info);
#if !defined(_WIN32)
int frz_os_fstat(int fd, struct stat *info);
int frz_os_fstatat(int dir_fd, const char *name, struct stat *info, int flags);
#endif

/* Registers this process for private expedited membarrier(2), which the .NET
 * runtime registers for when it starts. Done while the process has one thread:
 * once it has more, the kernel makes the registration wait for an RCU grace
 * period (~10-20 ms measured), which every start would pay. Does nothing where
 * the kernel lacks the command. */
void frz_os_register_membarrier(void);

/* getenv, setenv (overwriting) and unsetenv. On Windows they work on the
 * process environment that CreateProcessW and the .NET runtime see; the
 * string frz_os_getenv returns stays valid until the variable changes. */
const char *frz_os_getenv(const char *name);
int frz_os_setenv(const char *name, const char *value);
int frz_os_unsetenv(const char *name);

/* Open PATH read-only (not inherited by child processes); a descriptor, or
 * -1 with errno set. */
int frz_os_open_read(const char *path);

/* Close a descriptor of frz_os_open_read. */
void frz_os_close(int fd);

/* One positional read (may be short): bytes read, 0 at the end, -1 with
 * errno set. Safe to call from several threads on one descriptor. */
long long frz_os_pread(int fd, void *buffer, size_t length, uint64_t offset);

/* Size of the regular file FD. Returns 0, -1 with errno set, or -2 when FD
 * is not a regular file. */
int frz_os_file_size(int fd, uint64_t *size);

/* Map LENGTH bytes of FD at OFFSET read-only. Returns the address of the
 * first byte, or NULL; *MAPPING receives what frz_os_unmap needs. */
const void *frz_os_map(int fd, uint64_t offset, size_t length, void **mapping, size_t *mapped);
void frz_os_unmap(void *mapping, size_t mapped);

/* Let another thread run (waiting for one that is nearly done). */
void frz_os_yield(void);

/* Absolute path of the running executable. Returns 0 or -1 (errno set). */
int frz_os_executable(char *out, size_t size);

/* Load a shared library by path (its own dependencies are searched next to
 * it on Windows). NULL on failure, with a reason in ERROR. */
void *frz_os_library_open(const char *path, char *error, size_t error_size);

/* Address of SYMBOL in LIBRARY, or NULL. */
void *frz_os_library_symbol(void *library, const char *symbol);

/* Call VISIT with the name of every entry of the folder PATH (not "." or
 * ".."), until VISIT returns non-zero. Returns 0, or -1 (errno set) when the
 * folder cannot be read. */
int frz_os_list_dir(const char *path, int (*visit)(void *state, const char *name), void *state);

/* Default .NET install locations after DOTNET_ROOT_<ARCH> and DOTNET_ROOT,
 * in search order: for INDEX 0, 1, ... fill OUT with a root and *LABEL with
 * where it came from (NULL for a fixed default). Returns 0, 1 when INDEX
 * gives nothing (try the next), -1 past the last. */
int frz_os_dotnet_location(int index, char *out, size_t size, const char **label);

/* Show a bootloader error to a user who has no console (the windowed
 * Windows variant: a message box); elsewhere nothing. */
void frz_os_show_error(const char *message);

/* UTF-8 to the system's strings and back; malloc'd, NULL when out of memory
 * or the text is not valid. */
frz_os_char *frz_os_native_string(const char *text);
char *frz_os_utf8_string(const frz_os_char *text);

#endif /* FRZ_OS_H */
