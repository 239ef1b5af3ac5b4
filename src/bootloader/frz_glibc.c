/*
 * Freeze.Sdk bootloader: the program's start on old glibc (see frz_glibc.h).
 *
 * The C start-up file of glibc 2.34 and later calls __libc_start_main@GLIBC_2.34
 * with no init function: that glibc finds the program's constructors itself.
 * Older glibc has only the first version, which runs the constructors through
 * the init function it is given and no other way. The program is linked with
 * --wrap=__libc_start_main, so the start-up file calls this wrapper, which
 * calls the first version with an init function that runs what the program
 * has in .init and .init_array. Every glibc, old or new, then runs them once.
 * Destructors (.fini_array) are run by the dynamic loader on every glibc.
 */
#include "frz_glibc.h"

#if defined(__GLIBC__)

#include <stddef.h>

typedef int (*_frz_glibc_main_fn)(int argc, char **argv, char **envp);
typedef void (*_frz_glibc_init_fn)(int argc, char **argv, char **envp);

int __libc_start_main_first(_frz_glibc_main_fn main, int argc, char **argv, _frz_glibc_init_fn init,
                            void (*fini)(void), void (*rtld_fini)(void), void *stack_end);
__asm__(".symver __libc_start_main_first,__libc_start_main@" FRZ_GLIBC_BASE_VERSION);

int __wrap___libc_start_main(_frz_glibc_main_fn main, int argc, char **argv,
                             _frz_glibc_init_fn init, void (*fini)(void),
                             void (*rtld_fini)(void), void *stack_end);

/* Provided by the C start-up files (crti.o) and the linker. */
extern void _init(void);
extern const _frz_glibc_init_fn __init_array_start[] __attribute__((visibility("hidden")));
extern const _frz_glibc_init_fn __init_array_end[] __attribute__((visibility("hidden")));

static void
_frz_glibc_init(int argc, char **argv, char **envp)
{
    const _frz_glibc_init_fn *constructor;

    _init();
    for (constructor = __init_array_start; constructor < __init_array_end; constructor++) {
        (*constructor)(argc, argv, envp);
    }
}

int
__wrap___libc_start_main(_frz_glibc_main_fn main, int argc, char **argv,
                         _frz_glibc_init_fn init, void (*fini)(void),
                         void (*rtld_fini)(void), void *stack_end)
{
    (void)init;
    (void)fini;
    return __libc_start_main_first(main, argc, argv, _frz_glibc_init, NULL, rtld_fini,
                                   stack_end);
}

#endif /* __GLIBC__ */
