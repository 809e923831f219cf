#!/usr/bin/env bash
# Starts (or stops) a local Redis Cluster for satchel's tests: 3 masters + 3 replicas on
# 127.0.0.1:7101-7106, data under a temp dir. Idempotent: `start` on a healthy cluster does
# nothing; it waits until cluster_state:ok. Never touches the default server on 6379.
#   scripts/redis-cluster.sh start|stop|status
set -euo pipefail

BASE_PORT="${SATCHEL_CLUSTER_PORT:-7101}"
DIR="${SATCHEL_CLUSTER_DIR:-${TMPDIR:-/tmp}/satchel-redis-cluster}"
PORTS=()
for i in 0 1 2 3 4 5; do PORTS+=("$((BASE_PORT + i))"); done

cli() { redis-cli -h 127.0.0.1 -p "$1" "${@:2}"; }
healthy() { cli "${PORTS[0]}" cluster info 2>/dev/null | grep -q '^cluster_state:ok'; }
replicas_synced() {
  local synced=0
  for port in "${PORTS[@]}"; do
    cli "$port" info replication 2>/dev/null | grep -q '^master_link_status:up' && synced=$((synced + 1))
  done
  [ "$synced" -ge 3 ]
}

start() {
  command -v redis-server >/dev/null || { echo "redis-server not found on PATH" >&2; exit 1; }
  if healthy; then echo "redis cluster already up on ${PORTS[*]}"; exit 0; fi
  mkdir -p "$DIR"
  # One lock so parallel test files do not build the cluster twice. The servers are started with
  # fd 9 closed: a daemon that inherited it would hold the lock for its whole life.
  exec 9>"$DIR/.lock"
  flock -w 60 9
  if healthy; then echo "redis cluster already up on ${PORTS[*]}"; exit 0; fi
  for port in "${PORTS[@]}"; do
    if ! cli "$port" ping >/dev/null 2>&1; then
      mkdir -p "$DIR/$port"
      rm -f "$DIR/$port/nodes.conf" "$DIR/$port/dump.rdb" "$DIR/$port/appendonly.aof"
      redis-server --port "$port" --bind 127.0.0.1 --dir "$DIR/$port" --cluster-enabled yes \
        --cluster-config-file nodes.conf --cluster-node-timeout 2000 --appendonly no --save '' \
        --repl-diskless-sync-delay 0 \
        --daemonize yes --pidfile "$DIR/$port/redis.pid" --logfile "$DIR/$port/redis.log" 9>&-
    fi
  done
  for port in "${PORTS[@]}"; do
    for _ in $(seq 1 50); do cli "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
    cli "$port" ping >/dev/null || { echo "redis on $port did not start, see $DIR/$port/redis.log" >&2; exit 1; }
  done
  known=$(cli "${PORTS[0]}" cluster info | grep '^cluster_known_nodes:' | tr -dc 0-9)
  if [ "$known" != "6" ]; then
    nodes=()
    for port in "${PORTS[@]}"; do nodes+=("127.0.0.1:$port"); done
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$DIR/create.log" 2>&1 \
      || { cat "$DIR/create.log" >&2; exit 1; }
  fi
  # Also wait until every replica has synced: a master killed before that never fails over.
  for _ in $(seq 1 150); do
    if healthy && replicas_synced; then echo "redis cluster up on ${PORTS[*]}"; exit 0; fi
    sleep 0.2
  done
  echo "redis cluster did not reach cluster_state:ok; logs in $DIR" >&2
  exit 1
}

stop() {
  for port in "${PORTS[@]}"; do cli "$port" shutdown nosave >/dev/null 2>&1 || true; done
  rm -rf "$DIR"
  echo "redis cluster stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if healthy; then echo ok; else echo down; exit 1; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
