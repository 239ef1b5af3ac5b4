/*
 * Freeze.Sdk bootloader: the OneFile temp folder (create, fill, remove).
 *
 * Members are written with *at() calls relative to the folder's descriptor,
 * one validated path segment at a time, never following a symbolic link, so
 * nothing can be written outside the folder even by a hostile package.
 */
#include "frz_extract.h"

#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "frz_error_codes.h"
#include "frz_glibc.h"
#include "frz_inflate.h"
#include "frz_log.h"
#include "frz_os.h"
#include "frz_path.h"

/* State of the sink that writes a member to a file. */
struct _FRZ_EXTRACT_SINK {
    struct FRZ_ARCHIVE *archive; /* for error messages */
    const char *name;            /* member name */
    int fd;                      /* destination file */
    int error_number;            /* errno of a failed write, else 0 */
};

/* Collects a link target in memory. */
struct _FRZ_EXTRACT_LINK {
    struct FRZ_ARCHIVE *archive;
    const char *name;
    char target[FRZ_LINK_TARGET_MAX + 1];
    size_t length;
};

static int
_frz_extract_collect(void *state, const unsigned char *data, size_t length)
{
    struct _FRZ_EXTRACT_LINK *link = state;

    if (length > FRZ_LINK_TARGET_MAX - link->length) {
        frz_archive_set_error(link->archive, "the target of link %s is too long", link->name);
        return -1;
    }
    memcpy(link->target + link->length, data, length);
    link->length += length;
    link->target[link->length] = '\0';
    return 0;
}

/* Create the symbolic link ENTRY as SEGMENT in DIR_FD. */
static int
_frz_extract_link(struct FRZ_ARCHIVE *archive, const struct FRZ_TOC_ENTRY *entry, int dir_fd,
                  const char *segment)
{
    struct _FRZ_EXTRACT_LINK *link;
    int rc = FRZ_EXTRACT_FAILED;

    link = calloc(1, sizeof(*link));
    if (link == NULL) {
        frz_archive_set_error(archive, "out of memory extracting %s", entry->name);
        goto cleanup;
    }
    link->archive = archive;
    link->name = entry->name;
    if (frz_archive_read_member(archive, entry, _frz_extract_collect, link) != 0) {
        goto cleanup;
    }
    if (strlen(link->target) != link->length ||
        !frz_archive_is_valid_link(entry->name, link->target, link->length)) {
        frz_archive_set_error(archive, "member %s is a symbolic link to '%s', outside the bundle",
                              entry->name, link->target);
        rc = FRZ_EXTRACT_LINK_OUTSIDE;
        goto cleanup;
    }
    if (symlinkat(link->target, dir_fd, segment) != 0) {
        if (errno == EEXIST) {
            frz_archive_set_error(archive, "duplicate member %s", entry->name);
            rc = FRZ_EXTRACT_DUPLICATE;
        } else if (errno == EPERM || errno == EOPNOTSUPP || errno == ENOSYS) {
            frz_archive_set_error(archive, "cannot create the symbolic link %s: %s", entry->name,
                                  strerror(errno));
            rc = FRZ_EXTRACT_NO_SYMLINKS;
        } else {
            frz_archive_set_error(archive, "cannot create the symbolic link %s: %s", entry->name,
                                  strerror(errno));
        }
        goto cleanup;
    }
    rc = FRZ_EXTRACT_OK;

cleanup:
    free(link);
    return rc;
}

static int
_frz_extract_write(void *state, const unsigned char *data, size_t length)
{
    struct _FRZ_EXTRACT_SINK *sink = state;
    ssize_t written;

    while (length > 0) {
        written = write(sink->fd, data, length);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            sink->error_number = errno;
            frz_archive_set_error(sink->archive, "cannot write %s: %s", sink->name,
                                  strerror(errno));
            return -1;
        }
        data += written;
        length -= (size_t)written;
    }
    return 0;
}

