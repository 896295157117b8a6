package console

import (
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"conforms"
	"conforms/control"
)

var (
	regionPattern    = regexp.MustCompile(`^[a-z]{2}(-[a-z0-9]{1,16}){1,4}$`) // short: it goes into the cookie
	accountIDPattern = regexp.MustCompile(`^\d{12}$`)
)

const defaultRegion = "us-east-1"

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// safeNext returns where to go after signing in: a console path, never
// another site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, Prefix+"/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return Prefix + "/"
	}
	return next
}

type signInData struct {
	KeyID, Region, Next string
}

func (h *Handler) signInForm(w http.ResponseWriter, r *http.Request) {
	h.render(w, r, http.StatusOK, "signin", &page{Title: "Sign in",
		Data: signInData{Region: defaultRegion, Next: safeNext(r.URL.Query().Get("next"))}})
}

// signIn checks an access key id and secret (and the session token of
// temporary credentials) as the API checks a request's credentials, then
// opens a session.
func (h *Handler) signIn(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	d := signInData{KeyID: strings.TrimSpace(r.PostFormValue("key_id")), Region: strings.TrimSpace(r.PostFormValue("region")),
		Next: safeNext(r.PostFormValue("next"))}
	secret, token := r.PostFormValue("secret"), strings.TrimSpace(r.PostFormValue("session_token"))
	again := func(status int, msg string) {
		h.render(w, r, status, "signin", &page{Title: "Sign in", Error: msg, Data: d})
	}
	if !sameOrigin(r) {
		again(http.StatusForbidden, "This form was not sent from the console's own sign-in page.")
		return
	}
	if d.Region == "" {
		d.Region = defaultRegion
	}
	switch {
	case d.KeyID == "" || secret == "":
		again(http.StatusBadRequest, "Enter an access key id and its secret access key.")
		return
	case len(d.KeyID) > 128 || len(secret) > 256 || len(token) > 4096:
		again(http.StatusBadRequest, "The access key id, secret or session token is too long.")
		return
	case !regionPattern.MatchString(d.Region):
		again(http.StatusBadRequest, "The region must look like us-east-1.")
		return
	}
	cred, err := h.auth.Credential(r.Context(), d.KeyID, token)
	var ce *conforms.Error
	switch {
	case err != nil && !errors.As(err, &ce):
		h.fail(w, r, nil, 0, "", err)
		return
	case err != nil && ce.Code == conforms.CodeExpiredTokenException:
		again(http.StatusUnauthorized, "These temporary credentials have expired.")
		return
	case err != nil, !cred.SkipSignature && subtle.ConstantTimeCompare([]byte(secret), []byte(cred.Key.Secret)) != 1:
		again(http.StatusUnauthorized, "The access key id, secret access key or session token is not valid.")
		return
	}
	k := cred.Key
	now := h.now()
	expires := now.Add(sessionTTL)
	if !k.ExpiresAt.IsZero() && k.ExpiresAt.Before(expires) {
		expires = k.ExpiresAt
	}
	key, err := h.sessionKey(r.Context())
	if err != nil {
		h.fail(w, r, nil, 0, "", err)
		return
	}
	s := &session{KeyID: k.ID, AccountID: k.AccountID, PrincipalArn: k.PrincipalArn, UserID: k.UserID, Region: d.Region,
		Expires: expires.Unix(), Nonce: newNonce()}
	setCookie(w, r, s.encode(key), expires)
	h.logger.Info("console sign-in", "account_id", k.AccountID, "access_key_id", k.ID)
	http.Redirect(w, r, d.Next, http.StatusSeeOther)
}

func (h *Handler) signOut(w http.ResponseWriter, r *http.Request) {
	setCookie(w, r, "", time.Unix(0, 0))
	http.Redirect(w, r, Prefix+"/signin", http.StatusSeeOther)
}

