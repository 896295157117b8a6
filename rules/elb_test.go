package rules_test

import (
	"strconv"
	"testing"

	"conforms/rules"
)

const (
	elbxCLB     = "rdk-example-ci/AWS_ELASTICLOADBALANCING_LOADBALANCER.json"
	elbxALB     = "rdk-example-ci/AWS_ElasticLoadBalancingV2_LoadBalancer.json"
	elbxALBArn  = "arn:aws:elasticloadbalancing:us-east-1:264683526309:loadbalancer/app/MyALB/268aa84731d32825"
	elbxACMCert = "arn:aws:acm:us-east-1:264683526309:certificate/0b8d3c4e-1111-2222-3333-444455556666"
	elbxIAMCert = "arn:aws:iam::264683526309:server-certificate/legacy-cert"
)

// elbxAttrs sets ELBv2 attributes of a corpus ALB, keeping the others.
func elbxAttrs(kv map[string]string) func(map[string]any) {
	return func(ci map[string]any) {
		attrs := ci["supplementaryConfiguration"].(map[string]any)["LoadBalancerAttributes"].([]any)
		for k, v := range kv {
			found := false
			for _, a := range attrs {
				if m := a.(map[string]any); m["key"] == k {
					m["value"], found = v, true
				}
			}
			if !found {
				attrs = append(attrs, map[string]any{"key": k, "value": v})
			}
		}
		ci["supplementaryConfiguration"].(map[string]any)["LoadBalancerAttributes"] = attrs
	}
}

// elbxCLBListeners sets the corpus CLB's listeners: protocol, port and
// certificate triples.
func elbxCLBListeners(ls ...[3]any) func(map[string]any) {
	var out []any
	for _, l := range ls {
		listener := map[string]any{"protocol": l[0], "loadBalancerPort": l[1], "instanceProtocol": "HTTP", "instancePort": 80}
		if l[2] != "" {
			listener["sslcertificateId"] = l[2]
		}
		out = append(out, map[string]any{"listener": listener, "policyNames": []any{}})
	}
	return set("configuration.listenerDescriptions", out)
}

// elbxListener is an AWS::ElasticLoadBalancingV2::Listener item of the
// corpus ALB, its configuration in the Config schema's spelling.
func elbxListener(t *testing.T, id, protocol string, port int, rest string) *rules.Item {
	t.Helper()
	arn := "arn:aws:elasticloadbalancing:us-east-1:264683526309:listener/app/MyALB/268aa84731d32825/" + id
	return netxItem(t, `{"resourceType":"AWS::ElasticLoadBalancingV2::Listener","resourceId":"`+arn+`","arn":"`+arn+`",
		"awsRegion":"us-east-1","configurationItemStatus":"OK","configuration":{"ListenerArn":"`+arn+`",
		"LoadBalancerArn":"`+elbxALBArn+`","Protocol":"`+protocol+`","Port":`+strconv.Itoa(port)+rest+`}}`)
}

// elbxEnv is an Env holding the listeners.
func elbxEnv(listeners ...*rules.Item) rules.Env {
	return rules.StaticEnv{At: testNow, ByType: map[string][]*rules.Item{"AWS::ElasticLoadBalancingV2::Listener": listeners}}
}

const (
	elbxRedirect = `,"DefaultActions":[{"Type":"redirect","Order":1,"RedirectConfig":{"Protocol":"HTTPS","Port":"443","Host":"#{host}","Path":"/#{path}","Query":"#{query}","StatusCode":"HTTP_301"}}]`
	elbxForward  = `,"DefaultActions":[{"Type":"forward","TargetGroupArn":"arn:aws:elasticloadbalancing:us-east-1:264683526309:targetgroup/web/73e2d6bc24d8a067"}]`
)

