#!/usr/bin/env bash
# Benchmarks of kam against the floors: what reading the same files costs the fastest
# tools there are. Builds kam in release, generates the benchmark books with their git
# history (once; they are cached and regenerated only when the generator changes), times
# every command and its floor with hyperfine in the same run on the same files, measures
# peak memory with GNU time, and writes BENCHMARKS.md at the repository's root.
#
#   benches/run.sh                       # sizes M and L, books under target/bench-books
#   benches/run.sh --sizes M --runs 5    # M only
#   benches/run.sh --books /data/books   # keep the books somewhere else
#
# Needs: cargo, git, hyperfine, rg (ripgrep), GNU time at /usr/bin/time. Not part of the
# test suite: `cargo test` never runs it. Generating L takes minutes and a few GB of disk.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
books="$repo/target/bench-books"
sizes="M L"
runs=10
out="$repo/BENCHMARKS.md"

usage() {
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    echo "Options: --books DIR  --sizes 'M L'  --runs N (hyperfine runs per command, default 10)  --out FILE"
}

while [ $# -gt 0 ]; do
    case "$1" in
        --books) books="$2"; shift 2 ;;
        --sizes) sizes="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "run.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
    esac
done

missing=0
need() {
    if ! command -v "$1" >/dev/null 2>&1 && [ ! -x "$1" ]; then
        echo "run.sh: $1 is needed: $2" >&2
        missing=1
    fi
}
need hyperfine "install it with \`cargo install hyperfine\`, \`apt install hyperfine\` or \`brew install hyperfine\`"
need rg "install ripgrep with \`cargo install ripgrep\`, \`apt install ripgrep\` or \`brew install ripgrep\`"
need git "install git from your package manager"
need cargo "install Rust from https://rustup.rs"
need /usr/bin/time "install GNU time with \`apt install time\` (macOS: \`brew install gnu-time\`, then link gtime there)"
[ "$missing" = 0 ] || exit 2

target="${CARGO_TARGET_DIR:-$repo/target}"
echo "== building kam and the generator in release" >&2
(cd "$repo" && cargo build --release --locked --bin kam --example generate)
kam="$target/release/kam"
generate="$target/release/examples/generate"

# A book is regenerated when the generator's code (src/generate/) changes.
stamp="$(cd "$repo" && cat $(find src/generate -name '*.rs' | sort) | git hash-object --stdin)"

mkdir -p "$books"
books="$(cd "$books" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Mean ± σ of the CSV row `name` of hyperfine's export, in ms or s.
fmt_time() {
    awk -F, -v name="$2" '$1 == name {
        m = $2; s = $3
        if (m >= 1) printf "%.2f s ± %.2f", m, s; else printf "%.0f ms ± %.0f", m * 1000, s * 1000
    }' "$1"
}
mean() { awk -F, -v name="$2" '$1 == name { print $2 }' "$1"; }
# Peak resident memory in KiB of one run of a shell command (the largest single process of
# a pipeline).
peak() {
    /usr/bin/time -f '%M' -o "$tmp/rss" bash -c "$1" >/dev/null 2>&1 || true
    tail -n 1 "$tmp/rss"
}
mib() { awk -v k="$1" 'BEGIN { printf "%.0f MiB", k / 1024 }'; }

machine() {
    local cpu cores mem os
    cpu="$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)"
    cores="$(nproc 2>/dev/null || echo '?')"
    mem="$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)"
    os="$( (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") || uname -s)"
    echo "${cpu:-unknown CPU}, $cores cores, ${mem:-? GiB} RAM, $os (kernel $(uname -r))"
}

{
    echo "# Benchmarks"
    echo
    echo "Produced by \`benches/run.sh\` on $(date -u +%Y-%m-%d) at commit $(cd "$repo" && git rev-parse --short HEAD)$(cd "$repo" && git diff --quiet HEAD -- src examples benches Cargo.toml || echo ' (with uncommitted changes)')."
    echo "Machine: $(machine). Load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo
    echo "Each kam command is timed next to its floor, in the same hyperfine run, on the same"
    echo "files, with a warm file cache (one warm-up run each, then $runs timed runs; output read"
    echo "through a pipe). Floors: \`rg -c ''\` over \`kam.toml\` and \`accounts/\` (reading every file)"
    echo "for check, ls, score and report; \`git log --name-status -- accounts/<id>/\` for history;"
    echo "\`git ls-tree -r\` piped into \`git cat-file --batch\` for reading a revision (both revisions"
    echo "for diff). Peak memory is the maximum resident set size of one run (GNU time; for a"
    echo "pipeline, its largest process). The book's size is the total of its files' bytes."
    echo "Rows without \"(cached)\" run with \`--no-cache\`: every file is read and parsed. Rows with"
    echo "it run the same command again on the unchanged book, answered from the parse cache"
    echo "under \`.git/kam/\` (filled by hyperfine's warm-up run)."
} > "$tmp/report.md"

