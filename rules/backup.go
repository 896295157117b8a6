package rules

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Backup rules: AWS Backup plans and the resources they protect, and the
// backup and encryption settings of ElastiCache and EFS.
//
// AWS::Backup::BackupSelection CIs are read as AWS Config records them:
//
//	{"BackupPlanId": "...", "SelectionId": "...",
//	 "BackupSelection": {"SelectionName": "...", "IamRoleArn": "...",
//	   "Resources": ["arn:aws:dynamodb:*:*:table/*"], "NotResources": [...],
//	   "ListOfTags": [{"ConditionType": "STRINGEQUALS", "ConditionKey": "backup", "ConditionValue": "daily"}],
//	   "Conditions": {"StringEquals": [{"ConditionKey": "aws:ResourceTag/backup", "ConditionValue": "daily"}],
//	                  "StringNotEquals": [], "StringLike": [], "StringNotLike": []}}}
//
// and AWS::Backup::BackupPlan CIs as
//
//	{"BackupPlanId": "...", "BackupPlanArn": "...", "VersionId": "...",
//	 "BackupPlan": {"BackupPlanName": "...", "BackupPlanRule": [{"RuleName": "...",
//	   "ScheduleExpression": "cron(0 5 ? * * *)", "Lifecycle": {"DeleteAfterDays": 35}, ...}]}}

const (
	dbxBackupPlan      = "AWS::Backup::BackupPlan"
	backupxSelection   = "AWS::Backup::BackupSelection"
	backupxEFS         = "AWS::EFS::FileSystem"
	backupxVolume      = "AWS::EC2::Volume"
	backupxCacheClust  = "AWS::ElastiCache::CacheCluster"
	backupxReplication = "AWS::ElastiCache::ReplicationGroup"
)

func init() {
	register(
		&Rule{Identifier: "ELASTICACHE_REDIS_CLUSTER_AUTOMATIC_BACKUP_CHECK", ResourceTypes: []string{backupxCacheClust, backupxReplication},
			Evaluate: elasticacheRedisClusterAutomaticBackupCheck},
		&Rule{Identifier: "EFS_ENCRYPTED_CHECK", ResourceTypes: []string{backupxEFS}, Evaluate: efsEncryptedCheck},
		&Rule{Identifier: "DYNAMODB_IN_BACKUP_PLAN", ResourceTypes: []string{dbxDynamoDBTable}, Evaluate: dynamodbInBackupPlan},
		&Rule{Identifier: "EFS_IN_BACKUP_PLAN", ResourceTypes: []string{backupxEFS}, Evaluate: efsInBackupPlan},
		&Rule{Identifier: "EBS_IN_BACKUP_PLAN", ResourceTypes: []string{backupxVolume}, Evaluate: ebsInBackupPlan},
		&Rule{Identifier: "RDS_IN_BACKUP_PLAN", ResourceTypes: []string{dbxDBInstance}, Evaluate: rdsInBackupPlan},
		&Rule{Identifier: "BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK", ResourceTypes: []string{dbxBackupPlan},
			Evaluate: backupPlanMinFrequencyAndMinRetentionCheck},
	)
}

// elasticacheRedisClusterAutomaticBackupCheck: NON_COMPLIANT when the
// SnapshotRetentionLimit of a Redis cluster or replication group is below
// snapshotRetentionPeriod (default 15 days) (docs:
// elasticache-redis-cluster-automatic-backup-check). The page's example
// also calls a limit equal to the parameter non-compliant, contradicting its
// rule ("less than"); the rule is followed, so a limit equal to the
// parameter is COMPLIANT. Choices: Memcached clusters are NOT_APPLICABLE;
// Valkey, Redis's successor engine, is evaluated like Redis; a cache
// cluster that belongs to a replication group is NOT_APPLICABLE, its backups
// being those of the group, evaluated as such. Members are read in the
// API's camelCase (snapshotRetentionLimit) or as CloudFormation spells them.
func elasticacheRedisClusterAutomaticBackupCheck(it *Item, p Params, _ Env) (Result, error) {
	want, err := p.Int("snapshotRetentionPeriod", 15)
	if err != nil {
		return Result{}, err
	}
	c := it.Configuration
	engine := strings.ToLower(Str(dbxField(c, "engine", "Engine")))
	if engine != "" && engine != "redis" && engine != "valkey" {
		return notApplicable("Engine %s is not Redis.", engine), nil
	}
	if it.ResourceType == backupxCacheClust {
		if engine == "" {
			return notApplicable("Cache cluster %s records no engine.", dbxName(it)), nil
		}
		if g := Str(dbxField(c, "replicationGroupId", "ReplicationGroupId")); g != "" {
			return notApplicable("Cache cluster %s belongs to replication group %s.", dbxName(it), g), nil
		}
	}
	have, _ := Num(dbxField(c, "snapshotRetentionLimit", "SnapshotRetentionLimit"))
	if have <= 0 {
		return nonCompliant("Automatic backups of %s are disabled.", dbxName(it)), nil
	}
	return compliantIf(int(have) >= want, "%s keeps automatic backups %d days, fewer than %d.", dbxName(it), int(have), want), nil
}

