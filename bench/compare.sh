#!/usr/bin/env bash
# Drover side by side with the database's own limits (issue 6), in one run on the same data:
#   1. generates N legacy customers with their addresses in-database (the sample's schema and values) in
#      PostgreSQL and in MariaDB, and checks both against the Java generator SampleData;
#   2. raw COPY pipe: PostgreSQL -> PostgreSQL and MariaDB (--batch) -> PostgreSQL;
#   3. pgloader MariaDB -> PostgreSQL, in its own mode (it creates the legacy tables), and data only into
#      the prepared target schema Drover writes (constraints and triggers in place), from MariaDB tables
#      holding the sample's converted rows (bench/sql/convert-sample-mariadb.sql, not timed): the fair peer;
#   4. pgbench running Drover's per-item transaction shape at the same concurrency (bench/pgbench-item.sql);
#   5. Drover per-item mode (migrate customers --all), from PostgreSQL and from MariaDB;
#   6. Drover bulk mode (--all --bulk), from both, when this build has it;
#   7. the same with the compact log (drover.log.data = compact: no JSON copy of successful items);
# then prints one table: wall time, items/s, rows/s, CPU, peak heap, Drover's ratios, outcome checks.
#
# Usage: bench/compare.sh [N] [workers]          (defaults: N = 100000, workers = 4)
# Environment:
#   BENCH_KEEP=1          keep the databases (all named drover_bench_*) instead of dropping them at the end
#   BENCH_OUT=DIR         where logs, GC logs and the table go (default bench/out/<tag>)
#   BENCH_CHUNK_SIZE=N    also pass --chunk-size=N to the bulk runs
#   BENCH_TAG=TAG         suffix of the database names (default: date and PID)
#   BENCH_ONLY="…"        only these runs, of: copy pgloader pgloader-data-only pgbench per-item bulk bulk-compact
#                         (default: all); e.g.
#                         BENCH_ONLY=bulk BENCH_SOURCES=postgresql bench/compare.sh 5000000 for bulk mode's heap
#   BENCH_SOURCES="…"     only these sources, of: postgresql mariadb (default: both)
#   BENCH_JAVA_OPTS="…"   more JVM options for the Drover runs, e.g. -XX:TieredStopAtLevel=1 (C1 only: on 2 cores
#                         C2 compiles for about 15 s of CPU, which a bulk run of 100,000 items does not win back)
# Databases: PostgreSQL 127.0.0.1:5432 user postgres, MariaDB 127.0.0.1:3306 user root, no passwords (a
# password can come from PGPASSWORD / MYSQL_PWD). Needs psql, pgbench, mariadb, java 17, maven (to build
# target/drover.jar when it is missing), pgloader and GNU time (both installed with apt-get when missing).
# Exit code: 0 when every step ran and every check passed, 1 otherwise (the table is printed either way).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    exit 0
fi
N="${1:-100000}"
W="${2:-4}"
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: N must be a positive integer, not '$N'" >&2; exit 2; }
[[ "$W" =~ ^[1-9][0-9]*$ ]] || { echo "compare.sh: workers must be a positive integer, not '$W'" >&2; exit 2; }

PG_HOST=127.0.0.1 PG_PORT=5432 PG_USER=postgres
MY_HOST=127.0.0.1 MY_PORT=3306 MY_USER=root
export PGHOST="$PG_HOST" PGPORT="$PG_PORT" PGUSER="$PG_USER" PGOPTIONS="-c client_min_messages=warning"
KEEP="${BENCH_KEEP:-0}"
ONLY=" ${BENCH_ONLY:-copy pgloader pgloader-data-only pgbench per-item bulk bulk-compact} "
SOURCES=" ${BENCH_SOURCES:-postgresql mariadb} "
wants() { [[ "$ONLY" == *" $1 "* ]]; }      # wants RUN: the run is selected by BENCH_ONLY
uses() { [[ "$SOURCES" == *" $1 "* ]]; }    # uses SOURCE: the source is selected by BENCH_SOURCES
COPY_PG_RATE=- COPY_MY_RATE=- PGL_RATE=- PGL_DATA_RATE=- PGB_ITEMS_RATE=-
TAG="${BENCH_TAG:-$(date +%m%d%H%M%S)_$$}"
OUT="${BENCH_OUT:-bench/out/$TAG}"
SOURCE_SQL=src/main/resources/sample/source.sql
TARGET_SQL=src/main/resources/sample/target-postgresql.sql
LOG_SQL=(src/main/resources/db/drover/postgresql/V1__migration_log.sql src/main/resources/db/drover/postgresql/V3__quality.sql)

