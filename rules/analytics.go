package rules

import (
	"fmt"
	"strconv"
	"strings"
)

// Rules for analytics and compute services: SageMaker, DMS, EMR,
// Elasticsearch and OpenSearch domains, Elastic Beanstalk and ECS.

const (
	anxNotebook       = "AWS::SageMaker::NotebookInstance"
	anxEndpointConfig = "AWS::SageMaker::EndpointConfig"
	anxDMSInstance    = "AWS::DMS::ReplicationInstance"
	anxEMRCluster     = "AWS::EMR::Cluster"
	anxEMRSecConfig   = "AWS::EMR::SecurityConfiguration"
	anxEC2Instance    = "AWS::EC2::Instance"
	anxESDomain       = "AWS::Elasticsearch::Domain"
	anxOSDomain       = "AWS::OpenSearch::Domain"
	anxBeanstalkEnv   = "AWS::ElasticBeanstalk::Environment"
	anxTaskDef        = "AWS::ECS::TaskDefinition"
)

func init() {
	register(
		&Rule{Identifier: "SAGEMAKER_NOTEBOOK_NO_DIRECT_INTERNET_ACCESS", ResourceTypes: []string{anxNotebook}, Evaluate: sagemakerNotebookNoDirectInternetAccess},
		&Rule{Identifier: "DMS_REPLICATION_NOT_PUBLIC", ResourceTypes: []string{anxDMSInstance}, Evaluate: dmsReplicationNotPublic},
		&Rule{Identifier: "EMR_MASTER_NO_PUBLIC_IP", ResourceTypes: []string{anxEMRCluster, anxEC2Instance}, Evaluate: emrMasterNoPublicIp},
		&Rule{Identifier: "SAGEMAKER_NOTEBOOK_INSTANCE_KMS_KEY_CONFIGURED", ResourceTypes: []string{anxNotebook}, Evaluate: sagemakerNotebookInstanceKmsKeyConfigured},
		&Rule{Identifier: "SAGEMAKER_ENDPOINT_CONFIGURATION_KMS_KEY_CONFIGURED", ResourceTypes: []string{anxEndpointConfig}, Evaluate: sagemakerEndpointConfigurationKmsKeyConfigured},
		&Rule{Identifier: "ELASTICSEARCH_ENCRYPTED_AT_REST", ResourceTypes: []string{anxESDomain}, Evaluate: elasticsearchEncryptedAtRest},
		&Rule{Identifier: "ELASTICSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK", ResourceTypes: []string{anxESDomain}, Evaluate: elasticsearchNodeToNodeEncryptionCheck},
		&Rule{Identifier: "ELASTICSEARCH_IN_VPC_ONLY", ResourceTypes: []string{anxESDomain}, Evaluate: elasticsearchInVpcOnly},
		&Rule{Identifier: "OPENSEARCH_NODE_TO_NODE_ENCRYPTION_CHECK", ResourceTypes: []string{anxOSDomain}, Evaluate: opensearchNodeToNodeEncryptionCheck},
		&Rule{Identifier: "OPENSEARCH_ENCRYPTED_AT_REST", ResourceTypes: []string{anxOSDomain}, Evaluate: opensearchEncryptedAtRest},
		&Rule{Identifier: "ELASTICSEARCH_LOGS_TO_CLOUDWATCH", ResourceTypes: []string{anxESDomain}, Evaluate: elasticsearchLogsToCloudwatch},
		&Rule{Identifier: "OPENSEARCH_IN_VPC_ONLY", ResourceTypes: []string{anxOSDomain}, Evaluate: opensearchInVpcOnly},
		&Rule{Identifier: "EMR_KERBEROS_ENABLED", ResourceTypes: []string{anxEMRCluster}, Evaluate: emrKerberosEnabled},
		&Rule{Identifier: "ELASTIC_BEANSTALK_MANAGED_UPDATES_ENABLED", ResourceTypes: []string{anxBeanstalkEnv}, Evaluate: elasticBeanstalkManagedUpdatesEnabled},
		&Rule{Identifier: "OPENSEARCH_LOGS_TO_CLOUDWATCH", ResourceTypes: []string{anxOSDomain}, Evaluate: opensearchLogsToCloudwatch},
		&Rule{Identifier: "ECS_TASK_DEFINITION_USER_FOR_HOST_MODE_CHECK", ResourceTypes: []string{anxTaskDef}, Evaluate: ecsTaskDefinitionUserForHostModeCheck},
	)
}

