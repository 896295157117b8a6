package rules

import (
	"fmt"
	"strings"
)

// Amazon DynamoDB rules. Table CIs carry DescribeTable's Table as AWS Config
// spells it (ssedescription, kmsmasterKeyArn, billingModeSummary) and the
// continuous backups description as supplementaryConfiguration.ContinuousBackupsDescription.

const (
	dbxDynamoDBTable  = "AWS::DynamoDB::Table"
	dbxScalableTarget = "AWS::ApplicationAutoScaling::ScalableTarget"
	dbxScalingPolicy  = "AWS::ApplicationAutoScaling::ScalingPolicy"
)

func init() {
	register(
		&Rule{Identifier: "DYNAMODB_PITR_ENABLED", ResourceTypes: []string{dbxDynamoDBTable}, Evaluate: dynamodbPitrEnabled},
		&Rule{Identifier: "DYNAMODB_TABLE_ENCRYPTED_KMS", ResourceTypes: []string{dbxDynamoDBTable}, Evaluate: dynamodbTableEncryptedKms},
		&Rule{Identifier: "DYNAMODB_AUTOSCALING_ENABLED", ResourceTypes: []string{dbxDynamoDBTable}, Evaluate: dynamodbAutoscalingEnabled},
	)
}

// dbxTableName returns a table item's name.
func dbxTableName(it *Item) string {
	if n := Str(dbxField(it.Configuration, "tableName", "TableName")); n != "" {
		return n
	}
	return dbxName(it)
}

// dynamodbPitrEnabled: NON_COMPLIANT when point-in-time recovery is not
// ENABLED (supplementaryConfiguration.ContinuousBackupsDescription.
// pointInTimeRecoveryDescription.pointInTimeRecoveryStatus) (docs:
// dynamodb-pitr-enabled).
func dynamodbPitrEnabled(it *Item, _ Params, _ Env) (Result, error) {
	status := Str(it.Supp("ContinuousBackupsDescription", "pointInTimeRecoveryDescription", "pointInTimeRecoveryStatus"))
	return compliantIf(strings.EqualFold(status, "ENABLED"),
		"Point-in-time recovery is not enabled on DynamoDB table %s.", dbxTableName(it)), nil
}

// dbxSSE returns a table's server-side encryption description.
func dbxSSE(it *Item) map[string]any {
	return Map(dbxField(it.Configuration, "ssedescription", "sSEDescription", "sseDescription", "SSEDescription"))
}

// dynamodbTableEncryptedKms: NON_COMPLIANT when the table is not encrypted
// with a KMS key (ssedescription status ENABLED and type KMS: tables that
// record no SSE description use an AWS owned key), or, with kmsKeyArns, with
// a key not in the list (docs: dynamodb-table-encrypted-kms).
func dynamodbTableEncryptedKms(it *Item, p Params, _ Env) (Result, error) {
	sse := dbxSSE(it)
	status := Str(dbxField(sse, "status", "Status"))
	typ := Str(dbxField(sse, "ssetype", "sSEType", "sseType", "SSEType"))
	if !strings.EqualFold(status, "ENABLED") || !strings.EqualFold(typ, "KMS") {
		return nonCompliant("DynamoDB table %s is not encrypted with an AWS KMS key.", dbxTableName(it)), nil
	}
	key := Str(dbxField(sse, "kmsmasterKeyArn", "kMSMasterKeyArn", "kmsMasterKeyArn", "KMSMasterKeyArn"))
	if keys := p.List("kmsKeyArns"); len(keys) > 0 && !dbxKeyIn(key, keys) {
		return nonCompliant("DynamoDB table %s is encrypted with %s, which is not in kmsKeyArns.", dbxTableName(it), key), nil
	}
	return Result{Compliance: Compliant}, nil
}

// dbxScaling is the auto scaling of one capacity dimension of a table or
// index.
type dbxScaling struct {
	found    bool
	min, max float64
	target   float64 // target utilization of a target tracking policy; 0 when none
}

// dbxAppScaling returns the auto scaling of a resource ("table/T" or
// "table/T/index/I") and dimension ("dynamodb:table:ReadCapacityUnits"),
// read from the account's Application Auto Scaling items.
func dbxAppScaling(env Env, resourceID, dimension string) dbxScaling {
	var s dbxScaling
	match := func(m map[string]any) bool {
		ns := Str(dbxField(m, "ServiceNamespace", "serviceNamespace"))
		return (ns == "" || strings.EqualFold(ns, "dynamodb")) &&
			Str(dbxField(m, "ResourceId", "resourceId")) == resourceID &&
			Str(dbxField(m, "ScalableDimension", "scalableDimension")) == dimension
	}
	for _, t := range env.Items(dbxScalableTarget) {
		if match(t.Configuration) {
			s.found = true
			s.min, _ = Num(dbxField(t.Configuration, "MinCapacity", "minCapacity"))
			s.max, _ = Num(dbxField(t.Configuration, "MaxCapacity", "maxCapacity"))
			break
		}
	}
	for _, pol := range env.Items(dbxScalingPolicy) {
		if !match(pol.Configuration) {
			continue
		}
		cfg := Map(dbxField(pol.Configuration, "TargetTrackingScalingPolicyConfiguration", "targetTrackingScalingPolicyConfiguration"))
		if v, ok := Num(dbxField(cfg, "TargetValue", "targetValue")); ok {
			s.target = v
			break
		}
	}
	return s
}

