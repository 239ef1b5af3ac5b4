/*
 * Freeze.Sdk bootloader: the decoders of compressed package members.
 *
 * One function decodes a member whatever its codec, so that a platform or a
 * codec is added here alone. zlib goes through frz_inflate.h (libdeflate, or
 * zlib on Windows), zstd through
 * libzstd's decompressor (both linked statically; docs/bootloader.md); a
 * build without FRZ_HAVE_ZSTD (CMake's FRZ_WITH_ZSTD=OFF) refuses zstd
 * members with FRZ_CODEC_UNSUPPORTED.
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
#define FRZ_CODEC_UNSUPPORTED 4 /* a codec this bootloader was built without (FRZ_HAVE_ZSTD unset) */

/* Buffers of frz_codec_buffer. */
#define FRZ_CODEC_INPUT 0
#define FRZ_CODEC_OUTPUT 1

/* The decoder states and buffers of one thread. */
struct FRZ_CODEC;

/* A codec that keeps its buffers from one member to the next when KEEP_BUFFERS
 * is 1 (a thread that unpacks many members: fresh pages for every member cost
 * more in page faults than the decoding), or frees them after each (0, what
 * frz_codec_decode makes on first use). NULL when out of memory. */
struct FRZ_CODEC *frz_codec_new(int keep_buffers);

/* Buffer SLOT (FRZ_CODEC_INPUT or FRZ_CODEC_OUTPUT) of at least SIZE bytes,
 * owned by *CODEC (made on first use, as frz_codec_new(0)); valid until the
 * next call for SLOT, frz_codec_trim or frz_codec_free. Its content is not
 * kept when it grows. NULL when out of memory. */
unsigned char *frz_codec_buffer(struct FRZ_CODEC **codec, int slot, size_t size);

/* Done with a member: free the buffers unless CODEC keeps them (NULL is fine). */
void frz_codec_trim(struct FRZ_CODEC *codec);

/* Is COMPRESSION one of FRZ_COMPRESSION_*? */
int frz_codec_is_known(int compression);

/* The codec's name for messages ("zlib", "zstd"). */
const char *frz_codec_name(int compression);

/* Can STORED_LENGTH bytes of COMPRESSION decode to FULL_LENGTH bytes? A table
 * entry that claims more than the codec's largest ratio is damaged; this is
 * checked before the output is allocated. */
int frz_codec_is_plausible(int compression, uint64_t stored_length, uint64_t full_length);

/* Decode INPUT (a compressed member) into OUTPUT, setting *ACTUAL to the bytes
 * written. *CODEC holds the decoder states, made here on first use (as
 * frz_codec_new(0)), released by frz_codec_free. Returns FRZ_CODEC_OK or another FRZ_CODEC_* result. */
int frz_codec_decode(struct FRZ_CODEC **codec, int compression, const unsigned char *input,
                     size_t input_length, unsigned char *output, size_t output_length,
                     size_t *actual);

/* Release CODEC (NULL is fine). */
void frz_codec_free(struct FRZ_CODEC *codec);

#endif /* FRZ_CODEC_H */
