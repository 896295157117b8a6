package conforms

import "time"

// Recording strategies and frequencies, as AWS Config names them.
const (
	StrategyAllSupported = "ALL_SUPPORTED_RESOURCE_TYPES"
	StrategyInclusion    = "INCLUSION_BY_RESOURCE_TYPES"
	StrategyExclusion    = "EXCLUSION_BY_RESOURCE_TYPES"
	FrequencyContinuous  = "CONTINUOUS"
	FrequencyDaily       = "DAILY"
)

// Recorder is the configuration recorder of one account in one region; an
// account has at most one per region. Rules and conformance packs need it.
type Recorder struct {
	AccountID string
	Region    string
	Name      string
	ID        string // the last part of the recorder's ARN
	RoleARN   string
	Group     RecordingGroup
	Mode      RecordingMode

	Recording            bool
	LastStatus           string // Pending, Success, Failure or NotApplicable; "" before the first start
	LastStartTime        time.Time
	LastStopTime         time.Time
	LastStatusChangeTime time.Time
}

// Arn returns the recorder's ARN.
func (r *Recorder) Arn() string {
	return "arn:aws:config:" + r.Region + ":" + r.AccountID + ":configuration-recorder/" + r.Name + "/" + r.ID
}

// RecordingGroup says which resource types a recorder records.
type RecordingGroup struct {
	AllSupported               bool
	IncludeGlobalResourceTypes bool
	ResourceTypes              []string
	ExclusionResourceTypes     []string
	Strategy                   string // one of the Strategy constants
}

// RecordingMode says how often a recorder records, overall and per type.
type RecordingMode struct {
	Frequency string // FrequencyContinuous or FrequencyDaily
	Overrides []RecordingModeOverride
}

// RecordingModeOverride sets another frequency for some resource types.
type RecordingModeOverride struct {
	Description   string
	ResourceTypes []string
	Frequency     string
}

// DeliveryChannel is where an account's recorder delivers configuration
// snapshots and history; at most one per account and region.
type DeliveryChannel struct {
	AccountID         string
	Region            string
	Name              string
	S3BucketName      string
	S3KeyPrefix       string
	S3KmsKeyArn       string
	SNSTopicARN       string
	DeliveryFrequency string // of configuration snapshots; "" when unset
}
