#!/usr/bin/env bash
# Runs a command with a throwaway Redis on loopback:
#   bash scripts/with-redis.sh <command...>
# Starts redis-server on a free 127.0.0.1 port with no persistence in its own temp dir, exports
# REDIS_URL=redis://127.0.0.1:PORT, runs the command, stops Redis on exit, and exits with the
# command's exit code.
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: bash scripts/with-redis.sh <command...>" >&2
  exit 2
fi
if ! command -v redis-server >/dev/null 2>&1; then
  echo "with-redis: redis-server not found on PATH. Install it (apt-get install -y redis-server," \
    "brew install redis) or set REDIS_URL and run the command directly." >&2
  exit 127
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/kit-redis.XXXXXX")"
pid=''
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Whether Redis answers on the port: PING with redis-cli when it is there, else a bare connect.
answers() {
  if command -v redis-cli >/dev/null 2>&1; then
    redis-cli -h 127.0.0.1 -p "$1" ping >/dev/null 2>&1
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
  fi
}

# Ask the kernel for a free port; retry if another process takes it before Redis binds.
free_port() {
  node -e "const s = require('node:net').createServer();
    s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });"
}

for attempt in 1 2 3 4 5; do
  port="$(free_port)"
  redis-server --bind 127.0.0.1 --port "$port" --save '' --appendonly no --dir "$dir" \
    --daemonize no --logfile "$dir/redis.log" &
  pid=$!
  # Ready when it answers PING; gone when the process exited (port taken, bad option).
  for _ in $(seq 1 100); do
    if answers "$port"; then break; fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.05
  done
  if answers "$port"; then break; fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pid=''
  if [ "$attempt" -eq 5 ]; then
    echo "with-redis: redis-server did not start; its log:" >&2
    cat "$dir/redis.log" >&2 || true
    exit 1
  fi
done

export REDIS_URL="redis://127.0.0.1:$port"
set +e
"$@"
status=$?
set -e
exit "$status"
