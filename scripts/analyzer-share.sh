#!/usr/bin/env bash
# What our analyzers cost a compile. Generates a set of templates (default 2,000, ~42k lines; the set the
# BenchmarkDotNet benchmark in tests/RunAi.TemplateDsl.Analyzers.Benchmarks analyses) twice: once with our analyzers
# (as the package adds them) and once without. Each set is built once to warm up, then RUNS times (default 5),
# the two interleaved, each with -p:ReportAnalyzer=true. Printed per run and as medians:
#
#   share   RunAi.TemplateDsl.Analyzers' execution time as ReportAnalyzer reports it, against the Csc task's time.
#           Roslyn sums the wall-clock time spent inside our callbacks; it runs them concurrently with the rest of the
#           compile, so on a machine with few cores this counts time our threads waited for a core as ours.
#   added   what the compile costs more with our analyzers than without: Csc wall time, and the CPU time (user + sys)
#           of the whole build.
#
# Target (issue 4): our analyzers add at most 3% to the compile.
#
# The analyzer is the one the package hands the compiler on this machine (build/RunAi.TemplateDsl.targets): the
# precompiled (ReadyToRun) copy on linux-x64, the IL one elsewhere or with RUNAI_ANALYZER=il.
#
# With SCALED (e.g. 8000), a third set of that many templates is built in each run too, and the script prints how our
# analyzers' ReportAnalyzer time grows from TEMPLATES to SCALED (issue 4: 4x the templates at most 4.4x the time).
# That time is wall-clock: the waits a bigger compile imposes (GC pauses of a bigger heap, threads waiting for a core)
# grow faster than the template count and are counted inside every analyzer's callbacks, the SDK's too. Our own CPU
# time is read with perf (DOTNET_PerfMapEnabled=1, samples under our frames): see the issue 4 notes.
#
#   scripts/analyzer-share.sh [TEMPLATES] [RUNS] [SCALED]
set -euo pipefail
export LC_ALL=C # the decimal point of `time` and awk

count=${1:-2000}
runs=${2:-5}
scaled=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build "$root/tests/RunAi.TemplateDsl.Analyzers.Benchmarks" -c Release -nologo -v:q -clp:NoSummary >/dev/null
dotnet build "$root/analyzers/RunAi.TemplateDsl.CodeFixes" -c Release -nologo -v:q -clp:NoSummary >/dev/null
bin="$root/tests/RunAi.TemplateDsl.Analyzers.Benchmarks/bin/Release/net10.0"
analyzers="$root/analyzers/RunAi.TemplateDsl.Analyzers/bin/Release/netstandard2.0/RunAi.TemplateDsl.Analyzers.dll"
r2r="$root/analyzers/RunAi.TemplateDsl.Analyzers/bin/Release/netstandard2.0/r2r/linux-x64/RunAi.TemplateDsl.Analyzers.dll"
kind=IL
if [ "${RUNAI_ANALYZER:-}" != il ] && [ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] && [ -f "$r2r" ]; then
  analyzers=$r2r
  kind="ReadyToRun (linux-x64)"
fi
fixes="$root/analyzers/RunAi.TemplateDsl.CodeFixes/bin/Release/netstandard2.0/RunAi.TemplateDsl.CodeFixes.dll"
dotnet "$bin/RunAi.TemplateDsl.Analyzers.Benchmarks.dll" generate "$work/with" "$count" "$bin/RunAi.TemplateDsl.dll" "$analyzers" "$fixes"
dotnet "$bin/RunAi.TemplateDsl.Analyzers.Benchmarks.dll" generate "$work/without" "$count" "$bin/RunAi.TemplateDsl.dll"
if [ -n "$scaled" ]; then
  dotnet "$bin/RunAi.TemplateDsl.Analyzers.Benchmarks.dll" generate "$work/scaled" "$scaled" "$bin/RunAi.TemplateDsl.dll" "$analyzers" "$fixes"
