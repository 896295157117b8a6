package rules_test

import (
	"testing"

	"conforms/rules"
)

const dbxRedshiftCI = "rdk-example-ci/AWS_Redshift_Cluster.json"

// dbxParameterGroup is an AWS::Redshift::ClusterParameterGroup CI (API
// spelling), its parameters as DescribeClusterParameters lists them.
func dbxParameterGroup(t *testing.T, name, requireSSL string) *rules.Item {
	return dbxItem(t, `{"version":"1.3","accountId":"382822795712","configurationItemStatus":"OK",
		"resourceType":"AWS::Redshift::ClusterParameterGroup","resourceId":"`+name+`","resourceName":"`+name+`","awsRegion":"us-west-2",
		"configuration":"{\"parameterGroupName\":\"`+name+`\",\"parameterGroupFamily\":\"redshift-1.0\",\"description\":\"test\"}",
		"supplementaryConfiguration":{"Parameters":"[{\"parameterName\":\"enable_user_activity_logging\",\"parameterValue\":\"true\",\"source\":\"user\"},{\"parameterName\":\"require_ssl\",\"parameterValue\":\"`+requireSSL+`\",\"dataType\":\"boolean\",\"source\":\"user\",\"isModifiable\":true}]"}}`)
}

func TestRedshiftClusterPublicAccessCheck(t *testing.T) {
	runCases(t, "REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK", []ruleCase{
		{name: "public", item: corpusItem(t, dbxRedshiftCI, nil), want: rules.NonCompliant},
		{name: "private", item: corpusItem(t, dbxRedshiftCI, set("configuration.publiclyAccessible", false)), want: rules.Compliant},
	})
}

func TestRedshiftClusterConfigurationCheck(t *testing.T) {
	runCases(t, "REDSHIFT_CLUSTER_CONFIGURATION_CHECK", []ruleCase{
		{name: "encrypted and logging", item: corpusItem(t, dbxRedshiftCI, nil), want: rules.Compliant},
		{name: "not encrypted", item: corpusItem(t, dbxRedshiftCI, set("configuration.encrypted", false)), want: rules.NonCompliant},
		{name: "not encrypted, not asked", item: corpusItem(t, dbxRedshiftCI, set("configuration.encrypted", false)),
			params: `{"clusterDbEncrypted":"false"}`, want: rules.Compliant},
		{name: "no audit logging", item: corpusItem(t, dbxRedshiftCI, set("supplementaryConfiguration.LoggingStatus.loggingEnabled", false)),
			want: rules.NonCompliant},
		{name: "no audit logging, not asked", item: corpusItem(t, dbxRedshiftCI, set("supplementaryConfiguration.LoggingStatus.loggingEnabled", false)),
			params: `{"loggingEnabled":false}`, want: rules.Compliant},
		{name: "node type listed", item: corpusItem(t, dbxRedshiftCI, nil), params: `{"nodeTypes":"ra3.xlplus, dc1.large"}`, want: rules.Compliant},
		{name: "node type not listed", item: corpusItem(t, dbxRedshiftCI, nil), params: `{"nodeTypes":"ra3.xlplus"}`, want: rules.NonCompliant},
	})
}

func TestRedshiftRequireTlsSsl(t *testing.T) {
	inGroup := set("configuration.clusterParameterGroups", []any{map[string]any{"parameterGroupName": "secure", "parameterApplyStatus": "in-sync"}})
	cluster := corpusItem(t, dbxRedshiftCI, inGroup)
	runCases(t, "REDSHIFT_REQUIRE_TLS_SSL", []ruleCase{
		{name: "group requires SSL", item: cluster, env: dbxEnv(dbxParameterGroup(t, "secure", "true")), want: rules.Compliant},
		{name: "group does not", item: cluster, env: dbxEnv(dbxParameterGroup(t, "secure", "false")), want: rules.NonCompliant},
		{name: "group not recorded", item: cluster, want: rules.NotApplicable},
		{name: "default group", item: corpusItem(t, dbxRedshiftCI, nil), want: rules.NonCompliant},
		{name: "the group itself, requiring SSL", item: dbxParameterGroup(t, "secure", "true"), want: rules.Compliant},
		{name: "the group itself, used without SSL", item: dbxParameterGroup(t, "secure", "false"), env: dbxEnv(cluster), want: rules.NonCompliant},
		{name: "the group itself, unused", item: dbxParameterGroup(t, "secure", "false"), want: rules.NotApplicable},
	})
}

