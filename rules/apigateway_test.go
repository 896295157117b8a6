package rules_test

import (
	"testing"

	"conforms/rules"
)

const apixStageCI = "rdk-example-ci/AWS_ApiGateway_Stage.json"

// apixMethods sets the stage's methodSettings.
func apixMethods(settings map[string]any) func(map[string]any) {
	return set("configuration.methodSettings", settings)
}

// apixStageV2 is an AWS::ApiGatewayV2::Stage item with the given
// defaultRouteSettings and routeSettings (JSON).
func apixStageV2(t *testing.T, defaults, routes string) *rules.Item {
	t.Helper()
	return anxItem(t, "AWS::ApiGatewayV2::Stage", "arn:aws:apigateway:us-east-1::/apis/a1b2c3/stages/prod", `{"stageName":"prod",
		"deploymentId":"dep1","autoDeploy":false,"defaultRouteSettings":`+defaults+`,"routeSettings":`+routes+`,
		"accessLogSettings":{"destinationArn":"arn:aws:logs:us-east-1:111122223333:log-group:api","format":"$context.requestId"}}`, "")
}

func TestApiGwExecutionLoggingEnabled(t *testing.T) {
	level := func(l string) map[string]any {
		return map[string]any{"metricsEnabled": false, "loggingLevel": l, "dataTraceEnabled": false,
			"throttlingBurstLimit": 5000.0, "throttlingRateLimit": 10000.0, "cachingEnabled": false}
	}
	runCases(t, "API_GW_EXECUTION_LOGGING_ENABLED", []ruleCase{
		{name: "all methods log errors", item: corpusItem(t, apixStageCI, apixMethods(map[string]any{"*/*": level("ERROR")})), want: rules.Compliant},
		{name: "no method settings", item: corpusItem(t, apixStageCI, nil), want: rules.NonCompliant},
		{name: "stage logging off", item: corpusItem(t, apixStageCI, apixMethods(map[string]any{"*/*": level("OFF")})), want: rules.NonCompliant},
		{name: "one method turns logging off", item: corpusItem(t, apixStageCI, apixMethods(map[string]any{"*/*": level("INFO"),
			"~1pets/GET": level("OFF")})), want: rules.NonCompliant},
		{name: "only one method logs", item: corpusItem(t, apixStageCI, apixMethods(map[string]any{"~1pets/GET": level("INFO")})), want: rules.NonCompliant},
		{name: "INFO required, ERROR set", item: corpusItem(t, apixStageCI, apixMethods(map[string]any{"*/*": level("ERROR")})),
			params: `{"loggingLevel":"INFO"}`, want: rules.NonCompliant},
		{name: "INFO required and set", item: corpusItem(t, apixStageCI, apixMethods(map[string]any{"*/*": level("INFO")})),
			params: `{"loggingLevel":"info"}`, want: rules.Compliant},
		{name: "v2 stage logs", item: apixStageV2(t, `{"loggingLevel":"INFO","dataTraceEnabled":false,"detailedMetricsEnabled":false}`, `{}`),
			want: rules.Compliant},
		{name: "v2 stage without logging", item: apixStageV2(t, `{"detailedMetricsEnabled":false,"throttlingBurstLimit":100}`, `{}`),
			want: rules.NonCompliant},
		{name: "v2 route turns logging off", item: apixStageV2(t, `{"loggingLevel":"ERROR"}`, `{"$connect":{"loggingLevel":"OFF"}}`),
			want: rules.NonCompliant},
	})
}

func TestApiGwCacheEnabledAndEncrypted(t *testing.T) {
	cache := func(enabled, encrypted bool) map[string]any {
		return map[string]any{"metricsEnabled": false, "loggingLevel": "OFF", "cachingEnabled": enabled, "cacheTtlInSeconds": 300.0,
			"cacheDataEncrypted": encrypted, "requireAuthorizationForCacheControl": true,
			"unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER"}
	}
	withCluster := func(settings map[string]any) func(map[string]any) {
		return edits(set("configuration.cacheClusterEnabled", true), set("configuration.cacheClusterSize", "0.5"),
			set("configuration.cacheClusterStatus", "AVAILABLE"), apixMethods(settings))
	}
	runCases(t, "API_GW_CACHE_ENABLED_AND_ENCRYPTED", []ruleCase{
		{name: "cached and encrypted", item: corpusItem(t, apixStageCI, withCluster(map[string]any{"*/*": cache(true, true)})), want: rules.Compliant},
		{name: "corpus stage: no cache cluster", item: corpusItem(t, apixStageCI, nil), want: rules.NonCompliant},
		{name: "cache not encrypted", item: corpusItem(t, apixStageCI, withCluster(map[string]any{"*/*": cache(true, false)})), want: rules.NonCompliant},
		{name: "a method without caching", item: corpusItem(t, apixStageCI, withCluster(map[string]any{"*/*": cache(true, true),
			"~1orders/POST": cache(false, true)})), want: rules.NonCompliant},
		{name: "override inherits encryption", item: corpusItem(t, apixStageCI, withCluster(map[string]any{"*/*": cache(true, true),
			"~1orders/GET": map[string]any{"cacheTtlInSeconds": 60.0}})), want: rules.Compliant},
		{name: "no method settings", item: corpusItem(t, apixStageCI, withCluster(map[string]any{})), want: rules.NonCompliant},
	})
}

