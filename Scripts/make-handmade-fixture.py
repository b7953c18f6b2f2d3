#!/usr/bin/env python3
"""Writes the hand-made sample under Fixtures/handmade/ (standard library only).

Deterministic: one seeded random.Random drives everything, gzip members are
written with mtime=0, and the same input always gives the same bytes (on the
same zlib; a different zlib build may compress to different but equivalent
bytes, in which case the byte offsets in broken/README.md and
broken/expected.json are rewritten to match).

Files written (paths relative to Fixtures/handmade/):

  variants/plain.csv          the whole sample, LF line ends, one plain CSV
  variants/crlf-bom.csv.gz    the same rows, UTF-8 BOM, every line break CRLF, gzipped
  variants/reordered.csv      the same rows with the columns in another order
  shards/part-1.csv.gz        the first rows (header included), one gzip member
  shards/part-2.csv.gz        the remaining rows as two concatenated gzip members,
                              split inside a row (inside a quoted comment)
  broken/*                    small inputs with exactly one defect each,
                              broken/README.md and broken/expected.json

The sample serves Fixtures/handmade/pipeline.yaml. Every value in the good
files is valid for that definition (no out-of-domain codes, every birth year
inside a generation bin), so a run over the shards rejects and excludes nothing.

Usage: python3 Scripts/make-handmade-fixture.py [--out Fixtures/handmade]
"""

import argparse
import csv
import gzip
import io
import json
import os
import random
import zlib

SEED = 20230503  # fieldwork start date
RESPONDENTS = 300
PART1_ROWS = 147  # the rest (153) go to part-2

COLUMNS = [
    "respondent_id", "design_weight", "customer_type", "country", "birth_year",
    "gender", "experience", "ch_email", "ch_phone", "ch_web", "ch_app", "ch_social",
    "share_online", "panel_source", "comment",
]
CHANNELS = ["ch_email", "ch_phone", "ch_web", "ch_app", "ch_social"]
# The column order of variants/reordered.csv: ignored columns first, id in the middle.
REORDERED = [
    "comment", "share_online", "country", "ch_social", "ch_app", "respondent_id",
    "gender", "panel_source", "ch_web", "ch_phone", "ch_email", "experience",
    "birth_year", "design_weight", "customer_type",
]
assert sorted(REORDERED) == sorted(COLUMNS)

GENERATIONS = [(1946, 1964), (1965, 1980), (1981, 1996), (1997, 2012)]

# Per customer type (C = consumers, B = business buyers): skewed, different distributions.
PROFILE = {
    "C": {
        "weights": [("0.5", 4), ("0.8", 18), ("1", 40), ("1.25", 18), ("1.3333", 8), ("2.0", 6), ("0.66667", 6)],
        "country": [("US", 34), ("GB", 20), ("DE", 14), ("IN", 22), ("JP", 10)],
        "generation": [20, 26, 30, 24],
        "gender": [("M", 46), ("F", 50), ("X", 4)],
        "experience": [("1", 6), ("2", 11), ("3", 21), ("4", 32), ("5", 18), ("9", 12)],
        "channels": {"ch_email": 0.62, "ch_phone": 0.45, "ch_web": 0.74, "ch_app": 0.52, "ch_social": 0.38},
        "share": (56.0, 21.0),
    },
    "B": {
        "weights": [("0.5", 10), ("0.8", 10), ("1", 30), ("1.25", 10), ("1.3333", 10), ("2.0", 24), ("0.66667", 6)],
        "country": [("US", 28), ("GB", 14), ("DE", 26), ("IN", 10), ("JP", 22)],
        "generation": [14, 42, 38, 6],
        "gender": [("M", 60), ("F", 38), ("X", 2)],
        "experience": [("1", 2), ("2", 5), ("3", 12), ("4", 40), ("5", 35), ("9", 6)],
        "channels": {"ch_email": 0.91, "ch_phone": 0.72, "ch_web": 0.80, "ch_app": 0.28, "ch_social": 0.14},
        "share": (44.0, 18.0),
    },
}

PANELS = [("pA", 50), ("pB", 30), ("pX", 15), ("direct", 5)]

