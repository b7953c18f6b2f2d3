#!/usr/bin/env python3
"""Opens a Tally run's Excel tab books with openpyxl and checks them against the tables CSV.

Installs openpyxl into a git-ignored .venv/ at the repository root (on the first
run). For every tabbook/edition=E.xlsx below RUN_DIR it checks that openpyxl
opens it, that there is one sheet per table of the run's tables CSV, and that
every number under a banner column equals the matching `value` of the tidy
tables (the column found by its banner heading order and label, the answer by
its label and statistic line), and that no text cell starts with =, +, - or @.
Prints what it checked; exits 1 on the first mismatch.

Usage: Scripts/check-tabbook.py RUN_DIR
"""

import csv
import glob
import os
import subprocess
import sys
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv")
PYTHON = os.path.join(VENV, "bin", "python")

STATISTIC_LINES = {
    "Count": "count", "Weighted count": "weighted_count", "%": "percent", "Rank": "rank", "Ratio": "ratio",
    "x less likely": "less_likely", "Mean": "mean", "Std. dev.": "sd",
}


def answer_label(row):
    """The label a sheet gives an answer: nets (row codes net1, net2...) are prefixed 'Net: '."""
    code = row["row_code"]
    return "Net: " + row["row_label"] if code.startswith("net") and code[3:].isdigit() else row["row_label"]


def tidy_rows(run, edition):
    rows = []
    for path in sorted(glob.glob(os.path.join(run, "tables", f"edition={edition}", "**", "part-*.csv"), recursive=True)):
        banner = [part[7:] for part in path.split(os.sep) if part.startswith("banner=")][0]
        with open(path, newline="") as handle:
            for row in csv.DictReader(handle):
                row["banner"] = banner
                rows.append(row)
    return rows


def check(run, book):
    from openpyxl import load_workbook

    edition = os.path.basename(book)[len("edition="):-len(".xlsx")]
    workbook = load_workbook(book)
    rows = tidy_rows(run, edition)
    tables = list(dict.fromkeys(row["table_name"] for row in rows))
    if len(workbook.sheetnames) != len(tables):
        sys.exit(f"{book}: {len(workbook.sheetnames)} sheets for {len(tables)} tables")
    compared = 0
    for sheet in workbook.worksheets:
        # Sheets are named after their tables (the names below are already valid sheet names).
        if sheet.title not in tables:
            sys.exit(f"{book}: sheet {sheet.title} is not a table of the tables CSV")
        table = sheet.title
        table_rows = [row for row in rows if row["table_name"] == table]
        # The column labels are the row above the test letters, the last frozen row.
        grid = [list(line) for line in sheet.iter_rows(values_only=True)]
        frozen = int("".join(ch for ch in sheet.freeze_panes if ch.isdigit())) - 1
        labels = list(grid[frozen - 2][2:])
        by_banner = {}
        for row in table_rows:
            by_banner.setdefault(row["banner"], [])
            if row["column_label"] not in by_banner[row["banner"]]:
                by_banner[row["banner"]].append(row["column_label"])
        columns = []  # (banner, column label) in sheet order
        unused = dict(by_banner)
        while len(columns) < len(labels):
            banner = next((b for b, ls in unused.items() if labels[len(columns):len(columns) + len(ls)] == ls), None)
            if banner is None:
                sys.exit(f"{book}, sheet {sheet.title}: column labels {labels} do not match the tables CSV")
            columns += [(banner, label) for label in unused.pop(banner)]
        values = {(r["banner"], r["column"], answer_label(r), r["statistic"]): r["value"] for r in table_rows}
        for line in grid:
            for cell in line:
                if isinstance(cell, str) and cell[:1] in ("=", "+", "-", "@"):
                    sys.exit(f"{book}, sheet {sheet.title}: text cell {cell!r} starts a formula")
        answer = None
        for line in grid:
            if line[0] is not None and len(line) > 1 and line[1] in STATISTIC_LINES:
                answer = line[0]
            if len(line) < 2 or line[1] not in STATISTIC_LINES or answer is None:
                continue
            statistic = STATISTIC_LINES[line[1]]
            for (banner, column), cell in zip(columns, line[2:]):
                expected = values.get((banner, column, answer, statistic))
                if expected is None:
                    expected = values.get((banner, column, "", statistic))
                if isinstance(cell, (int, float)):
                    if expected in (None, "") or float(expected) != float(cell):
                        sys.exit(f"{book}, sheet {sheet.title}: {answer}/{statistic}/{banner}/{column} is {cell}, CSV {expected}")
                    compared += 1
    print(f"{os.path.relpath(book)}: opens in openpyxl, {len(workbook.sheetnames)} sheets, {compared} numbers equal to the tables CSV")


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    if os.path.realpath(sys.prefix) != os.path.realpath(VENV):
        if not os.path.exists(PYTHON):
            venv.create(VENV, with_pip=True)
        subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "openpyxl"], check=True)
        os.execv(PYTHON, [PYTHON, os.path.abspath(__file__)] + sys.argv[1:])
    books = sorted(glob.glob(os.path.join(sys.argv[1], "tabbook", "edition=*.xlsx")))
    if not books:
        sys.exit(f"{sys.argv[1]}: no tabbook/edition=*.xlsx")
    for book in books:
        check(sys.argv[1], book)


if __name__ == "__main__":
    main()
