"""The malformed inputs of Scripts/fuzz-inputs, made from Fixtures/handmade (standard library only).

A case is a name, a family, the files to create in an empty input folder (bytes, or a
FIFO, folder, symlink or socket), the `--input` arguments, and what the README's
contract allows Tally to do with it:

  expect "ok"      a valid input: the run must succeed (exit 0)
  expect "fail"    the contract says it is bad data (damaged gzip, missing column,
                   empty or header-only file): the run must fail
  expect "either"  the README does not decide; whatever happens must be accounted for
  codes            the non-zero exit codes the README gives such an input (65 bad data;
                   66 only where an input is missing or is not a regular file)
  culprit          the file a failing run's message must name
  counted          the files whose respondents a person counts (see respondent_ids)
  binary           the culprit is not gzip-or-plain UTF-8 text (damaged gzip, bytes after
                   the gzip members, UTF-16, Latin-1, random bytes): such an input must
                   never be reported as "the header lacks columns"

Deterministic: every random choice comes from a random.Random seeded with SEED and the
family's name, and gzip members are written with mtime 0.
"""

import csv
import gzip
import io
import os
import random
import re
import struct
import zlib
from dataclasses import dataclass, field

SEED = 20230503
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HANDMADE = os.path.join(ROOT, "Fixtures", "handmade")
GZIP_MAGIC = b"\x1f\x8b"
ID_COLUMN = "respondent_id"
ID_SHAPE = re.compile(r"R\d{5}\Z")  # every id of the handmade fixture
IGNORED = ("panel_source", "comment")  # fixture columns the handmade definition does not read
BAD_DATA = frozenset({65})
BAD_OR_MISSING = frozenset({65, 66})


@dataclass
class Entry:
    """One thing in a case's input folder: a file (bytes, or a function making them), or a special file."""

    path: str | bytes
    data: bytes | object = b""
    kind: str = "file"  # file, fifo, dir, symlink, socket
    target: str = ""  # a symlink's target


@dataclass
class Case:
    name: str
    family: str
    entries: list
    inputs: list = None
    expect: str = None
    codes: frozenset = BAD_DATA
    culprit: str | bytes = None
    counted: list = None
    definition: str = "lenient"  # lenient (max_rejected_share 1), strict (the original 0), dedupe
    binary: bool = None
    options: list = field(default_factory=list)  # more arguments of `tally run`

    def __post_init__(self):
        first = self.entries[0]
        if self.inputs is None:
            self.inputs = [first.path]
        if self.culprit is None:
            self.culprit = first.path
        if self.counted is None:
            self.counted = [e.path for e in self.entries if e.kind == "file" and not base(e.path).startswith(".")]
        data = next((e.data for e in self.entries if e.path == self.culprit), None)
        plain = isinstance(data, bytes)
        if self.expect is None:
            self.expect = judge(data) if plain else "either"
        if self.binary is None:
            self.binary = plain and not is_text(data)


def base(path):
    return os.path.basename(os.fsdecode(path))


# --- Reading gzip and judging bytes ------------------------------------------------------------


def inflate(data):
    """Inflates gzip members one after another as far as they go (what zcat prints).

    Returns (content, status, member_ends): status is "ok" (whole members, CRC and
    length checked, nothing after them), "trailing" (bytes after the last member that
    do not start another one) or "damaged".
    """
    out, ends, offset = [], [], 0
    while offset < len(data):
        if data[offset : offset + 2] != GZIP_MAGIC:
            return b"".join(out), "trailing", ends
        inflater = zlib.decompressobj(31)
        position = offset
        try:
            while not inflater.eof and position < len(data):
                out.append(inflater.decompress(data[position : position + 1024]))
                position += 1024
        except zlib.error:
            return b"".join(out), "damaged", ends
        if not inflater.eof:
            return b"".join(out), "damaged", ends
        offset = min(position, len(data)) - len(inflater.unused_data)
        ends.append(offset)
    return b"".join(out), "ok", ends


def content_of(data):
    """The CSV bytes of a file (inflated when it starts like gzip) and the gzip status."""
    if data[:2] == GZIP_MAGIC:
        content, status, _ = inflate(data)
        return content, status
    return data, "ok"


def is_text(data):
    """Plain or intact gzip, holding UTF-8 (a byte-order mark allowed)."""
    content, status = content_of(data)
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return status == "ok"