PLAIN_COMMENTS = [
    "ok", "n/a", "Fine overall", "No complaints", "Would recommend",
    "Too many surveys", "Prefer chat", "Slow replies", "Good app", "Hard to reach a person",
]
# Comments that need quoting, placed at fixed positions (0-based respondent index) so
# that each shard holds every kind.
TRICKY_COMMENTS = {
    4: "Quick, friendly, and helpful",
    11: 'The agent said "we will call you back", nobody did',
    23: "First line\nSecond line",
    40: 'Café au lait, s\'il vous plaît: "très bien"',
    58: "Three\nline\ncomment, with a comma",
    77: '""',  # the text is two double-quote characters
    96: "Größe, Übersicht: gut",
    120: "日本語のコメント、です",
    133: 'He wrote: "Line A\nLine B" and left',
    151: "Ends with a newline\n",
    166: 'Quotes ""inside"" twice, and a comma',
    172: "Second shard, first\nmember",
    188: ",leading comma",
    203: '"quoted from the start", then text',
    219: "Tab\tinside, fine",
    236: "Multi\nline in the\nsecond shard",
    251: "   leading and trailing spaces   ",
    268: "Emoji 👍, four bytes",
    284: 'A "Q" and\nan A',
    297: "Last, but not least",
}
# Forced values so every bin edge and range edge occurs.
FORCED_BIRTH_YEARS = {
    2: 1946, 17: 1964, 31: 1965, 44: 1980, 63: 1981, 85: 1996, 99: 1997, 110: 2012,
    160: 1946, 175: 1964, 190: 1965, 205: 1980, 222: 1981, 240: 1996, 257: 1997, 279: 2012,
}
FORCED_SHARES = {6: "0", 50: "100", 91: "0.5", 142: "99.9", 181: "100", 230: "0", 262: "12.5"}
# Channels: index -> values for ch_email..ch_social ("" = not answered).
FORCED_CHANNELS = {
    13: ["0", "0", "0", "0", "0"],       # in the base, nothing mentioned
    70: ["1", "0", "", "1", "0"],         # one option blank
    129: ["0", "", "0", "0", "0"],        # one option blank, nothing else mentioned: in base, no mention
    183: ["", "1", "1", "0", "0"],        # one option blank
    246: ["0", "1", "0", "0", ""],        # one option blank; phone only: not in the digital net
    289: ["1", "1", "1", "1", "1"],       # everything
}
ALL_CHANNELS_BLANK = 15  # about 5% of 300


def pick(rng, table):
    total = sum(weight for _, weight in table)
    point = rng.random() * total
    for value, weight in table:
        point -= weight
        if point < 0:
            return value
    return table[-1][0]


def make_rows(rng):
    skip_all_channels = set(rng.sample(
        [i for i in range(RESPONDENTS) if i not in FORCED_CHANNELS], ALL_CHANNELS_BLANK))
    rows = []
    for index in range(RESPONDENTS):
        ctype = "C" if rng.random() < 0.64 else "B"
        profile = PROFILE[ctype]
        row = {"respondent_id": "R%05d" % (index + 1), "customer_type": ctype}
        row["design_weight"] = pick(rng, profile["weights"])
        row["country"] = pick(rng, profile["country"])

        generation = pick(rng, list(zip(range(4), profile["generation"])))
        low, high = GENERATIONS[generation]
        if ctype == "B" and generation == 3:
            high = 2003  # business buyers are at least twenty
        year = rng.randint(low, high)
        if index in FORCED_BIRTH_YEARS:
            year = FORCED_BIRTH_YEARS[index]
        row["birth_year"] = "" if (rng.random() < 0.03 and index not in FORCED_BIRTH_YEARS) else str(year)

        row["gender"] = "" if rng.random() < 0.03 else pick(rng, profile["gender"])
        row["experience"] = "" if rng.random() < 0.04 else pick(rng, profile["experience"])

        young = generation >= 2
        values = []
        for column in CHANNELS:
            p = profile["channels"][column]
            if young and column in ("ch_app", "ch_social"):
                p = min(0.95, p + 0.2)
            values.append("1" if rng.random() < p else "0")
        if index in FORCED_CHANNELS:
            values = list(FORCED_CHANNELS[index])
        elif index in skip_all_channels:
            values = [""] * len(CHANNELS)
        row.update(zip(CHANNELS, values))

        mean, sd = profile["share"]
        share = min(100.0, max(0.0, rng.gauss(mean, sd)))
        if rng.random() < 0.3:
            text = "%.1f" % share
            if text.endswith(".0"):
                text = text[:-2]
        else:
            text = str(int(round(share)))
        if index in FORCED_SHARES:
            text = FORCED_SHARES[index]
        elif rng.random() < 0.05:
            text = ""
        row["share_online"] = text

        row["panel_source"] = pick(rng, PANELS)
        if index in TRICKY_COMMENTS:
            row["comment"] = TRICKY_COMMENTS[index]
        elif rng.random() < 0.12:
            row["comment"] = rng.choice(PLAIN_COMMENTS)
        else:
            row["comment"] = ""
        rows.append(row)
    return rows


