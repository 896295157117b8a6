package control

import (
	"context"
	"errors"
	"strings"

	"conforms"
)

const defaultRecorderName = "default"

// recorderOf returns the caller's recorder in its region, or
// NoSuchConfigurationRecorderException naming name.
func recorderOf(tx conforms.Tx, c *conforms.Caller, name string) (*conforms.Recorder, error) {
	r, err := tx.Recorder(c.AccountID, c.Region)
	if errors.Is(err, conforms.ErrNotFound) || (err == nil && name != "" && r.Name != name) {
		return nil, conforms.Errorf(conforms.CodeNoSuchConfigurationRecorderException,
			"Cannot find configuration recorder with the specified name '%s'.", name)
	}
	return r, err
}

// PutConfigurationRecorder creates the caller's recorder in its region, or
// updates it (the name cannot change: an account has one recorder per region).
// Defaults: name "default", all supported types except global ones, continuous.
func (s *Service) PutConfigurationRecorder(ctx context.Context, in *conforms.Recorder) error {
	c := caller(ctx)
	base := *in
	base.AccountID, base.Region = c.AccountID, c.Region
	if base.Name == "" {
		base.Name = defaultRecorderName
	}
	if err := checkRecorder(&base); err != nil {
		return err
	}
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		r := base // afresh: the transaction may run again (PostgreSQL)
		old, err := tx.Recorder(c.AccountID, c.Region)
		switch {
		case errors.Is(err, conforms.ErrNotFound):
			r.ID = s.random(lowerAlnum, 16)
		case err != nil:
			return err
		case old.Name != r.Name:
			return conforms.Errorf(conforms.CodeMaxNumberOfConfigurationRecordersExceededException,
				"Failed to put configuration recorder '%s' because the maximum number of configuration recorders: 1 is reached.", r.Name)
		default: // an update keeps the recorder's identity and state
			r.ID, r.Recording, r.LastStatus = old.ID, old.Recording, old.LastStatus
			r.LastStartTime, r.LastStopTime, r.LastStatusChangeTime = old.LastStartTime, old.LastStopTime, old.LastStatusChangeTime
		}
		return tx.PutRecorder(&r)
	})
}

// checkRecorder applies the defaults of an absent recording group and mode
// and checks what the model cannot.
func checkRecorder(r *conforms.Recorder) error {
	if strings.HasPrefix(r.Name, "AWSConfigurationRecorderFor") {
		return conforms.Errorf(conforms.CodeInvalidConfigurationRecorderNameException,
			"The configuration recorder name prefix 'AWSConfigurationRecorderFor' is reserved for service-linked configuration recorders.")
	}
	if r.RoleARN == "" {
		return conforms.Errorf(conforms.CodeInvalidRoleException,
			"The roleARN of the configuration recorder must be the ARN of the IAM role that AWS Config assumes to record resources.")
	}
	if !strings.HasPrefix(r.RoleARN, "arn:aws:iam::") || !strings.Contains(r.RoleARN, ":role/") {
		return conforms.Errorf(conforms.CodeInvalidRoleException, "The roleARN '%s' is not the ARN of an IAM role.", r.RoleARN)
	}
	if r.Mode.Frequency == "" {
		r.Mode.Frequency = conforms.FrequencyContinuous
	}
	return checkRecordingGroup(&r.Group)
}

