#!/usr/bin/env bash
# Checks that requests signed by every client we support verify against the
# real binary: curl --aws-sigv4, boto3, the AWS SDK for JavaScript v3 (the
# AWS CLI v2 and aws-sdk-go-v2 have their own tests: e2e/cli.sh, go test).
#
# Usage: e2e/clients.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. e2e/lib.sh
start
key=$(sed -n 's/^aws_access_key_id = //p' "$work/data/credentials")
secret=$(sed -n 's/^aws_secret_access_key = //p' "$work/data/credentials")

# curl signs with --aws-sigv4; create the organization with it.
out=$(curl -fsS --aws-sigv4 "aws:amz:us-east-1:organizations" --user "$key:$secret" \
  -H 'Content-Type: application/x-amz-json-1.1' -H 'X-Amz-Target: AWSOrganizationsV20161128.CreateOrganization' \
  -d '{"FeatureSet":"ALL"}' "$endpoint/") || fail "curl CreateOrganization"
grep -q '"Id":"o-' <<<"$out" || fail "curl CreateOrganization answered $out"
status=$(curl -s -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:us-east-1:organizations" --user "$key:wrong" \
  -H 'Content-Type: application/x-amz-json-1.1' -H 'X-Amz-Target: AWSOrganizationsV20161128.DescribeOrganization' -d '{}' "$endpoint/")
[ "$status" = 400 ] || fail "curl with a wrong secret got $status"
ok "curl --aws-sigv4"

python3 - "$endpoint" "$key" "$secret" <<'PY' || fail "boto3"
import sys, boto3, botocore
endpoint, key, secret = sys.argv[1:]
kw = dict(endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret)
ident = boto3.client("sts", **kw).get_caller_identity()
org = boto3.client("organizations", **kw).describe_organization()["Organization"]
assert org["MasterAccountId"] == ident["Account"], (org, ident)
try:
    boto3.client("config", **kw).put_organization_conformance_pack(OrganizationConformancePackName="x y", TemplateBody="{}")
    raise SystemExit("bad name accepted")
except botocore.exceptions.ClientError as e:
    assert e.response["Error"]["Code"] == "ValidationException", e.response
print("boto3", botocore.__version__, ident["Arn"])
PY
ok "boto3"

python3 - "$endpoint" "$key" "$secret" <<'PY' || fail "boto3 S3"
import sys, boto3, botocore.config
endpoint, key, secret = sys.argv[1:]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id=key, aws_secret_access_key=secret,
                  config=botocore.config.Config(s3={"addressing_style": "path"}))
s3.create_bucket(Bucket="awsconfigconforms-boto3")
s3.put_object(Bucket="awsconfigconforms-boto3", Key="a b/ü.json", Body=b'{"hello":"world"}\n')
got = s3.get_object(Bucket="awsconfigconforms-boto3", Key="a b/ü.json")["Body"].read()
assert got == b'{"hello":"world"}\n', got
keys = [o["Key"] for o in s3.list_objects_v2(Bucket="awsconfigconforms-boto3")["Contents"]]
assert keys == ["a b/ü.json"], keys
PY
ok "boto3 S3 (path-style, over HTTP)"

if [ ! -d e2e/js/node_modules ]; then
  (cd e2e/js && npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1) || fail "npm ci"
fi
node e2e/js/check.mjs "$endpoint" "$key" "$secret" 2>"$work/node.err" || { cat "$work/node.err" >&2; fail "AWS SDK for JavaScript v3"; }
ok "AWS SDK for JavaScript v3"

echo "clients: $pass passed, 0 failed"
