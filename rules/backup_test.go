package rules_test

import (
	"fmt"
	"testing"

	"conforms/rules"
)

// backupxCacheCluster is an AWS::ElastiCache::CacheCluster CI
// (DescribeCacheClusters' CacheCluster, camelCase).
func backupxCacheCluster(t *testing.T, engine string, retention int, group string) *rules.Item {
	return dbxItem(t, fmt.Sprintf(`{"configurationItemVersion":"1.3","awsAccountId":"111122223333","configurationItemStatus":"OK",
		"resourceType":"AWS::ElastiCache::CacheCluster","resourceId":"sessions-001","resourceName":"sessions-001","awsRegion":"us-east-1",
		"ARN":"arn:aws:elasticache:us-east-1:111122223333:cluster:sessions-001",
		"configuration":{"cacheClusterId":"sessions-001","cacheNodeType":"cache.t3.micro","engine":"%s","engineVersion":"7.1.0",
			"cacheClusterStatus":"available","numCacheNodes":1,"replicationGroupId":"%s","snapshotRetentionLimit":%d,"snapshotWindow":"05:00-06:00"}}`,
		engine, group, retention))
}

// backupxReplicationGroup is an AWS::ElastiCache::ReplicationGroup CI.
func backupxReplicationGroup(t *testing.T, retention int) *rules.Item {
	return dbxItem(t, fmt.Sprintf(`{"configurationItemVersion":"1.3","awsAccountId":"111122223333","configurationItemStatus":"OK",
		"resourceType":"AWS::ElastiCache::ReplicationGroup","resourceId":"sessions","resourceName":"sessions","awsRegion":"us-east-1",
		"configuration":{"replicationGroupId":"sessions","status":"available","memberClusters":["sessions-001","sessions-002"],
			"automaticFailover":"enabled","snapshotRetentionLimit":%d,"snapshotWindow":"05:00-06:00","engine":"redis"}}`, retention))
}

// backupxFileSystem is an AWS::EFS::FileSystem CI (CloudFormation property
// names, as the resource schema has them).
func backupxFileSystem(t *testing.T, encrypted bool, key string) *rules.Item {
	return dbxItem(t, fmt.Sprintf(`{"configurationItemVersion":"1.3","awsAccountId":"111122223333","configurationItemStatus":"OK",
		"resourceType":"AWS::EFS::FileSystem","resourceId":"fs-0123456789abcdef0","awsRegion":"us-east-1",
		"ARN":"arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0","tags":{"backup":"daily"},
		"configuration":{"FileSystemId":"fs-0123456789abcdef0","Arn":"arn:aws:elasticfilesystem:us-east-1:111122223333:file-system/fs-0123456789abcdef0",
			"Encrypted":%t,"KmsKeyId":"%s","PerformanceMode":"generalPurpose","ThroughputMode":"bursting","BackupPolicy":{"Status":"DISABLED"}}}`,
		encrypted, key))
}

// backupxSelection is an AWS::Backup::BackupSelection CI of plan
// "plan-1" with the given BackupSelection object.
func backupxSelection(t *testing.T, selection string) *rules.Item {
	return dbxItem(t, `{"configurationItemVersion":"1.3","awsAccountId":"111122223333","configurationItemStatus":"OK",
		"resourceType":"AWS::Backup::BackupSelection","resourceId":"sel-1","resourceName":"sel","awsRegion":"us-east-1",
		"configuration":{"BackupPlanId":"plan-1","SelectionId":"sel-1","BackupSelection":`+selection+`}}`)
}

// backupxPlan is an AWS::Backup::BackupPlan CI with the given rules.
func backupxPlan(t *testing.T, id, rules_ string) *rules.Item {
	return dbxItem(t, `{"configurationItemVersion":"1.3","awsAccountId":"111122223333","configurationItemStatus":"OK",
		"resourceType":"AWS::Backup::BackupPlan","resourceId":"`+id+`","resourceName":"daily","awsRegion":"us-east-1",
		"ARN":"arn:aws:backup:us-east-1:111122223333:backup-plan:`+id+`",
		"configuration":{"BackupPlanId":"`+id+`","BackupPlanArn":"arn:aws:backup:us-east-1:111122223333:backup-plan:`+id+`","VersionId":"v1",
			"BackupPlan":{"BackupPlanName":"daily","BackupPlanRule":[`+rules_+`]}}}`)
}

func TestElasticacheRedisClusterAutomaticBackupCheck(t *testing.T) {
	runCases(t, "ELASTICACHE_REDIS_CLUSTER_AUTOMATIC_BACKUP_CHECK", []ruleCase{
		{name: "redis, 15 days", item: backupxCacheCluster(t, "redis", 15, ""), want: rules.Compliant},
		{name: "redis, 7 days", item: backupxCacheCluster(t, "redis", 7, ""), want: rules.NonCompliant},
		{name: "redis, 7 days, parameter 7", item: backupxCacheCluster(t, "redis", 7, ""), params: `{"snapshotRetentionPeriod":"7"}`, want: rules.Compliant},
		{name: "redis, no backups", item: backupxCacheCluster(t, "redis", 0, ""), params: `{"snapshotRetentionPeriod":"1"}`, want: rules.NonCompliant},
		{name: "memcached", item: backupxCacheCluster(t, "memcached", 0, ""), want: rules.NotApplicable},
		{name: "member of a group", item: backupxCacheCluster(t, "redis", 0, "sessions"), want: rules.NotApplicable},
		{name: "replication group, 20 days", item: backupxReplicationGroup(t, 20), want: rules.Compliant},
		{name: "replication group, 1 day", item: backupxReplicationGroup(t, 1), want: rules.NonCompliant},
	})
}

