#!/usr/bin/python3
"""Counts the individual test cases of every meson test log given
(TAP lines of GTest programs; plain tests count as one) and prints
"N passed, N failed, N skipped" as the last line."""

import json
import re
import sys

args = sys.argv[1:]
passed = failed = skipped = 0
# --extra-failures/--extra-passed/--extra-skipped N: outcomes of checks that are not meson tests
# (a build that failed, the fresh-machine check)
extra = {"--extra-failures": 0, "--extra-passed": 0, "--extra-skipped": 0}
while args[:1] and args[0] in extra:
    extra[args[0]] = int(args[1])
    args = args[2:]
failed += extra["--extra-failures"]
passed += extra["--extra-passed"]
skipped += extra["--extra-skipped"]
for builddir in args:
    try:
        with open(f"{builddir}/meson-logs/testlog.json") as f:
            records = [json.loads(line) for line in f if line.strip()]
    except FileNotFoundError:
        print(f"{builddir}: no test log", file=sys.stderr)
        failed += 1
        continue
    for rec in records:
        out = rec.get("stdout") or rec.get("stdo") or ""
        result = rec.get("result")
        oks = nots = skips = 0
        for line in out.splitlines():
            if re.match(r"^ok \d+", line):
                if re.search(r"#\s*SKIP", line, re.I):
                    skips += 1
                else:
                    oks += 1
            elif re.match(r"^not ok \d+", line):
                if re.search(r"#\s*TODO", line, re.I):
                    continue
                nots += 1
        if oks + nots + skips == 0:
            # not a TAP program, or it died before reporting anything
            if result == "OK":
                oks = 1
            elif result == "SKIP":
                skips = 1
            else:
                nots = 1
        elif result not in ("OK", "SKIP", "EXPECTEDFAIL") and nots == 0:
            # crashed or timed out after its last report
            nots = 1
        passed += oks
        failed += nots
        skipped += skips
        if nots:
            print(f"FAILED: {builddir}: {rec.get('name')} ({result})", file=sys.stderr)

print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
