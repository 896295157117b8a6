package control

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"conforms"
	"conforms/template"
)

const (
	maxConformancePacks       = 50
	conformancePacksPageLimit = 20
	msgServiceLinkedPack      = "An AWS service owns this conformance pack. You do not have permissions to take action on it."
)

// PutConformancePackInput holds the arguments of PutConformancePack.
type PutConformancePackInput struct {
	Name                string
	TemplateBody        string
	TemplateS3URI       string // wins over TemplateBody when both are given
	DeliveryS3Bucket    string
	DeliveryS3KeyPrefix string
	Parameters          []conforms.PackParameter
}

// PutConformancePack creates or updates one of the caller's conformance
// packs. The template is checked at once, with every problem reported in one
// ConformancePackTemplateValidationException; the pack is then
// CREATE_IN_PROGRESS until ApplyPendingPacks has created its rules and
// remediations.
func (s *Service) PutConformancePack(ctx context.Context, in PutConformancePackInput) (*conforms.ConformancePack, error) {
	c := caller(ctx)
	body, err := s.packTemplate(ctx, c, in)
	if err != nil {
		return nil, err
	}
	var p *conforms.ConformancePack
	err = s.Store.Update(ctx, func(tx conforms.Tx) error {
		old, err := tx.ConformancePack(c.AccountID, c.Region, in.Name)
		switch {
		case errors.Is(err, conforms.ErrNotFound):
			old = nil
		case err != nil:
			return err
		case old.CreatedBy != "":
			return conforms.Errorf(conforms.CodeAccessDeniedException, msgServiceLinkedPack)
		}
		p, err = s.stagePack(tx, c.AccountID, c.Region, in, body, old, "")
		return err
	})
	if err != nil {
		return nil, err
	}
	s.wake()
	return p, nil
}

// packTemplate returns the template of a PutConformancePack: the object
// named by TemplateS3URI, read as the caller, or TemplateBody.
func (s *Service) packTemplate(ctx context.Context, c *conforms.Caller, in PutConformancePackInput) (string, error) {
	if in.TemplateS3URI == "" {
		if in.TemplateBody == "" {
			return "", conforms.Errorf(conforms.CodeValidationException, "Either TemplateBody or TemplateS3Uri must be provided.")
		}
		return in.TemplateBody, nil
	}
	bucket, key, ok := strings.Cut(strings.TrimPrefix(in.TemplateS3URI, "s3://"), "/")
	if !ok || bucket == "" || key == "" {
		return "", conforms.Errorf(conforms.CodeValidationException,
			"TemplateS3Uri %s is not of the form s3://bucket/key.", in.TemplateS3URI)
	}
	o, err := s.ReadObjectAs(ctx, c, bucket, key)
	if err != nil {
		var e *conforms.Error
		if errors.As(err, &e) {
			return "", conforms.Errorf(conforms.CodeInsufficientPermissionsException,
				"Cannot read the template at %s: %s: %s", in.TemplateS3URI, e.Code, e.Message)
		}
		return "", err
	}
	if len(o.Body) > template.MaxTemplateS3Bytes {
		return "", conforms.Errorf(conforms.CodeConformancePackTemplateValidationException,
			"Invalid conformance pack template provided. Errors found: [The template at %s is %d bytes; at most %d are allowed]. Fix your template and try again.",
			in.TemplateS3URI, len(o.Body), template.MaxTemplateS3Bytes)
	}
	return string(o.Body), nil
}

// stagePack validates a pack's template and stores the pack as
// CREATE_IN_PROGRESS. createdBy is the service principal of a pack an
// organization conformance pack deploys, "" for the account's own.
func (s *Service) stagePack(tx conforms.Tx, accountID, region string, in PutConformancePackInput, body string, old *conforms.ConformancePack, createdBy string) (*conforms.ConformancePack, error) {
	p := &conforms.ConformancePack{
		AccountID: accountID, Region: region, Name: in.Name, DeliveryS3Bucket: in.DeliveryS3Bucket,
		DeliveryS3KeyPrefix: in.DeliveryS3KeyPrefix, InputParameters: in.Parameters, Template: body,
		TemplateS3URI: in.TemplateS3URI, CreatedBy: createdBy, State: conforms.PackCreateInProgress,
		LastUpdateRequestedTime: s.now(),
	}
	if old != nil {
		if inProgress(old.State) {
			return nil, conforms.Errorf(conforms.CodeResourceInUseException,
				"The conformance pack %s is being created or deleted; try again when it is done.", in.Name)
		}
		p.ID, p.Arn = old.ID, old.Arn
	} else {
		packs, err := tx.ListConformancePacks(conforms.ConformancePackFilter{AccountID: accountID, Region: region, Page: conforms.Page{Limit: maxConformancePacks}})
		if err != nil {
			return nil, err
		}
		if len(packs) >= maxConformancePacks {
			return nil, conforms.Errorf(conforms.CodeMaxNumberOfConformancePacksExceededException,
				"Failed to put conformance pack %s because the maximum number of conformance packs: %d is reached.", in.Name, maxConformancePacks)
		}
		p.ID = "conformance-pack-" + s.random(lowerAlnum, 9)
		p.Arn = "arn:aws:config:" + region + ":" + accountID + ":conformance-pack/" + in.Name + "/" + p.ID
	}
	if _, err := resolvePack(p, s.templateLimits()); err != nil {
		return nil, err
	}
	return p, tx.PutConformancePack(p)
}

