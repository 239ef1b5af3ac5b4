/*
 * Freeze.Sdk bootloader: the verified extraction cache (see frz_cache.h).
 *
 * Every check here is a reason to fall back to a private folder, never an
 * error: the cache only saves time. All work below the cache root is done
 * relative to its descriptor, without following symbolic links.
 */
#include "frz_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "frz_env.h"
#include "frz_error_codes.h"
#include "frz_extract.h"
#include "frz_log.h"
#include "frz_os.h"
#include "frz_path.h"
#include "frz_tmpdir.h"

/* First line of a cache folder's marker; "bundle NAME" and "digest HEX" follow. */
#define _FRZ_CACHE_HEADER "freeze-cache 1"
/* Prefix of a folder being filled. */
#define _FRZ_CACHE_NEW ".new-"
/* Longest program name used in a folder name. */
#define _FRZ_CACHE_NAME_MAX 128
#define _FRZ_CACHE_HEX 40

struct _FRZ_CACHE {
    char root[FRZ_PATH_MAX];  /* <cache home>/Freeze, resolved */
    char name[_FRZ_CACHE_NAME_MAX + 64]; /* <program>-<40 hex> */
    int root_fd;              /* the root, opened without following links */
    const char *why;          /* why the cache is not used (traced once) */
    int error_number;         /* errno that goes with it, or 0 */
};

/* Record why the cache cannot be used; returns -1. */
static int
_frz_cache_refuse(struct _FRZ_CACHE *cache, const char *why, int error_number)
{
    cache->why = why;
    cache->error_number = error_number;
    return -1;
}

/* FNV-1a, 64 bits. */
static uint64_t
_frz_cache_fnv(uint64_t hash, const void *data, size_t length)
{
    const unsigned char *p = data;

    while (length-- > 0) {
        hash = (hash ^ *p++) * 0x100000001b3ULL;
    }
    return hash;
}

#define _FRZ_CACHE_FNV_START 0xcbf29ce484222325ULL

static uint64_t
_frz_cache_mix(uint64_t hash, const struct stat *info)
{
    uint64_t fields[10];

    fields[0] = (uint64_t)info->st_dev;
    fields[1] = (uint64_t)info->st_ino;
    fields[2] = (uint64_t)info->st_mode;
    fields[3] = (uint64_t)info->st_uid;
    fields[4] = (uint64_t)info->st_size;
    fields[5] = (uint64_t)info->st_mtim.tv_sec;
    fields[6] = (uint64_t)info->st_mtim.tv_nsec;
    fields[7] = (uint64_t)info->st_ctim.tv_sec;
    fields[8] = (uint64_t)info->st_ctim.tv_nsec;
    fields[9] = (uint64_t)info->st_nlink;
    return _frz_cache_fnv(hash, fields, sizeof(fields));
}

/* The marker's content: the header, the folder's name and, once the folder
 * is in place, the digest of what it holds and (EXECUTABLE, when not NULL)
 * the executable it was made for. */
static int
_frz_cache_marker(char *out, size_t size, const char *name, const uint64_t *digest,
                  const char *executable)
{
    int length;

    if (digest != NULL) {
        length = snprintf(out, size, "%s\nbundle %s\ndigest %016llx\n%s%s%s", _FRZ_CACHE_HEADER,
                          name, (unsigned long long)*digest, executable != NULL ? "exe " : "",
                          executable != NULL ? executable : "", executable != NULL ? "\n" : "");
    } else {
        length = snprintf(out, size, "%s\nbundle %s\n", _FRZ_CACHE_HEADER, name);
    }
    return length > 0 && (size_t)length < size ? 0 : -1;
}

/* Is INFO a folder of this user that nobody else may enter? */
static int
_frz_cache_is_private(const struct stat *info)
{
    return S_ISDIR(info->st_mode) && info->st_uid == geteuid() && (info->st_mode & 077) == 0;
}

/* Digest of what extraction wrote in DIR_FD: the folder, every extracted
 * member (which must have the type and size its entry says) and every folder
 * on the way to each. Returns 0, or -1 when something is missing or of
 * another kind. */
