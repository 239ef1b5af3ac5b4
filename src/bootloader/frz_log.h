/*
 * Freeze.Sdk bootloader: errors and debug tracing.
 *
 * Errors: frz_log_error() prints exactly one line,
 *   "<program>: error FRZ03nn: <message>"
 * Tracing: FRZ_TRACE() prints "[FRZ-<pid>:DEBUG] <message>". It is always on
 * in the debug variant (built with FRZ_DEBUG) and in any variant when the
 * environment variable FREEZE_TRACE is set to a value other than "" or "0".
 */
#ifndef FRZ_LOG_H
#define FRZ_LOG_H

#include <stdarg.h>

#if defined(__GNUC__)
#define FRZ_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define FRZ_PRINTF(a, b)
#endif

/* Remember the program name used as the prefix of error lines, and decide
 * whether tracing is on. */
void frz_log_init(const char *program_name);

/* Is tracing on? */
int frz_log_trace_enabled(void);

/* "<program>: error <code>: <message>" on stderr. */
void frz_log_error(const char *code, const char *fmt, ...) FRZ_PRINTF(2, 3);

/* "<program>: warning <code>: <message>" on stderr. */
void frz_log_warning(const char *code, const char *fmt, ...) FRZ_PRINTF(2, 3);

/* "[FRZ-<pid>:DEBUG] <message>" on stderr. Use through FRZ_TRACE. */
void frz_log_trace(const char *fmt, ...) FRZ_PRINTF(1, 2);

#define FRZ_TRACE(...)                       \
    do {                                     \
        if (frz_log_trace_enabled()) {       \
            frz_log_trace(__VA_ARGS__);      \
        }                                    \
    } while (0)

#endif /* FRZ_LOG_H */