// efsEncryptedCheck: NON_COMPLIANT when the file system is not encrypted, or,
// with KmsKeyId (a key ARN, or a key id), encrypted with another key (docs:
// efs-encrypted-check).
func efsEncryptedCheck(it *Item, p Params, _ Env) (Result, error) {
	c := it.Configuration
	if !IsTrue(dbxField(c, "Encrypted", "encrypted")) {
		return nonCompliant("EFS file system %s is not encrypted.", dbxName(it)), nil
	}
	if want := p.String("KmsKeyId", ""); want != "" {
		have := Str(dbxField(c, "KmsKeyId", "kmsKeyId"))
		if !dbxKeyMatches(have, want) {
			return nonCompliant("EFS file system %s is encrypted with %s, not %s.", dbxName(it), have, want), nil
		}
	}
	return Result{Compliance: Compliant}, nil
}

// backupxGlob matches s against a pattern where * is any run of characters
// and ? any one character.
func backupxGlob(pattern, s string) bool {
	if pattern == "" {
		return s == ""
	}
	switch pattern[0] {
	case '*':
		for i := 0; i <= len(s); i++ {
			if backupxGlob(pattern[1:], s[i:]) {
				return true
			}
		}
		return false
	case '?':
		return s != "" && backupxGlob(pattern[1:], s[1:])
	}
	return s != "" && s[0] == pattern[0] && backupxGlob(pattern[1:], s[1:])
}

// backupxTagKey returns the tag key of a selection condition key
// ("aws:ResourceTag/backup" or "backup").
func backupxTagKey(key string) string {
	if i := strings.Index(strings.ToLower(key), "aws:resourcetag/"); i == 0 {
		return key[len("aws:ResourceTag/"):]
	}
	return key
}

// backupxConditions returns the {ConditionKey, ConditionValue} objects of one
// operator of a selection's Conditions.
func backupxConditions(conds map[string]any, op string) []map[string]any {
	var out []map[string]any
	v := dbxField(conds, op, strings.ToLower(op[:1])+op[1:])
	if m := Map(v); m != nil {
		return append(out, m)
	}
	for _, x := range Slice(v) {
		if m := Map(x); m != nil {
			out = append(out, m)
		}
	}
	return out
}

// backupxConditionsHold reports whether the resource's tags satisfy every
// condition of a selection's Conditions (AND).
func backupxConditionsHold(conds map[string]any, tags map[string]string) bool {
	for _, op := range []string{"StringEquals", "StringNotEquals", "StringLike", "StringNotLike"} {
		for _, c := range backupxConditions(conds, op) {
			key := backupxTagKey(Str(dbxField(c, "ConditionKey", "conditionKey")))
			want := Str(dbxField(c, "ConditionValue", "conditionValue"))
			have, ok := tags[key]
			var hold bool
			switch op {
			case "StringEquals":
				hold = ok && have == want
			case "StringNotEquals":
				hold = !ok || have != want
			case "StringLike":
				hold = ok && backupxGlob(want, have)
			case "StringNotLike":
				hold = !ok || !backupxGlob(want, have)
			}
			if !hold {
				return false
			}
		}
	}
	return true
}

