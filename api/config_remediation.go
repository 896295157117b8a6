package api

import (
	"context"
	"time"

	"conforms"
	"conforms/api/awsconfig"
	"conforms/control"
)

func (h *configHandler) PutRemediationConfigurations(ctx context.Context, in *awsconfig.PutRemediationConfigurationsRequest) (*awsconfig.PutRemediationConfigurationsResponse, error) {
	configs := make([]*conforms.RemediationConfiguration, len(in.RemediationConfigurations))
	for i := range in.RemediationConfigurations {
		configs[i] = remediationIn(&in.RemediationConfigurations[i])
	}
	if err := h.c.PutRemediationConfigurations(ctx, configs); err != nil {
		return nil, err
	}
	return &awsconfig.PutRemediationConfigurationsResponse{FailedBatches: []awsconfig.FailedRemediationBatch{}}, nil
}

func (h *configHandler) DescribeRemediationConfigurations(ctx context.Context, in *awsconfig.DescribeRemediationConfigurationsRequest) (*awsconfig.DescribeRemediationConfigurationsResponse, error) {
	configs, err := h.c.DescribeRemediationConfigurations(ctx, in.ConfigRuleNames)
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeRemediationConfigurationsResponse{RemediationConfigurations: []awsconfig.RemediationConfiguration{}}
	for _, rc := range configs {
		out.RemediationConfigurations = append(out.RemediationConfigurations, remediationOut(rc))
	}
	return out, nil
}

func (h *configHandler) DeleteRemediationConfiguration(ctx context.Context, in *awsconfig.DeleteRemediationConfigurationRequest) (*awsconfig.DeleteRemediationConfigurationResponse, error) {
	return nil, h.c.DeleteRemediationConfiguration(ctx, deref(in.ConfigRuleName))
}

func (h *configHandler) PutRemediationExceptions(ctx context.Context, in *awsconfig.PutRemediationExceptionsRequest) (*awsconfig.PutRemediationExceptionsResponse, error) {
	var expires time.Time
	if in.ExpirationTime != nil {
		expires = in.ExpirationTime.Time
	}
	err := h.c.PutRemediationExceptions(ctx, deref(in.ConfigRuleName), resourceKeysIn(in.ResourceKeys), deref(in.Message), expires)
	if err != nil {
		return nil, err
	}
	return &awsconfig.PutRemediationExceptionsResponse{FailedBatches: []awsconfig.FailedRemediationExceptionBatch{}}, nil
}

func (h *configHandler) DescribeRemediationExceptions(ctx context.Context, in *awsconfig.DescribeRemediationExceptionsRequest) (*awsconfig.DescribeRemediationExceptionsResponse, error) {
	rows, next, err := h.c.DescribeRemediationExceptions(ctx, deref(in.ConfigRuleName), resourceKeysIn(in.ResourceKeys),
		int(deref(in.Limit)), deref(in.NextToken))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeRemediationExceptionsResponse{NextToken: opt(next), RemediationExceptions: []awsconfig.RemediationException{}}
	for _, e := range rows {
		out.RemediationExceptions = append(out.RemediationExceptions, awsconfig.RemediationException{
			ConfigRuleName: new(e.ConfigRuleName), ResourceType: new(e.ResourceType), ResourceId: new(e.ResourceID),
			Message: opt(e.Message), ExpirationTime: timestamp(e.ExpirationTime),
		})
	}
	return out, nil
}

func (h *configHandler) DeleteRemediationExceptions(ctx context.Context, in *awsconfig.DeleteRemediationExceptionsRequest) (*awsconfig.DeleteRemediationExceptionsResponse, error) {
	failed, err := h.c.DeleteRemediationExceptions(ctx, deref(in.ConfigRuleName), resourceKeysIn(in.ResourceKeys))
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DeleteRemediationExceptionsResponse{FailedBatches: []awsconfig.FailedDeleteRemediationExceptionsBatch{}}
	if failed != nil {
		batch := awsconfig.FailedDeleteRemediationExceptionsBatch{FailureMessage: new(failed.Message)}
		for _, k := range failed.Keys {
			batch.FailedItems = append(batch.FailedItems, awsconfig.RemediationExceptionResourceKey{ResourceType: new(k.ResourceType), ResourceId: new(k.ResourceID)})
		}
		out.FailedBatches = append(out.FailedBatches, batch)
	}
	return out, nil
}

