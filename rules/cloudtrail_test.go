package rules_test

import (
	"testing"
	"time"

	"conforms/rules"
)

const trailxTrailCI = "rdk-example-ci/AWS_Cloudtrail_Trail.json"

// trailxTrail loads the corpus trail, moved to the account of accountItem
// (111122223333), with the edits.
func trailxTrail(t *testing.T, fs ...func(map[string]any)) *rules.Item {
	t.Helper()
	return corpusItem(t, trailxTrailCI, edits(append([]func(map[string]any){set("accountId", "111122223333")}, fs...)...))
}

// trailxEnv is an Env holding the trails.
func trailxEnv(trails ...*rules.Item) rules.Env {
	return rules.StaticEnv{At: testNow, ByType: map[string][]*rules.Item{"AWS::CloudTrail::Trail": trails}}
}

func trailxSelectors(v any) func(map[string]any) {
	return set("supplementaryConfiguration.EventSelectors", v)
}

func TestCloudTrailCloudWatchLogsEnabled(t *testing.T) {
	cw := set("configuration.cloudWatchLogsLogGroupArn", "arn:aws:logs:ap-southeast-1:123456789012:log-group:CloudTrail/APJC:*")
	delivered := func(at time.Time) func(map[string]any) {
		return set("supplementaryConfiguration.TrailStatus", map[string]any{"IsLogging": true,
			"LatestCloudWatchLogsDeliveryTime": float64(at.Unix())})
	}
	runCases(t, "CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED", []ruleCase{
		{name: "no log group", item: corpusItem(t, trailxTrailCI, nil), want: rules.NonCompliant},
		{name: "log group", item: corpusItem(t, trailxTrailCI, cw), want: rules.Compliant},
		{name: "recent delivery", item: corpusItem(t, trailxTrailCI, edits(cw, delivered(testNow.Add(-2*time.Hour)))),
			params: `{"expectedDeliveryWindowAge":"24"}`, want: rules.Compliant},
		{name: "recent delivery as text", item: corpusItem(t, trailxTrailCI, edits(cw, set("supplementaryConfiguration.TrailStatus",
			map[string]any{"LatestCloudWatchLogsDeliveryTime": "2026-11-24T11:00:00Z"}))), params: `{"expectedDeliveryWindowAge":"1"}`, want: rules.Compliant},
		{name: "stale delivery", item: corpusItem(t, trailxTrailCI, edits(cw, delivered(testNow.Add(-30*time.Hour)))),
			params: `{"expectedDeliveryWindowAge":"24"}`, want: rules.NonCompliant},
		{name: "no recorded delivery", item: corpusItem(t, trailxTrailCI, cw), params: `{"expectedDeliveryWindowAge":"24"}`, want: rules.NonCompliant},
	})
}

func TestCloudTrailEncryptionEnabled(t *testing.T) {
	runCases(t, "CLOUD_TRAIL_ENCRYPTION_ENABLED", []ruleCase{
		{name: "no KMS key", item: corpusItem(t, trailxTrailCI, nil), want: rules.NonCompliant},
		{name: "KMS key", item: corpusItem(t, trailxTrailCI, set("configuration.kmsKeyId",
			"arn:aws:kms:ap-southeast-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab")), want: rules.Compliant},
	})
}

func TestCloudTrailLogFileValidationEnabled(t *testing.T) {
	runCases(t, "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED", []ruleCase{
		{name: "validation on", item: corpusItem(t, trailxTrailCI, nil), want: rules.Compliant},
		{name: "validation off", item: corpusItem(t, trailxTrailCI, set("configuration.logFileValidationEnabled", false)), want: rules.NonCompliant},
	})
}

