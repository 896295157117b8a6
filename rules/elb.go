package rules

import (
	"slices"
	"strings"
)

// Rules about load balancers: Classic (AWS::ElasticLoadBalancing::
// LoadBalancer), Application, Network and Gateway
// (AWS::ElasticLoadBalancingV2::LoadBalancer), and the Auto Scaling groups
// behind them.
//
// A Classic load balancer's CI has its listeners in
// configuration.listenerDescriptions and its attributes as an object in
// supplementaryConfiguration.LoadBalancerAttributes (accessLog,
// crossZoneLoadBalancing, ...). An ELBv2 load balancer's CI has its
// attributes as a list of {key, value} in
// supplementaryConfiguration.LoadBalancerAttributes, and no listeners:
// AWS Config records those as items of their own,
// AWS::ElasticLoadBalancingV2::Listener, with LoadBalancerArn, Protocol,
// Port, Certificates and DefaultActions (elbxListeners).

const (
	elbxClassicType  = "AWS::ElasticLoadBalancing::LoadBalancer"
	elbxV2Type       = "AWS::ElasticLoadBalancingV2::LoadBalancer"
	elbxListenerType = "AWS::ElasticLoadBalancingV2::Listener"
)

func init() {
	register(
		&Rule{Identifier: "ELB_LOGGING_ENABLED", ResourceTypes: []string{elbxClassicType, elbxV2Type}, Evaluate: elbLoggingEnabled},
		&Rule{Identifier: "ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK", ResourceTypes: []string{elbxV2Type}, Evaluate: albHttpToHttpsRedirectionCheck},
		&Rule{Identifier: "ELB_TLS_HTTPS_LISTENERS_ONLY", ResourceTypes: []string{elbxClassicType}, Evaluate: elbTlsHttpsListenersOnly},
		&Rule{Identifier: "ELB_ACM_CERTIFICATE_REQUIRED", ResourceTypes: []string{elbxClassicType}, Evaluate: elbAcmCertificateRequired},
		&Rule{Identifier: "ALB_WAF_ENABLED", ResourceTypes: []string{elbxV2Type}, Evaluate: albWafEnabled},
		&Rule{Identifier: "ELB_CROSS_ZONE_LOAD_BALANCING_ENABLED", ResourceTypes: []string{elbxClassicType}, Evaluate: elbCrossZoneLoadBalancingEnabled},
		&Rule{Identifier: "ELB_DELETION_PROTECTION_ENABLED", ResourceTypes: []string{elbxV2Type}, Evaluate: elbDeletionProtectionEnabled},
		&Rule{Identifier: "ELBV2_ACM_CERTIFICATE_REQUIRED", ResourceTypes: []string{elbxV2Type}, Evaluate: elbv2AcmCertificateRequired},
		&Rule{Identifier: "AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED", ResourceTypes: []string{"AWS::AutoScaling::AutoScalingGroup"}, Evaluate: autoscalingGroupElbHealthcheckRequired},
	)
}

// elbxName is the load balancer's name for annotations.
func elbxName(it *Item) string {
	return cmpOr(cmpOr(it.ResourceName, Str(it.Config("loadBalancerName"))), it.ResourceID)
}

// elbxARN is an ELBv2 load balancer's ARN (its resource id in AWS Config).
func elbxARN(it *Item) string {
	return cmpOr(cmpOr(Str(it.Config("loadBalancerArn")), it.ARN), it.ResourceID)
}

// elbxV2Kind is an ELBv2 load balancer's type: "application", "network"
// or "gateway" (configuration.type; "application" when absent, the
// default of CreateLoadBalancer).
func elbxV2Kind(it *Item) string {
	return cmpOr(strings.ToLower(Str(it.Config("type"))), "application")
}

// elbxV2Attr returns an ELBv2 attribute from
// supplementaryConfiguration.LoadBalancerAttributes, a list of
// {key, value} (or {Key, Value}); an object of key to value is read too.
func elbxV2Attr(it *Item, key string) (string, bool) {
	attrs := it.Supp("LoadBalancerAttributes")
	if m := Map(attrs); m != nil {
		v, ok := m[key]
		return Str(v), ok && v != nil
	}
	for _, a := range Slice(attrs) {
		m := Map(a)
		if netxField(m, "key", "Key") == key {
			return netxField(m, "value", "Value"), true
		}
	}
	return "", false
}

