#!/usr/bin/env bash
# Drives the S3 API of the real conforms binary with the AWS CLI v2: a bucket
# with the organization's bucket policy, a conformance pack template copied
# in with `aws s3 cp` and read back, listings, refusals (a malformed policy,
# a member account that the seed policy does not admit, a missing key); then
# restarts the server and checks that the objects survived.
#
# Usage: e2e/s3.sh   (AWS_CLI overrides the CLI, /usr/bin/aws by default)
set -euo pipefail

cd "$(dirname "$0")/.."
. e2e/lib.sh

# Path-style addressing, for every profile.
printf '[default]\ns3 =\n    addressing_style = path\n[profile conforms]\ns3 =\n    addressing_style = path\n' >"$work/config"
export AWS_CONFIG_FILE="$work/config"

start
org=$(aws organizations create-organization --feature-set ALL --query Organization.Id)
member=$(aws organizations create-account --email member@example.com --account-name member --query CreateAccountStatus.AccountId)
read -r key secret token < <(aws sts assume-role --role-arn "arn:aws:iam::$member:role/OrganizationAccountAccessRole" \
  --role-session-name e2e --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]')
ok "organization $org with member $member"

bucket=awsconfigconforms-e2e
[ "$(aws s3api create-bucket --bucket "$bucket" --query Location)" = "/$bucket" ] || fail "create-bucket"
aws s3api head-bucket --bucket "$bucket" >/dev/null || fail "head-bucket"
[ "$(aws s3api list-buckets --query 'Buckets[].Name')" = "$bucket" ] || fail "list-buckets"
refused InvalidBucketName aws s3api create-bucket --bucket Not_A_Bucket
ok "bucket $bucket created and listed"

cat >"$work/template.yaml" <<'YAML'
Parameters:
  MaxAgeParam:
    Type: String
    Default: "90"
Resources:
  IamPasswordPolicy:
    Type: AWS::Config::ConfigRule
    Properties:
      ConfigRuleName: iam-password-policy
      Source:
        Owner: AWS
        SourceIdentifier: IAM_PASSWORD_POLICY
YAML
aws s3 cp "$work/template.yaml" "s3://$bucket/templates/pack.yaml" >/dev/null || fail "s3 cp"
aws s3 cp "$work/template.yaml" "s3://$bucket/a b/ü+&.yaml" >/dev/null || fail "s3 cp of a key that needs escaping"
aws s3api get-object --bucket "$bucket" --key templates/pack.yaml "$work/got.yaml" >/dev/null || fail "get-object"
cmp -s "$work/template.yaml" "$work/got.yaml" || fail "get-object returned another body"
aws s3api get-object --bucket "$bucket" --key "a b/ü+&.yaml" "$work/got2.yaml" >/dev/null || fail "get-object of an escaped key"
cmp -s "$work/template.yaml" "$work/got2.yaml" || fail "get-object of an escaped key returned another body"
etag=$(aws s3api head-object --bucket "$bucket" --key templates/pack.yaml --query ETag)
[ "$etag" = "\"$(md5sum <"$work/template.yaml" | cut -d' ' -f1)\"" ] || fail "ETag $etag is not the MD5 of the template"
ok "template copied with aws s3 cp and read back with get-object"

[ "$(aws s3api list-objects-v2 --bucket "$bucket" --query 'Contents[].Key' | tr '\t' '|')" = "a b/ü+&.yaml|templates/pack.yaml" ] ||
  fail "list-objects-v2: $(aws s3api list-objects-v2 --bucket "$bucket")"
[ "$(aws s3api list-objects-v2 --bucket "$bucket" --delimiter / --query 'CommonPrefixes[].Prefix' | tr '\t' '|')" = "a b/|templates/" ] ||
  fail "list-objects-v2 with a delimiter"
[ "$(aws s3api list-objects-v2 --bucket "$bucket" --prefix "a b/" --query 'Contents[].Key')" = "a b/ü+&.yaml" ] || fail "list-objects-v2 --prefix"
[ "$(aws s3api list-objects-v2 --bucket "$bucket" --page-size 1 --query 'Contents[].Key' | wc -w)" = 3 ] || fail "list-objects-v2 one key a page"
aws s3 ls "s3://$bucket/templates/" | grep -q pack.yaml || fail "s3 ls"
ok "list-objects-v2: keys, delimiter, prefix, paging"

refused AccessDenied as "$key" "$secret" "$token" s3api get-object --bucket "$bucket" --key templates/pack.yaml "$work/x"
cat >"$work/org-policy.json" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [{
    "Sid": "OrgMembersRead",
    "Effect": "Allow",
    "Principal": "*",
    "Action": "s3:GetObject",
    "Resource": "arn:aws:s3:::$bucket/*",
    "Condition": {"StringEquals": {"aws:PrincipalOrgID": "$org"}}
  }]
}
JSON
aws s3api put-bucket-policy --bucket "$bucket" --policy "file://$work/org-policy.json"
[ "$(aws s3api get-bucket-policy --bucket "$bucket" --query Policy)" = "$(cat "$work/org-policy.json")" ] || fail "get-bucket-policy"
as "$key" "$secret" "$token" s3api get-object --bucket "$bucket" --key templates/pack.yaml "$work/member.yaml" >/dev/null ||
  fail "member get-object under the organization policy"
cmp -s "$work/template.yaml" "$work/member.yaml" || fail "member read another body"
refused AccessDenied as "$key" "$secret" "$token" s3api put-object --bucket "$bucket" --key x --body "$work/template.yaml"
ok "the organization policy admits the member's reads, and only them"

