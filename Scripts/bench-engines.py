#!/usr/bin/env python3
"""The jobs Scripts/bench times in DuckDB and Polars, and the check that their
numbers are Tally's.

The equivalent job ("weighted crosstabs of every question by each banner"):
  1. read every shard (gzip CSV, all columns as text; the few rows a broken
     quote made ragged are skipped or null-padded: Tally rejects them, and
     the weight join drops them);
  2. keep each respondent once (the data holds exact duplicate rows) and join
     the weight Tally wrote for it (weights/part-00000.csv.gz: raked weights
     of the respondents Tally kept, so rows Tally's cleaning rejected drop out
     here too; raking itself is left to Tally);
  3. for every question column (single and scale fields, and each option of
     a multi-select as 0/1), the weighted count of every declared code by each
     banner (country, customer type, gender, and generation binned from the
     year of birth within its declared range), and the weighted percentage of
     the code among the respondents of that banner column who answered;
  4. write the result (one row per banner, banner column, question and code).
Tally's run does all of that and more (cleaning rules, raking, nets, means,
standard errors, confidence intervals, column tests, audit, manifest).

  bench-engines.py plan DEFINITION PLAN.json
  bench-engines.py duckdb-count PLAN.json SHARD_DIR THREADS
  bench-engines.py duckdb PLAN.json SHARD_DIR WEIGHTS THREADS OUT.csv
  bench-engines.py polars PLAN.json SHARD_DIR WEIGHTS THREADS OUT.csv
  bench-engines.py check PLAN.json TALLY_OUTPUT OUT.csv
"""
import csv
import glob
import json
import os
import sys


def plan(definition_path, out_path):
    """The question columns, their codes and the banners, from the definition."""
    import yaml

    with open(definition_path) as handle:
        definition = yaml.safe_load(handle)
    fields = {field["name"]: field for field in definition["fields"]}
    questions = []
    for field in definition["fields"]:
        if field["type"] in ("single", "scale"):
            codes = [str(code["code"]) for code in field["codes"]]
            # Codes with `base: false` ("not rated") are counted but left out of the percentages' base.
            base = [str(code["code"]) for code in field["codes"] if code.get("base", True)]
            questions.append(
                {"column": field.get("column", field["name"]), "field": field["name"], "codes": codes, "base": base})
        elif field["type"] == "multi":
            for option in field["options"]:
                questions.append(
                    {"column": option["column"], "field": field["name"], "codes": ["0", "1"], "base": ["0", "1"]})
    derived = {field["name"]: field for field in definition.get("derived", [])}
    banners = []
    for banner in definition["banners"]:
        name = banner["field"]
        if name in fields:
            banners.append({"name": banner["name"], "column": fields[name].get("column", name)})
        else:
            bins = derived[name]
            source = fields[bins["from"]]
            low, high = source.get("range", [float("-inf"), float("inf")])
            banners.append({
                "name": banner["name"],
                "column": name,
                "from": source.get("column", source["name"]),
                "bins": [
                    {"code": str(b["code"]), "min": max(b["min"], low), "max": min(b["max"], high)} for b in bins["bins"]
                ],
            })
    # Tables of a whole single or scale field (no filter) are the cells the check compares.
    tables = {
        table["name"]: fields[table["field"]].get("column", table["field"])
        for table in definition["tables"]
        if "filter" not in table and fields.get(table["field"], {}).get("type") in ("single", "scale")
    }
    result = {"id": definition["input"]["id"], "questions": questions, "banners": banners, "tables": tables}
    with open(out_path, "w") as handle:
        json.dump(result, handle, indent=1)


def shards(folder):
    files = sorted(glob.glob(os.path.join(folder, "*.csv.gz")))
    if not files:
        sys.exit(f"bench-engines: no .csv.gz files in {folder}")
    return files


def sql_list(values):
    return ", ".join("'" + value.replace("'", "''") + "'" for value in values)


def quoted(name):
    return '"' + name.replace('"', '""') + '"'


def duckdb_connect(threads):
    import duckdb

    connection = duckdb.connect()
    connection.execute(f"SET threads = {int(threads)}")
    return connection


def duckdb_count(plan_path, folder, threads):
    """The issue's baseline: DuckDB counting the rows of the shards."""
    connection = duckdb_connect(threads)
    files = sql_list(shards(folder))
    (count,) = connection.execute(f"SELECT count(*) FROM read_csv([{files}], ignore_errors = true)").fetchone()
    print(count)


