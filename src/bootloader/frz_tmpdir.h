/*
 * Freeze.Sdk bootloader: where the OneFile parent extracts (the base folder
 * and the private _FRZxxxxxx folder inside it).
 */
#ifndef FRZ_TMPDIR_H
#define FRZ_TMPDIR_H

#include <stddef.h>

#include "frz_global.h"

/* Expand a runtime-tmpdir value: a leading "~" or "~/" becomes $HOME (or the
 * user's home from the password database), "$NAME" and "${NAME}" become the
 * variable's value, "$$" is one "$". A result that is not absolute is taken
 * relative to BASE_DIR (the executable's folder). Returns 0, or -1 with a
 * reason in PROBLEM (an unset or empty variable, "~user", too long). */
int frz_tmpdir_expand(const char *spec, const char *base_dir, char *out, size_t size,
                      char *problem, size_t problem_size);

/* The user's home folder: $HOME, else the password database; NULL when
 * neither has one. */
const char *frz_tmpdir_home(void);

/* mkdir -p PATH (absolute) with mode 0700 for the folders it creates; PATH
 * is changed during the call and restored. Returns 0 when PATH is a folder,
 * or -1 (errno set). */
int frz_tmpdir_make_dirs(char *path);

/* Choose ctx->temp_base: the expanded runtime-tmpdir option (created 0700
 * when missing), else the first existing folder of $TMPDIR, $TEMP, $TMP,
 * /tmp, /var/tmp, /usr/tmp. Reports FRZ0302. */
int frz_tmpdir_choose_base(struct FRZ_CONTEXT *ctx);

/* Create ctx->temp_dir below ctx->temp_base with mkdtemp (exclusive, 0700),
 * resolve it, and check that its file system allows executing files.
 * Reports FRZ0302 or FRZ0311. */
int frz_tmpdir_create(struct FRZ_CONTEXT *ctx);

#endif /* FRZ_TMPDIR_H */