fi
lines=$(cat "$work"/with/*.cs | wc -l)

# build SET: builds one set and writes "CSC_SECONDS OURS_SECONDS CPU_SECONDS" to $work/SET.result (OURS is 0 when our
# analyzers are not in the set). Runs in this shell, not a subshell, so that a failure stops the script.
build() {
  local log="$work/$1.log" TIMEFORMAT='%U %S'
  if ! { time dotnet build "$work/$1" -nologo --no-incremental -p:ReportAnalyzer=true -v:detailed -clp:PerformanceSummary >"$log" 2>&1; } 2>"$work/time"; then
    tail -n 30 "$log"
    echo "the generated set '$1' did not build" >&2
    exit 1
  fi
  local csc ours cpu
  csc=$({ grep -E '^\s+[0-9]+ ms\s+Csc\s' "$log" || true; } | awk '{print $1 / 1000}')
  ours=$({ grep -m1 -E '^\s+[0-9.]+\s+[0-9<]+\s+RunAi\.TemplateDsl\.Analyzers,' "$log" || true; } | awk '{print $1}')
  cpu=$({ grep -E '^[0-9.]+ [0-9.]+$' "$work/time" || true; } | tail -n 1 | awk '{print $1 + $2}')
  if [ -z "$csc" ] || [ -z "$cpu" ]; then
    echo "could not read the Csc time or the build's CPU time of '$1' (see $log)" >&2
    exit 1
  fi
  echo "$csc ${ours:-0} $cpu" >"$work/$1.result"
}

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }

echo "Templates: $count ($lines lines), $runs interleaved runs per set after one warm-up build each, $(nproc) cores; analyzer: $kind."
build with
build without
[ -z "$scaled" ] || build scaled
: >"$work/with.runs"
: >"$work/without.runs"
: >"$work/scaled.runs"
for i in $(seq 1 "$runs"); do
  build without
  build with
  if [ -n "$scaled" ]; then
    build scaled
    read -r c2 o2 _ <"$work/scaled.result"
    echo "$c2 $o2" >>"$work/scaled.runs"
    echo "Run $i: $scaled templates: Csc $c2 s, ours $o2 s"
  fi
  read -r c0 _ p0 <"$work/without.result"
  read -r c1 o1 p1 <"$work/with.result"
  echo "$c0 0 $p0" >>"$work/without.runs"
  echo "$c1 $o1 $p1" >>"$work/with.runs"
  awk -v c0="$c0" -v p0="$p0" -v c1="$c1" -v o1="$o1" -v p1="$p1" -v i="$i" 'BEGIN {
    printf "Run %d: without: Csc %.3f s, build CPU %.2f s | with: Csc %.3f s, build CPU %.2f s, ours %.3f s (share %.2f%%)\n", i, c0, p0, c1, p1, o1, 100 * o1 / c1 }'
done

csc0=$(awk '{print $1}' "$work/without.runs" | median)
cpu0=$(awk '{print $3}' "$work/without.runs" | median)
csc1=$(awk '{print $1}' "$work/with.runs" | median)
cpu1=$(awk '{print $3}' "$work/with.runs" | median)
share=$(awk '{print 100 * $2 / $1}' "$work/with.runs" | median)
# Each run's pair was built back to back: the median of the pairs' differences is steadier than the medians' difference.
wall=$(paste "$work/without.runs" "$work/with.runs" | awk '{print 100 * ($4 - $1) / $1}' | median)
cpu=$(paste "$work/without.runs" "$work/with.runs" | awk '{print 100 * ($6 - $3) / $3}' | median)
awk -v c0="$csc0" -v c1="$csc1" -v p0="$cpu0" -v p1="$cpu1" -v s="$share" -v n="$runs" -v w="$wall" -v u="$cpu" 'BEGIN {
  printf "Medians of %d: Csc %.3f s without, %.3f s with; build CPU %.2f s without, %.2f s with\n", n, c0, c1, p0, p1
  printf "Added by our analyzers (median of the %d pairs): %+.2f%% Csc wall time, %+.2f%% build CPU time\n", n, w, u
  printf "RunAi.TemplateDsl.Analyzers share of the compile as ReportAnalyzer counts it (median of %d): %.2f%%\n", n, s
  printf "Target: at most 3%% added to the compile.\n" }'
if [ -n "$scaled" ]; then
  ours1=$(awk '{print $2}' "$work/with.runs" | median)
  ours2=$(awk '{print $2}' "$work/scaled.runs" | median)
  awk -v n1="$count" -v n2="$scaled" -v a="$ours1" -v b="$ours2" -v n="$runs" 'BEGIN {
    printf "Scaling (medians of %d): ours %.3f s at %d templates, %.3f s at %d: %.2fx the time for %.1fx the templates\n", n, a, n1, b, n2, b / a, n2 / n1 }'
fi
