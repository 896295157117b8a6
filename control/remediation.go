package control

import (
	"context"
	"errors"
	"strconv"
	"time"

	"conforms"
)

const msgServiceLinkedRemediation = "An AWS service owns this RemediationConfiguration. You do not have permissions to take action on it."

// PutRemediationConfigurations creates or replaces the remediation
// configurations of the caller's rules, all or nothing.
func (s *Service) PutRemediationConfigurations(ctx context.Context, configs []*conforms.RemediationConfiguration) error {
	c := caller(ctx)
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		for _, in := range configs {
			rule, err := namedRule(tx, c, in.ConfigRuleName)
			if err != nil {
				return err
			}
			if rule.ServiceLinked() {
				return conforms.Errorf(conforms.CodeAccessDeniedException, msgServiceLinkedRule)
			}
			if err := s.putRemediation(tx, rule, in, ""); err != nil {
				return err
			}
		}
		return nil
	})
}

// putRemediation validates and stores the remediation of rule. createdBy is
// the service principal of a service-linked configuration, "" otherwise.
func (s *Service) putRemediation(tx conforms.Tx, rule *conforms.ConfigRule, in *conforms.RemediationConfiguration, createdBy string) error {
	rc := *in
	rc.AccountID, rc.Region, rc.CreatedByService = rule.AccountID, rule.Region, createdBy
	if problem := remediationProblem(&rc); problem != "" {
		return conforms.Errorf(conforms.CodeInvalidParameterValueException, "%s", problem)
	}
	old, err := tx.RemediationConfiguration(rule.AccountID, rule.Region, rule.Name)
	switch {
	case err == nil && old.CreatedByService != "" && createdBy == "":
		return conforms.Errorf(conforms.CodeAccessDeniedException, msgServiceLinkedRemediation)
	case err == nil:
		rc.Arn = old.Arn
	case errors.Is(err, conforms.ErrNotFound):
		path := "remediation-configuration/" + rule.Name + "/"
		if createdBy != "" {
			path = "remediation-configuration/aws-service-remediation-configuration/" + createdBy + "/" + rule.Name + "/"
		}
		rc.Arn = "arn:aws:config:" + rule.Region + ":" + rule.AccountID + ":" + path + s.uuid()
	default:
		return err
	}
	return tx.PutRemediationConfiguration(&rc)
}

// remediationProblem returns what is wrong with a remediation configuration
// beyond the model's constraints, or "".
func remediationProblem(rc *conforms.RemediationConfiguration) string {
	for name, p := range rc.Parameters {
		if (p.ResourceValue == "") == (p.StaticValues == nil) {
			return "The parameter " + name + " must have exactly one of ResourceValue and StaticValue."
		}
	}
	if rc.Automatic {
		if p, ok := rc.Parameters["AutomationAssumeRole"]; !ok || len(p.StaticValues) == 0 {
			return "Automatic remediation of rule " + rc.ConfigRuleName + " needs the AutomationAssumeRole parameter as a static value."
		}
	}
	return ""
}

// uuid returns a random version-4 UUID.
func (s *Service) uuid() string {
	const hex = "0123456789abcdef"
	u := []byte(s.random(hex, 32))
	u[12], u[16] = '4', "89ab"[u[16]%4]
	return string(u[:8]) + "-" + string(u[8:12]) + "-" + string(u[12:16]) + "-" + string(u[16:20]) + "-" + string(u[20:])
}

// namedRule returns one of the caller's rules, or NoSuchConfigRuleException.
func namedRule(tx conforms.Tx, c *conforms.Caller, name string) (*conforms.ConfigRule, error) {
	rules, err := namedRules(tx, c, []string{name})
	if err != nil {
		return nil, err
	}
	return rules[0], nil
}

// DescribeRemediationConfigurations returns the remediation configurations of
// the named rules; a rule without one is skipped, an unknown rule is an error.
func (s *Service) DescribeRemediationConfigurations(ctx context.Context, names []string) ([]*conforms.RemediationConfiguration, error) {
	var out []*conforms.RemediationConfiguration
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		rules, err := namedRules(tx, c, names)
		if err != nil {
			return err
		}
		for _, r := range rules {
			rc, err := tx.RemediationConfiguration(c.AccountID, c.Region, r.Name)
			if errors.Is(err, conforms.ErrNotFound) {
				continue
			} else if err != nil {
				return err
			}
			out = append(out, rc)
		}
		return nil
	})
	return out, err
}

