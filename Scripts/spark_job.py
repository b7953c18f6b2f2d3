#!/usr/bin/env python3
"""Tally as a Spark job: exact partial results on the executors, one merge on the driver.

The driver lists the shards and deals them round-robin into groups, one Spark task
per group; each task runs `tally run --partial` on its group, which reads each
shard once. The driver then runs `tally merge` over the partial results: it
settles the rules that need the whole run (respondents repeated across shards,
speeders relative to the median duration), reading again only the shards they
ask for, and writes the same outputs as one `tally run` over all the shards,
byte for byte.

The `tally` binary and the definition are shipped with the job (SparkFiles). The
inputs, the work folder and the output are paths every executor and the driver
can read and write (the local file system in local mode, a shared POSIX mount
on a cluster). Started by Scripts/spark-run, or directly with spark-submit:

    spark-submit --master URL Scripts/spark_job.py --tally PATH PIPELINE INPUT_GLOB OUTPUT

Exit codes are tally's: a task's failure ends the job with the code and message
of the first group (in group order) that failed.
"""

import argparse
import glob
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pipeline", help="the pipeline definition (YAML)")
    parser.add_argument("inputs", help="a glob pattern naming the input shards")
    parser.add_argument("output", help="the output folder")
    parser.add_argument("--tally", required=True, help="the tally binary to ship to the executors")
    parser.add_argument("--master", help="the Spark master (default: spark-submit's, else local[2])")
    parser.add_argument("--groups", type=int, help="partial results to make (default: the default parallelism)")
    parser.add_argument("--jobs", type=int, default=1, help="files each task reads at once (default 1)")
    parser.add_argument("--work", help="a folder for the partial results (default: beside OUTPUT)")
    return parser.parse_args()


def executable(name):
    """The shipped file `name` with its execute bit set (copied once if it had none)."""
    from pyspark import SparkFiles

    path = SparkFiles.get(name)
    if not os.access(path, os.X_OK):
        copy = os.path.join(tempfile.mkdtemp(prefix="tally-bin-"), name)
        shutil.copyfile(path, copy)
        os.chmod(copy, os.stat(copy).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        path = copy
    return path


def run_stage(context, tally_name, pipeline_name, groups, arguments_of):
    """Runs `tally` once per group on the executors; returns [(group, code, stderr)] in group order."""

    def task(item):
        index, files = item
        from pyspark import SparkFiles

        command = [executable(tally_name)] + arguments_of(index, files, SparkFiles.get(pipeline_name))
        process = subprocess.run(command, capture_output=True, text=True)
        return index, process.returncode, process.stderr

    return sorted(context.parallelize(list(enumerate(groups)), len(groups)).map(task).collect())


def check(stage, results):
    """Ends the job with the first failed group's code and message."""
    for index, code, message in results:
        if code != 0:
            sys.stderr.write(f"spark_job: stage {stage} failed for group {index}:\n{message}")
            sys.exit(code)


def main():
    arguments = parse_arguments()
    shards = sorted(os.path.abspath(path) for path in glob.glob(arguments.inputs))
    if not shards:
        sys.stderr.write(f"spark_job: {arguments.inputs}: no input file matches this pattern\n")
        sys.exit(66)

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark import SparkConf
    from pyspark.sql import SparkSession

    conf = SparkConf().setAppName("tally")
    if arguments.master:
        conf.setMaster(arguments.master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[2]")
    spark = SparkSession.builder.config(conf=conf).getOrCreate()
    context = spark.sparkContext
    context.setLogLevel("ERROR")
    context.addFile(os.path.abspath(arguments.tally))
    context.addFile(os.path.abspath(arguments.pipeline))
    tally_name = os.path.basename(arguments.tally)
    pipeline_name = os.path.basename(arguments.pipeline)

    count = min(len(shards), arguments.groups or context.defaultParallelism)
    groups = [shards[index::count] for index in range(count)]
    output = os.path.abspath(arguments.output)
    work = arguments.work or tempfile.mkdtemp(prefix=".tally-spark-", dir=os.path.dirname(output))
    os.makedirs(work, exist_ok=True)
    jobs = ["--jobs", str(arguments.jobs)]
    partials = [os.path.join(work, f"partial-{index:05d}") for index in range(count)]
    stages = [
        ("partials", lambda index, files, pipeline: ["run", pipeline, "--input", *files, "--partial",
                                                     partials[index], *jobs]),
    ]
    timings = []
    try:
        for name, arguments_of in stages:
            started = time.monotonic()
            check(name, run_stage(context, tally_name, pipeline_name, groups, arguments_of))
            timings.append(f"{name} {time.monotonic() - started:.1f} s")
        started = time.monotonic()
        spark.stop()
        merge = subprocess.run([arguments.tally, "merge", arguments.pipeline, *partials, "--output", arguments.output,
                                *jobs])
        if merge.returncode != 0:
            sys.exit(merge.returncode)
        timings.append(f"merge {time.monotonic() - started:.1f} s")
        sys.stderr.write(f"spark_job: {len(shards)} shards in {count} groups: {', '.join(timings)}\n")
    finally:
        if not arguments.work:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
