package main

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"conforms"
	"conforms/api"
	"conforms/console"
	"conforms/control"
	"conforms/postgres"
	"conforms/sqlite"
)

// Config is the server's configuration. Each field has a flag and an
// environment variable; the flag wins.
type Config struct {
	Listen  string // CONFORMS_LISTEN, --listen
	DataDir string // CONFORMS_DATA, --data
	// Store is "" for the embedded SQLite database in DataDir, or the
	// postgres:// URL of a PostgreSQL database that replicas share.
	Store     string // CONFORMS_STORE, --store
	LogFormat string // CONFORMS_LOG_FORMAT, --log-format: text or json
	LogLevel  string // CONFORMS_LOG_LEVEL, --log-level: debug, info, warn, error
	Auth      string // CONFORMS_AUTH, --auth: sigv4 or account-id

	// Deployment of organization conformance packs.
	DeployWorkers int                  // CONFORMS_DEPLOY_WORKERS, --deploy-workers: 0 for 2, -1 for none
	Deploy        control.DeployConfig // CONFORMS_DEPLOY_*, --deploy-*
	// Quotas of conformance packs; zero for AWS's.
	Limits control.Limits // CONFORMS_QUOTA_*, --quota-*

	// The bootstrap identity, from the environment only.
	AccountID       string // CONFORMS_ACCOUNT_ID
	AccessKeyID     string // CONFORMS_ROOT_ACCESS_KEY_ID
	SecretAccessKey string // CONFORMS_ROOT_SECRET_ACCESS_KEY
}

// DefaultConfig returns the configuration with the environment applied.
func DefaultConfig() Config {
	return Config{
		Listen:        env("CONFORMS_LISTEN", "127.0.0.1:4599"),
		DataDir:       env("CONFORMS_DATA", "./conforms-data"),
		Store:         os.Getenv("CONFORMS_STORE"),
		LogFormat:     env("CONFORMS_LOG_FORMAT", "text"),
		LogLevel:      env("CONFORMS_LOG_LEVEL", "info"),
		Auth:          env("CONFORMS_AUTH", "sigv4"),
		DeployWorkers: envInt("CONFORMS_DEPLOY_WORKERS", 2),
		Deploy: control.DeployConfig{
			Batch:       envInt("CONFORMS_DEPLOY_BATCH", 0),
			Lease:       envDuration("CONFORMS_DEPLOY_LEASE", 0),
			RetryWindow: envDuration("CONFORMS_DEPLOY_RETRY_WINDOW", 0),
			MinBackoff:  envDuration("CONFORMS_DEPLOY_MIN_BACKOFF", 0),
			MaxBackoff:  envDuration("CONFORMS_DEPLOY_MAX_BACKOFF", 0),
		},
		Limits: control.Limits{
			OrgConformancePacks: envInt("CONFORMS_QUOTA_ORG_PACKS", 0),
			RulesPerPack:        envInt("CONFORMS_QUOTA_PACK_RULES", 0),
			InputParameters:     envInt("CONFORMS_QUOTA_PACK_PARAMETERS", 0),
			ExcludedAccounts:    envInt("CONFORMS_QUOTA_EXCLUDED_ACCOUNTS", 0),
		},
		AccountID:       os.Getenv("CONFORMS_ACCOUNT_ID"),
		AccessKeyID:     os.Getenv("CONFORMS_ROOT_ACCESS_KEY_ID"),
		SecretAccessKey: os.Getenv("CONFORMS_ROOT_SECRET_ACCESS_KEY"),
	}
}

// envInt and envDuration read a number or a duration; a malformed value is
// kept as malformed, a value below any that Validate accepts.
const malformed = math.MinInt32

func envInt(key string, def int) int {
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return malformed
	}
	return n
}

