package rules_test

import (
	"fmt"
	"testing"

	"conforms/rules"
)

const dbxTableCI = "rdk-example-ci/AWS_DynamoDB_Table.json"

// dbxProvisioned makes the corpus table a provisioned one with a global
// secondary index.
var dbxProvisioned = edits(
	set("configuration.billingModeSummary", map[string]any{"billingMode": "PROVISIONED"}),
	set("configuration.provisionedThroughput", map[string]any{"readCapacityUnits": 5, "writeCapacityUnits": 5, "numberOfDecreasesToday": 0}),
	set("configuration.globalSecondaryIndexes", []any{map[string]any{"indexName": "by-owner", "indexStatus": "ACTIVE",
		"keySchema":             []any{map[string]any{"attributeName": "owner", "keyType": "HASH"}},
		"provisionedThroughput": map[string]any{"readCapacityUnits": 5, "writeCapacityUnits": 5}}}),
)

// dbxScalableTarget is an AWS::ApplicationAutoScaling::ScalableTarget CI
// (CloudFormation property names).
func dbxScalableTarget(t *testing.T, resourceID, dimension string, min, max int) *rules.Item {
	return dbxItem(t, fmt.Sprintf(`{"configurationItemVersion":"1.3","awsAccountId":"123456789012","configurationItemStatus":"OK",
		"resourceType":"AWS::ApplicationAutoScaling::ScalableTarget","resourceId":"%[1]s|%[2]s|dynamodb","awsRegion":"us-east-2",
		"configuration":{"ServiceNamespace":"dynamodb","ResourceId":"%[1]s","ScalableDimension":"%[2]s","MinCapacity":%[3]d,"MaxCapacity":%[4]d,
			"RoleARN":"arn:aws:iam::123456789012:role/aws-service-role/dynamodb.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_DynamoDBTable"}}`,
		resourceID, dimension, min, max))
}

// dbxScalingPolicy is an AWS::ApplicationAutoScaling::ScalingPolicy CI with
// a target tracking configuration.
func dbxScalingPolicy(t *testing.T, resourceID, dimension string, target float64) *rules.Item {
	return dbxItem(t, fmt.Sprintf(`{"configurationItemVersion":"1.3","awsAccountId":"123456789012","configurationItemStatus":"OK",
		"resourceType":"AWS::ApplicationAutoScaling::ScalingPolicy","resourceId":"policy-%[1]s-%[2]s","awsRegion":"us-east-2",
		"configuration":{"PolicyName":"scale","PolicyType":"TargetTrackingScaling","ServiceNamespace":"dynamodb","ResourceId":"%[1]s",
			"ScalableDimension":"%[2]s","TargetTrackingScalingPolicyConfiguration":{"TargetValue":%[3]g,
			"PredefinedMetricSpecification":{"PredefinedMetricType":"DynamoDBReadCapacityUtilization"}}}}`, resourceID, dimension, target))
}

func TestDynamodbPitrEnabled(t *testing.T) {
	runCases(t, "DYNAMODB_PITR_ENABLED", []ruleCase{
		{name: "disabled", item: corpusItem(t, dbxTableCI, nil), want: rules.NonCompliant},
		{name: "enabled", item: corpusItem(t, dbxTableCI,
			set("supplementaryConfiguration.ContinuousBackupsDescription.pointInTimeRecoveryDescription.pointInTimeRecoveryStatus", "ENABLED")),
			want: rules.Compliant},
	})
}

