#!/usr/bin/env bash
# The production recipe on one machine, for a trial (`make serve`): PostgreSQL (a cluster of its own
# under var/postgres unless DATABASE_URL is set), `db prepare`, N Streamlit replicas, the Open311 and
# feeds server, the workers, and nginx in front of them all on one origin. Each process logs to
# $RUN_DIR/logs/NAME.log; a health check every few seconds prints what changed. Ctrl+C stops
# everything this script started. Settings: see deploy/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PORTAL_PYTHON:-$ROOT/.venv/bin/python}"
REPLICAS="${PORTAL_REPLICAS:-2}"
LISTEN="${PORTAL_LISTEN:-127.0.0.1:8080}"
FIRST_PORT="${PORTAL_REPLICA_PORT:-8601}"
OPEN311_PORT="${PORTAL_OPEN311_PORT:-8311}"
RUN_DIR="$(mkdir -p "${PORTAL_RUN_DIR:-$ROOT/var/run}" && cd "${PORTAL_RUN_DIR:-$ROOT/var/run}" && pwd)"
NGINX="${PORTAL_NGINX:-/usr/sbin/nginx}"
export PORTAL_MODE="${PORTAL_MODE:-demo}"
export PORTAL_PUBLIC_URL="${PORTAL_PUBLIC_URL:-http://$LISTEN}"
export PORTAL_FEEDS_URL="${PORTAL_FEEDS_URL:-$PORTAL_PUBLIC_URL}"

mkdir -p "$RUN_DIR/logs" "$RUN_DIR/pids" "$RUN_DIR/nginx-temp"
cd "$ROOT"
started=()

say() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*"; }

stop_all() {
    trap - INT TERM EXIT
    say "stopping…"
    for name in "${started[@]}"; do
        pid="$(cat "$RUN_DIR/pids/$name" 2>/dev/null || true)"
        [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
    done
    wait 2>/dev/null || true
    if [ -n "${PG_DATA:-}" ]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast stop >/dev/null || true
    fi
    say "stopped"
    exit 0
}
trap stop_all INT TERM EXIT

# start NAME COMMAND…: in the background, its output in logs/NAME.log, its pid in pids/NAME.
start() {
    local name="$1"; shift
    "$@" >"$RUN_DIR/logs/$name.log" 2>&1 &
    echo $! >"$RUN_DIR/pids/$name"
    started+=("$name")
}

as_postgres() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A cluster of our own, kept under var/postgres between trials, when no database is given.
if [ -z "${DATABASE_URL:-}" ]; then
    PG_BIN="$(dirname "$(ls /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")"
    PG_DIR="$ROOT/var/postgres"; PG_DATA="$PG_DIR/data"; PG_PORT="${PORTAL_PG_PORT:-5433}"
    PG_USER="$([ "$(id -u)" -eq 0 ] && echo postgres || id -un)"
    mkdir -p "$PG_DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PG_DIR"
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
        say "creating a PostgreSQL cluster in $PG_DATA"
        as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_USER" --auth=trust --encoding=UTF8 >"$RUN_DIR/logs/initdb.log"
    fi
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DIR/server.log" -w \
        -o "-p $PG_PORT -k $PG_DIR -h 127.0.0.1" start >/dev/null
    export DATABASE_URL="postgresql+psycopg://$PG_USER@127.0.0.1:$PG_PORT/postgres"
    say "PostgreSQL on 127.0.0.1:$PG_PORT (log: $PG_DIR/server.log)"
fi

say "preparing the database"
"$PY" -m portal db prepare

# Every replica signs and checks Streamlit's upload (XSRF) cookie with the same secret, so a browser
# moved to another replica can still upload. Kept beside the other generated keys in var/.
if [ -z "${STREAMLIT_SERVER_COOKIE_SECRET:-}" ]; then
    SECRET_FILE="$ROOT/var/streamlit_cookie_secret"
    [ -s "$SECRET_FILE" ] || (umask 077; "$PY" -c "import secrets; print(secrets.token_hex(32))" >"$SECRET_FILE")
    export STREAMLIT_SERVER_COOKIE_SECRET="$(cat "$SECRET_FILE")"
fi

replicas=()
for ((i = 0; i < REPLICAS; i++)); do
    port=$((FIRST_PORT + i))
    replicas+=(--replica "127.0.0.1:$port")
    start "replica-$((i + 1))" "$PY" -m streamlit run streamlit_app.py \
        --server.address 127.0.0.1 --server.port "$port" --server.headless true
done
start open311 "$PY" -m portal serve-open311 --host 127.0.0.1 --port "$OPEN311_PORT"
if [ -n "${PORTAL_SMTP_URL:-}" ]; then
    start outbox "$PY" -m portal outbox run
fi
if [ -n "${PORTAL_OPEN311_ROUTES:-}" ]; then
    start open311-sync "$PY" -m portal open311-sync
fi

"$PY" "$ROOT/deploy/nginx_conf.py" --listen "$LISTEN" "${replicas[@]}" \
    --open311 "127.0.0.1:$OPEN311_PORT" --run-dir "$RUN_DIR" >"$RUN_DIR/nginx.conf"
"$NGINX" -t -q -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR" -e "$RUN_DIR/logs/nginx-error.log"
start nginx "$NGINX" -c "$RUN_DIR/nginx.conf" -p "$RUN_DIR" -e "$RUN_DIR/logs/nginx-error.log" -g "daemon off;"

healthy() { curl -fsS -o /dev/null --max-time 3 "$1" 2>/dev/null; }

# Each process's health check: Streamlit's own, the API's service list, and nginx's /healthz.
health_url() {
    case "$1" in
        replica-*) echo "http://127.0.0.1:$((FIRST_PORT + ${1#replica-} - 1))/_stcore/health" ;;
        open311) echo "http://127.0.0.1:$OPEN311_PORT/open311/v2/services.json" ;;
        nginx) echo "http://$LISTEN/healthz" ;;
    esac
}

say "serving http://$LISTEN/ with $REPLICAS replicas; logs in $RUN_DIR/logs; Ctrl+C stops"
declare -A state
while true; do
    for name in "${started[@]}"; do
        pid="$(cat "$RUN_DIR/pids/$name")"
        url="$(health_url "$name")"
        if ! kill -0 "$pid" 2>/dev/null; then now="stopped"
        elif [ -z "$url" ] || healthy "$url"; then now="up"
        else now="not answering"
        fi
        if [ "${state[$name]:-}" != "$now" ]; then
            say "$name: $now"
            state[$name]="$now"
        fi
    done
    sleep "${PORTAL_HEALTH_INTERVAL:-5}"
done
