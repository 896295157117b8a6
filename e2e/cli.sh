#!/usr/bin/env bash
# Drives the real conforms binary with the AWS CLI v2 through the foundation
# story: an organization with three accounts, a role assumed into a member,
# a delegated administrator, refusals and validation errors; then restarts the
# server and checks that the state survived.
#
# Usage: e2e/cli.sh   (AWS_CLI overrides the CLI, /usr/bin/aws by default)
set -euo pipefail

cd "$(dirname "$0")/.."
. e2e/lib.sh

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
