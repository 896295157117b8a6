package rules

import (
	"regexp"
	"slices"
	"strings"
	"time"
)

func init() {
	register(&Rule{Identifier: "ENCRYPTED_VOLUMES", ResourceTypes: []string{"AWS::EC2::Volume"}, Evaluate: encryptedVolumes})
}

// encryptedVolumes checks that attached volumes are encrypted, with the key
// kmsId when given (docs: encrypted-volumes). Volumes that are not attached
// are NOT_APPLICABLE, as AWS documents ("in an attached state").
func encryptedVolumes(it *Item, p Params, _ Env) (Result, error) {
	if Str(it.Config("state")) != "in-use" && len(Slice(it.Config("attachments"))) == 0 {
		return notApplicable("Volume %s is not attached.", it.ResourceID), nil
	}
	if !IsTrue(it.Config("encrypted")) {
		return nonCompliant("Volume %s is not encrypted.", it.ResourceID), nil
	}
	if key := p.String("kmsId", ""); key != "" {
		have := Str(it.Config("kmsKeyId"))
		if have != key && !hasSuffixID(have, key) {
			return nonCompliant("Volume %s is encrypted with %s, not %s.", it.ResourceID, have, key), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// hasSuffixID reports whether a key ARN ends with the key id given.
func hasSuffixID(arn, id string) bool {
	return len(arn) > len(id) && arn[len(arn)-len(id)-1:] == "/"+id
}

func init() {
	register(
		&Rule{Identifier: "EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK", ResourceTypes: []string{AccountResourceType}, Evaluate: ebsSnapshotPublicRestorableCheck},
		&Rule{Identifier: "EC2_INSTANCE_NO_PUBLIC_IP", ResourceTypes: []string{"AWS::EC2::Instance"}, Evaluate: ec2InstanceNoPublicIp},
		&Rule{Identifier: "INSTANCES_IN_VPC", ResourceTypes: []string{"AWS::EC2::Instance"}, Evaluate: instancesInVpc},
		&Rule{Identifier: "EC2_INSTANCE_PROFILE_ATTACHED", ResourceTypes: []string{"AWS::EC2::Instance"}, Evaluate: ec2InstanceProfileAttached},
		&Rule{Identifier: "AUTOSCALING_LAUNCH_CONFIG_PUBLIC_IP_DISABLED", ResourceTypes: []string{"AWS::AutoScaling::LaunchConfiguration"}, Evaluate: autoscalingLaunchConfigPublicIpDisabled},
		&Rule{Identifier: "EC2_VOLUME_INUSE_CHECK", ResourceTypes: []string{"AWS::EC2::Volume"}, Evaluate: ec2VolumeInuseCheck},
		&Rule{Identifier: "EC2_STOPPED_INSTANCE", ResourceTypes: []string{"AWS::EC2::Instance"}, Evaluate: ec2StoppedInstance},
		&Rule{Identifier: "EC2_IMDSV2_CHECK", ResourceTypes: []string{"AWS::EC2::Instance"}, Evaluate: ec2Imdsv2Check},
	)
}

// netxAccountEbsPublicSnapshots is the key of the AWS::::Account
// configuration that lists the account's EBS snapshots, in the item's
// region, that anyone may restore (EC2 DescribeSnapshots with OwnerIds
// self and RestorableByUserIds all):
//
//	"ebsPublicSnapshots": ["snap-0123456789abcdef0"]   // [] or absent-but-known: none
//
// Absent means unknown: EBS_SNAPSHOT_PUBLIC_RESTORABLE_CHECK answers
// NOT_APPLICABLE.
const netxAccountEbsPublicSnapshots = "ebsPublicSnapshots"

// ebsSnapshotPublicRestorableCheck checks that none of the account's EBS
// snapshots is restorable by all (docs:
// ebs-snapshot-public-restorable-check). It reads the account item's
// ebsPublicSnapshots (netxAccountEbsPublicSnapshots); when that is absent
// the account has not been described and the result is NOT_APPLICABLE.
func ebsSnapshotPublicRestorableCheck(it *Item, _ Params, _ Env) (Result, error) {
	v, known := it.Configuration[netxAccountEbsPublicSnapshots]
	if !known || v == nil {
		return notApplicable("The account item does not say which EBS snapshots are public."), nil
	}
	ids := Strings(v)
	if len(ids) == 0 {
		return Result{Compliance: Compliant}, nil
	}
	return nonCompliant("%d EBS snapshot(s) are restorable by anyone: %s.", len(ids), strings.Join(ids, ", ")), nil
}

// ec2InstanceNoPublicIp checks that the instance has no public IPv4
// address (docs: ec2-instance-no-public-ip): neither publicIpAddress nor a
// network interface's association.publicIp is set. IPv6 addresses are not
// considered, as documented.
func ec2InstanceNoPublicIp(it *Item, _ Params, _ Env) (Result, error) {
	if ip := Str(it.Config("publicIpAddress")); ip != "" {
		return nonCompliant("Instance %s has the public IP address %s.", it.ResourceID, ip), nil
	}
	for _, ni := range Slice(it.Config("networkInterfaces")) {
		if ip := Str(Get(ni, "association", "publicIp")); ip != "" {
			return nonCompliant("Instance %s has the public IP address %s on %s.", it.ResourceID, ip, Str(Get(ni, "networkInterfaceId"))), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// instancesInVpc checks that the instance is in a VPC, and with vpcId in
// that VPC (docs: ec2-instances-in-vpc).
func instancesInVpc(it *Item, p Params, _ Env) (Result, error) {
	have := Str(it.Config("vpcId"))
	if have == "" {
		return nonCompliant("Instance %s is not in a VPC.", it.ResourceID), nil
	}
	if want := p.String("vpcId", ""); want != "" && have != want {
		return nonCompliant("Instance %s is in %s, not %s.", it.ResourceID, have, want), nil
	}
	return Result{Compliance: Compliant}, nil
}

// ec2InstanceProfileAttached checks that the instance has an IAM instance
// profile, and with IamInstanceProfileArnList one of those profiles (docs:
// ec2-instance-profile-attached).
func ec2InstanceProfileAttached(it *Item, p Params, _ Env) (Result, error) {
	arn := Str(it.Config("iamInstanceProfile", "arn"))
	if arn == "" {
		return nonCompliant("Instance %s has no IAM instance profile.", it.ResourceID), nil
	}
	if allowed := p.List("IamInstanceProfileArnList"); len(allowed) > 0 && !slices.Contains(allowed, arn) {
		return nonCompliant("Instance %s has the instance profile %s, which is not in IamInstanceProfileArnList.", it.ResourceID, arn), nil
	}
	return Result{Compliance: Compliant}, nil
}

// autoscalingLaunchConfigPublicIpDisabled checks that the launch
// configuration does not give instances public IP addresses (docs:
// autoscaling-launch-config-public-ip-disabled): associatePublicIpAddress
// true is NON_COMPLIANT; false or absent (the subnet decides) is COMPLIANT.
func autoscalingLaunchConfigPublicIpDisabled(it *Item, _ Params, _ Env) (Result, error) {
	return compliantIf(!IsTrue(it.Config("associatePublicIpAddress")),
		"Launch configuration %s associates public IP addresses with its instances.", cmpOr(it.ResourceName, it.ResourceID)), nil
}

// ec2VolumeInuseCheck checks that the volume is attached to an instance
// that is not terminated, and with deleteOnTermination true that it is
// deleted when the instance terminates (docs: ec2-volume-inuse-check). An
// attachment's instance counts as terminated when
// env.Items("AWS::EC2::Instance") holds it with state.name "terminated".
func ec2VolumeInuseCheck(it *Item, p Params, env Env) (Result, error) {
	wantDelete, err := p.Bool("deleteOnTermination", false)
	if err != nil {
		return Result{}, err
	}
	var live []map[string]any
	for _, a := range Slice(it.Config("attachments")) {
		m := Map(a)
		if m == nil {
			continue
		}
		if st := Str(m["state"]); st == "detaching" || st == "detached" {
			continue
		}
		if netxInstanceTerminated(Str(m["instanceId"]), env) {
			continue
		}
		live = append(live, m)
	}
	if len(live) == 0 {
		return nonCompliant("Volume %s is not attached to a running or stopped instance.", it.ResourceID), nil
	}
	if wantDelete {
		for _, a := range live {
			if !IsTrue(a["deleteOnTermination"]) {
				return nonCompliant("Volume %s is not deleted when instance %s terminates.", it.ResourceID, Str(a["instanceId"])), nil
			}
		}
	}
	return Result{Compliance: Compliant}, nil
}

// netxInstanceTerminated reports whether the account's items record the
// instance as terminated.
func netxInstanceTerminated(id string, env Env) bool {
	for _, in := range env.Items("AWS::EC2::Instance") {
		if in.ResourceID == id {
			return in.Deleted() || Str(in.Config("state", "name")) == "terminated"
		}
	}
	return false
}

// netxStopTime finds when a stopped instance stopped, from its
// stateTransitionReason ("User initiated (2026-10-01 12:00:00 GMT)").
var netxStopTime = regexp.MustCompile(`\((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) GMT\)`)

// ec2StoppedInstance checks that a stopped instance has not been stopped
// for more than AllowedDays days, default 30 (docs: ec2-stopped-instance).
// AWS reads the instance's configuration history; conforms reads the time
// in stateTransitionReason, which EC2 sets when the instance stops. When
// that time cannot be found the rule is NON_COMPLIANT, as documented.
// Instances in any other state are COMPLIANT.
func ec2StoppedInstance(it *Item, p Params, env Env) (Result, error) {
	days, err := p.Int("AllowedDays", 30)
	if err != nil {
		return Result{}, err
	}
	if Str(it.Config("state", "name")) != "stopped" {
		return Result{Compliance: Compliant}, nil
	}
	m := netxStopTime.FindStringSubmatch(Str(it.Config("stateTransitionReason")))
	if m == nil {
		return nonCompliant("Instance %s is stopped and when it stopped cannot be determined.", it.ResourceID), nil
	}
	stopped, err := time.Parse("2006-01-02 15:04:05", m[1])
	if err != nil {
		return nonCompliant("Instance %s is stopped and when it stopped cannot be determined.", it.ResourceID), nil
	}
	if env.Now().Sub(stopped) > time.Duration(days)*24*time.Hour {
		return nonCompliant("Instance %s has been stopped since %s, more than %d days.", it.ResourceID, stopped.Format(time.RFC3339), days), nil
	}
	return Result{Compliance: Compliant}, nil
}

// ec2Imdsv2Check checks that the instance requires IMDSv2 (docs:
// ec2-imdsv2-check): metadataOptions.httpTokens must be "required". An
// instance whose CI has no metadataOptions (older CIs) is taken to have
// EC2's default, optional, and is NON_COMPLIANT.
func ec2Imdsv2Check(it *Item, _ Params, _ Env) (Result, error) {
	tokens := Str(it.Config("metadataOptions", "httpTokens"))
	if tokens == "required" {
		return Result{Compliance: Compliant}, nil
	}
	return nonCompliant("Instance %s does not require IMDSv2 (httpTokens is %q).", it.ResourceID, cmpOr(tokens, "optional")), nil
}
