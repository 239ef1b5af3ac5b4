/*
 * Freeze.Sdk bootloader: frz_inflate.h with zlib (one inflate call per
 * member: the whole input and output are in memory).
 */
#include "frz_inflate.h"

#include <limits.h>
#include <zlib.h>

uint32_t
frz_inflate_crc32(uint32_t crc, const void *data, size_t length)
{
    const unsigned char *bytes = data;
    uInt piece;

    while (length > 0) {
        piece = length > UINT_MAX ? UINT_MAX : (uInt)length;
        crc = (uint32_t)crc32(crc, bytes, piece);
        bytes += piece;
        length -= piece;
    }
    return crc;
}

int
frz_inflate_zlib(void **state, const void *input, size_t input_length, void *output,
                 size_t output_length, size_t *actual)
{
    z_stream stream = { 0 };
    unsigned char spare;
    int result;

    (void)state;
    *actual = 0;
    if (input_length > UINT_MAX || output_length > UINT_MAX) {
        return FRZ_INFLATE_NO_MEMORY;
    }
    if (inflateInit(&stream) != Z_OK) {
        return FRZ_INFLATE_NO_MEMORY;
    }
    stream.next_in = (Bytef *)(uintptr_t)input;
    stream.avail_in = (uInt)input_length;
    stream.next_out = output;
    stream.avail_out = (uInt)output_length;
    result = inflate(&stream, Z_FINISH);
    *actual = output_length - stream.avail_out;
    if (result == Z_BUF_ERROR && stream.avail_out == 0) {
        /* Output full: one more byte tells a longer stream from a truncated one. */
        stream.next_out = &spare;
        stream.avail_out = 1;
        result = inflate(&stream, Z_FINISH);
        (void)inflateEnd(&stream);
        return result == Z_STREAM_END || stream.avail_out == 0 ? FRZ_INFLATE_TOO_LONG
                                                               : FRZ_INFLATE_CORRUPT;
    }
    (void)inflateEnd(&stream);
    if (result == Z_MEM_ERROR) {
        return FRZ_INFLATE_NO_MEMORY;
    }
    return result == Z_STREAM_END ? FRZ_INFLATE_OK : FRZ_INFLATE_CORRUPT;
}

void
frz_inflate_free(void *state)
{
    (void)state;
}
