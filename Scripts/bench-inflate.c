/* The limit Scripts/bench compares against: inflate gzip files with zlib and
 * discard the bytes, nothing else. Prints "FILE COMPRESSED DECOMPRESSED" per
 * file; exits 1 on any read or zlib error. Multi-member files are read whole.
 * Build: gcc -O2 -o bench-inflate bench-inflate.c -lz */
#include <stdio.h>
#include <string.h>
#include <zlib.h>

enum { CHUNK = 256 * 1024 };

static int inflate_file(const char *path) {
    static unsigned char in[CHUNK], out[CHUNK];
    FILE *file = fopen(path, "rb");
    if (!file) { perror(path); return 1; }
    z_stream stream;
    memset(&stream, 0, sizeof stream);
    if (inflateInit2(&stream, 15 + 16) != Z_OK) { fprintf(stderr, "%s: inflateInit2 failed\n", path); return 1; }
    unsigned long long compressed = 0, decompressed = 0;
    int status = Z_OK;
    for (;;) {
        if (stream.avail_in == 0) {
            size_t count = fread(in, 1, CHUNK, file);
            if (ferror(file)) { perror(path); return 1; }
            if (count == 0) break;
            compressed += count;
            stream.next_in = in;
            stream.avail_in = (uInt)count;
        }
        stream.next_out = out;
        stream.avail_out = CHUNK;
        status = inflate(&stream, Z_NO_FLUSH);
        decompressed += CHUNK - stream.avail_out;
        if (status == Z_STREAM_END) {
            if (stream.avail_in == 0) {
                int next = fgetc(file);
                if (next == EOF) break;
                ungetc(next, file);
            }
            if (inflateReset(&stream) != Z_OK) { fprintf(stderr, "%s: inflateReset failed\n", path); return 1; }
        } else if (status != Z_OK) {
            fprintf(stderr, "%s: inflate failed (%d)\n", path, status);
            return 1;
        }
    }
    inflateEnd(&stream);
    fclose(file);
    if (status != Z_STREAM_END) { fprintf(stderr, "%s: truncated gzip data\n", path); return 1; }
    printf("%s %llu %llu\n", path, compressed, decompressed);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: bench-inflate FILE.gz...\n"); return 2; }
    for (int i = 1; i < argc; i++)
        if (inflate_file(argv[i]) != 0) return 1;
    return 0;
}