// checkRecordingGroup fills in the strategy from the other members, as AWS
// does, and refuses the combinations AWS refuses.
func checkRecordingGroup(g *conforms.RecordingGroup) error {
	invalid := func(why string) error {
		return conforms.Errorf(conforms.CodeInvalidRecordingGroupException, "The recording group provided is not valid: %s", why)
	}
	if g.Strategy == "" {
		switch {
		case len(g.ExclusionResourceTypes) > 0:
			g.Strategy = conforms.StrategyExclusion
		case len(g.ResourceTypes) > 0:
			g.Strategy = conforms.StrategyInclusion
		default:
			g.AllSupported, g.Strategy = true, conforms.StrategyAllSupported
		}
	}
	switch g.Strategy {
	case conforms.StrategyAllSupported:
		if !g.AllSupported || len(g.ResourceTypes) > 0 || len(g.ExclusionResourceTypes) > 0 {
			return invalid("with ALL_SUPPORTED_RESOURCE_TYPES, allSupported must be true and resourceTypes and exclusionByResourceTypes empty.")
		}
	case conforms.StrategyInclusion:
		if g.AllSupported || g.IncludeGlobalResourceTypes || len(g.ResourceTypes) == 0 || len(g.ExclusionResourceTypes) > 0 {
			return invalid("with INCLUSION_BY_RESOURCE_TYPES, allSupported and includeGlobalResourceTypes must be false, resourceTypes must not be empty and exclusionByResourceTypes must be empty.")
		}
	case conforms.StrategyExclusion:
		if g.AllSupported || g.IncludeGlobalResourceTypes || len(g.ResourceTypes) > 0 || len(g.ExclusionResourceTypes) == 0 {
			return invalid("with EXCLUSION_BY_RESOURCE_TYPES, allSupported and includeGlobalResourceTypes must be false, resourceTypes must be empty and exclusionByResourceTypes must not be empty.")
		}
	}
	return nil
}

// DescribeConfigurationRecorders returns the caller's recorder, if it has
// one and it matches the names (at most one name; none for any).
func (s *Service) DescribeConfigurationRecorders(ctx context.Context, names []string) ([]*conforms.Recorder, error) {
	if len(names) > 1 {
		return nil, conforms.Errorf(conforms.CodeValidationException, "You can specify only one configuration recorder name.")
	}
	var out []*conforms.Recorder
	err := s.Store.View(ctx, func(tx conforms.Tx) (err error) {
		c := caller(ctx)
		out, err = describeOne(names,
			func() (*conforms.Recorder, error) { return tx.Recorder(c.AccountID, c.Region) },
			func(name string) (*conforms.Recorder, error) { return recorderOf(tx, c, name) })
		return err
	})
	return out, err
}

// describeOne describes what an account has at most one of per region (a
// recorder, a delivery channel): with no names, the one it has, if any;
// else the one every name must match, all or nothing.
func describeOne[T any](names []string, get func() (*T, error), named func(string) (*T, error)) ([]*T, error) {
	if len(names) == 0 {
		v, err := get()
		if errors.Is(err, conforms.ErrNotFound) {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		return []*T{v}, nil
	}
	var v *T
	for _, n := range names {
		var err error
		if v, err = named(n); err != nil {
			return nil, err
		}
	}
	return []*T{v}, nil
}

// StartConfigurationRecorder starts recording; a delivery channel must
// exist. Deployments of organization conformance packs waiting for the
// account to record are retried at once.
func (s *Service) StartConfigurationRecorder(ctx context.Context, name string) error {
	defer s.wake()
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		r, err := recorderOf(tx, c, name)
		if err != nil {
			return err
		}
		if _, err := tx.DeliveryChannel(c.AccountID, c.Region); errors.Is(err, conforms.ErrNotFound) {
			return conforms.Errorf(conforms.CodeNoAvailableDeliveryChannelException,
				"Delivery channel is not available to start configuration recorder.")
		} else if err != nil {
			return err
		}
		if !r.Recording {
			now := s.now()
			r.Recording, r.LastStatus, r.LastStartTime, r.LastStatusChangeTime = true, "Success", now, now
		}
		if err := tx.PutRecorder(r); err != nil {
			return err
		}
		return s.recordingStarted(tx, c.AccountID, c.Region)
	})
}

// StopConfigurationRecorder stops recording.
func (s *Service) StopConfigurationRecorder(ctx context.Context, name string) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		r, err := recorderOf(tx, caller(ctx), name)
		if err != nil {
			return err
		}
		if r.Recording {
			now := s.now()
			r.Recording, r.LastStopTime, r.LastStatusChangeTime = false, now, now
		}
		return tx.PutRecorder(r)
	})
}