// setRegion moves the session to another region.
func (h *Handler) setRegion(w http.ResponseWriter, r *http.Request) {
	rq := requestFrom(r)
	region := strings.TrimSpace(r.PostFormValue("region"))
	if !regionPattern.MatchString(region) {
		h.fail(w, r, rq, http.StatusBadRequest, "The region must look like us-east-1.")
		return
	}
	s := *rq.session
	s.Region = region
	setCookie(w, r, s.encode(rq.key), time.Unix(s.Expires, 0))
	http.Redirect(w, r, safeNext(r.PostFormValue("next")), http.StatusSeeOther)
}

// home sends those who see the organization to it, and others to their account.
func (h *Handler) home(w http.ResponseWriter, r *http.Request) {
	v := requestFrom(r).view
	if v.OrgWide {
		http.Redirect(w, r, Prefix+"/organization", http.StatusFound)
		return
	}
	http.Redirect(w, r, Prefix+"/accounts/"+v.Account.ID, http.StatusFound)
}

type organizationData struct {
	Tree              *control.OrgTreeNode
	Accounts          []control.ConsoleAccount
	Pager             pager
	Query, Parent     string
	Recorder          string
	ParentName        string
	Recording, Totals int
}

func (h *Handler) organization(w http.ResponseWriter, r *http.Request) {
	rq := requestFrom(r)
	if !rq.view.OrgWide {
		h.fail(w, r, rq, http.StatusForbidden, "You can see only your own account: the organization is visible to its management account and to delegated administrators for AWS Config.")
		return
	}
	p := &params{r: r}
	d := organizationData{Query: p.text("q", 100), Parent: p.text("parent", 100),
		Recorder: p.oneOf("recorder", "", control.RecorderRecording, control.RecorderStopped, control.RecorderNone)}
	number := p.pageNumber()
	if p.err != "" {
		h.fail(w, r, rq, http.StatusBadRequest, p.err)
		return
	}
	var err error
	if d.Tree, err = h.control.ConsoleOrgTree(r.Context()); err != nil {
		h.fail(w, r, rq, 0, "", err)
		return
	}
	var total int
	d.Accounts, total, err = h.control.ConsoleAccounts(r.Context(), control.ConsoleAccountFilter{Query: d.Query, ParentID: d.Parent, Recorder: d.Recorder}, consolePage(number))
	if err != nil {
		h.fail(w, r, rq, 0, "", err)
		return
	}
	d.Pager = newPager(r, number, total)
	d.ParentName = unitName(d.Tree, d.Parent)
	h.render(w, r, http.StatusOK, "organization", &page{Title: "Organization", Nav: "organization", Data: d})
}

func unitName(n *control.OrgTreeNode, id string) string {
	if n == nil || id == "" {
		return ""
	}
	if n.Unit.ID == id {
		return n.Unit.Name
	}
	for _, c := range n.Children {
		if name := unitName(c, id); name != "" {
			return name
		}
	}
	return ""
}

type packsData struct {
	Packs []control.ConsolePack
}

func (h *Handler) packs(w http.ResponseWriter, r *http.Request) {
	rq := requestFrom(r)
	packs, err := h.control.ConsolePacks(r.Context())
	if err != nil {
		h.fail(w, r, rq, 0, "", err)
		return
	}
	live := false
	for _, p := range packs {
		live = live || p.InProgress > 0
	}
	h.render(w, r, http.StatusOK, "packs", &page{Title: "Organization conformance packs", Nav: "packs", Live: live, Data: packsData{Packs: packs}})
}

// deploymentStatuses are the values of a pack page's status filter.
var deploymentStatuses = []string{"", "FAILED", conforms.OrgCreateSuccessful, conforms.OrgCreateInProgress, conforms.OrgCreateFailed,
	conforms.OrgUpdateSuccessful, conforms.OrgUpdateInProgress, conforms.OrgUpdateFailed,
	conforms.OrgDeleteSuccessful, conforms.OrgDeleteInProgress, conforms.OrgDeleteFailed}

