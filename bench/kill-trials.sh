#!/usr/bin/env bash
# Issue 25's kill-a-worker trials: T times, N sample customers are migrated by `migrate --all --distributed`
# with three `drover worker` processes, and one worker (a different one each trial) is killed with SIGKILL
# once a share of the items is logged (the share moves through the run from trial to trial: 10%, 20% … 90%,
# then again). Each trial then checks what a user would:
#   - the coordinator ends by itself with exit code 1 (the sample's bad items fail) and the same numbers
#     of migrated and failed items as the single-process run;
#   - every item has exactly one final state from this run, no item has two MIGRATED log rows (nothing
#     written twice: a redelivered item is logged UNCHANGED);
#   - the target tables equal a single-process run's (md5 of their rows in key order).
# Prints one line per trial and "K of T trials identical, nothing lost"; exit code 0 only when all passed.
#
# Usage: bench/kill-trials.sh [T] [N]      (defaults: 10 trials, 3000 customers)
# Needs PostgreSQL on 127.0.0.1 (PGHOST, PGUSER override) and starts the development Kafka broker
# (scripts/kafka.sh). Creates and drops the databases bench_kill_src, bench_kill_ref and bench_kill_tgt.
# Builds target/drover.jar if missing. Each trial uses its own topic and consumer group.
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-10}"
n="${2:-3000}"
[[ "$trials" =~ ^[1-9][0-9]*$ && "$n" =~ ^[1-9][0-9]*$ ]] || { echo "kill-trials.sh: T and N must be positive integers" >&2; exit 2; }
export PGHOST="${PGHOST:-127.0.0.1}" PGUSER="${PGUSER:-postgres}" PGOPTIONS="-c client_min_messages=warning"
[ -f target/drover.jar ] || mvn -q -B package -DskipTests
scripts/kafka.sh start >/dev/null
work="$(mktemp -d)"
cleanup() {
  for p in "$work"/*.pid; do [ -f "$p" ] && kill -9 "$(cat "$p")" 2>/dev/null; done
  for db in bench_kill_src bench_kill_ref bench_kill_tgt; do psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true; done
  rm -rf "$work"
}
trap cleanup EXIT
for db in bench_kill_src bench_kill_ref bench_kill_tgt; do
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"
done

config() { # config FILE TARGET_DB TOPIC_PREFIX
  cat >"$1" <<PROPS
drover.source.url = jdbc:postgresql://$PGHOST:5432/bench_kill_src
drover.source.username = $PGUSER
drover.source.password =
drover.target.url = jdbc:postgresql://$PGHOST:5432/$2
drover.target.username = $PGUSER
drover.target.password =
camel.main.routes-include-pattern = file:$PWD/routes/**/*.camel.yaml
drover.kafka.topic-prefix = $3
drover.kafka.group-id = ${3}workers
drover.kafka.dead-letter-topic = ${3}dead-letter
drover.kafka.consumers = 1
drover.kafka.session-timeout-ms = 10000
drover.progress.interval-seconds = 0
PROPS
}
drover() { local file="$1"; shift; java -Xmx384m -jar target/drover.jar "$@" --config="$file"; }
sql() { psql -X -A -t -d "$1" -c "$2"; }
digest() { # the target's rows in key order, hashed: what "equal to a single process" compares
  sql "$1" "SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM customer c"
  sql "$1" "SELECT md5(string_agg(a::text, '|' ORDER BY a.id)) FROM customer_address a"
}

# the source, and the single-process run every trial must equal
config "$work/ref.properties" bench_kill_ref "bench-kill-$$-ref."
drover "$work/ref.properties" sample init --customers "$n" >/dev/null
drover "$work/ref.properties" migrate customers --all >/dev/null 2>&1 || true
reference="$(digest bench_kill_ref)"
bad="$(sql bench_kill_ref "SELECT count(*) FROM drover.item_state WHERE last_status = 'FAILED'")" # the sample's bad items
target_sql="src/main/resources/sample/target-postgresql.sql"

