#!/usr/bin/env bash
# Builds Drover's class-data-sharing archive, target/drover.jsa (Java's AppCDS), which bin/drover hands to
# the JVM: the classes a command loads come mapped from it, parsed and verified already, instead of being
# read from some 70 jars at every start. `mvn package` runs this script after the jar is built.
#
# The archive is what the JVM recorded while running one representative command, `migrate --item-id` of
# the sample, through bin/drover, so that the class path it records is the one bin/drover passes. It runs
# in a scratch folder against H2 files there, never against the databases of your environment.
#
# Usage: src/build/cds-archive.sh [HOME]   (HOME: the folder holding bin/ and target/, default: this project)
set -euo pipefail
home="$(cd "${1:-$(dirname "$0")/../..}" && pwd)"
archive="$home/target/drover.jsa"
work="$home/target/cds-training"
rm -rf "$work" "$archive"
mkdir -p "$work/config"
cp -R -L "$home/routes" "$work/"
cp "$home/config/application.properties" "$work/config/"
cd "$work"
# the sample in H2 files of the scratch folder, whatever DROVER_* the environment sets
for variable in $(env | sed -n 's/^\(DROVER_[A-Z_]*\)=.*/\1/p'); do unset "$variable"; done
export DROVER_SOURCE_URL="jdbc:h2:file:$work/data/source;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE"
export DROVER_TARGET_URL="jdbc:h2:file:$work/data/target;DATABASE_TO_LOWER=TRUE;DB_CLOSE_ON_EXIT=FALSE"
unset JAVA_OPTS
"$home/bin/drover" sample init --customers=10 >/dev/null
JAVA_OPTS="-XX:ArchiveClassesAtExit=$archive -Xlog:cds=off -Xlog:cds+dynamic=off" \
    "$home/bin/drover" migrate customers --item-id=1 >/dev/null
rm -rf "$work"
[ -f "$archive" ] || { echo "cds-archive.sh: the JVM wrote no $archive" >&2; exit 1; }