func TestApiGwSslEnabled(t *testing.T) {
	runCases(t, "API_GW_SSL_ENABLED", []ruleCase{
		{name: "client certificate", item: corpusItem(t, apixStageCI, set("configuration.clientCertificateId", "a1b2c3")), want: rules.Compliant},
		{name: "no client certificate", item: corpusItem(t, apixStageCI, nil), want: rules.NonCompliant},
		{name: "listed certificate", item: corpusItem(t, apixStageCI, set("configuration.clientCertificateId", "a1b2c3")),
			params: `{"CertificateIDs":"x9y8z7, a1b2c3"}`, want: rules.Compliant},
		{name: "unlisted certificate", item: corpusItem(t, apixStageCI, set("configuration.clientCertificateId", "a1b2c3")),
			params: `{"CertificateIDs":"x9y8z7"}`, want: rules.NonCompliant},
	})
}

func TestApiGwAssociatedWithWaf(t *testing.T) {
	const acl = "arn:aws:wafv2:us-east-2:123456789012:regional/webacl/api-acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
	runCases(t, "API_GW_ASSOCIATED_WITH_WAF", []ruleCase{
		{name: "web ACL", item: corpusItem(t, apixStageCI, set("configuration.webAclArn", acl)), want: rules.Compliant},
		{name: "no web ACL", item: corpusItem(t, apixStageCI, nil), want: rules.NonCompliant},
		{name: "listed web ACL", item: corpusItem(t, apixStageCI, set("configuration.webAclArn", acl)), params: `{"WebAclArns":"` + acl + `"}`, want: rules.Compliant},
		{name: "unlisted web ACL", item: corpusItem(t, apixStageCI, set("configuration.webAclArn", acl)),
			params: `{"WebAclArns":"arn:aws:wafv2:us-east-2:123456789012:regional/webacl/other/1"}`, want: rules.NonCompliant},
	})
}

func TestWafv2LoggingEnabled(t *testing.T) {
	const stream = "arn:aws:firehose:us-east-1:111122223333:deliverystream/aws-waf-logs-api"
	acl := func(supp string) *rules.Item {
		return anxItem(t, "AWS::WAFv2::WebACL", "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111", `{"name":"api-acl","id":"a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
			"defaultAction":{"allow":{}},"capacity":3,"rules":[],"visibilityConfig":{"sampledRequestsEnabled":true,"cloudWatchMetricsEnabled":true,"metricName":"api-acl"}}`, supp)
	}
	logging := `,"supplementaryConfiguration":{"LoggingConfiguration":"{\"ResourceArn\":\"arn:aws:wafv2:us-east-1:111122223333:regional/webacl/api-acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111\",\"LogDestinationConfigs\":[\"` + stream + `\"]}"}`
	runCases(t, "WAFV2_LOGGING_ENABLED", []ruleCase{
		{name: "logging to a stream", item: acl(logging), want: rules.Compliant},
		{name: "no logging configuration", item: acl(""), want: rules.NonCompliant},
		{name: "the listed stream", item: acl(logging), params: `{"KinesisFirehoseDeliveryStreamArns":"` + stream + `"}`, want: rules.Compliant},
		{name: "another stream", item: acl(logging), params: `{"KinesisFirehoseDeliveryStreamArns":"arn:aws:firehose:us-east-1:111122223333:deliverystream/aws-waf-logs-other"}`,
			want: rules.NonCompliant},
		{name: "empty supplementary configuration", item: acl(`,"supplementaryConfiguration":{}`), want: rules.NonCompliant},
		{name: "logging in the configuration", item: anxItem(t, "AWS::WAFv2::WebACL", "a1b2", `{"name":"api-acl","id":"a1b2",
			"loggingConfiguration":{"resourceArn":"arn:aws:wafv2:us-east-1:111122223333:regional/webacl/api-acl/a1b2","logDestinationConfigs":["`+stream+`"]}}`, ""),
			want: rules.Compliant},
	})
}