def banner_expression(banner):
    if "bins" not in banner:
        return quoted(banner["column"])
    value = f"TRY_CAST({quoted(banner['from'])} AS DOUBLE)"
    cases = " ".join(
        f"WHEN {value} BETWEEN {b['min']} AND {b['max']} THEN '{b['code']}'" for b in banner["bins"]
    )
    return f"CASE {cases} END"


def duckdb_crosstab(plan_path, folder, weights, threads, out_path):
    with open(plan_path) as handle:
        p = json.load(handle)
    connection = duckdb_connect(threads)
    files = sql_list(shards(folder))
    ident = quoted(p["id"])
    codes = ", ".join(
        f"('{q['column']}', '{code}', {'true' if code in q['base'] else 'false'})"
        for q in p["questions"]
        for code in q["codes"]
    )
    columns = ", ".join(quoted(q["column"]) for q in p["questions"])
    banner_columns = ", ".join(f"{banner_expression(b)} AS {quoted('b_' + b['name'])}" for b in p["banners"])
    sets = ", ".join(f"({quoted('b_' + b['name'])}, question, code)" for b in p["banners"])
    banner_name = " ".join(
        f"WHEN GROUPING({quoted('b_' + b['name'])}) = 0 THEN '{b['name']}'" for b in p["banners"]
    )
    banner_value = "COALESCE(" + ", ".join(quoted("b_" + b["name"]) for b in p["banners"]) + ")"
    connection.execute(f"""
        COPY (
        WITH codes(question, code, in_base) AS (VALUES {codes}),
        data AS (SELECT * FROM read_csv([{files}], header = true, all_varchar = true, ignore_errors = true)),
        weights AS (SELECT * FROM read_csv('{weights}', header = true,
                    columns = {{'respondent_id': 'VARCHAR', 'weight': 'DOUBLE'}})),
        kept AS (
            SELECT DISTINCT ON (d.{ident}) w.weight, {banner_columns}, {columns}
            FROM data d JOIN weights w ON d.{ident} = w.respondent_id),
        answers AS (
            SELECT * FROM (UNPIVOT kept ON {columns} INTO NAME question VALUE code)
            SEMI JOIN codes USING (question, code)),
        counts AS (
            SELECT CASE {banner_name} END AS banner, {banner_value} AS banner_code, question, code,
                   sum(weight) AS weighted_count
            FROM answers GROUP BY GROUPING SETS ({sets}))
        SELECT banner, banner_code, question, code, weighted_count,
               CASE WHEN in_base THEN 100 * weighted_count / sum(CASE WHEN in_base THEN weighted_count END)
                    OVER (PARTITION BY banner, banner_code, question) END AS percent
        FROM counts JOIN codes USING (question, code) WHERE banner_code IS NOT NULL
        ORDER BY banner, banner_code, question, code
        ) TO '{out_path}' (HEADER, DELIMITER ',')
    """)


