#!/usr/bin/env bash
# Drives the real conforms binary with the AWS CLI v2 through the foundation
# story: an organization with three accounts, a role assumed into a member,
# a delegated administrator, refusals and validation errors; then restarts the
# server and checks that the state survived.
#
# Usage: e2e/cli.sh   (AWS_CLI overrides the CLI, /usr/bin/aws by default)
set -euo pipefail

AWS_CLI=${AWS_CLI:-/usr/bin/aws}
cd "$(dirname "$0")/.."
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

start() {
  "$work/conforms" serve --listen 127.0.0.1:0 --data "$work/data" --log-format json >>"$work/log" 2>&1 &
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

stop() {
  kill -TERM "$pid"
  wait "$pid" || fail "server exited with $? on SIGTERM"
  pid=
  : >"$work/log.prev"; cat "$work/log" >>"$work/log.prev"; : >"$work/log"
}

export AWS_SHARED_CREDENTIALS_FILE="$work/data/credentials" AWS_PROFILE=conforms AWS_CONFIG_FILE=/dev/null
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER="" AWS_MAX_ATTEMPTS=1
aws() { "$AWS_CLI" --endpoint-url "$endpoint" --output text "$@"; }
# as CREDS... runs the CLI with the given access key, secret and session token.
as() { env -u AWS_PROFILE AWS_ACCESS_KEY_ID="$1" AWS_SECRET_ACCESS_KEY="$2" AWS_SESSION_TOKEN="$3" AWS_SHARED_CREDENTIALS_FILE=/dev/null \
  "$AWS_CLI" --endpoint-url "$endpoint" --output text "${@:4}"; }
# refused CODE CMD... expects the command to fail with the error code.
refused() {
  local code=$1; shift
  if out=$("$@" 2>&1); then fail "expected $code from: $*"; fi
  grep -q "($code)" <<<"$out" || fail "expected $code from: $* -- got: $out"
}

start
[ "$(stat -c %a "$work/data/credentials")" = 600 ] || fail "credentials file is not mode 0600"
ok "server started; credentials file written with mode 0600"

mgmt=$(aws sts get-caller-identity --query Account)
org=$(aws organizations create-organization --feature-set ALL --query Organization.Id)
[[ $org =~ ^o-[a-z0-9]{10}$ ]] || fail "organization id $org"
ok "organization $org created by $mgmt"

members=()
for i in 1 2 3; do
  id=$(aws organizations create-account --email "member$i@example.com" --account-name "member $i" --query CreateAccountStatus.AccountId)
  [[ $id =~ ^[0-9]{12}$ ]] || fail "account id $id"
  members+=("$id")
done
[ "$(aws organizations list-accounts --query 'length(Accounts)')" = 4 ] || fail "list-accounts"
[ "$(aws organizations list-accounts --page-size 1 --query 'Accounts[].Id' | wc -w)" = 4 ] || fail "paging with one account a page"
ok "three member accounts created and listed"

read -r key secret token < <(aws sts assume-role --role-arn "arn:aws:iam::${members[0]}:role/OrganizationAccountAccessRole" \
  --role-session-name e2e --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]')
[ "$(as "$key" "$secret" "$token" sts get-caller-identity --query Arn)" = "arn:aws:sts::${members[0]}:assumed-role/OrganizationAccountAccessRole/e2e" ] ||
  fail "get-caller-identity as the member"
ok "assumed OrganizationAccountAccessRole in ${members[0]}"

refused AccessDeniedException as "$key" "$secret" "$token" organizations create-account --email x@example.com --account-name x
refused InvalidClientTokenId as "$key" "$secret" "forged$token" sts get-caller-identity
refused UnrecognizedClientException as AKIAUNKNOWN000000000 "$secret" "" organizations describe-organization
refused InvalidSignatureException as "$(aws configure get aws_access_key_id)" wrong "" organizations describe-organization
ok "member, forged, unknown and wrongly signed requests refused"

aws organizations enable-aws-service-access --service-principal config-multiaccountsetup.amazonaws.com
aws organizations register-delegated-administrator --account-id "${members[1]}" --service-principal config-multiaccountsetup.amazonaws.com
[ "$(aws organizations list-delegated-administrators --query 'DelegatedAdministrators[0].Id')" = "${members[1]}" ] || fail "delegated admin"
ok "delegated administrator ${members[1]} registered"

refused ValidationException aws configservice put-organization-conformance-pack --organization-conformance-pack-name "x y" --template-body "{}"
refused InvalidInputException aws organizations create-account --email not-an-email --account-name x
ok "bad input refused with validation errors"

stop
start
[ "$(aws organizations list-accounts --query 'length(Accounts)')" = 4 ] || fail "accounts after restart"
[ "$(aws organizations describe-organization --query Organization.Id)" = "$org" ] || fail "organization after restart"
[ "$(as "$key" "$secret" "$token" sts get-caller-identity --query Account)" = "${members[0]}" ] || fail "session after restart"
[ "$(aws organizations list-delegated-administrators --query 'DelegatedAdministrators[0].Id')" = "${members[1]}" ] || fail "delegated admin after restart"
ok "state survived a restart"

stop
echo "e2e: $pass passed, 0 failed"
