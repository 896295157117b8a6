#!/usr/bin/env bash
# Evaluation end to end with the AWS CLI v2 and conforms import against the
# real binary: recording on, two managed rules, a snapshot file of corpus
# configuration items imported with `conforms import`, then the compliance
# details, the rules' compliance, a resource's history and an organization
# aggregator's view, all read with the CLI.
#
# Usage: e2e/evaluation.sh   (AWS_CLI overrides the CLI, /usr/bin/aws by default)
set -euo pipefail

cd "$(dirname "$0")/.."
. e2e/lib.sh
ci=../shared/corpus/configuration-items/rdk-example-ci
[ -d "$ci" ] || fail "no corpus CIs at $ci"

start
aws organizations create-organization --feature-set ALL >/dev/null
acct=$(aws sts get-caller-identity --query Account)
aws configservice put-configuration-recorder --configuration-recorder name=default,roleARN=arn:aws:iam::$acct:role/config
aws configservice put-delivery-channel --delivery-channel name=default,s3BucketName=config-bucket
aws configservice start-configuration-recorder --configuration-recorder-name default
aws configservice put-config-rule --config-rule '{"ConfigRuleName":"versioning","Source":{"Owner":"AWS","SourceIdentifier":"S3_BUCKET_VERSIONING_ENABLED"}}'
aws configservice put-config-rule --config-rule '{"ConfigRuleName":"restricted-ssh","Source":{"Owner":"AWS","SourceIdentifier":"INCOMING_SSH_DISABLED"}}'
ok "recording, with two managed rules"

python3 - "$ci" "$acct" >"$work/snapshot.json" <<'PY'
import json, sys
ci, acct = sys.argv[1], sys.argv[2]
items = []
for name, edit in [("AWS_S3_Bucket.json", None), ("AWS_S3_Bucket.json", "suspend"), ("AWS_EC2_SecurityGroup.json", None)]:
    item = json.load(open(f"{ci}/{name}"))
    item.pop("accountId", None)
    item["awsAccountId"] = acct
    if edit == "suspend":
        item["resourceId"] = item["resourceName"] = "suspended-bucket"
        item["supplementaryConfiguration"]["BucketVersioningConfiguration"] = {"status": "Suspended"}
    items.append(item)
print(json.dumps({"fileVersion": "1.0", "configSnapshotId": "e2e", "configurationItems": items}))
PY
"$work/conforms" import --endpoint "$endpoint" "$work/snapshot.json" 2>"$work/import.log" || fail "import: $(cat "$work/import.log")"
grep -q "1/1 files, 3 items" "$work/import.log" || fail "import progress: $(cat "$work/import.log")"
ok "conforms import recorded 3 configuration items"

[ "$(aws configservice get-compliance-details-by-config-rule --config-rule-name versioning --compliance-types NON_COMPLIANT \
  --query 'EvaluationResults[].EvaluationResultIdentifier.EvaluationResultQualifier.ResourceId')" = suspended-bucket ] ||
  fail "versioning details: $(aws configservice get-compliance-details-by-config-rule --config-rule-name versioning)"
[ "$(aws configservice describe-compliance-by-config-rule --query 'ComplianceByConfigRules[].[ConfigRuleName,Compliance.ComplianceType]' |
  tr '\t\n' ' ')" = "restricted-ssh NON_COMPLIANT versioning NON_COMPLIANT " ] ||
  fail "rule compliance: $(aws configservice describe-compliance-by-config-rule)"
ok "compliance per resource and per rule"

[ "$(aws configservice get-resource-config-history --resource-type AWS::S3::Bucket --resource-id suspended-bucket \
  --query 'length(configurationItems)')" = 1 ] || fail "history"
[ "$(aws configservice get-discovered-resource-counts --query totalDiscoveredResources)" = 3 ] || fail "resource counts"
ok "history and resource counts"

aws configservice put-configuration-aggregator --configuration-aggregator-name org \
  --organization-aggregation-source "RoleArn=arn:aws:iam::$acct:role/aggregator,AllAwsRegions=true" >/dev/null
[ "$(aws configservice describe-aggregate-compliance-by-config-rules --configuration-aggregator-name org \
  --filters ComplianceType=NON_COMPLIANT --query 'length(AggregateComplianceByConfigRules)')" = 2 ] || fail "aggregator"
ok "an organization aggregator sees both failing rules"

stop
echo "e2e/evaluation.sh: $pass checks passed"
