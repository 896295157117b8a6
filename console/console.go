// Package console is conforms' web console, served under /console: the
// organization, its conformance packs with their deployment progress, and
// compliance as a heat map of accounts × packs, drilling down to a pack's
// rules, a rule's resources and a resource's configuration item.
//
// Pages are rendered on the server with html/template; the templates, the
// stylesheet and a few lines of JavaScript (which refresh a page while a
// deployment is in progress) are embedded in the binary. Users sign in with
// an access key id and secret, checked as any credential of the server;
// the console then keeps an HMAC-signed, HttpOnly, SameSite=Strict session
// cookie. Every read goes through package control with the signed-in
// caller in the context, so the console shows what the API would: a member
// account sees only its own account, the management account and the
// delegated administrators for config.amazonaws.com see the organization,
// and those for config-multiaccountsetup.amazonaws.com its packs.
package console

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"conforms"
	"conforms/control"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Prefix is the path under which the console is served.
const Prefix = "/console"

// Options configure a [Handler].
type Options struct {
	Control       *control.Service
	Authenticator *control.Authenticator
	Logger        *slog.Logger // slog.Default when nil
	// Now is the clock of sessions; the real clock when nil.
	Now func() time.Time
	// SessionKey signs the session cookies. When nil, the key stored in the
	// store ([control.Service.ConsoleSessionKey]) is used, so that every
	// replica accepts every session.
	SessionKey []byte
}

// Handler serves the console. Create it with [New]; it is safe for
// concurrent use.
type Handler struct {
	control *control.Service
	auth    *control.Authenticator
	logger  *slog.Logger
	now     func() time.Time
	mux     *http.ServeMux
	pages   map[string]*template.Template
	static  http.Handler

	keyMu sync.Mutex
	key   []byte
}

// New returns the console for the options.
func New(o Options) *Handler {
	h := &Handler{control: o.Control, auth: o.Authenticator, logger: o.Logger, now: o.Now, key: o.SessionKey, mux: http.NewServeMux()}
	if h.logger == nil {
		h.logger = slog.Default()
	}
	if h.now == nil {
		h.now = time.Now
	}
	h.pages = parsePages()
	sub, _ := fs.Sub(staticFS, "static")
	h.static = http.StripPrefix(Prefix+"/static/", http.FileServerFS(sub))
	h.routes()
	return h
}

func (h *Handler) routes() {
	h.mux.HandleFunc("GET /console", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, Prefix+"/", http.StatusFound)
	})
	h.mux.HandleFunc("GET /console/static/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.static.ServeHTTP(w, r)
	})
	h.mux.HandleFunc("GET /console/signin", h.signInForm)
	h.mux.HandleFunc("POST /console/signin", h.signIn)
	h.mux.HandleFunc("POST /console/signout", h.signedIn(h.signOut))
	h.mux.HandleFunc("POST /console/region", h.signedIn(h.setRegion))
	h.mux.HandleFunc("GET /console/{$}", h.signedIn(h.home))
	h.mux.HandleFunc("GET /console/organization", h.signedIn(h.organization))
	h.mux.HandleFunc("GET /console/packs", h.signedIn(h.packs))
	h.mux.HandleFunc("GET /console/packs/{name}", h.signedIn(h.pack))
	h.mux.HandleFunc("GET /console/compliance", h.signedIn(h.compliance))
	h.mux.HandleFunc("GET /console/accounts/{id}", h.signedIn(h.account))
	h.mux.HandleFunc("GET /console/accounts/{id}/packs/{pack}", h.signedIn(h.packRules))
	h.mux.HandleFunc("GET /console/accounts/{id}/rules/{rule}", h.signedIn(h.ruleResults))
	h.mux.HandleFunc("GET /console/accounts/{id}/resource", h.signedIn(h.resource))
	h.mux.HandleFunc("/console/", func(w http.ResponseWriter, r *http.Request) {
		h.fail(w, r, nil, http.StatusNotFound, "There is no such page in the console.")
	})
}

// ServeHTTP serves one console request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			h.logger.Error("console panic", "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
			http.Error(w, "The console failed to render this page; the server log has the details.", http.StatusInternalServerError)
		}
	}()
	w.Header().Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "same-origin")
	h.mux.ServeHTTP(w, r)
}

// sessionKey returns the key that signs cookies, loading it once.
func (h *Handler) sessionKey(ctx context.Context) ([]byte, error) {
	h.keyMu.Lock()
	defer h.keyMu.Unlock()
	if h.key != nil {
		return h.key, nil
	}
	key, err := h.control.ConsoleSessionKey(ctx)
	if err != nil {
		return nil, err
	}
	h.key = key
	return key, nil
}

// request is one signed-in request in flight.
type request struct {
	start   time.Time
	session *session
	key     []byte
	view    *control.ConsoleView
}

type ctxKey struct{}

func requestFrom(r *http.Request) *request { return r.Context().Value(ctxKey{}).(*request) }

