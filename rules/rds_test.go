package rules_test

import (
	"testing"

	"conforms/rules"
)

const dbxInstanceCI = "rdk-example-ci/AWS_RDS_DBInstance.json"
const dbxSnapshotCI = "rdk-example-ci/AWS_RDS_DBSnapshot.json"

// dbxItem parses a CI written in a test.
func dbxItem(t *testing.T, ci string) *rules.Item {
	t.Helper()
	it, err := rules.ParseItem([]byte(ci))
	if err != nil {
		t.Fatal(err)
	}
	return it
}

// dbxEnv is an Env holding the items, at testNow.
func dbxEnv(items ...*rules.Item) rules.Env {
	env := rules.StaticEnv{At: testNow, ByType: map[string][]*rules.Item{}}
	for _, it := range items {
		env.ByType[it.ResourceType] = append(env.ByType[it.ResourceType], it)
	}
	return env
}

// dbxClusterSnapshot is an AWS::RDS::DBClusterSnapshot CI (notification
// spelling), shaped after the resource schema.
func dbxClusterSnapshot(t *testing.T, encrypted bool, restore string) *rules.Item {
	enc := "false"
	if encrypted {
		enc = "true"
	}
	return dbxItem(t, `{"configurationItemVersion":"1.3","awsAccountId":"111122223333","configurationItemStatus":"OK",
		"resourceType":"AWS::RDS::DBClusterSnapshot","resourceId":"rds:aurora-1-2026-11-20-05-10","resourceName":"rds:aurora-1-2026-11-20-05-10",
		"ARN":"arn:aws:rds:us-east-1:111122223333:cluster-snapshot:rds:aurora-1-2026-11-20-05-10","awsRegion":"us-east-1",
		"configuration":{"dbclusterSnapshotIdentifier":"rds:aurora-1-2026-11-20-05-10","dbclusterIdentifier":"aurora-1","engine":"aurora-mysql",
			"snapshotType":"automated","status":"available","storageEncrypted":`+enc+`,"port":3306},
		"supplementaryConfiguration":{"DBClusterSnapshotAttributes":[{"attributeName":"restore","attributeValues":[`+restore+`]}]}}`)
}

// dbxDBCluster is an AWS::RDS::DBCluster CI with the given Multi-AZ setting
// and log exports.
func dbxDBCluster(t *testing.T, multiAZ bool, logs string) *rules.Item {
	m := "false"
	if multiAZ {
		m = "true"
	}
	return dbxItem(t, `{"configurationItemVersion":"1.3","awsAccountId":"111122223333","configurationItemStatus":"OK",
		"resourceType":"AWS::RDS::DBCluster","resourceId":"cluster-ABCDEFGHIJKL","resourceName":"aurora-1","awsRegion":"us-east-1",
		"ARN":"arn:aws:rds:us-east-1:111122223333:cluster:aurora-1",
		"configuration":{"dbclusterIdentifier":"aurora-1","engine":"aurora-mysql","status":"available","multiAZ":`+m+`,
			"availabilityZones":["us-east-1a","us-east-1b"],"enabledCloudwatchLogsExports":[`+logs+`],"deletionProtection":true}}`)
}

func TestRdsInstancePublicAccessCheck(t *testing.T) {
	runCases(t, "RDS_INSTANCE_PUBLIC_ACCESS_CHECK", []ruleCase{
		{name: "publicly accessible", item: corpusItem(t, dbxInstanceCI, nil), want: rules.NonCompliant},
		{name: "private", item: corpusItem(t, dbxInstanceCI, set("configuration.publiclyAccessible", false)), want: rules.Compliant},
	})
}

func TestRdsStorageEncrypted(t *testing.T) {
	runCases(t, "RDS_STORAGE_ENCRYPTED", []ruleCase{
		{name: "encrypted", item: corpusItem(t, dbxInstanceCI, nil), want: rules.Compliant},
		{name: "not encrypted", item: corpusItem(t, dbxInstanceCI, set("configuration.storageEncrypted", false)), want: rules.NonCompliant},
		{name: "the wanted key by id", item: corpusItem(t, dbxInstanceCI, nil), params: `{"kmsKeyId":"e20f3a10-781f-4582-93d7-6dfe67cac827"}`, want: rules.Compliant},
		{name: "the wanted key by ARN", item: corpusItem(t, dbxInstanceCI, nil),
			params: `{"kmsKeyId":"arn:aws:kms:us-east-1:264683526309:key/e20f3a10-781f-4582-93d7-6dfe67cac827"}`, want: rules.Compliant},
		{name: "another key", item: corpusItem(t, dbxInstanceCI, nil), params: `{"kmsKeyId":"arn:aws:kms:us-east-1:264683526309:key/other"}`, want: rules.NonCompliant},
	})
}

