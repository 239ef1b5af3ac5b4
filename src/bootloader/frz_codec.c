/*
 * Freeze.Sdk bootloader: the decoders of compressed package members.
 *
 * See frz_codec.h. Both decoders work on a whole member in memory, in one
 * call: the stored bytes are read at once and the output is the member.
 */
#include "frz_codec.h"

#include <stdlib.h>

#include "frz_inflate.h"
#if defined(FRZ_HAVE_ZSTD)
#include <zstd.h>
#include <zstd_errors.h>
#endif

struct FRZ_CODEC {
    void *inflate;                           /* zlib members (frz_inflate_zlib's state) */
#if defined(FRZ_HAVE_ZSTD)
    ZSTD_DCtx *zstd;                         /* zstd members */
#endif
    unsigned char *buffers[2];               /* FRZ_CODEC_INPUT, FRZ_CODEC_OUTPUT */
    size_t capacities[2];                    /* their sizes */
    int keep_buffers;                        /* 1: frz_codec_trim keeps them */
};

struct FRZ_CODEC *
frz_codec_new(int keep_buffers)
{
    struct FRZ_CODEC *codec = calloc(1, sizeof(*codec));

    if (codec != NULL) {
        codec->keep_buffers = keep_buffers;
    }
    return codec;
}

unsigned char *
frz_codec_buffer(struct FRZ_CODEC **codec, int slot, size_t size)
{
    struct FRZ_CODEC *state;

    if (slot != FRZ_CODEC_INPUT && slot != FRZ_CODEC_OUTPUT) {
        return NULL;
    }
    if (*codec == NULL && (*codec = frz_codec_new(0)) == NULL) {
        return NULL;
    }
    state = *codec;
    if (size == 0) {
        size = 1;
    }
    if (state->capacities[slot] < size) {
        free(state->buffers[slot]);
        state->capacities[slot] = 0;
        state->buffers[slot] = malloc(size);
        if (state->buffers[slot] == NULL) {
            return NULL;
        }
        state->capacities[slot] = size;
    }
    return state->buffers[slot];
}

void
frz_codec_trim(struct FRZ_CODEC *codec)
{
    int slot;

    if (codec == NULL || codec->keep_buffers) {
        return;
    }
    for (slot = 0; slot < 2; slot++) {
        free(codec->buffers[slot]);
        codec->buffers[slot] = NULL;
        codec->capacities[slot] = 0;
    }
}

/* Deflate's largest ratio is about 1032:1. A zstd block of 128 KiB can be one
 * repeated byte in a 4-byte RLE block: 32768:1. */
#define _FRZ_CODEC_ZLIB_RATIO 1032u
#define _FRZ_CODEC_ZSTD_RATIO 32768u

int
frz_codec_is_known(int compression)
{
    return compression == FRZ_COMPRESSION_STORED || compression == FRZ_COMPRESSION_ZLIB ||
           compression == FRZ_COMPRESSION_ZSTD;
}

const char *
frz_codec_name(int compression)
{
    switch (compression) {
    case FRZ_COMPRESSION_STORED:
        return "stored";
    case FRZ_COMPRESSION_ZLIB:
        return "zlib";
    case FRZ_COMPRESSION_ZSTD:
        return "zstd";
    default:
        return "unknown";
    }
}

int
frz_codec_is_plausible(int compression, uint64_t stored_length, uint64_t full_length)
{
    uint64_t ratio;

    switch (compression) {
    case FRZ_COMPRESSION_STORED:
        return full_length == stored_length;
    case FRZ_COMPRESSION_ZLIB:
        ratio = _FRZ_CODEC_ZLIB_RATIO;
        break;
    case FRZ_COMPRESSION_ZSTD:
        ratio = _FRZ_CODEC_ZSTD_RATIO;
        break;
    default:
        return 0;
    }
    return stored_length <= UINT64_MAX / ratio - 1024u &&
           full_length <= stored_length * ratio + 1024u && full_length <= (uint64_t)SIZE_MAX / 2;
}

static int
_frz_codec_inflate(struct FRZ_CODEC *codec, const unsigned char *input, size_t input_length,
                   unsigned char *output, size_t output_length, size_t *actual)
{
    switch (frz_inflate_zlib(&codec->inflate, input, input_length, output, output_length, actual)) {
    case FRZ_INFLATE_OK:
        return FRZ_CODEC_OK;
    case FRZ_INFLATE_TOO_LONG:
        return FRZ_CODEC_TOO_LONG;
    case FRZ_INFLATE_NO_MEMORY:
        return FRZ_CODEC_NO_MEMORY;
    default:
        return FRZ_CODEC_CORRUPT;
    }
}

#if defined(FRZ_HAVE_ZSTD)
static int
_frz_codec_unzstd(struct FRZ_CODEC *codec, const unsigned char *input, size_t input_length,
                  unsigned char *output, size_t output_length, size_t *actual)
{
    size_t result;

    if (codec->zstd == NULL) {
        codec->zstd = ZSTD_createDCtx();
        if (codec->zstd == NULL) {
            return FRZ_CODEC_NO_MEMORY;
        }
    }
    result = ZSTD_decompressDCtx(codec->zstd, output, output_length, input, input_length);
    if (ZSTD_isError(result)) {
        return ZSTD_getErrorCode(result) == ZSTD_error_dstSize_tooSmall ? FRZ_CODEC_TOO_LONG
                                                                         : FRZ_CODEC_CORRUPT;
    }
    *actual = result;
    return FRZ_CODEC_OK;
}
#endif

int
frz_codec_decode(struct FRZ_CODEC **codec, int compression, const unsigned char *input,
                 size_t input_length, unsigned char *output, size_t output_length,
                 size_t *actual)
{
    *actual = 0;
    if (*codec == NULL && (*codec = frz_codec_new(0)) == NULL) {
        return FRZ_CODEC_NO_MEMORY;
    }
    switch (compression) {
    case FRZ_COMPRESSION_ZLIB:
        return _frz_codec_inflate(*codec, input, input_length, output, output_length, actual);
    case FRZ_COMPRESSION_ZSTD:
#if defined(FRZ_HAVE_ZSTD)
        return _frz_codec_unzstd(*codec, input, input_length, output, output_length, actual);
#else
        return FRZ_CODEC_UNSUPPORTED;
#endif
    default:
        return FRZ_CODEC_CORRUPT;
    }
}

void
frz_codec_free(struct FRZ_CODEC *codec)
{
    if (codec == NULL) {
        return;
    }
    frz_inflate_free(codec->inflate);
#if defined(FRZ_HAVE_ZSTD)
    if (codec->zstd != NULL) {
        (void)ZSTD_freeDCtx(codec->zstd);
    }
#endif
    free(codec->buffers[FRZ_CODEC_INPUT]);
    free(codec->buffers[FRZ_CODEC_OUTPUT]);
    free(codec);
}