def to_csv(rows, columns, header=True):
    """CSV text with LF line ends and minimal quoting (RFC 4180 style)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    if header:
        writer.writerow(columns)
    for row in rows:
        writer.writerow([row[c] for c in columns])
    return buffer.getvalue()


def record_lines(rows, columns):
    """Physical 1-based line on which each row's record starts (header = line 1)."""
    lines, line = [], 2
    for row in rows:
        lines.append(line)
        line += to_csv([row], columns, header=False).count("\n")
    return lines


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(path, "wb") as handle:
        handle.write(data)
    return data


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def deflate_span(member):
    """(start, end) of the deflate data in a gzip member without FEXTRA/FNAME/FCOMMENT."""
    assert member[:3] == b"\x1f\x8b\x08" and member[3] == 0, "unexpected gzip header flags"
    return 10, len(member) - 8


def inflate_outcome(data):
    """What a careful gzip reader sees for these bytes: ok, or the first error and where."""
    decoder = zlib.decompressobj(wbits=31)
    out = bytearray()
    for offset in range(len(data)):
        try:
            out += decoder.decompress(data[offset:offset + 1])
        except zlib.error as error:
            return {"error": "inflate", "message": str(error), "detected_at_byte": offset}
        if decoder.eof:
            return {"error": None, "member_end": offset + 1}
    return {"error": "truncated", "message": "input ended inside the deflate stream",
            "bytes_read": len(data), "inflated_bytes": len(out)}


