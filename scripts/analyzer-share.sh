#!/usr/bin/env bash
# Our analyzers' share of a compile: builds a generated set of templates (default 2,000, ~42k lines; the set the
# BenchmarkDotNet benchmark in tests/RunAi.TemplateDsl.Analyzers.Benchmarks analyses) with -p:ReportAnalyzer=true
# and prints RunAi.TemplateDsl.Analyzers' execution time against the Csc task's time. The first build warms the
# compiler server; the next RUNS builds (default 3) are measured and the median share printed. Target: at most 3%.
#
#   scripts/analyzer-share.sh [TEMPLATES] [RUNS]
set -euo pipefail

count=${1:-2000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet build "$root/tests/RunAi.TemplateDsl.Analyzers.Benchmarks" -c Release -nologo -v:q -clp:NoSummary >/dev/null
bin="$root/tests/RunAi.TemplateDsl.Analyzers.Benchmarks/bin/Release/net10.0"
analyzers="$root/analyzers/RunAi.TemplateDsl.Analyzers/bin/Release/netstandard2.0/RunAi.TemplateDsl.Analyzers.dll"
fixes="$root/analyzers/RunAi.TemplateDsl.CodeFixes/bin/Release/netstandard2.0/RunAi.TemplateDsl.CodeFixes.dll"
dotnet build "$root/analyzers/RunAi.TemplateDsl.CodeFixes" -c Release -nologo -v:q -clp:NoSummary >/dev/null
dotnet "$bin/RunAi.TemplateDsl.Analyzers.Benchmarks.dll" generate "$work/set" "$count" "$bin/RunAi.TemplateDsl.dll" "$analyzers" "$fixes"
lines=$(cat "$work"/set/*.cs | wc -l)

measure() {
  dotnet build "$work/set" -nologo --no-incremental -p:ReportAnalyzer=true -v:detailed -clp:PerformanceSummary >"$work/build.log" 2>&1 \
    || { tail -n 30 "$work/build.log"; echo "the generated set did not build" >&2; exit 1; }
  local ours csc total
  ours=$(grep -m1 -E '^\s+[0-9.]+\s+[0-9<]+\s+RunAi\.TemplateDsl\.Analyzers,' "$work/build.log" | awk '{print $1}')
  total=$(grep -m1 'Total analyzer execution time' "$work/build.log" | grep -oE '[0-9.]+' | head -n 1)
  csc=$(grep -E '^\s+[0-9]+ ms\s+Csc\s' "$work/build.log" | awk '{print $1}')
  awk -v o="${ours:-0}" -v c="$csc" -v t="$total" 'BEGIN { printf "%.3f s of %.3f s Csc (all analyzers %.3f s): %.2f%%\n", o, c / 1000, t, 100 * o / (c / 1000) }'
}

echo "Templates: $count ($lines lines). Warm-up build:"
measure
shares=()
for i in $(seq 1 "$runs"); do
  line=$(measure)
  echo "Run $i: $line"
  shares+=("$(echo "$line" | grep -oE '[0-9.]+%$' | tr -d '%')")
done
median=$(printf '%s\n' "${shares[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}')
echo "RunAi.TemplateDsl.Analyzers share of the compile (median of $runs): ${median}% (target: at most 3%)"
