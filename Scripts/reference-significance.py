#!/usr/bin/env python3
"""Independent reference for Tally's column significance test (two proportions).

Installs statsmodels into a git-ignored .venv/ at the repository root (on the
first run), then computes statsmodels.stats.proportion.proportions_ztest (the
pooled two-proportion z-test, two-sided) for a few pairs of columns given by
their proportion p and effective base n: the "counts" passed are p * n, which
need not be whole. Writes Fixtures/handmade/expected/significance.csv with
p1, n1, p2, n2, z, p_value; Tests/TallyAggregatorTests/ColumnTestsTests.swift
checks ColumnTests.proportions against it to 1e-9.

Usage: Scripts/reference-significance.py
"""

import csv
import os
import subprocess
import sys
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv")
PYTHON = os.path.join(VENV, "bin", "python")
OUTPUT = os.path.join(ROOT, "Fixtures", "handmade", "expected", "significance.csv")

# (p1, n1, p2, n2): proportions and effective bases of two banner columns.
PAIRS = [
    (0.60, 100.0, 0.45, 120.0),
    (0.30, 45.5, 0.42, 60.25),
    (0.52, 200.0, 0.50, 180.0),
    (0.10, 35.7, 0.25, 40.3),
    (0.75, 80.0, 0.62, 95.5),
    (0.481, 234.6318273174136, 0.3987, 75.6),
]


def main():
    if os.path.realpath(sys.prefix) != os.path.realpath(VENV):
        if not os.path.exists(PYTHON):
            venv.create(VENV, with_pip=True)
        subprocess.run([PYTHON, "-m", "pip", "install", "--quiet", "statsmodels"], check=True)
        os.execv(PYTHON, [PYTHON, os.path.abspath(__file__)])

    from statsmodels.stats.proportion import proportions_ztest

    with open(OUTPUT, "w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["p1", "n1", "p2", "n2", "z", "p_value"])
        for p1, n1, p2, n2 in PAIRS:
            z, p = proportions_ztest([p1 * n1, p2 * n2], [n1, n2], value=0, alternative="two-sided")
            writer.writerow([repr(p1), repr(n1), repr(p2), repr(n2), repr(float(z)), repr(float(p))])
    print(f"wrote {os.path.relpath(OUTPUT, ROOT)}")


if __name__ == "__main__":
    main()
