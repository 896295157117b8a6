#!/usr/bin/env bash
# Tells the seed's story (../shared/seed/) with the AWS CLI v2 against the real
# binary: an organization with two members, recording on in each account, a
# delivery bucket with the seed's bucket policy (the real organization id and
# bucket name filled in), an organization conformance pack from a corpus
# template, its statuses as Terraform polls them, a member's refused attempts
# to delete one of the pack's rules and the pack itself, then the pack's
# deletion from every account.
#
# Usage: e2e/orgpack.sh   (AWS_CLI overrides the CLI, /usr/bin/aws by default)
set -euo pipefail

cd "$(dirname "$0")/.."
. e2e/lib.sh
printf '[default]\ns3 =\n    addressing_style = path\n[profile conforms]\ns3 =\n    addressing_style = path\n' >"$work/config"
export AWS_CONFIG_FILE="$work/config"
template=../shared/corpus/conformance-packs/Operational-Best-Practices-for-CIS-AWS-v1.4-Level1.yaml
[ -f "$template" ] || fail "no corpus template at $template"

start
org=$(aws organizations create-organization --feature-set ALL --query Organization.Id)
mgmt=$(aws sts get-caller-identity --query Account)
members=()
for i in 1 2; do
  members+=("$(aws organizations create-account --email "member$i@example.com" --account-name "member$i" --query CreateAccountStatus.AccountId)")
done
ok "organization $org: management account $mgmt, members ${members[*]}"

# member N CMD... runs the CLI in a member through OrganizationAccountAccessRole.
member() {
  local id=$1; shift
  read -r key secret token < <(aws sts assume-role --role-arn "arn:aws:iam::$id:role/OrganizationAccountAccessRole" \
    --role-session-name e2e --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]')
  as "$key" "$secret" "$token" "$@"
}
record() {
  "$@" configservice put-configuration-recorder --configuration-recorder name=default,roleARN=arn:aws:iam::000000000000:role/config
  "$@" configservice put-delivery-channel --delivery-channel name=default,s3BucketName=config-bucket
  "$@" configservice start-configuration-recorder --configuration-recorder-name default
}
record aws
for id in "${members[@]}"; do record member "$id"; done
ok "recording in every account"

bucket=awsconfigconforms-seed
aws s3api create-bucket --bucket "$bucket" >/dev/null
sed -n '/^```$/,/^```$/p' ../shared/seed/conformance-packs-across-organization.md | sed '1d;$d' |
  sed "s/awsconfigconformscustomer_bucket_name/$bucket/g; s/customer_org_id/$org/g" >"$work/policy.json"
aws s3api put-bucket-policy --bucket "$bucket" --policy "file://$work/policy.json"
ok "bucket $bucket with the seed's policy"

arn=$(aws configservice put-organization-conformance-pack --organization-conformance-pack-name cis \
  --template-body "file://$template" --delivery-s3-bucket "$bucket" --delivery-s3-key-prefix packs \
  --query OrganizationConformancePackArn)
[[ $arn =~ ^arn:aws:config:us-east-1:$mgmt:organization-conformance-pack/cis-[a-z0-9]{8}$ ]] || fail "ARN $arn"
ok "put-organization-conformance-pack: $arn"

# Terraform's poll: the statuses by name until no longer in progress.
for _ in $(seq 1 300); do
  status=$(aws configservice describe-organization-conformance-pack-statuses --organization-conformance-pack-names cis \
    --query 'OrganizationConformancePackStatuses[0].Status')
  [ "$status" != CREATE_IN_PROGRESS ] && break
  sleep 0.1
done
[ "$status" = CREATE_SUCCESSFUL ] || fail "status $status"
[ "$(aws configservice get-organization-conformance-pack-detailed-status --organization-conformance-pack-name cis \
  --filters Status=CREATE_SUCCESSFUL --query 'length(OrganizationConformancePackDetailedStatuses)')" = 3 ] ||
  fail "detailed status: $(aws configservice get-organization-conformance-pack-detailed-status --organization-conformance-pack-name cis)"
[ "$(aws configservice get-organization-conformance-pack-detailed-status --organization-conformance-pack-name cis \
  --filters Status=CREATE_FAILED --query 'length(OrganizationConformancePackDetailedStatuses)')" = 0 ] || fail "failed accounts"
ok "CREATE_SUCCESSFUL in all 3 accounts"

m=${members[0]}
pack=$(member "$m" configservice describe-conformance-packs --query 'ConformancePackDetails[0].ConformancePackName')
[[ $pack =~ ^OrgConformsPack-cis-[a-z0-9]{8}$ ]] || fail "member pack $pack"
count() { python3 -c 'import json, sys; print(len(json.load(sys.stdin)))'; }
rules=$(member "$m" configservice describe-config-rules --output json --query 'ConfigRules[].ConfigRuleName' | count)
want=$(grep -c 'Type: AWS::Config::ConfigRule' "$template")
[ "$rules" = "$want" ] || fail "member has $rules rules, the template $want"
rule=$(member "$m" configservice describe-config-rules --output json --max-items 1 --query 'ConfigRules[0].ConfigRuleName' | tr -d '"')
ok "member $m holds $pack with its $rules rules"

refused AccessDeniedException member "$m" configservice delete-config-rule --config-rule-name "$rule"
refused AccessDeniedException member "$m" configservice delete-conformance-pack --conformance-pack-name "$pack"
refused OrganizationAccessDeniedException member "$m" configservice delete-organization-conformance-pack --organization-conformance-pack-name cis
ok "the member cannot delete the pack's rule $rule, its pack, or the organization pack"

aws s3api head-object --bucket "$bucket" --key "packs/$pack/template.yaml" >/dev/null || fail "template not delivered"
ok "template kept in s3://$bucket/packs/$pack/"

aws configservice delete-organization-conformance-pack --organization-conformance-pack-name cis
for _ in $(seq 1 300); do
  out=$(aws configservice describe-organization-conformance-pack-statuses --organization-conformance-pack-names cis 2>&1) || break
  sleep 0.1
done
grep -q NoSuchOrganizationConformancePackException <<<"$out" || fail "after delete: $out"
[ "$(member "$m" configservice describe-config-rules --output json --query 'ConfigRules[].ConfigRuleName' | count)" = 0 ] || fail "member kept rules"
[ -z "$(member "$m" configservice describe-conformance-packs --query 'ConformancePackDetails[].ConformancePackName')" ] || fail "member kept the pack"
ok "deleted from every account"

stop
echo "e2e/orgpack.sh: $pass checks passed"
