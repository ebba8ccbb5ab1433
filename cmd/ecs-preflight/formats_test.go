package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/report/markdown"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// sarifSchema is the SARIF 2.1.0 schema vendored beside the renderer
// (report/sarif/testdata/README.md names its source).
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "report", "sarif", "testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("file:///sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("file:///sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// formatInputs are the inputs every extra format is checked on: each
// embedded example, and a template and a plan, whose results have files.
func formatInputs() [][2]string {
	var in [][2]string
	for _, ex := range examples.All() {
		in = append(in, [2]string{ex.Name, "--example=" + ex.Name})
	}
	in = append(in,
		[2]string{"cfn-s3-gateway-wrong-route-table", "--cloudformation=../../source/cloudformation/testdata/scenarios/s3-gateway-wrong-route-table.yaml"},
		[2]string{"tf-sg-without-egress", "--terraform-plan=../../source/tfplan/testdata/scenarios/sg-without-egress.json"})
	return in
}

func inputArgs(flag string) []string {
	args := []string{"check", flag}
	if flag[2] != 'e' { // a template or plan: the examples' region and account
		args = append(args, "--region", "ap-northeast-1", "--account", "123456789012")
	}
	return args
}

// Every example's SARIF log validates against the SARIF 2.1.0 schema,
// keeps the exit code of the other formats, and is as its golden file.
func TestSARIFGolden(t *testing.T) {
	s := sarifSchema(t)
	for _, in := range formatInputs() {
		t.Run(in[0], func(t *testing.T) {
			wantCode, _, _ := runCLI(t, inputArgs(in[1])...)
			code, out, errOut := runCLI(t, append(inputArgs(in[1]), "--format", "sarif")...)
			if code != wantCode {
				t.Fatalf("exit %d, want %d as for text; stderr %s", code, wantCode, errOut)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(out)))
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Validate(inst); err != nil {
				t.Fatalf("invalid SARIF 2.1.0: %v", err)
			}
			golden(t, in[0]+".sarif", out)
		})
	}
}

// Every example's JUnit report validates against the vendored
// junit-10.xsd (report/junit/testdata/README.md) with xmllint, skipped
// only where xmllint is absent, and is as its golden file.
func TestJUnitGolden(t *testing.T) {
	xsd := filepath.Join("..", "..", "report", "junit", "testdata", "junit-10.xsd")
	_, lintErr := exec.LookPath("xmllint")
	for _, in := range formatInputs() {
		t.Run(in[0], func(t *testing.T) {
			wantCode, _, _ := runCLI(t, inputArgs(in[1])...)
			code, out, errOut := runCLI(t, append(inputArgs(in[1]), "--format", "junit")...)
			if code != wantCode {
				t.Fatalf("exit %d, want %d as for text; stderr %s", code, wantCode, errOut)
			}
			golden(t, in[0]+".junit.xml", out)
			if lintErr != nil {
				t.Skip("xmllint not installed (Debian: apt-get install libxml2-utils)")
			}
			f := filepath.Join(t.TempDir(), "report.xml")
			if err := os.WriteFile(f, []byte(out), 0o644); err != nil {
				t.Fatal(err)
			}
			if msg, err := exec.Command("xmllint", "--noout", "--nonet", "--schema", xsd, f).CombinedOutput(); err != nil {
				t.Fatalf("xmllint: %v\n%s", err, msg)
			}
		})
	}
}

// Every example's Markdown is as its golden file and keeps the exit code
// of the other formats.
func TestMarkdownGolden(t *testing.T) {
	for _, in := range formatInputs() {
		t.Run(in[0], func(t *testing.T) {
			wantCode, _, _ := runCLI(t, inputArgs(in[1])...)
			code, out, errOut := runCLI(t, append(inputArgs(in[1]), "--format", "markdown")...)
			if code != wantCode {
				t.Fatalf("exit %d, want %d as for text; stderr %s", code, wantCode, errOut)
			}
			golden(t, in[0]+".md", out)
		})
	}
}

// mermaidBlocks are the mermaid code blocks of a Markdown document.
func mermaidBlocks(md string) []string {
	var out []string
	for _, part := range strings.Split(md, "```mermaid\n")[1:] {
		block, _, _ := strings.Cut(part, "```\n")
		out = append(out, block)
	}
	return out
}

