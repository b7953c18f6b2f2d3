/// The decoder of gzip input. Both read the same files into the same bytes and
/// report damaged data the same way (exit 65, with the compressed byte offset);
/// zlib is the reference, ISA-L the faster and `tally run`'s default.
public enum Inflater: String, Sendable, CaseIterable {
    /// zlib's `inflate` (`zlib1g`).
    case zlib
    /// Intel ISA-L's `isal_inflate` (`libisal2`), about three times faster than zlib.
    case isal
}
