#!/usr/bin/env bash
# How long a Drover command takes to answer, side by side with `drover --help` (the JVM, picocli and
# Drover's jar, nothing else), in one run: R alternating rounds of each command, then the median wall
# time and CPU time of each and its ratio to --help's (issue 22: list and status ≤ 3×, migrate of one
# item ≤ 5×).
#
# Usage: bench/startup.sh [R]                      (default: R = 5 rounds)
# Environment:
#   STARTUP_TARGET=postgresql   run against a fresh PostgreSQL target and source (127.0.0.1:5432, user
#                               postgres) instead of the quick start's H2 files; the databases are dropped
#   STARTUP_JAVA_OPTS="…"       JVM options for every command (JAVA_OPTS of bin/drover)
#   STARTUP_LAUNCHER=jar        run `java -jar target/drover.jar` instead of bin/drover (which adds the
#                               class-data-sharing archive target/drover.jsa when there is one)
# Runs in a scratch copy of config/ and routes/ (so ./data of the repository is not touched), after
# `drover sample init --customers=1000` and one `migrate customers --all`.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    exit 0
fi
R="${1:-5}"
[[ "$R" =~ ^[1-9][0-9]*$ ]] || { echo "startup.sh: R must be a positive integer, not '$R'" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "startup.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
[[ -f target/drover.jar ]] || mvn -q -B package -DskipTests
JAR="$PWD/target/drover.jar"
WORK=$(mktemp -d)
cp -r config routes "$WORK/"
DBS=()
cleanup() {
    for db in "${DBS[@]}"; do psql -X -q -h 127.0.0.1 -U postgres -d postgres -c "DROP DATABASE IF EXISTS $db" >/dev/null; done
    rm -rf "$WORK"
}
trap cleanup EXIT
if [[ "${STARTUP_TARGET:-h2}" == postgresql ]]; then
    for role in source target; do
        db="drover_startup_${role}_$$"
        psql -X -q -h 127.0.0.1 -U postgres -d postgres -c "CREATE DATABASE $db" >/dev/null
        DBS+=("$db")
        export "DROVER_${role^^}_URL=jdbc:postgresql://127.0.0.1:5432/$db" "DROVER_${role^^}_USERNAME=postgres"
    done
fi
if [[ "${STARTUP_LAUNCHER:-bin}" == jar ]]; then
    LAUNCH="java ${STARTUP_JAVA_OPTS:-} -jar '$JAR'"
else
    LAUNCH="JAVA_OPTS='${STARTUP_JAVA_OPTS:-}' '$PWD/bin/drover'"
fi
drover() { (cd "$WORK" && eval "$LAUNCH" '"$@"'); }
drover sample init --customers=1000 >/dev/null
drover migrate customers --all >/dev/null || true   # the sample's deliberately bad items fail: exit 1

COMMANDS=("--help" "list" "status customers" "migrate customers --item-id=1")
declare -A WALL CPU
for ((round = 1; round <= R; round++)); do
    for command in "${COMMANDS[@]}"; do
        # shellcheck disable=SC2086 # the command's words are meant to split
        /usr/bin/time -f "%e %U %S" -o "$WORK/time" bash -c "cd '$WORK' && $LAUNCH $command >/dev/null 2>&1" || true
        read -r wall user sys < "$WORK/time"
        WALL[$command]+="$wall "
        CPU[$command]+="$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }') "
    done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
help_wall=$(echo "${WALL[--help]}" | median)
printf '\n%-34s %9s %9s %8s\n' "command ($R rounds, ${STARTUP_TARGET:-h2}, ${STARTUP_LAUNCHER:-bin})" "wall s" "CPU s" "× help"
for command in "${COMMANDS[@]}"; do
    wall=$(echo "${WALL[$command]}" | median)
    cpu=$(echo "${CPU[$command]}" | median)
    printf '%-34s %9s %9s %8s\n' "drover $command" "$wall" "$cpu" "$(awk -v a="$wall" -v b="$help_wall" 'BEGIN { printf "%.1f", a / b }')"
done
