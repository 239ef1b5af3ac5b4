/*
 * Freeze.Sdk bootloader: the splash screen (see frz_splash.h).
 *
 * The main thread reads the member and makes the listening socket, so
 * _FREEZE_SPLASH_IPC is set before the app can look; everything that may
 * take time (dlopen, connecting to the display, the window) happens in the
 * splash thread. That thread owns the display connection; it waits in poll()
 * on a stop pipe, the display, the listening socket and the one client it
 * accepts. Commands are lines: "T<text>" sets the text, "C" closes. The
 * window closes on "C", when the client's connection ends, on
 * frz_splash_stop, and when the process ends (the X server drops the windows
 * of a closed connection).
 */
#include "frz_splash.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stddef.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <X11/Xlib.h>
#include <X11/Xutil.h>

#include "frz_env.h"
#include "frz_glibc.h"
#include "frz_log.h"

/* The Xlib functions the splash calls, looked up in libX11.so.6. */
struct _FRZ_XLIB {
    Display *(*OpenDisplay)(const char *);
    int (*CloseDisplay)(Display *);
    Window (*CreateWindow)(Display *, Window, int, int, unsigned, unsigned, unsigned, int, unsigned,
                           Visual *, unsigned long, XSetWindowAttributes *);
    int (*MapRaised)(Display *, Window);
    XImage *(*CreateImage)(Display *, Visual *, unsigned, int, int, char *, unsigned, unsigned, int, int);
    int (*PutImage)(Display *, Drawable, GC, XImage *, int, int, int, int, unsigned, unsigned);
    GC (*CreateGC)(Display *, Drawable, unsigned long, XGCValues *);
    int (*FreeGC)(Display *, GC);
    XFontStruct *(*LoadQueryFont)(Display *, const char *);
    int (*FreeFont)(Display *, XFontStruct *);
    int (*SetFont)(Display *, GC, Font);
    int (*SetForeground)(Display *, GC, unsigned long);
    int (*DrawString)(Display *, Drawable, GC, int, int, const char *, int);
    int (*Pending)(Display *);
    int (*NextEvent)(Display *, XEvent *);
    int (*Flush)(Display *);
    XErrorHandler (*SetErrorHandler)(XErrorHandler);
    XIOErrorHandler (*SetIOErrorHandler)(XIOErrorHandler);
};

static const char *const _frz_xlib_names[] = {
    "XOpenDisplay", "XCloseDisplay", "XCreateWindow", "XMapRaised", "XCreateImage",
    "XPutImage", "XCreateGC", "XFreeGC", "XLoadQueryFont", "XFreeFont", "XSetFont",
    "XSetForeground", "XDrawString", "XPending", "XNextEvent", "XFlush", "XSetErrorHandler",
    "XSetIOErrorHandler",
};

_Static_assert(sizeof(struct _FRZ_XLIB) == sizeof(_frz_xlib_names) / sizeof(_frz_xlib_names[0]) * sizeof(void *),
               "one name for every Xlib function");

/* A running splash screen. */
struct FRZ_SPLASH {
    pthread_t thread;
    int stop_pipe[2];             /* the main thread writes a byte to [1] to close */
    int ready_pipe[2];            /* the thread closes [1] once Xlib has read the environment */
    int listen_fd;                /* abstract socket, until the first client; -1 after */
    struct FRZ_SPLASH_HEADER header;
    unsigned char *member;        /* the whole member; pixels at FRZ_SPLASH_HEADER_SIZE */
    char text[FRZ_SPLASH_MAX_TEXT + 1]; /* shown text, Latin-1 */
};

_Static_assert(sizeof(struct FRZ_SPLASH_HEADER) == 7 * sizeof(uint32_t), "seven 32-bit fields");