// backupxSelects reports whether a backup selection assigns a resource,
// known by its ARNs (its own, and for an RDS instance its cluster's) and
// tags, as AWS Backup documents resource assignment: a resource is assigned
// when one of Resources matches one of its ARNs (wildcards allowed) or one
// of ListOfTags matches a tag (OR), or when the selection names neither
// (all supported resources); it must also satisfy every Conditions entry
// (AND) and match none of NotResources.
func backupxSelects(sel map[string]any, arns []string, tags map[string]string) bool {
	matchAny := func(patterns []string) bool {
		for _, pat := range patterns {
			for _, a := range arns {
				if a != "" && backupxGlob(pat, a) {
					return true
				}
			}
		}
		return false
	}
	resources := Strings(dbxField(sel, "Resources", "resources"))
	listOfTags := Slice(dbxField(sel, "ListOfTags", "listOfTags"))
	in := len(resources) == 0 && len(listOfTags) == 0
	in = in || matchAny(resources)
	for _, t := range listOfTags {
		m := Map(t)
		key := backupxTagKey(Str(dbxField(m, "ConditionKey", "conditionKey")))
		if have, ok := tags[key]; ok && have == Str(dbxField(m, "ConditionValue", "conditionValue")) {
			in = true
		}
	}
	if !in || matchAny(Strings(dbxField(sel, "NotResources", "notResources"))) {
		return false
	}
	return backupxConditionsHold(Map(dbxField(sel, "Conditions", "conditions")), tags)
}

// backupxInPlan reports whether a backup selection of the account assigns
// the resource to a backup plan. It reads the AWS::Backup::BackupSelection
// items (env.Items), and the AWS::Backup::BackupPlan items only to drop
// selections whose plan is gone: when plans are recorded, a selection whose
// BackupPlanId is none of theirs does not count.
func backupxInPlan(env Env, arns []string, tags map[string]string) bool {
	plans := map[string]bool{}
	recorded := env.Items(dbxBackupPlan)
	for _, pl := range recorded {
		plans[Str(dbxField(pl.Configuration, "BackupPlanId", "backupPlanId"))] = true
	}
	for _, s := range env.Items(backupxSelection) {
		id := Str(dbxField(s.Configuration, "BackupPlanId", "backupPlanId"))
		if len(recorded) > 0 && !plans[id] {
			continue
		}
		sel := Map(dbxField(s.Configuration, "BackupSelection", "backupSelection"))
		if sel == nil {
			sel = s.Configuration
		}
		if backupxSelects(sel, arns, tags) {
			return true
		}
	}
	return false
}

// backupxARN returns the item's ARN, or the one its configuration records.
func backupxARN(it *Item, members ...string) string {
	if it.ARN != "" {
		return it.ARN
	}
	return Str(dbxField(it.Configuration, members...))
}

// backupxInPlanResult evaluates the *_IN_BACKUP_PLAN rules.
func backupxInPlanResult(it *Item, env Env, what string, arns ...string) Result {
	return compliantIf(backupxInPlan(env, arns, it.Tags), "%s %s is in no AWS Backup plan.", what, dbxName(it))
}

// dynamodbInBackupPlan: NON_COMPLIANT when no AWS Backup plan covers the
// table (docs: dynamodb-in-backup-plan); see backupxInPlan for the items read
// and backupxSelects for how a selection assigns resources.
func dynamodbInBackupPlan(it *Item, _ Params, env Env) (Result, error) {
	return backupxInPlanResult(it, env, "DynamoDB table", backupxARN(it, "tableArn", "TableArn")), nil
}

// efsInBackupPlan: NON_COMPLIANT when no AWS Backup plan covers the file
// system (docs: efs-in-backup-plan); see backupxInPlan.
func efsInBackupPlan(it *Item, _ Params, env Env) (Result, error) {
	return backupxInPlanResult(it, env, "EFS file system", backupxARN(it, "Arn", "FileSystemArn", "fileSystemArn")), nil
}