int
frz_extract_member(struct FRZ_ARCHIVE *archive, const struct FRZ_TOC_ENTRY *entry, int root_fd)
{
    struct _FRZ_EXTRACT_SINK sink;
    char *path = NULL;
    char *segment;
    char *slash;
    int dir_fd = root_fd;
    int next_fd;
    int fd = -1;
    int error_number = 0;
    int rc = FRZ_EXTRACT_FAILED;

    /* The name was validated when the TOC was read; check again, cheaply, as
     * this is the function that touches the file system. */
    if (!frz_archive_is_valid_name(entry->name, entry->name_length)) {
        frz_archive_set_error(archive, "invalid member name '%s'", entry->name);
        goto cleanup;
    }
    path = strdup(entry->name);
    if (path == NULL) {
        frz_archive_set_error(archive, "out of memory extracting %s", entry->name);
        goto cleanup;
    }

    /* Parent folders, one segment at a time. */
    segment = path;
    while ((slash = strchr(segment, '/')) != NULL) {
        *slash = '\0';
        if (mkdirat(dir_fd, segment, 0700) != 0 && errno != EEXIST) {
            error_number = errno;
            frz_archive_set_error(archive, "cannot create folder %s for %s: %s", path,
                                  entry->name, strerror(errno));
            goto cleanup;
        }
        next_fd = openat(dir_fd, segment, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next_fd < 0) {
            frz_archive_set_error(archive, "cannot open folder %s for %s: %s", path,
                                  entry->name, strerror(errno));
            goto cleanup;
        }
        if (dir_fd != root_fd) {
            (void)close(dir_fd);
        }
        dir_fd = next_fd;
        *slash = '/';
        segment = slash + 1;
    }

    if (entry->typecode == FRZ_TYPE_SYMLINK) {
        rc = _frz_extract_link(archive, entry, dir_fd, segment);
        goto cleanup;
    }
    fd = openat(dir_fd, segment, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST) {
            frz_archive_set_error(archive, "duplicate member %s", entry->name);
            rc = FRZ_EXTRACT_DUPLICATE;
        } else {
            error_number = errno;
            frz_archive_set_error(archive, "cannot create %s: %s", entry->name,
                                  strerror(errno));
        }
        goto cleanup;
    }
    sink.archive = archive;
    sink.name = entry->name;
    sink.fd = fd;
    sink.error_number = 0;
    if (frz_archive_read_member(archive, entry, _frz_extract_write, &sink) != 0) {
        error_number = sink.error_number;
        goto cleanup;
    }
    /* The entry's permission bits, unaffected by the umask. */
    if (fchmod(fd, (mode_t)(entry->mode & 0777)) != 0) {
        frz_archive_set_error(archive, "cannot set the mode of %s: %s", entry->name,
                              strerror(errno));
        goto cleanup;
    }
    if (close(fd) != 0) {
        error_number = errno;
        fd = -1;
        frz_archive_set_error(archive, "cannot write %s: %s", entry->name, strerror(errno));
        goto cleanup;
    }
    fd = -1;
    rc = FRZ_EXTRACT_OK;

cleanup:
    if (rc == FRZ_EXTRACT_FAILED && (error_number == ENOSPC || error_number == EDQUOT)) {
        rc = FRZ_EXTRACT_NO_SPACE;
    }
    if (fd >= 0) {
        (void)close(fd);
    }
    if (dir_fd != root_fd) {
        (void)close(dir_fd);
    }
    free(path);
    return rc;
}

/* Members above this total are shared between two threads: inflating is most of a OneFile
 * start-up, and the two halves do not depend on each other. */
#define _FRZ_EXTRACT_PARALLEL_BYTES (4u * 1024u * 1024u)

/* One extraction thread: takes the next member from a shared counter until none is left or
 * the other thread failed. Each has its own view of the archive (error text, decoders);
 * they share the descriptor (read with pread), the TOC and the folder. */
struct _FRZ_EXTRACT_WORKER {
    const struct FRZ_CONTEXT *ctx;
    struct FRZ_ARCHIVE archive;                 /* copy of ctx->archive; error and decoders its own */
    int root_fd;                                /* the temporary folder */
    const uint32_t *order;                      /* indexes of the entries to extract, largest first */
    uint32_t count;                             /* entries in order */
    atomic_uint *next;                          /* position in order of the next entry to take */
    atomic_int *stop;                           /* set by the thread that failed */
    int status;                                 /* FRZ_EXTRACT_OK, or the failure */
};

