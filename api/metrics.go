package api

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the server's Prometheus metrics: requests and their latency by
// service and operation, and errors by code. A nil *Metrics records nothing.
type Metrics struct {
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	errors   *prometheus.CounterVec
}

// NewMetrics creates the metrics and registers them with reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "conforms_requests_total", Help: "AWS API requests served, by service and operation.",
		}, []string{"service", "operation"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "conforms_request_duration_seconds",
			Help:    "Time to serve an AWS API request, by service and operation.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"service", "operation"}),
		errors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "conforms_request_errors_total", Help: "AWS API requests answered with an error, by service, operation and error code.",
		}, []string{"service", "operation", "code"}),
	}
	reg.MustRegister(m.requests, m.latency, m.errors)
	return m
}

func (m *Metrics) observe(service, operation, code string, d time.Duration) {
	if m == nil {
		return
	}
	m.requests.WithLabelValues(service, operation).Inc()
	m.latency.WithLabelValues(service, operation).Observe(d.Seconds())
	if code != "" {
		m.errors.WithLabelValues(service, operation, code).Inc()
	}
}