// ebsInBackupPlan: NON_COMPLIANT when no AWS Backup plan covers the volume
// (docs: ebs-in-backup-plan); see backupxInPlan. A volume CI without an ARN
// is known by arn:aws:ec2:<region>:<account>:volume/<id>.
func ebsInBackupPlan(it *Item, _ Params, env Env) (Result, error) {
	arn := it.ARN
	if arn == "" {
		arn = fmt.Sprintf("arn:aws:ec2:%s:%s:volume/%s", it.Region, it.AccountID, it.ResourceID)
	}
	return backupxInPlanResult(it, env, "EBS volume", arn), nil
}

// rdsInBackupPlan: NON_COMPLIANT when no AWS Backup plan covers the DB
// instance (docs: rds-in-backup-plan); see backupxInPlan. Choice: an
// instance of a DB cluster (Aurora) also counts as covered when a plan
// covers its cluster (arn:aws:rds:<region>:<account>:cluster:<id>), since
// AWS Backup backs Aurora up by cluster.
func rdsInBackupPlan(it *Item, _ Params, env Env) (Result, error) {
	arns := []string{backupxARN(it, "dBInstanceArn", "DBInstanceArn")}
	if cl := Str(it.Config("dBClusterIdentifier")); cl != "" {
		arns = append(arns, fmt.Sprintf("arn:aws:rds:%s:%s:cluster:%s", it.Region, it.AccountID, cl))
	}
	return backupxInPlanResult(it, env, "RDS DB instance", arns...), nil
}

// backupxDefaultSchedule is AWS Backup's schedule for a rule that gives none:
// daily at 05:00 UTC.
const backupxDefaultSchedule = "cron(0 5 ? * * *)"

// backupPlanMinFrequencyAndMinRetentionCheck: NON_COMPLIANT unless one rule of
// the plan creates recovery points at least every requiredFrequencyValue
// requiredFrequencyUnit (default 1 days) and keeps them at least
// requiredRetentionDays (default 35) (docs:
// backup-plan-min-frequency-and-min-retention-check). A rule's frequency is
// the longest gap between two runs of its ScheduleExpression (cron or rate;
// a rule without one runs daily, as AWS Backup does); its retention is
// Lifecycle.DeleteAfterDays, recovery points of a rule without it never
// expiring. Parameters out of range (unit not hours or days, value beyond
// 24 hours or 31 days) are errors.
func backupPlanMinFrequencyAndMinRetentionCheck(it *Item, p Params, _ Env) (Result, error) {
	value, err := p.Int("requiredFrequencyValue", 1)
	if err != nil {
		return Result{}, err
	}
	days, err := p.Int("requiredRetentionDays", 35)
	if err != nil {
		return Result{}, err
	}
	var required time.Duration
	switch unit := strings.ToLower(p.String("requiredFrequencyUnit", "days")); unit {
	case "hours":
		if value < 1 || value > 24 {
			return Result{}, fmt.Errorf("requiredFrequencyValue must be between 1 and 24 hours, not %d", value)
		}
		required = time.Duration(value) * time.Hour
	case "days":
		if value < 1 || value > 31 {
			return Result{}, fmt.Errorf("requiredFrequencyValue must be between 1 and 31 days, not %d", value)
		}
		required = time.Duration(value) * 24 * time.Hour
	default:
		return Result{}, fmt.Errorf("requiredFrequencyUnit must be hours or days, not %q", unit)
	}
	if days < 0 {
		return Result{}, fmt.Errorf("requiredRetentionDays must not be negative, not %d", days)
	}
	plan := Map(dbxField(it.Configuration, "BackupPlan", "backupPlan"))
	name := Str(dbxField(plan, "BackupPlanName", "backupPlanName"))
	if name == "" {
		name = dbxName(it)
	}
	rules := Slice(dbxField(plan, "BackupPlanRule", "Rules", "rules"))
	var why []string
	for _, r := range rules {
		m := Map(r)
		rule := Str(dbxField(m, "RuleName", "ruleName"))
		expr := Str(dbxField(m, "ScheduleExpression", "scheduleExpression"))
		if expr == "" {
			expr = backupxDefaultSchedule
		}
		gap, err := backupxScheduleGap(expr)
		if err != nil {
			why = append(why, fmt.Sprintf("%s: %v", rule, err))
			continue
		}
		if gap > required {
			why = append(why, fmt.Sprintf("%s runs every %s", rule, backupxDuration(gap)))
			continue
		}
		if keep, ok := Num(dbxField(Map(dbxField(m, "Lifecycle", "lifecycle")), "DeleteAfterDays", "deleteAfterDays")); ok && keep < float64(days) {
			why = append(why, fmt.Sprintf("%s keeps recovery points %g days", rule, keep))
			continue
		}
		return Result{Compliance: Compliant}, nil
	}
	if len(rules) == 0 {
		return nonCompliant("Backup plan %s has no rules.", name), nil
	}
	return nonCompliant("No rule of backup plan %s backs up every %s and keeps recovery points %d days: %s.",
		name, backupxDuration(required), days, strings.Join(why, "; ")), nil
}

