/*
 * Freeze.Sdk bootloader: instance markers and crash leftovers (see
 * frz_instance.h).
 */
#include "frz_instance.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "frz_error_codes.h"
#include "frz_extract.h"
#include "frz_log.h"
#include "frz_os.h"
#include "frz_path.h"

/* First line of every marker; the bundle identity and the pid follow. */
#define _FRZ_INSTANCE_HEADER "freeze-instance 1"

/* Longest marker content read back. */
#define _FRZ_INSTANCE_MAX 256

int
frz_instance_claim(struct FRZ_CONTEXT *ctx)
{
    char content[_FRZ_INSTANCE_MAX];
    int dir_fd = -1;
    int fd = -1;
    int length;
    ssize_t written;
    int rc = -1;

    dir_fd = open(ctx->temp_dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir_fd < 0) {
        goto failed;
    }
    fd = openat(dir_fd, FRZ_INSTANCE_MARKER, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                0600);
    if (fd < 0) {
        goto failed;
    }
    /* Locked before the content exists: a sweeper that wins the race reads
     * an incomplete marker and leaves the folder alone. */
    if (flock(fd, LOCK_SH) != 0) {
        goto failed;
    }
    length = snprintf(content, sizeof(content), "%s\nbundle %s\npid %ld\n", _FRZ_INSTANCE_HEADER,
                      ctx->bundle_id, (long)getpid());
    if (length < 0 || (size_t)length >= sizeof(content)) {
        errno = ENAMETOOLONG;
        goto failed;
    }
    written = write(fd, content, (size_t)length);
    if (written != length) {
        if (written >= 0) {
            errno = ENOSPC;
        }
        goto failed;
    }
    ctx->instance_fd = fd;
    fd = -1;
    FRZ_TRACE("instance marker written, bundle %s", ctx->bundle_id);
    rc = 0;
    goto cleanup;

failed:
    frz_log_error(FRZ_CODE_TEMP_DIR, "cannot write to the folder %s (%s); %s", ctx->temp_dir,
                  strerror(errno),
                  ctx->temp_base_from_option
                      ? "this app was built to extract there (FreezeRuntimeTmpDir); fix the "
                        "folder or rebuild with another FreezeRuntimeTmpDir"
                      : "set TMPDIR to another folder");
cleanup:
    if (fd >= 0) {
        (void)close(fd);
    }
    if (dir_fd >= 0) {
        (void)close(dir_fd);
    }
    return rc;
}

void
frz_instance_join(struct FRZ_CONTEXT *ctx)
{
    char path[FRZ_PATH_MAX];
    int fd;

    if (frz_path_join(path, sizeof(path), ctx->home_dir, FRZ_INSTANCE_MARKER) != 0) {
        return;
    }
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        FRZ_TRACE("no instance marker %s: %s", path, strerror(errno));
        return;
    }
    if (flock(fd, LOCK_SH | LOCK_NB) != 0) {
        FRZ_TRACE("cannot lock %s: %s", path, strerror(errno));
        (void)close(fd);
        return;
    }
    /* Kept open (close-on-exec) for the life of the process. */
    ctx->instance_fd = fd;
    FRZ_TRACE("joined instance %s", ctx->home_dir);
}

void
frz_instance_release(struct FRZ_CONTEXT *ctx)
{
    if (ctx->instance_fd >= 0) {
        (void)close(ctx->instance_fd);
        ctx->instance_fd = -1;
    }
}

/* Is NAME "_FRZ" followed by exactly 6 characters? */
static int
_frz_instance_is_folder_name(const char *name)
{
    return strncmp(name, FRZ_TEMP_PREFIX, strlen(FRZ_TEMP_PREFIX)) == 0 &&
           strlen(name) == strlen(FRZ_TEMP_PREFIX) + 6;
}

/* Decide about one candidate folder; remove it when it is a leftover of
 * this bundle. */