func TestElbLoggingEnabled(t *testing.T) {
	clbLogging := edits(set("supplementaryConfiguration.LoadBalancerAttributes.accessLog",
		map[string]any{"enabled": true, "s3BucketName": "elb-logs", "emitInterval": 60, "s3BucketPrefix": "clb1"}))
	albLogging := elbxAttrs(map[string]string{"access_logs.s3.enabled": "true", "access_logs.s3.bucket": "alb-logs"})
	runCases(t, "ELB_LOGGING_ENABLED", []ruleCase{
		{name: "classic, corpus: off", item: corpusItem(t, elbxCLB, nil), want: rules.NonCompliant},
		{name: "classic, on", item: corpusItem(t, elbxCLB, clbLogging), want: rules.Compliant},
		{name: "classic, on, to a listed bucket", item: corpusItem(t, elbxCLB, clbLogging), params: `{"s3BucketNames":"alb-logs, elb-logs"}`, want: rules.Compliant},
		{name: "ALB, corpus: off", item: corpusItem(t, elbxALB, nil), want: rules.NonCompliant},
		{name: "ALB, on", item: corpusItem(t, elbxALB, albLogging), want: rules.Compliant},
		{name: "ALB, on, to another bucket", item: corpusItem(t, elbxALB, albLogging), params: `{"s3BucketNames":"elb-logs"}`, want: rules.NonCompliant},
		{name: "NLB", item: corpusItem(t, elbxALB, set("configuration.type", "network")), want: rules.NotApplicable},
	})
}

func TestAlbHttpToHttpsRedirectionCheck(t *testing.T) {
	https := elbxListener(t, "1111", "HTTPS", 443, elbxForward+`,"Certificates":[{"CertificateArn":"`+elbxACMCert+`"}]`)
	runCases(t, "ALB_HTTP_TO_HTTPS_REDIRECTION_CHECK", []ruleCase{
		{name: "HTTP redirects", item: corpusItem(t, elbxALB, nil), env: elbxEnv(elbxListener(t, "2222", "HTTP", 80, elbxRedirect), https), want: rules.Compliant},
		{name: "HTTP forwards", item: corpusItem(t, elbxALB, nil), env: elbxEnv(elbxListener(t, "2222", "HTTP", 80, elbxForward), https), want: rules.NonCompliant},
		{name: "redirect keeps HTTP", item: corpusItem(t, elbxALB, nil),
			env:  elbxEnv(elbxListener(t, "2222", "HTTP", 80, `,"DefaultActions":[{"Type":"redirect","RedirectConfig":{"Protocol":"#{protocol}","Port":"8080","StatusCode":"HTTP_302"}}]`)),
			want: rules.NonCompliant},
		{name: "HTTPS only", item: corpusItem(t, elbxALB, nil), env: elbxEnv(https), want: rules.Compliant},
		{name: "no listener recorded", item: corpusItem(t, elbxALB, nil), want: rules.NotApplicable},
		{name: "NLB", item: corpusItem(t, elbxALB, set("configuration.type", "network")), env: elbxEnv(https), want: rules.NotApplicable},
	})
}

func TestElbTlsHttpsListenersOnly(t *testing.T) {
	runCases(t, "ELB_TLS_HTTPS_LISTENERS_ONLY", []ruleCase{
		{name: "corpus: HTTP listener", item: corpusItem(t, elbxCLB, nil), want: rules.NonCompliant},
		{name: "HTTPS and SSL", item: corpusItem(t, elbxCLB, elbxCLBListeners([3]any{"HTTPS", 443, elbxACMCert}, [3]any{"SSL", 8443, elbxACMCert})), want: rules.Compliant},
		{name: "HTTPS and TCP", item: corpusItem(t, elbxCLB, elbxCLBListeners([3]any{"HTTPS", 443, elbxACMCert}, [3]any{"TCP", 25, ""})), want: rules.NonCompliant},
		{name: "no listener", item: corpusItem(t, elbxCLB, set("configuration.listenerDescriptions", []any{})), want: rules.NotApplicable},
	})
}

