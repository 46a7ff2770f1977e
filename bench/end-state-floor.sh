#!/usr/bin/env bash
# What the end state of a Drover run costs PostgreSQL alone: the floor under any tool that leaves the same
# tables, with the JVM, the source and every round trip free. Takes a target DATABASE a Drover run wrote
# (e.g. kept by BENCH_KEEP=1 bench/compare.sh), gives a fresh database its schema (pg_dump --schema-only:
# the target tables with every constraint and index, and Drover's own tables), and loads there, by COPY
# from files, what the database holds:
#   1. the target rows (every table that is not Drover's, parents before children for the foreign keys);
#   2. the item states and the migration_log rows of the latest run, as that run wrote them (full or
#      compact log);
#   3. both at once, from two clients: as fast as a run on this machine's cores could leave that state.
# For each: wall time, and CPU seconds of the whole machine (/proc/stat: PostgreSQL, plus psql's little).
# bench/log-floor.sh takes the log apart; this takes the whole end state.
#
# Usage: bench/end-state-floor.sh DATABASE
# Databases: PostgreSQL 127.0.0.1:5432 user postgres (PGHOST, PGPORT, PGUSER, PGPASSWORD override).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
source bench/lib/one-database.sh

RUN=$(pgval -d "$SOURCE_DB" -c "SELECT run_id FROM drover.migration_run ORDER BY started_at DESC LIMIT 1")
[[ -n "$RUN" ]] || { echo "end-state-floor.sh: no run in $SOURCE_DB" >&2; exit 1; }
# the target tables (Drover's own are in schema drover), each after the tables its foreign keys point to
TARGETS=$(pgval -d "$SOURCE_DB" -c "WITH RECURSIVE t AS (
        SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')),
    depth (oid, d) AS (
        SELECT oid, 0 FROM t
        UNION ALL
        SELECT f.conrelid, depth.d + 1 FROM depth JOIN pg_constraint f ON f.contype = 'f' AND f.confrelid = depth.oid
         WHERE f.conrelid <> f.confrelid AND depth.d < 20)
    SELECT t.relname FROM t JOIN depth USING (oid) GROUP BY t.relname ORDER BY max(d), t.relname")
[[ -n "$TARGETS" ]] || { echo "end-state-floor.sh: no target table in $SOURCE_DB" >&2; exit 1; }
SCRATCH="drover_endstate_$$"
FILES=$(mktemp -d)
trap 'pg -d postgres -c "DROP DATABASE IF EXISTS $SCRATCH WITH (FORCE)" || true; rm -rf "$FILES"' EXIT

ROWS=0
for t in $TARGETS; do
    pg -d "$SOURCE_DB" -c "\\copy $t TO '$FILES/$t.copy'"
    ROWS=$((ROWS + $(wc -l < "$FILES/$t.copy")))
done
pg -d "$SOURCE_DB" -c "\\copy drover.item_state TO '$FILES/item_state.copy'"
pg -d "$SOURCE_DB" -c "\\copy (SELECT * FROM drover.migration_log WHERE run_id = '$RUN') TO '$FILES/migration_log.copy'"
ITEMS=$(wc -l < "$FILES/migration_log.copy")
pg -d postgres -c "CREATE DATABASE $SCRATCH"
pg_dump --schema-only --no-owner --no-privileges "$SOURCE_DB" | pg -d "$SCRATCH" >/dev/null

echo "end state of run $RUN in $SOURCE_DB: $ROWS target rows ($(echo $TARGETS | sed 's/ /, /g')), $ITEMS log rows and their item states"
# the statements of one client, as a psql script: one COPY per table, in one transaction as a run commits
load_rows() { echo "BEGIN;"; for t in $TARGETS; do echo "\\copy $t FROM '$FILES/$t.copy'"; done; echo "COMMIT;"; }
load_log() {
    echo "BEGIN;"; echo "\\copy drover.item_state FROM '$FILES/item_state.copy'"
    echo "\\copy drover.migration_log FROM '$FILES/migration_log.copy'"; echo "COMMIT;"
}
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
timed() { # timed LABEL TARGET_ROWS COMMAND...: empties every table, runs COMMAND, prints wall, CPU and rates
    local label="$1" rows="$2" start end cpu0 cpu1
    shift 2
    pg -d "$SCRATCH" -c "TRUNCATE drover.item_state, drover.migration_log, $(echo $TARGETS | sed 's/ /, /g') CASCADE" -c CHECKPOINT
    cpu0=$(busy) start=$EPOCHREALTIME
    "$@"
    end=$EPOCHREALTIME cpu1=$(busy)
    # target rows/s only where the step loads them; items/s is the rate at which it leaves whole items
    awk -v a="$start" -v b="$end" -v c=$((cpu1 - cpu0)) -v hz="$(getconf CLK_TCK)" -v r="$rows" -v n="$ITEMS" -v k="$label" \
        'BEGIN { t = r > 0 ? sprintf("%7.0f", r / (b - a)) : "      -"
                 printf "%-44s %6.1f s, %6.1f CPU s, %s target rows/s, %7.0f items/s\n", k, b - a, c / hz, t, n / (b - a) }'
}
timed "target rows alone (one client):" "$ROWS" pg -d "$SCRATCH" -f <(load_rows)
timed "item states and log alone (one client):" 0 pg -d "$SCRATCH" -f <(load_log)
both() { pg -d "$SCRATCH" -f <(load_rows) & local rows=$!; pg -d "$SCRATCH" -f <(load_log); wait "$rows"; }
timed "the whole end state (two clients):" "$ROWS" both