static int
_frz_cache_digest(const struct FRZ_ARCHIVE *archive, int dir_fd, uint64_t *out)
{
    char parent[FRZ_PATH_MAX];
    struct stat info;
    uint64_t hash = _FRZ_CACHE_FNV_START;
    const char *slash;
    size_t parent_length = 0;
    size_t length;
    size_t k;
    uint32_t i;
    int stat_rc;

    if (frz_os_fstat(dir_fd, &info) != 0) {
        return -1;
    }
    hash = _frz_cache_mix(hash, &info);
    parent[0] = '\0';
    for (i = 0; i < archive->entry_count; i++) {
        const struct FRZ_TOC_ENTRY *entry = &archive->entries[i];

        if (!frz_archive_is_extracted(archive, entry)) {
            continue;
        }
        slash = strrchr(entry->name, '/');
        length = slash != NULL ? (size_t)(slash - entry->name) : 0;
        if (length != parent_length || strncmp(parent, entry->name, length) != 0) {
            /* A new folder: it and each folder above it, none of them a link. */
            memcpy(parent, entry->name, length);
            parent[length] = '\0';
            parent_length = length;
            for (k = 1; k <= length; k++) {
                if (k < length && parent[k] != '/') {
                    continue;
                }
                parent[k] = '\0';
                stat_rc = frz_os_fstatat(dir_fd, parent, &info, AT_SYMLINK_NOFOLLOW);
                parent[k] = k < length ? '/' : '\0';
                if (stat_rc != 0 || !S_ISDIR(info.st_mode)) {
                    return -1;
                }
                hash = _frz_cache_mix(hash, &info);
            }
        }
        if (frz_os_fstatat(dir_fd, entry->name, &info, AT_SYMLINK_NOFOLLOW) != 0 ||
            (entry->typecode == FRZ_TYPE_SYMLINK ? !S_ISLNK(info.st_mode) : !S_ISREG(info.st_mode)) ||
            (uint64_t)info.st_size != entry->full_length) {
            return -1;
        }
        hash = _frz_cache_mix(hash, &info);
    }
    *out = hash;
    return 0;
}

/* Every folder above ROOT (resolved) belongs to root or this user, and no
 * other user may rename entries in it (not writable by group or others, or
 * sticky like /tmp). */
static int
_frz_cache_ancestors_safe(struct _FRZ_CACHE *cache)
{
    const char *root = cache->root;
    char path[FRZ_PATH_MAX];
    struct stat info;
    char *slash;

    memcpy(path, root, strlen(root) + 1);
    while ((slash = strrchr(path, '/')) != NULL) {
        slash[slash == path ? 1 : 0] = '\0';
        if (frz_os_stat(path, &info) != 0 || (info.st_uid != 0 && info.st_uid != geteuid()) ||
            ((info.st_mode & 022) != 0 && (info.st_mode & S_ISVTX) == 0)) {
            return _frz_cache_refuse(cache, "a folder above it may be changed by another user", 0);
        }
        if (slash == path) {
            break;
        }
    }
    return 0;
}

/* The cache root: $XDG_CACHE_HOME/Freeze or ~/.cache/Freeze, made 0700
 * when missing, a private folder of this user. */
static int
_frz_cache_open_root(struct _FRZ_CACHE *cache)
{
    char wanted[FRZ_PATH_MAX];
    char base[FRZ_PATH_MAX];
    const char *xdg = getenv("XDG_CACHE_HOME");
    const char *home = frz_tmpdir_home();
    struct stat info;

    /* The XDG rule: a relative XDG_CACHE_HOME is ignored. */
    if (xdg != NULL && xdg[0] == '/') {
        if (strlen(xdg) + 1 > sizeof(base)) {
            return _frz_cache_refuse(cache, "XDG_CACHE_HOME is too long", 0);
        }
        memcpy(base, xdg, strlen(xdg) + 1);
    } else if (home == NULL || frz_path_join(base, sizeof(base), home, ".cache") != 0) {
        return _frz_cache_refuse(cache, "no XDG_CACHE_HOME and no home folder", 0);
    }
    if (frz_path_join(wanted, sizeof(wanted), base, "Freeze") != 0) {
        return _frz_cache_refuse(cache, "the path is too long", 0);
    }
    if (frz_tmpdir_make_dirs(wanted) != 0 || realpath(wanted, cache->root) == NULL) {
        return _frz_cache_refuse(cache, "cannot create it", errno);
    }
    cache->root_fd = open(cache->root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (cache->root_fd < 0 || frz_os_fstat(cache->root_fd, &info) != 0) {
        return _frz_cache_refuse(cache, "cannot open it", errno);
    }
    if (!_frz_cache_is_private(&info)) {
        return _frz_cache_refuse(cache, "not a folder of this user with mode 0700", 0);
    }
    return _frz_cache_ancestors_safe(cache);
}

/* Is NAME the folder of a build of this program (<program>-<40 hex>), or a
 * folder being filled for one (.new-<program>-<40 hex>.XXXXXX)? */
static int
_frz_cache_is_ours(const char *program, const char *name)
{
    size_t length = strlen(program);
    size_t i;

    if (strncmp(name, _FRZ_CACHE_NEW, strlen(_FRZ_CACHE_NEW)) == 0) {
        name += strlen(_FRZ_CACHE_NEW);
    } else if (strlen(name) != length + 1 + _FRZ_CACHE_HEX) {
        return 0;
    }
    if (strncmp(name, program, length) != 0 || name[length] != '-') {
        return 0;
    }
    for (i = 0; i < _FRZ_CACHE_HEX; i++) {
        char c = name[length + 1 + i];

        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return 0;
        }
    }
    return 1;
}