func TestElbAcmCertificateRequired(t *testing.T) {
	runCases(t, "ELB_ACM_CERTIFICATE_REQUIRED", []ruleCase{
		{name: "ACM certificate", item: corpusItem(t, elbxCLB, elbxCLBListeners([3]any{"HTTP", 80, ""}, [3]any{"HTTPS", 443, elbxACMCert})), want: rules.Compliant},
		{name: "IAM server certificate", item: corpusItem(t, elbxCLB, elbxCLBListeners([3]any{"SSL", 443, elbxIAMCert})), want: rules.NonCompliant},
		{name: "corpus: no HTTPS listener", item: corpusItem(t, elbxCLB, nil), want: rules.NotApplicable},
	})
}

func TestAlbWafEnabled(t *testing.T) {
	const v2ACL = "arn:aws:wafv2:us-east-1:264683526309:regional/webacl/web-acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
	wafv2 := netxItem(t, `{"resourceType":"AWS::WAFv2::WebACL","resourceId":"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111","arn":"`+v2ACL+`",
		"configurationItemStatus":"OK","configuration":{"name":"web-acl","id":"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111","arn":"`+v2ACL+`",
		"defaultAction":{"allow":{}},"resourceARN":["`+elbxALBArn+`"]}}`)
	regional := netxItem(t, `{"resourceType":"AWS::WAFRegional::WebACL","resourceId":"0c8e5e6d-1111-2222-3333-444455556666","configurationItemStatus":"OK",
		"configuration":{"webACLId":"0c8e5e6d-1111-2222-3333-444455556666","name":"classic-acl","defaultAction":"ALLOW",
		"associationList":[{"resourceARN":"`+elbxALBArn+`"}]}}`)
	env := func(typ string, it *rules.Item) rules.Env {
		return rules.StaticEnv{At: testNow, ByType: map[string][]*rules.Item{typ: {it}}}
	}
	runCases(t, "ALB_WAF_ENABLED", []ruleCase{
		{name: "corpus: no WAF", item: corpusItem(t, elbxALB, nil), want: rules.NonCompliant},
		{name: "waf.enabled", item: corpusItem(t, elbxALB, elbxAttrs(map[string]string{"waf.fail_open.enabled": "false", "waf.enabled": "true"})), want: rules.Compliant},
		{name: "WAFv2 web ACL", item: corpusItem(t, elbxALB, nil), env: env("AWS::WAFv2::WebACL", wafv2), want: rules.Compliant},
		{name: "WAFv2 web ACL listed", item: corpusItem(t, elbxALB, nil), env: env("AWS::WAFv2::WebACL", wafv2), params: `{"wafWebAclIds":"` + v2ACL + `"}`, want: rules.Compliant},
		{name: "WAF Classic web ACL listed", item: corpusItem(t, elbxALB, nil), env: env("AWS::WAFRegional::WebACL", regional),
			params: `{"wafWebAclIds":"0c8e5e6d-1111-2222-3333-444455556666"}`, want: rules.Compliant},
		{name: "web ACL not listed", item: corpusItem(t, elbxALB, nil), env: env("AWS::WAFRegional::WebACL", regional), params: `{"wafWebAclIds":"other"}`, want: rules.NonCompliant},
		{name: "NLB", item: corpusItem(t, elbxALB, set("configuration.type", "network")), want: rules.NotApplicable},
	})
}

func TestElbCrossZoneLoadBalancingEnabled(t *testing.T) {
	runCases(t, "ELB_CROSS_ZONE_LOAD_BALANCING_ENABLED", []ruleCase{
		{name: "corpus: enabled", item: corpusItem(t, elbxCLB, nil), want: rules.Compliant},
		{name: "disabled", item: corpusItem(t, elbxCLB, set("supplementaryConfiguration.LoadBalancerAttributes.crossZoneLoadBalancing.enabled", false)), want: rules.NonCompliant},
	})
}

