#!/bin/bash
# Builds the Docker image and runs it as an institution would, on both database modes: every
# asset it serves answered, health check healthy, a restart on its volume, a stop that lets a
# request in flight finish, read-only root and a non-root user. Prints the image's size and its
# time to ready. Called by .ci/run; run as root (it starts Docker's daemon when none runs).
#
#   scripts/docker-check.sh            both modes (server mode needs DATABASE_ADMIN_URL)
#   DATABASE_ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres scripts/docker-check.sh
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=${AIO_SHARED_DIR:-$repo/../shared}
data=${AIO_DATA_DIR:-$shared/data}
image=${AIO_IMAGE:-aio-api:check}
port=${AIO_DOCKER_PORT:-3987}
base="http://127.0.0.1:$port"
log() { printf '\n== %s\n' "$*"; }
fail() { printf 'docker-check: %s\n' "$*" >&2; exit 1; }

[ -x "$(command -v curl)" ] || apt-get install -y -qq curl >/dev/null
[ -f "$shared/tools/docker-base.sh" ] || fail "no $shared/tools/docker-base.sh (set AIO_SHARED_DIR): it provides the base image offline"
[ -d "$data" ] || fail "no data folder at $data (set AIO_DATA_DIR)"

log "Docker daemon and the base image (node:20-bookworm-slim, built locally: no registry here)"
dockerd_pid=$(bash "$shared/tools/docker-base.sh")
containers=()
volume="aio-check-db-$$"
cleanup() {
  for c in "${containers[@]}"; do docker rm -f "$c" >/dev/null 2>&1 || true; done
  docker volume rm -f "$volume" >/dev/null 2>&1 || true
  # The daemon this script started is stopped: nothing is left running.
  if [ -n "$dockerd_pid" ]; then kill "$dockerd_pid" 2>/dev/null || true; wait "$dockerd_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

log "build"
build_start=$(date +%s)
docker build --network host -q -t "$image" "$repo" >/dev/null
size=$(docker image inspect -f '{{.Size}}' "$image")
echo "image $image: $((size / 1000000)) MB, built in $(( $(date +%s) - build_start )) s"

# Waits for /ready; prints the seconds it took.
wait_ready() {
  local name=$1 start=$2
  for _ in $(seq 1 600); do
    if curl -fsS -o /dev/null "$base/ready" 2>/dev/null; then echo $(( $(date +%s%N) / 1000000 - start )); return 0; fi
    [ "$(docker inspect -f '{{.State.Running}}' "$name")" = true ] || { docker logs "$name" | tail -20 >&2; fail "$name stopped before it was ready"; }
    sleep 0.2
  done
  docker logs "$name" | tail -20 >&2
  fail "$name not ready after 120 s"
}

# The probes a user of each kind would make; any failure ends the check.
probe() {
  local what=$1
  curl -fsS "$base/ready" >/dev/null
  local near
  near=$(curl -fsS "$base/v1/lieux?code_commune=02691&limit=3")
  echo "$near" | grep -q '"distance_m"' || fail "$what: near-me query without distances: $near"
  curl -fsS -H 'content-type: application/json' -d '{"query":"{ lieux(code_commune: \"02691\", limit: 2) { data { nom } } }"}' "$base/graphql" \
    | grep -q '"nom"' || fail "$what: GraphQL query"
  local lines
  lines=$(curl -fsS "$base/v1/exports/lieux.csv" | wc -l)
  [ "$lines" -gt 1000 ] || fail "$what: export has $lines lines"
  curl -fsS "$base/docs/" | grep -qi '<html' || fail "$what: /docs"
  curl -fsS "$base/graphiql" | grep -qi '<html' || fail "$what: /graphiql"
  curl -fsS "$base/widget/aio.js" | grep -q 'aio-orientation' || fail "$what: the widget's script"
  curl -fsS "$base/v1/lieux?code_commune=02691&ouvert=maintenant&limit=1" | grep -q '"data"' || fail "$what: open now"
  echo "$what: /ready, near me, GraphQL, export ($lines lines), /docs, /graphiql, /widget/aio.js, open now: all answer"
}

# Stops a container while a slow download is in flight: the download must complete and the
# container exit 0 within the grace period.
stop_in_flight() {
  local name=$1 out
  out=$(mktemp)
  curl -fsS --limit-rate 400k -o "$out" "$base/v1/exports/lieux.csv" & local fetch=$!
  sleep 1
  local stop_start=$SECONDS
  docker stop -t 30 "$name" >/dev/null
  wait "$fetch" || fail "$name: the request in flight was cut by the stop"
  local code
  code=$(docker inspect -f '{{.State.ExitCode}}' "$name")
  [ "$code" = 0 ] || fail "$name: exit code $code on stop"
  echo "$name: stopped in $((SECONDS - stop_start)) s with exit code 0; the download in flight completed ($(wc -l < "$out") lines)"
  rm -f "$out"
}

health() {
  local name=$1
  for _ in $(seq 1 60); do
    [ "$(docker inspect -f '{{.State.Health.Status}}' "$name")" = healthy ] && { echo "$name: health check healthy"; return 0; }
    sleep 1
  done
  fail "$name: health check not healthy: $(docker inspect -f '{{json .State.Health}}' "$name")"
}

run_opts=(--network host -e PORT="$port" -e LOG_LEVEL=warn --health-interval 2s --read-only --tmpfs /tmp
  -v "$(cd "$data" && pwd)":/data:ro)

log "embedded database (PGlite in the volume), read-only root, non-root user"
name="aio-check-embedded-$$"; containers+=("$name")
start=$(( $(date +%s%N) / 1000000 ))
docker run -d --name "$name" "${run_opts[@]}" -v "$volume":/var/lib/aio "$image" >/dev/null
ms=$(wait_ready "$name" "$start")
echo "embedded: ready in $ms ms on a new volume (migrations, glossary, territories and offices loaded)"
[ "$(docker exec "$name" id -u)" != 0 ] || fail "runs as root"
echo "runs as $(docker exec "$name" id -un) (uid $(docker exec "$name" id -u)), root filesystem read-only"
probe embedded
health "$name"
stop_in_flight "$name"
start=$(( $(date +%s%N) / 1000000 ))
docker start "$name" >/dev/null
ms=$(wait_ready "$name" "$start")
echo "embedded: ready again in $ms ms on the same volume"
probe "embedded, restarted"
docker rm -f "$name" >/dev/null

if [ -n "${DATABASE_ADMIN_URL:-}" ]; then
  log "server database (PostgreSQL + PostGIS at DATABASE_URL)"
  db="aio_docker_check"
  psql -X -q "$DATABASE_ADMIN_URL" -c "drop database if exists $db with (force)" -c "create database $db"
  url="${DATABASE_ADMIN_URL%/*}/$db"
  name="aio-check-server-$$"; containers+=("$name")
  start=$(( $(date +%s%N) / 1000000 ))
  docker run -d --name "$name" "${run_opts[@]}" -e DATABASE_URL="$url" "$image" >/dev/null
  ms=$(wait_ready "$name" "$start")
  echo "server: ready in $ms ms on an empty database"
  probe server
  health "$name"
  stop_in_flight "$name"
  docker rm -f "$name" >/dev/null
  psql -X -q "$DATABASE_ADMIN_URL" -c "drop database if exists $db with (force)"
else
  echo "server mode skipped: no DATABASE_ADMIN_URL"
fi
log "docker check passed"
