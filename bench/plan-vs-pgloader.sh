#!/usr/bin/env bash
# A whole schema as one plan (issue 20), side by side with pgloader, in one run on the same data: the
# public Sakila database (16 tables, ~46,000 rows) from MariaDB into the prepared PostgreSQL schema of its
# PostgreSQL port (constraints, triggers, rules and sequences in place), both loaded data only:
#   1. drover scaffold sakila writes the plan from the two schemas (its lines are counted: what a user
#      would otherwise write by hand);
#   2. drover migrate --plan=sakila --all, the scaffold unedited: first load, then a rerun with nothing changed;
#   3. the same in bulk mode (--bulk), into a second copy of the prepared schema;
#   4. pgloader into an empty database, in its own mode (it creates its tables from the MariaDB schema, loads
#      them with COPY, then adds indexes and keys): its data-only mode refuses this prepared schema, whose
#      tables differ from the source's (payment has no last_update; film_text has no target);
# then prints wall times, the ratio to pgloader and each table's row count on both sides.
#
# Usage: bench/plan-vs-pgloader.sh                  Environment: SAKILA_DIR (default ../shared/data/sakila),
#   BENCH_KEEP=1 keeps the databases (drover_plan_*), BENCH_OUT=DIR (default bench/out/plan-<tag>).
# Needs psql, mariadb, java 17, GNU time and pgloader (installed with apt-get when missing, as root).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."
if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    exit 0
fi
SAKILA="${SAKILA_DIR:-../shared/data/sakila}"
TAG="$(date +%m%d%H%M%S)_$$"
OUT="${BENCH_OUT:-bench/out/plan-$TAG}"
SRC="drover_plan_src_$TAG" TGT="drover_plan_tgt_$TAG" BLK="drover_plan_blk_$TAG" PGL="drover_plan_pgl_$TAG"
export PGHOST=127.0.0.1 PGPORT=5432 PGUSER=postgres PGOPTIONS="-c client_min_messages=warning"
die() { echo "plan-vs-pgloader.sh: $*" >&2; exit 1; }
pg() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
my() { mariadb -h 127.0.0.1 -u root "$@"; }
[[ -f "$SAKILA/mysql/sakila-mv-schema.sql" ]] || die "no Sakila under $SAKILA (set SAKILA_DIR)"
[[ -x /usr/bin/time ]] || die "needs GNU time (apt-get install time)"
command -v pgloader >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pgloader >/dev/null; }
[[ -f target/drover.jar ]] || mvn -q -B package -DskipTests
mkdir -p "$OUT/routes"
OUT="$(cd "$OUT" && pwd)" # absolute: the configuration files name it
cleanup() {
    [[ "${BENCH_KEEP:-0}" == 1 ]] && return
    my -e "DROP DATABASE IF EXISTS $SRC" || true
    for db in "$TGT" "$BLK" "$PGL"; do pg -d postgres -c "DROP DATABASE IF EXISTS $db" || true; done
}
trap cleanup EXIT

echo "== source: Sakila in MariaDB ($SRC); targets: its PostgreSQL schema, no data ($TGT, $BLK); pgloader: $PGL"
sed "s/\bsakila\b/$SRC/g" "$SAKILA/mysql/sakila-mv-schema.sql" | my
sed "s/^USE sakila;/USE $SRC;/" "$SAKILA/mysql/sakila-mv-data.sql" | my
for db in "$TGT" "$BLK"; do
    pg -d postgres -c "CREATE DATABASE $db"
    pg -d "$db" -f "$SAKILA/postgres/postgres-sakila-schema.sql" >/dev/null 2>"$OUT/schema-$db.err" || true
done
pg -d postgres -c "CREATE DATABASE $PGL"

for db in "$TGT" "$BLK"; do
cat > "$OUT/$db.properties" <<PROPS
drover.source.url = jdbc:mariadb://127.0.0.1:3306/$SRC
drover.source.username = root
drover.target.url = jdbc:postgresql://127.0.0.1:5432/$db
drover.target.username = postgres
camel.main.routes-include-pattern = file:$OUT/routes/*.camel.yaml
PROPS
done
timed() { # timed NAME COMMAND…: runs it, its output into $OUT/NAME.log, its wall seconds into $OUT/NAME.time
    local name=$1; shift
    /usr/bin/time -f "%e" -o "$OUT/$name.time" "$@" >"$OUT/$name.log" 2>&1 || echo "($name exited $?)" >>"$OUT/$name.log"
}
echo "== drover scaffold, then migrate --plan (first load, then a rerun)"
timed scaffold bin/drover scaffold sakila --config="$OUT/$TGT.properties" --output="$OUT/routes/sakila.camel.yaml"
timed first bin/drover migrate --plan=sakila --all --config="$OUT/$TGT.properties"
timed second bin/drover migrate --plan=sakila --all --config="$OUT/$TGT.properties"
timed bulk-first bin/drover migrate --plan=sakila --all --bulk --config="$OUT/$BLK.properties"
timed bulk-second bin/drover migrate --plan=sakila --all --bulk --config="$OUT/$BLK.properties"
echo "== pgloader into an empty database, in its own mode"
cat > "$OUT/pgloader.load" <<LOAD
LOAD DATABASE
     FROM mysql://root@127.0.0.1:3306/$SRC
     INTO postgresql://postgres@127.0.0.1:5432/$PGL
 WITH include drop, create tables, create indexes, reset sequences, foreign keys, workers = 4, concurrency = 1
 ALTER SCHEMA '$SRC' RENAME TO 'public';
LOAD
timed pgloader pgloader "$OUT/pgloader.load"

lines=$(grep -cv '^\s*\(#.*\)\?$' "$OUT/routes/sakila.camel.yaml" || true)
printf '\n%-38s %10s\n' "step" "wall s"
seconds() { tail -n 1 "$OUT/$1.time" 2>/dev/null || echo -; }   # GNU time's last line; a failing command adds one before it
for step in scaffold first second bulk-first bulk-second pgloader; do
    printf '%-38s %10s   %s\n' "$step" "$(seconds "$step")" "$(grep -m1 -o 'total .*' "$OUT/$step.log" 2>/dev/null || true)"
done
for step in first bulk-first; do
    awk -v a="$(seconds $step)" -v b="$(seconds pgloader)" -v s="$step" 'BEGIN { if (b > 0) printf "%s / pgloader: %.1fx\n", s, a / b }'
done
echo "plan file: $lines lines of YAML, none written by hand (comments: $(grep -c '^\s*#' "$OUT/routes/sakila.camel.yaml"))"
printf '\n%-16s %10s %10s %10s %10s\n' table source drover bulk pgloader
for t in $(pg -d "$TGT" -At -c "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history' ORDER BY 1"); do
    s=$(my -N -e "SELECT count(*) FROM $SRC.$t" 2>/dev/null || echo -)
    printf '%-16s %10s %10s %10s %10s\n' "$t" "$s" "$(pg -d "$TGT" -At -c "SELECT count(*) FROM ONLY $t")" \
        "$(pg -d "$BLK" -At -c "SELECT count(*) FROM ONLY $t")" "$(pg -d "$PGL" -At -c "SELECT count(*) FROM ONLY $t" 2>/dev/null || echo -)"
done
echo; grep -A3 '^Failed and rejected' "$OUT/first.log" || true