func TestRdsSnapshotsPublicProhibited(t *testing.T) {
	runCases(t, "RDS_SNAPSHOTS_PUBLIC_PROHIBITED", []ruleCase{
		{name: "private DB snapshot", item: corpusItem(t, dbxSnapshotCI, nil), want: rules.Compliant},
		{name: "shared with one account", item: corpusItem(t, dbxSnapshotCI, set("supplementaryConfiguration.DBSnapshotAttributes",
			[]any{map[string]any{"attributeName": "restore", "attributeValues": []any{"444455556666"}}})), want: rules.Compliant},
		{name: "public DB snapshot", item: corpusItem(t, dbxSnapshotCI, set("supplementaryConfiguration.DBSnapshotAttributes",
			[]any{map[string]any{"attributeName": "restore", "attributeValues": []any{"all"}}})), want: rules.NonCompliant},
		{name: "private cluster snapshot", item: dbxClusterSnapshot(t, true, ""), want: rules.Compliant},
		{name: "public cluster snapshot", item: dbxClusterSnapshot(t, true, `"all"`), want: rules.NonCompliant},
	})
}

func TestRdsLoggingEnabled(t *testing.T) {
	available := set("configuration.dBInstanceStatus", "available")
	logs := func(l ...any) func(map[string]any) { return set("configuration.enabledCloudwatchLogsExports", l) }
	auroraInstance := edits(available, set("configuration.engine", "aurora-mysql"), set("configuration.dBClusterIdentifier", "aurora-1"))
	runCases(t, "RDS_LOGGING_ENABLED", []ruleCase{
		{name: "still creating", item: corpusItem(t, dbxInstanceCI, nil), want: rules.NotApplicable},
		{name: "mysql without logs", item: corpusItem(t, dbxInstanceCI, available), want: rules.NonCompliant},
		{name: "mysql with some logs", item: corpusItem(t, dbxInstanceCI, edits(available, logs("error", "general"))), want: rules.NonCompliant},
		{name: "mysql with all logs", item: corpusItem(t, dbxInstanceCI, edits(available, logs("audit", "error", "general", "slowquery"))),
			want: rules.Compliant},
		{name: "postgres with its logs", item: corpusItem(t, dbxInstanceCI, edits(available, set("configuration.engine", "postgres"),
			logs("postgresql", "upgrade"))), want: rules.Compliant},
		{name: "oracle edition without listener", item: corpusItem(t, dbxInstanceCI, edits(available, set("configuration.engine", "oracle-ee"),
			logs("alert", "audit", "trace"))), want: rules.NonCompliant},
		{name: "additional log missing", item: corpusItem(t, dbxInstanceCI, edits(available, logs("audit", "error", "general", "slowquery"))),
			params: `{"additionalLogs":"oracle: general ; mysql: iam-db-auth-error"}`, want: rules.NonCompliant},
		{name: "additional log present", item: corpusItem(t, dbxInstanceCI, edits(available, logs("audit", "error", "general", "slowquery", "iam-db-auth-error"))),
			params: `{"additionalLogs":"mysql: iam-db-auth-error"}`, want: rules.Compliant},
		{name: "aurora instance, cluster exports all", item: corpusItem(t, dbxInstanceCI, auroraInstance),
			env: dbxEnv(dbxDBCluster(t, true, `"audit","error","general","slowquery"`)), want: rules.Compliant},
		{name: "aurora instance, cluster exports some", item: corpusItem(t, dbxInstanceCI, auroraInstance),
			env: dbxEnv(dbxDBCluster(t, true, `"error"`)), want: rules.NonCompliant},
		{name: "engine without known logs, none exported", item: corpusItem(t, dbxInstanceCI, edits(available, set("configuration.engine", "db2-se"))),
			want: rules.NonCompliant},
	})
}

func TestRdsSnapshotEncrypted(t *testing.T) {
	runCases(t, "RDS_SNAPSHOT_ENCRYPTED", []ruleCase{
		{name: "encrypted DB snapshot", item: corpusItem(t, dbxSnapshotCI, nil), want: rules.Compliant},
		{name: "unencrypted DB snapshot", item: corpusItem(t, dbxSnapshotCI, set("configuration.encrypted", false)), want: rules.NonCompliant},
		{name: "encrypted cluster snapshot", item: dbxClusterSnapshot(t, true, ""), want: rules.Compliant},
		{name: "unencrypted cluster snapshot", item: dbxClusterSnapshot(t, false, ""), want: rules.NonCompliant},
	})
}