def judge(data):
    """What the contract requires of a file: "fail" for damaged gzip, a header without a
    column the definition reads, or no data rows; else "either" (a quote left open is a
    reject of each line it breaks, so with max_rejected_share 1 the run may succeed)."""
    content, status = content_of(data)
    if status == "damaged":
        return "fail"
    lines = content.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    header = {name.strip(b'"') for name in lines[0].rstrip(b"\r").split(b",")}
    if not {c.encode() for c in READ_COLUMNS} <= header or not any(line.strip() for line in lines[1:]):
        return "fail"
    return "either"


# --- The fixture and small byte edits ----------------------------------------------------------


def read(*parts):
    with open(os.path.join(HANDMADE, *parts), "rb") as f:
        return f.read()


def gz(data, level=6):
    return gzip.compress(data, compresslevel=level, mtime=0)


def split_lines(text):
    """Physical lines at LF, each with its ending."""
    return re.findall(rb"[^\n]*\n|[^\n]+\Z", text)


def set_field(line, index, value):
    """Replaces field `index` of a record line whose fields up to it are unquoted."""
    parts = line.split(b",", index + 1)
    parts[index] = value
    return b",".join(parts)


def csv_rows(text):
    return list(csv.reader(io.StringIO(text.decode("utf-8"), newline="")))


def csv_bytes(rows, **options):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n", **options).writerows(rows)
    return buffer.getvalue().encode("utf-8")


class Fixture:
    """The handmade shards: part-1 (header and 147 rows, one member) and part-2 (two members)."""

    def __init__(self):
        self.pipeline = read("pipeline.yaml").decode("utf-8")
        self.part1_gz, self.part2_gz = read("shards", "part-1.csv.gz"), read("shards", "part-2.csv.gz")
        self.part1 = gzip.decompress(self.part1_gz)
        self.lines = split_lines(self.part1)
        self.header = self.lines[0]
        self.columns = self.header.decode().strip().split(",")
        self.crlf_bom_gz, self.reordered = read("variants", "crlf-bom.csv.gz"), read("variants", "reordered.csv")
        # Record lines that are one physical line without quotes: safe to edit field by field.
        self.simple = [i for i, line in enumerate(self.lines) if re.match(rb"R\d{5},", line) and b'"' not in line]

    def line_near(self, number):
        """The 0-based index of the first simple record line at or after physical line `number` (1-based)."""
        return next(i for i in self.simple if i >= number - 1)

    def edit(self, index, new_line):
        lines = list(self.lines)
        lines[index] = new_line
        return b"".join(lines)

    def with_field(self, number, column, value):
        index = self.line_near(number)
        return self.edit(index, set_field(self.lines[index], self.columns.index(column), value)), index + 1


FIXTURE = Fixture()
READ_COLUMNS = [c for c in FIXTURE.columns if c not in IGNORED]
assert all(c in FIXTURE.pipeline for c in READ_COLUMNS) and not any(c in FIXTURE.pipeline for c in IGNORED)


def one_file(name, family, filename, data, **options):
    return Case(name, family, [Entry(filename, data)], **options)


# --- Families ----------------------------------------------------------------------------------


