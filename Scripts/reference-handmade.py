#!/usr/bin/env python3
"""Independent reference tables for the hand-made sample (standard library only).

Reads Fixtures/handmade/variants/plain.csv with the csv module and writes
Fixtures/handmade/expected/tables.csv: the tables Tally must produce for
Fixtures/handmade/pipeline.yaml. Also writes expected/summary.json (rows per
shard, gzip members, ignored columns) after checking that the shards and the
other variants hold exactly the rows of plain.csv.

This script shares no code with Tally (Swift) on purpose: it is the independent
check of Tally's reader, cleaner and aggregator.

THE DEFINITION IS HARD-CODED BELOW (DEFINITION), not parsed from
pipeline.yaml, so this script does not depend on a YAML library. Keep it
exactly in line with Fixtures/handmade/pipeline.yaml. When PyYAML happens to be
installed the script compares the two and stops on any difference; without
PyYAML it says that the check was skipped.

Semantics (see Sources/TallyPipeline/Documentation.docc/Articles/Statistics.md):
- A banner with a total label gets a `total` column (all respondents) first,
  then one column per category of its field in declared order; respondents
  missing the banner field are only in the total column. The derived
  `generation` comes from birth_year by the inclusive bins; blank = missing.
- Weight = design_weight.
- single/scale: base = respondents in the column with an answer whose category
  is in the base (`base: false` categories are counted but get no percent).
  Rows: categories in order, then nets (`net1`, `net2`, ...).
- multi: base = respondents in the column with at least one option answered
  (0 or 1); a blank option of a respondent in the base counts as not
  mentioned. Rows: options, then nets (mentioned if any member option is 1).
- numeric: base = respondents in the column with a value; one row per
  statistic, row_code and row empty. mean = sum(w*y)/sum(w); sd =
  sqrt(sum(w*(y-mean)^2)/sum(w) * n/(n-1)) (R survey's svyvar), empty when
  n < 2; mean empty when n = 0. percent empty when the weighted base is 0.
- Sums of floats are exactly rounded (math.fsum), so they do not depend on row
  order; Tally sums per cell and per file, so compare values with a relative
  tolerance (about 1e-12), not as text.

Output columns: banner,table,question,column_code,column,row_code,row,
statistic,value,unweighted_base,weighted_base,effective_base (Kish: (sum w)^2 / sum w^2
over the base),standard_error,ci_lower,ci_upper (linearization as R survey's
svymean with ids = ~1, logit intervals for percentages),design_effect (percentages and
means: the variance over that of simple random sampling with replacement of the same
size, R survey's deff = "replace"), ordered by table, banner,
column, row, statistic. Counts are integers, other numbers repr(float).

Usage: python3 Scripts/reference-handmade.py [--fixture Fixtures/handmade]
"""

import argparse
import csv
import gzip
import io
import json
import math
import os
import zlib

# ---------------------------------------------------------------------------
# Hard-coded copy of Fixtures/handmade/pipeline.yaml (the parts the tables use).
# ---------------------------------------------------------------------------
DEFINITION = {
    "id": "respondent_id",
    "weight": "design_weight",
    "shards": ["shards/part-1.csv.gz", "shards/part-2.csv.gz"],  # input.files: shards/*.csv.gz, sorted
    "fields": {
        "customer_type": {"type": "single", "codes": [("C", "Consumers", True), ("B", "Business buyers", True)]},
        "country": {"type": "single", "codes": [
            ("US", "United States", True), ("GB", "United Kingdom", True), ("DE", "Germany", True),
            ("IN", "India", True), ("JP", "Japan", True)]},
        "birth_year": {"type": "numeric", "range": (1946, 2012)},
        "gender": {"type": "single", "codes": [("M", "Male", True), ("F", "Female", True), ("X", "Other", True)]},
        "experience": {
            "type": "scale",
            "codes": [
                ("1", "Strongly disagree", True), ("2", "Disagree", True),
                ("3", "Neither agree nor disagree", True), ("4", "Agree", True),
                ("5", "Strongly agree", True), ("9", "Not rated", False),
            ],
            "nets": [("Agree (top 2 box)", ["4", "5"]), ("Disagree (bottom 2 box)", ["1", "2"])],
        },
        "channels": {
            "type": "multi",
            "options": [("ch_email", "Email"), ("ch_phone", "Phone"), ("ch_web", "Website"),
                        ("ch_app", "Mobile app"), ("ch_social", "Social media")],
            "nets": [("Any digital channel", ["ch_email", "ch_web", "ch_app", "ch_social"])],
        },
        "share_online": {"type": "numeric", "range": (0, 100)},
    },
    "derived": {
        "generation": {"from": "birth_year", "bins": [
            ("boomers", "Baby boomers", 1946, 1964), ("genx", "Gen X", 1965, 1980),
            ("millennials", "Millennials", 1981, 1996), ("genz", "Gen Z", 1997, 2012)]},
    },
    "banners": [
        ("customer", "Customers", "customer_type"),
        ("generation", "Customers", "generation"),
        ("country", None, "country"),
    ],
    "tables": [
        ("experience", "experience_vs_products", "experience", ["customer", "generation", "country"],
         ["count", "weighted_count", "percent"]),
        ("gender", None, "gender", ["customer"], ["count", "percent"]),
        ("channels", None, "channels", ["customer", "country"], ["count", "weighted_count", "percent"]),
        ("share_online", None, "share_online", ["customer", "generation"], ["mean", "sd"]),
    ],
}

