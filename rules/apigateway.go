package rules

import (
	"slices"
	"sort"
	"strings"
)

// Rules for API Gateway stages and WAFv2 web ACLs.

const (
	apixStage   = "AWS::ApiGateway::Stage"
	apixStageV2 = "AWS::ApiGatewayV2::Stage"
	apixWebACL  = "AWS::WAFv2::WebACL"
)

func init() {
	register(
		&Rule{Identifier: "API_GW_EXECUTION_LOGGING_ENABLED", ResourceTypes: []string{apixStage, apixStageV2}, Evaluate: apiGwExecutionLoggingEnabled},
		&Rule{Identifier: "API_GW_CACHE_ENABLED_AND_ENCRYPTED", ResourceTypes: []string{apixStage}, Evaluate: apiGwCacheEnabledAndEncrypted},
		&Rule{Identifier: "WAFV2_LOGGING_ENABLED", ResourceTypes: []string{apixWebACL}, Evaluate: wafv2LoggingEnabled},
		&Rule{Identifier: "API_GW_SSL_ENABLED", ResourceTypes: []string{apixStage}, Evaluate: apiGwSslEnabled},
		&Rule{Identifier: "API_GW_ASSOCIATED_WITH_WAF", ResourceTypes: []string{apixStage}, Evaluate: apiGwAssociatedWithWaf},
	)
}

// apixName is the stage's name for annotations.
func apixName(it *Item) string {
	if n := Str(it.Config("stageName")); n != "" {
		return n
	}
	return cmpOr(it.ResourceName, it.ResourceID)
}

// apixMethodSettings returns a REST API stage's method settings (GetStage's
// methodSettings: "*/*" for the stage's defaults, "resource/METHOD" for
// overrides), sorted by key with "*/*" first, and the defaults ("*/*") or
// nil.
func apixMethodSettings(it *Item) (keys []string, settings map[string]any, defaults map[string]any) {
	settings = Map(it.Config("methodSettings"))
	for k := range settings {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if (keys[i] == "*/*") != (keys[j] == "*/*") {
			return keys[i] == "*/*"
		}
		return keys[i] < keys[j]
	})
	return keys, settings, Map(settings["*/*"])
}

