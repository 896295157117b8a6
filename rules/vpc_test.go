package rules_test

import (
	"encoding/json"
	"testing"

	"conforms/rules"
)

const netxSG = "rdk-example-ci/AWS_EC2_SecurityGroup.json"

// netxJSON decodes JSON text for an edit of a corpus CI.
func netxJSON(t *testing.T, text string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		t.Fatalf("%v: %s", err, text)
	}
	return v
}

// netxSGWith is the corpus security group with the inbound rules given as
// JSON (API member names).
func netxSGWith(t *testing.T, ipPermissions string) *rules.Item {
	t.Helper()
	return corpusItem(t, netxSG, set("configuration.ipPermissions", netxJSON(t, ipPermissions)))
}

// netxItem parses a CI written in the test.
func netxItem(t *testing.T, ci string) *rules.Item {
	t.Helper()
	it, err := rules.ParseItem([]byte(ci))
	if err != nil {
		t.Fatalf("ParseItem: %v", err)
	}
	return it
}

func TestIncomingSshDisabled(t *testing.T) {
	runCases(t, "INCOMING_SSH_DISABLED", []ruleCase{
		{name: "corpus group: SSH open to the world", item: corpusItem(t, netxSG, nil), want: rules.NonCompliant},
		{name: "SSH from a private range", item: netxSGWith(t, `[{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipv4Ranges":[{"cidrIp":"10.0.0.0/8"}],"ipRanges":["10.0.0.0/8"]}]`),
			want: rules.Compliant},
		{name: "SSH open over IPv6", item: netxSGWith(t, `[{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipv6Ranges":[{"cidrIpv6":"::/0"}]}]`), want: rules.NonCompliant},
		{name: "all traffic open", item: netxSGWith(t, `[{"ipProtocol":"-1","ipv4Ranges":[{"cidrIp":"0.0.0.0/0"}]}]`), want: rules.NonCompliant},
		{name: "a TCP range including 22", item: netxSGWith(t, `[{"ipProtocol":"tcp","fromPort":0,"toPort":1024,"ipRanges":["0.0.0.0/0"]}]`), want: rules.NonCompliant},
		{name: "HTTPS open, SSH not", item: netxSGWith(t, `[{"ipProtocol":"tcp","fromPort":443,"toPort":443,"ipRanges":["0.0.0.0/0"]},
			{"ipProtocol":"udp","fromPort":22,"toPort":22,"ipRanges":["0.0.0.0/0"]}]`), want: rules.Compliant},
		{name: "no inbound rules", item: netxSGWith(t, `[]`), want: rules.Compliant},
	})
}