static void
_frz_instance_sweep_one(struct FRZ_CONTEXT *ctx, int base_fd, const char *name)
{
    char expected[_FRZ_INSTANCE_MAX];
    char content[_FRZ_INSTANCE_MAX];
    char path[FRZ_PATH_MAX];
    struct stat info;
    ssize_t length;
    int dir_fd = -1;
    int fd = -1;

    if (frz_os_fstatat(base_fd, name, &info, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(info.st_mode) ||
        info.st_uid != geteuid()) {
        goto cleanup;
    }
    dir_fd = openat(base_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir_fd < 0) {
        goto cleanup;
    }
    fd = openat(dir_fd, FRZ_INSTANCE_MARKER, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        /* No marker: not ours to judge (another version, or being created). */
        goto cleanup;
    }
    if (frz_os_fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) || info.st_uid != geteuid()) {
        goto cleanup;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        FRZ_TRACE("%s is in use, kept", name);
        goto cleanup;
    }
    length = pread(fd, content, sizeof(content) - 1, 0);
    if (length < 0) {
        goto cleanup;
    }
    content[length] = '\0';
    if (snprintf(expected, sizeof(expected), "%s\nbundle %s\n", _FRZ_INSTANCE_HEADER,
                 ctx->bundle_id) < 0 ||
        strncmp(content, expected, strlen(expected)) != 0) {
        FRZ_TRACE("%s belongs to another app, kept", name);
        goto cleanup;
    }
    if (frz_path_join(path, sizeof(path), ctx->temp_base, name) != 0) {
        goto cleanup;
    }
    /* Removed while we hold the exclusive lock. */
    if (frz_extract_remove_dir(path) == 0) {
        FRZ_TRACE("removed %s, left behind by a dead instance", path);
    } else {
        FRZ_TRACE("cannot fully remove the leftover %s", path);
    }

cleanup:
    if (fd >= 0) {
        (void)close(fd);
    }
    if (dir_fd >= 0) {
        (void)close(dir_fd);
    }
}

/* Is a sweep of the base folder BASE_FD due? Always for a small folder; for a
 * large one, when this user's stamp is missing, not trustworthy or older than
 * the interval (then it is renewed). Listing /tmp of 13,600 entries cost
 * ~4 ms of a 30 ms start on two cores (docs/runtime.md). */
static int
_frz_instance_sweep_is_due(int base_fd, const char *base_path)
{
    struct stat base;
    struct stat stamp;
    char name[64];
    time_t now = time(NULL);
    int due = 1;
    int fd;

    if (frz_os_fstat(base_fd, &base) != 0 || base.st_size < FRZ_INSTANCE_LARGE_BASE ||
        snprintf(name, sizeof(name), ".freeze-swept-%lu", (unsigned long)geteuid()) >=
            (int)sizeof(name)) {
        return 1;
    }
    fd = openat(base_fd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        fd = openat(base_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0) {
            (void)close(fd);
        }
        return 1;
    }
    /* Another user's file, or not a file: no say in when we sweep. */
    if (frz_os_fstat(fd, &stamp) == 0 && S_ISREG(stamp.st_mode) && stamp.st_uid == geteuid()) {
        if (stamp.st_mtime <= now && now - stamp.st_mtime < FRZ_INSTANCE_SWEEP_INTERVAL) {
            FRZ_TRACE("leftovers not looked for: %s is large and was swept %lds ago", base_path,
                      (long)(now - stamp.st_mtime));
            due = 0;
        } else {
            (void)futimens(fd, NULL);
        }
    }
    (void)close(fd);
    return due;
}

void
frz_instance_sweep(struct FRZ_CONTEXT *ctx, int always)
{
    const char *own = frz_path_basename(ctx->temp_dir);
    struct dirent *entry;
    DIR *dir;
    int base_fd;

    dir = opendir(ctx->temp_base);
    if (dir == NULL) {
        FRZ_TRACE("cannot list %s: %s", ctx->temp_base, strerror(errno));
        return;
    }
    base_fd = dirfd(dir);
    if (base_fd < 0 || (!always && !_frz_instance_sweep_is_due(base_fd, ctx->temp_base))) {
        (void)closedir(dir);
        return;
    }
    errno = 0;
    while ((entry = readdir(dir)) != NULL) {
        if (_frz_instance_is_folder_name(entry->d_name) && strcmp(entry->d_name, own) != 0) {
            _frz_instance_sweep_one(ctx, base_fd, entry->d_name);
        }
    }
    (void)closedir(dir);
}
