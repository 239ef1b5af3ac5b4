/*
 * Freeze.Sdk bootloader: zlib inflate and CRC-32, behind one small interface.
 *
 * frz_inflate_libdeflate.c (Linux: libdeflate, about twice as fast as zlib)
 * and frz_inflate_zlib.c (Windows: zlib, the codec mingw-w64 ships) implement
 * it; both are linked statically.
 */
#ifndef FRZ_INFLATE_H
#define FRZ_INFLATE_H

#include <stddef.h>
#include <stdint.h>

/* Results of frz_inflate_zlib. */
#define FRZ_INFLATE_OK 0
#define FRZ_INFLATE_CORRUPT (-1)   /* not a complete zlib stream */
#define FRZ_INFLATE_TOO_LONG (-2)  /* the stream holds more than OUTPUT_LENGTH bytes */
#define FRZ_INFLATE_NO_MEMORY (-3)

/* CRC-32 of DATA continuing CRC (0 to start). */
uint32_t frz_inflate_crc32(uint32_t crc, const void *data, size_t length);

/* Inflate the zlib stream INPUT into OUTPUT; *ACTUAL receives the bytes
 * written. *STATE holds a decompressor made on first use (NULL before);
 * frz_inflate_free releases it. Returns FRZ_INFLATE_*. */
int frz_inflate_zlib(void **state, const void *input, size_t input_length, void *output,
                     size_t output_length, size_t *actual);

/* Release *STATE (safe on NULL). */
void frz_inflate_free(void *state);

#endif /* FRZ_INFLATE_H */
