/*
 * Freeze.Sdk bootloader: the OneFile temp folder (create, fill, remove).
 */
#ifndef FRZ_EXTRACT_H
#define FRZ_EXTRACT_H

#include "frz_archive.h"
#include "frz_global.h"

/* Results of frz_extract_member. */
#define FRZ_EXTRACT_OK 0
#define FRZ_EXTRACT_FAILED (-1)
#define FRZ_EXTRACT_DUPLICATE 1    /* the file or link already exists */
#define FRZ_EXTRACT_LINK_OUTSIDE 2 /* a link member points outside the bundle */
#define FRZ_EXTRACT_NO_SYMLINKS 3  /* the file system refuses symbolic links */
#define FRZ_EXTRACT_NO_SPACE 4     /* the file system is full (ENOSPC, EDQUOT) */

/* Write ENTRY below the directory ROOT_FD, creating parent folders 0700
 * (never through a symbolic link), the file exclusively
 * (O_CREAT|O_EXCL|O_NOFOLLOW) with the entry's mode, and checking length and
 * CRC-32; a link member ('l') becomes a symbolic link after its target passed
 * frz_archive_is_valid_link. Returns FRZ_EXTRACT_* (archive->error set when
 * not OK). */
int frz_extract_member(struct FRZ_ARCHIVE *archive, const struct FRZ_TOC_ENTRY *entry,
                       int root_fd);

/* Extract every a/b/x/l member into ctx->temp_dir. Returns 0, or -1 after
 * reporting the error (FRZ0303, FRZ0312 with ctx->extract_exit_code =
 * FRZ_EXIT_ARCHIVE, FRZ0313), or FRZ_EXTRACT_NO_SPACE without reporting it
 * (ctx->archive.error says what), so the caller can make room and try again. */
int frz_extract_all(struct FRZ_CONTEXT *ctx);

/* Remove NAME in the folder PARENT_FD and everything below it, depth first,
 * without following symbolic links or crossing mount points, at any depth and
 * path length (every step is relative to one open folder). Returns 0, or -1
 * when some entries could not be removed (the rest is removed). */
int frz_extract_remove_tree_at(int parent_fd, const char *name);

/* Create DIR when missing and extract every member frz_archive_is_extracted
 * names into it (frz-pkg-dump --extract). Returns 0, or -1 with the reason in
 * archive->error. */
int frz_extract_into(struct FRZ_ARCHIVE *archive, const char *dir);

/* frz_extract_remove_tree_at for a path. */
int frz_extract_remove_dir(const char *path);

#endif /* FRZ_EXTRACT_H */
