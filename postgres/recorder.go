package postgres

import (
	"fmt"

	"conforms"
)

const recorderColumns = `account_id, region, name, id, role_arn, recording_group, recording_mode, recording,
	last_status, last_start_time, last_stop_time, last_status_change_time`

// Recorder returns the configuration recorder of an account in a region.
func (tx *Tx) Recorder(accountID, region string) (*conforms.Recorder, error) {
	const q = `SELECT ` + recorderColumns + ` FROM recorders WHERE account_id = $1 AND region = $2`
	var r conforms.Recorder
	err := tx.queryRow(q, accountID, region).Scan(&r.AccountID, &r.Region, &r.Name, &r.ID, &r.RoleARN,
		&r.Group, &r.Mode, &r.Recording, (*nullString)(&r.LastStatus),
		(*timestampCol)(&r.LastStartTime), (*timestampCol)(&r.LastStopTime), (*timestampCol)(&r.LastStatusChangeTime))
	if err != nil {
		return nil, fmt.Errorf("get recorder account=%s region=%s: %w", accountID, region, formatError(err))
	}
	return &r, nil
}

// PutRecorder stores r, replacing the account's recorder in the region.
func (tx *Tx) PutRecorder(r *conforms.Recorder) error {
	const q = `INSERT INTO recorders (` + recorderColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (account_id, region) DO UPDATE SET
			name = excluded.name, id = excluded.id, role_arn = excluded.role_arn,
			recording_group = excluded.recording_group, recording_mode = excluded.recording_mode,
			recording = excluded.recording, last_status = excluded.last_status,
			last_start_time = excluded.last_start_time, last_stop_time = excluded.last_stop_time,
			last_status_change_time = excluded.last_status_change_time`
	_, err := tx.exec(q, r.AccountID, r.Region, r.Name, r.ID, r.RoleARN,
		&r.Group, &r.Mode, r.Recording, text(r.LastStatus),
		timestamp(r.LastStartTime), timestamp(r.LastStopTime), timestamp(r.LastStatusChangeTime))
	if err != nil {
		return fmt.Errorf("put recorder account=%s region=%s: %w", r.AccountID, r.Region, formatError(err))
	}
	return nil
}

// DeleteRecorder deletes the recorder of an account in a region.
func (tx *Tx) DeleteRecorder(accountID, region string) error {
	if err := tx.deleteRows(`DELETE FROM recorders WHERE account_id = $1 AND region = $2`, accountID, region); err != nil {
		return fmt.Errorf("delete recorder account=%s region=%s: %w", accountID, region, formatError(err))
	}
	return nil
}

const deliveryChannelColumns = `account_id, region, name, s3_bucket_name, s3_key_prefix, s3_kms_key_arn, sns_topic_arn, delivery_frequency`

// DeliveryChannel returns the delivery channel of an account in a region.
func (tx *Tx) DeliveryChannel(accountID, region string) (*conforms.DeliveryChannel, error) {
	const q = `SELECT ` + deliveryChannelColumns + ` FROM delivery_channels WHERE account_id = $1 AND region = $2`
	var c conforms.DeliveryChannel
	err := tx.queryRow(q, accountID, region).Scan(&c.AccountID, &c.Region, &c.Name,
		(*nullString)(&c.S3BucketName), (*nullString)(&c.S3KeyPrefix), (*nullString)(&c.S3KmsKeyArn),
		(*nullString)(&c.SNSTopicARN), (*nullString)(&c.DeliveryFrequency))
	if err != nil {
		return nil, fmt.Errorf("get delivery channel account=%s region=%s: %w", accountID, region, formatError(err))
	}
	return &c, nil
}

// PutDeliveryChannel stores c, replacing the account's channel in the region.
func (tx *Tx) PutDeliveryChannel(c *conforms.DeliveryChannel) error {
	const q = `INSERT INTO delivery_channels (` + deliveryChannelColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		ON CONFLICT (account_id, region) DO UPDATE SET
			name = excluded.name, s3_bucket_name = excluded.s3_bucket_name, s3_key_prefix = excluded.s3_key_prefix,
			s3_kms_key_arn = excluded.s3_kms_key_arn, sns_topic_arn = excluded.sns_topic_arn,
			delivery_frequency = excluded.delivery_frequency`
	_, err := tx.exec(q, c.AccountID, c.Region, c.Name, text(c.S3BucketName),
		text(c.S3KeyPrefix), text(c.S3KmsKeyArn), text(c.SNSTopicARN), text(c.DeliveryFrequency))
	if err != nil {
		return fmt.Errorf("put delivery channel account=%s region=%s: %w", c.AccountID, c.Region, formatError(err))
	}
	return nil
}

// DeleteDeliveryChannel deletes the delivery channel of an account in a region.
func (tx *Tx) DeleteDeliveryChannel(accountID, region string) error {
	if err := tx.deleteRows(`DELETE FROM delivery_channels WHERE account_id = $1 AND region = $2`, accountID, region); err != nil {
		return fmt.Errorf("delete delivery channel account=%s region=%s: %w", accountID, region, formatError(err))
	}
	return nil
}
