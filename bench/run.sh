#!/usr/bin/env bash
# Benchmark of `kpi-audit run` (issue 5 item 8). Not a test: it prints figures.
#
#   bench/run.sh [N]          N workbooks for the comparison with reference_openpyxl.py
#                             (default 1000; or N=... in the environment)
#
# What it does, in order:
#   1. builds the release binary;
#   2. generates the workloads with ../shared/bench/gen_workbooks.py, seed 7: N forms, and
#      each size in SIZES (default "100 1000 10000"), and a roster of ROSTER_ROWS rows
#      (default 100000); kept in WORK (default $TMPDIR/kpi-audit-bench) and reused when
#      already there;
#   3. ratio: reference_openpyxl.py and kpi-audit on 1 thread and on all cores, measured with
#      hyperfine in RUNS rounds (default 5) of one run each, the commands alternating within
#      every round, so that load from other jobs on a shared machine falls on all of them;
#      medians and the ratio of medians; then checks that both scored every file alike
#      (bench/compare.py);
#   4. flatness: files/s on 1 thread and on all cores at each size in SIZES (hyperfine,
#      RUNS runs, RUNS_BIG for 10,000 files and more), then peak memory at each size
#      (/usr/bin/time -v: the largest single process; bench/peak_mem.py: the whole process
#      tree, since kpi-audit works in worker processes);
#   5. roster: one run under /usr/bin/time -v and peak_mem.py (stopped after ROSTER_TIMEOUT
#      seconds, default 900), then hyperfine with ROSTER_RUNS runs when one run is under
#      60 s. When the default run does not score the roster, one more run with
#      `--isolation none` shows what the work itself costs.
#
# Environment: N, RUNS, RUNS_BIG, SIZES, ROSTER_ROWS, ROSTER_RUNS, ROSTER_TIMEOUT, WORK,
# JOBS_ALL (default nproc), EXTRA (more arguments for every kpi-audit run, e.g.
# "--isolation none"), SKIP (any of: ratio flat roster).
# Needs: cargo, python3 with openpyxl, hyperfine, GNU time (/usr/bin/time).
# Results: printed, and appended to $WORK/results.tsv.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${SHARED:-$ROOT/../shared/bench}
N=${1:-${N:-1000}}
RUNS=${RUNS:-5}
RUNS_BIG=${RUNS_BIG:-3}
SIZES=${SIZES:-"100 1000 10000"}
ROSTER_ROWS=${ROSTER_ROWS:-100000}
ROSTER_RUNS=${ROSTER_RUNS:-3}
ROSTER_TIMEOUT=${ROSTER_TIMEOUT:-900}
WORK=${WORK:-${TMPDIR:-/tmp}/kpi-audit-bench}
JOBS_ALL=${JOBS_ALL:-$(nproc)}
EXTRA=${EXTRA:-}
SKIP=${SKIP:-}
SEED=7
MAPPING=$ROOT/bench/bench-mapping.yaml
ROSTER_MAPPING=$ROOT/bench/bench-roster-mapping.yaml
BIN=$ROOT/target/release/kpi-audit
RESULTS=$WORK/results.tsv

for tool in cargo python3 hyperfine /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install -y hyperfine time)" >&2; exit 2; }
done
python3 -c 'import openpyxl' 2>/dev/null || { echo "needs openpyxl: pip install openpyxl" >&2; exit 2; }
[[ -f $SHARED/gen_workbooks.py ]] || { echo "no $SHARED/gen_workbooks.py (set SHARED=...)" >&2; exit 2; }
mkdir -p "$WORK"

# aside DIR -> a command that moves DIR out of the way, for hyperfine's --prepare.
# Not rm -rf: on ext4 without a journal (this workplace's disks) the kernel
# skips inodes deleted in the last minutes when it allocates new ones
# (recently_deleted() in fs/ext4/ialloc.c). Once, right after a run's 1,000
# outputs were deleted, the next run spent 60% of its samples allocating
# inodes (perf: rwsem_spin_on_owner, find_get_block_common, recently_deleted)
# and took 2.1 s instead of 1.0 s; later it did not happen again. Either way
# it is a cost of the benchmark's cleanup, not of the tool. The moved folders
# are deleted when the script ends.
TRASH=$WORK/trash.$$
aside() { echo "mkdir -p $TRASH && if [ -e $1 ]; then mv $1 $TRASH/\$(date +%s%N); fi"; }
trap 'rm -rf "$TRASH"' EXIT