func inProgress(state string) bool {
	return state == conforms.PackCreateInProgress || state == conforms.PackDeleteInProgress
}

// desiredPack is what a pack's template asks for in its account: rules and
// remediations, named as the pack names them.
type desiredPack struct {
	rules        []*conforms.ConfigRule
	remediations []*conforms.RemediationConfiguration
}

// resolvePack resolves a pack's template for its account and checks every
// rule against the managed-rule catalog, reporting all problems at once.
func resolvePack(p *conforms.ConformancePack, limits template.Limits) (*desiredPack, error) {
	if p.TemplateS3URI != "" {
		limits.MaxBodyBytes = template.MaxTemplateS3Bytes
	}
	params := map[string]string{}
	for _, ip := range p.InputParameters {
		params[ip.Name] = ip.Value
	}
	resolved, err := template.Resolve(template.Input{
		Body: []byte(p.Template), Parameters: params, AccountID: p.AccountID, Region: p.Region,
		StackName: "awsconfigconforms-" + p.Name + "-" + p.ID, Limits: limits,
	})
	var problems []string
	var ve *template.ValidationError
	switch {
	case errors.As(err, &ve):
		for _, pr := range ve.Problems {
			problems = append(problems, pr.String())
		}
	case err != nil:
		return nil, err
	}
	d := &desiredPack{}
	if resolved != nil {
		d, problems = packContents(p, resolved, problems)
	}
	if len(problems) > 0 {
		return nil, conforms.Errorf(conforms.CodeConformancePackTemplateValidationException,
			"Invalid conformance pack template provided. Errors found: [%s]. Fix your template and try again.", strings.Join(problems, "; "))
	}
	return d, nil
}

// packContents turns a resolved template into the pack's rules and
// remediations, adding the problems the managed-rule catalog finds.
func packContents(p *conforms.ConformancePack, resolved *template.Pack, problems []string) (*desiredPack, []string) {
	d := &desiredPack{}
	names := map[string]string{} // template rule name -> pack rule name
	for _, tr := range resolved.Rules {
		r := packRule(p, tr)
		names[tr.ConfigRuleName] = r.Name
		if err := checkConfigRule(r, nil); err != nil {
			problems = append(problems, fmt.Sprintf("Resources.%s: %s", tr.LogicalID, conforms.ErrorMessage(err)))
		}
		d.rules = append(d.rules, r)
	}
	for _, tm := range resolved.Remediations {
		rule, ok := names[tm.ConfigRuleName]
		if !ok {
			problems = append(problems, fmt.Sprintf("Resources.%s.Properties.ConfigRuleName: no ConfigRule of the template is named %s", tm.LogicalID, tm.ConfigRuleName))
			continue
		}
		rc := packRemediation(rule, tm)
		if problem := remediationProblem(rc); problem != "" {
			problems = append(problems, fmt.Sprintf("Resources.%s: %s", tm.LogicalID, problem))
		}
		d.remediations = append(d.remediations, rc)
	}
	return d, problems
}

// packRule returns the rule a pack creates for a template rule: named after
// it, with the pack's suffix.
func packRule(p *conforms.ConformancePack, tr template.Rule) *conforms.ConfigRule {
	r := &conforms.ConfigRule{
		Name: tr.ConfigRuleName + "-conformance-pack-" + p.Suffix(), Description: tr.Description,
		MaximumExecutionFrequency: tr.MaximumExecutionFrequency, EvaluationModes: tr.EvaluationModes,
		ConformancePack: p.Name,
		Source:          conforms.RuleSource{Owner: tr.Source.Owner, SourceIdentifier: tr.Source.SourceIdentifier},
	}
	for _, d := range tr.Source.SourceDetails {
		r.Source.SourceDetails = append(r.Source.SourceDetails, conforms.SourceDetail(d))
	}
	if cp := tr.Source.CustomPolicyDetails; cp != nil {
		r.Source.PolicyRuntime, r.Source.PolicyText, r.Source.EnableDebugLogDelivery = cp.PolicyRuntime, cp.PolicyText, cp.EnableDebugLogDelivery
	}
	if sc := tr.Scope; sc != nil {
		r.Scope = conforms.RuleScope{ComplianceResourceTypes: sc.ComplianceResourceTypes, TagKey: sc.TagKey,
			TagValue: sc.TagValue, ComplianceResourceID: sc.ComplianceResourceId}
	}
	if tr.InputParameters != nil {
		r.InputParameters = jsonObject(tr.InputParameters)
	}
	return r
}

