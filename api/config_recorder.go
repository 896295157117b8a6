package api

import (
	"context"

	"conforms"
	"conforms/api/awsconfig"
	"conforms/api/shape"
)

func (h *configHandler) PutConfigurationRecorder(ctx context.Context, in *awsconfig.PutConfigurationRecorderRequest) (*shape.Empty, error) {
	return nil, h.c.PutConfigurationRecorder(ctx, recorderIn(in.ConfigurationRecorder))
}

func (h *configHandler) DescribeConfigurationRecorders(ctx context.Context, in *awsconfig.DescribeConfigurationRecordersRequest) (*awsconfig.DescribeConfigurationRecordersResponse, error) {
	rs, err := h.c.DescribeConfigurationRecorders(ctx, in.ConfigurationRecorderNames)
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeConfigurationRecordersResponse{ConfigurationRecorders: []awsconfig.ConfigurationRecorder{}}
	for _, r := range rs {
		out.ConfigurationRecorders = append(out.ConfigurationRecorders, recorderOut(r))
	}
	return out, nil
}

func (h *configHandler) DescribeConfigurationRecorderStatus(ctx context.Context, in *awsconfig.DescribeConfigurationRecorderStatusRequest) (*awsconfig.DescribeConfigurationRecorderStatusResponse, error) {
	rs, err := h.c.DescribeConfigurationRecorders(ctx, in.ConfigurationRecorderNames)
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeConfigurationRecorderStatusResponse{ConfigurationRecordersStatus: []awsconfig.ConfigurationRecorderStatus{}}
	for _, r := range rs {
		st := awsconfig.ConfigurationRecorderStatus{
			Arn: new(r.Arn()), Name: new(r.Name), Recording: new(r.Recording),
			LastStartTime: timestamp(r.LastStartTime), LastStopTime: timestamp(r.LastStopTime),
			LastStatusChangeTime: timestamp(r.LastStatusChangeTime),
		}
		if r.LastStatus != "" {
			st.LastStatus = new(awsconfig.RecorderStatus(r.LastStatus))
		}
		out.ConfigurationRecordersStatus = append(out.ConfigurationRecordersStatus, st)
	}
	return out, nil
}

func (h *configHandler) StartConfigurationRecorder(ctx context.Context, in *awsconfig.StartConfigurationRecorderRequest) (*shape.Empty, error) {
	return nil, h.c.StartConfigurationRecorder(ctx, deref(in.ConfigurationRecorderName))
}

func (h *configHandler) StopConfigurationRecorder(ctx context.Context, in *awsconfig.StopConfigurationRecorderRequest) (*shape.Empty, error) {
	return nil, h.c.StopConfigurationRecorder(ctx, deref(in.ConfigurationRecorderName))
}

func (h *configHandler) DeleteConfigurationRecorder(ctx context.Context, in *awsconfig.DeleteConfigurationRecorderRequest) (*shape.Empty, error) {
	return nil, h.c.DeleteConfigurationRecorder(ctx, deref(in.ConfigurationRecorderName))
}

func (h *configHandler) PutDeliveryChannel(ctx context.Context, in *awsconfig.PutDeliveryChannelRequest) (*shape.Empty, error) {
	d := in.DeliveryChannel
	ch := &conforms.DeliveryChannel{
		Name: deref(d.Name), S3BucketName: deref(d.S3BucketName), S3KeyPrefix: deref(d.S3KeyPrefix),
		S3KmsKeyArn: deref(d.S3KmsKeyArn), SNSTopicARN: deref(d.SnsTopicARN),
	}
	if p := d.ConfigSnapshotDeliveryProperties; p != nil {
		ch.DeliveryFrequency = string(deref(p.DeliveryFrequency))
	}
	return nil, h.c.PutDeliveryChannel(ctx, ch)
}

func (h *configHandler) DescribeDeliveryChannels(ctx context.Context, in *awsconfig.DescribeDeliveryChannelsRequest) (*awsconfig.DescribeDeliveryChannelsResponse, error) {
	chs, err := h.c.DescribeDeliveryChannels(ctx, in.DeliveryChannelNames)
	if err != nil {
		return nil, err
	}
	out := &awsconfig.DescribeDeliveryChannelsResponse{DeliveryChannels: []awsconfig.DeliveryChannel{}}
	for _, ch := range chs {
		d := awsconfig.DeliveryChannel{
			Name: new(ch.Name), S3BucketName: opt(ch.S3BucketName), S3KeyPrefix: opt(ch.S3KeyPrefix),
			S3KmsKeyArn: opt(ch.S3KmsKeyArn), SnsTopicARN: opt(ch.SNSTopicARN),
		}
		if ch.DeliveryFrequency != "" {
			d.ConfigSnapshotDeliveryProperties = &awsconfig.ConfigSnapshotDeliveryProperties{
				DeliveryFrequency: new(awsconfig.MaximumExecutionFrequency(ch.DeliveryFrequency)),
			}
		}
		out.DeliveryChannels = append(out.DeliveryChannels, d)
	}
	return out, nil
}

