/*
 * Freeze.Sdk bootloader: errors and debug tracing (see frz_log.h).
 */
#include "frz_log.h"

#include "frz_contract.h"
#include "frz_os.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Prefix of error lines: the file name of the executable. */
static const char *_frz_log_program = "freeze-run";
/* 1 when trace lines are printed. */
static int _frz_log_trace = 0;

void
frz_log_init(const char *program_name)
{
    const char *value;

    if (program_name != NULL && program_name[0] != '\0') {
        _frz_log_program = program_name;
    }
#if defined(FRZ_DEBUG)
    _frz_log_trace = 1;
#endif
    value = frz_os_getenv(FRZ_ENV_TRACE);
    if (value != NULL && value[0] != '\0' && strcmp(value, "0") != 0) {
        _frz_log_trace = 1;
    }
}

int
frz_log_trace_enabled(void)
{
    return _frz_log_trace;
}

static void
_frz_log_line(const char *kind, const char *code, const char *fmt, va_list ap)
{
    char message[2048];

    /* Format first so that the line reaches stderr in one write. */
    if (vsnprintf(message, sizeof(message), fmt, ap) < 0) {
        message[0] = '\0';
    }
    (void)fprintf(stderr, "%s: %s %s: %s\n", _frz_log_program, kind, code, message);
    (void)fflush(stderr);
    /* A traced run is scripted or watched on stderr: no dialog to block it. */
    if (!_frz_log_trace && strcmp(kind, "error") == 0) {
        char line[2304];

        (void)snprintf(line, sizeof(line), "%s: %s %s: %s", _frz_log_program, kind, code, message);
        frz_os_show_error(line);
    }
}

void
frz_log_error(const char *code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    _frz_log_line("error", code, fmt, ap);
    va_end(ap);
}

void
frz_log_warning(const char *code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    _frz_log_line("warning", code, fmt, ap);
    va_end(ap);
}

void
frz_log_trace(const char *fmt, ...)
{
    char message[2048];
    va_list ap;

    va_start(ap, fmt);
    if (vsnprintf(message, sizeof(message), fmt, ap) < 0) {
        message[0] = '\0';
    }
    va_end(ap);
    (void)fprintf(stderr, "[FRZ-%ld:DEBUG] %s\n", (long)getpid(), message);
    (void)fflush(stderr);
}