// signedIn wraps a page that needs a session: without a valid one the
// browser is sent to the sign-in form, and with one, the request's context
// carries the caller, as the API layer's does.
func (h *Handler) signedIn(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, 16<<10) // the console's forms are small
		rq := &request{start: time.Now()}
		key, err := h.sessionKey(r.Context())
		if err != nil {
			h.fail(w, r, nil, http.StatusInternalServerError, "", err)
			return
		}
		rq.key = key
		c, err := r.Cookie(cookieName)
		if err == nil {
			rq.session, err = decodeSession(key, c.Value, h.now())
		}
		if err != nil {
			if r.Method != http.MethodGet {
				h.fail(w, r, nil, http.StatusForbidden, "Your session has ended; sign in again.")
				return
			}
			http.Redirect(w, r, Prefix+"/signin?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		ctx := conforms.WithCaller(r.Context(), rq.session.caller())
		ctx = context.WithValue(ctx, ctxKey{}, rq)
		r = r.WithContext(ctx)
		if rq.view, err = h.control.ConsoleWhoAmI(ctx); err != nil {
			h.fail(w, r, nil, http.StatusInternalServerError, "", err)
			return
		}
		if r.Method == http.MethodPost && (!sameOrigin(r) || !rq.session.checkCSRF(key, r.PostFormValue("csrf"))) {
			h.fail(w, r, rq, http.StatusForbidden, "This form was not sent from the console's own page (its CSRF token is missing or wrong); reload the page and try again.")
			return
		}
		next(w, r)
	}
}

// page is what the layout renders around a page's content.
type page struct {
	Title   string
	Nav     string // the left navigation entry to highlight
	Crumbs  []crumb
	View    *control.ConsoleView
	Session *session
	CSRF    string
	Path    string // the request's URI, for the region form to come back to
	Live    bool   // refresh the live part of the page every few seconds
	Error   string
	Data    any
}

type crumb struct{ Label, Href string }

// render renders a page with the layout into a buffer, then writes it with
// the time the server spent on it (Server-Timing).
func (h *Handler) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	if rq, ok := r.Context().Value(ctxKey{}).(*request); ok && rq != nil {
		p.View, p.Session = rq.view, rq.session
		p.CSRF = rq.session.csrfToken(rq.key)
	}
	p.Path = r.URL.RequestURI()
	var buf bytes.Buffer
	t := h.pages[name]
	if t == nil {
		panic("console: no template " + name)
	}
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		h.logger.Error("console render", "page", name, "err", err)
		http.Error(w, "The console failed to render this page; the server log has the details.", http.StatusInternalServerError)
		return
	}
	start := time.Now()
	if rq, ok := r.Context().Value(ctxKey{}).(*request); ok && rq != nil {
		start = rq.start
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Server-Timing", fmt.Sprintf("app;dur=%.2f", float64(time.Since(start).Microseconds())/1000))
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fail renders an error page. A *conforms.Error among errs sets the status
// and the message the user sees; anything else is logged and shown as an
// internal error.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, rq *request, status int, msg string, errs ...error) {
	for _, err := range errs {
		var ce *conforms.Error
		switch {
		case err == nil:
		case errors.As(err, &ce):
			status, msg = statusOf(ce.Code), ce.Message
		default:
			h.logger.Error("console", "path", r.URL.Path, "err", err)
			status, msg = http.StatusInternalServerError, "The server failed to answer; its log has the details."
		}
	}
	_ = rq
	h.render(w, r, status, "error", &page{Title: http.StatusText(status), Error: msg})
}

// statusOf maps an error code to the page's HTTP status.
func statusOf(code string) int {
	switch {
	case strings.Contains(code, "AccessDenied"), code == conforms.CodeAWSOrganizationsNotInUseException,
		code == conforms.CodeOrganizationAllFeaturesNotEnabledException:
		return http.StatusForbidden
	case strings.HasPrefix(code, "NoSuch"), code == conforms.CodeResourceNotDiscoveredException:
		return http.StatusNotFound
	}
	return http.StatusBadRequest
}

// params are the query parameters of a list page, checked.
type params struct {
	r   *http.Request
	err string
}

func (p *params) text(name string, max int) string {
	v := strings.TrimSpace(p.r.URL.Query().Get(name))
	if len(v) > max {
		p.fail("The %s parameter is longer than %d characters.", name, max)
		return ""
	}
	return v
}

func (p *params) oneOf(name string, allowed ...string) string {
	v := p.r.URL.Query().Get(name)
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	p.fail("The %s parameter must be one of %s, not %q.", name, strings.Join(allowed[1:], ", "), v)
	return ""
}

// pageNumber returns the 1-based page number of the "page" parameter.
func (p *params) pageNumber() int {
	v := p.r.URL.Query().Get("page")
	if v == "" {
		return 1
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1_000_000 {
		p.fail("The page parameter must be a page number, not %q.", v)
		return 1
	}
	return n
}

func (p *params) fail(format string, args ...any) {
	if p.err == "" {
		p.err = fmt.Sprintf(format, args...)
	}
}

// pageSize is the number of rows of a list page.
const pageSize = 50

// pager is the paging of a list page.
type pager struct {
	Page, Pages, Total, From, To int
	Prev, Next                   string // links; "" when none
}

func newPager(r *http.Request, number, total int) pager {
	pg := pager{Page: number, Total: total, Pages: max(1, (total+pageSize-1)/pageSize)}
	pg.From, pg.To = min((number-1)*pageSize+1, total), min(number*pageSize, total)
	link := func(n int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return r.URL.EscapedPath() + "?" + q.Encode()
	}
	if number > 1 {
		pg.Prev = link(min(number-1, pg.Pages))
	}
	if number < pg.Pages {
		pg.Next = link(number + 1)
	}
	return pg
}

func consolePage(number int) control.ConsolePage {
	return control.ConsolePage{Offset: (number - 1) * pageSize, Limit: pageSize}
}