// anxGet walks v along path like Get, but at each step also accepts the key
// with its first letter in the other case: the same service's CIs are
// spelled in PascalCase (CloudFormation-style schemas, OpenSearch) or
// camelCase (SDK-serialised ones, Elasticsearch).
func anxGet(v any, path ...string) any {
	for _, key := range path {
		m, ok := v.(map[string]any)
		if !ok || key == "" {
			return nil
		}
		if x, ok := m[key]; ok {
			v = x
			continue
		}
		first := key[:1]
		other := strings.ToUpper(first)
		if other == first {
			other = strings.ToLower(first)
		}
		v = m[other+key[1:]]
	}
	return v
}

// anxName is the resource's name for annotations.
func anxName(it *Item) string {
	if it.ResourceName != "" {
		return it.ResourceName
	}
	return it.ResourceID
}

// anxKeyAllowed reports whether the KMS key have (an id, an ARN or an alias)
// is one of the allowed ones; a bare key id matches an ARN ending in it.
func anxKeyAllowed(have string, allowed []string) bool {
	for _, a := range allowed {
		if strings.EqualFold(have, a) || strings.HasSuffix(a, "/"+have) || strings.HasSuffix(have, "/"+a) {
			return true
		}
	}
	return false
}

// sagemakerNotebookNoDirectInternetAccess checks that the notebook
// instance's DirectInternetAccess is Disabled (docs:
// sagemaker-notebook-no-direct-internet-access). An absent value counts as
// Enabled, SageMaker's default.
func sagemakerNotebookNoDirectInternetAccess(it *Item, _ Params, _ Env) (Result, error) {
	v := Str(anxGet(it.Configuration, "DirectInternetAccess"))
	if strings.EqualFold(v, "Disabled") {
		return Result{Compliance: Compliant}, nil
	}
	if v == "" {
		v = "Enabled (the default)"
	}
	return nonCompliant("Notebook instance %s has direct internet access %s.", anxName(it), v), nil
}

// anxKmsKeyConfigured is the check of the two SageMaker KMS rules: a
// KmsKeyId is set and, when kmsKeyArns is given, is one of them.
func anxKmsKeyConfigured(it *Item, p Params, what string) Result {
	key := Str(anxGet(it.Configuration, "KmsKeyId"))
	if key == "" {
		return nonCompliant("%s %s has no KMS key configured.", what, anxName(it))
	}
	if allowed := p.List("kmsKeyArns"); len(allowed) > 0 && !anxKeyAllowed(key, allowed) {
		return nonCompliant("%s %s uses KMS key %s, which kmsKeyArns does not list.", what, anxName(it), key)
	}
	return Result{Compliance: Compliant}
}

// sagemakerNotebookInstanceKmsKeyConfigured checks that the notebook
// instance has a KmsKeyId, one of kmsKeyArns when given (docs:
// sagemaker-notebook-instance-kms-key-configured). A key id matches an
// allowed ARN that ends in it.
func sagemakerNotebookInstanceKmsKeyConfigured(it *Item, p Params, _ Env) (Result, error) {
	return anxKmsKeyConfigured(it, p, "Notebook instance"), nil
}

// sagemakerEndpointConfigurationKmsKeyConfigured checks that the endpoint
// configuration has a KmsKeyId, one of kmsKeyArns when given (docs:
// sagemaker-endpoint-configuration-kms-key-configured).
func sagemakerEndpointConfigurationKmsKeyConfigured(it *Item, p Params, _ Env) (Result, error) {
	return anxKmsKeyConfigured(it, p, "Endpoint configuration"), nil
}

// dmsReplicationNotPublic checks that the replication instance is not
// publicly accessible (docs: dms-replication-not-public).
func dmsReplicationNotPublic(it *Item, _ Params, _ Env) (Result, error) {
	return compliantIf(!IsTrue(anxGet(it.Configuration, "PubliclyAccessible")),
		"Replication instance %s is publicly accessible.", anxName(it)), nil
}