def make_broken(out, rows):
    """Small broken inputs; each has exactly one defect."""
    base = [dict(row) for row in rows[:12]]
    # Controlled comments: R00002 spans two physical lines, so record number != line number.
    for row in base:
        row["comment"] = ""
    base[1]["comment"] = 'Called twice, "no answer" both times\nthen emailed'
    base[2]["comment"] = "fine"
    base[8]["comment"] = "slow but polite"
    lines = record_lines(base, COLUMNS)
    header = ",".join(COLUMNS) + "\n"
    good_text = to_csv(base, COLUMNS)
    expected, notes = {}, []
    folder = os.path.join(out, "broken")

    # truncated.csv.gz: cut in the middle of the deflate data.
    member = gz(good_text.encode("utf-8"))
    start, end = deflate_span(member)
    cut = start + (end - start) // 2
    write(os.path.join(folder, "truncated.csv.gz"), member[:cut])
    expected["truncated.csv.gz"] = {
        "defect": "gzip stream ends in the middle of the deflate data",
        "compressed_size": cut, "intact_size": len(member),
        "deflate_data_start": start, "deflate_data_end": end, "cut_at_byte": cut,
        "python_zlib": inflate_outcome(member[:cut]),
        "exit_code": 65,
    }
    notes.append(("truncated.csv.gz",
                  "The gzip file of %d rows (%d bytes intact) keeps only its first %d bytes (0..%d), which ends in "
                  "the middle of the deflate data (deflate data is bytes %d..%d of the intact file); no trailer."
                  % (len(base), len(member), cut, cut - 1, start, end - 1)))

    # flipped-byte.csv.gz: one byte in the middle of the deflate data XORed. Many masks
    # still inflate (to garbage) and are caught only by the CRC-32 trailer; take the first
    # mask (0xFF, then 0x01, 0x02, ...) that breaks the deflate stream itself, so the damage
    # is reported at a compressed offset near the flipped byte rather than at the trailer.
    position = start + (end - start) // 2
    for mask in [0xFF] + list(range(1, 0xFF)):
        flipped = bytearray(member)
        flipped[position] ^= mask
        outcome = inflate_outcome(bytes(flipped))
        if outcome["error"] == "inflate" and "incorrect" not in outcome["message"]:
            break
    else:
        raise SystemExit("no mask breaks the deflate data at byte %d" % position)
    write(os.path.join(folder, "flipped-byte.csv.gz"), bytes(flipped))
    expected["flipped-byte.csv.gz"] = {
        "defect": "one byte of the deflate data XORed",
        "compressed_size": len(flipped), "flipped_byte": position, "xor": mask,
        "original_value": member[position], "new_value": flipped[position],
        "deflate_data_start": start, "deflate_data_end": end,
        "python_zlib": outcome,
        "exit_code": 65,
    }
    notes.append(("flipped-byte.csv.gz",
                  "The same %d-byte gzip file with byte %d (0-based; deflate data is bytes %d..%d) XORed with "
                  "0x%02X: 0x%02X became 0x%02X. Python's zlib, fed one byte at a time, reports %s."
                  % (len(flipped), position, start, end - 1, mask, member[position], flipped[position],
                     ("'%s' on reaching byte %d" % (outcome["message"], outcome["detected_at_byte"]))
                     if outcome["error"] == "inflate" else json.dumps(outcome))))

    # ragged-row.csv: one data row without its gender field.
    victim = 5
    text = header
    for i, row in enumerate(base):
        columns = [c for c in COLUMNS if not (i == victim and c == "gender")]
        text += to_csv([row], columns, header=False)
    write(os.path.join(folder, "ragged-row.csv"), text)
    expected["ragged-row.csv"] = {
        "defect": "a data row with one field missing",
        "line": lines[victim], "respondent_id": base[victim]["respondent_id"],
        "fields": len(COLUMNS) - 1, "expected_fields": len(COLUMNS), "missing_field": "gender",
        "rule": "ragged_row", "rows": len(base), "exit_code": 65,
    }
    notes.append(("ragged-row.csv",
                  "Line %d (respondent %s, the record after a two-line quoted comment on lines 3-4) has %d fields "
                  "instead of %d: its `gender` value and comma are gone. Every other row is valid."
                  % (lines[victim], base[victim]["respondent_id"], len(COLUMNS) - 1, len(COLUMNS))))

    # unterminated-quote.csv: a quoted comment opened and never closed. No '"' may follow it,
    # so the scanner reaches end of file inside the quote.
    victim = 3
    text = header
    for i, row in enumerate(base[:victim]):
        text += to_csv([row], COLUMNS, header=False)
    row = dict(base[victim])
    row["comment"] = ""
    line_text = to_csv([row], COLUMNS, header=False)
    assert line_text.endswith(",\n")
    text += line_text[:-1] + '"Started typing, then the browser crashed\n'
    tail = to_csv(base[victim + 1:], COLUMNS, header=False)
    assert '"' not in tail
    text += tail
    write(os.path.join(folder, "unterminated-quote.csv"), text)
    expected["unterminated-quote.csv"] = {
        "defect": "a quoted field opened and never closed",
        "line": lines[victim], "field": "comment", "respondent_id": base[victim]["respondent_id"],
        "quote_byte": text.encode("utf-8").index(b'"Started'),
        "exit_code": 65,
    }
    notes.append(("unterminated-quote.csv",
                  "Line %d (respondent %s): the `comment` field opens a quote (byte %d, 0-based) that is never "
                  "closed; the rest of the file (%d more lines, no quote characters) is inside it until end of file."
                  % (lines[victim], base[victim]["respondent_id"], expected["unterminated-quote.csv"]["quote_byte"],
                     text.count("\n") - lines[victim])))

    # missing-column.csv: no country column at all.
    columns = [c for c in COLUMNS if c != "country"]
    write(os.path.join(folder, "missing-column.csv"), to_csv(base, columns))
    expected["missing-column.csv"] = {
        "defect": "a column the definition reads is absent", "field": "country", "line": 1, "exit_code": 65,
    }
    notes.append(("missing-column.csv",
                  "The header (line 1) and every row lack the `country` column; otherwise valid."))

    # out-of-domain.csv: one row with country ZZ.
    victim = 6
    rows_ood = [dict(row) for row in base]
    rows_ood[victim]["country"] = "ZZ"
    write(os.path.join(folder, "out-of-domain.csv"), to_csv(rows_ood, COLUMNS))
    expected["out-of-domain.csv"] = {
        "defect": "a code outside the field's declared codes",
        "line": lines[victim], "field": "country", "raw": "ZZ", "respondent_id": base[victim]["respondent_id"],
        "rule": "out_of_domain", "rows": len(base), "rejected_rows": 0, "excluded_values": 1, "exit_code": 0,
    }
    notes.append(("out-of-domain.csv",
                  "Line %d (respondent %s) has country `ZZ`. The value is excluded (the respondent stays, country "
                  "missing); the run itself succeeds." % (lines[victim], base[victim]["respondent_id"])))

    write(os.path.join(folder, "empty.csv"), b"")
    expected["empty.csv"] = {"defect": "no bytes at all", "size": 0, "exit_code": 65}
    notes.append(("empty.csv", "0 bytes."))

    write(os.path.join(folder, "header-only.csv"), header)
    expected["header-only.csv"] = {
        "defect": "a header and no rows", "size": len(header), "line": 1, "rows": 0, "exit_code": 65,
    }
    notes.append(("header-only.csv", "Just the header line (line 1, ending in LF); no data rows."))

    write(os.path.join(folder, "expected.json"), json.dumps(expected, indent=2, ensure_ascii=False) + "\n")

    readme = [
        "# Broken inputs",
        "",
        "Written by `Scripts/make-handmade-fixture.py`; do not edit by hand. Each file holds "
        "exactly one defect. The rows come from the same generator as the good sample "
        "(respondents R00001-R00012 of `variants/plain.csv`, with their `comment` values replaced) "
        "and use its header:",
        "",
        "    " + ",".join(COLUMNS),
        "",
        "Lines are physical, 1-based lines on which a record starts (header = line 1), "
        "counting line breaks inside quoted fields: respondent R00002 has a two-line quoted "
        "comment (lines 3-4), so from R00003 on a record's line is its row number + 2. "
        "Byte offsets are 0-based (`deflate_data_end` in `expected.json` is exclusive). "
        "`expected.json` holds the same facts for tests, keyed by file name; `exit_code` and "
        "`rule` there are what the project README's contract prescribes, and `python_zlib` is "
        "what Python's zlib reports when fed the file one byte at a time (where a reader "
        "detects the damage depends on how much input it feeds zlib at once).",
        "",
        "| file | defect | where |",
        "| --- | --- | --- |",
    ]
    for name, note in notes:
        readme.append("| `%s` | %s | %s |" % (name, expected[name]["defect"], note))
    write(os.path.join(folder, "README.md"), "\n".join(readme) + "\n")
    return expected


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--out", default=os.path.join(here, "..", "Fixtures", "handmade"))
    out = os.path.normpath(parser.parse_args().out)

    rng = random.Random(SEED)
    rows = make_rows(rng)
    ids = [row["respondent_id"] for row in rows]
    assert len(set(ids)) == len(ids)

    plain = to_csv(rows, COLUMNS)
    write(os.path.join(out, "variants", "plain.csv"), plain)
    write(os.path.join(out, "variants", "reordered.csv"), to_csv(rows, REORDERED))
    crlf = ("\ufeff" + plain.replace("\n", "\r\n")).encode("utf-8")
    write(os.path.join(out, "variants", "crlf-bom.csv.gz"), gz(crlf))

    # Shards.
    part1 = to_csv(rows[:PART1_ROWS], COLUMNS).encode("utf-8")
    write(os.path.join(out, "shards", "part-1.csv.gz"), gz(part1))
    part2 = to_csv(rows[PART1_ROWS:], COLUMNS).encode("utf-8")
    # Split part-2 inside a row: right after the line break inside the quoted comment of
    # TRICKY_COMMENTS[172] ("Second shard, first\nmember"), so the first member ends in the
    # middle of a quoted field and the second begins inside it.
    split_row = 172  # respondent R00173
    marker = "Second shard, first\n".encode("utf-8")
    assert rows[split_row]["comment"].encode("utf-8").startswith(marker)
    split = part2.index(marker) + len(marker)
    members = [gz(part2[:split]), gz(part2[split:])]
    write(os.path.join(out, "shards", "part-2.csv.gz"), b"".join(members))
    assert gzip.decompress(b"".join(members)) == part2

    make_broken(out, rows)
    print("wrote %d respondents (%d + %d in the shards) under %s"
          % (len(rows), PART1_ROWS, RESPONDENTS - PART1_ROWS, out))


if __name__ == "__main__":
    main()
