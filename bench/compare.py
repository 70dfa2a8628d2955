#!/usr/bin/env python3
"""Compare kpi-audit's report.json with reference_openpyxl.py's summary.xlsx for the same
generated workbooks: every file scored, and the recomputed totals agree.

Usage: compare.py TOOL_OUT_DIR REFERENCE_OUT_DIR

Known, explained differences (counted, not failures):
  - total ±0.01, two causes: kpi-audit's total is the unrounded sum of the scores, rounded
    once (80.7239 → 80.72), while the reference adds the scores each rounded first
    (… + 3.38 + 8.89 + … = 80.73); and the reference rounds with Python's round() on
    floats, where 121/40 = 3.025 is stored as 3.02499… and becomes 3.02, where kpi-audit
    (Excel's ROUND on exact decimals) gives 3.03.
  - findings +1: a typed total is two findings in kpi-audit (total-hand-entered, a warning,
    and total-mismatch when it is also wrong), one in the reference.
  - findings +1: duplicate-person. The generator draws names from 20 × 24 × 24 = 11,520
    and all forms share 2026-10 and one of two departments, so from a few hundred files on
    some person appears twice; kpi-audit reports it on both files, the reference looks at
    one file at a time.
Exit status 1 when a file is not scored or a total differs by more than 0.011.
"""
import json
import sys
from collections import Counter
from decimal import Decimal

from openpyxl import load_workbook


def main():
    tool_dir, ref_dir = sys.argv[1], sys.argv[2]
    report = json.load(open(f"{tool_dir}/report.json", encoding="utf-8"))
    ref = {row[0]: row for row in
           load_workbook(f"{ref_dir}/summary.xlsx", read_only=True).active.iter_rows(min_row=2, values_only=True)}
    outcome = Counter()
    worst = Decimal(0)
    examples = {}
    for f in report["files"]:
        name = f["file"].split("/")[-1]
        people = f.get("people") or []
        if not people or name not in ref:
            outcome["not scored or missing in reference"] += 1
            examples.setdefault("not scored or missing in reference", (name, f.get("status"), f.get("reason")))
            continue
        ours = Decimal(people[0]["total"])
        theirs = Decimal(str(ref[name][2]))
        diff = abs(ours - theirs)
        worst = max(worst, diff)
        codes = [x["code"] for x in f["findings"]]
        # findings the reference does not make: a person met twice in the batch, and
        # the warning that comes with a wrong typed total
        extras = codes.count("duplicate-person")
        if "total-hand-entered" in codes and "total-mismatch" in codes:
            extras += 1
        if diff > Decimal("0.011"):
            key = "total differs by more than 0.01"
        elif diff > 0:
            key = "total differs by 0.01 (rounding)"
        else:
            key = "total equal"
        if len(codes) == ref[name][3]:
            key += ", same number of findings"
        elif len(codes) - extras == ref[name][3]:
            key += ", same findings besides " + " and ".join(
                sorted({c for c in codes if c in ("duplicate-person", "total-hand-entered")}))
        else:
            key += f", findings differ ({codes} vs {ref[name][3]})"
        outcome[key] += 1
        examples.setdefault(key, (name, str(ours), theirs))
    for key, count in sorted(outcome.items(), key=lambda kv: -kv[1]):
        print(f"{count:6d}  {key}   e.g. {examples[key]}")
    print(f"files {len(report['files'])}, largest total difference {worst}")
    bad = outcome.get("not scored or missing in reference", 0) + sum(
        n for k, n in outcome.items() if k.startswith("total differs by more"))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