// DescribeDeliveryChannelStatus reports every delivery as not applicable:
// conforms does not deliver snapshots or history to S3 yet.
func (h *configHandler) DescribeDeliveryChannelStatus(ctx context.Context, in *awsconfig.DescribeDeliveryChannelStatusRequest) (*awsconfig.DescribeDeliveryChannelStatusResponse, error) {
	chs, err := h.c.DescribeDeliveryChannels(ctx, in.DeliveryChannelNames)
	if err != nil {
		return nil, err
	}
	na := awsconfig.DeliveryStatusNotApplicable
	out := &awsconfig.DescribeDeliveryChannelStatusResponse{DeliveryChannelsStatus: []awsconfig.DeliveryChannelStatus{}}
	for _, ch := range chs {
		out.DeliveryChannelsStatus = append(out.DeliveryChannelsStatus, awsconfig.DeliveryChannelStatus{
			Name:                       new(ch.Name),
			ConfigSnapshotDeliveryInfo: &awsconfig.ConfigExportDeliveryInfo{LastStatus: &na},
			ConfigHistoryDeliveryInfo:  &awsconfig.ConfigExportDeliveryInfo{LastStatus: &na},
			ConfigStreamDeliveryInfo:   &awsconfig.ConfigStreamDeliveryInfo{LastStatus: &na},
		})
	}
	return out, nil
}

func (h *configHandler) DeleteDeliveryChannel(ctx context.Context, in *awsconfig.DeleteDeliveryChannelRequest) (*shape.Empty, error) {
	return nil, h.c.DeleteDeliveryChannel(ctx, deref(in.DeliveryChannelName))
}

func recorderIn(in *awsconfig.ConfigurationRecorder) *conforms.Recorder {
	r := &conforms.Recorder{Name: deref(in.Name), RoleARN: deref(in.RoleARN)}
	if g := in.RecordingGroup; g != nil {
		r.Group = conforms.RecordingGroup{
			AllSupported: deref(g.AllSupported), IncludeGlobalResourceTypes: deref(g.IncludeGlobalResourceTypes),
			ResourceTypes: toStrings(g.ResourceTypes),
		}
		if g.ExclusionByResourceTypes != nil {
			r.Group.ExclusionResourceTypes = toStrings(g.ExclusionByResourceTypes.ResourceTypes)
		}
		if g.RecordingStrategy != nil {
			r.Group.Strategy = string(deref(g.RecordingStrategy.UseOnly))
		}
	}
	if m := in.RecordingMode; m != nil {
		r.Mode.Frequency = string(deref(m.RecordingFrequency))
		for _, o := range m.RecordingModeOverrides {
			r.Mode.Overrides = append(r.Mode.Overrides, conforms.RecordingModeOverride{
				Description: deref(o.Description), ResourceTypes: toStrings(o.ResourceTypes), Frequency: string(deref(o.RecordingFrequency)),
			})
		}
	}
	return r
}

func recorderOut(r *conforms.Recorder) awsconfig.ConfigurationRecorder {
	g := r.Group
	out := awsconfig.ConfigurationRecorder{
		Arn: new(r.Arn()), Name: new(r.Name), RoleARN: new(r.RoleARN),
		RecordingGroup: &awsconfig.RecordingGroup{
			AllSupported: new(g.AllSupported), IncludeGlobalResourceTypes: new(g.IncludeGlobalResourceTypes),
			ResourceTypes:            enums[awsconfig.ResourceType](g.ResourceTypes),
			ExclusionByResourceTypes: &awsconfig.ExclusionByResourceTypes{ResourceTypes: enums[awsconfig.ResourceType](g.ExclusionResourceTypes)},
			RecordingStrategy:        &awsconfig.RecordingStrategy{UseOnly: new(awsconfig.RecordingStrategyType(g.Strategy))},
		},
		RecordingMode:  &awsconfig.RecordingMode{RecordingFrequency: new(awsconfig.RecordingFrequency(r.Mode.Frequency))},
		RecordingScope: new(awsconfig.RecordingScopePaid),
	}
	for _, o := range r.Mode.Overrides {
		out.RecordingMode.RecordingModeOverrides = append(out.RecordingMode.RecordingModeOverrides, awsconfig.RecordingModeOverride{
			Description: opt(o.Description), ResourceTypes: enums[awsconfig.ResourceType](o.ResourceTypes),
			RecordingFrequency: new(awsconfig.RecordingFrequency(o.Frequency)),
		})
	}
	return out
}

// toStrings converts a list of enum values to plain strings.
func toStrings[E ~string](in []E) []string {
	if in == nil {
		return nil
	}
	out := make([]string, len(in))
	for i, v := range in {
		out[i] = string(v)
	}
	return out
}

// enums converts plain strings to a list of enum values; always non-nil, so
// that the member is sent as [] rather than left out (the generated types
// omit only nil slices).
func enums[E ~string](in []string) []E {
	out := make([]E, len(in))
	for i, v := range in {
		out[i] = E(v)
	}
	return out
}