OUTPUT_COLUMNS = ["banner", "table", "question", "column_code", "column", "row_code", "row",
                  "statistic", "value", "unweighted_base", "weighted_base", "effective_base",
                  "standard_error", "ci_lower", "ci_upper", "design_effect"]


def check_against_yaml(path):
    """Compares DEFINITION with pipeline.yaml when PyYAML is available."""
    try:
        import yaml  # optional: only for this consistency check
    except ImportError:
        print("note: PyYAML not installed; hard-coded definition not checked against %s" % path)
        return
    with open(path, encoding="utf-8") as handle:
        doc = yaml.safe_load(handle)
    problems = []

    def same(what, ours, theirs):
        if ours != theirs:
            problems.append("%s: script has %r, pipeline.yaml has %r" % (what, ours, theirs))

    same("input.id", DEFINITION["id"], doc["input"]["id"])
    same("input.weight", DEFINITION["weight"], doc["input"]["weight"])
    same("input.files", ["shards/*.csv.gz"], doc["input"]["files"])
    fields = {}
    for field in doc["fields"]:
        entry = {"type": field["type"]}
        if "codes" in field:
            entry["codes"] = [(str(c["code"]), c["label"], c.get("base", True)) for c in field["codes"]]
        if "options" in field:
            entry["options"] = [(o["column"], o["label"]) for o in field["options"]]
        if "nets" in field:
            entry["nets"] = [(n["label"], [str(x) for x in n.get("codes", n.get("options", []))])
                             for n in field["nets"]]
        if "range" in field:
            entry["range"] = tuple(field["range"])
        fields[field["name"]] = entry
    same("field names", list(DEFINITION["fields"]), list(fields))
    for name in DEFINITION["fields"]:
        same("field %s" % name, DEFINITION["fields"][name], fields.get(name))
    derived = {d["name"]: {"from": d["from"], "bins": [(b["code"], b["label"], b["min"], b["max"]) for b in d["bins"]]}
               for d in doc.get("derived", [])}
    same("derived", DEFINITION["derived"], derived)
    same("banners", DEFINITION["banners"], [(b["name"], b.get("total"), b["field"]) for b in doc["banners"]])
    same("tables", DEFINITION["tables"],
         [(t["name"], t.get("question"), t["field"], t["banners"], t["statistics"]) for t in doc["tables"]])
    if problems:
        raise SystemExit("hard-coded definition differs from %s:\n  %s" % (path, "\n  ".join(problems)))
    print("hard-coded definition matches %s" % path)


# ---------------------------------------------------------------------------
# Reading respondents.
# ---------------------------------------------------------------------------
def read_rows(text):
    return list(csv.DictReader(io.StringIO(text, newline="")))