// apiGwExecutionLoggingEnabled checks that every method of the stage logs
// at one of the levels of loggingLevel (default ERROR,INFO; docs:
// api-gw-execution-logging-enabled). For a REST API stage the defaults
// ("*/*" of methodSettings) must log at an allowed level, as must every
// method override; a stage without defaults does not log the methods it
// does not override. For an HTTP or WebSocket API stage
// (AWS::ApiGatewayV2::Stage) defaultRouteSettings.loggingLevel and every
// routeSettings entry that sets a level are checked the same way (an HTTP
// API stage, which has no execution logging, is therefore NON_COMPLIANT).
// Levels are compared case-insensitively.
func apiGwExecutionLoggingEnabled(it *Item, p Params, _ Env) (Result, error) {
	allowed := p.List("loggingLevel")
	if p.String("loggingLevel", "") == "" {
		allowed = []string{"ERROR", "INFO"}
	}
	ok := func(level string) bool {
		return slices.ContainsFunc(allowed, func(a string) bool { return strings.EqualFold(a, level) })
	}
	want := strings.Join(allowed, ", ")
	if it.ResourceType == apixStageV2 {
		level := Str(it.Config("defaultRouteSettings", "loggingLevel"))
		if !ok(level) {
			return nonCompliant("Stage %s logs at level %q by default, not one of %s.", apixName(it), apixLevel(level), want), nil
		}
		routes := Map(it.Config("routeSettings"))
		keys := make([]string, 0, len(routes))
		for k := range routes {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if l, set := Map(routes[k])["loggingLevel"]; set && Str(l) != "" && !ok(Str(l)) {
				return nonCompliant("Route %s of stage %s logs at level %q, not one of %s.", k, apixName(it), Str(l), want), nil
			}
		}
		return Result{Compliance: Compliant}, nil
	}
	keys, settings, defaults := apixMethodSettings(it)
	if defaults == nil {
		return nonCompliant("Stage %s has no execution logging for all methods.", apixName(it)), nil
	}
	for _, k := range keys {
		level := Str(Map(settings[k])["loggingLevel"])
		if k != "*/*" && level == "" {
			continue // inherits the defaults
		}
		if !ok(level) {
			return nonCompliant("Method %s of stage %s logs at level %q, not one of %s.", k, apixName(it), apixLevel(level), want), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// apixLevel shows an unset logging level as OFF.
func apixLevel(level string) string {
	if level == "" {
		return "OFF"
	}
	return level
}

// apiGwCacheEnabledAndEncrypted checks that every method of the REST API
// stage caches and encrypts its cache (docs:
// api-gw-cache-enabled-and-encrypted): the stage's cache cluster is enabled
// (no method caches without one, a choice the docs leave implicit), the
// defaults ("*/*" of methodSettings) have cachingEnabled and
// cacheDataEncrypted true, and no method override turns either off.
func apiGwCacheEnabledAndEncrypted(it *Item, _ Params, _ Env) (Result, error) {
	if !IsTrue(it.Config("cacheClusterEnabled")) {
		return nonCompliant("Stage %s has no cache cluster enabled.", apixName(it)), nil
	}
	keys, settings, defaults := apixMethodSettings(it)
	if defaults == nil {
		return nonCompliant("Stage %s does not enable caching for all methods.", apixName(it)), nil
	}
	for _, k := range keys {
		m := Map(settings[k])
		for _, f := range []struct{ key, what string }{{"cachingEnabled", "caching"}, {"cacheDataEncrypted", "cache encryption"}} {
			v, set := m[f.key]
			if k != "*/*" && !set {
				continue // inherits the defaults
			}
			if !IsTrue(v) {
				return nonCompliant("Method %s of stage %s does not have %s enabled.", k, apixName(it), f.what), nil
			}
		}
	}
	return Result{Compliance: Compliant}, nil
}

// apiGwSslEnabled checks that the REST API stage has a client certificate
// (clientCertificateId), one of CertificateIDs when given (docs:
// api-gw-ssl-enabled).
func apiGwSslEnabled(it *Item, p Params, _ Env) (Result, error) {
	id := Str(it.Config("clientCertificateId"))
	if id == "" {
		return nonCompliant("Stage %s has no client certificate.", apixName(it)), nil
	}
	if ids := p.List("CertificateIDs"); len(ids) > 0 && !slices.Contains(ids, id) {
		return nonCompliant("Stage %s uses client certificate %s, which CertificateIDs does not list.", apixName(it), id), nil
	}
	return Result{Compliance: Compliant}, nil
}

// apiGwAssociatedWithWaf checks that the REST API stage is associated with
// a WAF web ACL (webAclArn), one of WebAclArns when given (docs:
// api-gw-associated-with-waf).
func apiGwAssociatedWithWaf(it *Item, p Params, _ Env) (Result, error) {
	arn := Str(it.Config("webAclArn"))
	if arn == "" {
		return nonCompliant("Stage %s is not associated with a WAF web ACL.", apixName(it)), nil
	}
	if arns := p.List("WebAclArns"); len(arns) > 0 && !slices.Contains(arns, arn) {
		return nonCompliant("Stage %s is associated with web ACL %s, which WebAclArns does not list.", apixName(it), arn), nil
	}
	return Result{Compliance: Compliant}, nil
}

// apixLoggingConfiguration returns the web ACL's logging configuration
// (WAFv2 GetLoggingConfiguration's LoggingConfiguration: ResourceArn,
// LogDestinationConfigs, ...), which AWS Config's WebACL CI does not carry
// itself: it is read from supplementaryConfiguration.LoggingConfiguration,
// else configuration.loggingConfiguration (either first-letter case). Absent
// or null means the web ACL has no logging configuration.
func apixLoggingConfiguration(it *Item) map[string]any {
	for _, v := range []any{it.Supp("LoggingConfiguration"), it.Supp("loggingConfiguration"),
		it.Config("loggingConfiguration"), it.Config("LoggingConfiguration")} {
		if m := Map(DecodeText(v)); m != nil {
			return m
		}
	}
	return nil
}

// wafv2LoggingEnabled checks that the web ACL has logging enabled and, with
// KinesisFirehoseDeliveryStreamArns, that each log destination is one of
// those streams (docs: wafv2-logging-enabled). The logging configuration is
// read as apixLoggingConfiguration says; without one, or with no
// destination, logging is off.
func wafv2LoggingEnabled(it *Item, p Params, _ Env) (Result, error) {
	name := cmpOr(Str(it.Config("name")), cmpOr(it.ResourceName, it.ResourceID))
	lc := apixLoggingConfiguration(it)
	dests := Strings(anxGet(lc, "LogDestinationConfigs"))
	if len(dests) == 0 {
		return nonCompliant("Web ACL %s does not have logging enabled.", name), nil
	}
	if arns := p.List("KinesisFirehoseDeliveryStreamArns"); len(arns) > 0 {
		for _, d := range dests {
			if !slices.Contains(arns, d) {
				return nonCompliant("Web ACL %s logs to %s, which KinesisFirehoseDeliveryStreamArns does not list.", name, d), nil
			}
		}
	}
	return Result{Compliance: Compliant}, nil
}
