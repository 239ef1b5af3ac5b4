/*
 * Freeze.Sdk bootloader: frz_inflate.h with libdeflate.
 */
#include "frz_inflate.h"

#include <libdeflate.h>

uint32_t
frz_inflate_crc32(uint32_t crc, const void *data, size_t length)
{
    return libdeflate_crc32(crc, data, length);
}

int
frz_inflate_zlib(void **state, const void *input, size_t input_length, void *output,
                 size_t output_length, size_t *actual)
{
    enum libdeflate_result result;

    if (*state == NULL) {
        *state = libdeflate_alloc_decompressor();
        if (*state == NULL) {
            return FRZ_INFLATE_NO_MEMORY;
        }
    }
    result = libdeflate_zlib_decompress(*state, input, input_length, output, output_length, actual);
    if (result == LIBDEFLATE_INSUFFICIENT_SPACE) {
        return FRZ_INFLATE_TOO_LONG;
    }
    return result == LIBDEFLATE_SUCCESS ? FRZ_INFLATE_OK : FRZ_INFLATE_CORRUPT;
}

void
frz_inflate_free(void *state)
{
    if (state != NULL) {
        libdeflate_free_decompressor(state);
    }
}
