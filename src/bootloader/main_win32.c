/*
 * Freeze.Sdk bootloader: Windows entry point (console and windowed
 * variants). Takes the UTF-16 arguments, makes them UTF-8 and runs frz_main.
 */
#include <stdlib.h>
#include <wchar.h>

#include "frz_error_codes.h"
#include "frz_global.h"
#include "frz_log.h"
#include "frz_os.h"

int
wmain(int argc, wchar_t **argv)
{
    /* On the heap: the context holds several path buffers. */
    struct FRZ_CONTEXT *ctx = calloc(1, sizeof(*ctx));
    char **utf8_argv = calloc((size_t)(argc > 0 ? argc : 0) + 1, sizeof(char *));
    int i;

    if (ctx == NULL || utf8_argv == NULL) {
        return FRZ_EXIT_ENVIRONMENT;
    }
    for (i = 0; i < argc; i++) {
        utf8_argv[i] = frz_os_utf8_string(argv[i]);
        if (utf8_argv[i] == NULL) {
            frz_log_error(FRZ_CODE_ENVIRONMENT, "argument %d cannot be converted to UTF-8", i);
            return FRZ_EXIT_ENVIRONMENT;
        }
    }
    ctx->archive.fd = -1;
    ctx->instance_fd = -1;
    ctx->argc = argc;
    ctx->argv = utf8_argv;
    return frz_main(ctx);
}