int
frz_splash_parse_header(const unsigned char *data, size_t length, struct FRZ_SPLASH_HEADER *header)
{
    uint32_t fields[7];
    uint64_t pixels;
    size_t i;

    if (length < FRZ_SPLASH_HEADER_SIZE || memcmp(data, FRZ_SPLASH_MAGIC, 8) != 0) {
        return -1;
    }
    /* The header's fields after the magic, in the order of struct FRZ_SPLASH_HEADER. */
    for (i = 0; i < 7; i++) {
        fields[i] = frz_archive_le32(data + 8 + 4 * i);
    }
    memcpy(header, fields, sizeof(fields));
    header->text_color &= 0xFFFFFFu;
    if (header->width == 0 || header->height == 0 || header->width > FRZ_SPLASH_MAX_SIDE ||
        header->height > FRZ_SPLASH_MAX_SIDE || header->text_length > FRZ_SPLASH_MAX_TEXT) {
        return -1;
    }
    pixels = (uint64_t)header->width * header->height * 4u;
    return length == FRZ_SPLASH_HEADER_SIZE + pixels + header->text_length ? 0 : -1;
}

/* UTF-8 to Latin-1 (what core fonts draw), '?' for anything beyond, into splash->text. */
static void
_frz_splash_set_text(struct FRZ_SPLASH *splash, const unsigned char *text, size_t length)
{
    size_t in = 0;
    size_t out = 0;

    while (in < length && out < FRZ_SPLASH_MAX_TEXT) {
        unsigned char c = text[in++];
        if (c < 0x80) {
            splash->text[out++] = (char)(c < 0x20 ? ' ' : c);
        } else if ((c == 0xC2 || c == 0xC3) && in < length && (text[in] & 0xC0) == 0x80) {
            splash->text[out++] = (char)(((c & 0x03) << 6) | (text[in++] & 0x3F));
        } else if ((c & 0xC0) != 0x80) {
            splash->text[out++] = '?';
        }
    }
    splash->text[out] = '\0';
}

/* Sink of frz_archive_read_member: append to a buffer of the member's size. */
struct _FRZ_SPLASH_BUFFER {
    unsigned char *data;
    size_t used;
    size_t size;
};

static int
_frz_splash_sink(void *state, const unsigned char *data, size_t length)
{
    struct _FRZ_SPLASH_BUFFER *buffer = state;

    if (length > buffer->size - buffer->used) {
        return -1;
    }
    memcpy(buffer->data + buffer->used, data, length);
    buffer->used += length;
    return 0;
}

/* Draw the image and the text. */
static void
_frz_splash_draw(const struct _FRZ_XLIB *x, Display *display, Window window, GC gc, XImage *image,
                 const struct FRZ_SPLASH *splash)
{
    x->PutImage(display, window, gc, image, 0, 0, 0, 0, splash->header.width, splash->header.height);
    x->DrawString(display, window, gc, splash->header.text_x, splash->header.text_y, splash->text,
                  (int)strlen(splash->text));
    x->Flush(display);
}

/* Handle what the client sent (LINE holds one whole command). Returns 1 to
 * close, 0 to go on. */
static int
_frz_splash_command(struct FRZ_SPLASH *splash, const char *line, size_t length)
{
    if (length > 0 && line[0] == 'T') {
        _frz_splash_set_text(splash, (const unsigned char *)line + 1, length - 1);
        return 0;
    }
    return length > 0 && line[0] == 'C';
}

/* Read from the client; returns 1 to close (command, end of connection,
 * error), 0 to go on. *redraw is set when the text changed. */
static int
_frz_splash_read_client(struct FRZ_SPLASH *splash, int fd, char *pending, size_t *used, int *redraw)
{
    ssize_t got = read(fd, pending + *used, FRZ_SPLASH_MAX_TEXT + 2 - *used);
    char *newline;

    if (got < 0 && errno == EINTR) {
        return 0;
    }
    if (got <= 0) {
        return 1;
    }
    *used += (size_t)got;
    while ((newline = memchr(pending, '\n', *used)) != NULL) {
        size_t length = (size_t)(newline - pending);
        if (_frz_splash_command(splash, pending, length)) {
            return 1;
        }
        *redraw = 1;
        memmove(pending, newline + 1, *used - length - 1);
        *used -= length + 1;
    }
    /* A command longer than the longest text: not from Freeze.Runtime. */
    return *used == FRZ_SPLASH_MAX_TEXT + 2;
}

