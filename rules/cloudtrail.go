package rules

import (
	"fmt"
	"strings"
	"time"
)

const trailxTrail = "AWS::CloudTrail::Trail"

// Supplementary configuration of AWS::CloudTrail::Trail items that conforms
// reads beyond the trail's DescribeTrails configuration. AWS Config's trail
// CIs do not carry them; users who want the rules below to see them put
// them in the trail's CI.
const (
	// trailxStatusKey: CloudTrail GetTrailStatus's response, e.g.
	// {"IsLogging": true, "LatestCloudWatchLogsDeliveryTime": "2026-11-24T10:00:00Z"}
	// (times as RFC 3339 text or epoch seconds). Absent: the trail counts as
	// logging, and no CloudWatch Logs delivery is known.
	trailxStatusKey = "TrailStatus"
	// trailxSelectorsKey: CloudTrail GetEventSelectors's response,
	// {"EventSelectors": [{"ReadWriteType": "All", "IncludeManagementEvents": true,
	// "DataResources": [{"Type": "AWS::S3::Object", "Values": ["arn:aws:s3"]}],
	// "ExcludeManagementEventSources": []}], "AdvancedEventSelectors": [{"Name": "...",
	// "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Data"]}, ...]}]},
	// or just the list of event selectors. Absent: the trail has CloudTrail's
	// default selector (all management events, read and write, no data events).
	trailxSelectorsKey = "EventSelectors"
)

func init() {
	account := []string{AccountResourceType}
	register(
		&Rule{Identifier: "CLOUD_TRAIL_CLOUD_WATCH_LOGS_ENABLED", ResourceTypes: []string{trailxTrail}, Evaluate: cloudTrailCloudWatchLogsEnabled},
		&Rule{Identifier: "CLOUD_TRAIL_ENCRYPTION_ENABLED", ResourceTypes: []string{trailxTrail}, Evaluate: cloudTrailEncryptionEnabled},
		&Rule{Identifier: "CLOUD_TRAIL_LOG_FILE_VALIDATION_ENABLED", ResourceTypes: []string{trailxTrail}, Evaluate: cloudTrailLogFileValidationEnabled},
		&Rule{Identifier: "CLOUD_TRAIL_ENABLED", ResourceTypes: account, Evaluate: cloudTrailEnabled},
		&Rule{Identifier: "MULTI_REGION_CLOUD_TRAIL_ENABLED", ResourceTypes: account, Evaluate: multiRegionCloudTrailEnabled},
		&Rule{Identifier: "CLOUDTRAIL_S3_DATAEVENTS_ENABLED", ResourceTypes: account, Evaluate: cloudtrailS3DataeventsEnabled},
	)
}

// trailxField returns m[name], or the value under name with its first letter
// in the other case (API members are PascalCase, CIs camelCase).
func trailxField(m map[string]any, name string) any { return s3xField(m, name) }

// trailxTime reads a time given as RFC 3339 text or epoch seconds.
func trailxTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case string:
		if t, err := time.Parse(time.RFC3339Nano, x); err == nil {
			return t, true
		}
		if f, ok := Num(x); ok {
			return time.UnixMilli(int64(f * 1000)).UTC(), true
		}
	case float64:
		return time.UnixMilli(int64(x * 1000)).UTC(), true
	}
	return time.Time{}, false
}

func trailxName(it *Item) string {
	if n := Str(it.Config("name")); n != "" {
		return n
	}
	if it.ResourceName != "" {
		return it.ResourceName
	}
	return it.ResourceID
}