func TestElbDeletionProtectionEnabled(t *testing.T) {
	runCases(t, "ELB_DELETION_PROTECTION_ENABLED", []ruleCase{
		{name: "corpus: disabled", item: corpusItem(t, elbxALB, nil), want: rules.NonCompliant},
		{name: "enabled", item: corpusItem(t, elbxALB, elbxAttrs(map[string]string{"deletion_protection.enabled": "true"})), want: rules.Compliant},
		{name: "NLB enabled", item: corpusItem(t, elbxALB, edits(set("configuration.type", "network"), elbxAttrs(map[string]string{"deletion_protection.enabled": "true"}))),
			want: rules.Compliant},
	})
}

func TestElbv2AcmCertificateRequired(t *testing.T) {
	httpsWith := func(cert string) *rules.Item {
		return elbxListener(t, "1111", "HTTPS", 443, elbxForward+`,"SslPolicy":"ELBSecurityPolicy-TLS13-1-2-2021-06","Certificates":[{"CertificateArn":"`+cert+`"}]`)
	}
	redirect := elbxListener(t, "2222", "HTTP", 80, elbxRedirect)
	runCases(t, "ELBV2_ACM_CERTIFICATE_REQUIRED", []ruleCase{
		{name: "ACM certificate", item: corpusItem(t, elbxALB, nil), env: elbxEnv(httpsWith(elbxACMCert), redirect), want: rules.Compliant},
		{name: "IAM certificate", item: corpusItem(t, elbxALB, nil), env: elbxEnv(httpsWith(elbxIAMCert), redirect), want: rules.NonCompliant},
		{name: "allowed ACM certificate", item: corpusItem(t, elbxALB, nil), env: elbxEnv(httpsWith(elbxACMCert)),
			params: `{"AcmCertificatesAllowed":"` + elbxACMCert + `"}`, want: rules.Compliant},
		{name: "ACM certificate not allowed", item: corpusItem(t, elbxALB, nil), env: elbxEnv(httpsWith(elbxACMCert)),
			params: `{"AcmCertificatesAllowed":"arn:aws:acm:us-east-1:264683526309:certificate/other"}`, want: rules.NonCompliant},
		{name: "HTTP only", item: corpusItem(t, elbxALB, nil), env: elbxEnv(redirect), want: rules.NotApplicable},
	})
}

func TestAutoscalingGroupElbHealthcheckRequired(t *testing.T) {
	asg := func(healthCheck, lbs string) *rules.Item {
		return netxItem(t, `{"version":"1.3","accountId":"264683526309","configurationItemStatus":"OK","resourceType":"AWS::AutoScaling::AutoScalingGroup",
			"resourceId":"arn:aws:autoscaling:us-east-1:264683526309:autoScalingGroup:8e1d1f3c-1111-2222-3333-444455556666:autoScalingGroupName/web",
			"resourceName":"web","awsRegion":"us-east-1","configuration":{"autoScalingGroupName":"web","launchConfigurationName":"web-lc",
			"minSize":1,"maxSize":4,"desiredCapacity":2,"defaultCooldown":300,"availabilityZones":["us-east-1a","us-east-1c"],
			"healthCheckType":"`+healthCheck+`","healthCheckGracePeriod":300`+lbs+`}}`)
	}
	const tg = `,"loadBalancerNames":[],"targetGroupARNs":["arn:aws:elasticloadbalancing:us-east-1:264683526309:targetgroup/web/73e2d6bc24d8a067"]`
	runCases(t, "AUTOSCALING_GROUP_ELB_HEALTHCHECK_REQUIRED", []ruleCase{
		{name: "target group, ELB checks", item: asg("ELB", tg), want: rules.Compliant},
		{name: "classic LB, EC2 checks", item: asg("EC2", `,"loadBalancerNames":["CLB1"],"targetGroupARNs":[]`), want: rules.NonCompliant},
		{name: "several check types", item: asg("EC2,ELB", tg), want: rules.Compliant},
		{name: "no load balancer", item: asg("EC2", `,"loadBalancerNames":[],"targetGroupARNs":[]`), want: rules.NotApplicable},
	})
}