func TestDynamodbTableEncryptedKms(t *testing.T) {
	const key = "arn:aws:kms:us-east-2:123456789012:key/0f7e1c2a-1111-2222-3333-444455556666"
	kms := set("configuration.ssedescription", map[string]any{"status": "ENABLED", "ssetype": "KMS", "kmsmasterKeyArn": key})
	runCases(t, "DYNAMODB_TABLE_ENCRYPTED_KMS", []ruleCase{
		{name: "AWS owned key", item: corpusItem(t, dbxTableCI, nil), want: rules.NonCompliant},
		{name: "KMS key", item: corpusItem(t, dbxTableCI, kms), want: rules.Compliant},
		{name: "KMS key listed", item: corpusItem(t, dbxTableCI, kms), params: `{"kmsKeyArns":"` + key + `"}`, want: rules.Compliant},
		{name: "KMS key not listed", item: corpusItem(t, dbxTableCI, kms), params: `{"kmsKeyArns":"arn:aws:kms:us-east-2:123456789012:key/other"}`,
			want: rules.NonCompliant},
		{name: "encryption being updated", item: corpusItem(t, dbxTableCI, set("configuration.ssedescription",
			map[string]any{"status": "UPDATING", "ssetype": "KMS", "kmsmasterKeyArn": key})), want: rules.NonCompliant},
	})
}

func TestDynamodbAutoscalingEnabled(t *testing.T) {
	full := func(readTarget float64) rules.Env {
		return dbxEnv(
			dbxScalableTarget(t, "table/test", "dynamodb:table:ReadCapacityUnits", 5, 100),
			dbxScalableTarget(t, "table/test", "dynamodb:table:WriteCapacityUnits", 5, 50),
			dbxScalableTarget(t, "table/test/index/by-owner", "dynamodb:index:ReadCapacityUnits", 5, 100),
			dbxScalableTarget(t, "table/test/index/by-owner", "dynamodb:index:WriteCapacityUnits", 5, 50),
			dbxScalingPolicy(t, "table/test", "dynamodb:table:ReadCapacityUnits", readTarget),
			dbxScalingPolicy(t, "table/test/index/by-owner", "dynamodb:index:ReadCapacityUnits", readTarget),
		)
	}
	tableOnly := dbxEnv(
		dbxScalableTarget(t, "table/test", "dynamodb:table:ReadCapacityUnits", 5, 100),
		dbxScalableTarget(t, "table/test", "dynamodb:table:WriteCapacityUnits", 5, 50),
	)
	runCases(t, "DYNAMODB_AUTOSCALING_ENABLED", []ruleCase{
		{name: "on demand", item: corpusItem(t, dbxTableCI, nil), want: rules.Compliant},
		{name: "provisioned, no scaling", item: corpusItem(t, dbxTableCI, dbxProvisioned), want: rules.NonCompliant},
		{name: "provisioned, scaled", item: corpusItem(t, dbxTableCI, dbxProvisioned), env: full(70), want: rules.Compliant},
		{name: "index not scaled", item: corpusItem(t, dbxTableCI, dbxProvisioned), env: tableOnly, want: rules.NonCompliant},
		{name: "minimum and maximum as asked", item: corpusItem(t, dbxTableCI, dbxProvisioned), env: full(70),
			params: `{"minProvisionedReadCapacity":5,"maxProvisionedReadCapacity":100,"maxProvisionedWriteCapacity":50}`, want: rules.Compliant},
		{name: "another maximum", item: corpusItem(t, dbxTableCI, dbxProvisioned), env: full(70),
			params: `{"maxProvisionedWriteCapacity":"80"}`, want: rules.NonCompliant},
		{name: "another minimum", item: corpusItem(t, dbxTableCI, dbxProvisioned), env: full(70),
			params: `{"minProvisionedWriteCapacity":"10"}`, want: rules.NonCompliant},
		{name: "target as asked", item: corpusItem(t, dbxTableCI, dbxProvisioned), env: full(70),
			params: `{"targetReadUtilization":"70"}`, want: rules.Compliant},
		{name: "another target", item: corpusItem(t, dbxTableCI, dbxProvisioned), env: full(50),
			params: `{"targetReadUtilization":"70.0"}`, want: rules.NonCompliant},
		{name: "no target tracking for writes", item: corpusItem(t, dbxTableCI, dbxProvisioned), env: full(70),
			params: `{"targetWriteUtilization":"70"}`, want: rules.NonCompliant},
	})
}
