package rules

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Rules about VPC networking: security groups, flow logs, subnets, route
// tables and VPN connections.

func init() {
	register(
		&Rule{Identifier: "INCOMING_SSH_DISABLED", ResourceTypes: []string{"AWS::EC2::SecurityGroup"}, Evaluate: incomingSshDisabled},
		&Rule{Identifier: "RESTRICTED_INCOMING_TRAFFIC", ResourceTypes: []string{"AWS::EC2::SecurityGroup"}, Evaluate: restrictedIncomingTraffic},
		&Rule{Identifier: "VPC_DEFAULT_SECURITY_GROUP_CLOSED", ResourceTypes: []string{"AWS::EC2::SecurityGroup"}, Evaluate: vpcDefaultSecurityGroupClosed},
		&Rule{Identifier: "VPC_FLOW_LOGS_ENABLED", ResourceTypes: []string{"AWS::EC2::VPC"}, Evaluate: vpcFlowLogsEnabled},
		&Rule{Identifier: "VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS", ResourceTypes: []string{"AWS::EC2::SecurityGroup"}, Evaluate: vpcSgOpenOnlyToAuthorizedPorts},
		&Rule{Identifier: "SUBNET_AUTO_ASSIGN_PUBLIC_IP_DISABLED", ResourceTypes: []string{"AWS::EC2::Subnet"}, Evaluate: subnetAutoAssignPublicIpDisabled},
		&Rule{Identifier: "NO_UNRESTRICTED_ROUTE_TO_IGW", ResourceTypes: []string{"AWS::EC2::RouteTable"}, Evaluate: noUnrestrictedRouteToIgw},
		&Rule{Identifier: "VPC_VPN_2_TUNNELS_UP", ResourceTypes: []string{"AWS::EC2::VPNConnection"}, Evaluate: vpcVpn2TunnelsUp},
	)
}

// netxPermission is one inbound (or outbound) rule of a security group, as
// configuration.ipPermissions holds it.
type netxPermission struct {
	// protocol is "tcp", "udp", "icmp", "icmpv6", "-1" (all traffic) or
	// another protocol's name or number; numbers 6 and 17 are read as tcp
	// and udp.
	protocol string
	// from and to are the port range; both -1 when the rule has none
	// (all traffic, or a protocol without ports).
	from, to int
	// v4 and v6 are the source CIDR blocks.
	v4, v6 []string
}

// netxPermissions reads the security group's ipPermissions. Sources are
// read from ipRanges (strings, the older CIs' form, or objects with
// cidrIp), ipv4Ranges (objects with cidrIp) and ipv6Ranges (objects with
// cidrIpv6, or strings).
func netxPermissions(it *Item) []netxPermission {
	var out []netxPermission
	for _, raw := range Slice(it.Config("ipPermissions")) {
		m := Map(raw)
		if m == nil {
			continue
		}
		p := netxPermission{protocol: strings.ToLower(Str(m["ipProtocol"])), from: -1, to: -1}
		switch p.protocol {
		case "6":
			p.protocol = "tcp"
		case "17":
			p.protocol = "udp"
		case "", "all":
			p.protocol = "-1"
		}
		if f, ok := Num(m["fromPort"]); ok {
			p.from = int(f)
		}
		if t, ok := Num(m["toPort"]); ok {
			p.to = int(t)
		}
		seen := map[string]bool{}
		add := func(dst *[]string, cidr string) {
			cidr = strings.TrimSpace(cidr)
			if cidr != "" && !seen[cidr] {
				seen[cidr] = true
				*dst = append(*dst, cidr)
			}
		}
		for _, key := range []string{"ipRanges", "ipv4Ranges"} {
			for _, r := range Slice(m[key]) {
				if s, ok := r.(string); ok {
					add(&p.v4, s)
				} else {
					add(&p.v4, Str(Get(r, "cidrIp")))
				}
			}
		}
		for _, r := range Slice(m["ipv6Ranges"]) {
			if s, ok := r.(string); ok {
				add(&p.v6, s)
			} else {
				add(&p.v6, Str(Get(r, "cidrIpv6")))
			}
		}
		out = append(out, p)
	}
	return out
}