def gzip_truncations(fx):
    n = len(fx.part1_gz)
    offsets = [1, 2, 3, 9, 10, 11, 16, 64, 256, 700, 1200, 1700, 2100, n - 9, n - 8, n - 5, n - 4, n - 1]
    cases = [one_file(f"gz-truncate-part1-at-{cut}", "gzip-truncate", "part-1.csv.gz", fx.part1_gz[:cut])
             for cut in offsets]
    boundary = inflate(fx.part2_gz)[2][0]
    for cut in [boundary // 2, boundary - 1, boundary, boundary + 10, len(fx.part2_gz) - 4]:
        cases.append(one_file(f"gz-truncate-part2-at-{cut}", "gzip-truncate", "part-2.csv.gz", fx.part2_gz[:cut]))
    return cases


def csv_truncations(fx):
    text, h = fx.part1, len(fx.header)
    quoted = text.index(b'"First line') + 5
    rng = random.Random(f"{SEED}:csv-truncate")
    offsets = [1, 20, h - 1, h, h + 1, h + 3, h + 6, h + 7, h + 30, quoted, text.index(b'line"') + 5,
               len(text) - 1]
    offsets = sorted(set(offsets + rng.sample(range(h + 40, len(text) - 2), 6)))
    return [one_file(f"csv-truncate-at-{cut}", "csv-truncate", "part-1.csv", text[:cut]) for cut in offsets]


def gzip_bitflips(fx):
    data, n = fx.part1_gz, len(fx.part1_gz)
    rng = random.Random(f"{SEED}:gz-bitflip")
    spots = [(3, 0), (3, 3), (3, 5), (5, 2), (8, 1), (9, 0), (10, 0), (n - 9, 7), (n - 8, 0), (n - 4, 4), (n - 1, 0)]
    spots += sorted((rng.randrange(11, n - 9), rng.randrange(8)) for _ in range(10))
    cases = []
    for offset, bit in spots:
        flipped = bytearray(data)
        flipped[offset] ^= 1 << bit
        cases.append(bitflip_case(f"gz-bitflip-part1-byte-{offset}-bit-{bit}", "part-1.csv.gz", bytes(flipped),
                                  fx.part1))
    second = inflate(fx.part2_gz)[2][0] + 40
    flipped = bytearray(fx.part2_gz)
    flipped[second] ^= 0x10
    cases.append(bitflip_case(f"gz-bitflip-part2-member2-byte-{second}-bit-4", "part-2.csv.gz", bytes(flipped),
                              gzip.decompress(fx.part2_gz)))
    return cases


def bitflip_case(name, filename, data, original):
    content, status, _ = inflate(data)
    intact = status == "ok" and content == original
    return one_file(name, "gzip-bitflip", filename, data, expect="either" if intact else "fail")


def quotes(fx):
    comment = fx.columns.index("comment")
    cases = []
    for number in [2, 3, 40, 100, len(fx.lines)]:
        index = fx.line_near(number) if number < len(fx.lines) else fx.simple[-1]
        line = set_field(fx.lines[index], comment, b'"opened and never closed\n')
        cases.append(one_file(f"quote-unterminated-comment-line-{index + 1}", "quotes", "part-1.csv",
                              fx.edit(index, line)))
    for number in [2, 60]:
        index = fx.line_near(number)
        cases.append(one_file(f"quote-unterminated-id-line-{index + 1}", "quotes", "part-1.csv",
                              fx.edit(index, b'"' + fx.lines[index])))
    index = fx.line_near(30)
    doubled = fx.edit(index, set_field(fx.lines[index], comment, b'"she said ""hi"" and left\n'))
    cases.append(one_file(f"quote-unterminated-doubled-line-{index + 1}", "quotes", "part-1.csv", doubled))
    for number in [10, 120]:
        index = fx.line_near(number)
        line = set_field(fx.lines[index], comment, b'"opened and never closed\n')
        cases.append(one_file(f"quote-unterminated-gz-line-{index + 1}", "quotes", "part-1.csv.gz",
                              gz(fx.edit(index, line))))
    cases.append(one_file("quote-unterminated-last-byte", "quotes", "part-1.csv", fx.part1 + b'R99999,1,C,US,1980,F,'
                          b'4,1,0,1,0,0,50,pA,"'))
    for number in [5, 50, 120]:
        data, line = fx.with_field(number, "country", b'U"S')
        cases.append(one_file(f"quote-stray-mid-field-line-{line}", "quotes", "part-1.csv", data, expect="either"))
    for first, second in [(20, 21), (70, 80)]:
        data, a = fx.with_field(first, "country", b'G"B')
        lines = split_lines(data)
        b = fx.line_near(second)
        lines[b] = set_field(lines[b], fx.columns.index("gender"), b'F"')
        cases.append(one_file(f"quote-stray-pair-lines-{a}-{b + 1}", "quotes", "part-1.csv", b"".join(lines),
                              expect="either"))
    index = fx.line_near(45)
    cases.append(one_file(f"quote-text-after-closing-line-{index + 1}", "quotes", "part-1.csv",
                          fx.edit(index, set_field(fx.lines[index], comment, b'"closed"tail\n')), expect="either"))
    index = fx.line_near(90)
    cases.append(one_file(f"quote-pair-inside-unquoted-line-{index + 1}", "quotes", "part-1.csv",
                          fx.edit(index, set_field(fx.lines[index], comment, b'he said "hi" twice\n'))))
    return cases


def encodings(fx):
    text, rng = fx.part1, random.Random(f"{SEED}:encodings")
    utf16le = b"\xff\xfe" + text.decode().encode("utf-16-le")
    noise = bytes(rng.randrange(256) for _ in range(4096))
    cases = [
        # UTF-16 is not in the README; a reader may refuse it or decode it by its byte-order mark.
        one_file("enc-utf16le-bom", "encodings", "part-1.csv", utf16le, expect="either"),
        one_file("enc-utf16be-bom", "encodings", "part-1.csv", b"\xfe\xff" + text.decode().encode("utf-16-be"),
                 expect="either"),
        one_file("enc-utf16le-bom-gz", "encodings", "part-1.csv.gz", gz(utf16le), expect="either"),
        one_file("enc-utf8-bom", "encodings", "part-1.csv", b"\xef\xbb\xbf" + text, expect="ok"),
        one_file("enc-utf8-bom-gz", "encodings", "part-1.csv.gz", gz(b"\xef\xbb\xbf" + text), expect="ok"),
        one_file("enc-utf8-bom-twice", "encodings", "part-1.csv", b"\xef\xbb\xbf" * 2 + text),
        one_file("enc-latin1-whole-file", "encodings", "part-1.csv", text.decode().encode("latin-1", "replace")),
        one_file("enc-latin1-header-of-ignored-column", "encodings", "part-1.csv",
                 text.replace(b"comment\n", b"comm\xe9nt\n", 1)),
        one_file("enc-random-bytes", "encodings", "part-1.csv", noise),
        one_file("enc-random-bytes-after-gzip-magic", "encodings", "part-1.csv.gz", GZIP_MAGIC + noise),
        one_file("enc-random-bytes-gzipped", "encodings", "part-1.csv.gz", gz(noise)),
        one_file("enc-zlib-stream-not-gzip", "encodings", "part-1.csv.gz", zlib.compress(text)),
        one_file("enc-gzip-of-gzip", "encodings", "part-1.csv.gz", gz(fx.part1_gz)),
        one_file("enc-nul-block-at-end", "encodings", "part-1.csv", text + b"\0" * 4096),
        one_file("enc-nul-in-header", "encodings", "part-1.csv", text.replace(b"comment\n", b"comm\0ent\n", 1)),
    ]
    edits = [("latin1-comment", "comment", b"caf\xe9 cr\xe8me"), ("latin1-country", "country", b"\xc9S"),
             ("invalid-utf8-continuation", "comment", b"ok\x80\x80ok"), ("invalid-utf8-overlong", "comment",
             b"\xc0\xaf"), ("invalid-utf8-surrogate", "comment", b"\xed\xa0\x80"), ("invalid-utf8-in-id",
             "respondent_id", b"R000\xff1"), ("nul-in-comment", "comment", b"a\0b"), ("nul-in-gender", "gender",
             b"\0"), ("nul-in-id", "respondent_id", b"R00\x0012")]
    for label, column, value in edits:
        data, line = fx.with_field(rng.randrange(2, 140), column, value + (b"\n" if column == "comment" else b""))
        cases.append(one_file(f"enc-{label}-line-{line}", "encodings", "part-1.csv", data))
    cases.append(one_file("enc-invalid-utf8-truncated-at-eof", "encodings", "part-1.csv", text[:-1] + b"\xe2\x82"))
    return cases


def line_endings(fx):
    text = fx.part1
    crlf = text.replace(b"\n", b"\r\n")
    mixed = b"".join(line[:-1] + b"\r\n" if i % 2 and line.endswith(b"\n") else line
                     for i, line in enumerate(fx.lines))
    cases = [
        one_file("eol-crlf", "line-endings", "part-1.csv", crlf, expect="ok"),
        one_file("eol-crlf-gz", "line-endings", "part-1.csv.gz", gz(crlf), expect="ok"),
        one_file("eol-crlf-bom-fixture", "line-endings", "crlf-bom.csv.gz", fx.crlf_bom_gz, expect="ok"),
        # Only CR: one header line to a reader of LF and CRLF, or lines to a lenient one.
        one_file("eol-cr-only", "line-endings", "part-1.csv", text.replace(b"\n", b"\r"), expect="either"),
        one_file("eol-cr-only-gz", "line-endings", "part-1.csv.gz", gz(text.replace(b"\n", b"\r")),
                 expect="either"),
        one_file("eol-mixed-crlf-lf", "line-endings", "part-1.csv", mixed),
        one_file("eol-no-final-newline", "line-endings", "part-1.csv", text[:-1], expect="ok"),
        one_file("eol-no-final-newline-crlf", "line-endings", "part-1.csv", crlf[:-2], expect="ok"),
        one_file("eol-no-final-newline-gz", "line-endings", "part-1.csv.gz", gz(text[:-1]), expect="ok"),
        one_file("eol-lf-cr-pairs", "line-endings", "part-1.csv", text.replace(b"\n", b"\n\r")),
        one_file("eol-trailing-blank-lines", "line-endings", "part-1.csv", text + b"\n\n\n"),
        one_file("eol-crlf-only-inside-quotes", "line-endings", "part-1.csv",
                 text.replace(b"First line\nSecond", b"First line\r\nSecond")),
    ]
    for number in [3, 50, 146]:
        index = fx.line_near(number)
        cases.append(one_file(f"eol-lone-cr-ending-line-{index + 1}", "line-endings", "part-1.csv",
                              fx.edit(index, fx.lines[index][:-1] + b"\r")))
    index = fx.line_near(10)
    cases.append(one_file(f"eol-blank-lines-after-line-{index + 1}", "line-endings", "part-1.csv",
                          fx.edit(index, fx.lines[index] + b"\n\r\n")))
    return cases


def huge_fields(fx):
    def row(column, value, number=10):
        return lambda: fx.with_field(number, column, value() if callable(value) else value)[0]

    letters = lambda size: (b"abcdefghij" * (size // 10 + 1))[:size]
    quoted = lambda: b'"' + b"x" * 79 + (b"\n" + b"x" * 79) * 50_000 + b'"\n'
    extra = lambda: b"".join(line[:-1] + b",\n" if i else line[:-1] + b"," + letters(2 << 20) + b"\n"
                             for i, line in enumerate(fx.lines))
    after_header = lambda: fx.header + letters(5 << 20) + b"\n" + b"".join(fx.lines[1:])
    specs = [
        ("huge-comment-4mb", row("comment", lambda: letters(4 << 20) + b"\n")),
        ("huge-comment-4mb-quoted-50k-lines", row("comment", quoted)),
        ("huge-comment-4mb-gz", lambda: gz(row("comment", lambda: letters(4 << 20) + b"\n")(), 1)),
        ("huge-country-3mb", row("country", lambda: letters(3 << 20))),
        ("huge-id-2mb", row("respondent_id", lambda: b"R" + b"0" * (2 << 20))),
        ("huge-header-column-2mb", extra),
        ("long-line-100k-extra-fields", row("comment", b"x" + b",x" * 100_000 + b"\n")),
        ("long-line-5mb-without-commas", after_header),
    ]
    return [one_file(name, "huge", "part-1.csv.gz" if name.endswith("gz") else "part-1.csv", make)
            for name, make in specs]


WEIGHTS = [("minus-1", b"-1"), ("zero", b"0"), ("minus-zero", b"-0"), ("NaN", b"NaN"), ("nan", b"nan"),
           ("inf", b"inf"), ("Infinity", b"Infinity"), ("minus-inf", b"-inf"), ("1e308", b"1e308"),
           ("1e309", b"1e309"), ("1e-320", b"1e-320"), ("4.9e-324", b"4.9e-324"), ("decimal-comma", b'"1,5"'),
           ("leading-space", b" 1"), ("trailing-space", b"1 "), ("hex-float", b"0x1p3"), ("empty", b""),
           ("1e", b"1e"), ("plus-2", b"+2"), ("dot-5", b".5"), ("underscore", b"1_000"),
           ("arabic-digit", "\u0661".encode()), ("million-digits", b"1" + b"0" * 1_000_000)]


def bad_weights(fx):
    rng = random.Random(f"{SEED}:weights")
    cases = []
    for label, value in WEIGHTS:
        data, line = fx.with_field(rng.randrange(2, 146), "design_weight", value)
        cases.append(one_file(f"weight-{label}-line-{line}", "weights", "part-1.csv", data))
    every = b"".join(set_field(line, 1, b"1e308") if i in fx.simple else line for i, line in enumerate(fx.lines))
    cases.append(one_file("weight-1e308-every-row", "weights", "part-1.csv", every))
    biggest = b"1.7976931348623157e308"
    twice = fx.with_field(7, "design_weight", biggest)[0]
    twice = split_lines(twice)
    twice[fx.line_near(90)] = set_field(twice[fx.line_near(90)], 1, biggest)
    cases.append(one_file("weight-max-double-two-rows", "weights", "part-1.csv", b"".join(twice)))
    for label, value in [("minus-1", b"-1"), ("NaN", b"NaN"), ("inf", b"inf")]:
        cases.append(one_file(f"weight-{label}-strict", "weights", "part-1.csv",
                              fx.with_field(33, "design_weight", value)[0], expect="fail", definition="strict"))
    cases.append(one_file("weight-1e308-strict", "weights", "part-1.csv",
                          fx.with_field(33, "design_weight", b"1e308")[0], definition="strict"))
    return cases


def duplicates(fx):
    def repeat(index, times):
        return fx.edit(index, fx.lines[index] * times)

    far = fx.part1 + fx.lines[fx.simple[0]]
    again = fx.header + b"".join(fx.lines[i] for i in fx.simple[:20])
    shapes = [(f"adjacent-line-{fx.line_near(12) + 1}", [Entry("part-1.csv", repeat(fx.line_near(12), 2))]),
              ("first-row-at-end", [Entry("part-1.csv", far)]),
              (f"triple-line-{fx.line_near(77) + 1}", [Entry("part-1.csv", repeat(fx.line_near(77), 3))]),
              ("across-files", [Entry("part-1.csv.gz", fx.part1_gz), Entry("again.csv", again)])]
    cases = []
    for definition in ["lenient", "dedupe"]:
        for label, entries in shapes:
            mode = "kept" if definition == "lenient" else "rejected"
            cases.append(Case(f"dup-{label}-{mode}", "duplicates", entries, inputs=[e.path for e in entries],
                              culprit=entries[-1].path, expect="ok", definition=definition))
    same = fx.header + fx.lines[fx.simple[3]] * 50
    cases.append(one_file("dup-one-row-50-times-rejected", "duplicates", "part-1.csv", same, expect="ok",
                          definition="dedupe"))
    return cases


def empty_files(fx):
    specs = [("empty-csv", "empty.csv", b""), ("empty-named-gz", "empty.csv.gz", b""),
             ("empty-gzip-member", "empty.csv.gz", gz(b"")), ("header-only", "header.csv", fx.header),
             ("header-only-no-newline", "header.csv", fx.header[:-1]),
             ("header-only-crlf", "header.csv", fx.header[:-1] + b"\r\n"),
             ("header-only-gz", "header.csv.gz", gz(fx.header)), ("header-and-blank-lines", "header.csv",
             fx.header + b"\n\n"), ("blank-lines-only", "blank.csv", b"\n\n\n"),
             ("bom-only", "bom.csv", b"\xef\xbb\xbf")]
    cases = [one_file(name, "empty", filename, data, expect="fail") for name, filename, data in specs]
    for name, filename, data in [("empty-beside-good", "empty.csv", b""),
                                 ("header-only-beside-good", "header.csv", fx.header)]:
        entries = [Entry("part-1.csv.gz", fx.part1_gz), Entry(filename, data)]
        cases.append(Case(name, "empty", entries, inputs=["part-1.csv.gz", filename], culprit=filename,
                          expect="fail"))
    return cases


def columns(fx):
    rows, rng = csv_rows(fx.part1), random.Random(f"{SEED}:columns")

    def pick(names):
        return csv_bytes([[row[fx.columns.index(n)] for n in names] for row in rows])

    def without(name):
        return pick([c for c in fx.columns if c != name])

    shuffled = list(fx.columns)
    rng.shuffle(shuffled)
    renamed = lambda new: fx.part1.replace(b",country,", b"," + new + b",", 1)
    extra_start = csv_bytes([["source_file"] + rows[0]] + [["batch-7"] + row for row in rows[1:]])
    wide = csv_bytes([rows[0] + [f"extra_{i:03}" for i in range(100)]] + [row + ["1"] * 100 for row in rows[1:]])
    cases = [
        one_file("col-reordered-fixture", "columns", "reordered.csv", fx.reordered, expect="ok"),
        one_file("col-shuffled", "columns", "part-1.csv", pick(shuffled), expect="ok"),
        one_file("col-missing-country", "columns", "part-1.csv", without("country")),
        one_file("col-missing-respondent_id", "columns", "part-1.csv", without("respondent_id")),
        one_file("col-missing-design_weight", "columns", "part-1.csv", without("design_weight")),
        one_file("col-missing-ignored-comment", "columns", "part-1.csv", without("comment"), expect="ok"),
        one_file("col-extra-at-end", "columns", "part-1.csv", pick(fx.columns + ["country"]).replace(
            b",country\n", b",country_again\n", 1), expect="ok"),
        one_file("col-extra-at-start", "columns", "part-1.csv", extra_start, expect="ok"),
        one_file("col-extra-100-columns", "columns", "part-1.csv", wide, expect="ok"),
        one_file("col-duplicate-country-header", "columns", "part-1.csv", pick(fx.columns + ["country"])),
        # Exact names are the README's rule, but a reader that trims or folds case is no worse.
        one_file("col-header-capitalised-country", "columns", "part-1.csv", renamed(b"Country"), expect="either"),
        one_file("col-header-padded-country", "columns", "part-1.csv", renamed(b" country "), expect="either"),
        one_file("col-quoted-header", "columns", "part-1.csv", csv_bytes(rows[:1], quoting=csv.QUOTE_ALL) +
                 csv_bytes(rows[1:]), expect="ok"),
        one_file("col-empty-header-name", "columns", "part-1.csv", csv_bytes([rows[0] + [""]] +
                 [row + ["x"] for row in rows[1:]])),
    ]
    index = fx.line_near(15)
    cases.append(one_file(f"col-row-extra-field-line-{index + 1}", "columns", "part-1.csv",
                          fx.edit(index, fx.lines[index][:-1] + b",extra\n")))
    index = fx.line_near(25)
    cases.append(one_file(f"col-row-missing-field-line-{index + 1}", "columns", "part-1.csv",
                          fx.edit(index, fx.lines[index].replace(b",", b"", 1))))
    return cases


def file_names(fx):
    data = fx.with_field(40, "design_weight", b"-1")[0]

    def named(name, expect="ok", label=None, **options):
        return one_file(f"name-{label or name}", "names", name, data, expect=expect, **options)

    def in_folder(label, name, expect="ok"):
        entries = [Entry(b"inbox/" + os.fsencode(name), data), Entry("inbox/part-2.csv.gz", fx.part2_gz)]
        return Case(f"name-{label}-in-folder", "names", entries, inputs=["inbox"], expect=expect)

    hidden = [Entry("inbox/.hidden.csv", b"not,a,survey\n"), Entry("inbox/part-1.csv.gz", fx.part1_gz)]
    return [
        named("with space.csv", label="with-space"),
        in_folder("with-space", "with space.csv"),
        named("résumé-日本.csv", label="unicode-nfc"),
        named("re\u0301sume\u0301-nfd.csv", label="unicode-nfd"),
        named("new\nline.csv", "either", label="newline"),
        in_folder("newline", "new\nline.csv", "either"),
        named(b"latin1-caf\xe9-respondents.csv", "either", label="non-utf8"),
        in_folder("non-utf8", b"latin1-caf\xe9-respondents.csv", "either"),
        named('quote"and,comma.csv', label="quote-and-comma"),
        named("tab\there.csv", "either", label="tab"),
        in_folder("leading-dash", "-dash.csv"),
        named("n" * 246 + ".csv", label="250-bytes"),
        named("[ab]*?.csv", "either", label="glob-characters", codes=BAD_OR_MISSING),
        Case("name-hidden-beside-good-in-folder", "names", hidden, inputs=["inbox"], culprit="inbox/part-1.csv.gz",
             expect="ok"),
        one_file("name-gz-extension-plain-content", "names", "plain.csv.gz", data, expect="ok"),
        one_file("name-csv-extension-gzip-content", "names", "zipped.csv", gz(data), expect="ok"),
        named("respondents", "either", label="no-extension"),
    ]


def special_files(fx):
    good = Entry("inbox/part-1.csv.gz", fx.part1_gz)
    special = lambda name, entries, inputs, culprit, expect="fail": Case(
        f"special-{name}", "non-regular", entries, inputs=inputs, culprit=culprit, expect=expect,
        codes=BAD_OR_MISSING)
    return [
        special("fifo-direct", [Entry("pipe.csv", kind="fifo")], ["pipe.csv"], "pipe.csv"),
        special("fifo-in-folder", [good, Entry("inbox/pipe.csv", kind="fifo")], ["inbox"], "inbox/pipe.csv",
                "either"),
        special("fifo-alone-in-folder", [Entry("inbox/pipe.csv", kind="fifo")], ["inbox"], "inbox"),
        special("folder-named-csv-in-folder", [good, Entry("inbox/sub.csv", kind="dir")], ["inbox"],
                "inbox/sub.csv", "either"),
        special("folder-named-csv-direct", [Entry("empty.csv", kind="dir")], ["empty.csv"], "empty.csv"),
        special("symlink-to-good", [Entry("real/part-1.csv.gz", fx.part1_gz),
                                    Entry("link.csv.gz", kind="symlink", target="real/part-1.csv.gz")],
                ["link.csv.gz"], "link.csv.gz", "ok"),
        special("dangling-symlink", [Entry("gone.csv", kind="symlink", target="missing.csv")], ["gone.csv"],
                "gone.csv"),
        special("symlink-loop", [Entry("loop.csv", kind="symlink", target="loop.csv")], ["loop.csv"], "loop.csv"),
        special("dev-null", [Entry("null.csv", kind="symlink", target="/dev/null")], ["null.csv"], "null.csv"),
        special("socket", [Entry("sock.csv", kind="socket")], ["sock.csv"], "sock.csv"),
    ]


def gzip_header(flags=0, extra=b""):
    return GZIP_MAGIC + bytes([8, flags]) + struct.pack("<I", 0) + b"\x00\xff" + extra


def raw_member(data, header=None):
    """A gzip member with a chosen header around raw deflate data."""
    deflater = zlib.compressobj(6, zlib.DEFLATED, -15)
    body = deflater.compress(data) + deflater.flush()
    return (header or gzip_header()) + body + struct.pack("<II", zlib.crc32(data), len(data) & 0xFFFFFFFF)


def members(text, cuts):
    bounds = [0] + cuts + [len(text)]
    return b"".join(gz(text[a:b]) for a, b in zip(bounds, bounds[1:]))


def gzip_structure(fx):
    text, whole, rng = fx.part1, fx.part1_gz, random.Random(f"{SEED}:gz-structure")
    first = inflate(fx.part2_gz)[2][0]
    fields = gzip_header(0x1E, b"\x06\x00" + b"ab\x02\x00xy" + b"name.csv\0" + b"made by hand\0")
    fields += struct.pack("<H", zlib.crc32(fields) & 0xFFFF)
    broken_crc, broken_size = bytearray(whole), bytearray(whole)
    broken_crc[-8] ^= 1
    broken_size[-4] ^= 1
    in_quote = text.index(b"First line") + 3
    specs = [
        ("gz-trailing-text", whole + b"garbage after the member\n", None),
        ("gz-trailing-random-64", whole + bytes(rng.randrange(256) for _ in range(64)), None),
        ("gz-trailing-zeros-1k", whole + b"\0" * 1024, None),
        ("gz-trailing-magic-only", whole + GZIP_MAGIC, None),
        ("gz-trailing-header-only", whole + gzip_header(), None),
        ("gz-trailing-truncated-member", whole + whole[:30], None),
        ("gz-garbage-between-members", fx.part2_gz[:first] + b"junk" + fx.part2_gz[first:], "fail"),
        ("gz-members-2-mid-line", members(text, [len(text) // 2]), "ok"),
        ("gz-members-3", members(text, [1000, 4000]), "ok"),
        ("gz-members-10", members(text, sorted(rng.sample(range(1, len(text)), 9))), "ok"),
        ("gz-members-split-in-quote", members(text, [in_quote]), "ok"),
        ("gz-members-split-in-header", members(text, [7]), "ok"),
        ("gz-members-with-empty-member", members(text, [2000, 2000]), "ok"),
        ("gz-header-extra-name-comment-hcrc", raw_member(text, fields), "ok"),
        ("gz-stored-blocks", gz(text, 0), "ok"),
        ("gz-bad-crc", bytes(broken_crc), "fail"),
        ("gz-bad-length", bytes(broken_size), "fail"),
        ("gz-method-not-deflate", whole[:2] + b"\x07" + whole[3:], "fail"),
    ]
    return [one_file(name, "gzip-structure", "part-1.csv.gz", data, expect=expect) for name, data, expect in specs]


def zlib_inflater(fx):
    """Gzip cases again with `--inflater zlib`: the README says both decoders behave the same."""
    chosen = ["gz-bitflip-part1-byte-3-bit-5", "gz-bitflip-part1-byte-414-bit-2", "gz-truncate-part1-at-700",
              "gz-truncate-part2-at-607", "gz-trailing-text", "gz-trailing-zeros-1k", "gz-members-10",
              "gz-members-with-empty-member", "gz-header-extra-name-comment-hcrc", "gz-bad-crc", "gz-bad-length",
              "gz-garbage-between-members"]
    cases = {case.name: case for family in [gzip_bitflips, gzip_truncations, gzip_structure] for case in family(fx)}
    again = []
    for name in chosen:
        case = cases[name]
        case.name, case.family, case.options = name + "-zlib", "zlib-inflater", ["--inflater", "zlib"]
        again.append(case)
    return again


FAMILIES = [special_files, quotes, gzip_truncations, csv_truncations, gzip_bitflips, encodings, line_endings,
            huge_fields, bad_weights, duplicates, empty_files, columns, file_names, gzip_structure, zlib_inflater]


def all_cases():
    cases = [case for family in FAMILIES for case in family(FIXTURE)]
    names = [case.name for case in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


def spread(positions):
    """The positions reordered so that any first few of them are spread over the whole list:
    the first, the middle, the quarters... (by the bit-reversed index)."""
    bits = max(1, (len(positions) - 1).bit_length())
    reverse = lambda i: int(f"{i:0{bits}b}"[::-1], 2)
    return [positions[i] for i in sorted(range(len(positions)), key=reverse)]


def subset(cases, count):
    """`count` cases taken in turn from each family (spread over the family), in list order."""
    families = {}
    for position, case in enumerate(cases):
        families.setdefault(case.family, []).append(position)
    families = {name: spread(positions) for name, positions in families.items()}
    chosen, round_ = [], 0
    while len(chosen) < min(count, len(cases)):
        for positions in families.values():
            if round_ < len(positions) and len(chosen) < count:
                chosen.append(positions[round_])
        round_ += 1
    return [cases[p] for p in sorted(chosen)]