static void *
_frz_extract_work(void *argument)
{
    struct _FRZ_EXTRACT_WORKER *worker = argument;
    const struct FRZ_CONTEXT *ctx = worker->ctx;
    const struct FRZ_TOC_ENTRY *entry;
    unsigned int i;
    int status;

    worker->status = FRZ_EXTRACT_OK;
    while (!atomic_load(worker->stop)) {
        i = atomic_fetch_add(worker->next, 1u);
        if (i >= worker->count) {
            break;
        }
        entry = &worker->archive.entries[worker->order[i]];
        status = frz_extract_member(&worker->archive, entry, worker->root_fd);
        if (status == FRZ_EXTRACT_DUPLICATE && !ctx->strict_unpack) {
            frz_log_warning(FRZ_CODE_UNPACK_WARNING,
                            "duplicate member %s skipped in %s (set %s=1 to make this an error)",
                            entry->name, ctx->temp_dir, FRZ_ENV_STRICT_UNPACK);
            continue;
        }
        if (status != FRZ_EXTRACT_OK) {
            worker->status = status;
            atomic_store(worker->stop, 1);
            break;
        }
        FRZ_TRACE("extracted %s (%llu bytes, mode %04o)", entry->name,
                  (unsigned long long)entry->full_length, (unsigned)(entry->mode & 0777));
    }
    return NULL;
}

/* A member to extract, for sorting. */
struct _FRZ_EXTRACT_ITEM {
    uint64_t length; /* full_length */
    uint32_t index;  /* in the TOC */
};

/* Largest first, then TOC order. */
static int
_frz_extract_compare(const void *a, const void *b)
{
    const struct _FRZ_EXTRACT_ITEM *x = a;
    const struct _FRZ_EXTRACT_ITEM *y = b;

    if (x->length != y->length) {
        return x->length > y->length ? -1 : 1;
    }
    return x->index < y->index ? -1 : x->index > y->index;
}

/* The indexes of the members to extract, largest first, so that two threads end together
 * (in TOC order, System.Private.CoreLib.dll could be the last member one thread takes while
 * the other has finished); their count in *COUNT and their decoded bytes in *TOTAL. NULL
 * when out of memory. */
static uint32_t *
_frz_extract_order(const struct FRZ_ARCHIVE *archive, uint32_t *count, uint64_t *total)
{
    struct _FRZ_EXTRACT_ITEM *items;
    uint32_t *order;
    uint32_t i;
    uint32_t n = 0;

    *count = 0;
    *total = 0;
    items = malloc((archive->entry_count > 0 ? archive->entry_count : 1) * sizeof(*items));
    order = malloc((archive->entry_count > 0 ? archive->entry_count : 1) * sizeof(*order));
    if (items == NULL || order == NULL) {
        free(items);
        free(order);
        return NULL;
    }
    for (i = 0; i < archive->entry_count; i++) {
        if (frz_archive_is_extracted(archive, &archive->entries[i])) {
            items[n].length = archive->entries[i].full_length;
            items[n].index = i;
            *total += archive->entries[i].full_length;
            n++;
        }
    }
    qsort(items, n, sizeof(*items), _frz_extract_compare);
    for (i = 0; i < n; i++) {
        order[i] = items[i].index;
    }
    free(items);
    *count = n;
    return order;
}

/* Should a second thread help? Only with a second CPU and enough to decode. */
static int
_frz_extract_wants_helper(uint64_t total)
{
    return total >= _FRZ_EXTRACT_PARALLEL_BYTES && sysconf(_SC_NPROCESSORS_ONLN) >= 2;
}

/* Milliseconds, for the trace line of frz_extract_all (gettimeofday: clock_gettime would raise
 * the bootloader's glibc floor to 2.17). */
static double
_frz_extract_now_ms(void)
{
    struct timeval now;

    if (gettimeofday(&now, NULL) != 0) {
        return 0.0;
    }
    return (double)now.tv_sec * 1000.0 + (double)now.tv_usec / 1e3;
}