func envDuration(key string, def time.Duration) time.Duration {
	v := os.Getenv(key)
	if v == "" {
		return def
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return malformed
	}
	return d
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

// Main is the server process: configuration, store, and HTTP server. Tests
// run the real wiring through it.
type Main struct {
	Config Config
	// Logger receives the logs; when nil, Open builds one on os.Stderr from Config.
	Logger *slog.Logger
	// Now is the clock of the application layer (session expiry, timestamps);
	// the real clock when nil. Signatures are always checked against the real clock.
	Now func() time.Time

	store    conforms.Store
	listener net.Listener
	server   *http.Server
	ready    atomic.Bool
	rootKey  *conforms.AccessKey
	control  *control.Service
	wakers   []chan struct{} // signal the pack applier and the deployment workers
}

// NewMain returns a Main with the default configuration.
func NewMain() *Main { return &Main{Config: DefaultConfig()} }

// ParseFlags applies command-line flags over the configuration.
func (m *Main) ParseFlags(args []string) error {
	fs := flag.NewFlagSet("conforms serve", flag.ContinueOnError)
	c := &m.Config
	fs.StringVar(&c.Listen, "listen", c.Listen, "address to listen on (env CONFORMS_LISTEN)")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "directory of the embedded database and the credentials file (env CONFORMS_DATA)")
	fs.StringVar(&c.Store, "store", c.Store, "the store: empty for the embedded SQLite database in --data, or a postgres:// URL of a PostgreSQL database that several replicas may share (env CONFORMS_STORE)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json (env CONFORMS_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn or error (env CONFORMS_LOG_LEVEL)")
	fs.StringVar(&c.Auth, "auth", c.Auth, "authentication: sigv4, or account-id to accept any 12-digit access key id as that account's root with any secret (env CONFORMS_AUTH)")
	fs.IntVar(&c.DeployWorkers, "deploy-workers", c.DeployWorkers, "workers deploying organization conformance packs to accounts; 0 for 2, -1 for none: a replica that only serves requests (env CONFORMS_DEPLOY_WORKERS)")
	fs.IntVar(&c.Deploy.Batch, "deploy-batch", c.Deploy.Batch, "accounts a worker claims and applies in one transaction; 0 for 64 (env CONFORMS_DEPLOY_BATCH)")
	fs.DurationVar(&c.Deploy.Lease, "deploy-lease", c.Deploy.Lease, "how long a worker holds the accounts it claimed; 0 for 30s (env CONFORMS_DEPLOY_LEASE)")
	fs.DurationVar(&c.Deploy.RetryWindow, "deploy-retry-window", c.Deploy.RetryWindow, "how long a failing account is retried; 0 for 7h (env CONFORMS_DEPLOY_RETRY_WINDOW)")
	fs.DurationVar(&c.Deploy.MinBackoff, "deploy-min-backoff", c.Deploy.MinBackoff, "first wait before retrying a failed account; 0 for 10s (env CONFORMS_DEPLOY_MIN_BACKOFF)")
	fs.DurationVar(&c.Deploy.MaxBackoff, "deploy-max-backoff", c.Deploy.MaxBackoff, "longest wait between retries; 0 for 5m (env CONFORMS_DEPLOY_MAX_BACKOFF)")
	fs.IntVar(&c.Limits.OrgConformancePacks, "quota-org-packs", c.Limits.OrgConformancePacks, "organization conformance packs per organization and region; 0 for 50 (env CONFORMS_QUOTA_ORG_PACKS)")
	fs.IntVar(&c.Limits.RulesPerPack, "quota-pack-rules", c.Limits.RulesPerPack, "rules per conformance pack; 0 for 130 (env CONFORMS_QUOTA_PACK_RULES)")
	fs.IntVar(&c.Limits.InputParameters, "quota-pack-parameters", c.Limits.InputParameters, "input parameters per conformance pack, at most 60; 0 for 60 (env CONFORMS_QUOTA_PACK_PARAMETERS)")
	fs.IntVar(&c.Limits.ExcludedAccounts, "quota-excluded-accounts", c.Limits.ExcludedAccounts, "excluded accounts per organization conformance pack, at most 1000; 0 for 1000 (env CONFORMS_QUOTA_EXCLUDED_ACCOUNTS)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	return c.Validate()
}

// Validate checks the configuration.
func (c *Config) Validate() error {
	switch {
	case c.LogFormat != "text" && c.LogFormat != "json":
		return fmt.Errorf("--log-format must be text or json, not %q", c.LogFormat)
	case c.Auth != "sigv4" && c.Auth != "account-id":
		return fmt.Errorf("--auth must be sigv4 or account-id, not %q", c.Auth)
	case c.DataDir == "":
		return errors.New("--data must not be empty")
	case c.Store != "" && !isPostgresURL(c.Store):
		return errors.New("--store must be empty (the embedded SQLite database) or a postgres:// or postgresql:// URL")
	case c.DeployWorkers < -1 || c.Deploy.Batch < 0 || c.Deploy.Lease < 0 || c.Deploy.RetryWindow < 0 || c.Deploy.MinBackoff < 0 || c.Deploy.MaxBackoff < 0:
		return errors.New("--deploy-workers (-1 at least), --deploy-batch, --deploy-lease, --deploy-retry-window and --deploy-*-backoff must not be negative (or malformed in the environment)")
	case c.Limits.OrgConformancePacks < 0 || c.Limits.RulesPerPack < 0 || c.Limits.InputParameters < 0 || c.Limits.ExcludedAccounts < 0:
		return errors.New("the --quota-* values must not be negative (or malformed in the environment)")
	}
	_, err := parseLevel(c.LogLevel)
	return err
}

func parseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil {
		return 0, fmt.Errorf("--log-level: %w", err)
	}
	return l, nil
}