func TestCloudTrailEnabled(t *testing.T) {
	acct := accountItem(t, `{}`)
	stopped := set("supplementaryConfiguration.TrailStatus", map[string]any{"IsLogging": false})
	runCases(t, "CLOUD_TRAIL_ENABLED", []ruleCase{
		{name: "no trail", item: acct, want: rules.NonCompliant},
		{name: "a trail", item: acct, env: trailxEnv(trailxTrail(t)), want: rules.Compliant},
		{name: "a stopped trail", item: acct, env: trailxEnv(trailxTrail(t, stopped)), want: rules.NonCompliant},
		{name: "another account's trail", item: acct, env: trailxEnv(corpusItem(t, trailxTrailCI, nil)), want: rules.NonCompliant},
		{name: "the wanted bucket", item: acct, env: trailxEnv(trailxTrail(t)), params: `{"s3BucketName":"mborch-apjc-cloudtrail-bucket"}`,
			want: rules.Compliant},
		{name: "another bucket", item: acct, env: trailxEnv(trailxTrail(t)), params: `{"s3BucketName":"central-trail"}`, want: rules.NonCompliant},
		{name: "the wanted topic and log group", item: acct, env: trailxEnv(trailxTrail(t,
			set("configuration.snsTopicARN", "arn:aws:sns:ap-southeast-1:111122223333:trail"),
			set("configuration.cloudWatchLogsLogGroupArn", "arn:aws:logs:ap-southeast-1:111122223333:log-group:trail:*"))),
			params: `{"snsTopicArn":"arn:aws:sns:ap-southeast-1:111122223333:trail","cloudWatchLogsLogGroupArn":"arn:aws:logs:ap-southeast-1:111122223333:log-group:trail:*"}`,
			want:   rules.Compliant},
		{name: "no log group", item: acct, env: trailxEnv(trailxTrail(t)),
			params: `{"cloudWatchLogsLogGroupArn":"arn:aws:logs:ap-southeast-1:111122223333:log-group:trail:*"}`, want: rules.NonCompliant},
	})
}

func TestMultiRegionCloudTrailEnabled(t *testing.T) {
	acct := accountItem(t, `{}`)
	single := set("configuration.isMultiRegionTrail", false)
	writeOnly := trailxSelectors(map[string]any{"EventSelectors": []any{map[string]any{"ReadWriteType": "WriteOnly",
		"IncludeManagementEvents": true, "DataResources": []any{}, "ExcludeManagementEventSources": []any{}}}})
	runCases(t, "MULTI_REGION_CLOUD_TRAIL_ENABLED", []ruleCase{
		{name: "multi-region trail, default selectors", item: acct, env: trailxEnv(trailxTrail(t)), want: rules.Compliant},
		{name: "no trail", item: acct, want: rules.NonCompliant},
		{name: "single-region trail", item: acct, env: trailxEnv(trailxTrail(t, single)), want: rules.NonCompliant},
		{name: "one of two trails is multi-region", item: acct, env: trailxEnv(trailxTrail(t, single), trailxTrail(t)), want: rules.Compliant},
		{name: "another bucket", item: acct, env: trailxEnv(trailxTrail(t)), params: `{"s3BucketName":"central-trail"}`, want: rules.NonCompliant},
		{name: "write-only selector, ALL wanted", item: acct, env: trailxEnv(trailxTrail(t, writeOnly)), params: `{"readWriteType":"ALL"}`,
			want: rules.NonCompliant},
		{name: "write-only selector, WriteOnly wanted", item: acct, env: trailxEnv(trailxTrail(t, writeOnly)), params: `{"readWriteType":"WriteOnly"}`,
			want: rules.Compliant},
		{name: "management events excluded", item: acct, env: trailxEnv(trailxTrail(t, trailxSelectors([]any{map[string]any{
			"ReadWriteType": "All", "IncludeManagementEvents": true, "ExcludeManagementEventSources": []any{"kms.amazonaws.com"}}}))),
			want: rules.NonCompliant},
		{name: "data events only", item: acct, env: trailxEnv(trailxTrail(t, trailxSelectors([]any{map[string]any{
			"ReadWriteType": "All", "IncludeManagementEvents": false}}))), want: rules.NonCompliant},
		{name: "data events only, management not required", item: acct, env: trailxEnv(trailxTrail(t, trailxSelectors([]any{map[string]any{
			"ReadWriteType": "All", "IncludeManagementEvents": false}}))), params: `{"includeManagementEvents":false}`, want: rules.Compliant},
		{name: "advanced selector for read-only management events", item: acct, env: trailxEnv(trailxTrail(t, trailxSelectors(map[string]any{
			"AdvancedEventSelectors": []any{map[string]any{"Name": "mgmt", "FieldSelectors": []any{
				map[string]any{"Field": "eventCategory", "Equals": []any{"Management"}},
				map[string]any{"Field": "readOnly", "Equals": []any{"true"}}}}}}))),
			params: `{"readWriteType":"ReadOnly"}`, want: rules.Compliant},
	})
}