func TestDbInstanceBackupEnabled(t *testing.T) {
	replica := set("configuration.readReplicaSourceDBInstanceIdentifier", "myrdstest-source")
	runCases(t, "DB_INSTANCE_BACKUP_ENABLED", []ruleCase{
		{name: "backups on", item: corpusItem(t, dbxInstanceCI, nil), want: rules.Compliant},
		{name: "backups off", item: corpusItem(t, dbxInstanceCI, set("configuration.backupRetentionPeriod", 0)), want: rules.NonCompliant},
		{name: "exact period", item: corpusItem(t, dbxInstanceCI, nil), params: `{"backupRetentionPeriod":"7"}`, want: rules.Compliant},
		{name: "another period", item: corpusItem(t, dbxInstanceCI, nil), params: `{"backupRetentionPeriod":"14"}`, want: rules.NonCompliant},
		{name: "below the minimum", item: corpusItem(t, dbxInstanceCI, nil), params: `{"backupRetentionMinimum":"10"}`, want: rules.NonCompliant},
		{name: "above the minimum", item: corpusItem(t, dbxInstanceCI, nil), params: `{"backupRetentionMinimum":5}`, want: rules.Compliant},
		{name: "the window", item: corpusItem(t, dbxInstanceCI, nil), params: `{"preferredBackupWindow":"08:50-09:20"}`, want: rules.Compliant},
		{name: "another window", item: corpusItem(t, dbxInstanceCI, nil), params: `{"preferredBackupWindow":"01:00-01:30"}`, want: rules.NonCompliant},
		{name: "read replica skipped", item: corpusItem(t, dbxInstanceCI, edits(replica, set("configuration.backupRetentionPeriod", 0))),
			want: rules.NotApplicable},
		{name: "read replica checked", item: corpusItem(t, dbxInstanceCI, edits(replica, set("configuration.backupRetentionPeriod", 0))),
			params: `{"checkReadReplicas":"true"}`, want: rules.NonCompliant},
	})
	r, _ := rules.Lookup("DB_INSTANCE_BACKUP_ENABLED")
	if _, err := r.Evaluate(corpusItem(t, dbxInstanceCI, nil), rules.Params{"backupRetentionMinimum": "seven"}, dbxEnv()); err == nil {
		t.Error("a backupRetentionMinimum that is not a number was accepted")
	}
}

func TestRdsClusterMultiAzEnabled(t *testing.T) {
	runCases(t, "RDS_CLUSTER_MULTI_AZ_ENABLED", []ruleCase{
		{name: "multi-AZ", item: dbxDBCluster(t, true, ""), want: rules.Compliant},
		{name: "single AZ", item: dbxDBCluster(t, false, ""), want: rules.NonCompliant},
	})
}

func TestRdsMultiAzSupport(t *testing.T) {
	runCases(t, "RDS_MULTI_AZ_SUPPORT", []ruleCase{
		{name: "multi-AZ", item: corpusItem(t, dbxInstanceCI, nil), want: rules.Compliant},
		{name: "single AZ", item: corpusItem(t, dbxInstanceCI, set("configuration.multiAZ", false)), want: rules.NonCompliant},
		{name: "aurora instance", item: corpusItem(t, dbxInstanceCI, edits(set("configuration.multiAZ", false),
			set("configuration.engine", "aurora-postgresql"))), want: rules.NotApplicable},
	})
}

func TestRdsInstanceDeletionProtectionEnabled(t *testing.T) {
	protected := set("configuration.deletionProtection", true)
	runCases(t, "RDS_INSTANCE_DELETION_PROTECTION_ENABLED", []ruleCase{
		{name: "not recorded, so off", item: corpusItem(t, dbxInstanceCI, nil), want: rules.NonCompliant},
		{name: "protected", item: corpusItem(t, dbxInstanceCI, protected), want: rules.Compliant},
		{name: "engine listed", item: corpusItem(t, dbxInstanceCI, nil), params: `{"databaseEngines":"mysql, postgres"}`, want: rules.NonCompliant},
		{name: "engine not listed", item: corpusItem(t, dbxInstanceCI, nil), params: `{"databaseEngines":"postgres,mariadb"}`, want: rules.NotApplicable},
		{name: "aurora instance of a cluster", item: corpusItem(t, dbxInstanceCI, edits(set("configuration.engine", "aurora-mysql"),
			set("configuration.dBClusterIdentifier", "aurora-1"))), want: rules.NotApplicable},
	})
}
