/*
 * Freeze.Sdk bootloader: libzstd without its decoders of legacy formats.
 *
 * Debian's libzstd.a is built with ZSTD_LEGACY_SUPPORT, so ZSTD_decompressDCtx
 * pulls in the v0.5-v0.7 frame decoders (zstd_v05.o, zstd_v06.o, zstd_v07.o:
 * ~81 KB of the bootloader's code) for frames that the package writer never
 * makes (ZstdSharp writes current frames only). These definitions are linked
 * before libzstd.a, so the linker takes them instead of those objects; each
 * refuses, and a member in a legacy format is corrupt like any other bad
 * stream. Should libzstd ever need another symbol of those objects, the link
 * fails with duplicate definitions rather than silently.
 */
#if defined(FRZ_HAVE_ZSTD)
#include <stddef.h>

#include <zstd.h>
#include <zstd_errors.h>

#define _FRZ_ZSTD_LEGACY_REFUSED ((size_t)-ZSTD_error_version_unsupported)

/* The legacy contexts are opaque here: only pointers to them pass. */
#define _FRZ_ZSTD_LEGACY_VERSION(v)                                                              \
    void *ZSTDv##v##_createDCtx(void) { return NULL; }                                       \
    size_t ZSTDv##v##_freeDCtx(void *dctx)                                                   \
    {                                                                                        \
        (void)dctx;                                                                          \
        return 0;                                                                            \
    }                                                                                        \
    size_t ZSTDv##v##_decompress_usingDict(void *dctx, void *dst, size_t dst_capacity,       \
                                            const void *src, size_t src_size,                 \
                                            const void *dict, size_t dict_size)               \
    {                                                                                        \
        (void)dctx, (void)dst, (void)dst_capacity, (void)src, (void)src_size, (void)dict,    \
            (void)dict_size;                                                                 \
        return _FRZ_ZSTD_LEGACY_REFUSED;                                                     \
    }                                                                                        \
    size_t ZSTDv##v##_getFrameParams(void *params, const void *src, size_t src_size)         \
    {                                                                                        \
        (void)params, (void)src, (void)src_size;                                             \
        return _FRZ_ZSTD_LEGACY_REFUSED;                                                     \
    }                                                                                        \
    void ZSTDv##v##_findFrameSizeInfoLegacy(const void *src, size_t src_size,                \
                                            size_t *compressed_size,                          \
                                            unsigned long long *decompressed_bound)           \
    {                                                                                        \
        (void)src, (void)src_size;                                                           \
        *compressed_size = _FRZ_ZSTD_LEGACY_REFUSED;                                         \
        *decompressed_bound = ZSTD_CONTENTSIZE_ERROR;                                        \
    }                                                                                        \
    void *ZBUFFv##v##_createDCtx(void) { return NULL; }                                      \
    size_t ZBUFFv##v##_freeDCtx(void *dctx)                                                  \
    {                                                                                        \
        (void)dctx;                                                                          \
        return 0;                                                                            \
    }                                                                                        \
    size_t ZBUFFv##v##_decompressInitDictionary(void *dctx, const void *dict,                \
                                                size_t dict_size)                             \
    {                                                                                        \
        (void)dctx, (void)dict, (void)dict_size;                                             \
        return _FRZ_ZSTD_LEGACY_REFUSED;                                                     \
    }                                                                                        \
    size_t ZBUFFv##v##_decompressContinue(void *dctx, void *dst, size_t *dst_capacity,       \
                                          const void *src, size_t *src_size)                  \
    {                                                                                        \
        (void)dctx, (void)dst, (void)dst_capacity, (void)src, (void)src_size;                \
        return _FRZ_ZSTD_LEGACY_REFUSED;                                                     \
    }

_FRZ_ZSTD_LEGACY_VERSION(05)
_FRZ_ZSTD_LEGACY_VERSION(06)
_FRZ_ZSTD_LEGACY_VERSION(07)
#endif /* FRZ_HAVE_ZSTD */