def polars_crosstab(plan_path, folder, weights, threads, out_path):
    os.environ["POLARS_MAX_THREADS"] = str(int(threads))
    import polars as pl

    with open(plan_path) as handle:
        p = json.load(handle)
    questions = [q["column"] for q in p["questions"]]
    banner_sources = [b.get("from", b["column"]) for b in p["banners"]]
    needed = list(dict.fromkeys([p["id"]] + banner_sources + questions))
    frames = [
        pl.scan_csv(path, infer_schema=False, truncate_ragged_lines=True, quote_char='"').select(needed)
        for path in shards(folder)
    ]
    data = pl.concat(frames)
    weight_frame = pl.scan_csv(weights, schema={"respondent_id": pl.String, "weight": pl.Float64})
    banner_exprs = []
    for b in p["banners"]:
        if "bins" in b:
            value = pl.col(b["from"]).cast(pl.Float64, strict=False)
            expr = pl.lit(None, dtype=pl.String)
            for bin_ in reversed(b["bins"]):
                expr = pl.when(value.is_between(bin_["min"], bin_["max"])).then(pl.lit(bin_["code"])).otherwise(expr)
            banner_exprs.append(expr.alias("b_" + b["name"]))
        else:
            banner_exprs.append(pl.col(b["column"]).alias("b_" + b["name"]))
    # Answers become categoricals (small integer codes) before the join, to keep memory down.
    kept = (
        data.select([pl.col(p["id"])] + banner_exprs + [pl.col(q).cast(pl.Categorical) for q in questions])
        .join(weight_frame, left_on=p["id"], right_on="respondent_id")
        .unique(subset=[p["id"]], keep="any")
        .collect()
    )
    valid = {q["column"]: q["codes"] for q in p["questions"]}
    parts = []
    for b in p["banners"]:
        key = "b_" + b["name"]
        for question in questions:
            parts.append(
                kept.lazy()
                .filter(pl.col(key).is_not_null() & pl.col(question).cast(pl.String).is_in(valid[question]))
                .group_by([key, question])
                .agg(pl.col("weight").sum().alias("weighted_count"))
                .select(
                    pl.lit(b["name"]).alias("banner"),
                    pl.col(key).alias("banner_code"),
                    pl.lit(question).alias("question"),
                    pl.col(question).cast(pl.String).alias("code"),
                    pl.col("weighted_count"),
                )
            )
    counts = pl.concat(pl.collect_all(parts))
    bases = pl.DataFrame(
        [(q["column"], code, code in q["base"]) for q in p["questions"] for code in q["codes"]],
        schema={"question": pl.String, "code": pl.String, "in_base": pl.Boolean},
        orient="row",
    )
    base_count = pl.when(pl.col("in_base")).then(pl.col("weighted_count"))
    result = (
        counts.join(bases, on=["question", "code"])
        .with_columns(
            pl.when(pl.col("in_base"))
            .then(100 * pl.col("weighted_count") / base_count.sum().over(["banner", "banner_code", "question"]))
            .alias("percent")
        )
        .drop("in_base")
        .sort(["banner", "banner_code", "question", "code"])
    )
    result.write_csv(out_path)


def check(plan_path, tally_output, engine_csv):
    """Compares the engine's weighted counts and percentages with Tally's tables
    for every cell both have of single-field tables by every banner; exits 1 on any difference."""
    with open(plan_path) as handle:
        p = json.load(handle)
    column_of = p["tables"]
    engine = {}
    with open(engine_csv, newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["banner"], row["banner_code"], row["question"], row["code"])
            engine[key] = (float(row["weighted_count"]), float(row["percent"]) if row["percent"] else None)
    compared = 0
    failures = []
    for path in sorted(glob.glob(os.path.join(tally_output, "tables", "*", "banner=*", "part-*.csv"))):
        banner = path.split("banner=")[1].split("/")[0]
        with open(path, newline="") as handle:
            for row in csv.DictReader(handle):
                if row["statistic"] not in ("weighted_count", "percent") or row["column_code"] == "total":
                    continue
                column = column_of.get(row["table_name"])
                if column is None or row["row_code"].startswith("net") or not row["value"]:
                    continue
                key = (banner, row["column_code"], column, row["row_code"])
                if key not in engine:
                    if float(row["value"]) != 0:
                        failures.append(f"{key}: Tally {row['value']}, engine has no such cell")
                    continue
                value = engine[key][0 if row["statistic"] == "weighted_count" else 1]
                if value is None:
                    failures.append(f"{key} {row['statistic']}: Tally {row['value']}, engine has none")
                    continue
                if abs(value - float(row["value"])) > 1e-6 * max(1.0, abs(value)):
                    failures.append(f"{key} {row['statistic']}: Tally {row['value']}, engine {value}")
                compared += 1
    if compared == 0:
        failures.append("no cell compared: the tables hold none of the engine's questions")
    for failure in failures[:10]:
        print("bench-engines: check: " + failure, file=sys.stderr)
    if failures:
        sys.exit(f"bench-engines: check: {len(failures)} of {compared} cells differ ({engine_csv})")
    print(f"{compared} cells agree")


def main():
    command, arguments = sys.argv[1], sys.argv[2:]
    jobs = {
        "plan": plan,
        "duckdb-count": duckdb_count,
        "duckdb": duckdb_crosstab,
        "polars": polars_crosstab,
        "check": check,
    }
    if command not in jobs:
        sys.exit(__doc__)
    jobs[command](*arguments)


if __name__ == "__main__":
    main()
