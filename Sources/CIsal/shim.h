#ifndef CISAL_SHIM_H
#define CISAL_SHIM_H
/// ISA-L's inflate and deflate (Debian `libisal-dev`): faster codecs of the same gzip data as zlib.
#include <isa-l/igzip_lib.h>

/// The size of the level buffer ISA-L's deflate wants at level 1 (a macro expression Swift cannot import).
static const unsigned int CIsal_level1BufferSize = ISAL_DEF_LVL1_DEFAULT;
#endif