func resourceKeysIn(in []awsconfig.RemediationExceptionResourceKey) []control.ResourceKey {
	out := make([]control.ResourceKey, len(in))
	for i, k := range in {
		out[i] = control.ResourceKey{ResourceType: deref(k.ResourceType), ResourceID: deref(k.ResourceId)}
	}
	return out
}

func remediationIn(in *awsconfig.RemediationConfiguration) *conforms.RemediationConfiguration {
	rc := &conforms.RemediationConfiguration{
		ConfigRuleName: deref(in.ConfigRuleName), TargetType: string(deref(in.TargetType)), TargetID: deref(in.TargetId),
		TargetVersion: deref(in.TargetVersion), ResourceType: deref(in.ResourceType), Automatic: deref(in.Automatic),
		MaximumAutomaticAttempts: int(deref(in.MaximumAutomaticAttempts)), RetryAttemptSeconds: deref(in.RetryAttemptSeconds),
		Parameters: map[string]conforms.RemediationParameter{},
	}
	if ec := in.ExecutionControls; ec != nil && ec.SsmControls != nil {
		rc.ConcurrentExecutionRatePercentage = int(deref(ec.SsmControls.ConcurrentExecutionRatePercentage))
		rc.ErrorPercentage = int(deref(ec.SsmControls.ErrorPercentage))
	}
	for name, v := range in.Parameters {
		var p conforms.RemediationParameter
		if v.ResourceValue != nil {
			p.ResourceValue = string(deref(v.ResourceValue.Value))
		}
		if v.StaticValue != nil {
			p.StaticValues = append([]string{}, v.StaticValue.Values...)
		}
		rc.Parameters[name] = p
	}
	return rc
}

func remediationOut(rc *conforms.RemediationConfiguration) awsconfig.RemediationConfiguration {
	out := awsconfig.RemediationConfiguration{
		ConfigRuleName: new(rc.ConfigRuleName), TargetType: new(awsconfig.RemediationTargetType(rc.TargetType)),
		TargetId: new(rc.TargetID), TargetVersion: opt(rc.TargetVersion), ResourceType: opt(rc.ResourceType),
		Automatic: new(rc.Automatic), Arn: new(rc.Arn), CreatedByService: opt(rc.CreatedByService),
		Parameters: map[string]awsconfig.RemediationParameterValue{},
	}
	if rc.MaximumAutomaticAttempts > 0 {
		out.MaximumAutomaticAttempts = new(int32(rc.MaximumAutomaticAttempts))
	}
	if rc.RetryAttemptSeconds > 0 {
		out.RetryAttemptSeconds = new(rc.RetryAttemptSeconds)
	}
	if rc.ConcurrentExecutionRatePercentage > 0 || rc.ErrorPercentage > 0 {
		ssm := &awsconfig.SsmControls{}
		if rc.ConcurrentExecutionRatePercentage > 0 {
			ssm.ConcurrentExecutionRatePercentage = new(int32(rc.ConcurrentExecutionRatePercentage))
		}
		if rc.ErrorPercentage > 0 {
			ssm.ErrorPercentage = new(int32(rc.ErrorPercentage))
		}
		out.ExecutionControls = &awsconfig.ExecutionControls{SsmControls: ssm}
	}
	for name, p := range rc.Parameters {
		var v awsconfig.RemediationParameterValue
		if p.ResourceValue != "" {
			v.ResourceValue = &awsconfig.ResourceValue{Value: new(awsconfig.ResourceValueType(p.ResourceValue))}
		} else {
			v.StaticValue = &awsconfig.StaticValue{Values: append([]string{}, p.StaticValues...)}
		}
		out.Parameters[name] = v
	}
	return out
}