def respondent(raw):
    """Typed values of one CSV row; None = missing. Raises on anything invalid."""
    fields = DEFINITION["fields"]
    r = {"id": raw[DEFINITION["id"]], "weight": float(raw[DEFINITION["weight"]])}
    assert r["id"] and r["weight"] > 0, raw
    for name, spec in fields.items():
        if spec["type"] in ("single", "scale"):
            value = raw[name]
            assert value == "" or value in [c[0] for c in spec["codes"]], (name, value)
            r[name] = value or None
        elif spec["type"] == "numeric":
            value = raw[name]
            if value == "":
                r[name] = None
            else:
                number = float(value)
                low, high = spec["range"]
                assert low <= number <= high, (name, value)
                r[name] = number
        elif spec["type"] == "multi":
            answers = {}
            for column, _ in spec["options"]:
                value = raw[column]
                assert value in ("", "0", "1"), (column, value)
                answers[column] = None if value == "" else value == "1"
            r[name] = answers
    for name, spec in DEFINITION["derived"].items():
        year = r[spec["from"]]
        r[name] = None
        if year is not None:
            for code, _, low, high in spec["bins"]:
                if low <= year <= high:
                    r[name] = code
            assert r[name] is not None, ("no bin", year)
    return r


# ---------------------------------------------------------------------------
# Tables.
# ---------------------------------------------------------------------------
def number(value):
    return "" if value is None else repr(float(value))


def banner_columns(banner):
    name, total, field = banner
    columns = []
    if total is not None:
        columns.append(("total", total, lambda r: True))
    if field in DEFINITION["derived"]:
        categories = [(code, label) for code, label, _, _ in DEFINITION["derived"][field]["bins"]]
    else:
        categories = [(code, label) for code, label, _ in DEFINITION["fields"][field]["codes"]]
    for code, label in categories:
        columns.append((code, label, lambda r, f=field, c=code: r[f] == c))
    return columns


def effective(base):
    """Kish's effective base of a set of respondents; 0 when it is empty."""
    squares = math.fsum(r["weight"] ** 2 for r in base)
    return math.fsum(r["weight"] for r in base) ** 2 / squares if squares > 0 else 0.0


Z95 = 1.959963984540054


def linearized_se(base, n_all, influence):
    """The standard error of an estimate of a one-stage design without strata (R
    survey's svymean with ids = ~1): n/(n-1) * sum((z - mean z)^2) over all n_all
    respondents, where z = w * u for those in `base` and 0 for everyone else."""
    z = [r["weight"] * influence(r) for r in base]
    total, squares = math.fsum(z), math.fsum(v * v for v in z)
    return math.sqrt(max(0.0, n_all / (n_all - 1) * (squares - total * total / n_all)))


def logit_interval(share, se):
    """A percentage's 95% interval on the logit scale, in percent; none at 0 or 100%."""
    if not 0 < share < 1:
        return "", ""
    centre, half = math.log(share / (1 - share)), Z95 * se / (share * (1 - share))
    return number(100 / (1 + math.exp(-(centre - half)))), number(100 / (1 + math.exp(-(centre + half))))


def design_effect(variance, simple):
    """A variance over simple random sampling's; none where that is 0."""
    return number(variance / simple) if simple > 0 else ""


def percent_statistics(base, n_all, wb, wc, is_answer):
    """The percentage, its standard error in points, its interval and its design effect
    (under simple random sampling a share's variance is svyvar / n = p(1 - p) / (n - 1))."""
    share = wc / wb
    se = linearized_se(base, n_all, lambda r: ((1.0 if is_answer(r) else 0.0) - share) / wb)
    n = len(base)
    simple = share * (1 - share) / (n - 1) if n >= 2 else 0.0
    return number(100.0 * share), number(100.0 * se), logit_interval(share, se), design_effect(se * se, simple)


