#!/usr/bin/env bash
# Team server faults (issue 11), on a throwaway PostgreSQL cluster started here (fsync on):
#  1. kill -9 of the server while 8 clients write triage decisions, 10 times: every decision acknowledged with 2xx
#     is stored, and the audit chain holds with one entry per stored decision (nothing half-written);
#  2. a PostgreSQL restart while 16 clients read: requests fail with 503 (never another 5xx) while it is down, and
#     the server answers again by itself; the time from the restart to the first good answer is reported.
set -euo pipefail
source "$(dirname "$0")/common.sh"
# PostgreSQL from Debian, installed when missing (as root, like .ci/run).
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; }
publish_vigil
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pgroot=$(mktemp -d /tmp/vigil-faults-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" = 0 ]; then chown postgres "$pgroot"; as_pg=(runuser -u postgres --); fi
"${as_pg[@]}" "$pgbin/initdb" -D "$pgroot/data" -A trust -U postgres >/dev/null
pg_ctl() { "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgroot/data" -l "$pgroot/log" -w -o "-p 55491 -k $pgroot -c listen_addresses=127.0.0.1" "$@" >/dev/null; }
trap 'pg_ctl -m immediate stop 2>/dev/null; rm -rf "$pgroot"' EXIT
pg_ctl start
echo "$(nproc) cores"
python3 "$here/server-faults.py" "$vigil" "$out/server-faults" "Host=127.0.0.1;Port=55491;Username=postgres;Database=vigil_faults" \
  "${as_pg[*]:-} $pgbin/pg_ctl -D $pgroot/data -l $pgroot/log -w -o '-p 55491 -k $pgroot -c listen_addresses=127.0.0.1' -m fast restart"
