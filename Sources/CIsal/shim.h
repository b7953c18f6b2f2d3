#ifndef CISAL_SHIM_H
#define CISAL_SHIM_H
/// ISA-L's inflate (Debian `libisal-dev`), a faster decoder of the same gzip data as zlib.
#include <isa-l/igzip_lib.h>
#endif