// cloudTrailCloudWatchLogsEnabled checks that the trail sends its logs to
// CloudWatch Logs: cloudWatchLogsLogGroupArn is set (docs:
// cloud-trail-cloud-watch-logs-enabled). With expectedDeliveryWindowAge
// (hours), the trail's last delivery to CloudWatch Logs
// (TrailStatus.LatestCloudWatchLogsDeliveryTime, see trailxStatusKey) must
// be at most that old; a trail with no recorded delivery fails that check.
func cloudTrailCloudWatchLogsEnabled(it *Item, p Params, env Env) (Result, error) {
	window, err := p.Int("expectedDeliveryWindowAge", 0)
	if err != nil {
		return Result{}, err
	}
	if window < 0 {
		return Result{}, fmt.Errorf("parameter expectedDeliveryWindowAge must not be negative, not %d", window)
	}
	if Str(it.Config("cloudWatchLogsLogGroupArn")) == "" {
		return nonCompliant("Trail %s does not send logs to CloudWatch Logs.", trailxName(it)), nil
	}
	if window > 0 {
		last, ok := trailxTime(trailxField(Map(it.Supp(trailxStatusKey)), "LatestCloudWatchLogsDeliveryTime"))
		if !ok {
			return nonCompliant("Trail %s has no recorded delivery to CloudWatch Logs.", trailxName(it)), nil
		}
		if age := env.Now().Sub(last); age > time.Duration(window)*time.Hour {
			return nonCompliant("Trail %s last delivered to CloudWatch Logs %s ago, more than %d hours.", trailxName(it), age.Round(time.Minute), window), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// cloudTrailEncryptionEnabled checks that the trail encrypts its log files
// with a KMS key: kmsKeyId is set (docs: cloud-trail-encryption-enabled).
func cloudTrailEncryptionEnabled(it *Item, _ Params, _ Env) (Result, error) {
	return compliantIf(Str(it.Config("kmsKeyId")) != "", "Trail %s does not encrypt its logs with a KMS key.", trailxName(it)), nil
}

// cloudTrailLogFileValidationEnabled checks that the trail creates signed
// digest files: logFileValidationEnabled is true (docs:
// cloud-trail-log-file-validation-enabled).
func cloudTrailLogFileValidationEnabled(it *Item, _ Params, _ Env) (Result, error) {
	return compliantIf(IsTrue(it.Config("logFileValidationEnabled")), "Trail %s does not have log file validation enabled.", trailxName(it)), nil
}

// trailxLogging returns the account's trails in the region that are
// logging (env's AWS::CloudTrail::Trail items; TrailStatus.IsLogging false
// is not logging).
func trailxLogging(it *Item, env Env) []*Item {
	var out []*Item
	for _, t := range env.Items(trailxTrail) {
		if t.Deleted() || (it.AccountID != "" && t.AccountID != "" && t.AccountID != it.AccountID) {
			continue
		}
		if b, ok := Bool(trailxField(Map(t.Supp(trailxStatusKey)), "IsLogging")); ok && !b {
			continue
		}
		out = append(out, t)
	}
	return out
}

// trailxMatches reports whether the trail delivers to the given bucket, SNS
// topic and log group (each only when given).
func trailxMatches(t *Item, p Params) (bool, string) {
	for _, c := range []struct{ param, field string }{
		{"s3BucketName", "s3BucketName"},
		{"snsTopicArn", "snsTopicARN"},
		{"cloudWatchLogsLogGroupArn", "cloudWatchLogsLogGroupArn"},
	} {
		if want := p.String(c.param, ""); want != "" && Str(t.Config(c.field)) != want {
			return false, fmt.Sprintf("%s is not %s", c.field, want)
		}
	}
	return true, ""
}

// cloudTrailEnabled checks that a trail is logging in the account and
// region, delivering to s3BucketName, snsTopicArn and
// cloudWatchLogsLogGroupArn when they are given (docs: cloudtrail-enabled).
// It reads the AWS::CloudTrail::Trail items of the region.
func cloudTrailEnabled(it *Item, p Params, env Env) (Result, error) {
	trails := trailxLogging(it, env)
	if len(trails) == 0 {
		return nonCompliant("No CloudTrail trail is logging in %s.", it.Region), nil
	}
	var why string
	for _, t := range trails {
		ok, w := trailxMatches(t, p)
		if ok {
			return Result{Compliance: Compliant}, nil
		}
		why = fmt.Sprintf("trail %s: %s", trailxName(t), w)
	}
	return nonCompliant("No logging trail matches the parameters (%s).", why), nil
}

// trailxSelectors returns the trail's basic and advanced event selectors;
// present is false when the CI does not carry them.
func trailxSelectors(t *Item) (basic, advanced []map[string]any, present bool) {
	v := t.Supp(trailxSelectorsKey)
	if v == nil {
		return nil, nil, false
	}
	var list []any
	if m := Map(v); m != nil {
		list = Slice(trailxField(m, "EventSelectors"))
		for _, a := range Slice(trailxField(m, "AdvancedEventSelectors")) {
			if am := Map(a); am != nil {
				advanced = append(advanced, am)
			}
		}
	} else {
		list = Slice(v)
	}
	for _, s := range list {
		if sm := Map(s); sm != nil {
			basic = append(basic, sm)
		}
	}
	return basic, advanced, true
}

// trailxFieldSelector returns an advanced selector's field selector on the
// field (case-insensitive), or nil.
func trailxFieldSelector(adv map[string]any, field string) map[string]any {
	for _, f := range Slice(trailxField(adv, "FieldSelectors")) {
		fm := Map(f)
		if strings.EqualFold(Str(trailxField(fm, "Field")), field) {
			return fm
		}
	}
	return nil
}

// trailxManagement describes how a trail records management events.
type trailxManagement struct {
	included  bool
	readWrite map[string]bool // All, ReadOnly, WriteOnly (upper case)
	excluded  []string        // excluded management event sources
}

// trailxManagementEvents reads the trail's event selectors (CloudTrail's
// default selector when the CI carries none).
func trailxManagementEvents(t *Item) trailxManagement {
	basic, advanced, present := trailxSelectors(t)
	m := trailxManagement{readWrite: map[string]bool{}}
	if !present {
		m.included = true
		m.readWrite["ALL"] = true
		return m
	}
	for _, s := range basic {
		inc, ok := Bool(trailxField(s, "IncludeManagementEvents"))
		if ok && !inc {
			continue
		}
		m.included = true
		rw := strings.ToUpper(Str(trailxField(s, "ReadWriteType")))
		if rw == "" {
			rw = "ALL"
		}
		m.readWrite[rw] = true
		m.excluded = append(m.excluded, Strings(trailxField(s, "ExcludeManagementEventSources"))...)
	}
	for _, a := range advanced {
		cat := trailxFieldSelector(a, "eventCategory")
		if cat == nil || !trailxContainsFold(Strings(trailxField(cat, "Equals")), "Management") {
			continue
		}
		m.included = true
		rw := "ALL"
		if ro := trailxFieldSelector(a, "readOnly"); ro != nil {
			switch vals := Strings(trailxField(ro, "Equals")); {
			case trailxContainsFold(vals, "true"):
				rw = "READONLY"
			case trailxContainsFold(vals, "false"):
				rw = "WRITEONLY"
			}
		}
		m.readWrite[rw] = true
		if src := trailxFieldSelector(a, "eventSource"); src != nil {
			m.excluded = append(m.excluded, Strings(trailxField(src, "NotEquals"))...)
		}
	}
	return m
}

func trailxContainsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// multiRegionCloudTrailEnabled checks that a multi-region trail is logging
// and matches the parameters (docs: multi-region-cloudtrail-enabled): the
// destinations s3BucketName, snsTopicArn and cloudWatchLogsLogGroupArn when
// given; management events recorded (unless includeManagementEvents is
// false) with no excluded event sources; and with readWriteType (ReadOnly,
// WriteOnly or ALL, in any case) a management selector of that type, ALL
// satisfying the other two. It reads the AWS::CloudTrail::Trail items of
// the region and their event selectors (trailxSelectorsKey).
func multiRegionCloudTrailEnabled(it *Item, p Params, env Env) (Result, error) {
	mgmt, err := p.Bool("includeManagementEvents", true)
	if err != nil {
		return Result{}, err
	}
	rw := strings.ToUpper(p.String("readWriteType", ""))
	if rw != "" && rw != "ALL" && rw != "READONLY" && rw != "WRITEONLY" {
		return Result{}, fmt.Errorf("parameter readWriteType must be ReadOnly, WriteOnly or ALL, not %q", p["readWriteType"])
	}
	why := "no logging trail is multi-region"
	for _, t := range trailxLogging(it, env) {
		if !IsTrue(t.Config("isMultiRegionTrail")) {
			continue
		}
		if ok, w := trailxMatches(t, p); !ok {
			why = fmt.Sprintf("trail %s: %s", trailxName(t), w)
			continue
		}
		m := trailxManagementEvents(t)
		switch {
		case mgmt && !m.included:
			why = fmt.Sprintf("trail %s does not record management events", trailxName(t))
		case len(m.excluded) > 0:
			why = fmt.Sprintf("trail %s excludes management events from %s", trailxName(t), strings.Join(m.excluded, ", "))
		case rw != "" && !m.readWrite[rw] && !m.readWrite["ALL"]:
			why = fmt.Sprintf("trail %s does not record %s management events", trailxName(t), p["readWriteType"])
		default:
			return Result{Compliance: Compliant}, nil
		}
	}
	return nonCompliant("No multi-region trail matches: %s.", why), nil
}

// trailxS3DataCoverage returns whether the trail logs S3 data events for
// all buckets, and for which bucket ARN prefixes otherwise.
func trailxS3DataCoverage(t *Item) (all bool, prefixes []string) {
	basic, advanced, _ := trailxSelectors(t)
	for _, s := range basic {
		for _, dr := range Slice(trailxField(s, "DataResources")) {
			d := Map(dr)
			if Str(trailxField(d, "Type")) != "AWS::S3::Object" {
				continue
			}
			for _, v := range Strings(trailxField(d, "Values")) {
				if v == "arn:aws:s3" || v == "arn:aws:s3:::" || strings.HasSuffix(v, ":s3") || strings.HasSuffix(v, ":s3:::") {
					all = true
				}
				prefixes = append(prefixes, v)
			}
		}
	}
	for _, a := range advanced {
		cat := trailxFieldSelector(a, "eventCategory")
		typ := trailxFieldSelector(a, "resources.type")
		if cat == nil || typ == nil || !trailxContainsFold(Strings(trailxField(cat, "Equals")), "Data") ||
			!trailxContainsFold(Strings(trailxField(typ, "Equals")), "AWS::S3::Object") {
			continue
		}
		arn := trailxFieldSelector(a, "resources.ARN")
		if arn == nil {
			all = true
			continue
		}
		prefixes = append(prefixes, Strings(trailxField(arn, "StartsWith"))...)
		prefixes = append(prefixes, Strings(trailxField(arn, "Equals"))...)
	}
	return all, prefixes
}

// cloudtrailS3DataeventsEnabled checks that a logging trail records S3 data
// events for all buckets, or with S3BucketNames for each of those buckets
// (docs: cloudtrail-s3-dataevents-enabled). A bucket is covered by a data
// resource value (or advanced selector resources.ARN StartsWith/Equals
// value) that is a prefix of arn:aws:s3:::name/. It reads the
// AWS::CloudTrail::Trail items of the region and their event selectors
// (trailxSelectorsKey); a trail without recorded selectors logs no data
// events.
func cloudtrailS3DataeventsEnabled(it *Item, p Params, env Env) (Result, error) {
	buckets := p.List("S3BucketNames")
	trails := trailxLogging(it, env)
	if len(trails) == 0 {
		return nonCompliant("No CloudTrail trail is logging in %s.", it.Region), nil
	}
	covered := map[string]bool{}
	for _, t := range trails {
		all, prefixes := trailxS3DataCoverage(t)
		if all {
			return Result{Compliance: Compliant}, nil
		}
		for _, b := range buckets {
			obj := "arn:aws:s3:::" + b + "/"
			for _, pre := range prefixes {
				if pre != "" && strings.HasPrefix(obj, pre) {
					covered[b] = true
				}
			}
		}
	}
	if len(buckets) == 0 {
		return nonCompliant("No logging trail records S3 data events for all buckets."), nil
	}
	var missing []string
	for _, b := range buckets {
		if !covered[b] {
			missing = append(missing, b)
		}
	}
	return compliantIf(len(missing) == 0, "No logging trail records S3 data events for %s.", strings.Join(missing, ", ")), nil
}
