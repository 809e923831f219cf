#!/usr/bin/env bash
# Starts the loopback servers the tests need when they are not already running
# (the commands are the ones this machine kind uses at boot). Fails loudly if one cannot start.
set -uo pipefail

wait_for() { # name, command
  for _ in $(seq 1 60); do
    if eval "$2" >/dev/null 2>&1; then echo "== $1 is up"; return 0; fi
    sleep 0.5
  done
  echo "!! $1 did not come up" >&2
  return 1
}

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "== starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi
wait_for Redis "redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG" || exit 1

if ! pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then
  echo "== starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi
wait_for PostgreSQL "psql -h 127.0.0.1 -U postgres -d test -c 'select 1'" || exit 1

if ! mysql -uroot -h127.0.0.1 -e 'select 1' >/dev/null 2>&1; then
  echo "== starting MariaDB"
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
fi
wait_for MariaDB "mysql -uroot -h127.0.0.1 -e 'select 1'" || exit 1
mysql -uroot -h127.0.0.1 -e 'CREATE DATABASE IF NOT EXISTS test' || exit 1