func TestEfsEncryptedCheck(t *testing.T) {
	const key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	runCases(t, "EFS_ENCRYPTED_CHECK", []ruleCase{
		{name: "encrypted", item: backupxFileSystem(t, true, key), want: rules.Compliant},
		{name: "not encrypted", item: backupxFileSystem(t, false, ""), want: rules.NonCompliant},
		{name: "the wanted key", item: backupxFileSystem(t, true, key), params: `{"KmsKeyId":"` + key + `"}`, want: rules.Compliant},
		{name: "another key", item: backupxFileSystem(t, true, key), params: `{"KmsKeyId":"arn:aws:kms:us-east-1:111122223333:key/other"}`,
			want: rules.NonCompliant},
	})
}

func TestDynamodbInBackupPlan(t *testing.T) {
	table := corpusItem(t, dbxTableCI, set("tags", map[string]any{"backup": "daily"}))
	plan := backupxPlan(t, "plan-1", `{"RuleName":"daily","ScheduleExpression":"cron(0 5 ? * * *)","Lifecycle":{"DeleteAfterDays":35}}`)
	runCases(t, "DYNAMODB_IN_BACKUP_PLAN", []ruleCase{
		{name: "no selections", item: table, want: rules.NonCompliant},
		{name: "selected by ARN", item: table, env: dbxEnv(plan, backupxSelection(t, `{"SelectionName":"sel","IamRoleArn":"arn:aws:iam::111122223333:role/backup",
			"Resources":["arn:aws:dynamodb:us-east-2:123456789012:table/test"]}`)), want: rules.Compliant},
		{name: "selected by wildcard", item: table, env: dbxEnv(backupxSelection(t, `{"SelectionName":"sel","Resources":["arn:aws:dynamodb:*:*:table/*"]}`)),
			want: rules.Compliant},
		{name: "another table", item: table, env: dbxEnv(backupxSelection(t, `{"SelectionName":"sel","Resources":["arn:aws:dynamodb:*:*:table/orders"]}`)),
			want: rules.NonCompliant},
		{name: "excluded", item: table, env: dbxEnv(backupxSelection(t, `{"SelectionName":"sel","Resources":["*"],
			"NotResources":["arn:aws:dynamodb:*:*:table/test"]}`)), want: rules.NonCompliant},
		{name: "selected by tag", item: table, env: dbxEnv(backupxSelection(t, `{"SelectionName":"sel",
			"ListOfTags":[{"ConditionType":"STRINGEQUALS","ConditionKey":"backup","ConditionValue":"daily"}]}`)), want: rules.Compliant},
		{name: "wildcard and a condition that holds", item: table, env: dbxEnv(backupxSelection(t, `{"SelectionName":"sel","Resources":["*"],
			"Conditions":{"StringEquals":[{"ConditionKey":"aws:ResourceTag/backup","ConditionValue":"daily"}],"StringNotEquals":[],
			"StringLike":[{"ConditionKey":"aws:ResourceTag/backup","ConditionValue":"da*"}],"StringNotLike":[]}}`)), want: rules.Compliant},
		{name: "wildcard and a condition that fails", item: table, env: dbxEnv(backupxSelection(t, `{"SelectionName":"sel","Resources":["*"],
			"Conditions":{"StringNotEquals":[{"ConditionKey":"aws:ResourceTag/backup","ConditionValue":"daily"}]}}`)), want: rules.NonCompliant},
		{name: "selection of a deleted plan", item: table, env: dbxEnv(backupxPlan(t, "plan-2", ""),
			backupxSelection(t, `{"SelectionName":"sel","Resources":["*"]}`)), want: rules.NonCompliant},
	})
}

func TestEfsInBackupPlan(t *testing.T) {
	fs := backupxFileSystem(t, true, "")
	runCases(t, "EFS_IN_BACKUP_PLAN", []ruleCase{
		{name: "selected", item: fs, env: dbxEnv(backupxSelection(t, `{"SelectionName":"sel","Resources":["arn:aws:elasticfilesystem:*:*:file-system/*"]}`)),
			want: rules.Compliant},
		{name: "not selected", item: fs, env: dbxEnv(backupxSelection(t, `{"SelectionName":"sel","Resources":["arn:aws:ec2:*:*:volume/*"]}`)),
			want: rules.NonCompliant},
	})
}

