# Shared by the e2e scripts: source it from the repository root. It builds
# the binary into a temporary directory, and defines start and stop (of the
# real server, on a free loopback port, with its data in $work/data), ok and
# fail (the script's verdicts), and, once the credentials exist, the CLI
# helpers aws, as and refused.

AWS_CLI=${AWS_CLI:-/usr/bin/aws}
work=$(mktemp -d)
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL: $*" >&2; [ -f "$work/log" ] && tail -n 20 "$work/log" >&2; exit 1; }
pass=0
ok() { pass=$((pass + 1)); echo "ok - $*"; }

go build -o "$work/conforms" ./cmd/conforms

# start runs the server and sets endpoint once /healthz answers.
start() {
  "$work/conforms" serve --listen 127.0.0.1:0 --data "$work/data" --log-format json "$@" >>"$work/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do
    addr=$(grep -o '"msg":"conforms is ready".*"listen":"[^"]*"' "$work/log" | tail -n 1 | sed 's/.*"listen":"\([^"]*\)"/\1/') || true
    if [ -n "${addr:-}" ] && curl -fs "http://$addr/healthz" >/dev/null; then
      endpoint="http://$addr"
      return
    fi
    sleep 0.05
  done
  fail "server did not start"
}

# stop sends SIGTERM and expects a clean exit.
stop() {
  kill -TERM "$pid"
  wait "$pid" || fail "server exited with $? on SIGTERM"
  pid=
  cat "$work/log" >>"$work/log.prev"; : >"$work/log"
}

export AWS_SHARED_CREDENTIALS_FILE="$work/data/credentials" AWS_PROFILE=conforms AWS_CONFIG_FILE=/dev/null
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_MAX_ATTEMPTS=1
# aws runs the CLI as the management account's root user.
aws() { "$AWS_CLI" --endpoint-url "$endpoint" --output text "$@"; }
# as KEY SECRET TOKEN CMD... runs the CLI with other credentials.
as() { env -u AWS_PROFILE AWS_ACCESS_KEY_ID="$1" AWS_SECRET_ACCESS_KEY="$2" AWS_SESSION_TOKEN="$3" AWS_SHARED_CREDENTIALS_FILE=/dev/null \
  "$AWS_CLI" --endpoint-url "$endpoint" --output text "${@:4}"; }
# refused CODE CMD... expects the command to fail with the error code.
refused() {
  local code=$1; shift
  if out=$("$@" 2>&1); then fail "expected $code from: $*"; fi
  grep -q "($code)" <<<"$out" || fail "expected $code from: $* -- got: $out"
}