// anxEMRTag returns the value of tag key on an EC2 instance item: the CI's
// tags, else the configuration's [{key, value}] list.
func anxEMRTag(it *Item, key string) string {
	if v, ok := it.Tags[key]; ok {
		return v
	}
	for _, t := range Slice(anxGet(it.Configuration, "tags")) {
		if Str(anxGet(t, "key")) == key {
			return Str(anxGet(t, "value"))
		}
	}
	return ""
}

// anxEC2PublicIP returns the public IPv4 address of an EC2 instance item,
// from publicIpAddress or its network interfaces' associations.
func anxEC2PublicIP(it *Item) string {
	if ip := Str(anxGet(it.Configuration, "publicIpAddress")); ip != "" {
		return ip
	}
	for _, ni := range Slice(anxGet(it.Configuration, "networkInterfaces")) {
		if ip := Str(anxGet(ni, "association", "publicIp")); ip != "" {
			return ip
		}
	}
	return ""
}

// anxEMRClusterID is the id of an EMR cluster item.
func anxEMRClusterID(it *Item) string {
	if id := Str(anxGet(it.Configuration, "Id")); id != "" {
		return id
	}
	return it.ResourceID
}

// emrMasterNoPublicIp checks that the master node of a RUNNING or WAITING
// EMR cluster has no public IP (docs: emr-master-no-public-ip). The cluster
// item follows EMR DescribeCluster's Cluster (Id, Status.State,
// MasterPublicDnsName, ...). The master node is found among the account's
// AWS::EC2::Instance items by the tags EMR puts on its instances
// (aws:elasticmapreduce:job-flow-id = the cluster id,
// aws:elasticmapreduce:instance-group-role = MASTER). When no master
// instance is recorded, the cluster is judged by its MasterPublicDnsName: a
// public EC2 name (ec2-….amazonaws.com/.com.cn) is NON_COMPLIANT. Evaluated
// as an AWS::EC2::Instance, the rule answers for EMR master nodes only,
// other instances being NOT_APPLICABLE.
func emrMasterNoPublicIp(it *Item, _ Params, env Env) (Result, error) {
	if it.ResourceType == anxEC2Instance {
		if anxEMRTag(it, "aws:elasticmapreduce:instance-group-role") != "MASTER" {
			return notApplicable("Instance %s is not an EMR master node.", it.ResourceID), nil
		}
		if st := Str(anxGet(it.Configuration, "state", "name")); st == "terminated" || st == "shutting-down" {
			return notApplicable("Instance %s is %s.", it.ResourceID, st), nil
		}
		ip := anxEC2PublicIP(it)
		return compliantIf(ip == "", "EMR master node %s of cluster %s has public IP %s.", it.ResourceID,
			anxEMRTag(it, "aws:elasticmapreduce:job-flow-id"), ip), nil
	}
	state := strings.ToUpper(Str(anxGet(it.Configuration, "Status", "State")))
	if state != "RUNNING" && state != "WAITING" {
		return notApplicable("Cluster %s is not running or waiting (state %q).", anxName(it), state), nil
	}
	id := anxEMRClusterID(it)
	found := false
	for _, inst := range env.Items(anxEC2Instance) {
		if inst.Deleted() || anxEMRTag(inst, "aws:elasticmapreduce:job-flow-id") != id ||
			anxEMRTag(inst, "aws:elasticmapreduce:instance-group-role") != "MASTER" {
			continue
		}
		if st := Str(anxGet(inst.Configuration, "state", "name")); st == "terminated" {
			continue
		}
		found = true
		if ip := anxEC2PublicIP(inst); ip != "" {
			return nonCompliant("The master node %s of cluster %s has public IP %s.", inst.ResourceID, id, ip), nil
		}
	}
	if !found {
		dns := strings.ToLower(Str(anxGet(it.Configuration, "MasterPublicDnsName")))
		if strings.HasPrefix(dns, "ec2-") && (strings.HasSuffix(dns, ".amazonaws.com") || strings.HasSuffix(dns, ".amazonaws.com.cn")) {
			return nonCompliant("The master node of cluster %s has a public DNS name %s.", id, dns), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// anxEnabled reports whether the options object at path has enabled
// (Enabled) true.
func anxEnabled(it *Item, path ...string) bool {
	return IsTrue(anxGet(it.Configuration, append(path, "enabled")...))
}

// elasticsearchEncryptedAtRest checks encryptionAtRestOptions.enabled
// (docs: elasticsearch-encrypted-at-rest).
func elasticsearchEncryptedAtRest(it *Item, _ Params, _ Env) (Result, error) {
	return compliantIf(anxEnabled(it, "encryptionAtRestOptions"), "Domain %s is not encrypted at rest.", anxName(it)), nil
}

// elasticsearchNodeToNodeEncryptionCheck checks
// nodeToNodeEncryptionOptions.enabled (docs:
// elasticsearch-node-to-node-encryption-check).
func elasticsearchNodeToNodeEncryptionCheck(it *Item, _ Params, _ Env) (Result, error) {
	return compliantIf(anxEnabled(it, "nodeToNodeEncryptionOptions"), "Domain %s does not have node-to-node encryption enabled.", anxName(it)), nil
}

// opensearchEncryptedAtRest checks EncryptionAtRestOptions.Enabled (docs:
// opensearch-encrypted-at-rest).
func opensearchEncryptedAtRest(it *Item, _ Params, _ Env) (Result, error) {
	return compliantIf(anxEnabled(it, "EncryptionAtRestOptions"), "Domain %s is not encrypted at rest.", anxName(it)), nil
}

// opensearchNodeToNodeEncryptionCheck checks
// NodeToNodeEncryptionOptions.Enabled (docs:
// opensearch-node-to-node-encryption-check).
func opensearchNodeToNodeEncryptionCheck(it *Item, _ Params, _ Env) (Result, error) {
	return compliantIf(anxEnabled(it, "NodeToNodeEncryptionOptions"), "Domain %s does not have node-to-node encryption enabled.", anxName(it)), nil
}

// anxInVpc reports whether a domain is in a VPC: its VPC options name
// subnets or a VPC, or it has a "vpc" endpoint.
func anxInVpc(it *Item, vpcOptions string) bool {
	o := anxGet(it.Configuration, vpcOptions)
	if len(Strings(anxGet(o, "SubnetIds"))) > 0 || Str(anxGet(o, "vpcid")) != "" || Str(anxGet(o, "VPCId")) != "" {
		return true
	}
	return Str(anxGet(it.Configuration, "endpoints", "vpc")) != "" || Str(anxGet(it.Configuration, "DomainEndpoints", "vpc")) != ""
}

// elasticsearchInVpcOnly checks that the domain is in a VPC rather than
// having a public endpoint (docs: elasticsearch-in-vpc-only): vpcoptions
// with subnets or a VPC id, or an endpoints.vpc.
func elasticsearchInVpcOnly(it *Item, _ Params, _ Env) (Result, error) {
	return compliantIf(anxInVpc(it, "vpcoptions"), "Domain %s is not in a VPC: its endpoint is public.", anxName(it)), nil
}

// opensearchInVpcOnly checks that the domain is in a VPC (docs:
// opensearch-in-vpc-only): VPCOptions with subnets, or a DomainEndpoints
// vpc endpoint.
func opensearchInVpcOnly(it *Item, _ Params, _ Env) (Result, error) {
	return compliantIf(anxInVpc(it, "VPCOptions"), "Domain %s is not in a VPC: its endpoint is public.", anxName(it)), nil
}

// anxLogTypes maps the logTypes parameter's values to the log publishing
// options' keys. "audit" is accepted too, though the docs list only the
// first three.
var anxLogTypes = map[string]string{
	"search": "SEARCH_SLOW_LOGS",
	"index":  "INDEX_SLOW_LOGS",
	"error":  "ES_APPLICATION_LOGS",
	"audit":  "AUDIT_LOGS",
}

// anxLogsToCloudwatch is the check of the two *_LOGS_TO_CLOUDWATCH rules.
// Without logTypes, one log type published to CloudWatch Logs (enabled,
// with a log group) suffices, as the docs say ("COMPLIANT if a log is
// enabled"); with it, every listed type must be.
func anxLogsToCloudwatch(it *Item, p Params) (Result, error) {
	opts := anxGet(it.Configuration, "logPublishingOptions")
	on := func(key string) bool {
		o := anxGet(opts, key)
		return IsTrue(anxGet(o, "enabled")) && Str(anxGet(o, "cloudWatchLogsLogGroupArn")) != ""
	}
	want := p.List("logTypes")
	if len(want) == 0 {
		for _, key := range []string{"SEARCH_SLOW_LOGS", "INDEX_SLOW_LOGS", "ES_APPLICATION_LOGS", "AUDIT_LOGS"} {
			if on(key) {
				return Result{Compliance: Compliant}, nil
			}
		}
		return nonCompliant("Domain %s does not publish logs to CloudWatch Logs.", anxName(it)), nil
	}
	var missing []string
	for _, t := range want {
		key, ok := anxLogTypes[strings.ToLower(t)]
		if !ok {
			return Result{}, anxInvalidParam("logTypes", t, "search, index, error")
		}
		if !on(key) {
			missing = append(missing, strings.ToLower(t))
		}
	}
	return compliantIf(len(missing) == 0, "Domain %s does not publish its %s logs to CloudWatch Logs.", anxName(it), strings.Join(missing, ", ")), nil
}

// anxInvalidParam is the error of a parameter with an invalid value.
func anxInvalidParam(name, value, valid string) error {
	return fmt.Errorf("parameter %s has invalid value %q; valid values are %s", name, value, valid)
}

// elasticsearchLogsToCloudwatch checks that the domain publishes logs to
// CloudWatch Logs (docs: elasticsearch-logs-to-cloudwatch), reading
// logPublishingOptions.<TYPE>.enabled and cloudWatchLogsLogGroupArn.
// logTypes: search, index, error (SEARCH_SLOW_LOGS, INDEX_SLOW_LOGS,
// ES_APPLICATION_LOGS).
func elasticsearchLogsToCloudwatch(it *Item, p Params, _ Env) (Result, error) {
	return anxLogsToCloudwatch(it, p)
}

// opensearchLogsToCloudwatch is elasticsearchLogsToCloudwatch for
// OpenSearch domains (docs: opensearch-logs-to-cloudwatch), reading
// LogPublishingOptions.<TYPE>.Enabled and CloudWatchLogsLogGroupArn.
func opensearchLogsToCloudwatch(it *Item, p Params, _ Env) (Result, error) {
	return anxLogsToCloudwatch(it, p)
}

// anxSecurityConfiguration returns the parsed security configuration JSON
// of the AWS::EMR::SecurityConfiguration item named name, and whether one
// was found. The item's configuration is EMR DescribeSecurityConfiguration's
// output ({"Name": ..., "SecurityConfiguration": <JSON text or object>});
// a configuration holding AuthenticationConfiguration directly is accepted
// too.
func anxSecurityConfiguration(env Env, name string) (map[string]any, bool) {
	for _, sc := range env.Items(anxEMRSecConfig) {
		if sc.Deleted() {
			continue
		}
		n := Str(anxGet(sc.Configuration, "Name"))
		if n == "" {
			n = cmpOr(sc.ResourceName, sc.ResourceID)
		}
		if n != name {
			continue
		}
		switch v := anxGet(sc.Configuration, "SecurityConfiguration").(type) {
		case map[string]any:
			return v, true
		case string:
			if m := Map(DecodeText(v)); m != nil {
				return m, true
			}
		}
		return sc.Configuration, true
	}
	return nil, false
}

// emrKerberosEnabled checks that the EMR cluster has a security
// configuration with Kerberos authentication matching the parameters (docs:
// emr-kerberos-enabled). The cluster item follows EMR DescribeCluster's
// Cluster (SecurityConfiguration, KerberosAttributes, Status.State); the
// security configuration is read from the AWS::EMR::SecurityConfiguration
// item of that name (AuthenticationConfiguration.KerberosConfiguration:
// ClusterDedicatedKdcConfiguration.TicketLifetimeInHours and its
// CrossRealmTrustConfiguration Realm, Domain, AdminServer, KdcServer).
// Choices, the docs being silent: terminated clusters are NOT_APPLICABLE;
// each given parameter must equal the configured value (names compared
// case-insensitively); when the security configuration is not recorded the
// cluster's KerberosAttributes.Realm shows Kerberos is on and parameters
// cannot be checked, so with parameters the result is NOT_APPLICABLE.
func emrKerberosEnabled(it *Item, p Params, env Env) (Result, error) {
	lifetime, err := p.Int("TicketLifetimeInHours", 0)
	if err != nil {
		return Result{}, err
	}
	state := strings.ToUpper(Str(anxGet(it.Configuration, "Status", "State")))
	if strings.HasPrefix(state, "TERMINATED") {
		return notApplicable("Cluster %s is %s.", anxName(it), state), nil
	}
	name := Str(anxGet(it.Configuration, "SecurityConfiguration"))
	if name == "" {
		return nonCompliant("Cluster %s has no security configuration.", anxName(it)), nil
	}
	names := []string{"Realm", "Domain", "AdminServer", "KdcServer"}
	hasParams := lifetime != 0
	for _, n := range names {
		hasParams = hasParams || p.String(n, "") != ""
	}
	sc, ok := anxSecurityConfiguration(env, name)
	if !ok {
		if Str(anxGet(it.Configuration, "KerberosAttributes", "Realm")) == "" {
			return nonCompliant("Cluster %s does not have Kerberos enabled.", anxName(it)), nil
		}
		if hasParams {
			return notApplicable("Security configuration %s of cluster %s is not recorded; its Kerberos settings cannot be checked.", name, anxName(it)), nil
		}
		return Result{Compliance: Compliant}, nil
	}
	krb := Map(anxGet(sc, "AuthenticationConfiguration", "KerberosConfiguration"))
	if krb == nil {
		return nonCompliant("Security configuration %s of cluster %s does not enable Kerberos.", name, anxName(it)), nil
	}
	kdc := anxGet(krb, "ClusterDedicatedKdcConfiguration")
	if lifetime != 0 {
		have, _ := Num(anxGet(kdc, "TicketLifetimeInHours"))
		if int(have) != lifetime {
			return nonCompliant("Security configuration %s has a Kerberos ticket lifetime of %s hours, not %d.", name, Str(anxGet(kdc, "TicketLifetimeInHours")), lifetime), nil
		}
	}
	trust := anxGet(kdc, "CrossRealmTrustConfiguration")
	for _, n := range names {
		want := p.String(n, "")
		if want == "" {
			continue
		}
		if have := Str(anxGet(trust, n)); !strings.EqualFold(have, want) {
			return nonCompliant("Security configuration %s has cross-realm trust %s %q, not %q.", name, n, have, want), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// anxOptionSettings returns the Elastic Beanstalk environment's option
// settings ([{Namespace, OptionName, Value}], as DescribeConfigurationSettings
// gives them) and whether the item carries them: configuration.optionSettings
// (OptionSettings), or supplementaryConfiguration.ConfigurationSettings
// (either DescribeConfigurationSettings' ConfigurationSettings list, whose
// first element's OptionSettings is read, or the option list itself).
func anxOptionSettings(it *Item) ([]any, bool) {
	if v := anxGet(it.Configuration, "optionSettings"); v != nil {
		return Slice(v), true
	}
	for _, key := range []string{"ConfigurationSettings", "OptionSettings"} {
		v, ok := it.Supplementary[key]
		if !ok {
			continue
		}
		list := Slice(v)
		if len(list) > 0 {
			if opts := anxGet(list[0], "OptionSettings"); opts != nil {
				return Slice(opts), true
			}
		}
		if m := Map(v); m != nil && anxGet(m, "OptionSettings") != nil {
			return Slice(anxGet(m, "OptionSettings")), true
		}
		return list, true
	}
	return nil, false
}

// elasticBeanstalkManagedUpdatesEnabled checks that managed platform
// updates are on (docs: elastic-beanstalk-managed-updates-enabled): option
// aws:elasticbeanstalk:managedactions ManagedActionsEnabled is true and,
// with UpdateLevel (minor or patch), the option
// aws:elasticbeanstalk:managedactions:platformupdate UpdateLevel equals it.
// AWS Config's environment CI does not carry option settings, so the rule
// reads them where anxOptionSettings says; an item without them is
// NOT_APPLICABLE (the settings are unknown).
func elasticBeanstalkManagedUpdatesEnabled(it *Item, p Params, _ Env) (Result, error) {
	level := strings.ToLower(p.String("UpdateLevel", ""))
	if level != "" && level != "minor" && level != "patch" {
		return Result{}, anxInvalidParam("UpdateLevel", level, "minor, patch")
	}
	opts, ok := anxOptionSettings(it)
	if !ok {
		return notApplicable("The item of environment %s does not carry its option settings.", anxName(it)), nil
	}
	get := func(ns, name string) (string, bool) {
		for _, o := range opts {
			if Str(anxGet(o, "Namespace")) == ns && Str(anxGet(o, "OptionName")) == name {
				return Str(anxGet(o, "Value")), true
			}
		}
		return "", false
	}
	if v, _ := get("aws:elasticbeanstalk:managedactions", "ManagedActionsEnabled"); !IsTrue(v) {
		return nonCompliant("Managed platform updates are not enabled on environment %s.", anxName(it)), nil
	}
	if level != "" {
		if v, _ := get("aws:elasticbeanstalk:managedactions:platformupdate", "UpdateLevel"); !strings.EqualFold(v, level) {
			return nonCompliant("Environment %s has managed update level %q, not %q.", anxName(it), v, level), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// anxTaskRevision returns a task definition's family and revision, from the
// configuration or its ARN (…:task-definition/family:revision).
func anxTaskRevision(it *Item) (string, int) {
	family := Str(anxGet(it.Configuration, "Family"))
	rev := 0
	if n, ok := Num(anxGet(it.Configuration, "Revision")); ok {
		rev = int(n)
	}
	arn := cmpOr(Str(anxGet(it.Configuration, "TaskDefinitionArn")), it.ARN)
	if i := strings.LastIndex(arn, "task-definition/"); i >= 0 {
		fr := arn[i+len("task-definition/"):]
		if j := strings.LastIndex(fr, ":"); j >= 0 {
			if family == "" {
				family = fr[:j]
			}
			if rev == 0 {
				rev, _ = strconv.Atoi(fr[j+1:])
			}
		}
	}
	return family, rev
}

// anxRootUser reports whether a container user runs as root: empty, root
// or uid 0 (with or without a group).
func anxRootUser(user string) bool {
	u, _, _ := strings.Cut(strings.TrimSpace(user), ":")
	return u == "" || u == "root" || u == "0"
}

// ecsTaskDefinitionUserForHostModeCheck checks that task definitions with
// host network mode run each container privileged or as a non-root user
// (docs: ecs-task-definition-user-for-host-mode-check). Only the latest
// active revision of a family is judged: a revision for which the account
// has a later ACTIVE one of the same family is NOT_APPLICABLE. With
// SkipInactiveTaskDefinitions true (default false, the docs giving none),
// INACTIVE revisions are NOT_APPLICABLE; otherwise each INACTIVE revision is
// evaluated. A user of root, 0 or none counts as root.
func ecsTaskDefinitionUserForHostModeCheck(it *Item, p Params, env Env) (Result, error) {
	skip, err := p.Bool("SkipInactiveTaskDefinitions", false)
	if err != nil {
		return Result{}, err
	}
	status := strings.ToUpper(Str(anxGet(it.Configuration, "Status")))
	if skip && status == "INACTIVE" {
		return notApplicable("Task definition %s is inactive.", anxName(it)), nil
	}
	family, rev := anxTaskRevision(it)
	if family != "" && status != "INACTIVE" {
		for _, o := range env.Items(anxTaskDef) {
			if o.Deleted() || o == it || strings.ToUpper(Str(anxGet(o.Configuration, "Status"))) == "INACTIVE" {
				continue
			}
			if f, r := anxTaskRevision(o); f == family && r > rev {
				return notApplicable("Task definition %s:%d is not the latest active revision (%d is).", family, rev, r), nil
			}
		}
	}
	if !strings.EqualFold(Str(anxGet(it.Configuration, "NetworkMode")), "host") {
		return Result{Compliance: Compliant}, nil
	}
	var bad []string
	for _, c := range Slice(anxGet(it.Configuration, "ContainerDefinitions")) {
		if IsTrue(anxGet(c, "Privileged")) || !anxRootUser(Str(anxGet(c, "User"))) {
			continue
		}
		bad = append(bad, Str(anxGet(c, "Name")))
	}
	return compliantIf(len(bad) == 0, "Task definition %s uses host network mode and container(s) %s run as root without privileged.",
		anxName(it), strings.Join(bad, ", ")), nil
}