# The seed policy admits only the service-linked role of members, not
# OrganizationAccountAccessRole.
sed -e "s/awsconfigconformscustomer_bucket_name/$bucket/" -e "s/customer_org_id/$org/" >"$work/seed-policy.json" <<'JSON'
{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowGetObject",
            "Effect": "Allow",
            "Principal": "*",
            "Action": ["s3:GetObject", "s3:PutObject"],
            "Resource": "arn:aws:s3:::awsconfigconformscustomer_bucket_name/*",
            "Condition": {
                "StringEquals": {"aws:PrincipalOrgID": "customer_org_id"},
                "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/aws-service-role/config-conforms.amazonaws.com/AWSServiceRoleForConfigConforms"}
            }
        },
        {
            "Sid": "AllowGetBucketAcl",
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetBucketAcl",
            "Resource": "arn:aws:s3:::awsconfigconformscustomer_bucket_name",
            "Condition": {
                "StringEquals": {"aws:PrincipalOrgID": "customer_org_id"},
                "ArnLike": {"aws:PrincipalArn": "arn:aws:iam::*:role/aws-service-role/config-conforms.amazonaws.com/AWSServiceRoleForConfigConforms"}
            }
        }
    ]
}
JSON
aws s3api put-bucket-policy --bucket "$bucket" --policy "file://$work/seed-policy.json"
refused AccessDenied as "$key" "$secret" "$token" s3api get-object --bucket "$bucket" --key templates/pack.yaml "$work/x"
refused AccessDenied as "$key" "$secret" "$token" s3api get-bucket-acl --bucket "$bucket"
[ "$(aws s3api get-bucket-acl --bucket "$bucket" --query 'Grants[0].Permission')" = FULL_CONTROL ] || fail "get-bucket-acl"
ok "the seed policy refuses the member's OrganizationAccountAccessRole"

refused MalformedPolicy aws s3api put-bucket-policy --bucket "$bucket" --policy '{"Version":"2012-10-17","Statement":[]}'
refused MalformedPolicy aws s3api put-bucket-policy --bucket "$bucket" \
  --policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::elsewhere/*"}]}'
refused NoSuchKey aws s3api get-object --bucket "$bucket" --key missing.yaml "$work/x"
refused NoSuchBucket aws s3api list-objects-v2 --bucket awsconfigconforms-missing
refused BucketNotEmpty aws s3api delete-bucket --bucket "$bucket"
refused SignatureDoesNotMatch as "$(aws configure get aws_access_key_id)" wrong "" s3api list-objects-v2 --bucket "$bucket"
ok "malformed policies, missing keys and buckets, bad signatures refused"

stop
start
aws s3api get-object --bucket "$bucket" --key templates/pack.yaml "$work/after.yaml" >/dev/null || fail "get-object after restart"
cmp -s "$work/template.yaml" "$work/after.yaml" || fail "the template changed across a restart"
[ "$(aws s3api get-bucket-policy --bucket "$bucket" --query Policy)" = "$(cat "$work/seed-policy.json")" ] || fail "policy after restart"
ok "objects and policy survived a restart"

# A conformance pack deployed from the template in the bucket.
mgmt=$(aws sts get-caller-identity --query Account)
aws configservice put-configuration-recorder --configuration-recorder "name=default,roleARN=arn:aws:iam::$mgmt:role/config"
arn=$(aws configservice put-conformance-pack --conformance-pack-name e2e-pack --template-s3-uri "s3://$bucket/templates/pack.yaml" \
  --conformance-pack-input-parameters ParameterName=MaxAgeParam,ParameterValue=60 --query ConformancePackArn)
[[ $arn == arn:aws:config:us-east-1:$mgmt:conformance-pack/e2e-pack/conformance-pack-* ]] || fail "put-conformance-pack answered $arn"
pack_state() { aws configservice describe-conformance-pack-status --conformance-pack-names e2e-pack \
  --query 'ConformancePackStatusDetails[0].ConformancePackState'; }
for _ in $(seq 1 200); do state=$(pack_state); [ "$state" = CREATE_IN_PROGRESS ] || break; sleep 0.05; done
[ "$state" = CREATE_COMPLETE ] || fail "conformance pack state $state"
rule=$(aws configservice describe-config-rules --query 'ConfigRules[0].ConfigRuleName')
[[ $rule == iam-password-policy-conformance-pack-* ]] || fail "pack rule $rule"
refused AccessDeniedException aws configservice delete-config-rule --config-rule-name "$rule"
aws configservice delete-conformance-pack --conformance-pack-name e2e-pack
for _ in $(seq 1 200); do state=$(pack_state); [ "$state" = None ] && break; sleep 0.05; done
[ "$state" = None ] || fail "conformance pack still there after delete: $state"
ok "conformance pack deployed from s3://$bucket/templates/pack.yaml, its rule protected, then deleted"

aws s3api delete-bucket-policy --bucket "$bucket"
refused NoSuchBucketPolicy aws s3api get-bucket-policy --bucket "$bucket"
aws s3 rm --recursive "s3://$bucket/" >/dev/null || fail "s3 rm --recursive"
aws s3api delete-bucket --bucket "$bucket"
[ -z "$(aws s3api list-buckets --query 'Buckets[].Name')" ] || fail "bucket still listed"
ok "policy, objects and bucket deleted"

stop
echo "s3: $pass passed, 0 failed"