/* Was the folder whose marker is FD made for EXECUTABLE (so it is an older
 * build of it), or for an executable that is gone? Another copy of the app
 * elsewhere keeps its own build's folder: no two installs evict each other. */
static int
_frz_cache_is_old(int fd, const char *executable)
{
    char content[FRZ_PATH_MAX + 256];
    struct stat info;
    ssize_t length = pread(fd, content, sizeof(content) - 1, 0);
    char *exe;
    char *end;

    content[length > 0 ? length : 0] = '\0';
    exe = strstr(content, "\nexe ");
    end = exe != NULL ? strchr(exe + 5, '\n') : NULL;
    if (end == NULL) {
        return 0;
    }
    *end = '\0';
    exe += 5;
    return strcmp(exe, executable) == 0 || (frz_os_stat(exe, &info) != 0 && errno == ENOENT);
}

/* Remove NAME below the root when nobody uses it (its marker can be locked
 * exclusively) and, with EXECUTABLE, when it is an old build of it
 * (_frz_cache_is_old). A folder without a marker is removed only when STALE
 * (it bears this very bundle's name, so it can only be a broken copy).
 * Returns 0 when removed. */
static int
_frz_cache_remove(struct _FRZ_CACHE *cache, const char *name, int stale, const char *executable)
{
    struct stat info;
    int dir_fd;
    int fd = -1;
    int rc = -1;

    dir_fd = openat(cache->root_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir_fd >= 0) {
        fd = openat(dir_fd, FRZ_INSTANCE_MARKER, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        (void)close(dir_fd);
    } else if (frz_os_fstatat(cache->root_fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 &&
               !S_ISDIR(info.st_mode)) {
        /* A file or a link where a folder belongs. */
        return stale && unlinkat(cache->root_fd, name, 0) == 0 ? 0 : -1;
    }
    if (fd < 0 ? !stale : executable != NULL && !_frz_cache_is_old(fd, executable)) {
        goto cleanup;
    }
    if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) != 0) {
        FRZ_TRACE("extraction cache: %s is in use, kept", name);
        goto cleanup;
    }
    /* Removed while we hold the lock: a start that waits for it then finds nothing to verify. */
    rc = frz_extract_remove_tree_at(cache->root_fd, name);
    FRZ_TRACE("extraction cache: %s removed (%d)", name, rc);

cleanup:
    if (fd >= 0) {
        (void)close(fd);
    }
    return rc;
}

/* Old versions of this program and folders whose filling crashed. */
static void
_frz_cache_collect(const struct FRZ_CONTEXT *ctx, struct _FRZ_CACHE *cache)
{
    struct dirent *entry;
    DIR *dir;
    int fd = dup(cache->root_fd);

    dir = fd >= 0 ? fdopendir(fd) : NULL;
    if (dir == NULL) {
        if (fd >= 0) {
            (void)close(fd);
        }
        return;
    }
    while ((entry = readdir(dir)) != NULL) {
        if (strcmp(entry->d_name, cache->name) != 0 &&
            _frz_cache_is_ours(ctx->program_name, entry->d_name)) {
            /* A half-written .new- folder nobody fills any more goes whatever its app. */
            (void)_frz_cache_remove(cache, entry->d_name, 0,
                                    entry->d_name[0] == '.' ? NULL : ctx->executable);
        }
    }
    (void)closedir(dir);
}

/* Use the folder cache->name if it verifies. Returns 1 (ctx->instance_fd and
 * ctx->home_dir set), 0 when it does not exist, -1 when it exists but does
 * not verify. */
