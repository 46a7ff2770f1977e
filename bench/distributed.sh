#!/usr/bin/env bash
# The distributed mode against a single process, side by side at the same total concurrency: N sample
# customers migrated (a first load) by `migrate --all --workers=W`, then by `migrate --all --distributed`
# with W `drover worker` processes of one consumer each, for W in 1 2 4 (or the list given). For each:
# items/s, the CPU seconds each worker used, and the target's commits per second (pg_stat_database).
# Usage: bench/distributed.sh [N] [W…]   (default: 5000 1 2 4)
# Needs PostgreSQL on 127.0.0.1 (PGHOST, PGUSER override) and starts the development Kafka broker
# (scripts/kafka.sh). Creates and drops the databases bench_dist_src and bench_dist_tgt. Builds
# target/drover.jar if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-5000}"
shift || true
counts=("${@:-1 2 4}")
read -r -a counts <<<"${counts[*]}"
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}" PGOPTIONS="-c client_min_messages=warning"
[ -f target/drover.jar ] || mvn -q -B package -DskipTests -Ddrover.cds.skip=true
scripts/kafka.sh start >/dev/null
work="$(mktemp -d)"
trap 'for p in "$work"/*.pid; do [ -f "$p" ] && kill "$(cat "$p")" 2>/dev/null; done; rm -rf "$work"; true' EXIT

for db in bench_dist_src bench_dist_tgt; do
  psql -X -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
done
cat >"$work/app.properties" <<PROPS
drover.source.url = jdbc:postgresql://$PGHOST:5432/bench_dist_src
drover.source.username = $PGUSER
drover.source.password =
drover.target.url = jdbc:postgresql://$PGHOST:5432/bench_dist_tgt
drover.target.username = $PGUSER
drover.target.password =
camel.main.routes-include-pattern = file:$PWD/routes/**/*.camel.yaml
drover.kafka.topic-prefix = bench-$$-
drover.kafka.group-id = bench-$$
drover.kafka.consumers = 1
drover.progress.interval-seconds = 0
PROPS
drover() { java -Xmx512m -jar target/drover.jar "$@" --config="$work/app.properties"; }
drover sample init --customers "$n" >/dev/null
drover setup >/dev/null

fresh_target() {
  psql -X -q -d bench_dist_tgt -c "TRUNCATE customer, customer_address CASCADE" \
    -c "TRUNCATE drover.item_state, drover.migration_log, drover.migration_run, drover.unique_claim"
}
commits() { psql -X -A -t -d postgres -c "SELECT xact_commit FROM pg_stat_database WHERE datname = 'bench_dist_tgt'"; }
cpu_seconds() { # utime + stime of a process, in seconds
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat"
}
summary() { grep -o '[0-9]* items in [0-9.]* s ([0-9.]* items/s)[^.]*'; }

printf '%-34s %s\n' "mode" "result"
for w in "${counts[@]}"; do
  fresh_target
  c0=$(commits); t0=$(date +%s.%N)
  line=$(drover migrate customers --all --workers="$w" 2>/dev/null | summary || true)
  t1=$(date +%s.%N); c1=$(commits)
  printf '%-34s %s, target %.0f commits/s\n' "single process, $w workers" "$line" "$(echo "($c1 - $c0) / ($t1 - $t0)" | bc -l)"

  fresh_target
  for i in $(seq 1 "$w"); do
    java -Xmx512m -Ddrover.observe.port=$((18100 + i)) -jar target/drover.jar worker --migrations=customers \
      --config="$work/app.properties" >"$work/worker$i.out" 2>&1 &
    echo $! >"$work/worker$i.pid"
  done
  for i in $(seq 1 "$w"); do
    until grep -q "worker is running" "$work/worker$i.out"; do sleep 0.5; done
  done
  declare -A before=()
  for i in $(seq 1 "$w"); do before[$i]=$(cpu_seconds "$(cat "$work/worker$i.pid")"); done
  c0=$(commits); t0=$(date +%s.%N)
  line=$(drover migrate customers --all --distributed 2>/dev/null | summary || true)
  t1=$(date +%s.%N); c1=$(commits)
  cpu=""
  for i in $(seq 1 "$w"); do
    cpu+=" $(echo "$(cpu_seconds "$(cat "$work/worker$i.pid")") - ${before[$i]}" | bc -l | xargs printf '%.1f')"
  done
  printf '%-34s %s, target %.0f commits/s, worker CPU s:%s\n' "distributed, $w workers x 1 consumer" "$line" \
    "$(echo "($c1 - $c0) / ($t1 - $t0)" | bc -l)" "$cpu"
  for i in $(seq 1 "$w"); do kill "$(cat "$work/worker$i.pid")"; wait "$(cat "$work/worker$i.pid")" 2>/dev/null || true; rm -f "$work/worker$i.pid"; done
done
for db in bench_dist_src bench_dist_tgt; do psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db"; done
