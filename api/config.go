package api

import (
	"conforms/api/awsconfig"
	"conforms/control"
)

// configHandler implements the AWS Config API. Operations it does not
// override answer NotImplementedException.
type configHandler struct {
	awsconfig.Unimplemented
	c *control.Service
}

var _ awsconfig.Handler = (*configHandler)(nil)