type packData struct {
	*control.ConsolePackAccounts
	Pager         pager
	Query, Status string
	Statuses      []string
}

func (h *Handler) pack(w http.ResponseWriter, r *http.Request) {
	rq := requestFrom(r)
	p := &params{r: r}
	d := packData{Query: p.text("q", 100), Status: p.oneOf("status", deploymentStatuses...), Statuses: deploymentStatuses[1:]}
	number := p.pageNumber()
	if p.err != "" {
		h.fail(w, r, rq, http.StatusBadRequest, p.err)
		return
	}
	name := r.PathValue("name")
	var err error
	d.ConsolePackAccounts, err = h.control.ConsolePackAccounts(r.Context(), name, control.ConsoleDeploymentFilter{Query: d.Query, Status: d.Status}, consolePage(number))
	if err != nil {
		h.fail(w, r, rq, 0, "", err)
		return
	}
	d.Pager = newPager(r, number, d.Total)
	h.render(w, r, http.StatusOK, "pack", &page{Title: name, Nav: "packs", Live: d.Pack.InProgress > 0, Data: d,
		Crumbs: []crumb{{"Conformance packs", Prefix + "/packs"}, {name, ""}}})
}

type complianceData struct {
	*control.HeatMap
	Pager        pager
	Query        string
	NonCompliant bool
	Worst        bool
}

func (h *Handler) compliance(w http.ResponseWriter, r *http.Request) {
	rq := requestFrom(r)
	p := &params{r: r}
	d := complianceData{Query: p.text("q", 100), NonCompliant: p.oneOf("noncompliant", "", "1") == "1", Worst: p.oneOf("sort", "", "worst") == "worst"}
	number := p.pageNumber()
	if p.err != "" {
		h.fail(w, r, rq, http.StatusBadRequest, p.err)
		return
	}
	var err error
	d.HeatMap, err = h.control.ConsoleHeatMap(r.Context(), control.HeatMapFilter{Query: d.Query, NonCompliant: d.NonCompliant, Worst: d.Worst}, consolePage(number))
	if err != nil {
		h.fail(w, r, rq, 0, "", err)
		return
	}
	d.Pager = newPager(r, number, d.Total)
	h.render(w, r, http.StatusOK, "compliance", &page{Title: "Compliance", Nav: "compliance", Data: d})
}

// accountID returns the {id} path value when it is an account id.
func (h *Handler) accountID(w http.ResponseWriter, r *http.Request) (string, bool) {
	id := r.PathValue("id")
	if !accountIDPattern.MatchString(id) {
		h.fail(w, r, requestFrom(r), http.StatusBadRequest, "An account id is 12 digits.")
		return "", false
	}
	return id, true
}

type resourceCount struct {
	Type  string
	Count int64
}

type accountData struct {
	*control.ConsoleAccountView
	Resources []resourceCount
}

func (h *Handler) account(w http.ResponseWriter, r *http.Request) {
	id, ok := h.accountID(w, r)
	if !ok {
		return
	}
	rq := requestFrom(r)
	v, err := h.control.ConsoleAccount(r.Context(), id)
	if err != nil {
		h.fail(w, r, rq, 0, "", err)
		return
	}
	d := accountData{ConsoleAccountView: v}
	for t, n := range v.Resources {
		d.Resources = append(d.Resources, resourceCount{t, n})
	}
	sort.Slice(d.Resources, func(i, j int) bool { return d.Resources[i].Type < d.Resources[j].Type })
	live := false
	for _, dep := range v.Deployments {
		live = live || strings.HasSuffix(dep.Status, "_IN_PROGRESS")
	}
	nav := "account"
	if id != rq.view.Account.ID {
		nav = "organization"
	}
	h.render(w, r, http.StatusOK, "account", &page{Title: "Account " + id, Nav: nav, Live: live, Data: d, Crumbs: accountCrumbs(rq, v.Account)})
}

