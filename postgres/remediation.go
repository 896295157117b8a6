package postgres

import (
	"fmt"

	"conforms"
)

const remediationColumns = `account_id, region, config_rule_name, target_type, target_id, target_version, parameters,
	resource_type, automatic, concurrent_execution_rate_percentage, error_percentage, maximum_automatic_attempts,
	retry_attempt_seconds, arn, created_by_service`

// RemediationConfiguration returns the remediation configuration of a rule.
func (tx *Tx) RemediationConfiguration(accountID, region, ruleName string) (*conforms.RemediationConfiguration, error) {
	const q = `SELECT ` + remediationColumns + ` FROM remediation_configurations
		WHERE account_id = $1 AND region = $2 AND config_rule_name = $3`
	var c conforms.RemediationConfiguration
	err := tx.queryRow(q, accountID, region, ruleName).Scan(&c.AccountID, &c.Region, &c.ConfigRuleName,
		&c.TargetType, &c.TargetID, (*nullString)(&c.TargetVersion), &c.Parameters, (*nullString)(&c.ResourceType),
		&c.Automatic, &c.ConcurrentExecutionRatePercentage, &c.ErrorPercentage, &c.MaximumAutomaticAttempts,
		&c.RetryAttemptSeconds, &c.Arn, (*nullString)(&c.CreatedByService))
	if err != nil {
		return nil, fmt.Errorf("get remediation configuration account=%s region=%s rule=%s: %w", accountID, region, ruleName, formatError(err))
	}
	return &c, nil
}

// PutRemediationConfiguration stores c, replacing the rule's configuration.
func (tx *Tx) PutRemediationConfiguration(c *conforms.RemediationConfiguration) error {
	const q = `INSERT INTO remediation_configurations (` + remediationColumns + `)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (account_id, region, config_rule_name) DO UPDATE SET
			target_type = excluded.target_type, target_id = excluded.target_id, target_version = excluded.target_version,
			parameters = excluded.parameters, resource_type = excluded.resource_type, automatic = excluded.automatic,
			concurrent_execution_rate_percentage = excluded.concurrent_execution_rate_percentage,
			error_percentage = excluded.error_percentage, maximum_automatic_attempts = excluded.maximum_automatic_attempts,
			retry_attempt_seconds = excluded.retry_attempt_seconds, arn = excluded.arn,
			created_by_service = excluded.created_by_service`
	params := c.Parameters
	if params == nil {
		params = map[string]conforms.RemediationParameter{}
	}
	_, err := tx.exec(q, c.AccountID, c.Region, c.ConfigRuleName, c.TargetType, c.TargetID,
		text(c.TargetVersion), params, text(c.ResourceType), c.Automatic,
		c.ConcurrentExecutionRatePercentage, c.ErrorPercentage, c.MaximumAutomaticAttempts, c.RetryAttemptSeconds,
		c.Arn, text(c.CreatedByService))
	if err != nil {
		return fmt.Errorf("put remediation configuration account=%s region=%s rule=%s: %w", c.AccountID, c.Region, c.ConfigRuleName, formatError(err))
	}
	return nil
}

// DeleteRemediationConfiguration deletes the remediation configuration of a rule.
func (tx *Tx) DeleteRemediationConfiguration(accountID, region, ruleName string) error {
	err := tx.deleteRows(`DELETE FROM remediation_configurations WHERE account_id = $1 AND region = $2 AND config_rule_name = $3`,
		accountID, region, ruleName)
	if err != nil {
		return fmt.Errorf("delete remediation configuration account=%s region=%s rule=%s: %w", accountID, region, ruleName, formatError(err))
	}
	return nil
}

const remediationExceptionColumns = `account_id, region, config_rule_name, resource_type, resource_id, message, expiration_time`

func scanRemediationException(s scanner) (*conforms.RemediationException, error) {
	var e conforms.RemediationException
	err := s.Scan(&e.AccountID, &e.Region, &e.ConfigRuleName, &e.ResourceType, &e.ResourceID,
		(*nullString)(&e.Message), (*timestampCol)(&e.ExpirationTime))
	if err != nil {
		return nil, err
	}
	return &e, nil
}

// PutRemediationException stores e, replacing the exception for the same resource.
func (tx *Tx) PutRemediationException(e *conforms.RemediationException) error {
	const q = `INSERT INTO remediation_exceptions (` + remediationExceptionColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (account_id, region, config_rule_name, resource_type, resource_id) DO UPDATE SET
			message = excluded.message, expiration_time = excluded.expiration_time`
	_, err := tx.exec(q, e.AccountID, e.Region, e.ConfigRuleName, e.ResourceType, e.ResourceID,
		text(e.Message), timestamp(e.ExpirationTime))
	if err != nil {
		return fmt.Errorf("put remediation exception rule=%s resource=%s/%s: %w", e.ConfigRuleName, e.ResourceType, e.ResourceID, formatError(err))
	}
	return nil
}

// DeleteRemediationException deletes the exception of one resource.
func (tx *Tx) DeleteRemediationException(accountID, region, ruleName, resourceType, resourceID string) error {
	err := tx.deleteRows(`DELETE FROM remediation_exceptions WHERE account_id = $1 AND region = $2 AND config_rule_name = $3
		AND resource_type = $4 AND resource_id = $5`, accountID, region, ruleName, resourceType, resourceID)
	if err != nil {
		return fmt.Errorf("delete remediation exception rule=%s resource=%s/%s: %w", ruleName, resourceType, resourceID, formatError(err))
	}
	return nil
}

// ListRemediationExceptions returns the exceptions of a rule, ordered by
// resource type, then resource id.
func (tx *Tx) ListRemediationExceptions(f conforms.RemediationExceptionFilter) ([]*conforms.RemediationException, error) {
	const q = `SELECT ` + remediationExceptionColumns + ` FROM remediation_exceptions
		WHERE account_id = $1 AND region = $2 AND config_rule_name = $3 ORDER BY resource_type, resource_id`
	out, err := list(tx, scanRemediationException, q, f.AccountID, f.Region, f.ConfigRuleName)
	if err != nil {
		return nil, fmt.Errorf("list remediation exceptions rule=%s: %w", f.ConfigRuleName, formatError(err))
	}
	return out, nil
}
