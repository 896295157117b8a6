package rules

import (
	"errors"
	"strings"
)

// Amazon Redshift rules. Cluster CIs carry DescribeClusters' Cluster in
// camelCase and the audit logging status as supplementaryConfiguration.LoggingStatus;
// parameter group CIs carry the group's parameters as
// supplementaryConfiguration.Parameters ([{parameterName, parameterValue}]).

const (
	dbxRedshiftCluster        = "AWS::Redshift::Cluster"
	dbxRedshiftParameterGroup = "AWS::Redshift::ClusterParameterGroup"
)

func init() {
	register(
		&Rule{Identifier: "REDSHIFT_CLUSTER_PUBLIC_ACCESS_CHECK", ResourceTypes: []string{dbxRedshiftCluster}, Evaluate: redshiftClusterPublicAccessCheck},
		&Rule{Identifier: "REDSHIFT_CLUSTER_CONFIGURATION_CHECK", ResourceTypes: []string{dbxRedshiftCluster}, Evaluate: redshiftClusterConfigurationCheck},
		&Rule{Identifier: "REDSHIFT_REQUIRE_TLS_SSL", ResourceTypes: []string{dbxRedshiftCluster, dbxRedshiftParameterGroup}, Evaluate: redshiftRequireTlsSsl},
		&Rule{Identifier: "REDSHIFT_BACKUP_ENABLED", ResourceTypes: []string{dbxRedshiftCluster}, Evaluate: redshiftBackupEnabled},
		&Rule{Identifier: "REDSHIFT_CLUSTER_KMS_ENABLED", ResourceTypes: []string{dbxRedshiftCluster}, Evaluate: redshiftClusterKmsEnabled},
		&Rule{Identifier: "REDSHIFT_CLUSTER_MAINTENANCESETTINGS_CHECK", ResourceTypes: []string{dbxRedshiftCluster}, Evaluate: redshiftClusterMaintenancesettingsCheck},
	)
}

// redshiftClusterPublicAccessCheck: NON_COMPLIANT when publiclyAccessible is
// true (docs: redshift-cluster-public-access-check).
func redshiftClusterPublicAccessCheck(it *Item, _ Params, _ Env) (Result, error) {
	return compliantIf(!IsTrue(it.Config("publiclyAccessible")),
		"Redshift cluster %s is publicly accessible.", dbxName(it)), nil
}

// redshiftClusterConfigurationCheck checks, as its parameters ask, that the
// cluster is encrypted (clusterDbEncrypted, default true), has audit logging
// on (loggingEnabled, default true; supplementaryConfiguration.LoggingStatus)
// and is of one of nodeTypes (docs: redshift-cluster-configuration-check).
// Choice: the page gives nodeTypes the default dc1.large but marks it
// optional; the node type is checked only when nodeTypes is given, since
// requiring a retired node type of every cluster is not what a user asks.
func redshiftClusterConfigurationCheck(it *Item, p Params, _ Env) (Result, error) {
	encrypted, err := p.Bool("clusterDbEncrypted", true)
	if err != nil {
		return Result{}, err
	}
	logging, err := p.Bool("loggingEnabled", true)
	if err != nil {
		return Result{}, err
	}
	if encrypted && !IsTrue(it.Config("encrypted")) {
		return nonCompliant("Redshift cluster %s is not encrypted.", dbxName(it)), nil
	}
	if logging && !IsTrue(it.Supp("LoggingStatus", "loggingEnabled")) {
		return nonCompliant("Redshift cluster %s does not have audit logging enabled.", dbxName(it)), nil
	}
	if types := p.List("nodeTypes"); len(types) > 0 {
		have := Str(it.Config("nodeType"))
		for _, t := range types {
			if strings.EqualFold(t, have) {
				return Result{Compliance: Compliant}, nil
			}
		}
		return nonCompliant("Redshift cluster %s has node type %s, not one of %s.", dbxName(it), have, strings.Join(types, ", ")), nil
	}
	return Result{Compliance: Compliant}, nil
}

