package rules

import (
	"strings"
)

// Amazon RDS rules. RDS CIs spell their members as AWS Config records them
// (DescribeDBInstances in lowerCamelCase with Config's own capitals:
// dBInstanceIdentifier, dBClusterIdentifier; DB clusters as dbclusterIdentifier).

const (
	dbxDBInstance        = "AWS::RDS::DBInstance"
	dbxDBCluster         = "AWS::RDS::DBCluster"
	dbxDBSnapshot        = "AWS::RDS::DBSnapshot"
	dbxDBClusterSnapshot = "AWS::RDS::DBClusterSnapshot"
)

func init() {
	register(
		&Rule{Identifier: "RDS_INSTANCE_PUBLIC_ACCESS_CHECK", ResourceTypes: []string{dbxDBInstance}, Evaluate: rdsInstancePublicAccessCheck},
		&Rule{Identifier: "RDS_STORAGE_ENCRYPTED", ResourceTypes: []string{dbxDBInstance}, Evaluate: rdsStorageEncrypted},
		&Rule{Identifier: "RDS_SNAPSHOTS_PUBLIC_PROHIBITED", ResourceTypes: []string{dbxDBSnapshot, dbxDBClusterSnapshot}, Evaluate: rdsSnapshotsPublicProhibited},
		&Rule{Identifier: "RDS_LOGGING_ENABLED", ResourceTypes: []string{dbxDBInstance}, Evaluate: rdsLoggingEnabled},
		&Rule{Identifier: "RDS_SNAPSHOT_ENCRYPTED", ResourceTypes: []string{dbxDBSnapshot, dbxDBClusterSnapshot}, Evaluate: rdsSnapshotEncrypted},
		&Rule{Identifier: "DB_INSTANCE_BACKUP_ENABLED", ResourceTypes: []string{dbxDBInstance}, Evaluate: dbInstanceBackupEnabled},
		&Rule{Identifier: "RDS_CLUSTER_MULTI_AZ_ENABLED", ResourceTypes: []string{dbxDBCluster}, Evaluate: rdsClusterMultiAzEnabled},
		&Rule{Identifier: "RDS_MULTI_AZ_SUPPORT", ResourceTypes: []string{dbxDBInstance}, Evaluate: rdsMultiAzSupport},
		&Rule{Identifier: "RDS_INSTANCE_DELETION_PROTECTION_ENABLED", ResourceTypes: []string{dbxDBInstance}, Evaluate: rdsInstanceDeletionProtectionEnabled},
	)
}

// dbxField returns the first of the named members of m that is present and
// not null: CIs of newer resource types spell members as CloudFormation
// does (PascalCase), older ones as the service API does (camelCase).
func dbxField(m map[string]any, names ...string) any {
	for _, n := range names {
		if v, ok := m[n]; ok && v != nil {
			return v
		}
	}
	return nil
}

// dbxKeyID returns the key id of a KMS key ARN ("arn:...:key/<id>"), or
// the text as it is.
func dbxKeyID(key string) string {
	if i := strings.LastIndex(key, ":key/"); i >= 0 {
		return key[i+len(":key/"):]
	}
	return key
}

// dbxKeyMatches reports whether the key a resource uses (an ARN, usually)
// is the wanted key, given as an ARN or a key id.
func dbxKeyMatches(have, want string) bool {
	have, want = strings.TrimSpace(have), strings.TrimSpace(want)
	if have == "" || want == "" {
		return false
	}
	return have == want || dbxKeyID(have) == dbxKeyID(want)
}

// dbxKeyIn reports whether the key is one of the wanted keys.
func dbxKeyIn(have string, wanted []string) bool {
	for _, w := range wanted {
		if dbxKeyMatches(have, w) {
			return true
		}
	}
	return false
}

// dbxName names an item in annotations.
func dbxName(it *Item) string {
	if it.ResourceName != "" {
		return it.ResourceName
	}
	return it.ResourceID
}

// dbxClusterEngine reports whether an engine keeps its storage settings
// (logs, backups, deletion protection, Multi-AZ) on the DB cluster rather
// than on its instances: Aurora, DocumentDB and Neptune.
func dbxClusterEngine(engine string) bool {
	e := strings.ToLower(engine)
	return strings.HasPrefix(e, "aurora") || e == "docdb" || e == "neptune"
}