func TestEbsInBackupPlan(t *testing.T) {
	vol := corpusItem(t, "rdk-example-ci/AWS_EC2_Volume.json", nil)
	runCases(t, "EBS_IN_BACKUP_PLAN", []ruleCase{
		{name: "selected", item: vol, env: dbxEnv(backupxSelection(t, `{"SelectionName":"sel","Resources":["arn:aws:ec2:*:*:volume/*"]}`)),
			want: rules.Compliant},
		{name: "no plan", item: vol, want: rules.NonCompliant},
	})
}

func TestRdsInBackupPlan(t *testing.T) {
	aurora := corpusItem(t, dbxInstanceCI, edits(set("configuration.engine", "aurora-mysql"), set("configuration.dBClusterIdentifier", "aurora-1")))
	runCases(t, "RDS_IN_BACKUP_PLAN", []ruleCase{
		{name: "selected", item: corpusItem(t, dbxInstanceCI, nil), env: dbxEnv(backupxSelection(t,
			`{"SelectionName":"sel","Resources":["arn:aws:rds:us-east-1:264683526309:db:myrdstest"]}`)), want: rules.Compliant},
		{name: "not selected", item: corpusItem(t, dbxInstanceCI, nil), env: dbxEnv(backupxSelection(t,
			`{"SelectionName":"sel","Resources":["arn:aws:rds:us-east-1:264683526309:db:other"]}`)), want: rules.NonCompliant},
		{name: "its cluster selected", item: aurora, env: dbxEnv(backupxSelection(t,
			`{"SelectionName":"sel","Resources":["arn:aws:rds:*:*:cluster:*"]}`)), want: rules.Compliant},
	})
}

func TestBackupPlanMinFrequencyAndMinRetentionCheck(t *testing.T) {
	rule := func(schedule string, days int) string {
		return fmt.Sprintf(`{"RuleName":"r","TargetBackupVault":"Default","ScheduleExpression":%q,"StartWindowMinutes":60,
			"CompletionWindowMinutes":180,"Lifecycle":{"DeleteAfterDays":%d}}`, schedule, days)
	}
	runCases(t, "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", []ruleCase{
		{name: "daily, 35 days", item: backupxPlan(t, "p", rule("cron(0 5 ? * * *)", 35)), want: rules.Compliant},
		{name: "daily, 7 days", item: backupxPlan(t, "p", rule("cron(0 5 ? * * *)", 7)), want: rules.NonCompliant},
		{name: "weekly", item: backupxPlan(t, "p", rule("cron(0 5 ? * SUN *)", 35)), want: rules.NonCompliant},
		{name: "weekly, weekly asked", item: backupxPlan(t, "p", rule("cron(0 5 ? * SUN *)", 35)), params: `{"requiredFrequencyValue":"7"}`,
			want: rules.Compliant},
		{name: "weekdays only", item: backupxPlan(t, "p", rule("cron(0 5 ? * MON-FRI *)", 35)), want: rules.NonCompliant},
		{name: "monthly, 31 days asked", item: backupxPlan(t, "p", rule("cron(0 5 1 * ? *)", 365)), params: `{"requiredFrequencyValue":"31"}`,
			want: rules.Compliant},
		{name: "every 12 hours, hourly asked", item: backupxPlan(t, "p", rule("cron(0 */12 ? * * *)", 35)),
			params: `{"requiredFrequencyUnit":"hours","requiredFrequencyValue":"12"}`, want: rules.Compliant},
		{name: "daily, 12 hours asked", item: backupxPlan(t, "p", rule("cron(0 5 ? * * *)", 35)),
			params: `{"requiredFrequencyUnit":"hours","requiredFrequencyValue":"12"}`, want: rules.NonCompliant},
		{name: "rate", item: backupxPlan(t, "p", rule("rate(1 hour)", 35)), params: `{"requiredFrequencyUnit":"hours","requiredFrequencyValue":"1"}`,
			want: rules.Compliant},
		{name: "one good rule of two", item: backupxPlan(t, "p", rule("cron(0 5 ? * SUN *)", 90)+","+rule("cron(30 1 * * ? *)", 35)), want: rules.Compliant},
		{name: "kept forever", item: backupxPlan(t, "p", `{"RuleName":"r","ScheduleExpression":"cron(0 5 ? * * *)"}`), want: rules.Compliant},
		{name: "default schedule", item: backupxPlan(t, "p", `{"RuleName":"r","Lifecycle":{"DeleteAfterDays":35}}`), want: rules.Compliant},
		{name: "no rules", item: backupxPlan(t, "p", ""), want: rules.NonCompliant},
		{name: "retention asked lower", item: backupxPlan(t, "p", rule("cron(0 5 ? * * *)", 7)), params: `{"requiredRetentionDays":"7"}`,
			want: rules.Compliant},
	})
	r, _ := rules.Lookup("BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK")
	for _, bad := range []rules.Params{{"requiredFrequencyUnit": "weeks"}, {"requiredFrequencyUnit": "hours", "requiredFrequencyValue": "25"},
		{"requiredFrequencyValue": "32"}, {"requiredRetentionDays": "x"}} {
		if _, err := r.Evaluate(backupxPlan(t, "p", rule("cron(0 5 ? * * *)", 35)), bad, dbxEnv()); err == nil {
			t.Errorf("parameters %v accepted", bad)
		}
	}
}