for size in $sizes; do
    book="$books/$size"
    if [ ! -f "$book/.kam-bench-stamp" ] || [ "$(cat "$book/.kam-bench-stamp")" != "$size $stamp" ]; then
        echo "== generating book $size with its history in $book" >&2
        start=$(date +%s)
        "$generate" --size "$size" --history --out "$book" --force
        # A repository this old would have been packed by git's automatic gc long ago.
        git -C "$book" repack -a -d -q
        echo "== generated and packed in $(( $(date +%s) - start )) s" >&2
        echo "$size $stamp" > "$book/.kam-bench-stamp"
    fi
    cd "$book"
    files=$(find kam.toml accounts -type f | wc -l)
    bytes=$(find kam.toml accounts -type f -printf '%s\n' | awk '{ s += $1 } END { print s }')
    commits=$(git rev-list --count HEAD)
    packed=$(git count-objects -v | awk '/size-pack/ { printf "%.0f MiB", $2 / 1024 }')
    account=$("$kam" ls accounts --sort -revenue_12m --limit 1 --columns id --format tsv | sed -n 2p)
    history_commits=$(git rev-list --count HEAD -- "accounts/$account/")

    read_rev() { echo "git ls-tree -r $1 -- kam.toml accounts | awk '{ print \$3 }' | git cat-file --batch"; }
    # Every command reads and parses every file (`--no-cache`), except the rows marked
    # "cached": the same command again on the unchanged book, answered from the parse cache
    # under .git/kam/ (hyperfine's warm-up run fills it).
    names=(check ls score "report health" "--as-of HEAD~100 ls (loading)" "--as-of HEAD~100 score" "history $account" "diff HEAD~50..HEAD"
        "check (cached)" "score (cached)" "--as-of HEAD~100 score (cached)")
    kams=(
        "$kam --no-cache check"
        "$kam --no-cache ls accounts --where 'tier:A last_touch>30d' --sort -revenue_12m"
        "$kam --no-cache score --format json"
        "$kam --no-cache report health"
        "$kam --no-cache --as-of HEAD~100 ls accounts --limit 1"
        "$kam --no-cache --as-of HEAD~100 score --format json"
        "$kam history $account"
        "$kam diff HEAD~50..HEAD --format json"
        "$kam check"
        "$kam score --format json"
        "$kam --as-of HEAD~100 score --format json"
    )
    rg_floor="rg -c '' kam.toml accounts"
    floors=(
        "$rg_floor" "$rg_floor" "$rg_floor" "$rg_floor"
        "$(read_rev HEAD~100)" "$(read_rev HEAD~100)"
        "git log --name-status -- accounts/$account/"
        "$(read_rev HEAD~50); $(read_rev HEAD)"
        "$rg_floor" "$rg_floor"
        "$(read_rev HEAD~100)"
    )
    floor_names=("rg" "rg" "rg" "rg" "cat-file" "cat-file" "git log" "cat-file ×2" "rg" "rg" "cat-file")

    {
        echo
        echo "## $size: $files files, $(awk -v b="$bytes" 'BEGIN { printf "%.1f MB", b / 1e6 }'), $commits commits"
        echo
        echo "Pack: $packed. \`history\` is of \`$account\` ($history_commits commits touch it)."
        echo "Memory target: 4 × the book's bytes = $(awk -v b="$bytes" 'BEGIN { printf "%.0f MiB", 4 * b / 1048576 }')."
        echo
        echo "| command | kam | floor | floor time | kam ÷ floor | kam peak memory | floor peak memory | kam memory ÷ book |"
        echo "|---|---|---|---|---|---|---|---|"
    } >> "$tmp/report.md"

    for i in "${!names[@]}"; do
        echo "== $size: kam ${names[$i]}" >&2
        csv="$tmp/$size-$i.csv"
        hyperfine --warmup 1 --runs "$runs" --output pipe --export-csv "$csv" \
            -n kam "${kams[$i]}" -n floor "${floors[$i]}" >&2
        kam_rss=$(peak "${kams[$i]}")
        floor_rss=$(peak "${floors[$i]}")
        ratio=$(awk -v k="$(mean "$csv" kam)" -v f="$(mean "$csv" floor)" 'BEGIN { printf "%.1f", k / f }')
        per_byte=$(awk -v k="$kam_rss" -v b="$bytes" 'BEGIN { printf "%.1f", k * 1024 / b }')
        echo "| \`kam ${names[$i]}\` | $(fmt_time "$csv" kam) | ${floor_names[$i]} | $(fmt_time "$csv" floor) | $ratio | $(mib "$kam_rss") | $(mib "$floor_rss") | $per_byte |" \
            >> "$tmp/report.md"
    done
done

echo >> "$tmp/report.md"
echo "Load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)." >> "$tmp/report.md"
cp "$tmp/report.md" "$out"
echo "== wrote $out" >&2