/* Accept the one client, if it runs as our user. */
static int
_frz_splash_accept(struct FRZ_SPLASH *splash)
{
    struct ucred peer;
    socklen_t size = sizeof(peer);
    int fd = accept4(splash->listen_fd, NULL, NULL, SOCK_CLOEXEC);

    if (fd < 0) {
        return -1;
    }
    if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &peer, &size) != 0 || peer.uid != getuid()) {
        (void)close(fd);
        return -1;
    }
    /* One client: later connections are refused. */
    (void)close(splash->listen_fd);
    splash->listen_fd = -1;
    return fd;
}

/* Show the window and serve the client until told to close. */
static void
_frz_splash_serve(struct FRZ_SPLASH *splash, const struct _FRZ_XLIB *x, Display *display)
{
    int screen = DefaultScreen(display);
    Visual *visual = DefaultVisual(display, screen);
    int depth = DefaultDepth(display, screen);
    XSetWindowAttributes attributes;
    XFontStruct *font = NULL;
    XImage *image = NULL;
    Window window;
    GC gc;
    char pattern[96];
    char pending[FRZ_SPLASH_MAX_TEXT + 2];
    size_t used = 0;
    int client = -1;
    int redraw = 0;

    if ((depth != 24 && depth != 32) || visual->red_mask != 0xFF0000 ||
        visual->green_mask != 0xFF00 || visual->blue_mask != 0xFF) {
        FRZ_TRACE("splash: not shown: the display's visual is not 24-bit true colour (depth %d)", depth);
        return;
    }
    memset(&attributes, 0, sizeof(attributes));
    attributes.override_redirect = True;
    attributes.event_mask = ExposureMask;
    window = x->CreateWindow(display, RootWindow(display, screen),
                             (DisplayWidth(display, screen) - (int)splash->header.width) / 2,
                             (DisplayHeight(display, screen) - (int)splash->header.height) / 2,
                             splash->header.width, splash->header.height, 0, depth, InputOutput,
                             visual, CWOverrideRedirect | CWEventMask, &attributes);
    gc = x->CreateGC(display, window, 0, NULL);
    image = x->CreateImage(display, visual, (unsigned)depth, ZPixmap, 0,
                           (char *)splash->member + FRZ_SPLASH_HEADER_SIZE, splash->header.width,
                           splash->header.height, 32, (int)splash->header.width * 4);
    if (image == NULL) {
        return;
    }
    image->byte_order = LSBFirst;
    (void)snprintf(pattern, sizeof(pattern), "-*-helvetica-medium-r-normal--%u-*-*-*-*-*-iso8859-1",
                   (unsigned)splash->header.text_size);
    font = x->LoadQueryFont(display, pattern);
    if (font == NULL) {
        font = x->LoadQueryFont(display, "fixed");
    }
    if (font != NULL) {
        x->SetFont(display, gc, font->fid);
    }
    x->SetForeground(display, gc, splash->header.text_color);
    x->MapRaised(display, window);
    x->Flush(display);
    FRZ_TRACE("splash: shown (%ux%u)", (unsigned)splash->header.width, (unsigned)splash->header.height);

    for (;;) {
        struct pollfd fds[3];
        XEvent event;

        while (x->Pending(display) > 0) {
            x->NextEvent(display, &event);
            redraw |= event.type == Expose && event.xexpose.count == 0;
        }
        if (redraw) {
            _frz_splash_draw(x, display, window, gc, image, splash);
            redraw = 0;
        }
        fds[0].fd = splash->stop_pipe[0];
        fds[1].fd = ConnectionNumber(display);
        fds[2].fd = client >= 0 ? client : splash->listen_fd;
        fds[0].events = fds[1].events = fds[2].events = POLLIN;
        fds[0].revents = fds[1].revents = fds[2].revents = 0;
        if (poll(fds, fds[2].fd >= 0 ? 3 : 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        if (fds[0].revents != 0 || (fds[1].revents & (POLLERR | POLLHUP)) != 0) {
            break;
        }
        if (fds[2].revents != 0 && client < 0) {
            client = _frz_splash_accept(splash);
        } else if (fds[2].revents != 0 &&
                   _frz_splash_read_client(splash, client, pending, &used, &redraw) != 0) {
            break;
        }
    }
    if (client >= 0) {
        (void)close(client);
    }
    /* The pixels belong to the member: XDestroyImage would free them. */
    image->data = NULL;
    XDestroyImage(image);
    if (font != NULL) {
        x->FreeFont(display, font);
    }
    x->FreeGC(display, gc);
}

/* XOpenDisplay reads the environment (DISPLAY, XAUTHORITY, HOME): until then the main thread
 * changes none of it (frz_splash_wait_ready), since setenv may free what getenv reads. */
static void
_frz_splash_ready(struct FRZ_SPLASH *splash)
{
    if (splash->ready_pipe[1] >= 0) {
        (void)close(splash->ready_pipe[1]);
        splash->ready_pipe[1] = -1;
    }
}

/* Xlib's default handlers end the process: a protocol error is ignored instead,
 * and a lost display connection ends only this thread. */
static int
_frz_splash_on_error(Display *display, XErrorEvent *event)
{
    (void)display;
    (void)event;
    return 0;
}

static int
_frz_splash_on_io_error(Display *display)
{
    (void)display;
    FRZ_TRACE("splash: the display connection broke");
    pthread_exit(NULL);
}

/* A busy X server refuses a connection with EAGAIN while its listen queue is
 * full, or resets it during the handshake (Xvfb: 94 of 1,000 back-to-back
 * XOpenDisplay calls failed, none with these retries); Xlib does not try again,
 * so this does, for 100 ms at most. */
static Display *
_frz_splash_open_display(const struct _FRZ_XLIB *x)
{
    const struct timespec pause = { 0, 20 * 1000 * 1000 };
    Display *display;
    int attempt;

    for (attempt = 1;; attempt++) {
        errno = 0;
        display = x->OpenDisplay(NULL);
        if (display != NULL || (errno != EAGAIN && errno != ECONNRESET) || attempt == 5) {
            return display;
        }
        FRZ_TRACE("splash: the display refused the connection (%s), trying again", strerror(errno));
        (void)nanosleep(&pause, NULL);
    }
}

static void *
_frz_splash_thread(void *argument)
{
    struct FRZ_SPLASH *splash = argument;
    struct _FRZ_XLIB x;
    void *library;
    Display *display;
    sigset_t all;
    size_t i;

    /* Signals are for the main thread and the runtime's. */
    if (sigfillset(&all) == 0) {
        (void)pthread_sigmask(SIG_BLOCK, &all, NULL);
    }
    library = dlopen("libX11.so.6", RTLD_LAZY | RTLD_LOCAL);
    if (library == NULL) {
        FRZ_TRACE("splash: not shown: %s", dlerror());
        goto cleanup;
    }
    for (i = 0; i < sizeof(_frz_xlib_names) / sizeof(_frz_xlib_names[0]); i++) {
        void *symbol = dlsym(library, _frz_xlib_names[i]);
        if (symbol == NULL) {
            FRZ_TRACE("splash: not shown: libX11.so.6 has no %s", _frz_xlib_names[i]);
            goto cleanup;
        }
        memcpy((char *)&x + i * sizeof(symbol), &symbol, sizeof(symbol));
    }
    x.SetErrorHandler(_frz_splash_on_error);
    x.SetIOErrorHandler(_frz_splash_on_io_error);
    display = _frz_splash_open_display(&x);
    _frz_splash_ready(splash);
    if (display == NULL) {
        FRZ_TRACE("splash: not shown: cannot open the display %s", getenv("DISPLAY"));
        goto cleanup;
    }
    /* The app and its children must not hold the connection: the window goes with this process. */
    (void)fcntl(ConnectionNumber(display), F_SETFD, FD_CLOEXEC);
    _frz_splash_serve(splash, &x, display);
    x.CloseDisplay(display);

cleanup:
    _frz_splash_ready(splash);
    /* Libraries Xlib loaded may have registered exit handlers: it stays loaded. */
    if (splash->listen_fd >= 0) {
        (void)close(splash->listen_fd);
        splash->listen_fd = -1;
    }
    free(splash->member);
    splash->member = NULL;
    return NULL;
}

/* Close the pipes that are open and free SPLASH (its thread has ended or never ran). */
static void
_frz_splash_free(struct FRZ_SPLASH *splash)
{
    int i;

    for (i = 0; i < 2; i++) {
        if (splash->stop_pipe[i] >= 0) {
            (void)close(splash->stop_pipe[i]);
        }
        if (splash->ready_pipe[i] >= 0) {
            (void)close(splash->ready_pipe[i]);
        }
    }
    free(splash);
}

/* Read and check the member; NULL with a trace line when it is unusable. */
static unsigned char *
_frz_splash_read_member(struct FRZ_CONTEXT *ctx, struct FRZ_SPLASH_HEADER *header)
{
    const struct FRZ_TOC_ENTRY *entry =
        frz_archive_find(&ctx->archive, FRZ_TYPE_DATA, ctx->archive.options.splash_image);
    struct _FRZ_SPLASH_BUFFER buffer = { NULL, 0, 0 };

    if (entry != NULL && entry->full_length <= FRZ_SPLASH_HEADER_SIZE + FRZ_SPLASH_MAX_TEXT +
                                                  4ull * FRZ_SPLASH_MAX_SIDE * FRZ_SPLASH_MAX_SIDE) {
        buffer.size = (size_t)entry->full_length;
        buffer.data = malloc(buffer.size > 0 ? buffer.size : 1);
    }
    if (buffer.data == NULL || frz_archive_read_member(&ctx->archive, entry, _frz_splash_sink, &buffer) != 0 ||
        frz_splash_parse_header(buffer.data, buffer.used, header) != 0) {
        FRZ_TRACE("splash: not shown: member %s is missing, unreadable or malformed",
                  ctx->archive.options.splash_image);
        free(buffer.data);
        return NULL;
    }
    return buffer.data;
}

/* Bind a listening abstract socket; writes its _FREEZE_SPLASH_IPC value to NAME. */
static int
_frz_splash_listen(char *name, size_t size)
{
    struct sockaddr_un address;
    socklen_t length;
    int fd;

    /* The pid makes the name unique in this PID namespace; the address and the time in the others. */
    (void)snprintf(name, size, FRZ_SPLASH_IPC_ABSTRACT_PREFIX "freeze-splash-%ld-%lx", (long)getpid(),
                   (unsigned long)(((uintptr_t)&address >> 4) ^ (uintptr_t)time(NULL)));
    memset(&address, 0, sizeof(address));
    address.sun_family = AF_UNIX;
    /* sun_path[0] stays NUL: the abstract namespace, nothing on disk to remove after a crash. */
    length = (socklen_t)strlen(name + 1);
    memcpy(address.sun_path + 1, name + 1, length);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return -1;
    }
    if (bind(fd, (struct sockaddr *)&address, (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + length)) != 0 ||
        listen(fd, 4) != 0) {
        (void)close(fd);
        return -1;
    }
    return fd;
}

int
frz_splash_start(struct FRZ_CONTEXT *ctx)
{
    /* A OneFile main process shows it when no parent did: started from the extraction cache. */
    int shows = ctx->process_level == FRZ_LEVEL_MAIN
                    ? !ctx->onefile || getenv(FRZ_ENV_SPLASH_IPC) == NULL
                    : ctx->onefile && ctx->process_level == FRZ_LEVEL_TOP;
    const char *value = getenv(FRZ_ENV_SUPPRESS_SPLASH);
    struct FRZ_SPLASH *splash = NULL;
    char name[64];

    ctx->splash = NULL;
    if (ctx->archive.options.splash_image == NULL) {
        return 0;
    }
    if (!shows) {
        /* The OneFile main process keeps what its parent set; a worker never has a splash. */
        return ctx->process_level == FRZ_LEVEL_WORKER ? frz_env_set(FRZ_ENV_SPLASH_IPC, FRZ_SPLASH_IPC_NONE) : 0;
    }
    if (value != NULL && strcmp(value, "1") == 0) {
        FRZ_TRACE("splash: not shown: %s=1", FRZ_ENV_SUPPRESS_SPLASH);
        goto none;
    }
    value = getenv("DISPLAY");
    if (value == NULL || value[0] == '\0') {
        FRZ_TRACE("splash: not shown: DISPLAY is not set");
        goto none;
    }
    splash = calloc(1, sizeof(*splash));
    if (splash == NULL) {
        goto none;
    }
    splash->listen_fd = -1;
    splash->stop_pipe[0] = splash->stop_pipe[1] = splash->ready_pipe[0] = splash->ready_pipe[1] = -1;
    splash->member = _frz_splash_read_member(ctx, &splash->header);
    if (splash->member == NULL) {
        goto none;
    }
    _frz_splash_set_text(splash, splash->member + FRZ_SPLASH_HEADER_SIZE +
                                     4ull * splash->header.width * splash->header.height,
                         splash->header.text_length);
    splash->listen_fd = _frz_splash_listen(name, sizeof(name));
    if (splash->listen_fd < 0 || pipe2(splash->stop_pipe, O_CLOEXEC) != 0 ||
        pipe2(splash->ready_pipe, O_CLOEXEC) != 0) {
        FRZ_TRACE("splash: not shown: cannot make its socket: %s", strerror(errno));
        goto none;
    }
    /* Set before the thread starts: it reads the environment. */
    if (frz_env_set(FRZ_ENV_SPLASH_IPC, name) != 0 ||
        pthread_create(&splash->thread, NULL, _frz_splash_thread, splash) != 0) {
        goto none;
    }
    ctx->splash = splash;
    return 0;

none:
    if (splash != NULL) {
        if (splash->listen_fd >= 0) {
            (void)close(splash->listen_fd);
        }
        free(splash->member);
        _frz_splash_free(splash);
    }
    return frz_env_set(FRZ_ENV_SPLASH_IPC, FRZ_SPLASH_IPC_NONE);
}

void
frz_splash_stop(struct FRZ_CONTEXT *ctx)
{
    struct FRZ_SPLASH *splash = ctx->splash;
    int rc;

    if (splash == NULL) {
        return;
    }
    ctx->splash = NULL;
    do {
        rc = (int)write(splash->stop_pipe[1], "x", 1);
    } while (rc < 0 && errno == EINTR);
    rc = pthread_join(splash->thread, NULL);
    if (rc != 0) {
        FRZ_TRACE("splash: pthread_join: %s", strerror(rc));
    }
    _frz_splash_free(splash);
}

void
frz_splash_wait_ready(struct FRZ_CONTEXT *ctx)
{
    struct pollfd ready;

    if (ctx->splash == NULL || ctx->splash->ready_pipe[0] < 0) {
        return;
    }
    /* Bounded: a display that hangs must not hold the app. */
    ready.fd = ctx->splash->ready_pipe[0];
    ready.events = POLLIN;
    ready.revents = 0;
    /* Signals are held (OneFile parent) or have no handler yet (OneDir): poll is not interrupted. */
    (void)poll(&ready, 1, 2000);
    (void)close(ctx->splash->ready_pipe[0]);
    ctx->splash->ready_pipe[0] = -1;
}