// netxWorldCIDR reports whether a CIDR block is every address:
// 0.0.0.0/0 or ::/0.
func netxWorldCIDR(cidr string) bool {
	return cidr == "0.0.0.0/0" || cidr == "::/0"
}

// openSource returns the permission's source that is every address
// ("0.0.0.0/0" or "::/0"), or "".
func (p netxPermission) openSource() string {
	for _, c := range append(append([]string{}, p.v4...), p.v6...) {
		if netxWorldCIDR(c) {
			return c
		}
	}
	return ""
}

// allPorts reports whether the permission's port range is every port: all
// traffic, or no range given.
func (p netxPermission) allPorts() bool {
	return p.protocol == "-1" || p.from < 0 || p.to < 0 || (p.from <= 0 && p.to >= 65535)
}

// allowsTCP reports whether the permission lets TCP traffic to port in.
func (p netxPermission) allowsTCP(port int) bool {
	if p.protocol != "tcp" && p.protocol != "-1" {
		return false
	}
	return p.allPorts() || (p.from <= port && port <= p.to)
}

// portText describes the permission's ports for annotations.
func (p netxPermission) portText() string {
	switch {
	case p.protocol == "-1":
		return "all traffic"
	case p.allPorts():
		return p.protocol + " on all ports"
	case p.from == p.to:
		return fmt.Sprintf("%s port %d", p.protocol, p.from)
	}
	return fmt.Sprintf("%s ports %d-%d", p.protocol, p.from, p.to)
}

