/*
 * Freeze.Sdk bootloader: the opt-in verified extraction cache of a OneFile
 * app (FreezeExtractionCache=true; the rules and the threat model are in
 * docs/runtime.md, "Extraction cache").
 *
 * The bundle is unpacked once into <cache home>/Freeze/<program>-<40 hex>,
 * where the hex digits name the package's table of contents (which holds
 * every member's size and CRC-32). A folder is filled under a temporary name
 * and renamed into place only when whole; its marker (.freeze-instance) then
 * records a digest of the metadata of everything extraction wrote (device,
 * inode, mode, owner, size, mtime and ctime of every file, link and folder).
 * A later start recomputes that digest (one fstatat per file) and runs the
 * folder only when it matches; anything else unpacks into a private folder.
 */
#ifndef FRZ_CACHE_H
#define FRZ_CACHE_H

#include "frz_global.h"

/* Find, verify or fill this bundle's cache folder. Returns 1 with
 * ctx->home_dir set to a verified folder and ctx->instance_fd holding a
 * shared lock on its marker; 0 when the cache cannot be used (traced; the
 * caller unpacks into a private folder as without the cache); -1 after
 * reporting an error that a private folder would meet too (a damaged
 * package). */
int frz_cache_prepare(struct FRZ_CONTEXT *ctx);

/* OneFile main process started from a cached folder: drop the lock
 * descriptor the starting process handed over (_FREEZE_CACHE_LOCK) once
 * frz_instance_join holds one of its own on the same marker. */
void frz_cache_adopt(struct FRZ_CONTEXT *ctx);

#endif /* FRZ_CACHE_H */
