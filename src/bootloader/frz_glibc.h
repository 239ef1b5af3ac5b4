/*
 * Freeze.Sdk bootloader: run on every glibc the .NET runtime runs on.
 *
 * A program linked on this Debian 12 build machine asks for the newest
 * version of each glibc symbol it calls: dlopen@GLIBC_2.34, stat@GLIBC_2.33,
 * __libc_start_main@GLIBC_2.34... and then fails to start on any older
 * glibc. The .NET 10 runtime needs only GLIBC_2.27 (x64). So the bootloader
 * binds every symbol whose newest version is above that floor to its
 * original version (glibc keeps old versions for binary compatibility):
 *
 * - dlopen, dlsym, dlerror, pthread_create, pthread_join, pthread_exit,
 *   pthread_attr_setstacksize, pthread_sigmask: pinned here with
 *   .symver to the architecture's first glibc version. Until glibc 2.34 they
 *   lived in libdl and libpthread, so the bootloader links both (as needed
 *   entries), where those versions are found on an old system.
 * - stat, fstat, fstatat: before glibc 2.33 they were not functions of libc
 *   at all (inline wrappers around __xstat); the bootloader calls them
 *   through frz_os.h, which uses the newfstatat system call on glibc.
 * - __libc_start_main, called by the C start-up file: frz_glibc.c
 *   (linked with --wrap=__libc_start_main).
 *
 * tests (BootloaderGlibcFloorTests) read the bootloaders' version needs and
 * fail on any symbol above the floor. Include this header in every file that
 * calls a pinned function.
 */
#ifndef FRZ_GLIBC_H
#define FRZ_GLIBC_H

#include <features.h>

#if defined(__GLIBC__)

#if defined(__x86_64__)
#define FRZ_GLIBC_BASE_VERSION "GLIBC_2.2.5"
#elif defined(__aarch64__)
#define FRZ_GLIBC_BASE_VERSION "GLIBC_2.17"
#else
#error "frz_glibc.h: the first glibc version of this architecture is unknown"
#endif

#define _FRZ_GLIBC_PIN(symbol) __asm__(".symver " #symbol "," #symbol "@" FRZ_GLIBC_BASE_VERSION)

_FRZ_GLIBC_PIN(dlopen);
_FRZ_GLIBC_PIN(dlsym);
_FRZ_GLIBC_PIN(dlerror);
_FRZ_GLIBC_PIN(pthread_create);
_FRZ_GLIBC_PIN(pthread_join);
_FRZ_GLIBC_PIN(pthread_exit);
_FRZ_GLIBC_PIN(pthread_attr_setstacksize);
_FRZ_GLIBC_PIN(pthread_sigmask);

#endif /* __GLIBC__ */

#endif /* FRZ_GLIBC_H */