// elbxListeners returns an ELBv2 load balancer's listeners: the items of
// env.Items("AWS::ElasticLoadBalancingV2::Listener") whose LoadBalancerArn
// is the load balancer's ARN, and any listener list the CI itself carries
// (configuration.listeners or supplementaryConfiguration.Listeners). Each
// is the listener's configuration, in PascalCase (the Config schema's) or
// camelCase (the ELBv2 API's).
func elbxListeners(it *Item, env Env) []map[string]any {
	var out []map[string]any
	for _, v := range [][]any{Slice(it.Config("listeners")), Slice(it.Config("Listeners")), Slice(it.Supp("Listeners"))} {
		for _, l := range v {
			if m := Map(l); m != nil {
				out = append(out, m)
			}
		}
	}
	arn := elbxARN(it)
	for _, l := range env.Items(elbxListenerType) {
		if l.Deleted() || l.Configuration == nil {
			continue
		}
		if netxField(l.Configuration, "LoadBalancerArn", "loadBalancerArn") == arn {
			out = append(out, l.Configuration)
		}
	}
	return out
}

// elbxList returns the list at the first key m has.
func elbxList(m map[string]any, keys ...string) []any {
	for _, k := range keys {
		if v := Slice(m[k]); v != nil {
			return v
		}
	}
	return nil
}

// elbxListenerName describes a listener for annotations.
func elbxListenerName(l map[string]any) string {
	return cmpOr(netxField(l, "ListenerArn", "listenerArn"),
		strings.ToUpper(netxField(l, "Protocol", "protocol"))+":"+netxField(l, "Port", "port"))
}

// elbLoggingEnabled checks that the load balancer delivers access logs to
// S3, and with s3BucketNames to one of those buckets (docs:
// elb-logging-enabled). Classic load balancers: LoadBalancerAttributes.
// accessLog.enabled and s3BucketName. Application load balancers: the
// attributes access_logs.s3.enabled and access_logs.s3.bucket. Network and
// Gateway load balancers are NOT_APPLICABLE, as documented.
func elbLoggingEnabled(it *Item, p Params, _ Env) (Result, error) {
	var enabled bool
	var bucket string
	if it.ResourceType == elbxClassicType {
		log := Map(it.Supp("LoadBalancerAttributes", "accessLog"))
		enabled, bucket = IsTrue(log["enabled"]), Str(log["s3BucketName"])
	} else {
		if kind := elbxV2Kind(it); kind != "application" {
			return notApplicable("Load balancer %s is a %s load balancer.", elbxName(it), kind), nil
		}
		v, _ := elbxV2Attr(it, "access_logs.s3.enabled")
		enabled = IsTrue(v)
		bucket, _ = elbxV2Attr(it, "access_logs.s3.bucket")
	}
	if !enabled {
		return nonCompliant("Load balancer %s does not deliver access logs.", elbxName(it)), nil
	}
	if names := p.List("s3BucketNames"); len(names) > 0 && !slices.Contains(names, bucket) {
		return nonCompliant("Load balancer %s delivers access logs to %q, which is not in s3BucketNames.", elbxName(it), bucket), nil
	}
	return Result{Compliance: Compliant}, nil
}