// Open opens the store, bootstraps the identity and starts listening; it
// does not serve yet. Addr is valid after Open.
func (m *Main) Open(ctx context.Context) error {
	if err := m.Config.Validate(); err != nil {
		return err
	}
	if m.Logger == nil {
		m.Logger = newLogger(m.Config)
	}
	log := m.Logger
	db, err := m.openStore(ctx)
	if err != nil {
		return fmt.Errorf("open store: %w", err)
	}
	m.store = db
	m.wakers = make([]chan struct{}, 1+max(0, cmp.Or(m.Config.DeployWorkers, 2)))
	for i := range m.wakers {
		m.wakers[i] = make(chan struct{}, 1)
	}
	svc := &control.Service{Store: db, Now: m.Now, Wake: m.wakeWorkers, Limits: m.Config.Limits, Deploy: m.Config.Deploy}
	m.control = svc
	key, created, err := svc.Bootstrap(ctx, control.BootstrapInput{
		AccountID: m.Config.AccountID, AccessKeyID: m.Config.AccessKeyID, SecretAccessKey: m.Config.SecretAccessKey,
	})
	if err != nil {
		return err
	}
	m.rootKey = key
	credPath, err := writeCredentials(m.Config.DataDir, key)
	if err != nil {
		return err
	}
	log.Info("bootstrap identity", "management_account", key.AccountID, "access_key_id", key.ID, "created", created,
		"credentials_file", credPath, "use", "AWS_SHARED_CREDENTIALS_FILE="+credPath+" AWS_PROFILE=conforms")
	auth := &control.Authenticator{Service: svc, AccountIDKeys: m.Config.Auth == "account-id"}
	if auth.AccountIDKeys {
		log.Warn("INSECURE: --auth=account-id is on: any 12-digit access key id is accepted as that account's root user with ANY secret; use it only for local tests")
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	srv := api.NewServer(api.Options{Control: svc, Authenticator: auth, Logger: log, Metrics: api.NewMetrics(reg)})
	web := console.New(console.Options{Control: svc, Authenticator: auth, Logger: log.With("component", "console"), Now: m.Now})

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", m.healthz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.Handle("/", srv)
	m.server = &http.Server{Handler: route(mux, srv, web), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute, IdleTimeout: 5 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	if m.listener, err = net.Listen("tcp", m.Config.Listen); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	return nil
}

// openStore opens the configured store: PostgreSQL for a postgres:// URL,
// the embedded SQLite database in the data directory otherwise.
func (m *Main) openStore(ctx context.Context) (conforms.Store, error) {
	if m.Config.Store != "" {
		m.Logger.Info("store", "kind", "postgres")
		return postgres.Open(ctx, m.Config.Store)
	}
	path := filepath.Join(m.Config.DataDir, "conforms.db")
	m.Logger.Info("store", "kind", "sqlite", "path", path)
	return sqlite.Open(path)
}

func isPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// route sends /healthz and /metrics to mux, /console and /console/... to
// the web console, and every other request to the API as it came: a
// ServeMux would redirect S3 keys such as "a//b" or "a/./b" to a cleaned
// path. An S3 bucket named "console" is thus out of reach over the API, as
// "healthz" and "metrics" are.
func route(mux *http.ServeMux, api, web http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/healthz" || r.URL.Path == "/metrics":
			mux.ServeHTTP(w, r)
		case r.URL.Path == console.Prefix || strings.HasPrefix(r.URL.Path, console.Prefix+"/"):
			web.ServeHTTP(w, r)
		default:
			api.ServeHTTP(w, r)
		}
	})
}

// Addr returns the address the server listens on.
func (m *Main) Addr() string { return m.listener.Addr().String() }

// RootKey returns the bootstrap root access key.
func (m *Main) RootKey() *conforms.AccessKey { return m.rootKey }

func (m *Main) healthz(w http.ResponseWriter, _ *http.Request) {
	if !m.ready.Load() {
		http.Error(w, "starting", http.StatusServiceUnavailable)
		return
	}
	_, _ = w.Write([]byte("ok\n"))
}