// DeleteRemediationConfiguration deletes the remediation configuration of one
// of the caller's own rules.
func (s *Service) DeleteRemediationConfiguration(ctx context.Context, ruleName string) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		rc, err := tx.RemediationConfiguration(c.AccountID, c.Region, ruleName)
		if errors.Is(err, conforms.ErrNotFound) {
			return conforms.Errorf(conforms.CodeNoSuchRemediationConfigurationException,
				"No RemediationConfiguration for rule %s exists.", ruleName)
		} else if err != nil {
			return err
		}
		if rc.CreatedByService != "" {
			return conforms.Errorf(conforms.CodeAccessDeniedException, msgServiceLinkedRemediation)
		}
		return tx.DeleteRemediationConfiguration(c.AccountID, c.Region, ruleName)
	})
}

// ResourceKey names a resource by type and id.
type ResourceKey struct {
	ResourceType string
	ResourceID   string
}

// FailedKeys is the part of a batch that failed, with the reason.
type FailedKeys struct {
	Message string
	Keys    []ResourceKey
}

// PutRemediationExceptions exempts resources from the remediation of one of
// the caller's rules.
func (s *Service) PutRemediationExceptions(ctx context.Context, ruleName string, keys []ResourceKey, message string, expires time.Time) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		if _, err := namedRule(tx, c, ruleName); err != nil {
			return err
		}
		for _, k := range keys {
			err := tx.PutRemediationException(&conforms.RemediationException{AccountID: c.AccountID, Region: c.Region,
				ConfigRuleName: ruleName, ResourceType: k.ResourceType, ResourceID: k.ResourceID, Message: message, ExpirationTime: expires})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// DescribeRemediationExceptions returns a page of the exceptions of a rule,
// or those of the given resources.
func (s *Service) DescribeRemediationExceptions(ctx context.Context, ruleName string, keys []ResourceKey, limit int, token string) ([]*conforms.RemediationException, string, error) {
	if limit <= 0 || limit > 100 {
		limit = 100
	}
	var out []*conforms.RemediationException
	var next string
	err := s.Store.View(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		all, err := tx.ListRemediationExceptions(conforms.RemediationExceptionFilter{AccountID: c.AccountID, Region: c.Region, ConfigRuleName: ruleName})
		if err != nil {
			return err
		}
		all = withKeys(all, keys)
		after, ok := decodeToken("remediation-exceptions/"+ruleName, token)
		if !ok {
			return conforms.Errorf(conforms.CodeInvalidNextTokenException, "The nextToken provided is invalid")
		}
		key := func(e *conforms.RemediationException) string { return e.ResourceType + "\x00" + e.ResourceID }
		out, next = paged("remediation-exceptions/"+ruleName, afterKey(all, after, key), limit, key)
		return nil
	})
	return out, next, err
}

func withKeys(all []*conforms.RemediationException, keys []ResourceKey) []*conforms.RemediationException {
	if len(keys) == 0 {
		return all
	}
	want := map[ResourceKey]bool{}
	for _, k := range keys {
		want[k] = true
	}
	var out []*conforms.RemediationException
	for _, e := range all {
		if want[ResourceKey{e.ResourceType, e.ResourceID}] {
			out = append(out, e)
		}
	}
	return out
}

// DeleteRemediationExceptions deletes exceptions; the keys that had none are
// returned as a failed batch.
func (s *Service) DeleteRemediationExceptions(ctx context.Context, ruleName string, keys []ResourceKey) (*FailedKeys, error) {
	var failed *FailedKeys
	err := s.Store.Update(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		failed = nil // the transaction may run again (PostgreSQL)
		var missing []ResourceKey
		for _, k := range keys {
			err := tx.DeleteRemediationException(c.AccountID, c.Region, ruleName, k.ResourceType, k.ResourceID)
			if errors.Is(err, conforms.ErrNotFound) {
				missing = append(missing, k)
			} else if err != nil {
				return err
			}
		}
		if len(missing) == len(keys) {
			return conforms.Errorf(conforms.CodeNoSuchRemediationExceptionException,
				"No remediation exception exists for the %d resource(s) of rule %s.", len(keys), ruleName)
		}
		if len(missing) > 0 {
			failed = &FailedKeys{Message: strconv.Itoa(len(missing)) + " of the resources have no remediation exception.", Keys: missing}
		}
		return nil
	})
	return failed, err
}