// rdsInstancePublicAccessCheck: NON_COMPLIANT when publiclyAccessible is true
// (docs: rds-instance-public-access-check).
func rdsInstancePublicAccessCheck(it *Item, _ Params, _ Env) (Result, error) {
	return compliantIf(!IsTrue(it.Config("publiclyAccessible")),
		"RDS DB instance %s is publicly accessible.", dbxName(it)), nil
}

// rdsStorageEncrypted: NON_COMPLIANT when storageEncrypted is not true, or,
// with kmsKeyId (a key ARN or key id), when the instance's kmsKeyId is
// another key (docs: rds-storage-encrypted).
func rdsStorageEncrypted(it *Item, p Params, _ Env) (Result, error) {
	if !IsTrue(it.Config("storageEncrypted")) {
		return nonCompliant("Storage of RDS DB instance %s is not encrypted.", dbxName(it)), nil
	}
	if want := p.String("kmsKeyId", ""); want != "" {
		have := Str(it.Config("kmsKeyId"))
		if !dbxKeyMatches(have, want) {
			return nonCompliant("RDS DB instance %s is encrypted with %s, not %s.", dbxName(it), have, want), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// dbxSnapshotAttributes returns the snapshot's attributes list from the
// supplementary configuration: DBSnapshotAttributes for DB snapshots,
// DBClusterSnapshotAttributes for cluster snapshots.
func dbxSnapshotAttributes(it *Item) []any {
	if it.ResourceType == dbxDBClusterSnapshot {
		return Slice(dbxField(it.Supplementary, "DBClusterSnapshotAttributes", "DBSnapshotAttributes"))
	}
	return Slice(dbxField(it.Supplementary, "DBSnapshotAttributes", "DBClusterSnapshotAttributes"))
}

// rdsSnapshotsPublicProhibited: NON_COMPLIANT when the snapshot's "restore"
// attribute lists "all", which makes it restorable by any AWS account
// (docs: rds-snapshots-public-prohibited).
func rdsSnapshotsPublicProhibited(it *Item, _ Params, _ Env) (Result, error) {
	for _, a := range dbxSnapshotAttributes(it) {
		m := Map(a)
		if !strings.EqualFold(Str(dbxField(m, "attributeName", "AttributeName")), "restore") {
			continue
		}
		for _, v := range Strings(dbxField(m, "attributeValues", "AttributeValues")) {
			if strings.EqualFold(v, "all") {
				return nonCompliant("RDS snapshot %s is public: its restore attribute includes all.", dbxName(it)), nil
			}
		}
	}
	return Result{Compliance: Compliant}, nil
}

// rdsSnapshotEncrypted: NON_COMPLIANT when the snapshot is not encrypted:
// configuration.encrypted for DB snapshots, configuration.storageEncrypted
// for cluster snapshots (docs: rds-snapshot-encrypted).
func rdsSnapshotEncrypted(it *Item, _ Params, _ Env) (Result, error) {
	enc := IsTrue(it.Config("encrypted")) || IsTrue(it.Config("storageEncrypted"))
	return compliantIf(enc, "RDS snapshot %s is not encrypted.", dbxName(it)), nil
}

// dbxDefaultLogs are the log types RDS_LOGGING_ENABLED requires by engine,
// as AWS lists them for this check (Security Hub control RDS.9, which runs
// this rule); the rule's page does not list them. Keys are engine families:
// an engine matches a key equal to it or that it starts with followed by
// "-" (oracle-ee matches oracle).
var dbxDefaultLogs = map[string][]string{
	"oracle":            {"alert", "audit", "trace", "listener"},
	"postgres":          {"postgresql", "upgrade"},
	"mysql":             {"audit", "error", "general", "slowquery"},
	"mariadb":           {"audit", "error", "general", "slowquery"},
	"sqlserver":         {"error", "agent"},
	"aurora":            {"audit", "error", "general", "slowquery"},
	"aurora-mysql":      {"audit", "error", "general", "slowquery"},
	"aurora-postgresql": {"postgresql"},
}

// dbxEngineIs reports whether an engine is of the family named by key.
func dbxEngineIs(engine, key string) bool {
	engine, key = strings.ToLower(strings.TrimSpace(engine)), strings.ToLower(strings.TrimSpace(key))
	return engine == key || strings.HasPrefix(engine, key+"-")
}

// dbxParseLogMap parses additionalLogs, a StringMap written
// "engine: log, log ; engine: log": engine names to log types.
func dbxParseLogMap(s string) map[string][]string {
	out := map[string][]string{}
	for _, part := range strings.Split(s, ";") {
		engine, logs, ok := strings.Cut(part, ":")
		engine = strings.ToLower(strings.TrimSpace(engine))
		if !ok || engine == "" {
			continue
		}
		for _, l := range strings.Split(logs, ",") {
			if l = strings.ToLower(strings.TrimSpace(l)); l != "" {
				out[engine] = append(out[engine], l)
			}
		}
	}
	return out
}

// dbxRequiredLogs returns the log types required of an engine: the defaults
// of its most specific family, plus those additionalLogs gives for it.
func dbxRequiredLogs(engine string, additional map[string][]string) (logs []string, known bool) {
	best := ""
	for key := range dbxDefaultLogs {
		if dbxEngineIs(engine, key) && len(key) > len(best) {
			best = key
		}
	}
	seen := map[string]bool{}
	add := func(ls []string) {
		for _, l := range ls {
			if !seen[l] {
				seen[l] = true
				logs = append(logs, l)
			}
		}
	}
	if best != "" {
		known = true
		add(dbxDefaultLogs[best])
	}
	for key, ls := range additional {
		if dbxEngineIs(engine, key) {
			known = true
			add(ls)
		}
	}
	return logs, known
}

// dbxCluster returns the current DB cluster item with the given identifier,
// or nil.
func dbxCluster(env Env, id string) *Item {
	if id == "" || env == nil {
		return nil
	}
	for _, c := range env.Items(dbxDBCluster) {
		cid := Str(dbxField(c.Configuration, "dbclusterIdentifier", "dBClusterIdentifier", "DBClusterIdentifier"))
		if strings.EqualFold(cid, id) || strings.EqualFold(c.ResourceName, id) {
			return c
		}
	}
	return nil
}

// rdsLoggingEnabled checks that the instance exports to CloudWatch Logs
// every log type its engine requires, plus those additionalLogs names for it
// (docs: rds-logging-enabled). Instances not in the 'available',
// 'backing-up', 'storage-optimization' or 'storage-full' status are
// NOT_APPLICABLE, as documented; an instance whose status is not recorded is
// evaluated. Choices, the page being silent: the required log types by
// engine are those of dbxDefaultLogs; an engine with none known (Db2,
// DocumentDB, Neptune, custom engines) must export at least one log type;
// for an instance of a DB cluster (Aurora), the cluster's exports count
// too, read from the AWS::RDS::DBCluster items (env.Items), since Aurora
// sets them on the cluster.
func rdsLoggingEnabled(it *Item, p Params, env Env) (Result, error) {
	if status := strings.ToLower(Str(it.Config("dBInstanceStatus"))); status != "" {
		switch status {
		case "available", "backing-up", "storage-optimization", "storage-full":
		default:
			return notApplicable("RDS DB instance %s is in status %s.", dbxName(it), status), nil
		}
	}
	engine := Str(it.Config("engine"))
	enabled := map[string]bool{}
	for _, l := range Strings(it.Config("enabledCloudwatchLogsExports")) {
		enabled[strings.ToLower(l)] = true
	}
	if c := dbxCluster(env, Str(it.Config("dBClusterIdentifier"))); c != nil {
		for _, l := range Strings(dbxField(c.Configuration, "enabledCloudwatchLogsExports", "EnabledCloudwatchLogsExports")) {
			enabled[strings.ToLower(l)] = true
		}
	}
	required, known := dbxRequiredLogs(engine, dbxParseLogMap(p["additionalLogs"]))
	if !known {
		return compliantIf(len(enabled) > 0, "RDS DB instance %s (%s) exports no logs to CloudWatch Logs.", dbxName(it), engine), nil
	}
	var missing []string
	for _, l := range required {
		if !enabled[l] {
			missing = append(missing, l)
		}
	}
	return compliantIf(len(missing) == 0, "RDS DB instance %s (%s) does not export these logs: %s.",
		dbxName(it), engine, strings.Join(missing, ", ")), nil
}

// dbInstanceBackupEnabled checks that automated backups are on
// (backupRetentionPeriod above 0) and, when given, that the retention is
// backupRetentionPeriod exactly, at least backupRetentionMinimum, and that
// the backup window is preferredBackupWindow (docs:
// db-instance-backup-enabled). Choices, the page being silent on them:
// backupRetentionPeriod asks for that exact period (backupRetentionMinimum
// is the lower bound); read replicas (readReplicaSourceDBInstanceIdentifier
// set) are NOT_APPLICABLE unless checkReadReplicas is true, since most
// engines cannot back them up.
func dbInstanceBackupEnabled(it *Item, p Params, _ Env) (Result, error) {
	period, err := p.Int("backupRetentionPeriod", 0)
	if err != nil {
		return Result{}, err
	}
	minimum, err := p.Int("backupRetentionMinimum", 0)
	if err != nil {
		return Result{}, err
	}
	replicas, err := p.Bool("checkReadReplicas", false)
	if err != nil {
		return Result{}, err
	}
	if !replicas && Str(it.Config("readReplicaSourceDBInstanceIdentifier")) != "" {
		return notApplicable("RDS DB instance %s is a read replica.", dbxName(it)), nil
	}
	have, _ := Num(it.Config("backupRetentionPeriod"))
	switch {
	case have <= 0:
		return nonCompliant("RDS DB instance %s has automated backups disabled.", dbxName(it)), nil
	case period > 0 && int(have) != period:
		return nonCompliant("RDS DB instance %s keeps backups %d days, not %d.", dbxName(it), int(have), period), nil
	case minimum > 0 && int(have) < minimum:
		return nonCompliant("RDS DB instance %s keeps backups %d days, fewer than %d.", dbxName(it), int(have), minimum), nil
	}
	if want := p.String("preferredBackupWindow", ""); want != "" {
		if got := Str(it.Config("preferredBackupWindow")); !strings.EqualFold(got, want) {
			return nonCompliant("RDS DB instance %s has backup window %s, not %s.", dbxName(it), got, want), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// rdsClusterMultiAzEnabled: NON_COMPLIANT when the DB cluster's multiAZ is not
// true (docs: rds-cluster-multi-az-enabled).
func rdsClusterMultiAzEnabled(it *Item, _ Params, _ Env) (Result, error) {
	return compliantIf(IsTrue(dbxField(it.Configuration, "multiAZ", "MultiAZ")),
		"RDS DB cluster %s is not Multi-AZ.", dbxName(it)), nil
}

// rdsMultiAzSupport: NON_COMPLIANT when the instance's multiAZ is not true;
// Aurora, DocumentDB and Neptune instances are NOT_APPLICABLE, as
// documented (docs: rds-multi-az-support).
func rdsMultiAzSupport(it *Item, _ Params, _ Env) (Result, error) {
	if engine := Str(it.Config("engine")); dbxClusterEngine(engine) {
		return notApplicable("The rule does not evaluate %s DB instances.", engine), nil
	}
	return compliantIf(IsTrue(it.Config("multiAZ")), "RDS DB instance %s is not Multi-AZ.", dbxName(it)), nil
}

// rdsInstanceDeletionProtectionEnabled: NON_COMPLIANT when deletionProtection
// is not true (docs: rds-instance-deletion-protection-enabled). With
// databaseEngines, instances of other engines are NOT_APPLICABLE. Instances
// of a DB cluster whose engine sets deletion protection on the cluster
// (Aurora, DocumentDB, Neptune) are NOT_APPLICABLE, as the page warns.
func rdsInstanceDeletionProtectionEnabled(it *Item, p Params, _ Env) (Result, error) {
	engine := Str(it.Config("engine"))
	if engines := p.List("databaseEngines"); len(engines) > 0 {
		in := false
		for _, e := range engines {
			in = in || strings.EqualFold(e, engine)
		}
		if !in {
			return notApplicable("Engine %s is not in databaseEngines.", engine), nil
		}
	}
	if dbxClusterEngine(engine) && Str(it.Config("dBClusterIdentifier")) != "" {
		return notApplicable("Deletion protection of %s instance %s is set on its DB cluster.", engine, dbxName(it)), nil
	}
	return compliantIf(IsTrue(it.Config("deletionProtection")),
		"RDS DB instance %s does not have deletion protection enabled.", dbxName(it)), nil
}
