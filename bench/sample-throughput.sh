#!/usr/bin/env bash
# Measures the sample migration end to end on the configured databases: N customers, a full run,
# then a rerun (all UNCHANGED). Usage: bench/sample-throughput.sh [N] [workers]
# Point it at PostgreSQL with DROVER_SOURCE_URL / DROVER_TARGET_URL (and _USERNAME / _PASSWORD);
# without them it runs on the embedded H2 default. Builds target/drover.jar if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-20000}"
workers="${2:-0}"
[ -f target/drover.jar ] || mvn -q -B package -DskipTests
drover() { java -Xmx512m -jar target/drover.jar "$@"; }
drover sample init --customers "$n" | head -1
echo "first run (every item migrated):"
drover migrate customers --all --workers="$workers" 2>/dev/null | grep '^customers: .* items in ' || true
echo "rerun (every good item unchanged):"
drover migrate customers --all --workers="$workers" 2>/dev/null | grep '^customers: .* items in ' || true