func accountCrumbs(rq *request, a *conforms.Account) []crumb {
	var cs []crumb
	if rq.view.OrgWide {
		cs = append(cs, crumb{"Compliance", Prefix + "/compliance"})
	}
	return append(cs, crumb{a.Name + " (" + a.ID + ")", Prefix + "/accounts/" + a.ID})
}

func (h *Handler) packRules(w http.ResponseWriter, r *http.Request) {
	id, ok := h.accountID(w, r)
	if !ok {
		return
	}
	rq := requestFrom(r)
	d, err := h.control.ConsolePackRules(r.Context(), id, r.PathValue("pack"))
	if err != nil {
		h.fail(w, r, rq, 0, "", err)
		return
	}
	h.render(w, r, http.StatusOK, "packrules", &page{Title: d.Pack.Name, Nav: "compliance", Data: d,
		Crumbs: append(accountCrumbs(rq, d.Account), crumb{d.Pack.Name, ""})})
}

type ruleData struct {
	*control.ConsoleRuleResults
	Filter   string // the compliance filter
	NextLink string
}

func (h *Handler) ruleResults(w http.ResponseWriter, r *http.Request) {
	id, ok := h.accountID(w, r)
	if !ok {
		return
	}
	rq := requestFrom(r)
	p := &params{r: r}
	compliance := p.oneOf("compliance", "", conforms.NonCompliant, conforms.Compliant, conforms.NotApplicable, "ALL")
	token := p.text("token", 2000)
	if p.err != "" {
		h.fail(w, r, rq, http.StatusBadRequest, p.err)
		return
	}
	var types []string
	switch compliance {
	case "ALL":
		types = []string{conforms.NonCompliant, conforms.Compliant, conforms.NotApplicable}
	case "":
	default:
		types = []string{compliance}
	}
	res, err := h.control.ConsoleRuleResults(r.Context(), id, r.PathValue("rule"), types, pageSize, token)
	if err != nil {
		h.fail(w, r, rq, 0, "", err)
		return
	}
	d := ruleData{ConsoleRuleResults: res, Filter: compliance}
	if res.Next != "" {
		q := r.URL.Query()
		q.Set("token", res.Next)
		d.NextLink = r.URL.EscapedPath() + "?" + q.Encode()
	}
	crumbs := accountCrumbs(rq, res.Account)
	if res.Rule.ConformancePack != "" {
		crumbs = append(crumbs, crumb{res.Rule.ConformancePack, Prefix + "/accounts/" + id + "/packs/" + url.PathEscape(res.Rule.ConformancePack)})
	}
	h.render(w, r, http.StatusOK, "rule", &page{Title: res.Rule.Name, Nav: "compliance", Data: d, Crumbs: append(crumbs, crumb{res.Rule.Name, ""})})
}

type resourceData struct {
	*control.ConsoleResource
	Configuration string // indented JSON
}

func (h *Handler) resource(w http.ResponseWriter, r *http.Request) {
	id, ok := h.accountID(w, r)
	if !ok {
		return
	}
	rq := requestFrom(r)
	p := &params{r: r}
	typ, rid := p.text("type", 256), p.text("id", 1024)
	if p.err == "" && (typ == "" || rid == "") {
		p.fail("A resource is named by its type and id parameters.")
	}
	if p.err != "" {
		h.fail(w, r, rq, http.StatusBadRequest, p.err)
		return
	}
	res, err := h.control.ConsoleResource(r.Context(), id, typ, rid)
	if err != nil {
		h.fail(w, r, rq, 0, "", err)
		return
	}
	d := resourceData{ConsoleResource: res, Configuration: indentJSON(res.Item.Configuration)}
	h.render(w, r, http.StatusOK, "resource", &page{Title: typ + " " + rid, Nav: "compliance", Data: d,
		Crumbs: append(accountCrumbs(rq, res.Account), crumb{typ + " " + rid, ""})})
}
