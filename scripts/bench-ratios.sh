#!/usr/bin/env bash
# Runs the criterion benches of sunor-errors ROUNDS times and prints, per comparison group,
# each contender's median time and its ratio to the group's comparison. A ratio is taken
# side by side within one round (same machine load), then the median over the rounds is
# printed with the range, so a busy neighbour during one round does not make the claim.
#
# Usage: scripts/bench-ratios.sh [ROUNDS] [BENCH...]
#   ROUNDS  default 3; BENCH  names of benches/*.rs, default all of them.
#   BENCH_ARGS  criterion options, default "--warm-up-time 1 --measurement-time 3".
# Writes a Markdown table to stdout; cargo and criterion output go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-3}
shift || true
if [ "$#" -eq 0 ]; then
    set -- $(ls benches/*.rs | xargs -n1 basename | sed 's/\.rs$//')
fi
bench_flags=()
for b in "$@"; do bench_flags+=(--bench "$b"); done
read -r -a criterion_args <<<"${BENCH_ARGS:---warm-up-time 1 --measurement-time 3}"
target=${CARGO_TARGET_DIR:-target}
data=$(mktemp)
trap 'rm -f "$data"' EXIT

for round in $(seq 1 "$rounds"); do
    printf '== round %s of %s\n' "$round" "$rounds" >&2
    rm -rf "$target/criterion"
    cargo bench -p sunor-errors-benches "${bench_flags[@]}" -- "${criterion_args[@]}" --noplot >&2
    for f in "$target"/criterion/*/*/new/estimates.json; do
        bench=$(basename "$(dirname "$(dirname "$f")")")
        group=$(basename "$(dirname "$(dirname "$(dirname "$f")")")")
        median=$(sed -E 's/.*"median":\{"confidence_interval":\{[^}]*\},"point_estimate":([0-9.eE+-]+).*/\1/' "$f")
        echo "$round $group $bench $median" >>"$data"
    done
done

# The comparison of each group (the denominator of its ratios): group, then contender.
comparisons='
serialize_402_reused_buffer floor_hand_written
serialize_402_new_vec floor_hand_written
parse_402 plain_serde
tolerant_json_402 serde_json_strict
tolerant_html_502_2KiB serde_json_fails
tolerant_empty_502 serde_json_fails
retry_after_seconds std_str_parse_u64
retry_after_http_date httpdate_direct
to_error_body_static hand_written_match
to_error_body_templated hand_written_match
retry_budget_uncontended atomic_counter
retry_budget_2_threads atomic_counter
decode_402 hand_written
'
# Extra ratios to state: group, numerator, denominator.
pairs='
serialize_402_reused_buffer http_api_problem_to_writer ours_write_json
serialize_402_reused_buffer plain_serde_to_writer ours_write_json
serialize_402_new_vec http_api_problem_json_bytes ours_to_json_vec
serialize_402_new_vec http_api_problem_json_bytes ours_serde_to_vec
tolerant_html_502_2KiB serde_json_fails ours_from_http_parts
tolerant_empty_502 serde_json_fails ours_from_http_parts
parse_402 ours ours_borrowing
decode_402 strict_parse derived
'
awk -v comparisons="$comparisons" -v pairs="$pairs" '
BEGIN {
    nrows = split(comparisons, rows, "\n")
    for (k = 1; k <= nrows; k++) if (split(rows[k], cells, " ") == 2) base[cells[1]] = cells[2]
    nrows = split(pairs, rows, "\n")
    npairs = 0
    for (k = 1; k <= nrows; k++) if (rows[k] != "") pair[++npairs] = rows[k]
}
function median(list,    n, a, i, j, t) {
    n = split(list, a, " ")
    for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function range(list,    n, a, i, lo, hi) {
    n = split(list, a, " "); lo = hi = a[1] + 0
    for (i = 2; i <= n; i++) { if (a[i] + 0 < lo) lo = a[i] + 0; if (a[i] + 0 > hi) hi = a[i] + 0 }
    return sprintf("%.2f-%.2f", lo, hi)
}
{ t[$1, $2, $3] = $4; if (!(($2, $3) in seen)) { seen[$2, $3] = 1; order[++n] = $2 " " $3 }; rounds[$1] = 1 }
END {
    print "| group | contender | median time | ratio to comparison (median of rounds) | ratio range |"
    print "|---|---|---:|---:|---:|"
    for (i = 1; i <= n; i++) {
        split(order[i], gb, " "); g = gb[1]; b = gb[2]
        times = ""; ratios = ""
        for (r in rounds) {
            if ((r, g, b) in t) times = times " " t[r, g, b]
            if ((r, g, b) in t && (r, g, base[g]) in t) ratios = ratios " " t[r, g, b] / t[r, g, base[g]]
        }
        m = median(times)
        shown = (m >= 1000) ? sprintf("%.2f us", m / 1000) : sprintf("%.1f ns", m)
        if (ratios == "") { printf "| %s | %s | %s | (no comparison) | |\n", g, b, shown; continue }
        label = (b == base[g]) ? "1.00 (comparison)" : sprintf("%.2fx", median(ratios))
        printf "| %s | %s | %s | %s | %s |\n", g, b, shown, label, range(ratios)
    }
    print ""
    print "| group | ratio | median of rounds | range |"
    print "|---|---|---:|---:|"
    for (p = 1; p <= npairs; p++) {
        split(pair[p], q, " "); ratios = ""
        for (r in rounds) if ((r, q[1], q[2]) in t && (r, q[1], q[3]) in t) ratios = ratios " " t[r, q[1], q[2]] / t[r, q[1], q[3]]
        if (ratios != "") printf "| %s | %s / %s | %.2fx | %s |\n", q[1], q[2], q[3], median(ratios), range(ratios)
    }
}' "$data"
