#!/usr/bin/env bash
# kill -9 soak of what sattask writes (issue 11): the project file, the order journal and the
# sandbox's state file, each killed at random moments while it writes.
#
#   cargo build --release --example soak_writer --bin sattask
#   benches/soak/soak.sh 1000 target/release/examples/soak_writer target/release/sattask
#
# KILLS (default 1000) kills are shared out between the three writers. After each kill the files
# are read back: a project file that does not load, an acknowledged save or journal entry that is
# missing, a sandbox state file that does not parse, or a sandbox that starts again with its
# clock behind an advance it acknowledged is counted as a failure. Torn journal lines
# (a kill in the middle of an append) are counted too: each must stay on its own line, the next
# append starting a new one. Prints one summary line a writer; exit 1 when anything failed.
set -uo pipefail
kills=${1:-1000}
writer=${2:?usage: soak.sh KILLS SOAK_WRITER SATTASK}
sattask=${3:?usage: soak.sh KILLS SOAK_WRITER SATTASK}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
per=$(( (kills + 2) / 3 ))
failed=0

random_ms() { echo $(( RANDOM % 40 + 2 )); }
pause() { sleep "$(awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }')"; }

for kind in project journal; do
    dir="$work/$kind"
    mkdir -p "$dir"
    acked=0 lost=0 unreadable=0 torn=
    for _ in $(seq "$per"); do
        "$writer" "$kind" "$dir" $((acked + 1)) >"$work/acks" 2>/dev/null &
        pid=$!
        pause "$(random_ms)"
        kill -9 "$pid" 2>/dev/null
        wait "$pid" 2>/dev/null
        last=$(grep -E '^ack [0-9]+$' "$work/acks" | tail -1 | cut -d' ' -f2)
        [ -n "$last" ] && acked=$last
        verdict=$("$writer" check "$dir" "$acked")
        case "$verdict" in
            *UNREADABLE*) unreadable=$((unreadable + 1)); echo "$verdict" >&2 ;;
            *LOST*) lost=$((lost + 1)); echo "$verdict" >&2 ;;
        esac
        if [ "$kind" = journal ]; then
            missing=$(echo "$verdict" | sed -n 's/journal missing \([0-9]*\).*/\1/p')
            torn=$(echo "$verdict" | sed -n 's/.*torn-lines \([0-9]*\).*/\1/p')
            [ "${missing:-0}" -gt 0 ] && { lost=$((lost + 1)); echo "$verdict" >&2; }
        fi
    done
    echo "$kind: $per kills, $acked writes acknowledged, $unreadable unreadable, $lost with acknowledged writes lost${torn:+, $torn torn lines left on their own}"
    [ $((unreadable + lost)) -gt 0 ] && failed=1
done

# The sandbox: its state is saved after every clock advance, before the advance is answered.
# Advance it in a loop and kill it; each answered advance is acknowledged, so the clock read
# after the next start may not be behind the last acknowledged one.
state="$work/sandbox/state.json"
mkdir -p "$work/sandbox"
unreadable=0 leftovers=0 lost=0 acked=0 advances=0
unix_of() { python3 -c 'import json, sys; print(json.loads(sys.argv[1])["unix"])' "$1" 2>/dev/null; }
for i in $(seq "$per"); do
    port=$(( 20000 + RANDOM % 20000 ))
    "$sattask" sandbox --addr "127.0.0.1:$port" --state "$state" >/dev/null 2>&1 &
    pid=$!
    clock=
    for _ in $(seq 100); do
        clock=$(curl -sf "http://127.0.0.1:$port/sandbox/clock") && break
        pause 20
    done
    now=$(unix_of "$clock")
    if [ -z "$now" ]; then
        echo "sandbox: start $i did not answer its clock" >&2
        unreadable=$((unreadable + 1))
    elif [ "$now" -lt "$acked" ]; then
        lost=$((lost + 1))
        echo "sandbox: start $i has its clock at $now, behind the acknowledged $acked" >&2
    fi
    : >"$work/advances"
    ( while answer=$(curl -sf -X POST -H 'content-type: application/json' \
        -d '{"seconds": 60}' "http://127.0.0.1:$port/sandbox/clock/advance"); do
        echo "$answer" >>"$work/advances"; done ) &
    load=$!
    pause "$(random_ms)"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    wait "$load" 2>/dev/null
    # Each line was written once its answer had fully arrived: an acknowledged advance.
    last=$(tail -n 1 "$work/advances")
    if [ -n "$last" ]; then
        acked=$(unix_of "$last")
        advances=$((advances + $(wc -l <"$work/advances")))
    fi
    if [ -e "$state" ] && ! python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$state" 2>/dev/null; then
        unreadable=$((unreadable + 1))
        cp "$state" "$work/unreadable-$i.json"
    fi
done
leftovers=$(find "$work/sandbox" -name '*.tmp' | wc -l)
saved=$([ -e "$state" ] && echo "the state file was written" || echo "NO STATE FILE WRITTEN (nothing tested)")
echo "sandbox state: $per kills, $advances clock advances acknowledged, $unreadable unreadable, $lost starts behind an acknowledged advance, $leftovers temporary files left behind; $saved"
[ $((unreadable + lost + leftovers)) -gt 0 ] && failed=1
exit "$failed"