// dbxScalingWant is what the parameters ask of one kind of capacity.
type dbxScalingWant struct {
	min, max      int
	target        float64
	kind          string // "read" or "write"
	minName       string
	maxName       string
	targetName    string
	dimensionUnit string // "ReadCapacityUnits"
}

// dbxScalingWants parses DYNAMODB_AUTOSCALING_ENABLED's parameters.
func dbxScalingWants(p Params) ([]dbxScalingWant, error) {
	var out []dbxScalingWant
	for _, k := range []struct{ kind, word string }{{"read", "Read"}, {"write", "Write"}} {
		w := dbxScalingWant{kind: k.kind, dimensionUnit: k.word + "CapacityUnits",
			minName: "minProvisioned" + k.word + "Capacity", maxName: "maxProvisioned" + k.word + "Capacity",
			targetName: "target" + k.word + "Utilization"}
		var err error
		if w.min, err = p.Int(w.minName, 0); err != nil {
			return nil, err
		}
		if w.max, err = p.Int(w.maxName, 0); err != nil {
			return nil, err
		}
		if w.target, err = p.Float(w.targetName, 0); err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, nil
}

// dbxCheckScaling returns why one dimension does not meet the wants, or "".
func dbxCheckScaling(env Env, what, resourceID, kindDim string, w dbxScalingWant) string {
	s := dbxAppScaling(env, resourceID, "dynamodb:"+kindDim+":"+w.dimensionUnit)
	switch {
	case !s.found:
		return fmt.Sprintf("%s capacity of %s is not auto scaled.", w.kind, what)
	case w.min > 0 && int(s.min) != w.min:
		return fmt.Sprintf("%s auto scaling of %s has minimum %d, not %s %d.", w.kind, what, int(s.min), w.minName, w.min)
	case w.max > 0 && int(s.max) != w.max:
		return fmt.Sprintf("%s auto scaling of %s has maximum %d, not %s %d.", w.kind, what, int(s.max), w.maxName, w.max)
	case w.target > 0 && s.target != w.target:
		return fmt.Sprintf("%s auto scaling of %s targets %g%% utilization, not %s %g.", w.kind, what, s.target, w.targetName, w.target)
	}
	return ""
}

// dynamodbAutoscalingEnabled checks that a table and its global secondary
// indexes either use on-demand capacity (billingModeSummary.billingMode
// PAY_PER_REQUEST) or have read and write auto scaling (docs:
// dynamodb-autoscaling-enabled). Auto scaling is read from the account's
// AWS::ApplicationAutoScaling::ScalableTarget items (env.Items): a target of
// ServiceNamespace dynamodb, ResourceId "table/<name>" (or
// "table/<name>/index/<index>") and ScalableDimension
// "dynamodb:table:ReadCapacityUnits" (index: "dynamodb:index:..."), with
// MinCapacity and MaxCapacity; target utilization from the
// AWS::ApplicationAutoScaling::ScalingPolicy items of the same resource and
// dimension (TargetTrackingScalingPolicyConfiguration.TargetValue). Members
// are read as CloudFormation spells them, or in the API's camelCase.
// Choice, the page being silent: the min, max and target parameters must
// equal the scaling's values, and they apply to the table and to each index.
func dynamodbAutoscalingEnabled(it *Item, p Params, env Env) (Result, error) {
	wants, err := dbxScalingWants(p)
	if err != nil {
		return Result{}, err
	}
	if mode := Str(it.Config("billingModeSummary", "billingMode")); strings.EqualFold(mode, "PAY_PER_REQUEST") {
		return Result{Compliance: Compliant}, nil
	}
	name := dbxTableName(it)
	for _, w := range wants {
		if why := dbxCheckScaling(env, "table "+name, "table/"+name, "table", w); why != "" {
			return nonCompliant("DynamoDB %s", why), nil
		}
		for _, g := range Slice(it.Config("globalSecondaryIndexes")) {
			idx := Str(dbxField(Map(g), "indexName", "IndexName"))
			if idx == "" {
				continue
			}
			if why := dbxCheckScaling(env, "index "+idx+" of table "+name, "table/"+name+"/index/"+idx, "index", w); why != "" {
				return nonCompliant("DynamoDB %s", why), nil
			}
		}
	}
	return Result{Compliance: Compliant}, nil
}