// DeleteConfigurationRecorder deletes the caller's recorder.
func (s *Service) DeleteConfigurationRecorder(ctx context.Context, name string) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		if _, err := recorderOf(tx, c, name); err != nil {
			return err
		}
		return tx.DeleteRecorder(c.AccountID, c.Region)
	})
}

// PutDeliveryChannel creates or updates the caller's delivery channel; the
// recorder must exist first.
func (s *Service) PutDeliveryChannel(ctx context.Context, in *conforms.DeliveryChannel) error {
	c := caller(ctx)
	ch := *in
	ch.AccountID, ch.Region = c.AccountID, c.Region
	if ch.Name == "" {
		ch.Name = defaultRecorderName
	}
	if ch.S3BucketName == "" {
		return conforms.Errorf(conforms.CodeNoSuchBucketException, "Cannot find a S3 bucket with an empty bucket name.")
	}
	if strings.Contains(ch.S3KeyPrefix, "AWSLogs") {
		return conforms.Errorf(conforms.CodeInvalidS3KeyPrefixException, "The s3 key prefix '%s' is not valid, it cannot contain 'AWSLogs'.", ch.S3KeyPrefix)
	}
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		if _, err := tx.Recorder(c.AccountID, c.Region); errors.Is(err, conforms.ErrNotFound) {
			return conforms.Errorf(conforms.CodeNoAvailableConfigurationRecorderException,
				"Configuration recorder is not available to put delivery channel.")
		} else if err != nil {
			return err
		}
		old, err := tx.DeliveryChannel(c.AccountID, c.Region)
		if err == nil && old.Name != ch.Name {
			return conforms.Errorf(conforms.CodeMaxNumberOfDeliveryChannelsExceededException,
				"Failed to put delivery channel '%s' because the maximum number of delivery channels: 1 is reached.", ch.Name)
		} else if err != nil && !errors.Is(err, conforms.ErrNotFound) {
			return err
		}
		return tx.PutDeliveryChannel(&ch)
	})
}

// deliveryChannelOf returns the caller's channel, or NoSuchDeliveryChannelException.
func deliveryChannelOf(tx conforms.Tx, c *conforms.Caller, name string) (*conforms.DeliveryChannel, error) {
	ch, err := tx.DeliveryChannel(c.AccountID, c.Region)
	if errors.Is(err, conforms.ErrNotFound) || (err == nil && name != "" && ch.Name != name) {
		return nil, conforms.Errorf(conforms.CodeNoSuchDeliveryChannelException, "Cannot find delivery channel with specified name '%s'.", name)
	}
	return ch, err
}

// DescribeDeliveryChannels returns the caller's channel, if it has one and it
// matches the names (none for any).
func (s *Service) DescribeDeliveryChannels(ctx context.Context, names []string) ([]*conforms.DeliveryChannel, error) {
	var out []*conforms.DeliveryChannel
	err := s.Store.View(ctx, func(tx conforms.Tx) (err error) {
		c := caller(ctx)
		out, err = describeOne(names,
			func() (*conforms.DeliveryChannel, error) { return tx.DeliveryChannel(c.AccountID, c.Region) },
			func(name string) (*conforms.DeliveryChannel, error) { return deliveryChannelOf(tx, c, name) })
		return err
	})
	return out, err
}

// DeleteDeliveryChannel deletes the caller's channel; not while it records.
func (s *Service) DeleteDeliveryChannel(ctx context.Context, name string) error {
	return s.Store.Update(ctx, func(tx conforms.Tx) error {
		c := caller(ctx)
		if _, err := deliveryChannelOf(tx, c, name); err != nil {
			return err
		}
		if r, err := tx.Recorder(c.AccountID, c.Region); err == nil && r.Recording {
			return conforms.Errorf(conforms.CodeLastDeliveryChannelDeleteFailedException,
				"Failed to delete last specified delivery channel with name '%s', because there is a running configuration recorder.", name)
		} else if err != nil && !errors.Is(err, conforms.ErrNotFound) {
			return err
		}
		return tx.DeleteDeliveryChannel(c.AccountID, c.Region)
	})
}