// dbxRequireSSL returns the require_ssl value of a parameter group item
// (known is false when the group does not list it).
func dbxRequireSSL(group *Item) (on, known bool) {
	for _, x := range Slice(dbxField(group.Supplementary, "Parameters", "parameters")) {
		m := Map(x)
		if strings.EqualFold(Str(dbxField(m, "parameterName", "ParameterName")), "require_ssl") {
			return IsTrue(dbxField(m, "parameterValue", "ParameterValue")), true
		}
	}
	return false, false
}

// dbxGroupName returns a parameter group item's name.
func dbxGroupName(group *Item) string {
	if n := Str(dbxField(group.Configuration, "parameterGroupName", "ParameterGroupName")); n != "" {
		return n
	}
	return dbxName(group)
}

// dbxClusterGroups returns the names of a cluster's parameter groups.
func dbxClusterGroups(cluster *Item) []string {
	var out []string
	for _, g := range Slice(cluster.Config("clusterParameterGroups")) {
		if n := Str(dbxField(Map(g), "parameterGroupName", "ParameterGroupName")); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// redshiftRequireTlsSsl checks that clusters require SSL: the parameter
// group a cluster uses must set require_ssl to true (docs:
// redshift-require-tls-ssl). A cluster reads its group among the
// AWS::Redshift::ClusterParameterGroup items (env.Items), by name from
// configuration.clusterParameterGroups; a default group (default.*) that is
// not recorded is NON_COMPLIANT, since default groups leave require_ssl
// false and cannot be changed; another group that is not recorded is
// NOT_APPLICABLE (unknown). A parameter group item is COMPLIANT when it sets
// require_ssl to true, NON_COMPLIANT when it does not and a recorded cluster
// (env.Items of AWS::Redshift::Cluster) uses it, NOT_APPLICABLE when no
// recorded cluster uses it: the page judges clusters, and an unused group
// affects none.
func redshiftRequireTlsSsl(it *Item, _ Params, env Env) (Result, error) {
	if it.ResourceType == dbxRedshiftParameterGroup {
		name := dbxGroupName(it)
		if on, _ := dbxRequireSSL(it); on {
			return Result{Compliance: Compliant}, nil
		}
		for _, c := range env.Items(dbxRedshiftCluster) {
			for _, g := range dbxClusterGroups(c) {
				if g == name {
					return nonCompliant("Parameter group %s, used by Redshift cluster %s, does not set require_ssl to true.", name, dbxName(c)), nil
				}
			}
		}
		return notApplicable("Parameter group %s is used by no recorded Redshift cluster.", name), nil
	}
	groups := dbxClusterGroups(it)
	if len(groups) == 0 {
		return notApplicable("Redshift cluster %s records no parameter group.", dbxName(it)), nil
	}
	for _, name := range groups {
		var group *Item
		for _, g := range env.Items(dbxRedshiftParameterGroup) {
			if dbxGroupName(g) == name {
				group = g
				break
			}
		}
		if group == nil {
			if strings.HasPrefix(name, "default.") {
				return nonCompliant("Redshift cluster %s uses default parameter group %s, which does not require SSL.", dbxName(it), name), nil
			}
			return notApplicable("Parameter group %s of Redshift cluster %s is not recorded.", name, dbxName(it)), nil
		}
		if on, _ := dbxRequireSSL(group); !on {
			return nonCompliant("Parameter group %s of Redshift cluster %s does not set require_ssl to true.", name, dbxName(it)), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// redshiftBackupEnabled: NON_COMPLIANT when automatedSnapshotRetentionPeriod
// is 0, below MinRetentionPeriod or above MaxRetentionPeriod (docs:
// redshift-backup-enabled). The parameters must lie within 1 to 35 days.
func redshiftBackupEnabled(it *Item, p Params, _ Env) (Result, error) {
	minimum, err := p.Int("MinRetentionPeriod", 0)
	if err != nil {
		return Result{}, err
	}
	maximum, err := p.Int("MaxRetentionPeriod", 0)
	if err != nil {
		return Result{}, err
	}
	if err := dbxRetentionBounds(minimum, maximum); err != nil {
		return Result{}, err
	}
	have, _ := Num(it.Config("automatedSnapshotRetentionPeriod"))
	switch {
	case have <= 0:
		return nonCompliant("Redshift cluster %s has automated snapshots disabled.", dbxName(it)), nil
	case minimum > 0 && int(have) < minimum:
		return nonCompliant("Redshift cluster %s keeps automated snapshots %d days, fewer than %d.", dbxName(it), int(have), minimum), nil
	case maximum > 0 && int(have) > maximum:
		return nonCompliant("Redshift cluster %s keeps automated snapshots %d days, more than %d.", dbxName(it), int(have), maximum), nil
	}
	return Result{Compliance: Compliant}, nil
}

// dbxRetentionBounds validates REDSHIFT_BACKUP_ENABLED's parameters.
func dbxRetentionBounds(minimum, maximum int) error {
	switch {
	case minimum != 0 && (minimum < 1 || minimum > 35):
		return errors.New("MinRetentionPeriod must be between 1 and 35")
	case maximum != 0 && (maximum < 1 || maximum > 35):
		return errors.New("MaxRetentionPeriod must be between 1 and 35")
	case minimum != 0 && maximum != 0 && minimum > maximum:
		return errors.New("MinRetentionPeriod is greater than MaxRetentionPeriod")
	}
	return nil
}

// redshiftClusterKmsEnabled: NON_COMPLIANT when the cluster is not encrypted
// with a KMS key, or, with kmsKeyArns, with a key not in the list (docs:
// redshift-cluster-kms-enabled).
func redshiftClusterKmsEnabled(it *Item, p Params, _ Env) (Result, error) {
	key := Str(it.Config("kmsKeyId"))
	if !IsTrue(it.Config("encrypted")) || key == "" {
		return nonCompliant("Redshift cluster %s is not encrypted with a KMS key.", dbxName(it)), nil
	}
	if keys := p.List("kmsKeyArns"); len(keys) > 0 && !dbxKeyIn(key, keys) {
		return nonCompliant("Redshift cluster %s is encrypted with %s, which is not in kmsKeyArns.", dbxName(it), key), nil
	}
	return Result{Compliance: Compliant}, nil
}

// redshiftClusterMaintenancesettingsCheck compares the cluster's maintenance
// settings with the parameters (docs:
// redshift-cluster-maintenancesettings-check): allowVersionUpgrade (default
// true) must equal the cluster's; preferredMaintenanceWindow, when given,
// must be the cluster's window (compared without regard to case);
// automatedSnapshotRetentionPeriod (default 1) is a minimum. Choice: the
// page does not say whether the retention must equal the parameter; a
// longer retention is taken as meeting it.
func redshiftClusterMaintenancesettingsCheck(it *Item, p Params, _ Env) (Result, error) {
	upgrade, err := p.Bool("allowVersionUpgrade", true)
	if err != nil {
		return Result{}, err
	}
	retention, err := p.Int("automatedSnapshotRetentionPeriod", 1)
	if err != nil {
		return Result{}, err
	}
	if IsTrue(it.Config("allowVersionUpgrade")) != upgrade {
		return nonCompliant("Redshift cluster %s has allowVersionUpgrade %t, not %t.", dbxName(it), !upgrade, upgrade), nil
	}
	if want := p.String("preferredMaintenanceWindow", ""); want != "" {
		if got := Str(it.Config("preferredMaintenanceWindow")); !strings.EqualFold(got, want) {
			return nonCompliant("Redshift cluster %s has maintenance window %s, not %s.", dbxName(it), got, want), nil
		}
	}
	if have, _ := Num(it.Config("automatedSnapshotRetentionPeriod")); int(have) < retention {
		return nonCompliant("Redshift cluster %s keeps automated snapshots %d days, fewer than %d.", dbxName(it), int(have), retention), nil
	}
	return Result{Compliance: Compliant}, nil
}