// jsonObject renders string parameters as a JSON object with sorted keys.
func jsonObject(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteByte('{')
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%q:%q", k, m[k])
	}
	b.WriteByte('}')
	return b.String()
}

func packRemediation(rule string, tm template.Remediation) *conforms.RemediationConfiguration {
	rc := &conforms.RemediationConfiguration{
		ConfigRuleName: rule, TargetType: tm.TargetType, TargetID: tm.TargetId, TargetVersion: tm.TargetVersion,
		ResourceType: tm.ResourceType, Automatic: tm.Automatic, MaximumAutomaticAttempts: tm.MaximumAutomaticAttempts,
		RetryAttemptSeconds: tm.RetryAttemptSeconds, Parameters: map[string]conforms.RemediationParameter{},
	}
	if ec := tm.ExecutionControls; ec != nil && ec.SsmControls != nil {
		rc.ConcurrentExecutionRatePercentage, rc.ErrorPercentage = ec.SsmControls.ConcurrentExecutionRatePercentage, ec.SsmControls.ErrorPercentage
	}
	for name, v := range tm.Parameters {
		rc.Parameters[name] = conforms.RemediationParameter{ResourceValue: v.ResourceValue, StaticValues: v.StaticValues}
	}
	return rc
}

// DescribeConformancePacks returns the caller's named packs (all or
// nothing), or a page of all of them.
func (s *Service) DescribeConformancePacks(ctx context.Context, names []string, limit int, token string) ([]*conforms.ConformancePack, string, error) {
	return s.describePacks(ctx, names, limit, token, true)
}

// DescribeConformancePackStatus is DescribeConformancePacks for statuses:
// unknown names are left out rather than refused.
func (s *Service) DescribeConformancePackStatus(ctx context.Context, names []string, limit int, token string) ([]*conforms.ConformancePack, string, error) {
	return s.describePacks(ctx, names, limit, token, false)
}

func (s *Service) describePacks(ctx context.Context, names []string, limit int, token string, strict bool) ([]*conforms.ConformancePack, string, error) {
	c := caller(ctx)
	var out []*conforms.ConformancePack
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		if len(names) > 0 {
			var err error
			out, err = namedPacks(tx, c, names, strict)
			return err
		}
		if limit <= 0 || limit > conformancePacksPageLimit {
			limit = conformancePacksPageLimit
		}
		after, ok := decodeToken("conformance-packs", token)
		if !ok {
			return conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
		}
		rows, err := tx.ListConformancePacks(conforms.ConformancePackFilter{AccountID: c.AccountID, Region: c.Region,
			Page: conforms.Page{After: after, Limit: limit + 1}})
		out, next = paged("conformance-packs", rows, limit, func(p *conforms.ConformancePack) string { return p.Name })
		return err
	})
	return out, next, err
}

func namedPacks(tx conforms.Tx, c *conforms.Caller, names []string, strict bool) ([]*conforms.ConformancePack, error) {
	var out []*conforms.ConformancePack
	for _, n := range names {
		p, err := tx.ConformancePack(c.AccountID, c.Region, n)
		switch {
		case errors.Is(err, conforms.ErrNotFound) && strict:
			return nil, conforms.Errorf(conforms.CodeNoSuchConformancePackException,
				"One or more conformance packs with specified names are not present. Ensure your names are correct and try your request again later.")
		case errors.Is(err, conforms.ErrNotFound):
		case err != nil:
			return nil, err
		default:
			out = append(out, p)
		}
	}
	return out, nil
}

// DeleteConformancePack starts deleting one of the caller's packs, with its
// rules and remediations; the pack is DELETE_IN_PROGRESS until then.
func (s *Service) DeleteConformancePack(ctx context.Context, name string) error {
	c := caller(ctx)
	err := s.Store.Update(ctx, func(tx conforms.Tx) error {
		packs, err := namedPacks(tx, c, []string{name}, true)
		if err != nil {
			return err
		}
		p := packs[0]
		if p.CreatedBy != "" {
			return conforms.Errorf(conforms.CodeAccessDeniedException, msgServiceLinkedPack)
		}
		return stageDelete(tx, p, s.now())
	})
	if err == nil {
		s.wake()
	}
	return err
}

// stageDelete marks a pack for deletion.
func stageDelete(tx conforms.Tx, p *conforms.ConformancePack, now time.Time) error {
	if inProgress(p.State) {
		return conforms.Errorf(conforms.CodeResourceInUseException,
			"The conformance pack %s is being created or deleted; try again when it is done.", p.Name)
	}
	p.State, p.StatusReason, p.LastUpdateRequestedTime = conforms.PackDeleteInProgress, "", now
	return tx.PutConformancePack(p)
}
