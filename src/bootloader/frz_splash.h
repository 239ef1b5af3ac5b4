/*
 * Freeze.Sdk bootloader: the splash screen (docs/splash.md).
 *
 * The OneFile parent (before it unpacks) and the OneDir main process (before
 * it hosts the app) show the image of the 'splash-image' member in a window
 * of their own thread, through Xlib opened with dlopen: no display, no
 * libX11 or an unusual visual, and the app starts as usual (the trace says
 * why). The app talks to that thread over an abstract Unix socket named by
 * _FREEZE_SPLASH_IPC (Freeze.Runtime's FreezeSplash).
 */
#ifndef FRZ_SPLASH_H
#define FRZ_SPLASH_H

#include "frz_global.h"

/* Decide whether this process shows the splash, and set _FREEZE_SPLASH_IPC
 * for the app accordingly ("0" for workers, when suppressed, or when it cannot
 * be shown). Stores the running splash in ctx->splash (NULL: none). Returns
 * -1 only when the environment cannot be set. */
int frz_splash_start(struct FRZ_CONTEXT *ctx);

/* Wait (2 s at most) until the splash thread has connected to the display:
 * Xlib reads the environment meanwhile, so call this before changing it. */
void frz_splash_wait_ready(struct FRZ_CONTEXT *ctx);

/* Close the window and end its thread; safe when none is running. */
void frz_splash_stop(struct FRZ_CONTEXT *ctx);

/* Parse a splash member of LENGTH bytes: 0 and the header fields, or -1 when
 * it is malformed. Pixels start at FRZ_SPLASH_HEADER_SIZE, the text after
 * them. */
struct FRZ_SPLASH_HEADER {
    uint32_t width;
    uint32_t height;
    int32_t text_x;
    int32_t text_y;
    uint32_t text_color; /* 0xRRGGBB */
    uint32_t text_size;  /* font pixel size */
    uint32_t text_length;
};
int frz_splash_parse_header(const unsigned char *data, size_t length, struct FRZ_SPLASH_HEADER *header);

#endif /* FRZ_SPLASH_H */
