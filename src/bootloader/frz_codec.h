/*
 * Freeze.Sdk bootloader: the decoders of compressed package members.
 *
 * One function decodes a member whatever its codec, so that a platform or a
 * codec is added here alone. zlib goes through libdeflate, zstd through
 * libzstd's decompressor (both linked statically; docs/bootloader.md).
 */
#ifndef FRZ_CODEC_H
#define FRZ_CODEC_H

#include <stddef.h>
#include <stdint.h>

/* Compression methods of package members (docs/formats.md, MemberCompression in C#). */
#define FRZ_COMPRESSION_STORED 0
#define FRZ_COMPRESSION_ZLIB 1
#define FRZ_COMPRESSION_ZSTD 2

/* Results of frz_codec_decode. */
#define FRZ_CODEC_OK 0
#define FRZ_CODEC_CORRUPT 1   /* not a complete, valid stream of its codec */
#define FRZ_CODEC_TOO_LONG 2  /* decodes to more bytes than the output holds */
#define FRZ_CODEC_NO_MEMORY 3 /* the decoder state could not be allocated */

/* The decoder states of one thread, made on first use. */
struct FRZ_CODEC;

/* Is COMPRESSION one of FRZ_COMPRESSION_*? */
int frz_codec_is_known(int compression);

/* The codec's name for messages ("zlib", "zstd"). */
const char *frz_codec_name(int compression);

/* Can STORED_LENGTH bytes of COMPRESSION decode to FULL_LENGTH bytes? A table
 * entry that claims more than the codec's largest ratio is damaged; this is
 * checked before the output is allocated. */
int frz_codec_is_plausible(int compression, uint64_t stored_length, uint64_t full_length);

/* Decode INPUT (a compressed member) into OUTPUT, setting *ACTUAL to the bytes
 * written. *CODEC holds the decoder states, made here on first use, released
 * by frz_codec_free. Returns FRZ_CODEC_OK or another FRZ_CODEC_* result. */
int frz_codec_decode(struct FRZ_CODEC **codec, int compression, const unsigned char *input,
                     size_t input_length, unsigned char *output, size_t output_length,
                     size_t *actual);

/* Release CODEC (NULL is fine). */
void frz_codec_free(struct FRZ_CODEC *codec);

#endif /* FRZ_CODEC_H */