func TestCloudtrailS3DataeventsEnabled(t *testing.T) {
	acct := accountItem(t, `{}`)
	basic := func(values ...any) func(map[string]any) {
		return trailxSelectors(map[string]any{"EventSelectors": []any{map[string]any{"ReadWriteType": "All", "IncludeManagementEvents": true,
			"DataResources": []any{map[string]any{"Type": "AWS::S3::Object", "Values": values}}}}})
	}
	runCases(t, "CLOUDTRAIL_S3_DATAEVENTS_ENABLED", []ruleCase{
		{name: "no trail", item: acct, want: rules.NonCompliant},
		{name: "default selectors", item: acct, env: trailxEnv(trailxTrail(t)), want: rules.NonCompliant},
		{name: "all buckets", item: acct, env: trailxEnv(trailxTrail(t, basic("arn:aws:s3"))), want: rules.Compliant},
		{name: "one bucket, all wanted", item: acct, env: trailxEnv(trailxTrail(t, basic("arn:aws:s3:::data/"))), want: rules.NonCompliant},
		{name: "the wanted buckets", item: acct, env: trailxEnv(trailxTrail(t, basic("arn:aws:s3:::data/", "arn:aws:s3:::logs/"))),
			params: `{"S3BucketNames":"data, logs"}`, want: rules.Compliant},
		{name: "a wanted bucket missing", item: acct, env: trailxEnv(trailxTrail(t, basic("arn:aws:s3:::data/"))),
			params: `{"S3BucketNames":"data,logs"}`, want: rules.NonCompliant},
		{name: "advanced selector for all S3 objects", item: acct, env: trailxEnv(trailxTrail(t, trailxSelectors(map[string]any{
			"AdvancedEventSelectors": []any{map[string]any{"Name": "s3", "FieldSelectors": []any{
				map[string]any{"Field": "eventCategory", "Equals": []any{"Data"}},
				map[string]any{"Field": "resources.type", "Equals": []any{"AWS::S3::Object"}}}}}}))),
			want: rules.Compliant},
		{name: "advanced selector for one bucket", item: acct, env: trailxEnv(trailxTrail(t, trailxSelectors(map[string]any{
			"AdvancedEventSelectors": []any{map[string]any{"Name": "s3", "FieldSelectors": []any{
				map[string]any{"Field": "eventCategory", "Equals": []any{"Data"}},
				map[string]any{"Field": "resources.type", "Equals": []any{"AWS::S3::Object"}},
				map[string]any{"Field": "resources.ARN", "StartsWith": []any{"arn:aws:s3:::data/"}}}}}}))),
			params: `{"S3BucketNames":"data"}`, want: rules.Compliant},
		{name: "a stopped trail", item: acct, env: trailxEnv(trailxTrail(t, basic("arn:aws:s3"),
			set("supplementaryConfiguration.TrailStatus", map[string]any{"IsLogging": false}))), want: rules.NonCompliant},
	})
}
