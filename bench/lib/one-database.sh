# Sourced by the bench scripts that take one PostgreSQL DATABASE as their only argument (log-floor.sh,
# end-state-floor.sh): prints the calling script's header as its usage when the argument is missing,
# sets SOURCE_DB, the connection defaults (PGHOST, PGPORT, PGUSER, PGPASSWORD override them) and the
# psql helpers pg and pgval. Called from the project's root.
if [[ $# != 1 || "$1" == -h || "$1" == --help ]]; then
    sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
    exit 2
fi
SOURCE_DB="$1"
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
export PGOPTIONS="-c client_min_messages=warning"
pg() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
pgval() { psql -X -q -A -t -v ON_ERROR_STOP=1 "$@"; }
