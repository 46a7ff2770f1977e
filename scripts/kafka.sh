#!/usr/bin/env bash
# A single-node Apache Kafka (KRaft: one combined broker and controller) for development, tests and CI,
# run from Apache Kafka's own jars, which Maven fetches from Maven Central (scripts/kafka-broker.pom.xml).
#
#   scripts/kafka.sh start    fetch the jars once, format the storage once, start the broker, wait until it answers
#   scripts/kafka.sh stop     stop it (SIGTERM, then SIGKILL after 30 s)
#   scripts/kafka.sh status   exit 0 and say so when it answers, else 1
#
# KAFKA_PORT (default 9092) is the client port on 127.0.0.1, KAFKA_CONTROLLER_PORT (default KAFKA_PORT+1)
# the controller's. Its jars, data and log live under DROVER_KAFKA_HOME (default ~/.cache/drover-kafka),
# outside the repository; one broker per port. Clients (and Drover's tests) use 127.0.0.1:$KAFKA_PORT.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
home="${DROVER_KAFKA_HOME:-$HOME/.cache/drover-kafka}"
jars="$home/jars-4.4.0"
node="$home/node-$KAFKA_PORT"
pidfile="$node/kafka.pid"
bootstrap="127.0.0.1:$KAFKA_PORT"

fetch_jars() {
  [[ -f "$jars/.complete" ]] && return 0
  echo "kafka: fetching Apache Kafka 4.4.0's jars through Maven into $jars"
  mkdir -p "$jars"
  mvn -q -f "$here/kafka-broker.pom.xml" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$jars" \
    -Dorg.slf4j.simpleLogger.log.org.apache.maven.cli.transfer.Slf4jMavenTransferListener=warn
  touch "$jars/.complete"
}

write_properties() {
  mkdir -p "$node/data"
  cat >"$node/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$node/data
num.partitions=6
# one node: Kafka's internal topics cannot be replicated
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# a consumer group of workers starts consuming at once instead of after the default 3 s
group.initial.rebalance.delay.ms=0
# tests create and delete their own topics
delete.topic.enable=true
PROPS
}

running_pid() { # the broker's pid when it is alive
  [[ -f "$pidfile" ]] || return 1
  local pid
  pid="$(cat "$pidfile")"
  kill -0 "$pid" 2>/dev/null && [[ "$(ps -o args= -p "$pid" 2>/dev/null)" == *kafka.Kafka* ]] && echo "$pid"
}

answers() { # $1: seconds to wait
  java -cp "$jars/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=off "$here/KafkaReady.java" "$bootstrap" "$1"
}

java_opts=(-Xms128m -Xmx512m -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true
  -Dorg.slf4j.simpleLogger.defaultLogLevel="${KAFKA_LOG_LEVEL:-warn}" -Dorg.slf4j.simpleLogger.showDateTime=true)

start() {
  if pid="$(running_pid)"; then
    echo "kafka: already running on $bootstrap (pid $pid)"
    return 0
  fi
  fetch_jars
  write_properties
  if [[ ! -f "$node/data/meta.properties" ]]; then
    # formatted once: a restarted broker keeps its topics and committed offsets
    java -cp "$jars/*" "${java_opts[@]}" kafka.tools.StorageTool format --standalone \
      -t "$(java -cp "$jars/*" kafka.tools.StorageTool random-uuid)" -c "$node/server.properties" >"$node/format.log" 2>&1 \
      || { cat "$node/format.log" >&2; echo "kafka: formatting $node/data failed" >&2; return 1; }
  fi
  nohup java -cp "$jars/*" "${java_opts[@]}" kafka.Kafka "$node/server.properties" >>"$node/kafka.log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  if answers 90; then
    echo "kafka: running on $bootstrap (pid $(cat "$pidfile"); data and log in $node)"
  else
    echo "kafka: the broker did not answer on $bootstrap within 90 s; its log: $node/kafka.log" >&2
    tail -20 "$node/kafka.log" >&2 || true
    return 1
  fi
}

stop() {
  local pid
  if ! pid="$(running_pid)"; then
    echo "kafka: not running on $bootstrap"
    rm -f "$pidfile"
    return 0
  fi
  kill "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "kafka: stopped"; return 0; }
    sleep 0.5
  done
  kill -9 "$pid" 2>/dev/null || true
  rm -f "$pidfile"
  echo "kafka: killed (did not stop within 30 s)"
}

status() {
  local pid
  if pid="$(running_pid)" && answers 5; then
    echo "kafka: running on $bootstrap (pid $pid)"
  else
    echo "kafka: not running on $bootstrap"
    return 1
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