def categorical_rows(spec, field, members, statistics, n_all):
    in_base = {code for code, _, base in spec["codes"] if base}
    base = [r for r in members if r[field] in in_base]
    n, wb = len(base), math.fsum(r["weight"] for r in base)
    eb = effective(base)
    answers = [(code, label, {code}, base_flag) for code, label, base_flag in spec["codes"]]
    answers += [("net%d" % (i + 1), label, set(codes), True) for i, (label, codes) in enumerate(spec.get("nets", []))]
    out = []
    for row_code, row_label, codes, base_flag in answers:
        who = [r for r in members if r[field] in codes]
        count, wc = len(who), math.fsum(r["weight"] for r in who)
        for statistic in statistics:
            se, interval, de = "", ("", ""), ""
            if statistic == "count":
                value = str(count)
            elif statistic == "weighted_count":
                value = number(wc)
            elif statistic == "percent":
                if not base_flag:
                    continue
                value = ""
                if wb != 0:
                    value, se, interval, de = percent_statistics(
                        base, n_all, wb, wc, lambda r, c=codes: r[field] in c)
            else:
                raise ValueError(statistic)
            out.append((row_code, row_label, statistic, value, n, wb, eb, se, interval, de))
    return out


def multi_rows(spec, field, members, statistics, n_all):
    base = [r for r in members if any(v is not None for v in r[field].values())]
    n, wb = len(base), math.fsum(r["weight"] for r in base)
    eb = effective(base)
    answers = [(column, label, [column]) for column, label in spec["options"]]
    answers += [("net%d" % (i + 1), label, options) for i, (label, options) in enumerate(spec.get("nets", []))]
    out = []
    for row_code, row_label, options in answers:
        who = [r for r in base if any(r[field][o] is True for o in options)]
        count, wc = len(who), math.fsum(r["weight"] for r in who)
        for statistic in statistics:
            se, interval, de = "", ("", ""), ""
            if statistic == "count":
                value = str(count)
            elif statistic == "weighted_count":
                value = number(wc)
            elif statistic == "percent":
                value = ""
                if wb != 0:
                    value, se, interval, de = percent_statistics(
                        base, n_all, wb, wc, lambda r, o=options: any(r[field][x] is True for x in o))
            else:
                raise ValueError(statistic)
            out.append((row_code, row_label, statistic, value, n, wb, eb, se, interval, de))
    return out


def numeric_rows(field, members, statistics, n_all):
    base = [r for r in members if r[field] is not None]
    n, w = len(base), math.fsum(r["weight"] for r in base)
    mean = math.fsum(r["weight"] * r[field] for r in base) / w if n > 0 else None
    # svyvar: the weighted mean square deviation times n/(n-1).
    variance = math.fsum(r["weight"] * (r[field] - mean) ** 2 for r in base) / w * n / (n - 1) if n >= 2 else None
    out = []
    for statistic in statistics:
        se, interval, de = "", ("", ""), ""
        if statistic == "mean":
            value = number(mean)
            if n > 0:
                error = linearized_se(base, n_all, lambda r: (r[field] - mean) / w)
                se, interval = number(error), (number(mean - Z95 * error), number(mean + Z95 * error))
                # Under simple random sampling a mean's variance is svyvar / n.
                de = design_effect(error * error, variance / n if variance is not None else 0.0)
        elif statistic == "sd":
            value = "" if variance is None else number(math.sqrt(variance))
        else:
            raise ValueError(statistic)
        out.append(("", "", statistic, value, n, w, effective(base), se, interval, de))
    return out


def tables(respondents):
    banners = {b[0]: b for b in DEFINITION["banners"]}
    out = []
    for table, question, field, banner_names, statistics in DEFINITION["tables"]:
        spec = DEFINITION["fields"][field]
        for banner_name in banner_names:
            for column_code, column_label, belongs in banner_columns(banners[banner_name]):
                members = [r for r in respondents if belongs(r)]
                n_all = len(respondents)
                if spec["type"] in ("single", "scale"):
                    rows = categorical_rows(spec, field, members, statistics, n_all)
                elif spec["type"] == "multi":
                    rows = multi_rows(spec, field, members, statistics, n_all)
                else:
                    rows = numeric_rows(field, members, statistics, n_all)
                for row_code, row_label, statistic, value, n, wb, eb, se, (low, high), de in rows:
                    out.append([banner_name, table, question or field, column_code, column_label,
                                row_code, row_label, statistic, value, str(n), number(wb), number(eb),
                                se, low, high, de])
    return out


