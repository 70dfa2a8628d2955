#!/usr/bin/env bash
# Regenerates the KPI form templates and the sample workbooks:
#
#   templates/*.xlsx                  one empty form per mapping
#   samples/<department>/*.xlsx, *.xls, *.ods
#   tests/fixtures/variants/*.xlsx    forms as other companies keep them
#
# The xlsx files come from `cargo run --example make_fixtures` and are
# deterministic. Some samples are staged as xlsx under
# target/make_fixtures/<ext>/<department>/ and converted here with LibreOffice
# into samples/<department>/, so they carry formula results the way office
# software writes them; LibreOffice is told to recalculate every formula on
# load, so the cached results in the .xls/.ods are its own. These files are
# not byte-for-byte reproducible (LibreOffice stamps them).
#
# Needs LibreOffice Calc (`soffice`): apt-get install -y libreoffice-calc
set -euo pipefail

cd "$(dirname "$0")/.."
staging="target/make_fixtures"

cargo run --quiet --example make_fixtures

if ! command -v soffice >/dev/null; then
    echo "soffice not found: install LibreOffice Calc (apt-get install -y libreoffice-calc)" >&2
    exit 1
fi

# A throwaway LibreOffice profile that recalculates formulas on load
# (0 = always) for both OOXML and ODF files.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
mkdir -p "$profile/user"
cat >"$profile/user/registrymodifications.xcu" <<'XCU'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
XCU

# Output filter for each target extension.
declare -A filters=([xls]="xls:MS Excel 97" [ods]="ods:calc8")

for ext in "${!filters[@]}"; do
    for source in "$staging/$ext"/*/*.xlsx; do
        [[ -e "$source" ]] || continue
        samples="samples/$(basename "$(dirname "$source")")"
        soffice -env:UserInstallation="file://$profile" --headless --norestore \
            --convert-to "${filters[$ext]}" --outdir "$samples" "$source" \
            > /dev/null 2> >(grep -v javaldx >&2)
        name="$(basename "$source" .xlsx).$ext"
        [[ -s "$samples/$name" ]] || { echo "conversion failed: $source" >&2; exit 1; }
        echo "$samples/$name"
    done
done