static int
_frz_cache_use(struct FRZ_CONTEXT *ctx, struct _FRZ_CACHE *cache)
{
    char expected[sizeof(cache->name) + 64];
    char content[sizeof(expected) + 32];
    struct stat info;
    uint64_t digest;
    ssize_t length;
    int dir_fd;
    int fd = -1;
    int rc = -1;

    dir_fd = openat(cache->root_fd, cache->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir_fd < 0) {
        return errno == ENOENT ? 0 : -1;
    }
    if (frz_os_fstat(dir_fd, &info) != 0 || !_frz_cache_is_private(&info)) {
        goto cleanup;
    }
    fd = openat(dir_fd, FRZ_INSTANCE_MARKER, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    /* A shared lock waits for the start that is still writing the digest. */
    if (fd < 0 || frz_os_fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) ||
        info.st_uid != geteuid() || flock(fd, LOCK_SH) != 0) {
        goto cleanup;
    }
    length = pread(fd, content, sizeof(content) - 1, 0);
    content[length > 0 ? length : 0] = '\0';
    if (_frz_cache_digest(&ctx->archive, dir_fd, &digest) != 0 ||
        _frz_cache_marker(expected, sizeof(expected), cache->name, &digest, NULL) != 0 ||
        strncmp(content, expected, strlen(expected)) != 0) {
        FRZ_TRACE("extraction cache: %s/%s changed since it was written, or is not this "
                  "user's", cache->root, cache->name);
        goto cleanup;
    }
    if (frz_path_join(ctx->home_dir, sizeof(ctx->home_dir), cache->root, cache->name) != 0) {
        goto cleanup;
    }
    ctx->instance_fd = fd;
    fd = -1;
    FRZ_TRACE("extraction cache: reusing %s, verified", ctx->home_dir);
    rc = 1;

cleanup:
    if (fd >= 0) {
        (void)close(fd);
    }
    (void)close(dir_fd);
    return rc;
}

/* Results of _frz_cache_fill besides 1 (filled), 0 (cannot) and -1 (reported error). */
#define _FRZ_CACHE_LOST_RACE 2

/* Unpack into a new folder below the root, make it durable, rename it into
 * place, write its digest. */
static int
_frz_cache_fill(struct FRZ_CONTEXT *ctx, struct _FRZ_CACHE *cache)
{
    char marker[sizeof(cache->name) + 64 + FRZ_PATH_MAX];
    char path[FRZ_PATH_MAX];
    struct statvfs info;
    uint64_t digest;
    size_t longest = 0;
    uint32_t i;
    int dir_fd = -1;
    int fd = -1;
    int status;
    int rc = 0;

    for (i = 0; i < ctx->archive.entry_count; i++) {
        if (ctx->archive.entries[i].name_length > longest) {
            longest = ctx->archive.entries[i].name_length;
        }
    }
    if (strlen(cache->root) + 2 + strlen(cache->name) + longest > FRZ_PATH_MAX - 1 ||
        snprintf(path, sizeof(path), "%s/" _FRZ_CACHE_NEW "%s.XXXXXX", cache->root,
                 cache->name) >= (int)sizeof(path)) {
        return _frz_cache_refuse(cache, "too deep for this app's files", 0) + 1;
    }
    if (statvfs(cache->root, &info) != 0 || (info.f_flag & ST_NOEXEC) != 0) {
        return _frz_cache_refuse(cache, "noexec file system (or statvfs failed)", 0) + 1;
    }
    if (mkdtemp(path) == NULL) {
        return _frz_cache_refuse(cache, "cannot create a folder", errno) + 1;
    }
    memcpy(ctx->temp_dir, path, strlen(path) + 1);
    memcpy(ctx->temp_base, cache->root, strlen(cache->root) + 1);
    ctx->temp_dir_created = 1;
    dir_fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir_fd < 0 || _frz_cache_marker(marker, sizeof(marker), cache->name, NULL, NULL) != 0) {
        (void)_frz_cache_refuse(cache, "cannot open the new folder", errno);
        goto cleanup;
    }
    /* Locked exclusively until the digest is written: a start that finds the folder waits. */
    fd = openat(dir_fd, FRZ_INSTANCE_MARKER, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                0600);
    if (fd < 0 || flock(fd, LOCK_EX) != 0 ||
        write(fd, marker, strlen(marker)) != (ssize_t)strlen(marker)) {
        (void)_frz_cache_refuse(cache, "cannot write a marker", errno);
        goto cleanup;
    }
    status = frz_extract_all(ctx);
    if (status == FRZ_EXTRACT_NO_SPACE) {
        (void)_frz_cache_refuse(cache, "no space left", ENOSPC);
        goto cleanup;
    }
    if (status != 0) {
        rc = -1;
        goto cleanup;
    }
    /* On disk before it gets its name: a power cut leaves a whole folder or a temporary one. */
    if (syscall(SYS_syncfs, dir_fd) != 0) {
        (void)_frz_cache_refuse(cache, "syncfs", errno);
        goto cleanup;
    }
    if (renameat(cache->root_fd, frz_path_basename(path), cache->root_fd, cache->name) != 0) {
        if (errno == EEXIST || errno == ENOTEMPTY) {
            FRZ_TRACE("extraction cache: another start filled %s first", cache->name);
            rc = _FRZ_CACHE_LOST_RACE;
        } else {
            (void)_frz_cache_refuse(cache, "rename", errno);
        }
        goto cleanup;
    }
    ctx->temp_dir_created = 0;
    /* The rename changed the folder's ctime: the digest is taken in place. */
    if (_frz_cache_digest(&ctx->archive, dir_fd, &digest) != 0 ||
        _frz_cache_marker(marker, sizeof(marker), cache->name, &digest, ctx->executable) != 0 ||
        pwrite(fd, marker, strlen(marker), 0) != (ssize_t)strlen(marker) ||
        flock(fd, LOCK_SH) != 0 ||
        frz_path_join(ctx->home_dir, sizeof(ctx->home_dir), cache->root, cache->name) != 0) {
        /* Left without a valid digest: the next start replaces it. */
        (void)_frz_cache_refuse(cache, "cannot record the digest", errno);
        goto cleanup;
    }
    ctx->instance_fd = fd;
    fd = -1;
    FRZ_TRACE("extraction cache: %s/%s is in place", cache->root, cache->name);
    rc = 1;

