# Builds the bootloader for linux-musl-x64 (Alpine and other musl systems) with Debian's
# musl-gcc. It links Debian's glibc-built libdeflate.a: that archive needs only malloc, free,
# memcpy, memmove, memset and __stack_chk_fail from the C library, which musl has too.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(CMAKE_C_COMPILER musl-gcc)
set(CMAKE_LIBRARY_ARCHITECTURE x86_64-linux-gnu)