// Run opens the server if needed, serves until ctx is done, then shuts down
// gracefully and closes the store.
func (m *Main) Run(ctx context.Context) error {
	if m.server == nil {
		if err := m.Open(ctx); err != nil {
			m.Close()
			return err
		}
	}
	errc := make(chan error, 1)
	go func() { errc <- m.server.Serve(m.listener) }()
	ctx, stop := context.WithCancel(ctx)
	var workers sync.WaitGroup
	workers.Go(func() { m.loop(ctx, "apply conformance packs", m.wakers[0], m.control.ApplyPendingPacks) })
	workers.Go(func() { m.chores(ctx) })
	for i, wake := range m.wakers[1:] {
		worker := fmt.Sprintf("%s-%d-%s-%d", hostname(), os.Getpid(), randomHex(4), i)
		workers.Go(func() {
			m.loop(ctx, "deploy organization conformance packs "+worker, wake, func(ctx context.Context) (int, error) {
				return m.control.DeployOrgPacks(ctx, worker)
			})
		})
	}
	m.ready.Store(true)
	m.Logger.Info("conforms is ready", "version", Version, "listen", m.Addr(), "data", m.Config.DataDir)
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		m.Logger.Info("shutting down")
	}
	stop()
	workers.Wait() // the workers use the store: stop them before Close
	return errors.Join(err, m.Close())
}

// wakeWorkers tells the pack applier and the deployment workers there is
// work; it never blocks.
func (m *Main) wakeWorkers() {
	for _, w := range m.wakers {
		select {
		case w <- struct{}{}:
		default:
		}
	}
}

// loop runs a background step while it finds work, then waits to be woken,
// or a second, since work also falls due (retries) or comes from other
// processes (a restart, another replica), until ctx is done. Failures are
// logged and retried with capped backoff.
func (m *Main) loop(ctx context.Context, name string, wake <-chan struct{}, step func(context.Context) (int, error)) {
	const maxBackoff = 30 * time.Second
	backoff := time.Second
	for {
		n, err := step(ctx)
		wait := time.Second
		switch {
		case err != nil && ctx.Err() == nil:
			m.Logger.Error(name, "err", err, "retry_in", backoff)
			wait, backoff = backoff, min(2*backoff, maxBackoff)
		case n > 0:
			backoff = time.Second
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-wake:
		case <-time.After(wait):
		}
	}
}

// chores runs the periodic work until ctx is done: once a minute, the
// periodic rules that are due; once an hour, the sweep of expired STS
// sessions.
func (m *Main) chores(ctx context.Context) {
	var swept time.Time
	for {
		if n, err := m.control.EvaluatePeriodicRules(ctx); err != nil && ctx.Err() == nil {
			m.Logger.Error("evaluate periodic rules", "err", err)
		} else if n > 0 {
			m.Logger.Info("evaluated periodic rules", "count", n)
		}
		if time.Since(swept) > time.Hour {
			swept = time.Now()
			if n, err := m.control.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
				m.Logger.Error("delete expired sessions", "err", err)
			} else if n > 0 {
				m.Logger.Info("deleted expired sessions", "count", n)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Minute):
		}
	}
}

func hostname() string {
	h, err := os.Hostname()
	if err != nil {
		return "conforms"
	}
	return h
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Close stops the HTTP server, waiting up to 10 seconds for requests in
// flight, and closes the store.
func (m *Main) Close() error {
	m.ready.Store(false)
	var err error
	if m.server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = m.server.Shutdown(ctx)
	}
	if m.store != nil {
		err = errors.Join(err, m.store.Close())
		m.store = nil
	}
	return err
}

func newLogger(c Config) *slog.Logger {
	level, _ := parseLevel(c.LogLevel)
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(os.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(os.Stderr, opts))
}

// writeCredentials writes the root key to <dir>/credentials, mode 0600, as
// the profile "conforms" of an AWS shared-credentials file.
func writeCredentials(dir string, k *conforms.AccessKey) (string, error) {
	path, err := filepath.Abs(filepath.Join(dir, "credentials"))
	if err != nil {
		return "", err
	}
	body := fmt.Sprintf("# Written by conforms: the root access key of the management account %s.\n[conforms]\naws_access_key_id = %s\naws_secret_access_key = %s\n",
		k.AccountID, k.ID, k.Secret)
	if err := os.MkdirAll(dir, 0o700); err != nil { // the data directory holds only this file with PostgreSQL
		return "", fmt.Errorf("write credentials: %w", err)
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(body), 0o600); err != nil {
		return "", fmt.Errorf("write credentials: %w", err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return "", fmt.Errorf("write credentials: %w", err)
	}
	return path, os.Rename(tmp, path)
}
