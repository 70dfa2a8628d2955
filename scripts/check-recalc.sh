#!/usr/bin/env bash
# Checks that the scored copies of the samples stay correct when office
# software recalculates them: scores samples/ (or the folder given), has
# LibreOffice recalculate every formula of every copy on load and save it
# again, and compares, cell by cell, what LibreOffice computed with what the
# copy caches, and each person's total cell with the recomputed total in
# report.json.
#
#   scripts/check-recalc.sh [INPUT_FOLDER]
#
# Not run by CI (it needs LibreOffice and python3 with openpyxl); the test
# `every_copy_recalculates_to_its_cached_values_and_the_recomputed_totals`
# checks the same with the project's own evaluator.
set -euo pipefail

cd "$(dirname "$0")/.."
input="${1:-samples}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for tool in soffice python3; do
    command -v "$tool" >/dev/null || { echo "$tool not found" >&2; exit 2; }
done
python3 -c "import openpyxl" 2>/dev/null || { echo "python3 needs openpyxl (pip install openpyxl)" >&2; exit 2; }

# Findings make the run exit 1; only 2 means it could not run.
status=0
cargo run --quiet --release -- run "$input" --out "$work/out" -q || status=$?
[[ $status -le 1 ]] || { echo "kpi-audit run failed ($status)" >&2; exit 2; }

# A throwaway LibreOffice profile that recalculates every formula on load.
profile="$work/profile"
mkdir -p "$profile/user"
cat >"$profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU

# One conversion per folder: copies in different folders may share a name.
while IFS= read -r -d '' folder; do
    relative="${folder#"$work/out"}"
    mapfile -d '' copies < <(find "$folder" -maxdepth 1 -name '*.scored.xlsx' -print0 | sort -z)
    [[ ${#copies[@]} -gt 0 ]] || continue
    soffice -env:UserInstallation="file://$profile" --headless --norestore \
        --convert-to "xlsx:Calc MS Excel 2007 XML" --outdir "$work/recalculated$relative" \
        "${copies[@]}" >/dev/null 2> >(grep -v javaldx >&2)
done < <(find "$work/out" -type d -print0)

python3 - "$work/out" "$work/recalculated" <<'PY'
import json, os, sys
import openpyxl

out, recalculated = sys.argv[1], sys.argv[2]
report = json.load(open(os.path.join(out, "report.json"), encoding="utf-8"))

def same(a, b):
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) < 1e-6
    return (a or "") == (b or "")

problems, files, formulas, totals = [], 0, 0, 0
for file in report["files"]:
    if not file.get("sheet"):
        continue
    relative = os.path.splitext(file["file"])[0] + ".scored.xlsx"
    copy = os.path.join(out, relative)
    again = os.path.join(recalculated, relative)
    if not os.path.exists(again):
        problems.append(f"{relative}: LibreOffice did not convert it")
        continue
    files += 1
    cached = openpyxl.load_workbook(copy, data_only=True)
    written = openpyxl.load_workbook(copy)
    computed = openpyxl.load_workbook(again, data_only=True)
    for sheet in written.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                formulas += 1
                before = cached[sheet.title][cell.coordinate].value
                after = computed[sheet.title][cell.coordinate].value
                if not same(before, after):
                    problems.append(f"{relative}!{sheet.title}!{cell.coordinate} {cell.value}: "
                                    f"the copy caches {before!r}, LibreOffice computes {after!r}")
    for person in file["people"]:
        at = person.get("total_cell")
        if not at:
            continue
        totals += 1
        shown = computed[file["sheet"]][at].value
        total = float(person["total"])
        if not isinstance(shown, (int, float)) or abs(shown - total) > 0.01:
            problems.append(f"{relative}!{at} ({person['name']}): LibreOffice shows {shown!r}, "
                            f"the recomputed total is {person['total']}")

for problem in problems:
    print(problem)
print(f"{files} copies, {formulas} formula cells and {totals} totals recalculated by LibreOffice: "
      f"{len(problems)} differ")
sys.exit(1 if problems else 0)
PY
