#!/usr/bin/env bash
# An HTTP API as the target (issue 23): items/s of Drover migrating N sample customers into the sample
# service (migration customers-api: one PUT per customer) at 1, 4 and 16 concurrent requests (--workers),
# beside wrk sending the same requests (PUT /customers/{id}, the same bearer token and a body Drover sent)
# at the same concurrency against the same service, in one run; then a table with Drover's share of wrk's rate,
# item by item and in bulk mode (--bulk: pages of items read, and their log rows written, together), and the
# whole machine's CPU time per item and per wrk request (/proc/stat), which shows what limits each rate.
# Goal: Drover >= 80% of wrk. For where the rest goes, the table also shows the tables migration `customers`
# (same source, converter and log, PostgreSQL tables instead of the API) at the same --workers.
#
# Everything on PostgreSQL 127.0.0.1:5432 (user postgres; PGPASSWORD if it needs one): the sample's source,
# Drover's target (its log), and the service's own database, all three created here as drover_bench_http_*
# and dropped at the end (BENCH_KEEP=1 keeps them). The service runs in a process of its own
# (`drover sample service`), on port BENCH_PORT (default 18090), warmed up by one untimed run first.
#
# Usage: bench/http-target.sh [N] [seconds]      (defaults: N = 2000 customers, wrk runs 10 s per concurrency)
# Environment: BENCH_CONCURRENCY="1 4 16" (the concurrencies), BENCH_PORT, BENCH_KEEP.
# Needs psql, java 17, maven (builds target/drover.jar when it is missing), curl and wrk (apt-get install wrk).
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/.."

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    exit 0
fi
N="${1:-2000}"
SECONDS_PER_RUN="${2:-10}"
CONCURRENCY="${BENCH_CONCURRENCY:-1 4 16}"
PORT="${BENCH_PORT:-18090}"
[[ "$N" =~ ^[1-9][0-9]*$ ]] || { echo "http-target.sh: N must be a positive integer, not '$N'" >&2; exit 2; }
command -v wrk >/dev/null || { echo "http-target.sh: wrk is missing (apt-get install wrk)" >&2; exit 2; }
[ -f target/drover.jar ] || mvn -q -B package -DskipTests

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export PGOPTIONS="-c client_min_messages=warning"
pg() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
tag="$(date +%H%M%S)_$$"
src="drover_bench_http_src_$tag" tgt="drover_bench_http_tgt_$tag" svc="drover_bench_http_svc_$tag"
work="$(mktemp -d)"
service_pid=""
cleanup() {
    [ -n "$service_pid" ] && kill "$service_pid" 2>/dev/null || true
    if [ "${BENCH_KEEP:-}" != 1 ]; then
        for db in "$src" "$tgt" "$svc"; do pg -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; done
    fi
    rm -rf "$work"
}
trap cleanup EXIT
for db in "$src" "$tgt" "$svc"; do pg -d postgres -c "CREATE DATABASE $db"; done

# Drover runs in a folder of its own with the project's configuration and routes, on the three databases
cp -r config routes "$work"/
drover="$PWD/bin/drover"
export DROVER_SOURCE_URL="jdbc:postgresql://$PGHOST:$PGPORT/$src" DROVER_SOURCE_USERNAME="$PGUSER"
export DROVER_TARGET_URL="jdbc:postgresql://$PGHOST:$PGPORT/$tgt" DROVER_TARGET_USERNAME="$PGUSER"
export DROVER_SAMPLE_SERVICE_DB_URL="jdbc:postgresql://$PGHOST:$PGPORT/$svc" DROVER_SAMPLE_SERVICE_DB_USERNAME="$PGUSER"
export DROVER_SAMPLE_SERVICE_PORT="$PORT"
export DROVER_SAMPLE_TOKEN="bench-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
cd "$work"

"$drover" sample init --customers "$N" | head -1
started="$("$drover" sample service)"
service_pid="$(sed -n 's/.*(pid \([0-9]*\)).*/\1/p' <<<"$started" | head -1)"
echo "sample service on port $PORT (pid $service_pid), storing into $svc"

reset_service() {
    pg -d "$svc" -c "TRUNCATE service_customer, service_idempotency_key"
    pg -d "$tgt" -c "DELETE FROM drover.item_state WHERE migration IN ('customers-api', 'customers')"
    pg -d "$tgt" -c "TRUNCATE customer_address, customer"
}
puts() { curl -s "http://127.0.0.1:$PORT/stats" | sed -n 's/.*"PUT":\([0-9]*\).*/\1/p'; }

# warm-up: the service's JIT and pools, untimed
reset_service
"$drover" migrate customers-api --all --workers=4 >/dev/null 2>&1 || true