die() { echo "compare.sh: $*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }
pg() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
pgval() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
my() { mariadb -h "$MY_HOST" -P "$MY_PORT" -u "$MY_USER" "$@"; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.0f", a / b; else print "-" }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "-" && b != "-" && b + 0 > 0) printf "%.1f%%", 100 * a / b; else print "-" }'; }

# ---- prerequisites ---------------------------------------------------------------------------------
apt_install() { # apt_install PACKAGE: for a tool this script needs, only when it is missing
    [[ $(id -u) == 0 ]] || die "$1 is not installed and this is not root: apt-get install $1"
    echo "installing $1 (apt-get)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null \
        || die "apt-get install $1 failed"
}
for tool in psql pgbench mariadb java; do
    command -v "$tool" >/dev/null || die "$tool not found on PATH"
done
[[ -x /usr/bin/time ]] || apt_install time
command -v pgloader >/dev/null || apt_install pgloader
pgval -d postgres -c 'SELECT 1' >/dev/null 2>&1 || die "cannot connect to PostgreSQL as $PG_USER@$PG_HOST:$PG_PORT"
my -e 'SELECT 1' >/dev/null 2>&1 || die "cannot connect to MariaDB as $MY_USER@$MY_HOST:$MY_PORT"
if [[ ! -f target/drover.jar ]]; then
    echo "building target/drover.jar (mvn -q -B package -DskipTests)"
    mvn -q -B package -DskipTests || die "the build failed"
fi
mkdir -p "$OUT"

# ---- databases: fresh ones, dropped at the end unless BENCH_KEEP=1 ----------------------------------
PG_DBS=()
MY_DBS=()
pg_create() { pg -d postgres -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1"; PG_DBS+=("$1"); }
my_create() { my -e "DROP DATABASE IF EXISTS $1; CREATE DATABASE $1"; MY_DBS+=("$1"); }
cleanup() {
    local db
    if [[ "$KEEP" == 1 ]]; then
        [[ ${#PG_DBS[@]} -gt 0 || ${#MY_DBS[@]} -gt 0 ]] && echo "kept databases: PostgreSQL ${PG_DBS[*]:-}; MariaDB ${MY_DBS[*]:-}"
        return 0
    fi
    for db in "${PG_DBS[@]}"; do pg -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; done
    for db in "${MY_DBS[@]}"; do my -e "DROP DATABASE IF EXISTS $db" || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SRC="drover_bench_src_$TAG"
source_schema() { sed "s/\${timestamp}/$1/" "$SOURCE_SQL"; }   # TIMESTAMP (PostgreSQL) or DATETIME (MariaDB)
checkpoint() { pg -d postgres -c CHECKPOINT; }

# timed NAME COMMAND…: runs COMMAND under GNU time; sets WALL (seconds, from $EPOCHREALTIME) and CPU
# (user + sys seconds of COMMAND and its children); returns COMMAND's exit code.
timed() {
    local name="$1" start rc=0
    shift
    start="$EPOCHREALTIME"
    /usr/bin/time -f '%U %S' -o "$OUT/$name.time" "$@" || rc=$?
    WALL=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
    CPU=$(tail -n 1 "$OUT/$name.time" | awk 'NF == 2 { printf "%.1f", $1 + $2; exit } { print "-" }')
    return "$rc"
}

ROWS=()
FAILURES=0
# row RUN PATH ITEMS ROWS WALL ITEMS/S ROWS/S CPU HEAP VS_PGBENCH VS_PGLOADER VS_PGLOADER_DATA VS_COPY CHECK
row() { local IFS='|'; ROWS+=("$*"); }
check() { # check LABEL ACTUAL EXPECTED OK_TEXT: sets RESULT to OK_TEXT, or to the mismatch (and counts it)
    if [[ "$2" == "$3" ]]; then
        RESULT="$4"
    else
        FAILURES=$((FAILURES + 1))
        RESULT="MISMATCH: $1 $2, expected $3"
    fi
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
echo "Drover benchmark: N = $N customers, $W workers; databases *_$TAG; logs in $OUT"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM;" \
    "PostgreSQL $(pgval -d postgres -c 'SHOW server_version' | cut -d' ' -f1)" \
    "(synchronous_commit $(pgval -d postgres -c 'SHOW synchronous_commit'), autovacuum $(pgval -d postgres -c 'SHOW autovacuum')," \
    "shared_buffers $(pgval -d postgres -c 'SHOW shared_buffers')), MariaDB $(my -N -e 'SELECT VERSION()' | cut -d- -f1)"

# ---- 1. generation -----------------------------------------------------------------------------------
step "1. generating $N customers with their addresses in-database"
pg_create "$SRC"
source_schema TIMESTAMP | pg -d "$SRC"
checkpoint
timed gen-postgresql psql -X -q -v ON_ERROR_STOP=1 -d "$SRC" -v n="$N" -f bench/sql/generate-postgresql.sql
GEN_PG_WALL=$WALL
GEN_MY_WALL=-
if uses mariadb; then
my_create "$SRC"
source_schema DATETIME | my "$SRC"
my -N -e "SELECT COUNT(*) FROM seq_1_to_3" "$SRC" >/dev/null 2>&1 \
    || die "MariaDB has no SEQUENCE engine (seq_1_to_N tables); it is needed to generate the data"
timed gen-mariadb bash -c 'sed "s/@N@/$1/g" bench/sql/generate-mariadb.sql | mariadb -h "$2" -P "$3" -u "$4" "$5" >/dev/null' \
    _ "$N" "$MY_HOST" "$MY_PORT" "$MY_USER" "$SRC"
GEN_MY_WALL=$WALL
fi

read -r SEEDED EXPECTED_FAILED EXPECTED_CUSTOMERS EXPECTED_ADDRESSES ADDRESSES < <(pgval -F ' ' -d "$SRC" -f bench/sql/expected-postgresql.sql)
[[ -n "${ADDRESSES:-}" ]] || die "cannot count the generated rows (bench/sql/expected-postgresql.sql)"
ROWS_ALL=$((N + ADDRESSES))
BAD_ITEMS=$(( N >= 250 ? (N - 250) / 500 + 1 : 0 ))   # SampleData.badItems(N): ids 250, 750, … up to N
echo "generated $N customers and $ADDRESSES addresses: PostgreSQL in $GEN_PG_WALL s, MariaDB in $GEN_MY_WALL s"

# The same fingerprint (count and sum of row hashes per table) from both databases and from SampleData.
java -cp target/drover.jar bench/GeneratorFingerprint.java "$N" 2>/dev/null | sort > "$OUT/fingerprint-java.txt"
pgval -F $'\t' -d "$SRC" -f bench/sql/fingerprint-postgresql.sql | sort > "$OUT/fingerprint-postgresql.txt"
if uses mariadb; then my --batch -N "$SRC" < bench/sql/fingerprint-mariadb.sql | sort > "$OUT/fingerprint-mariadb.txt"; fi
JAVA_BAD=$(awk '$1 == "bad_items" { print $2 }' "$OUT/fingerprint-java.txt")
grep -v '^bad_items' "$OUT/fingerprint-java.txt" > "$OUT/fingerprint-sampledata.txt"
[[ "$JAVA_BAD" == "$BAD_ITEMS" ]] || die "SampleData.badItems($N) has $JAVA_BAD items, this script expects $BAD_ITEMS"
same_as_java() { # same_as_java DATABASE: compares that database's fingerprint with SampleData's
    check "fingerprint of the data (see $OUT/fingerprint-*.txt):" "$(cat "$OUT/fingerprint-$1.txt")" \
        "$(cat "$OUT/fingerprint-sampledata.txt")" "ok: same data as SampleData"
}
same_as_java postgresql
GEN_PG_CHECK=$RESULT
check "seeded bad items" "$SEEDED" "$BAD_ITEMS" "$SEEDED bad items = badItems(N)"
GEN_PG_CHECK+="; $RESULT"
GEN_MY_CHECK="not generated (BENCH_SOURCES)"
if uses mariadb; then
    same_as_java mariadb
    GEN_MY_CHECK=$RESULT
fi
echo "PostgreSQL: $GEN_PG_CHECK; MariaDB: $GEN_MY_CHECK"
echo "expected of a Drover run: $EXPECTED_FAILED FAILED ($SEEDED seeded bad items + $((EXPECTED_FAILED - SEEDED)) unreadable by the converter)," \
    "$EXPECTED_CUSTOMERS customer and $EXPECTED_ADDRESSES customer_address rows"
row "generate (SQL)" "PostgreSQL generate_series" "$N" "$ROWS_ALL" "$GEN_PG_WALL" "-" "$(div "$ROWS_ALL" "$GEN_PG_WALL")" \
    "-" "-" "-" "-" "-" "-" "$GEN_PG_CHECK"
uses mariadb && row "generate (SQL)" "MariaDB seq_1_to_N + ELT" "$N" "$ROWS_ALL" "$GEN_MY_WALL" "-" \
    "$(div "$ROWS_ALL" "$GEN_MY_WALL")" "-" "-" "-" "-" "-" "-" "$GEN_MY_CHECK"

end_state() { # end_state DB: one digest of the target tables' rows, to compare two runs' end states
    pgval -d "$1" -c "SELECT md5((SELECT string_agg(c::text, ',' ORDER BY id) FROM customer c)
        || (SELECT string_agg(a::text, ',' ORDER BY id) FROM customer_address a))"
}
PGD_CONTENT=
legacy_counts() { # legacy_counts DB: sets RESULT; ok when DB's customers/addresses hold every generated row
    local c a
    c=$(pgval -d "$1" -c "SELECT count(*) FROM customers")
    a=$(pgval -d "$1" -c "SELECT count(*) FROM addresses")
    check "customers/addresses" "$c/$a" "$N/$ADDRESSES" "ok: $c + $a rows"
}

# ---- 2. raw COPY pipe ----------------------------------------------------------------------------------
if wants copy; then
step "2. raw COPY pipe"
COPY_PG="drover_bench_copy_pg_$TAG"
pg_create "$COPY_PG"
source_schema TIMESTAMP | pg -d "$COPY_PG"
checkpoint
timed copy-pg bash -c 'set -o pipefail
    for t in customers addresses; do
        psql -X -q -v ON_ERROR_STOP=1 -d "$1" -c "COPY $t TO STDOUT" | psql -X -q -v ON_ERROR_STOP=1 -d "$2" -c "COPY $t FROM STDIN"
    done' _ "$SRC" "$COPY_PG" || die "COPY PostgreSQL -> PostgreSQL failed"
COPY_PG_WALL=$WALL COPY_PG_RATE=$(div "$ROWS_ALL" "$WALL")
legacy_counts "$COPY_PG"
row "COPY pipe" "PostgreSQL -> PostgreSQL" "$N" "$ROWS_ALL" "$WALL" "$(div "$N" "$WALL")" "$COPY_PG_RATE" "$CPU" "-" "-" "-" "-" "-" "$RESULT"
echo "PostgreSQL -> PostgreSQL: $ROWS_ALL rows in $COPY_PG_WALL s"

if uses mariadb; then
COPY_MY="drover_bench_copy_my_$TAG"
pg_create "$COPY_MY"
source_schema TIMESTAMP | pg -d "$COPY_MY"
checkpoint
timed copy-mariadb bash -c 'set -o pipefail
    for t in customers addresses; do
        mariadb -h "$3" -P "$4" -u "$5" --batch --raw --skip-column-names --quick "$1" < "bench/sql/export-$t-mariadb.sql" \
            | psql -X -q -v ON_ERROR_STOP=1 -d "$2" -c "COPY $t FROM STDIN"
    done' _ "$SRC" "$COPY_MY" "$MY_HOST" "$MY_PORT" "$MY_USER" || die "COPY MariaDB -> PostgreSQL failed"
COPY_MY_WALL=$WALL COPY_MY_RATE=$(div "$ROWS_ALL" "$WALL")
legacy_counts "$COPY_MY"
row "COPY pipe" "MariaDB -> PostgreSQL" "$N" "$ROWS_ALL" "$WALL" "$(div "$N" "$WALL")" "$COPY_MY_RATE" "$CPU" "-" "-" "-" "-" "-" "$RESULT"
echo "MariaDB -> PostgreSQL: $ROWS_ALL rows in $COPY_MY_WALL s"
fi
fi

# ---- 3. pgloader -------------------------------------------------------------------------------------
if wants pgloader && uses mariadb; then
step "3. pgloader MariaDB -> PostgreSQL"
PGL="drover_bench_pgloader_$TAG"
pg_create "$PGL"
sed -e "s/@SOURCE@/$SRC/g" -e "s/@TARGET@/$PGL/g" -e "s/@WORKERS@/$W/g" bench/pgloader.load.in > "$OUT/pgloader.load"
checkpoint
timed pgloader pgloader "$OUT/pgloader.load" > "$OUT/pgloader.log" 2>&1 \
    || die "pgloader failed: see $OUT/pgloader.log"
PGL_RATE=$(div "$ROWS_ALL" "$WALL")
legacy_counts "$PGL"
row "pgloader" "MariaDB -> PostgreSQL" "$N" "$ROWS_ALL" "$WALL" "$(div "$N" "$WALL")" "$PGL_RATE" "$CPU" "-" "-" "-" "-" \
    "$(pct "$PGL_RATE" "$COPY_MY_RATE")" "$RESULT"
echo "$ROWS_ALL rows in $WALL s"
fi

if wants pgloader-data-only && uses mariadb; then
step "3b. pgloader MariaDB -> the prepared target schema, data only"
PGD="drover_bench_pgloader_data_$TAG"
SHAPED="drover_bench_shaped_$TAG"
pg_create "$PGD"
pg -d "$PGD" -f "$TARGET_SQL"
my_create "$SHAPED"
for t in customer customer_address; do   # parents first: the foreign key is checked while the rows arrive
    sed -e "s/@SHAPED@/$SHAPED/g" -e "s/@TARGET@/$PGD/g" -e "s/@TABLE@/$t/g" -e "s/@WORKERS@/$W/g" \
        bench/pgloader-data-only.load.in > "$OUT/pgloader-data-only-$t.load"
done
CONVERT_START="$EPOCHREALTIME"
sed "s/@SOURCE@/$SRC/g" bench/sql/convert-sample-mariadb.sql | my "$SHAPED" || die "the conversion in MariaDB failed"
CONVERT_WALL=$(awk -v a="$CONVERT_START" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
checkpoint
timed pgloader-data-only bash -c 'for t in customer customer_address; do
        pgloader "$1/pgloader-data-only-$t.load" > "$1/pgloader-data-only-$t.log" 2>&1 || exit 1
    done' _ "$OUT" || die "pgloader (data only) failed: see $OUT/pgloader-data-only-*.log"
c=$(pgval -d "$PGD" -c "SELECT count(*) FROM customer")
a=$(pgval -d "$PGD" -c "SELECT count(*) FROM customer_address")
check "customer/customer_address" "$c/$a" "$EXPECTED_CUSTOMERS/$EXPECTED_ADDRESSES" "ok: $c + $a rows, Drover's end state"
PGL_DATA_RATE=$(div "$((c + a))" "$WALL")
PGD_CONTENT=$(end_state "$PGD")
row "pgloader data only" "MariaDB -> prepared schema" "$N" "$((c + a))" "$WALL" "$(div "$N" "$WALL")" "$PGL_DATA_RATE" "$CPU" \
    "-" "-" "-" "-" "$(pct "$PGL_DATA_RATE" "$COPY_MY_RATE")" "$RESULT"
echo "$((c + a)) rows in $WALL s (the conversion in MariaDB before it, not timed: $CONVERT_WALL s): $RESULT"
NOTES+=("pgloader data only: the sample's conversion ran in MariaDB first, in $CONVERT_WALL s, outside the timing")
fi

# ---- 4. pgbench, Drover's per-item shape ---------------------------------------------------------------
if wants pgbench; then
step "4. pgbench, one transaction per item, $W clients"
PGB="drover_bench_pgbench_$TAG"
pg_create "$PGB"
pg -d "$PGB" -c "CREATE SCHEMA src"
source_schema TIMESTAMP | PGOPTIONS="$PGOPTIONS -c search_path=src" pg -d "$PGB"
for t in customers addresses; do   # the source's copy, outside the timing
    pg -d "$SRC" -c "COPY $t TO STDOUT" | pg -d "$PGB" -c "COPY src.$t FROM STDIN"
done
pg -d "$PGB" -f "$TARGET_SQL"
pg -d "$PGB" -c "CREATE SCHEMA drover"   # Drover's tables in their own schema, as Drover keeps them
for f in "${LOG_SQL[@]}"; do PGOPTIONS="$PGOPTIONS -c search_path=drover" pg -d "$PGB" -f "$f"; done
pg -d "$PGB" -c "CREATE SEQUENCE bench_ids"
# statistics for the source copy only: target tables analyzed while empty would make the cached plans of
# -M prepared scan them sequentially for ever (and autovacuum may be off); Drover's fresh targets have none either
pg -d "$PGB" -c "ANALYZE src.customers" -c "ANALYZE src.addresses"
checkpoint
PER_CLIENT=$(( (N + W - 1) / W ))
timed pgbench pgbench -n -M prepared -c "$W" -j "$W" -t "$PER_CLIENT" -D n="$N" -D run="$(cat /proc/sys/kernel/random/uuid)" \
    -f bench/pgbench-item.sql "$PGB" > "$OUT/pgbench.log" 2>&1 || die "pgbench failed: see $OUT/pgbench.log"
PGB_WALL=$WALL PGB_ITEMS_RATE=$(div "$N" "$WALL")
read -r c a l s < <(pgval -F ' ' -d "$PGB" -c "SELECT (SELECT count(*) FROM customer), (SELECT count(*) FROM customer_address),
    (SELECT count(*) FROM drover.migration_log), (SELECT count(*) FROM drover.item_state)")
check "customer/customer_address/migration_log/item_state" "$c/$a/$l/$s" "$N/$ADDRESSES/$N/$N" \
    "ok: $c + $a rows, $l log rows"
PGB_CHECK=$RESULT
row "pgbench per-item shape" "PostgreSQL schema -> same database" "$N" "$ROWS_ALL" "$PGB_WALL" "$PGB_ITEMS_RATE" \
    "$(div "$ROWS_ALL" "$PGB_WALL")" "$CPU" "-" "-" "-" "-" "-" "$PGB_CHECK"
echo "$N items in $PGB_WALL s; $(grep -E '^tps' "$OUT/pgbench.log" | tail -1)"
fi

# ---- 5. and 6. Drover ---------------------------------------------------------------------------------
peak_heap() { # the largest heap-used-before-GC figure of a -Xlog:gc file, in MB
    grep -oE '[0-9]+[KMG]->' "$1" 2>/dev/null | awk '{ v = substr($0, 1, length($0) - 3) + 0; u = substr($0, length($0) - 2, 1)
        mb = u == "K" ? v / 1024 : u == "G" ? v * 1024 : v; if (mb > max) max = mb }
        END { if (NR) printf "%.0f", max; else print "-" }'
}
NOTES=()
drover() { # drover LABEL MODE(per-item|bulk|bulk-compact) SOURCE(postgresql|mariadb)
    local label="$1" mode="$2" source="$3" db url user rc=0 args log_data=full run="Drover $2"
    if [[ "$mode" == bulk-compact ]]; then
        mode=bulk log_data=compact run="Drover bulk, compact log"
    fi
    db="drover_bench_${label//-/_}_$TAG"
    pg_create "$db"
    pg -d "$db" -f "$TARGET_SQL"
    if [[ "$source" == postgresql ]]; then
        url="jdbc:postgresql://$PG_HOST:$PG_PORT/$SRC" user="$PG_USER"
    else
        url="jdbc:mariadb://$MY_HOST:$MY_PORT/$SRC" user="$MY_USER"
    fi
    args=(migrate customers --all "--workers=$W")
    [[ "$mode" == bulk ]] && args+=(--bulk ${BENCH_CHUNK_SIZE:+"--chunk-size=$BENCH_CHUNK_SIZE"})
    local path="${source/postgresql/PostgreSQL}"
    path="${path/mariadb/MariaDB} -> PostgreSQL"
    echo "DROVER_LOG_DATA=$log_data java -Xmx1g ${BENCH_JAVA_OPTS:+$BENCH_JAVA_OPTS }-jar target/drover.jar ${args[*]}  ($path)"
    checkpoint
    timed "drover-$label" env DROVER_SOURCE_URL="$url" DROVER_SOURCE_USERNAME="$user" \
        DROVER_TARGET_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$db" DROVER_TARGET_USERNAME="$PG_USER" \
        DROVER_LOG_DATA="$log_data" java -Xmx1g "-Xlog:gc:file=$OUT/gc-$label.log" ${BENCH_JAVA_OPTS:-} -jar target/drover.jar "${args[@]}" \
        > "$OUT/drover-$label.log" 2>&1 || rc=$?
    if [[ "$mode" == bulk && $rc == 2 ]] && grep -qi "unknown option" "$OUT/drover-$label.log"; then
        echo "bulk mode: not available in this build ($(grep -i -m1 'unknown option' "$OUT/drover-$label.log"))"
        row "$run" "$path" "$N" "-" "-" "-" "-" "-" "-" "-" "-" "-" "-" "bulk mode: not available in this build"
        return 0
    fi
    local expected_rc=$(( EXPECTED_FAILED > 0 ? 1 : 0 ))
    if [[ $rc != "$expected_rc" ]]; then
        FAILURES=$((FAILURES + 1))
        echo "Drover exited with $rc (expected $expected_rc); last lines of $OUT/drover-$label.log:"
        tail -n 15 "$OUT/drover-$label.log" | sed 's/^/    /'
        row "$run" "$path" "$N" "-" "$WALL" "-" "-" "$CPU" "$(peak_heap "$OUT/gc-$label.log")" "-" "-" "-" "-" \
            "FAILED: exit code $rc, see $OUT/drover-$label.log"
        return 0
    fi
    local migrated failed other with_data c a written items_rate rows_rate copy_rate
    read -r migrated failed other with_data < <(pgval -F ' ' -d "$db" -c "SELECT count(*) FILTER (WHERE status = 'MIGRATED'),
        count(*) FILTER (WHERE status = 'FAILED'), count(*) FILTER (WHERE status NOT IN ('MIGRATED', 'FAILED')),
        count(source_data) FILTER (WHERE status = 'MIGRATED')
        FROM drover.migration_log WHERE run_id = (SELECT run_id FROM drover.migration_run ORDER BY started_at DESC LIMIT 1)")
    c=$(pgval -d "$db" -c "SELECT count(*) FROM customer")
    a=$(pgval -d "$db" -c "SELECT count(*) FROM customer_address")
    # the full log holds the source of every MIGRATED item, the compact log of none
    local expected_data=$([[ "$log_data" == full ]] && echo "$EXPECTED_CUSTOMERS" || echo 0)
    check "MIGRATED/FAILED/other log rows, MIGRATED with source data, customer/customer_address" \
        "$migrated/$failed/$other, $with_data, $c/$a" \
        "$EXPECTED_CUSTOMERS/$EXPECTED_FAILED/0, $expected_data, $EXPECTED_CUSTOMERS/$EXPECTED_ADDRESSES" \
        "ok: $migrated MIGRATED + $failed FAILED (expected $EXPECTED_FAILED), $log_data log; $c + $a rows"
    if [[ -n "$PGD_CONTENT" && "$source" == mariadb ]]; then   # the same rows as pgloader's data-only load
        local result="$RESULT"
        check "rows (digest) against pgloader data only" "$(end_state "$db")" "$PGD_CONTENT" "same rows as pgloader data only"
        RESULT="$result; $RESULT"
    fi
    written=$((c + a))
    items_rate=$(div "$N" "$WALL")
    rows_rate=$(div "$written" "$WALL")
    copy_rate=$([[ "$source" == postgresql ]] && echo "$COPY_PG_RATE" || echo "$COPY_MY_RATE")
    row "$run" "$path" "$N" "$written" "$WALL" "$items_rate" "$rows_rate" "$CPU" "$(peak_heap "$OUT/gc-$label.log")" \
        "$(pct "$items_rate" "$PGB_ITEMS_RATE")" "$(pct "$rows_rate" "$PGL_RATE")" "$(pct "$rows_rate" "$PGL_DATA_RATE")" \
        "$(pct "$rows_rate" "$copy_rate")" "$RESULT"
    NOTES+=("$run, $path: $(grep -m1 -E '^customers: [0-9]+ items in' "$OUT/drover-$label.log" || echo '(no summary line)')")
    echo "$N items in $WALL s: $RESULT"
}

if wants per-item; then
    step "5. Drover per-item mode"
    if uses postgresql; then drover item-pg per-item postgresql; fi
    if uses mariadb; then drover item-my per-item mariadb; fi
fi
if wants bulk; then
    step "6. Drover bulk mode"
    if uses postgresql; then drover bulk-pg bulk postgresql; fi
    if uses mariadb; then drover bulk-my bulk mariadb; fi
fi
if wants bulk-compact; then
    step "7. Drover bulk mode, compact log"
    if uses postgresql; then drover bulk-compact-pg bulk-compact postgresql; fi
    if uses mariadb; then drover bulk-compact-my bulk-compact mariadb; fi
fi

# ---- the table ----------------------------------------------------------------------------------------
step "results: N = $N customers ($ROWS_ALL rows with the addresses), $W workers, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
{
    printf '%s\n' "run|path|items|rows|wall s|items/s|rows/s|CPU s|peak heap MB|vs pgbench|vs pgloader|vs pgloader data only|vs COPY|check" "${ROWS[@]}" \
        | awk -F'|' '{ for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } n = NF; rows = NR }
            END { for (r = 1; r <= rows; r++) {
                    line = "|"; for (i = 1; i <= n; i++) line = line sprintf(" %-" w[i] "s |", cell[r, i]); print line
                    if (r == 1) { line = "|"; for (i = 1; i <= n; i++) { d = ""; for (k = 0; k < w[i] + 2; k++) d = d "-"; line = line d "|" } print line } } }'
    echo
    echo "rows = customers + addresses written; wall = the whole command (for Drover: JVM and Camel start included);"
    echo "CPU = user + sys of the client processes (psql, pgloader, pgbench, Drover's JVM), not of the database servers;"
    echo "peak heap = largest heap-used-before-GC in Drover's GC log (-Xmx1g); vs pgbench = items/s ratio;"
    echo "vs pgloader, vs pgloader data only, vs COPY = rows/s ratio (COPY of the same source database)."
    echo "load average (1, 5, 15 min) at the start: $LOAD_START; at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
    [[ -n "${BENCH_JAVA_OPTS:-}" ]] && echo "Drover's JVM options: -Xmx1g $BENCH_JAVA_OPTS"
    for note in "${NOTES[@]}"; do echo "$note"; done
} | tee "$OUT/results.md"
if (( FAILURES > 0 )); then
    echo "$FAILURES check(s) failed; logs in $OUT" >&2
    exit 1
fi