int
frz_extract_all(struct FRZ_CONTEXT *ctx)
{
    struct FRZ_ARCHIVE *archive = &ctx->archive;
    struct _FRZ_EXTRACT_WORKER workers[2];
    atomic_uint next;
    atomic_int stop;
    pthread_t helper;
    uint32_t *order = NULL;
    uint32_t count;
    uint64_t total;
    double started;
    int helper_started = 0;
    int join_error;
    int root_fd;
    int status = FRZ_EXTRACT_OK;
    int w;
    int rc = -1;

    root_fd = open(ctx->temp_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (root_fd < 0) {
        frz_log_error(FRZ_CODE_EXTRACT, "cannot open the temporary folder %s: %s",
                      ctx->temp_dir, strerror(errno));
        goto cleanup;
    }
    atomic_init(&next, 0u);
    atomic_init(&stop, 0);
    started = frz_log_trace_enabled() ? _frz_extract_now_ms() : 0.0;
    order = _frz_extract_order(archive, &count, &total);
    for (w = 0; w < 2; w++) {
        workers[w].ctx = ctx;
        workers[w].archive = *archive;
        /* Buffers kept from member to member; without them (out of memory), made per member. */
        workers[w].archive.codec = order != NULL ? frz_codec_new(1) : NULL;
        workers[w].order = order;
        workers[w].count = count;
        workers[w].archive.error[0] = '\0';
        workers[w].root_fd = root_fd;
        workers[w].next = &next;
        workers[w].stop = &stop;
        workers[w].status = FRZ_EXTRACT_OK;
    }
    if (order == NULL) {
        frz_log_error(FRZ_CODE_EXTRACT, "cannot extract into %s: out of memory", ctx->temp_dir);
        goto cleanup;
    }
    if (_frz_extract_wants_helper(total) &&
        pthread_create(&helper, NULL, _frz_extract_work, &workers[1]) == 0) {
        helper_started = 1;
    }
    (void)_frz_extract_work(&workers[0]);
    if (helper_started && (join_error = pthread_join(helper, NULL)) != 0) {
        /* pthread_join returns the error; it does not set errno. */
        frz_log_error(FRZ_CODE_EXTRACT, "cannot extract into %s: pthread_join: %s",
                      ctx->temp_dir, strerror(join_error));
        goto cleanup;
    }
    for (w = 0; w < 2 && status == FRZ_EXTRACT_OK; w++) {
        status = workers[w].status;
        if (status != FRZ_EXTRACT_OK) {
            memcpy(archive->error, workers[w].archive.error, sizeof(archive->error));
        }
    }
    if (status == FRZ_EXTRACT_LINK_OUTSIDE) {
        frz_log_error(FRZ_CODE_LINK_OUTSIDE, "%s is refused: %s; rebuild the app",
                      ctx->executable, archive->error);
        ctx->extract_exit_code = FRZ_EXIT_ARCHIVE;
        goto cleanup;
    }
    if (status == FRZ_EXTRACT_NO_SPACE) {
        rc = FRZ_EXTRACT_NO_SPACE;
        goto cleanup;
    }
    if (status == FRZ_EXTRACT_NO_SYMLINKS) {
        frz_log_error(FRZ_CODE_NO_SYMLINKS,
                      "the file system of %s cannot hold symbolic links (%s); set TMPDIR "
                      "to a folder on a file system that can (ext4, xfs, btrfs, tmpfs)",
                      ctx->temp_base, archive->error);
        goto cleanup;
    }
    if (status != FRZ_EXTRACT_OK) {
        frz_log_error(FRZ_CODE_EXTRACT, "cannot extract into %s: %s", ctx->temp_dir,
                      archive->error);
        goto cleanup;
    }
    if (frz_log_trace_enabled()) {
        double elapsed = _frz_extract_now_ms() - started;

        /* eng/bench/bench.sh reads this line. */
        FRZ_TRACE("unpacked %llu bytes in %.1f ms (%.0f MB/s, %d threads)",
                  (unsigned long long)total, elapsed,
                  elapsed > 0.0 ? (double)total / 1e3 / elapsed : 0.0, helper_started ? 2 : 1);
    }
    rc = 0;

cleanup:
    for (w = 0; w < 2; w++) {
        if (root_fd >= 0) {
            frz_codec_free(workers[w].archive.codec);
        }
    }
    if (root_fd >= 0) {
        (void)close(root_fd);
    }
    free(order);
    return rc;
}

/* One folder on the way down: its name in its parent, and its identity, so that ".." can be
 * checked to be the folder we came from. */
struct _FRZ_EXTRACT_FRAME {
    char *name;
    dev_t dev;
    ino_t ino;
};

/* Entries that could not be removed, so a folder is not entered again and again. */
struct _FRZ_EXTRACT_FAILED {
    dev_t *dev;
    ino_t *ino;
    size_t count;
    size_t capacity;
};

static int
_frz_extract_failed_has(const struct _FRZ_EXTRACT_FAILED *failed, dev_t dev, ino_t ino)
{
    size_t i;

    for (i = 0; i < failed->count; i++) {
        if (failed->dev[i] == dev && failed->ino[i] == ino) {
            return 1;
        }
    }
    return 0;
}

static void
_frz_extract_failed_add(struct _FRZ_EXTRACT_FAILED *failed, dev_t dev, ino_t ino)
{
    size_t capacity = failed->capacity ? failed->capacity * 2 : 16;
    dev_t *devs;
    ino_t *inos;

    if (failed->count == failed->capacity) {
        devs = realloc(failed->dev, capacity * sizeof(*devs));
        if (devs == NULL) {
            return;
        }
        failed->dev = devs;
        inos = realloc(failed->ino, capacity * sizeof(*inos));
        if (inos == NULL) {
            return;
        }
        failed->ino = inos;
        failed->capacity = capacity;
    }
    failed->dev[failed->count] = dev;
    failed->ino[failed->count] = ino;
    failed->count++;
}

/* The first entry of the folder DIR_FD still to remove: a non-folder is unlinked on the way (its
 * failures recorded), a folder is returned (a copy of its name in *CHILD) for the caller to enter.
 * Returns 1 with a folder, 0 when nothing is left to enter, -1 on an error reading the folder. */
static int
_frz_extract_next_folder(int dir_fd, dev_t dev, struct _FRZ_EXTRACT_FAILED *failed, char **child,
                         struct stat *child_info)
{
    struct dirent *item;
    struct stat info;
    DIR *dir;
    int fd;
    int rc = 0;

    fd = dup(dir_fd);
    if (fd < 0) {
        return -1;
    }
    dir = fdopendir(fd);
    if (dir == NULL) {
        (void)close(fd);
        return -1;
    }
    rewinddir(dir);
    while ((item = readdir(dir)) != NULL) {
        if (strcmp(item->d_name, ".") == 0 || strcmp(item->d_name, "..") == 0) {
            continue;
        }
        if (frz_os_fstatat(dir_fd, item->d_name, &info, AT_SYMLINK_NOFOLLOW) != 0) {
            continue;
        }
        if (_frz_extract_failed_has(failed, info.st_dev, info.st_ino)) {
            continue;
        }
        if (S_ISDIR(info.st_mode) && info.st_dev == dev) {
            *child_info = info;
            *child = strdup(item->d_name);
            rc = *child != NULL ? 1 : -1;
            break;
        }
        /* Files, links (never followed) and mount points (never crossed, so rmdir fails). */
        if (unlinkat(dir_fd, item->d_name, S_ISDIR(info.st_mode) ? AT_REMOVEDIR : 0) != 0 &&
            errno != ENOENT) {
            FRZ_TRACE("cannot remove %s: %s", item->d_name, strerror(errno));
            _frz_extract_failed_add(failed, info.st_dev, info.st_ino);
        }
    }
    (void)closedir(dir);
    return rc;
}

int
frz_extract_remove_tree_at(int parent_fd, const char *name)
{
    struct _FRZ_EXTRACT_FRAME *stack = NULL;
    struct _FRZ_EXTRACT_FAILED failed = { NULL, NULL, 0, 0 };
    size_t depth = 0;
    size_t capacity = 0;
    struct stat info;
    struct stat child_info;
    struct stat up;
    char *child = NULL;
    int dir_fd = -1;
    int next_fd;
    int found;
    int rc = -1;

    if (frz_os_fstatat(parent_fd, name, &info, AT_SYMLINK_NOFOLLOW) != 0) {
        return errno == ENOENT ? 0 : -1;
    }
    if (!S_ISDIR(info.st_mode)) {
        return unlinkat(parent_fd, name, 0) == 0 ? 0 : -1;
    }
    child_info = info;
    child = strdup(name);
    if (child == NULL) {
        goto cleanup;
    }
    next_fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    /* Depth first with one open folder at a time: down by name, up by "..", so any depth and
     * any path length can be removed (no whole paths, no descriptor per level). */
    for (;;) {
        if (child != NULL) {
            if (next_fd < 0 || frz_os_fstat(next_fd, &info) != 0 ||
                (depth > 0 && (info.st_dev != child_info.st_dev || info.st_ino != child_info.st_ino))) {
                FRZ_TRACE("cannot enter %s: %s", child, strerror(errno));
                if (next_fd >= 0) {
                    (void)close(next_fd);
                }
                if (depth == 0) {
                    goto cleanup;
                }
                _frz_extract_failed_add(&failed, child_info.st_dev, child_info.st_ino);
                free(child);
                child = NULL;
                next_fd = -1;
                continue;
            }
            if (depth == capacity) {
                struct _FRZ_EXTRACT_FRAME *grown;

                capacity = capacity ? capacity * 2 : 32;
                grown = realloc(stack, capacity * sizeof(*stack));
                if (grown == NULL) {
                    (void)close(next_fd);
                    goto cleanup;
                }
                stack = grown;
            }
            stack[depth].name = child;
            stack[depth].dev = info.st_dev;
            stack[depth].ino = info.st_ino;
            depth++;
            child = NULL;
            if (dir_fd >= 0) {
                (void)close(dir_fd);
            }
            dir_fd = next_fd;
            next_fd = -1;
        }
        found = _frz_extract_next_folder(dir_fd, stack[0].dev, &failed, &child, &child_info);
        if (found < 0) {
            goto cleanup;
        }
        if (found > 0) {
            next_fd = openat(dir_fd, child, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            continue;
        }
        /* This folder is done: go up and remove it. */
        depth--;
        if (depth == 0) {
            next_fd = dup(parent_fd);
        } else {
            next_fd = openat(dir_fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        }
        if (next_fd < 0 || frz_os_fstat(next_fd, &up) != 0 ||
            (depth > 0 && (up.st_dev != stack[depth - 1].dev || up.st_ino != stack[depth - 1].ino))) {
            FRZ_TRACE("the folder above %s moved; stopped", stack[depth].name);
            if (next_fd >= 0) {
                (void)close(next_fd);
            }
            free(stack[depth].name);
            goto cleanup;
        }
        (void)close(dir_fd);
        dir_fd = next_fd;
        next_fd = -1;
        if (unlinkat(dir_fd, stack[depth].name, AT_REMOVEDIR) != 0 && errno != ENOENT) {
            FRZ_TRACE("cannot remove the folder %s: %s", stack[depth].name, strerror(errno));
            _frz_extract_failed_add(&failed, stack[depth].dev, stack[depth].ino);
        }
        free(stack[depth].name);
        if (depth == 0) {
            break;
        }
    }
    rc = failed.count == 0 ? 0 : -1;

cleanup:
    while (depth > 0) {
        free(stack[--depth].name);
    }
    free(stack);
    free(child);
    free(failed.dev);
    free(failed.ino);
    if (dir_fd >= 0) {
        (void)close(dir_fd);
    }
    return rc;
}

int
frz_extract_into(struct FRZ_ARCHIVE *archive, const char *dir)
{
    const struct FRZ_TOC_ENTRY *entry;
    uint32_t i;
    int root_fd;
    int rc = -1;

    if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
        frz_archive_set_error(archive, "cannot create %s: %s", dir, strerror(errno));
        return -1;
    }
    root_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) {
        frz_archive_set_error(archive, "cannot open %s: %s", dir, strerror(errno));
        return -1;
    }
    for (i = 0; i < archive->entry_count; i++) {
        entry = &archive->entries[i];
        if (frz_archive_is_extracted(archive, entry) &&
            frz_extract_member(archive, entry, root_fd) != 0) {
            goto cleanup;
        }
    }
    rc = 0;

cleanup:
    (void)close(root_fd);
    return rc;
}

int
frz_extract_remove_dir(const char *path)
{
    char parent[FRZ_PATH_MAX];
    int parent_fd;
    int rc;

    if (frz_path_dirname(parent, sizeof(parent), path) != 0) {
        return -1;
    }
    parent_fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (parent_fd < 0) {
        FRZ_TRACE("cannot open %s: %s", parent, strerror(errno));
        return -1;
    }
    rc = frz_extract_remove_tree_at(parent_fd, frz_path_basename(path));
    (void)close(parent_fd);
    if (rc == 0) {
        FRZ_TRACE("removed %s", path);
    }
    return rc;
}