say() { printf '\n== %s\n' "$*"; }
record() { printf '%s\t%s\n' "$(date -u +%FT%TZ)" "$*" | tee -a "$RESULTS"; }
skipped() { [[ " $SKIP " == *" $1 "* ]]; }

say "build"
(cd "$ROOT" && cargo build --release --quiet)

# `--jobs` comes with the batch engine; without it only the default can be measured.
if "$BIN" run --help | grep -q -- '--jobs'; then
    ONE="--jobs 1"
    ALL="--jobs $JOBS_ALL"
else
    echo "note: this kpi-audit has no --jobs; measuring its default only"
    ONE=""
    ALL=""
fi

say "machine"
echo "nproc $(nproc); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
free -h
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "kpi-audit $(cd "$ROOT" && git rev-parse --short HEAD)$(cd "$ROOT" && git diff --quiet HEAD -- src Cargo.toml || echo ' + uncommitted changes in src/')"
echo "$(hyperfine --version); $(python3 --version); openpyxl $(python3 -c 'import openpyxl; print(openpyxl.__version__)')"
echo "extra kpi-audit arguments: ${EXTRA:-none}"

# gen SIZE -> directory of SIZE generated forms (reused when complete)
gen() {
    local dir=$WORK/wl$1
    if [[ ! -f $dir/.complete ]]; then
        rm -rf "$dir"
        echo "generating $1 workbooks in $dir" >&2
        python3 "$SHARED/gen_workbooks.py" --n "$1" --out "$dir" --seed "$SEED" >&2
        touch "$dir/.complete"
    fi
    echo "$dir"
}

tool() { # tool INPUT OUT JOBS-ARGS -> the kpi-audit command line
    echo "$BIN run $1 --out $2 --mapping $MAPPING -q $3 $EXTRA"
}

# median JSON INDEX -> median seconds of the hyperfine command INDEX
median() {
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"])' "$1" "$2"
}

# peak LABEL COMMAND... : peak memory of one run, both ways
peak() {
    local label=$1; shift
    local out=$WORK/time.txt
    /usr/bin/time -v -o "$out" "$@" >/dev/null || true
    local one tree
    one=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$out")
    tree=$(python3 "$ROOT/bench/peak_mem.py" -- "$@")
    record "peak  $label  time-v-max-rss-mb=$one  tree=$tree"
}

if ! skipped ratio; then
    say "ratio to reference_openpyxl.py, $N files, $RUNS alternating rounds"
    WL=$(gen "$N")
    REF="python3 $SHARED/reference_openpyxl.py $WL $WORK/o_ref"
    T1=$(tool "$WL" "$WORK/o_tool1" "$ONE")
    TN=$(tool "$WL" "$WORK/o_tooln" "$ALL")
    ref_t=() one_t=() all_t=()
    for round in $(seq 1 "$RUNS"); do
        warm=()
        [[ $round == 1 ]] && warm=(-w 1)
        hyperfine --style basic -i "${warm[@]}" -r 1 --export-json "$WORK/ratio.json" \
            --prepare "$(aside $WORK/o_ref)" -n reference "$REF" \
            --prepare "$(aside $WORK/o_tool1)" -n "kpi-audit 1 thread" "$T1" \
            --prepare "$(aside $WORK/o_tooln)" -n "kpi-audit $JOBS_ALL threads" "$TN" >/dev/null
        ref_t+=("$(median "$WORK/ratio.json" 0)")
        one_t+=("$(median "$WORK/ratio.json" 1)")
        all_t+=("$(median "$WORK/ratio.json" 2)")
        echo "round $round: reference ${ref_t[-1]} s, 1 thread ${one_t[-1]} s, $JOBS_ALL threads ${all_t[-1]} s"
    done
    python3 - "$N" "${ref_t[*]}" "${one_t[*]}" "${all_t[*]}" "$JOBS_ALL" <<'EOF' | while read -r line; do record "$line"; done
import statistics, sys
n, jobs = int(sys.argv[1]), sys.argv[5]
ref, one, every = (statistics.median(map(float, a.split())) for a in sys.argv[2:5])
print(f"ratio  files={n}  reference median {ref:.2f} s ({n/ref:.0f} files/s)  "
      f"kpi-audit 1 thread {one:.2f} s ({n/one:.0f} files/s)  {jobs} threads {every:.2f} s ({n/every:.0f} files/s)  "
      f"ratio 1 thread {ref/one:.1f}x  {jobs} threads {ref/every:.1f}x")
