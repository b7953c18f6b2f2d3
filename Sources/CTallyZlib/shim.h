#ifndef CTALLYZLIB_SHIM_H
#define CTALLYZLIB_SHIM_H
#include <zlib.h>

/// `inflateInit2` is a macro; Swift needs a function to call.
static inline int CTallyZlib_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}

/// `deflateInit2` is a macro too; used to write gzip files.
static inline int CTallyZlib_deflateInit2(z_streamp strm, int level, int windowBits) {
    return deflateInit2(strm, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
#endif
