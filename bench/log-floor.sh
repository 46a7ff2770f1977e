#!/usr/bin/env bash
# What the migration log alone costs PostgreSQL: the ceiling it puts on any run that logs every item.
# Takes the migration_log rows of the latest run in DATABASE (a target a Drover run wrote, e.g. one kept
# by BENCH_KEEP=1 bench/compare.sh), and times PostgreSQL's fastest way in, one COPY from a file by one
# client, into a fresh database shaped by Drover's own schema (migration_log with its indexes):
#   1. the rows as the run wrote them (drover.log.data = full);
#   2. the same rows as the compact log writes them (no source and destination JSON for successes);
#   3. the full rows again without the log's two secondary indexes, then also with json instead of jsonb
#      columns: what the indexes and the parsing into jsonb cost, against the mere volume (MB of WAL).
# No JVM, no network round trips, no target rows, no item_state: a run that writes these log rows cannot
# log faster than this on the same server.
#
# Usage: bench/log-floor.sh DATABASE
# Databases: PostgreSQL 127.0.0.1:5432 user postgres (PGHOST, PGPORT, PGUSER, PGPASSWORD override).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
source bench/lib/one-database.sh

COLUMNS="run_id, migration, item_id, status, attempt, source_hash, source_data, destination_data, diff, error_class,
    error, rolled_back, started_at, finished_at, duration_ms, violations"
COMPACT="run_id, migration, item_id, status, attempt, source_hash,
    CASE WHEN status IN ('MIGRATED', 'UNCHANGED') THEN NULL ELSE source_data END,
    CASE WHEN status IN ('MIGRATED', 'UNCHANGED') THEN NULL ELSE destination_data END, diff, error_class,
    error, rolled_back, started_at, finished_at, duration_ms, violations"
RUN=$(pgval -d "$SOURCE_DB" -c "SELECT run_id FROM drover.migration_run ORDER BY started_at DESC LIMIT 1")
[[ -n "$RUN" ]] || { echo "log-floor.sh: no run in $SOURCE_DB" >&2; exit 1; }
SCRATCH="drover_logfloor_$$"
FILES=$(mktemp -d)
trap 'pg -d postgres -c "DROP DATABASE IF EXISTS $SCRATCH WITH (FORCE)" || true; rm -rf "$FILES"' EXIT

pg -d "$SOURCE_DB" -c "\\copy (SELECT $COLUMNS FROM drover.migration_log WHERE run_id = '$RUN') TO '$FILES/full.copy'"
pg -d "$SOURCE_DB" -c "\\copy (SELECT $COMPACT FROM drover.migration_log WHERE run_id = '$RUN') TO '$FILES/compact.copy'"
ROWS=$(wc -l < "$FILES/full.copy")
pg -d postgres -c "CREATE DATABASE $SCRATCH"
# in Flyway's order: by version number, so that a V10 follows V9
pg -d "$SCRATCH" -c "CREATE SCHEMA drover"   # where Drover keeps its tables
for f in $(ls src/main/resources/db/drover/postgresql/V*.sql | sort -V); do PGOPTIONS="${PGOPTIONS:-} -c search_path=drover" pg -d "$SCRATCH" -f "$f"; done

echo "migration_log rows of run $RUN in $SOURCE_DB: $ROWS ($(du -m "$FILES/full.copy" | cut -f1) MB full, $(du -m "$FILES/compact.copy" | cut -f1) MB compact)"
timed_copy() { # timed_copy LABEL FILE: one COPY into the scratch migration_log, emptied first; prints time, rate, WAL
    local label="$1" file="$2" start wal0 wal
    pg -d "$SCRATCH" -c "TRUNCATE drover.migration_log" -c CHECKPOINT
    wal0=$(pgval -d "$SCRATCH" -c "SELECT pg_current_wal_lsn()")
    start=$EPOCHREALTIME
    pg -d "$SCRATCH" -c "\\copy drover.migration_log ($COLUMNS) FROM '$file'"
    local end=$EPOCHREALTIME
    wal=$(pgval -d "$SCRATCH" -c "SELECT round(pg_wal_lsn_diff(pg_current_wal_lsn(), '$wal0') / 1048576)")
    awk -v a="$start" -v b="$end" -v n="$ROWS" -v k="$label" -v w="$wal" \
        'BEGIN { printf "%-40s %6.1f s, %7.0f log rows/s, %6d MB of WAL\n", k, b - a, n / (b - a), w }'
}
echo "no run that writes a log goes faster, in items/s, than its log rows/s here:"
timed_copy "full log (drover.log.data = full):" "$FILES/full.copy"
timed_copy "compact log (drover.log.data = compact):" "$FILES/compact.copy"
# where the full log's cost lies: its two secondary indexes, or parsing the JSON into jsonb
pg -d "$SCRATCH" -c "DROP INDEX drover.migration_log_run_idx, drover.migration_log_item_idx"
timed_copy "full log, no secondary index:" "$FILES/full.copy"
pg -d "$SCRATCH" -c "ALTER TABLE drover.migration_log ALTER source_data TYPE json, ALTER destination_data TYPE json"
timed_copy "full log, no secondary index, json:" "$FILES/full.copy"
