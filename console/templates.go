package console

import (
	"bytes"
	"encoding/json"
	"html/template"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"conforms/control"
)

// pageNames are the templates of the pages; each is parsed with the layout.
var pageNames = []string{"signin", "error", "organization", "packs", "pack", "compliance", "account", "packrules", "rule", "resource"}

func parsePages() map[string]*template.Template {
	base := template.Must(template.New("").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		pages[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html"))
	}
	return pages
}

var funcs = template.FuncMap{
	"badge":      badge,
	"scoreClass": scoreClass,
	"score":      score,
	"time":       formatTime,
	"path":       url.PathEscape,
	"percent":    percent,
	"short":      short,
	"add":        func(a, b int) int { return a + b },
}

// badge is the CSS class of a status badge: red for failures and
// non-compliance, amber for work in progress and missing data, green for
// success and compliance, grey otherwise.
func badge(status string) string {
	switch {
	case strings.HasSuffix(status, "_FAILED"), status == "NON_COMPLIANT", status == "none", status == "FAILED", status == "Failure":
		return "badge bad"
	case strings.HasSuffix(status, "_IN_PROGRESS"), status == "INSUFFICIENT_DATA", status == "stopped", status == "Pending":
		return "badge warn"
	case strings.HasSuffix(status, "_SUCCESSFUL"), status == "COMPLIANT", status == "recording", status == "CREATE_COMPLETE", status == "Success":
		return "badge ok"
	}
	return "badge"
}

// scoreClass is the heat map colour of a cell: s0 (red) to s10 (green) by
// tenths of the score, "na" without data, "nd" where the pack is not deployed.
func scoreClass(c control.HeatCell) string {
	switch {
	case !c.Deployed:
		return "cell nd"
	case c.Score < 0:
		return "cell na"
	}
	return "cell s" + strconv.Itoa(int(math.Floor(c.Score/10)))
}

// score is a cell's text.
func score(c control.HeatCell) string {
	switch {
	case !c.Deployed:
		return "–"
	case c.Score < 0:
		return "N/A"
	}
	return strconv.FormatFloat(math.Floor(c.Score*10)/10, 'f', -1, 64)
}

func percent(n, of int) int {
	if of <= 0 {
		return 0
	}
	return n * 100 / of
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// short cuts a long text for a table cell.
func short(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// indentJSON indents a configuration's JSON text for reading; text that is
// not JSON is shown as it is.
func indentJSON(s string) string {
	if s == "" {
		return ""
	}
	var b bytes.Buffer
	if err := json.Indent(&b, []byte(s), "", "  "); err != nil {
		return s
	}
	return b.String()
}