passed=0
for t in $(seq 1 "$trials"); do
  share=$(( (t - 1) % 9 * 10 + 10 )) # percent of the items logged when the worker dies
  victim=$(( (t - 1) % 3 + 1 ))
  prefix="bench-kill-$$-$t."
  config "$work/trial.properties" bench_kill_tgt "$prefix"
  psql -X -q -d postgres -c "DROP DATABASE IF EXISTS bench_kill_tgt WITH (FORCE)" -c "CREATE DATABASE bench_kill_tgt"
  psql -X -q -d bench_kill_tgt -f "$target_sql" >/dev/null
  drover "$work/trial.properties" setup >/dev/null # Drover's tables before the workers start together
  for i in 1 2 3; do
    java -Xmx384m -Ddrover.observe.port=$((18200 + i)) -jar target/drover.jar worker --migrations=customers \
      --config="$work/trial.properties" >"$work/worker$i.out" 2>&1 &
    echo $! >"$work/worker$i.pid"
  done
  for i in 1 2 3; do until grep -q "worker is running" "$work/worker$i.out"; do sleep 0.3; done; done
  drover "$work/trial.properties" migrate customers --all --distributed >"$work/coordinator.out" 2>&1 &
  coordinator=$!
  until [ "$(sql bench_kill_tgt "SELECT count(*) FROM drover.migration_log")" -ge $(( n * share / 100 )) ] \
      || ! kill -0 "$coordinator" 2>/dev/null; do sleep 0.05; done
  logged="$(sql bench_kill_tgt "SELECT count(*) FROM drover.migration_log")"
  victim_pid="$(cat "$work/worker$victim.pid")"
  kill -9 "$victim_pid" 2>/dev/null || true
  wait "$victim_pid" 2>/dev/null || true # reaped quietly: no "Killed" line from the shell
  rm -f "$work/worker$victim.pid"
  exit_code=0
  wait "$coordinator" || exit_code=$?
  run_id="$(sql bench_kill_tgt "SELECT run_id FROM drover.migration_run ORDER BY started_at DESC LIMIT 1")"
  outcomes="$(sql bench_kill_tgt "SELECT count(*) FROM drover.item_state WHERE last_run_id = '$run_id'")"
  twice="$(sql bench_kill_tgt "SELECT count(*) FROM (SELECT item_id FROM drover.migration_log WHERE status = 'MIGRATED' GROUP BY item_id HAVING count(*) > 1) t")"
  redelivered="$(sql bench_kill_tgt "SELECT count(*) FROM drover.migration_log WHERE run_id = '$run_id' AND status = 'UNCHANGED'")"
  summary="$(grep -o '[0-9]* migrated, [0-9]* unchanged, [0-9]* failed' "$work/coordinator.out" | tail -1 || true)"
  verdict=ok
  [ "$exit_code" = 1 ] || verdict="exit code $exit_code"
  [[ "$summary" == "$((n - bad)) migrated, "*", $bad failed" ]] || verdict="summary '$summary'"
  [ "$outcomes" = "$n" ] || verdict="$outcomes items with an outcome of this run, not $n"
  [ "$twice" = 0 ] || verdict="$twice items MIGRATED twice"
  [ "$(digest bench_kill_tgt)" = "$reference" ] || verdict="target differs from the single process's"
  [ "$verdict" = ok ] && passed=$((passed + 1))
  printf 'trial %2d: worker %d killed at %5d of %d items logged (%2d%%): %s; %s redelivered as UNCHANGED: %s\n' \
    "$t" "$victim" "$logged" "$n" "$share" "${summary:-no summary}" "$redelivered" "$verdict"
  for i in 1 2 3; do
    [ -f "$work/worker$i.pid" ] && { kill "$(cat "$work/worker$i.pid")" 2>/dev/null; wait "$(cat "$work/worker$i.pid")" 2>/dev/null || true; rm -f "$work/worker$i.pid"; }
  done
done
echo "$passed of $trials trials identical to a single process, nothing lost, nothing written twice"
[ "$passed" = "$trials" ]
