#!/usr/bin/env bash
# Give the storage tests a PostgreSQL: install it from Debian's packages when missing, start a private
# cluster on loopback, create a role and a database, and write the URL to .ci/postgres.env, which .ci/run
# sources (it also prints BRIEFBOT_TEST_POSTGRES_URL=... on stdout). Safe to run again: it reuses a running
# cluster. Stop it with:  .ci/postgres.sh stop
#
# Knobs (environment): BRIEFBOT_PG_DIR (data directory, default /tmp/briefbot-pg),
# BRIEFBOT_PG_PORT (default 55432).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
data_dir="${BRIEFBOT_PG_DIR:-/tmp/briefbot-pg}"
port="${BRIEFBOT_PG_PORT:-55432}"
role="briefbot"
password="briefbot"
database="briefbot_test"
env_file="$here/postgres.env"

find_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [[ -x "$dir/postgres" && -x "$dir/initdb" ]]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

bindir="$(find_bindir || true)"
if [[ -z "$bindir" ]]; then
    echo "postgres.sh: installing PostgreSQL from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    bindir="$(find_bindir)"
fi

# initdb and postgres refuse to run as root: use the package's "postgres" account then.
as_owner=()
if [[ "$(id -u)" == 0 ]]; then
    as_owner=(runuser -u postgres --)
fi

if [[ "${1:-}" == "stop" ]]; then
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$data_dir" -m fast stop >&2 || true
    rm -f "$env_file"
    exit 0
fi

if [[ ! -s "$data_dir/PG_VERSION" ]]; then
    mkdir -p "$data_dir"
    if [[ "$(id -u)" == 0 ]]; then chown postgres: "$data_dir"; fi
    chmod 700 "$data_dir"
    "${as_owner[@]}" "$bindir/initdb" -D "$data_dir" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
fi

if ! "${as_owner[@]}" "$bindir/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
    # Loopback only, socket inside the data directory, no fsync: this cluster holds throwaway test data.
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $data_dir -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off -c max_connections=200" start >&2
fi

psql_admin() {
    "${as_owner[@]}" psql -h "$data_dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}
if [[ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'")" != 1 ]]; then
    psql_admin -c "CREATE ROLE $role LOGIN PASSWORD '$password'"
fi
if [[ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'")" != 1 ]]; then
    psql_admin -c "CREATE DATABASE $database OWNER $role"
fi

url="postgresql+asyncpg://$role:$password@127.0.0.1:$port/$database"
echo "export BRIEFBOT_TEST_POSTGRES_URL=$url" >"$env_file"
echo "BRIEFBOT_TEST_POSTGRES_URL=$url"