// incomingSshDisabled checks that no inbound rule lets SSH (TCP port 22)
// in from 0.0.0.0/0 or ::/0 (docs: restricted-ssh). Rules for all traffic
// (ipProtocol -1) and TCP port ranges that include 22 count.
func incomingSshDisabled(it *Item, _ Params, _ Env) (Result, error) {
	for _, p := range netxPermissions(it) {
		if src := p.openSource(); src != "" && p.allowsTCP(22) {
			return nonCompliant("Security group %s allows SSH (%s) from %s.", it.ResourceID, p.portText(), src), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// restrictedIncomingTraffic checks that no inbound rule lets TCP traffic
// to a blocked port in from 0.0.0.0/0 or ::/0 (docs:
// restricted-common-ports). The blocked ports are blockedPort1 to
// blockedPort5 (defaults 20, 21, 3389, 3306, 4333) together with the list
// blockedPorts; the docs do not say whether blockedPorts replaces the five,
// so conforms blocks both. Rules for all traffic (ipProtocol -1) count.
func restrictedIncomingTraffic(it *Item, p Params, _ Env) (Result, error) {
	var blocked []int
	for i, def := range []int{20, 21, 3389, 3306, 4333} {
		port, err := p.Int(fmt.Sprintf("blockedPort%d", i+1), def)
		if err != nil {
			return Result{}, err
		}
		blocked = append(blocked, port)
	}
	for _, s := range p.List("blockedPorts") {
		port, err := strconv.Atoi(s)
		if err != nil || port < 0 || port > 65535 {
			return Result{}, fmt.Errorf("parameter blockedPorts must list port numbers, not %q", s)
		}
		blocked = append(blocked, port)
	}
	for _, perm := range netxPermissions(it) {
		src := perm.openSource()
		if src == "" {
			continue
		}
		for _, port := range blocked {
			if perm.allowsTCP(port) {
				return nonCompliant("Security group %s allows TCP port %d (%s) from %s.", it.ResourceID, port, perm.portText(), src), nil
			}
		}
	}
	return Result{Compliance: Compliant}, nil
}

// vpcDefaultSecurityGroupClosed checks that a VPC's default security group
// has no inbound and no outbound rules (docs:
// vpc-default-security-group-closed). Other security groups, and default
// groups outside a VPC (EC2-Classic), are NOT_APPLICABLE.
func vpcDefaultSecurityGroupClosed(it *Item, _ Params, _ Env) (Result, error) {
	if Str(it.Config("groupName")) != "default" || Str(it.Config("vpcId")) == "" {
		return notApplicable("Security group %s is not the default security group of a VPC.", it.ResourceID), nil
	}
	if n := len(Slice(it.Config("ipPermissions"))); n > 0 {
		return nonCompliant("The default security group %s of %s has %d inbound rule(s).", it.ResourceID, Str(it.Config("vpcId")), n), nil
	}
	if n := len(Slice(it.Config("ipPermissionsEgress"))); n > 0 {
		return nonCompliant("The default security group %s of %s has %d outbound rule(s).", it.ResourceID, Str(it.Config("vpcId")), n), nil
	}
	return Result{Compliance: Compliant}, nil
}

// netxField returns the first of the keys that m has a non-empty value
// for, as a string: items recorded from the CloudFormation schema spell
// properties in PascalCase (ResourceId), those from the EC2 API in
// camelCase (resourceId).
func netxField(m map[string]any, keys ...string) string {
	for _, k := range keys {
		if s := Str(m[k]); s != "" {
			return s
		}
	}
	return ""
}

// vpcFlowLogsEnabled checks that the VPC has a flow log, and with
// trafficType (ACCEPT, REJECT or ALL) one that logs that traffic type
// (docs: vpc-flow-logs-enabled). It reads env.Items("AWS::EC2::FlowLog"):
// a flow log counts when its configuration's ResourceId (or resourceId) is
// the VPC's id, its TrafficType (trafficType) matches the parameter when
// one is given (case-insensitively), and its FlowLogStatus
// (flowLogStatus), when recorded, is ACTIVE. Flow logs of the VPC's
// subnets or network interfaces do not count.
func vpcFlowLogsEnabled(it *Item, p Params, env Env) (Result, error) {
	want := strings.ToUpper(p.String("trafficType", ""))
	switch want {
	case "", "ACCEPT", "REJECT", "ALL":
	default:
		return Result{}, fmt.Errorf("parameter trafficType must be ACCEPT, REJECT or ALL, not %q", want)
	}
	vpcID := Str(it.Config("vpcId"))
	if vpcID == "" {
		vpcID = it.ResourceID
	}
	found := false
	for _, fl := range env.Items("AWS::EC2::FlowLog") {
		if fl.Deleted() {
			continue
		}
		c := fl.Configuration
		if netxField(c, "ResourceId", "resourceId") != vpcID {
			continue
		}
		if st := netxField(c, "FlowLogStatus", "flowLogStatus"); st != "" && !strings.EqualFold(st, "ACTIVE") {
			continue
		}
		found = true
		if want == "" || strings.EqualFold(netxField(c, "TrafficType", "trafficType"), want) {
			return Result{Compliance: Compliant}, nil
		}
	}
	if found {
		return nonCompliant("VPC %s has no flow log of traffic type %s.", vpcID, want), nil
	}
	return nonCompliant("VPC %s has no flow log.", vpcID), nil
}

// netxPortRange is an inclusive range of ports.
type netxPortRange struct{ from, to int }

// netxParsePorts parses a list such as "443,1020-1025".
func netxParsePorts(name string, p Params) ([]netxPortRange, error) {
	var out []netxPortRange
	for _, s := range p.List(name) {
		lo, hi, isRange := strings.Cut(s, "-")
		from, err1 := strconv.Atoi(strings.TrimSpace(lo))
		to, err2 := from, error(nil)
		if isRange {
			to, err2 = strconv.Atoi(strings.TrimSpace(hi))
		}
		if err1 != nil || err2 != nil || from < 0 || to > 65535 || from > to {
			return nil, fmt.Errorf("parameter %s must list ports or port ranges such as 443,1020-1025, not %q", name, s)
		}
		out = append(out, netxPortRange{from, to})
	}
	return out, nil
}

// netxCovered reports whether every port of [from, to] is in one of the
// ranges.
func netxCovered(from, to int, ranges []netxPortRange) bool {
	for port := from; port <= to; {
		next := -1
		for _, r := range ranges {
			if r.from <= port && port <= r.to && r.to+1 > next {
				next = r.to + 1
			}
		}
		if next < 0 {
			return false
		}
		port = next
	}
	return true
}

// vpcSgOpenOnlyToAuthorizedPorts checks that inbound rules open to
// 0.0.0.0/0 or ::/0 only allow TCP ports in authorizedTcpPorts and UDP
// ports in authorizedUdpPorts (docs: vpc-sg-open-only-to-authorized-ports).
// A group with no rule open to every address is NOT_APPLICABLE, as
// documented. A rule for all traffic (ipProtocol -1) is NON_COMPLIANT.
// Rules open to every address for other protocols (ICMP, ...) have no
// ports, and the docs only speak of TCP and UDP: conforms lets them be.
func vpcSgOpenOnlyToAuthorizedPorts(it *Item, p Params, _ Env) (Result, error) {
	tcp, err := netxParsePorts("authorizedTcpPorts", p)
	if err != nil {
		return Result{}, err
	}
	udp, err := netxParsePorts("authorizedUdpPorts", p)
	if err != nil {
		return Result{}, err
	}
	open := false
	for _, perm := range netxPermissions(it) {
		src := perm.openSource()
		if src == "" {
			continue
		}
		open = true
		from, to := perm.from, perm.to
		if perm.allPorts() {
			from, to = 0, 65535
		}
		var authorized []netxPortRange
		switch perm.protocol {
		case "-1":
			return nonCompliant("Security group %s allows all traffic from %s.", it.ResourceID, src), nil
		case "tcp":
			authorized = tcp
		case "udp":
			authorized = udp
		default:
			continue
		}
		if !netxCovered(from, to, authorized) {
			return nonCompliant("Security group %s allows %s from %s, which are not all authorized.", it.ResourceID, perm.portText(), src), nil
		}
	}
	if !open {
		return notApplicable("Security group %s has no inbound rule open to 0.0.0.0/0 or ::/0.", it.ResourceID), nil
	}
	return Result{Compliance: Compliant}, nil
}

// subnetAutoAssignPublicIpDisabled checks that the subnet does not give
// instances launched in it a public IPv4 address (docs:
// subnet-auto-assign-public-ip-disabled): mapPublicIpOnLaunch true is
// NON_COMPLIANT.
func subnetAutoAssignPublicIpDisabled(it *Item, _ Params, _ Env) (Result, error) {
	return compliantIf(!IsTrue(it.Config("mapPublicIpOnLaunch")),
		"Subnet %s assigns public IP addresses to instances launched in it.", it.ResourceID), nil
}

// noUnrestrictedRouteToIgw checks that the route table has no route to an
// internet gateway (gatewayId igw-...) for 0.0.0.0/0 or ::/0 (docs:
// no-unrestricted-route-to-igw). Route tables listed in routeTableIds may
// have such routes and are COMPLIANT.
func noUnrestrictedRouteToIgw(it *Item, p Params, _ Env) (Result, error) {
	id := cmpOr(Str(it.Config("routeTableId")), it.ResourceID)
	if slices.Contains(p.List("routeTableIds"), id) {
		return Result{Compliance: Compliant}, nil
	}
	for _, r := range Slice(it.Config("routes")) {
		m := Map(r)
		gw := Str(m["gatewayId"])
		if !strings.HasPrefix(gw, "igw-") {
			continue
		}
		for _, dst := range []string{Str(m["destinationCidrBlock"]), Str(m["destinationIpv6CidrBlock"])} {
			if netxWorldCIDR(dst) {
				return nonCompliant("Route table %s routes %s to internet gateway %s.", id, dst, gw), nil
			}
		}
	}
	return Result{Compliance: Compliant}, nil
}

// vpcVpn2TunnelsUp checks that both tunnels of a Site-to-Site VPN
// connection are UP (docs: vpc-vpn-2-tunnels-up), from
// configuration.vgwTelemetry[].status. A connection whose CI records
// fewer than two tunnels is NON_COMPLIANT. The docs are silent on
// connections that are not available (pending, deleting, deleted);
// conforms answers NOT_APPLICABLE for them, since they carry no traffic.
func vpcVpn2TunnelsUp(it *Item, _ Params, _ Env) (Result, error) {
	state := Str(it.Config("state"))
	if state == "" {
		state = Str(it.Config("state", "value"))
	}
	if state != "" && state != "available" {
		return notApplicable("VPN connection %s is %s.", it.ResourceID, state), nil
	}
	up := 0
	tunnels := Slice(it.Config("vgwTelemetry"))
	for _, t := range tunnels {
		if strings.EqualFold(Str(Get(t, "status")), "UP") {
			up++
		}
	}
	if up < 2 {
		return nonCompliant("VPN connection %s has %d of %d tunnel(s) UP; both must be.", it.ResourceID, up, len(tunnels)), nil
	}
	return Result{Compliance: Compliant}, nil
}
