/*
 * Freeze.Sdk bootloader: entry point. Fills the context and runs frz_main.
 */
#include <string.h>

#include "frz_global.h"

/* Static: the context holds several path buffers. */
static struct FRZ_CONTEXT _frz_context;

int
main(int argc, char **argv)
{
    memset(&_frz_context, 0, sizeof(_frz_context));
    _frz_context.archive.fd = -1;
    _frz_context.instance_fd = -1;
    _frz_context.argc = argc;
    _frz_context.argv = argv;
    return frz_main(&_frz_context);
}