// backupxDuration formats a duration in days or hours.
func backupxDuration(d time.Duration) string {
	if d == time.Duration(math.MaxInt64) {
		return "year or less often"
	}
	switch {
	case d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	return strings.TrimSuffix(d.String(), "0s")
}

// backupxScheduleGap returns the longest time between two runs of a schedule
// expression: rate(N unit) or an AWS cron expression
// cron(minutes hours day-of-month month day-of-week year). Cron runs are
// laid out over two calendar years from a fixed date (the result does not
// depend on the clock); a schedule that runs less than twice in them has
// gap MaxInt64.
func backupxScheduleGap(expr string) (time.Duration, error) {
	expr = strings.TrimSpace(expr)
	switch {
	case strings.HasPrefix(expr, "rate(") && strings.HasSuffix(expr, ")"):
		f := strings.Fields(expr[len("rate(") : len(expr)-1])
		if len(f) != 2 {
			return 0, fmt.Errorf("bad schedule %q", expr)
		}
		n, err := strconv.Atoi(f[0])
		if err != nil || n < 1 {
			return 0, fmt.Errorf("bad schedule %q", expr)
		}
		unit := map[string]time.Duration{"minute": time.Minute, "hour": time.Hour, "day": 24 * time.Hour}[strings.TrimSuffix(f[1], "s")]
		if unit == 0 {
			return 0, fmt.Errorf("bad schedule %q", expr)
		}
		return time.Duration(n) * unit, nil
	case strings.HasPrefix(expr, "cron(") && strings.HasSuffix(expr, ")"):
		c, err := backupxParseCron(expr[len("cron(") : len(expr)-1])
		if err != nil {
			return 0, fmt.Errorf("bad schedule %q: %v", expr, err)
		}
		return c.maxGap(), nil
	}
	return 0, fmt.Errorf("bad schedule %q", expr)
}

// backupxCron is a parsed AWS cron expression (the year field is ignored).
type backupxCron struct {
	minutes, hours, months [61]bool
	dom                    [32]bool
	domAny, domLast        bool
	dowAny                 bool
	dow                    [8]bool // 1 = Sunday ... 7 = Saturday
	dowNth                 [8]int  // n of "d#n": nth such weekday of the month
	dowLast                [8]bool // "dL": last such weekday of the month
}

var backupxMonthNames = map[string]int{"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
	"JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12}

var backupxDayNames = map[string]int{"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}

// backupxCronField parses one field (lists of *, n, a-b, with /step) into
// set, within lo..hi.
func backupxCronField(s string, lo, hi int, names map[string]int, set []bool) error {
	num := func(x string) (int, error) {
		if n, ok := names[strings.ToUpper(x)]; ok {
			return n, nil
		}
		n, err := strconv.Atoi(x)
		if err != nil || n < lo || n > hi {
			return 0, fmt.Errorf("bad value %q", x)
		}
		return n, nil
	}
	for _, part := range strings.Split(s, ",") {
		rng, step := part, 1
		if r, st, ok := strings.Cut(part, "/"); ok {
			n, err := strconv.Atoi(st)
			if err != nil || n < 1 {
				return fmt.Errorf("bad step %q", part)
			}
			rng, step = r, n
		}
		from, to := lo, hi
		switch {
		case rng == "*":
		case strings.Contains(rng, "-"):
			a, b, _ := strings.Cut(rng, "-")
			var err error
			if from, err = num(a); err != nil {
				return err
			}
			if to, err = num(b); err != nil {
				return err
			}
		default:
			n, err := num(rng)
			if err != nil {
				return err
			}
			from, to = n, n
			if step > 1 {
				to = hi
			}
		}
		if from > to {
			return fmt.Errorf("bad range %q", part)
		}
		for i := from; i <= to; i += step {
			set[i] = true
		}
	}
	return nil
}

// backupxParseCron parses the six fields of an AWS cron expression.
func backupxParseCron(s string) (*backupxCron, error) {
	f := strings.Fields(s)
	if len(f) != 6 {
		return nil, fmt.Errorf("%d fields, not 6", len(f))
	}
	c := &backupxCron{}
	if err := backupxCronField(f[0], 0, 59, nil, c.minutes[:]); err != nil {
		return nil, err
	}
	if err := backupxCronField(f[1], 0, 23, nil, c.hours[:]); err != nil {
		return nil, err
	}
	if err := backupxCronField(f[3], 1, 12, backupxMonthNames, c.months[:]); err != nil {
		return nil, err
	}
	switch dom := strings.ToUpper(f[2]); {
	case dom == "?":
		c.domAny = true
	case dom == "L" || dom == "LW":
		c.domLast = true
	default:
		// nW (the weekday nearest day n) is taken as day n.
		if err := backupxCronField(strings.ReplaceAll(dom, "W", ""), 1, 31, nil, c.dom[:]); err != nil {
			return nil, err
		}
	}
	switch dow := strings.ToUpper(f[4]); {
	case dow == "?":
		c.dowAny = true
	case strings.Contains(dow, "#"):
		d, n, _ := strings.Cut(dow, "#")
		day, err := strconv.Atoi(d)
		if v, ok := backupxDayNames[d]; ok {
			day, err = v, nil
		}
		nth, err2 := strconv.Atoi(n)
		if err != nil || err2 != nil || day < 1 || day > 7 || nth < 1 || nth > 5 {
			return nil, fmt.Errorf("bad day of week %q", dow)
		}
		c.dowNth[day] = nth
	case strings.HasSuffix(dow, "L") && dow != "L":
		day, err := strconv.Atoi(strings.TrimSuffix(dow, "L"))
		if v, ok := backupxDayNames[strings.TrimSuffix(dow, "L")]; ok {
			day, err = v, nil
		}
		if err != nil || day < 1 || day > 7 {
			return nil, fmt.Errorf("bad day of week %q", dow)
		}
		c.dowLast[day] = true
	case dow == "L":
		c.dow[7] = true
	default:
		if err := backupxCronField(dow, 1, 7, backupxDayNames, c.dow[:]); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// day reports whether the cron runs on the day.
func (c *backupxCron) day(t time.Time) bool {
	if !c.months[int(t.Month())] {
		return false
	}
	last := t.AddDate(0, 0, 1).Month() != t.Month()
	domOK := c.domAny || c.dom[t.Day()] || (c.domLast && last)
	wd := int(t.Weekday()) + 1
	dowOK := c.dowAny || c.dow[wd] || (c.dowNth[wd] > 0 && (t.Day()-1)/7+1 == c.dowNth[wd]) ||
		(c.dowLast[wd] && t.AddDate(0, 0, 7).Month() != t.Month())
	return domOK && dowOK
}

// maxGap returns the longest time between two runs over two years.
func (c *backupxCron) maxGap() time.Duration {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var prev time.Time
	gap := time.Duration(-1)
	for d := start; d.Before(start.AddDate(2, 0, 0)); d = d.AddDate(0, 0, 1) {
		if !c.day(d) {
			continue
		}
		for h := 0; h < 24; h++ {
			if !c.hours[h] {
				continue
			}
			for m := 0; m < 60; m++ {
				if !c.minutes[m] {
					continue
				}
				t := d.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
				if !prev.IsZero() && t.Sub(prev) > gap {
					gap = t.Sub(prev)
				}
				prev = t
			}
		}
	}
	if gap < 0 {
		return time.Duration(math.MaxInt64)
	}
	return gap
}