// albHttpToHttpsRedirectionCheck checks that every HTTP listener of an
// Application Load Balancer redirects to HTTPS (docs:
// alb-http-to-https-redirection-check): one of its default actions must be
// a redirect whose RedirectConfig.Protocol is HTTPS; forwarding, or a
// redirect keeping the protocol, is NON_COMPLIANT. Listeners are read by
// elbxListeners. Network and Gateway load balancers are NOT_APPLICABLE;
// so is an ALB none of whose listeners is recorded, since conforms cannot
// tell an ALB without listeners from one whose listeners are not recorded.
func albHttpToHttpsRedirectionCheck(it *Item, _ Params, env Env) (Result, error) {
	if kind := elbxV2Kind(it); kind != "application" {
		return notApplicable("Load balancer %s is a %s load balancer.", elbxName(it), kind), nil
	}
	listeners := elbxListeners(it, env)
	if len(listeners) == 0 {
		return notApplicable("No listener of load balancer %s is recorded.", elbxName(it)), nil
	}
	for _, l := range listeners {
		if !strings.EqualFold(netxField(l, "Protocol", "protocol"), "HTTP") {
			continue
		}
		redirects := false
		for _, a := range elbxList(l, "DefaultActions", "defaultActions") {
			m := Map(a)
			rc := Map(elbxFirst(m["RedirectConfig"], m["redirectConfig"]))
			if strings.EqualFold(netxField(m, "Type", "type"), "redirect") && strings.EqualFold(netxField(rc, "Protocol", "protocol"), "HTTPS") {
				redirects = true
			}
		}
		if !redirects {
			return nonCompliant("HTTP listener %s of load balancer %s does not redirect to HTTPS.", elbxListenerName(l), elbxName(it)), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// elbxFirst returns a when it is not nil, else b.
func elbxFirst(a, b any) any {
	if a != nil {
		return a
	}
	return b
}

// elbTlsHttpsListenersOnly checks that every listener of a Classic load
// balancer uses HTTPS or SSL (docs: elb-tls-https-listeners-only). A load
// balancer without listeners is NOT_APPLICABLE, as documented.
func elbTlsHttpsListenersOnly(it *Item, _ Params, _ Env) (Result, error) {
	lds := Slice(it.Config("listenerDescriptions"))
	if len(lds) == 0 {
		return notApplicable("Load balancer %s has no listener.", elbxName(it)), nil
	}
	for _, ld := range lds {
		l := Map(Get(ld, "listener"))
		proto := strings.ToUpper(Str(l["protocol"]))
		if proto != "HTTPS" && proto != "SSL" {
			return nonCompliant("Load balancer %s has a %s listener on port %s.", elbxName(it), proto, Str(l["loadBalancerPort"])), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// elbAcmCertificateRequired checks that the HTTPS and SSL listeners of a
// Classic load balancer use certificates from ACM (docs:
// elb-acm-certificate-required): each listener's sslcertificateId must be
// an ACM certificate ARN (arn:<partition>:acm:...), not an IAM server
// certificate. The docs do not say what a load balancer without such a
// listener is; conforms answers NOT_APPLICABLE, since the rule asks for one.
func elbAcmCertificateRequired(it *Item, _ Params, _ Env) (Result, error) {
	checked := false
	for _, ld := range Slice(it.Config("listenerDescriptions")) {
		l := Map(Get(ld, "listener"))
		proto := strings.ToUpper(Str(l["protocol"]))
		if proto != "HTTPS" && proto != "SSL" {
			continue
		}
		checked = true
		cert := cmpOr(Str(l["sslcertificateId"]), Str(l["sslCertificateId"]))
		if !elbxACMCertificate(cert) {
			return nonCompliant("The %s listener on port %s of load balancer %s uses %q, not an ACM certificate.",
				proto, Str(l["loadBalancerPort"]), elbxName(it), cert), nil
		}
	}
	if !checked {
		return notApplicable("Load balancer %s has no HTTPS or SSL listener.", elbxName(it)), nil
	}
	return Result{Compliance: Compliant}, nil
}

// elbxACMCertificate reports whether a certificate ARN is ACM's.
func elbxACMCertificate(arn string) bool {
	parts := strings.SplitN(arn, ":", 4)
	return len(parts) == 4 && parts[0] == "arn" && parts[2] == "acm"
}

// albWafEnabled checks that an Application Load Balancer is protected by
// AWS WAF, and with wafWebAclIds by one of those web ACLs (docs:
// alb-waf-enabled). The load balancer counts as protected when its
// attribute waf.enabled is true (the key the docs name), or when a web ACL
// of the account is associated with it: an AWS::WAFRegional::WebACL item
// listing its ARN in configuration.associationList[].resourceARN, or an
// AWS::WAFv2::WebACL item whose configuration.resourceARN (a string or a
// list) holds it. wafWebAclIds entries are matched against those web
// ACLs' ids (WAF Classic: configuration.webACLId or the resource id) and
// ARNs (WAFv2); with wafWebAclIds, waf.enabled alone is not enough, since
// it does not say which web ACL protects the load balancer. Network and
// Gateway load balancers are NOT_APPLICABLE.
func albWafEnabled(it *Item, p Params, env Env) (Result, error) {
	if kind := elbxV2Kind(it); kind != "application" {
		return notApplicable("Load balancer %s is a %s load balancer.", elbxName(it), kind), nil
	}
	arn := elbxARN(it)
	var acls []string // ids and ARNs of the associated web ACLs
	for _, acl := range env.Items("AWS::WAFRegional::WebACL") {
		for _, a := range Slice(acl.Config("associationList")) {
			if Str(Get(a, "resourceARN")) == arn && !acl.Deleted() {
				acls = append(acls, cmpOr(Str(acl.Config("webACLId")), acl.ResourceID), acl.ARN)
			}
		}
	}
	for _, acl := range env.Items("AWS::WAFv2::WebACL") {
		if !acl.Deleted() && slices.Contains(Strings(acl.Config("resourceARN")), arn) {
			acls = append(acls, acl.ARN, Str(acl.Config("arn")), Str(acl.Config("id")), acl.ResourceID)
		}
	}
	attr, _ := elbxV2Attr(it, "waf.enabled")
	if !IsTrue(attr) && len(acls) == 0 {
		return nonCompliant("AWS WAF is not enabled on load balancer %s.", elbxName(it)), nil
	}
	if want := p.List("wafWebAclIds"); len(want) > 0 {
		for _, id := range want {
			if id != "" && slices.Contains(acls, id) {
				return Result{Compliance: Compliant}, nil
			}
		}
		return nonCompliant("Load balancer %s is not associated with a web ACL in wafWebAclIds.", elbxName(it)), nil
	}
	return Result{Compliance: Compliant}, nil
}

// elbCrossZoneLoadBalancingEnabled checks that a Classic load balancer
// balances across zones (docs: elb-cross-zone-load-balancing-enabled):
// LoadBalancerAttributes.crossZoneLoadBalancing.enabled must be true.
func elbCrossZoneLoadBalancingEnabled(it *Item, _ Params, _ Env) (Result, error) {
	return compliantIf(IsTrue(it.Supp("LoadBalancerAttributes", "crossZoneLoadBalancing", "enabled")),
		"Cross-zone load balancing is not enabled on load balancer %s.", elbxName(it)), nil
}

// elbDeletionProtectionEnabled checks that an ELBv2 load balancer has
// deletion protection (docs: elb-deletion-protection-enabled): the
// attribute deletion_protection.enabled must be true.
func elbDeletionProtectionEnabled(it *Item, _ Params, _ Env) (Result, error) {
	v, _ := elbxV2Attr(it, "deletion_protection.enabled")
	return compliantIf(IsTrue(v), "Deletion protection is not enabled on load balancer %s.", elbxName(it)), nil
}

// elbv2AcmCertificateRequired checks that the listeners of an Application
// or Network Load Balancer that take certificates (HTTPS and TLS) use ACM
// certificates, and with AcmCertificatesAllowed only those (docs:
// elbv2-acm-certificate-required). Listeners are read by elbxListeners;
// each entry of Certificates (CertificateArn) counts. The docs do not say
// what plain HTTP or TCP listeners are: they carry no certificate, so
// conforms leaves them out, and a load balancer with no HTTPS or TLS
// listener recorded is NOT_APPLICABLE.
func elbv2AcmCertificateRequired(it *Item, p Params, env Env) (Result, error) {
	allowed := p.List("AcmCertificatesAllowed")
	checked := false
	for _, l := range elbxListeners(it, env) {
		proto := strings.ToUpper(netxField(l, "Protocol", "protocol"))
		if proto != "HTTPS" && proto != "TLS" {
			continue
		}
		checked = true
		certs := elbxList(l, "Certificates", "certificates")
		if len(certs) == 0 {
			return nonCompliant("%s listener %s of load balancer %s has no certificate.", proto, elbxListenerName(l), elbxName(it)), nil
		}
		for _, c := range certs {
			arn := netxField(Map(c), "CertificateArn", "certificateArn")
			if !elbxACMCertificate(arn) {
				return nonCompliant("Listener %s of load balancer %s uses %q, not an ACM certificate.", elbxListenerName(l), elbxName(it), arn), nil
			}
			if len(allowed) > 0 && !slices.Contains(allowed, arn) {
				return nonCompliant("Listener %s of load balancer %s uses %s, which is not in AcmCertificatesAllowed.", elbxListenerName(l), elbxName(it), arn), nil
			}
		}
	}
	if !checked {
		return notApplicable("Load balancer %s has no HTTPS or TLS listener recorded.", elbxName(it)), nil
	}
	return Result{Compliance: Compliant}, nil
}

// autoscalingGroupElbHealthcheckRequired checks that an Auto Scaling group
// behind a load balancer uses Elastic Load Balancing health checks (docs:
// autoscaling-group-elb-healthcheck-required). A group with neither
// loadBalancerNames nor targetGroupARNs is NOT_APPLICABLE. healthCheckType
// may list several types ("EC2,ELB"); one of them must be ELB.
func autoscalingGroupElbHealthcheckRequired(it *Item, _ Params, _ Env) (Result, error) {
	if len(Slice(it.Config("loadBalancerNames"))) == 0 && len(Slice(it.Config("targetGroupARNs"))) == 0 {
		return notApplicable("Auto Scaling group %s is not associated with a load balancer.", cmpOr(it.ResourceName, it.ResourceID)), nil
	}
	types := Str(it.Config("healthCheckType"))
	for _, t := range strings.Split(types, ",") {
		if strings.EqualFold(strings.TrimSpace(t), "ELB") {
			return Result{Compliance: Compliant}, nil
		}
	}
	return nonCompliant("Auto Scaling group %s uses %s health checks, not ELB.", cmpOr(it.ResourceName, it.ResourceID), cmpOr(types, "EC2")), nil
}
