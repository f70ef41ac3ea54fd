#!/usr/bin/env bash
# Peak memory and time of `sattask aoi validate --json` (and `aoi info`) on the files of
# generate.py, against the bound of issue 11: min(3 x file size, 512 MB) plus the largest AOI.
#
#   cargo build --release
#   python3 benches/hostile/generate.py /tmp/hostile 10 50 200
#   benches/hostile/run.sh target/release/sattask /tmp/hostile/*
#
# Prints one Markdown table row a file and command. Needs GNU time (/usr/bin/time, Debian's `time`).
set -euo pipefail
bin=${1:?usage: run.sh SATTASK_BINARY FILE...}
shift
# The process's own footprint (code, allocator, runtime), measured on a one-polygon file: the
# bound is about what the input costs, so each row also shows the peak above this.
tiny=$(mktemp --suffix=.wkt)
echo 'POLYGON((1 43, 1.1 43, 1.1 43.1, 1 43.1, 1 43))' >"$tiny"
idle_kb=$( (/usr/bin/time -v "$bin" aoi validate "$tiny" >/dev/null) 2>&1 |
    sed -n 's/.*Maximum resident set size (kbytes): //p')
rm -f "$tiny"
echo "Idle: $(awk -v k="$idle_kb" 'BEGIN { printf "%.0f", k * 1024 / 1e6 }') MB for a one-polygon file."
echo
echo "| file | size (MB) | command | exit | peak RSS (MB) | above idle (MB) | bound (MB) | wall (s) | first line of stderr |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---|"
for file in "$@"; do
    size=$(stat -c %s "$file")
    for command in "validate --json" "validate" "info"; do
        log=$(mktemp)
        set +e
        # shellcheck disable=SC2086
        /usr/bin/time -v "$bin" aoi $command "$file" >/dev/null 2>"$log"
        set -e
        exit_code=$(sed -n 's/.*Exit status: //p' "$log")
        rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$log")
        wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$log" |
            awk -F: '{ if (NF == 3) print $1 * 3600 + $2 * 60 + $3; else print $1 * 60 + $2 }')
        said=$(grep -v -e '^\s' -e '^Command' "$log" | head -1 | cut -c1-140 || true)
        bound=$(awk -v s="$size" 'BEGIN { b = 3 * s / 1e6; if (b > 512) b = 512; printf "%.0f", b }')
        printf '| %s | %.1f | aoi %s | %s | %.0f | %.0f | %s | %s | %s |\n' "$(basename "$file")" \
            "$(awk -v s="$size" 'BEGIN { print s / 1e6 }')" "$command" "$exit_code" \
            "$(awk -v k="$rss_kb" 'BEGIN { print k * 1024 / 1e6 }')" \
            "$(awk -v k="$rss_kb" -v i="$idle_kb" 'BEGIN { print (k - i) * 1024 / 1e6 }')" \
            "$bound" "$wall" "$said"
        rm -f "$log"
    done
done