cleanup:
    if (fd >= 0) {
        (void)close(fd);
    }
    if (dir_fd >= 0) {
        (void)close(dir_fd);
    }
    if (ctx->temp_dir_created) {
        ctx->temp_dir_created = 0;
        (void)frz_extract_remove_dir(ctx->temp_dir);
    }
    return rc;
}

int
frz_cache_prepare(struct FRZ_CONTEXT *ctx)
{
    struct _FRZ_CACHE cache;
    uint64_t hash;
    int attempt;
    int rc = 0;

    cache.root_fd = -1;
    cache.root[0] = '\0';
    cache.why = "the executable's name is too long";
    cache.error_number = 0;
    hash = _frz_cache_fnv(_FRZ_CACHE_FNV_START, ctx->archive.toc, ctx->archive.toc_length);
    if (strlen(ctx->program_name) > _FRZ_CACHE_NAME_MAX ||
        snprintf(cache.name, sizeof(cache.name), "%s-%s%016llx", ctx->program_name,
                 ctx->bundle_id, (unsigned long long)hash) >= (int)sizeof(cache.name) ||
        _frz_cache_open_root(&cache) != 0) {
        goto fallback;
    }
    for (attempt = 0; attempt < 2; attempt++) {
        rc = _frz_cache_use(ctx, &cache);
        if (rc == 1) {
            goto cleanup;
        }
        /* Damaged, half written or edited: replaced when nobody uses it. */
        if (rc < 0 && _frz_cache_remove(&cache, cache.name, 1, NULL) != 0) {
            cache.why = "its folder changed and is in use";
            rc = 0;
            goto fallback;
        }
        rc = _frz_cache_fill(ctx, &cache);
        if (rc == 1) {
            _frz_cache_collect(ctx, &cache);
        }
        if (rc != _FRZ_CACHE_LOST_RACE) {
            break;
        }
    }
    if (rc == 1 || rc < 0) {
        goto cleanup;
    }
    rc = 0;

fallback:
    FRZ_TRACE("extraction cache not used: %s: %s%s%s; unpacking into a private folder",
              cache.root, cache.why, cache.error_number != 0 ? ": " : "",
              cache.error_number != 0 ? strerror(cache.error_number) : "");

cleanup:
    if (cache.root_fd >= 0) {
        (void)close(cache.root_fd);
    }
    return rc;
}

void
frz_cache_adopt(struct FRZ_CONTEXT *ctx)
{
    const char *value = getenv(FRZ_ENV_CACHE_LOCK);
    struct stat handed;
    struct stat own;
    char *end;
    long fd;

    if (value == NULL) {
        return;
    }
    fd = strtol(value, &end, 10);
    /* Closed only when it is the very marker this process locked itself. */
    if (*end == '\0' && fd > 2 && fd < 1024 && ctx->instance_fd >= 0 &&
        frz_os_fstat((int)fd, &handed) == 0 && frz_os_fstat(ctx->instance_fd, &own) == 0 &&
        handed.st_dev == own.st_dev && handed.st_ino == own.st_ino && (int)fd != ctx->instance_fd) {
        (void)close((int)fd);
    }
    (void)frz_env_unset(FRZ_ENV_CACHE_LOCK);
}