# ---------------------------------------------------------------------------
# Shards and variants.
# ---------------------------------------------------------------------------
def gzip_members(data):
    """(compressed bytes, uncompressed bytes) of each member of a gzip file."""
    members, rest, text = [], data, b""
    while rest:
        decoder = zlib.decompressobj(wbits=31)
        inflated = decoder.decompress(rest)
        assert decoder.eof, "gzip member not complete"
        used = len(rest) - len(decoder.unused_data)
        members.append({
            "compressed_bytes": used,
            "uncompressed_bytes": len(inflated),
            # physical line (of the decompressed file) holding the member's first byte
            "starts_on_line": text.count(b"\n") + 1,
            "starts_at_uncompressed_byte": len(text),
        })
        text += inflated
        rest = decoder.unused_data
    return members


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--fixture", default=os.path.join(here, "..", "Fixtures", "handmade"))
    fixture = os.path.normpath(parser.parse_args().fixture)

    check_against_yaml(os.path.join(fixture, "pipeline.yaml"))

    with open(os.path.join(fixture, "variants", "plain.csv"), "rb") as handle:
        plain_text = handle.read().decode("utf-8")
    plain = read_rows(plain_text)
    header = next(csv.reader(io.StringIO(plain_text, newline="")))
    respondents = [respondent(raw) for raw in plain]
    ids = [r["id"] for r in respondents]
    assert len(set(ids)) == len(ids), "duplicate respondent ids"

    # The shards, in input order, must hold exactly plain.csv's rows.
    files, shard_rows = {}, []
    definition_columns = {DEFINITION["id"], DEFINITION["weight"]}
    for name, spec in DEFINITION["fields"].items():
        definition_columns |= {c for c, _ in spec["options"]} if spec["type"] == "multi" else {name}
    for path in DEFINITION["shards"]:
        with open(os.path.join(fixture, path), "rb") as handle:
            data = handle.read()
        text = gzip.decompress(data).decode("utf-8")
        rows = read_rows(text)
        columns = next(csv.reader(io.StringIO(text, newline="")))
        shard_rows += rows
        files[path] = {
            "size": len(data),
            "rows": len(rows),
            "rejected_rows": 0,
            "excluded_values": 0,
            "ignored_columns": [c for c in columns if c not in definition_columns],
            "first_respondent": rows[0][DEFINITION["id"]],
            "last_respondent": rows[-1][DEFINITION["id"]],
            "gzip_members": gzip_members(data),  # part-2: the first member ends inside a quoted comment
        }
    assert shard_rows == plain, "the shards do not hold exactly the rows of plain.csv"

    # The other variants hold the same records (the CRLF variant's line breaks are all CRLF,
    # also inside quoted comments).
    with open(os.path.join(fixture, "variants", "crlf-bom.csv.gz"), "rb") as handle:
        crlf = gzip.decompress(handle.read()).decode("utf-8")
    assert crlf.startswith("\ufeff") and "\n" not in crlf.replace("\r\n", "")
    assert read_rows(crlf[1:]) == [{k: v.replace("\n", "\r\n") for k, v in row.items()} for row in plain]
    with open(os.path.join(fixture, "variants", "reordered.csv"), "rb") as handle:
        reordered = handle.read().decode("utf-8")
    assert read_rows(reordered) == plain

    out_rows = tables(respondents)
    os.makedirs(os.path.join(fixture, "expected"), exist_ok=True)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(OUTPUT_COLUMNS)
    writer.writerows(out_rows)
    with open(os.path.join(fixture, "expected", "tables.csv"), "wb") as handle:
        handle.write(buffer.getvalue().encode("utf-8"))

    per_banner = {}
    for row in out_rows:
        per_banner[row[0]] = per_banner.get(row[0], 0) + 1
    summary = {
        "definition": "pipeline.yaml",
        "files": files,
        "rows_read": len(shard_rows),
        "rows_used": len(shard_rows),
        "rows_rejected": 0,
        "excluded_values": 0,
        "respondents": len(respondents),
        "ignored_columns": [c for c in header if c not in definition_columns],
        "table_rows": len(out_rows),
        "table_rows_per_banner": per_banner,
    }
    with open(os.path.join(fixture, "expected", "summary.json"), "w", encoding="utf-8") as handle:
        handle.write(json.dumps(summary, indent=2) + "\n")
    print("%d respondents; %d table rows written to %s"
          % (len(respondents), len(out_rows), os.path.join(fixture, "expected", "tables.csv")))


if __name__ == "__main__":
    main()
