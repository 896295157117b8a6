package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"conforms"
	"conforms/api"
	"conforms/control"
	"conforms/sqlite"
)

// Config is the server's configuration. Each field has a flag and an
// environment variable; the flag wins.
type Config struct {
	Listen    string // CONFORMS_LISTEN, --listen
	DataDir   string // CONFORMS_DATA, --data
	LogFormat string // CONFORMS_LOG_FORMAT, --log-format: text or json
	LogLevel  string // CONFORMS_LOG_LEVEL, --log-level: debug, info, warn, error
	Auth      string // CONFORMS_AUTH, --auth: sigv4 or account-id

	// The bootstrap identity, from the environment only.
	AccountID       string // CONFORMS_ACCOUNT_ID
	AccessKeyID     string // CONFORMS_ROOT_ACCESS_KEY_ID
	SecretAccessKey string // CONFORMS_ROOT_SECRET_ACCESS_KEY
}

// DefaultConfig returns the configuration with the environment applied.
func DefaultConfig() Config {
	return Config{
		Listen:          env("CONFORMS_LISTEN", "127.0.0.1:4599"),
		DataDir:         env("CONFORMS_DATA", "./conforms-data"),
		LogFormat:       env("CONFORMS_LOG_FORMAT", "text"),
		LogLevel:        env("CONFORMS_LOG_LEVEL", "info"),
		Auth:            env("CONFORMS_AUTH", "sigv4"),
		AccountID:       os.Getenv("CONFORMS_ACCOUNT_ID"),
		AccessKeyID:     os.Getenv("CONFORMS_ROOT_ACCESS_KEY_ID"),
		SecretAccessKey: os.Getenv("CONFORMS_ROOT_SECRET_ACCESS_KEY"),
	}
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
	wake     chan struct{} // signals the pack applier
}

// NewMain returns a Main with the default configuration.
func NewMain() *Main { return &Main{Config: DefaultConfig()} }

// ParseFlags applies command-line flags over the configuration.
func (m *Main) ParseFlags(args []string) error {
	fs := flag.NewFlagSet("conforms serve", flag.ContinueOnError)
	c := &m.Config
	fs.StringVar(&c.Listen, "listen", c.Listen, "address to listen on (env CONFORMS_LISTEN)")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "directory of the embedded database and the credentials file (env CONFORMS_DATA)")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "log format: text or json (env CONFORMS_LOG_FORMAT)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "log level: debug, info, warn or error (env CONFORMS_LOG_LEVEL)")
	fs.StringVar(&c.Auth, "auth", c.Auth, "authentication: sigv4, or account-id to accept any 12-digit access key id as that account's root with any secret (env CONFORMS_AUTH)")
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
	db, err := sqlite.Open(filepath.Join(m.Config.DataDir, "conforms.db"))
	if err != nil {
		return fmt.Errorf("open store: %w", err)
	}
	m.store = db
	m.wake = make(chan struct{}, 1)
	svc := &control.Service{Store: db, Now: m.Now, Wake: m.wakeApplier}
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

	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", m.healthz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.Handle("/", srv)
	m.server = &http.Server{Handler: route(mux, srv), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 5 * time.Minute, IdleTimeout: 5 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	if m.listener, err = net.Listen("tcp", m.Config.Listen); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	return nil
}

// route sends /healthz and /metrics to mux, and every other request to the
// API as it came: a ServeMux would redirect S3 keys such as "a//b" or "a/./b"
// to a cleaned path.
func route(mux *http.ServeMux, api http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" || r.URL.Path == "/metrics" {
			mux.ServeHTTP(w, r)
			return
		}
		api.ServeHTTP(w, r)
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
	applied := make(chan struct{})
	go func() { defer close(applied); m.applyPacks(ctx) }()
	m.ready.Store(true)
	m.Logger.Info("conforms is ready", "version", Version, "listen", m.Addr(), "data", m.Config.DataDir)
	var err error
	select {
	case err = <-errc:
	case <-ctx.Done():
		m.Logger.Info("shutting down")
	}
	stop()
	<-applied // the applier uses the store: stop it before Close
	return errors.Join(err, m.Close())
}

// wakeApplier tells the pack applier there is work; it never blocks.
func (m *Main) wakeApplier() {
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// applyPacks applies pending conformance packs whenever it is woken, and
// every second in case a wake-up was lost (another process, a restart), until
// ctx is done. Failures are logged and retried with capped backoff. Once an
// hour it also deletes expired STS sessions.
func (m *Main) applyPacks(ctx context.Context) {
	const maxBackoff = 30 * time.Second
	backoff := time.Second
	var swept time.Time
	for {
		if time.Since(swept) > time.Hour {
			swept = time.Now()
			if n, err := m.control.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
				m.Logger.Error("delete expired sessions", "err", err)
			} else if n > 0 {
				m.Logger.Info("deleted expired sessions", "count", n)
			}
		}
		n, err := m.control.ApplyPendingPacks(ctx)
		wait := time.Second
		switch {
		case err != nil && ctx.Err() == nil:
			m.Logger.Error("apply conformance packs", "err", err, "retry_in", backoff)
			wait, backoff = backoff, min(2*backoff, maxBackoff)
		case n > 0:
			backoff = time.Second
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-m.wake:
		case <-time.After(wait):
		}
	}
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
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(body), 0o600); err != nil {
		return "", fmt.Errorf("write credentials: %w", err)
	}
	if err := os.Chmod(tmp, 0o600); err != nil {
		return "", fmt.Errorf("write credentials: %w", err)
	}
	return path, os.Rename(tmp, path)
}