func TestRestrictedIncomingTraffic(t *testing.T) {
	runCases(t, "RESTRICTED_INCOMING_TRAFFIC", []ruleCase{
		{name: "corpus group: only SSH open", item: corpusItem(t, netxSG, nil), want: rules.Compliant},
		{name: "RDP open", item: netxSGWith(t, `[{"ipProtocol":"tcp","fromPort":3389,"toPort":3389,"ipv4Ranges":[{"cidrIp":"0.0.0.0/0"}]}]`), want: rules.NonCompliant},
		{name: "MySQL open over IPv6", item: netxSGWith(t, `[{"ipProtocol":"tcp","fromPort":3306,"toPort":3306,"ipv6Ranges":[{"cidrIpv6":"::/0"}]}]`), want: rules.NonCompliant},
		{name: "FTP from a private range", item: netxSGWith(t, `[{"ipProtocol":"tcp","fromPort":20,"toPort":21,"ipRanges":["192.168.0.0/16"]}]`), want: rules.Compliant},
		{name: "all traffic open", item: netxSGWith(t, `[{"ipProtocol":"-1","ipRanges":["0.0.0.0/0"]}]`), want: rules.NonCompliant},
		{name: "UDP 3389 is not TCP", item: netxSGWith(t, `[{"ipProtocol":"udp","fromPort":3389,"toPort":3389,"ipRanges":["0.0.0.0/0"]}]`), want: rules.Compliant},
		{name: "SSH blocked by blockedPort1", item: corpusItem(t, netxSG, nil), params: `{"blockedPort1":"22"}`, want: rules.NonCompliant},
		{name: "SSH blocked by blockedPorts", item: corpusItem(t, netxSG, nil), params: `{"blockedPorts":"22, 8080"}`, want: rules.NonCompliant},
		{name: "port 4333 no longer blocked", item: netxSGWith(t, `[{"ipProtocol":"tcp","fromPort":4333,"toPort":4333,"ipRanges":["0.0.0.0/0"]}]`),
			params: `{"blockedPort5":"5432"}`, want: rules.Compliant},
	})
	r, _ := rules.Lookup("RESTRICTED_INCOMING_TRAFFIC")
	for _, bad := range []rules.Params{{"blockedPort1": "ssh"}, {"blockedPorts": "22,x"}} {
		if _, err := r.Evaluate(corpusItem(t, netxSG, nil), bad, rules.StaticEnv{At: testNow}); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestVpcDefaultSecurityGroupClosed(t *testing.T) {
	defaultSG := func(in, out string) *rules.Item {
		return corpusItem(t, netxSG, edits(set("configuration.groupName", "default"),
			set("configuration.ipPermissions", netxJSON(t, in)), set("configuration.ipPermissionsEgress", netxJSON(t, out))))
	}
	runCases(t, "VPC_DEFAULT_SECURITY_GROUP_CLOSED", []ruleCase{
		{name: "default group closed", item: defaultSG(`[]`, `[]`), want: rules.Compliant},
		{name: "default group with its default rules", item: defaultSG(`[{"ipProtocol":"-1","userIdGroupPairs":[{"groupId":"sg-1d56fc66"}]}]`,
			`[{"ipProtocol":"-1","ipRanges":["0.0.0.0/0"]}]`), want: rules.NonCompliant},
		{name: "default group, egress only", item: defaultSG(`[]`, `[{"ipProtocol":"-1","ipRanges":["0.0.0.0/0"]}]`), want: rules.NonCompliant},
		{name: "not the default group", item: corpusItem(t, netxSG, nil), want: rules.NotApplicable},
	})
}

func TestVpcFlowLogsEnabled(t *testing.T) {
	const vpc = "rdk-example-ci/AWS_EC2_VPC.json"
	flowLog := func(resourceID, traffic, status string) *rules.Item {
		return netxItem(t, `{"resourceType":"AWS::EC2::FlowLog","resourceId":"fl-0a1b2c3d","awsRegion":"us-east-1","configurationItemStatus":"OK",
			"configuration":{"Id":"fl-0a1b2c3d","ResourceId":"`+resourceID+`","ResourceType":"VPC","TrafficType":"`+traffic+`",
			"LogDestinationType":"cloud-watch-logs","LogGroupName":"vpc-flow","FlowLogStatus":"`+status+`"}}`)
	}
	env := func(items ...*rules.Item) rules.Env {
		return rules.StaticEnv{At: testNow, ByType: map[string][]*rules.Item{"AWS::EC2::FlowLog": items}}
	}
	apiSpelling := netxItem(t, `{"resourceType":"AWS::EC2::FlowLog","resourceId":"fl-1","configurationItemStatus":"OK",
		"configuration":{"flowLogId":"fl-1","resourceId":"vpc-0990dc6d","trafficType":"REJECT","flowLogStatus":"ACTIVE"}}`)
	runCases(t, "VPC_FLOW_LOGS_ENABLED", []ruleCase{
		{name: "flow log of all traffic", item: corpusItem(t, vpc, nil), env: env(flowLog("vpc-0990dc6d", "ALL", "ACTIVE")), want: rules.Compliant},
		{name: "no flow log", item: corpusItem(t, vpc, nil), env: env(), want: rules.NonCompliant},
		{name: "flow log of another VPC", item: corpusItem(t, vpc, nil), env: env(flowLog("vpc-11111111", "ALL", "ACTIVE")), want: rules.NonCompliant},
		{name: "wanted traffic type", item: corpusItem(t, vpc, nil), params: `{"trafficType":"REJECT"}`, env: env(apiSpelling), want: rules.Compliant},
		{name: "other traffic type", item: corpusItem(t, vpc, nil), params: `{"trafficType":"REJECT"}`,
			env: env(flowLog("vpc-0990dc6d", "ACCEPT", "ACTIVE")), want: rules.NonCompliant},
		{name: "flow log not active", item: corpusItem(t, vpc, nil), env: env(flowLog("vpc-0990dc6d", "ALL", "INACTIVE")), want: rules.NonCompliant},
	})
}

func TestVpcSgOpenOnlyToAuthorizedPorts(t *testing.T) {
	const rule = "VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS"
	runCases(t, rule, []ruleCase{
		{name: "SSH open, nothing authorized", item: corpusItem(t, netxSG, nil), want: rules.NonCompliant},
		{name: "SSH open and authorized", item: corpusItem(t, netxSG, nil), params: `{"authorizedTcpPorts":"22,443"}`, want: rules.Compliant},
		{name: "range within authorized ranges", item: netxSGWith(t, `[{"ipProtocol":"tcp","fromPort":1020,"toPort":1030,"ipRanges":["0.0.0.0/0"]}]`),
			params: `{"authorizedTcpPorts":"443,1020-1025,1026-1030"}`, want: rules.Compliant},
		{name: "range beyond authorized", item: netxSGWith(t, `[{"ipProtocol":"tcp","fromPort":1020,"toPort":1030,"ipRanges":["0.0.0.0/0"]}]`),
			params: `{"authorizedTcpPorts":"1020-1025"}`, want: rules.NonCompliant},
		{name: "UDP authorized", item: netxSGWith(t, `[{"ipProtocol":"udp","fromPort":500,"toPort":500,"ipv6Ranges":[{"cidrIpv6":"::/0"}]}]`),
			params: `{"authorizedUdpPorts":"500"}`, want: rules.Compliant},
		{name: "UDP port only authorized for TCP", item: netxSGWith(t, `[{"ipProtocol":"udp","fromPort":500,"toPort":500,"ipRanges":["0.0.0.0/0"]}]`),
			params: `{"authorizedTcpPorts":"500"}`, want: rules.NonCompliant},
		{name: "all traffic open", item: netxSGWith(t, `[{"ipProtocol":"-1","ipRanges":["0.0.0.0/0"]}]`), params: `{"authorizedTcpPorts":"0-65535"}`, want: rules.NonCompliant},
		{name: "open only to a private range", item: netxSGWith(t, `[{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipRanges":["10.1.0.0/16"]}]`), want: rules.NotApplicable},
	})
	r, _ := rules.Lookup(rule)
	for _, bad := range []string{"44x", "1025-1020", "70000"} {
		if _, err := r.Evaluate(corpusItem(t, netxSG, nil), rules.Params{"authorizedTcpPorts": bad}, rules.StaticEnv{At: testNow}); err == nil {
			t.Errorf("authorizedTcpPorts %q accepted", bad)
		}
	}
}

func TestSubnetAutoAssignPublicIpDisabled(t *testing.T) {
	subnet := func(mapPublic bool) *rules.Item {
		b, _ := json.Marshal(mapPublic)
		return netxItem(t, `{"version":"1.3","accountId":"264683526309","configurationItemStatus":"OK","resourceType":"AWS::EC2::Subnet",
			"resourceId":"subnet-29428871","awsRegion":"us-east-1","arn":"arn:aws:ec2:us-east-1:264683526309:subnet/subnet-29428871",
			"configuration":"{\"subnetId\":\"subnet-29428871\",\"vpcId\":\"vpc-0990dc6d\",\"cidrBlock\":\"172.31.16.0/20\",\"availabilityZone\":\"us-east-1a\",\"defaultForAz\":true,\"mapPublicIpOnLaunch\":`+string(b)+`,\"state\":\"available\"}"}`)
	}
	runCases(t, "SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED", []ruleCase{
		{name: "no public IPs", item: subnet(false), want: rules.Compliant},
		{name: "public IPs on launch", item: subnet(true), want: rules.NonCompliant},
	})
}

func TestNoUnrestrictedRouteToIgw(t *testing.T) {
	table := func(routes string) *rules.Item {
		return netxItem(t, `{"resourceType":"AWS::EC2::RouteTable","resourceId":"rtb-50b9b034","awsRegion":"us-east-1","configurationItemStatus":"OK",
			"configuration":{"routeTableId":"rtb-50b9b034","vpcId":"vpc-0990dc6d","associations":[{"main":true,"routeTableId":"rtb-50b9b034"}],
			"routes":`+routes+`}}`)
	}
	local := `{"destinationCidrBlock":"172.31.0.0/16","gatewayId":"local","origin":"CreateRouteTable","state":"active"}`
	runCases(t, "NO_UNRESTRICTED_ROUTE_TO_IGW", []ruleCase{
		{name: "default route to an IGW", item: table(`[` + local + `,{"destinationCidrBlock":"0.0.0.0/0","gatewayId":"igw-a5f227c1","origin":"CreateRoute","state":"active"}]`),
			want: rules.NonCompliant},
		{name: "IPv6 default route to an IGW", item: table(`[` + local + `,{"destinationIpv6CidrBlock":"::/0","gatewayId":"igw-a5f227c1"}]`), want: rules.NonCompliant},
		{name: "default route to a NAT gateway", item: table(`[` + local + `,{"destinationCidrBlock":"0.0.0.0/0","natGatewayId":"nat-0a1b2c3d4e5f"}]`), want: rules.Compliant},
		{name: "narrow route to an IGW", item: table(`[` + local + `,{"destinationCidrBlock":"203.0.113.0/24","gatewayId":"igw-a5f227c1"}]`), want: rules.Compliant},
		{name: "exempt route table", item: table(`[{"destinationCidrBlock":"0.0.0.0/0","gatewayId":"igw-a5f227c1"}]`),
			params: `{"routeTableIds":"rtb-1, rtb-50b9b034"}`, want: rules.Compliant},
	})
}

func TestVpcVpn2TunnelsUp(t *testing.T) {
	vpn := func(state, s1, s2 string) *rules.Item {
		return netxItem(t, `{"resourceType":"AWS::EC2::VPNConnection","resourceId":"vpn-0123456789abcdef0","awsRegion":"us-east-1","configurationItemStatus":"OK",
			"configuration":{"vpnConnectionId":"vpn-0123456789abcdef0","state":"`+state+`","type":"ipsec.1","customerGatewayId":"cgw-0e11f167",
			"vpnGatewayId":"vgw-9a4cacf3","options":{"staticRoutesOnly":false},
			"vgwTelemetry":[{"outsideIpAddress":"203.0.113.10","status":"`+s1+`","acceptedRouteCount":2,"lastStatusChange":"2026-11-20T10:00:00Z"},
			{"outsideIpAddress":"203.0.113.11","status":"`+s2+`","acceptedRouteCount":2,"lastStatusChange":"2026-11-20T10:00:00Z"}]}}`)
	}
	runCases(t, "VPC_VPN_2_TUNNELS_UP", []ruleCase{
		{name: "both up", item: vpn("available", "UP", "UP"), want: rules.Compliant},
		{name: "one down", item: vpn("available", "UP", "DOWN"), want: rules.NonCompliant},
		{name: "both down", item: vpn("available", "DOWN", "DOWN"), want: rules.NonCompliant},
		{name: "still pending", item: vpn("pending", "DOWN", "DOWN"), want: rules.NotApplicable},
	})
}
