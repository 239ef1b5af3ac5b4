/*
 * Freeze.Sdk bootloader: the OneFile temp folder (create, fill, remove).
 */
#ifndef FRZ_EXTRACT_H
#define FRZ_EXTRACT_H

#include "frz_archive.h"
#include "frz_global.h"

/* Is this typecode a file that OneFile extracts (a, b, x)? */
int frz_extract_is_extracted_type(int typecode);

/* Write ENTRY below the directory ROOT_FD, creating parent folders 0700, the
 * file exclusively (O_CREAT|O_EXCL|O_NOFOLLOW) with the entry's mode, and
 * checking length and CRC-32. Returns 0, 1 when the file already exists (a
 * duplicate member), or -1 with archive->error set. */
int frz_extract_member(struct FRZ_ARCHIVE *archive, const struct FRZ_TOC_ENTRY *entry,
                       int root_fd);

/* Create ctx->temp_dir: "_FRZ" + 6 random characters, 0700, under $TMPDIR or
 * /tmp. Reports the error (FRZ0302). */
int frz_extract_create_temp_dir(struct FRZ_CONTEXT *ctx);

/* Extract every a/b/x member into ctx->temp_dir. Reports the error (FRZ0303). */
int frz_extract_all(struct FRZ_CONTEXT *ctx);

/* Remove PATH and everything below it, depth first, without following
 * symbolic links or crossing mount points. Returns 0 or -1 (some entries
 * could not be removed). */
int frz_extract_remove_dir(const char *path);

#endif /* FRZ_EXTRACT_H */