EOF
    say "same answers as the reference? ($N files)"
    python3 "$ROOT/bench/compare.py" "$WORK/o_tool1" "$WORK/o_ref" || {
        echo "kpi-audit and the reference disagree beyond the known differences: figures would mean nothing" >&2
        exit 1
    }
    cmp -s "$WORK/o_tool1/report.json" "$WORK/o_tooln/report.json" \
        && echo "report.json identical on 1 and $JOBS_ALL threads" \
        || echo "WARNING: report.json differs between 1 and $JOBS_ALL threads"
fi

if ! skipped flat; then
    for size in $SIZES; do
        say "throughput at $size files"
        WL=$(gen "$size")
        runs=$RUNS
        (( size >= 10000 )) && runs=$RUNS_BIG
        hyperfine --style basic -i -w 1 -r "$runs" --export-json "$WORK/flat$size.json" \
            --prepare "$(aside $WORK/o_flat1)" -n "1 thread" "$(tool "$WL" "$WORK/o_flat1" "$ONE")" \
            --prepare "$(aside $WORK/o_flatn)" -n "$JOBS_ALL threads" "$(tool "$WL" "$WORK/o_flatn" "$ALL")"
        one=$(median "$WORK/flat$size.json" 0)
        every=$(median "$WORK/flat$size.json" 1)
        record "$(python3 -c "import sys; s,o,a,j=int(sys.argv[1]),float(sys.argv[2]),float(sys.argv[3]),int(sys.argv[4]); print(f'flat  files={s}  1 thread {o:.2f} s = {s/o:.0f} files/s  {j} threads {a:.2f} s = {s/a:.0f} files/s ({s/a/j:.0f} per core)')" "$size" "$one" "$every" "$JOBS_ALL")"
        eval "$(aside "$WORK/o_peak")"
        peak "files=$size 1-thread" $(tool "$WL" "$WORK/o_peak" "$ONE")
        eval "$(aside "$WORK/o_peak")"
        peak "files=$size $JOBS_ALL-threads" $(tool "$WL" "$WORK/o_peak" "$ALL")
    done
fi

if ! skipped roster; then
    say "roster of $ROSTER_ROWS rows"
    RD=$WORK/roster$ROSTER_ROWS
    if [[ ! -f $RD/.complete ]]; then
        rm -rf "$RD"
        python3 "$SHARED/gen_workbooks.py" --roster "$ROSTER_ROWS" --out "$RD" --seed "$SEED"
        touch "$RD/.complete"
    fi
    outcome() { # what became of the roster: status, people, findings, reason
        python3 - "$1/report.json" <<'EOF' 2>/dev/null || echo "status=none (no report.json)"
import json, sys
f = json.load(open(sys.argv[1], encoding="utf-8"))["files"][0]
people, findings = f.get("people") or [], f.get("findings") or []
reason = findings[0]["message"]["en"] if f["status"] == "unreadable" and findings else "-"
print(f"status={f['status']} people={len(people)} findings={len(findings)} reason={reason}")
EOF
    }
    roster_run() { # roster_run LABEL EXTRA-ARGS
        local out=$WORK/o_roster
        eval "$(aside "$out")"
        local cmd="$BIN run $RD --out $out --mapping $ROSTER_MAPPING -q $ALL $EXTRA $2"
        local start end
        start=$(date +%s.%N)
        /usr/bin/time -v -o "$WORK/roster-time.txt" timeout "$ROSTER_TIMEOUT" $cmd >/dev/null || true
        end=$(date +%s.%N)
        local wall rss
        wall=$(python3 -c "print(f'{$end-$start:.2f}')")
        rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$WORK/roster-time.txt")
        record "roster  rows=$ROSTER_ROWS  $1  wall ${wall} s  time-v-max-rss-mb=$rss  $(outcome "$out")"
        ROSTER_WALL=$wall
        ROSTER_SCORED=$(outcome "$out")
    }
    roster_run "default" ""
    if [[ $ROSTER_SCORED == status=unreadable* || $ROSTER_SCORED == status=none* ]]; then
        echo "the roster was not scored by the default run; once more with --isolation none"
        roster_run "isolation-none" "--isolation none"
    elif python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) < 60 else 1)" "$ROSTER_WALL"; then
        hyperfine --style basic -i -r "$ROSTER_RUNS" --export-json "$WORK/roster.json" \
            --prepare "$(aside $WORK/o_roster)" -n "roster $ROSTER_ROWS" \
            "$BIN run $RD --out $WORK/o_roster --mapping $ROSTER_MAPPING -q $ALL $EXTRA"
        record "roster  rows=$ROSTER_ROWS  hyperfine median $(median "$WORK/roster.json" 0) s over $ROSTER_RUNS runs"
    fi
fi

say "results (also in $RESULTS)"