func TestRedshiftBackupEnabled(t *testing.T) {
	runCases(t, "REDSHIFT_BACKUP_ENABLED", []ruleCase{
		{name: "one day", item: corpusItem(t, dbxRedshiftCI, nil), want: rules.Compliant},
		{name: "disabled", item: corpusItem(t, dbxRedshiftCI, set("configuration.automatedSnapshotRetentionPeriod", 0)), want: rules.NonCompliant},
		{name: "below the minimum", item: corpusItem(t, dbxRedshiftCI, nil), params: `{"MinRetentionPeriod":"7"}`, want: rules.NonCompliant},
		{name: "above the maximum", item: corpusItem(t, dbxRedshiftCI, set("configuration.automatedSnapshotRetentionPeriod", 30)),
			params: `{"MinRetentionPeriod":"7","MaxRetentionPeriod":"14"}`, want: rules.NonCompliant},
		{name: "within", item: corpusItem(t, dbxRedshiftCI, set("configuration.automatedSnapshotRetentionPeriod", 10)),
			params: `{"MinRetentionPeriod":"7","MaxRetentionPeriod":"14"}`, want: rules.Compliant},
	})
	r, _ := rules.Lookup("REDSHIFT_BACKUP_ENABLED")
	for _, bad := range []rules.Params{{"MaxRetentionPeriod": "36"}, {"MinRetentionPeriod": "10", "MaxRetentionPeriod": "5"}, {"MinRetentionPeriod": "x"}} {
		if _, err := r.Evaluate(corpusItem(t, dbxRedshiftCI, nil), bad, dbxEnv()); err == nil {
			t.Errorf("parameters %v accepted", bad)
		}
	}
}

func TestRedshiftClusterKmsEnabled(t *testing.T) {
	const key = "arn:aws:kms:us-west-2:382822795712:key/1734c784-c7d1-443c-8629-aef34db98b30"
	runCases(t, "REDSHIFT_CLUSTER_KMS_ENABLED", []ruleCase{
		{name: "KMS encrypted", item: corpusItem(t, dbxRedshiftCI, nil), want: rules.Compliant},
		{name: "not encrypted", item: corpusItem(t, dbxRedshiftCI, edits(set("configuration.encrypted", false), set("configuration.kmsKeyId", nil))),
			want: rules.NonCompliant},
		{name: "listed key", item: corpusItem(t, dbxRedshiftCI, nil), params: `{"kmsKeyArns":"arn:aws:kms:us-west-2:382822795712:key/other,` + key + `"}`,
			want: rules.Compliant},
		{name: "unlisted key", item: corpusItem(t, dbxRedshiftCI, nil), params: `{"kmsKeyArns":"arn:aws:kms:us-west-2:382822795712:key/other"}`,
			want: rules.NonCompliant},
	})
}

func TestRedshiftClusterMaintenancesettingsCheck(t *testing.T) {
	runCases(t, "REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK", []ruleCase{
		{name: "defaults", item: corpusItem(t, dbxRedshiftCI, nil), want: rules.Compliant},
		{name: "version upgrades off", item: corpusItem(t, dbxRedshiftCI, set("configuration.allowVersionUpgrade", false)), want: rules.NonCompliant},
		{name: "version upgrades off, as asked", item: corpusItem(t, dbxRedshiftCI, set("configuration.allowVersionUpgrade", false)),
			params: `{"allowVersionUpgrade":"false"}`, want: rules.Compliant},
		{name: "the window", item: corpusItem(t, dbxRedshiftCI, nil), params: `{"preferredMaintenanceWindow":"Tue:10:00-Tue:10:30"}`, want: rules.Compliant},
		{name: "another window", item: corpusItem(t, dbxRedshiftCI, nil), params: `{"preferredMaintenanceWindow":"Mon:09:30-Mon:10:00"}`,
			want: rules.NonCompliant},
		{name: "retention too short", item: corpusItem(t, dbxRedshiftCI, nil), params: `{"automatedSnapshotRetentionPeriod":"7"}`, want: rules.NonCompliant},
	})
}