# wrk sends what Drover sent: the body of customer 7 as the service stored it, its id set per request
body="$(curl -s -H "Authorization: Bearer $DROVER_SAMPLE_TOKEN" "http://127.0.0.1:$PORT/customers/7")"
[[ "$body" == '{"id":7,'* ]] || { echo "http-target.sh: unexpected body of customer 7: $body" >&2; exit 1; }
export BENCH_BODY_REST="${body#\{\"id\":7}" BENCH_N="$N"
cat > put-customer.lua <<'EOF'
-- PUT /customers/{id} with the bearer token and the body Drover sends, ids 1..N in turn
local n = tonumber(os.getenv("BENCH_N"))
local rest = os.getenv("BENCH_BODY_REST")
local headers = {["Authorization"] = "Bearer " .. os.getenv("DROVER_SAMPLE_TOKEN"),
                 ["Content-Type"] = "application/json", ["Accept"] = "application/json"}
local counter = 0
request = function()
  counter = counter + 1
  local id = (counter % n) + 1
  return wrk.format("PUT", "/customers/" .. id, headers, '{"id":' .. id .. rest)
end
EOF
echo "body sent: ${#body} bytes"

# the machine's busy CPU time so far, in centiseconds of all cores (/proc/stat: user nice system irq softirq)
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }
# ms of the whole machine's CPU per item (or request): Drover, its databases, the service, wrk
per_unit() { awk -v b="$1" -v n="$2" 'BEGIN { printf "%.2f", (n > 0 ? 10 * b / n : 0) }'; }

# one `migrate customers-api --all --workers=C [--bulk]` into an emptied service: sets rate (items/s) and ms
# (the machine's CPU per PUT the service received), and prints the summary line under LABEL
api_run() {
    local label="$1"; shift
    reset_service
    local before cpu summary sent
    before="$(puts)" cpu="$(busy)"
    summary="$("$drover" migrate customers-api --all "$@" 2>/dev/null | grep '^customers-api: .* items in ' || true)"
    cpu=$(( $(busy) - cpu ))
    sent=$(( $(puts) - before ))
    ms="$(per_unit "$cpu" "$sent")"
    rate="$(sed -n 's/.*(\([0-9.]*\) items\/s).*/\1/p' <<<"$summary")"
    echo "$label: $summary ($sent PUTs received; machine CPU $ms ms per item)"
}

results=()
failed=0
for c in $CONCURRENCY; do
    api_run "drover  c=$c" --workers="$c"
    drover_rate="$rate" item_ms="$ms"
    [ -n "$drover_rate" ] || { echo "http-target.sh: no summary from Drover at concurrency $c" >&2; failed=1; continue; }
    api_run "bulk    c=$c" --workers="$c" --bulk
    bulk_rate="$rate" bulk_ms="$ms"
    threads=$(( c < 2 ? c : 2 ))
    cpu="$(busy)"
    out="$(wrk -t "$threads" -c "$c" -d "${SECONDS_PER_RUN}s" -s put-customer.lua "http://127.0.0.1:$PORT")"
    wrk_cpu=$(( $(busy) - cpu ))
    wrk_rate="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
    wrk_requests="$(awk '/requests in/ {print $1}' <<<"$out")"
    wrk_ms="$(per_unit "$wrk_cpu" "$wrk_requests")"
    errors="$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")"
    echo "wrk     c=$c: $wrk_rate requests/s, $wrk_requests requests, ${errors:-0} non-2xx; machine CPU $wrk_ms ms per request"
    [ "${errors:-0}" = 0 ] || failed=1
    tables="$("$drover" migrate customers --all --workers="$c" 2>/dev/null | grep '^customers: .* items in ' || true)"
    tables_rate="$(sed -n 's/.*(\([0-9.]*\) items\/s).*/\1/p' <<<"$tables")"
    echo "tables  c=$c: $tables"
    results+=("$c $drover_rate ${bulk_rate:-0} $wrk_rate ${tables_rate:--} $item_ms $bulk_ms $wrk_ms")
done

echo
echo "N = $N customers, wrk ${SECONDS_PER_RUN} s per concurrency, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "machine CPU ms = the whole machine's busy CPU time during the run (Drover, its databases, the service, wrk)"
echo "per item or request sent"
printf '%-12s %16s %16s %14s %12s %10s %22s %26s\n' concurrency "per item items/s" "bulk items/s" "wrk requests/s" \
    "per item/wrk" "bulk/wrk" "drover tables items/s" "machine CPU ms item/bulk/wrk"
pct() { awk -v d="$1" -v w="$2" 'BEGIN { printf "%.0f", 100 * d / w }'; }
for row in "${results[@]}"; do
    read -r c d b w t im bm wm <<<"$row"
    printf '%-12s %16s %16s %14s %11s%% %9s%% %22s %26s\n' "$c" "$d" "$b" "$w" "$(pct "$d" "$w")" "$(pct "$b" "$w")" "$t" "$im / $bm / $wm"
done
exit "$failed"