// hostileTask is a failing task whose every name carries what mermaid and
// Markdown read as syntax.
func hostileTask() taskstart.Task {
	evil := "x;y#z %%c <b>`q` -->> A: end\nNote over Task: n \u202e\x1b[31m"
	return taskstart.Task{TaskDefinition: evil + ":1", Service: evil, Verdict: taskstart.VerdictFail, Steps: []taskstart.Step{
		{Container: evil, Step: taskstart.StepSecrets, Status: taskstart.Fail, Subject: evil, Summary: evil,
			IAM:         &taskstart.IAMEvidence{Action: "secretsmanager:GetSecretValue", Decision: "explicit-deny", Policy: evil, Statement: evil},
			FixLocation: &taskstart.Location{Resource: evil}},
		{Container: evil, Step: taskstart.StepLogs, Status: taskstart.Unknown, Missing: []string{evil}},
	}}
}

// Every mermaid block the Markdown renderer writes for the examples, and
// for a task whose names carry mermaid syntax, renders with the mermaid
// npm package in headless Chromium without a parse error. It skips only
// when node or Chromium is absent; the mermaid package is found through
// ECS_PREFLIGHT_MERMAID (the node_modules directory holding mermaid),
// which .ci/run sets after `npm install mermaid` into a temporary
// directory; in CI (CI=true) its absence fails the test.
func TestMermaidRenders(t *testing.T) {
	if _, err := exec.LookPath("node"); err != nil {
		t.Skip("node not installed")
	}
	var browser string
	for _, b := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(b); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("chromium not installed (Debian: apt-get install chromium)")
	}
	js := filepath.Join(os.Getenv("ECS_PREFLIGHT_MERMAID"), "mermaid", "dist", "mermaid.min.js")
	if _, err := os.Stat(js); os.Getenv("ECS_PREFLIGHT_MERMAID") == "" || err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("mermaid not found at %s: set ECS_PREFLIGHT_MERMAID to the node_modules directory of `npm install mermaid`", js)
		}
		t.Skip("mermaid npm package not found: set ECS_PREFLIGHT_MERMAID to the node_modules directory of `npm install mermaid`")
	}
	js, _ = filepath.Abs(js)
	var blocks, names []string
	for _, in := range formatInputs() {
		_, out, _ := runCLI(t, append(inputArgs(in[1]), "--format", "markdown")...)
		for i, b := range mermaidBlocks(out) {
			blocks = append(blocks, b)
			names = append(names, fmt.Sprintf("%s #%d", in[0], i+1))
		}
	}
	ht := hostileTask()
	blocks = append(blocks, markdown.Diagram(&ht))
	names = append(names, "hostile names")
	// A block that is not mermaid must fail, or the check has no teeth.
	blocks = append(blocks, "sequenceDiagram\n    A-->>: broken\n")
	names = append(names, "deliberately broken")

	enc, err := json.Marshal(blocks)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	page := filepath.Join(dir, "render.html")
	html := `<!doctype html><html><body><pre id="out">pending</pre>
<script src="` + (&url.URL{Scheme: "file", Path: filepath.ToSlash(js)}).String() + `"></script>
<script>
const blocks = ` + string(enc) + `;
(async () => {
  const res = [];
  try {
    mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});
    for (let i = 0; i < blocks.length; i++) {
      try { await mermaid.render('d' + i, blocks[i]); res.push('OK'); }
      catch (e) { res.push('ERROR ' + String((e && e.message) || e).replace(/\s+/g, ' ')); }
    }
  } catch (e) { res.push('FATAL ' + e); }
  document.getElementById('out').textContent = 'RESULTS\n' + res.join('\n') + '\nEND';
})();
</script></body></html>`
	if err := os.WriteFile(page, []byte(html), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update",
		"--disable-sync", "--user-data-dir="+filepath.Join(dir, "profile"), "--allow-file-access-from-files",
		"--virtual-time-budget=30000", "--dump-dom", (&url.URL{Scheme: "file", Path: filepath.ToSlash(page)}).String())
	dom, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s: %v", browser, err)
	}
	text := html2text(string(dom))
	_, results, ok := strings.Cut(text, "RESULTS\n")
	results, _, done := strings.Cut(results, "\nEND")
	if !ok || !done {
		t.Fatalf("the page did not finish rendering:\n%s", text)
	}
	lines := strings.Split(results, "\n")
	if len(lines) != len(blocks) {
		t.Fatalf("%d results for %d blocks:\n%s", len(lines), len(blocks), results)
	}
	for i, l := range lines {
		broken := names[i] == "deliberately broken"
		if broken != strings.HasPrefix(l, "ERROR") {
			t.Errorf("%s: %s\n%s", names[i], l, blocks[i])
		}
	}
}

// html2text is the text of the dumped page's result element, entities
// decoded.
func html2text(dom string) string {
	_, after, _ := strings.Cut(dom, `<pre id="out">`)
	body, _, _ := strings.Cut(after, "</pre>")
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&amp;", "&").Replace(body)
}
