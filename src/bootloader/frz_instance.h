/*
 * Freeze.Sdk bootloader: ownership of OneFile folders and removal of the
 * folders that crashed instances left behind.
 *
 * Each _FRZxxxxxx folder holds a marker file, .freeze-instance, with the
 * bundle identity and the parent's pid. Every process using the folder (the
 * parent, the main process, workers) holds a shared flock on the marker for
 * its whole life; the kernel drops the lock when a process dies, even by
 * SIGKILL. A folder whose marker can be locked exclusively is therefore no
 * longer used by anyone.
 */
#ifndef FRZ_INSTANCE_H
#define FRZ_INSTANCE_H

#include "frz_global.h"

/* OneFile parent, right after creating ctx->temp_dir: create the marker,
 * lock it shared, write the identity. Reports FRZ0302 (the folder is not
 * writable). */
int frz_instance_claim(struct FRZ_CONTEXT *ctx);

/* OneFile main process or worker: lock the marker of ctx->home_dir shared.
 * Never fails the start (a folder without a marker is simply not swept). */
void frz_instance_join(struct FRZ_CONTEXT *ctx);

/* Remove the folders in ctx->temp_base left by dead instances of this
 * bundle: named _FRZxxxxxx, a real directory owned by this user, with a
 * marker of this bundle that nobody holds. Problems are traced, not fatal.
 * A base folder of thousands of entries (FRZ_INSTANCE_LARGE_BASE bytes of
 * directory) is listed at most every FRZ_INSTANCE_SWEEP_INTERVAL seconds per
 * user, unless ALWAYS (a full disk): the time is kept in the mtime of a
 * stamp file of the user, .freeze-swept-<uid>, in the base folder. */
void frz_instance_sweep(struct FRZ_CONTEXT *ctx, int always);

#define FRZ_INSTANCE_LARGE_BASE (64 * 1024)
#define FRZ_INSTANCE_SWEEP_INTERVAL 600

/* Drop the lock (before removing the folder). */
void frz_instance_release(struct FRZ_CONTEXT *ctx);

#endif /* FRZ_INSTANCE_H */
