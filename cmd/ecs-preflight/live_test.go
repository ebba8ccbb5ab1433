package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/internal/awstest"
	"github.com/ecs-preflight/ecs-preflight/iostreams"
)

// liveEnv points the AWS CLI's credential chain at the test server's static
// credentials and away from the user's files and the instance metadata
// service.
func liveEnv(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", awstest.AccessKeyID)
	t.Setenv("AWS_SECRET_ACCESS_KEY", "awstest-secret")
	t.Setenv("AWS_SESSION_TOKEN", "")
	t.Setenv("AWS_PROFILE", "")
	t.Setenv("AWS_REGION", "")
	t.Setenv("AWS_DEFAULT_REGION", "")
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(t.TempDir(), "none"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}

var originFields = regexp.MustCompile(`"(location|file|path|line|from)":\s*("[^"]*"|[0-9]+)`)

// orgNote matches the note a live read gives the organization policy
// assumption, where a snapshot or example without the section says the
// input has none.
var orgNote = regexp.MustCompile(`\((the account is in no organization|not read: )[^)]*\)`)

// sameButOrigins reports whether two outputs differ only in origins and in
// the organization note.
func sameButOrigins(a, b string) bool {
	norm := func(s string) string {
		return orgNote.ReplaceAllString(originFields.ReplaceAllString(s, "-"), "(the input has none)")
	}
	return norm(a) == norm(b)
}

// check --cluster --service against an account serving an example gives
// the example's JSON (origins aside), and snapshot -o then check --snapshot
// gives the live check's JSON with the file name in place of
// aws:ACCOUNT/REGION.
func TestCheckClusterAndSnapshotCommand(t *testing.T) {
	liveEnv(t)
	ex, _ := examples.Get("missing-s3-gateway")
	srv := awstest.NewServer(t, ex.Data)
	args := []string{"--cluster", "ledger-prod", "--service", "ledger-api", "--region", "ap-northeast-1", "--endpoint-url", srv.URL}

	start := time.Now()
	code, live, errOut := runCLI(t, append([]string{"check", "--format", "json"}, args...)...)
	t.Logf("live check on loopback: %v, %d calls", time.Since(start), len(srv.Calls()))
	if code != exitFail {
		t.Fatalf("check --cluster: exit %d, want %d (the example fails); stderr %s", code, exitFail, errOut)
	}
	_, want, _ := runCLI(t, "check", "--example", "missing-s3-gateway", "--service", "ledger-api", "--format", "json")
	if !sameButOrigins(live, want) {
		t.Errorf("check --cluster differs from check --example:\n%s\n---\n%s", live, want)
	}
	if !strings.Contains(live, `"file": "aws:123456789012/ap-northeast-1"`) {
		t.Error("live origins are not aws:ACCOUNT/REGION")
	}
	if !strings.Contains(live, `"from": "--region"`) || !strings.Contains(live, `"from": "the account read: sts:GetCallerIdentity"`) {
		t.Error("the live region and account do not say where they come from")
	}

	file := filepath.Join(t.TempDir(), "account.json")
	if code, _, errOut := runCLI(t, append([]string{"snapshot", "-o", file}, args...)...); code != 0 {
		t.Fatalf("snapshot: exit %d; stderr %s", code, errOut)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("snapshot file: %v, mode %v", err, fi.Mode())
	}
	code, offline, errOut := runCLI(t, "check", "--snapshot", file, "--service", "ledger-api", "--format", "json")
	if code != exitFail {
		t.Fatalf("check --snapshot: exit %d; stderr %s", code, errOut)
	}
	// The snapshot format has no place for why a read found no
	// organization policies (docs/snapshot.md): the file says the input
	// has none. The region and account are the file's, not the read's.
	asFile := strings.NewReplacer("aws:123456789012/ap-northeast-1", file,
		`"from": "--region"`, `"from": "the snapshot's region"`,
		`"from": "the account read: sts:GetCallerIdentity"`, `"from": "the snapshot's accountId"`).Replace(live)
	if orgNote.ReplaceAllString(asFile, "(the input has none)") != offline {
		t.Errorf("check --snapshot on the written snapshot differs from the live check:\n%s\n---\n%s", live, offline)
	}
}

func TestLiveFlagsUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"cluster with a snapshot", []string{"check", "--cluster", "c", "--snapshot", "s.json"}, "--cluster reads the account"},
		{"profile without cluster", []string{"check", "--example", "nat-gateway", "--profile", "p"}, "--profile applies to reading an account"},
		{"role-arn-for without =", []string{"check", "--cluster", "c", "--role-arn-for", "123456789012"}, "want ACCOUNT=ROLE-ARN"},
		{"account with cluster", []string{"check", "--cluster", "c", "--account", "123456789012"}, "--account: the account read is the credentials'"},
		{"subnets without cluster", []string{"check", "--example", "nat-gateway", "--task-definition", "a:1", "--subnets", "subnet-1"}, "--subnets checks a task definition"},
		{"subnets with a service", []string{"check", "--cluster", "c", "--task-definition", "a:1", "--service", "s", "--subnets", "subnet-1"}, "--subnets checks a task definition"},
		{"security groups without subnets", []string{"check", "--cluster", "c", "--security-groups", "sg-1"}, "apply to --subnets"},
		{"live without a template", []string{"check", "--snapshot", "s.json", "--live"}, "--live reads what a template or plan references"},
		{"snapshot without -o", []string{"snapshot", "--cluster", "c"}, "snapshot needs -o FILE"},
		{"snapshot without cluster", []string{"snapshot", "-o", "x.json"}, "snapshot needs --cluster"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tt.args...)
			if code != exitInput || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 with %q", code, errOut, tt.want)
			}
		})
	}
}

// --task-definition with --subnets: the revision as RunTask would start it
// in the service's network gives the service's answers.
func TestCheckTaskDefinitionWithSubnets(t *testing.T) {
	liveEnv(t)
	ex, _ := examples.Get("missing-s3-gateway")
	srv := awstest.NewServer(t, ex.Data)
	var doc struct {
		ECS struct {
			DescribeServices struct {
				Services []struct {
					TaskDefinition       string
					NetworkConfiguration struct {
						AwsvpcConfiguration struct{ Subnets, SecurityGroups []string }
					}
				}
			}
		}
	}
	if err := json.Unmarshal(ex.Data, &doc); err != nil {
		t.Fatal(err)
	}
	svc := doc.ECS.DescribeServices.Services[0]
	nc := svc.NetworkConfiguration.AwsvpcConfiguration
	code, out, errOut := runCLI(t, "check", "--cluster", "ledger-prod", "--task-definition", svc.TaskDefinition,
		"--subnets", strings.Join(nc.Subnets, ","), "--security-groups", strings.Join(nc.SecurityGroups, ","),
		"--region", "ap-northeast-1", "--endpoint-url", srv.URL, "--format", "json")
	if code != exitFail {
		t.Fatalf("exit %d, want 1 as the service; stderr %s\n%s", code, errOut, out)
	}
	_, want, _ := runCLI(t, "check", "--example", "missing-s3-gateway", "--format", "json")
	statuses := func(s string) string {
		var r struct {
			Tasks []struct {
				Steps []struct{ Step, Status, Summary string }
			}
		}
		if err := json.Unmarshal([]byte(s), &r); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(r)
		return string(b)
	}
	if g, w := statuses(out), statuses(want); g != w {
		t.Errorf("RunTask check differs from the service's:\n%s\n%s", g, w)
	}
	for _, c := range srv.Calls() {
		if c.Operation == "DescribeServices" || c.Operation == "ListServices" {
			t.Errorf("read the cluster's services: %+v", c)
		}
	}
	// --platform-version (ECS API "RunTask" platformVersion): the task is
	// checked on the version asked for.
	_, out, _ = runCLI(t, "check", "--cluster", "ledger-prod", "--task-definition", svc.TaskDefinition,
		"--subnets", strings.Join(nc.Subnets, ","), "--platform-version", "1.3.0",
		"--region", "ap-northeast-1", "--endpoint-url", srv.URL, "--format", "json")
	if !strings.Contains(out, `"platformVersion": "1.3.0"`) {
		t.Errorf("--platform-version 1.3.0 not in the output:\n%.2000s", out)
	}
}

// --role-arn: every read goes through the assumed role's credentials
// (stscreds), with the same answers.
func TestCheckClusterThroughRole(t *testing.T) {
	liveEnv(t)
	ex, _ := examples.Get("missing-s3-gateway")
	srv := awstest.NewServer(t, ex.Data)
	code, out, errOut := runCLI(t, "check", "--cluster", "ledger-prod", "--service", "ledger-api", "--region", "ap-northeast-1",
		"--endpoint-url", srv.URL, "--role-arn", "arn:aws:iam::123456789012:role/ecs-preflight-read", "--format", "json")
	if code != exitFail {
		t.Fatalf("exit %d, want 1; stderr %s", code, errOut)
	}
	_, want, _ := runCLI(t, "check", "--example", "missing-s3-gateway", "--service", "ledger-api", "--format", "json")
	if !sameButOrigins(out, want) {
		t.Error("the check through a role differs from the example")
	}
	assumed := false
	for _, c := range srv.Calls() {
		if c.Operation == "AssumeRole" {
			assumed = true
		}
	}
	if !assumed {
		t.Error("no sts:AssumeRole call")
	}
}

// FuzzRoleArnFor: --role-arn-for either parses into a 12-digit account and
// an ARN, or is a usage error; it never panics.
func FuzzRoleArnFor(f *testing.F) {
	for _, s := range []string{"123456789012=arn:aws:iam::123456789012:role/r", "123456789012", "=arn:", "12345678901x=arn:aws", "123456789012=arn:a=b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		l := &LiveOptions{RoleArnFor: []string{v}}
		m, err := l.roleFor()
		if err != nil {
			return
		}
		for acct, role := range m {
			if !accountID(acct) || !strings.HasPrefix(role, "arn:") {
				t.Errorf("accepted %q as %s=%s", v, acct, role)
			}
		}
	})
}

// The progress line: on a terminal's stderr only, rewritten in place with
// a carriage return and blanked at the end; redirected stderr gets none.
func TestLiveProgressLine(t *testing.T) {
	liveEnv(t)
	ex, _ := examples.Get("missing-s3-gateway")
	for _, tty := range []bool{true, false} {
		t.Run(map[bool]string{true: "tty", false: "not a tty"}[tty], func(t *testing.T) {
			srv := awstest.NewServer(t, ex.Data)
			ios, _, errOut := iostreams.Test()
			ios.SetStderrTTY(tty)
			code := run([]string{"check", "--cluster", "ledger-prod", "--service", "ledger-api", "--region", "ap-northeast-1",
				"--endpoint-url", srv.URL, "--format", "json"}, ios)
			if code != exitFail {
				t.Fatalf("exit %d, want 1; stderr %q", code, errOut)
			}
			got := errOut.String()
			if !tty {
				if got != "" {
					t.Errorf("stderr not a terminal: want nothing, got %q", got)
				}
				return
			}
			if strings.Contains(got, "\n") {
				t.Errorf("the progress line wrote a newline: %q", got)
			}
			lines := strings.Split(got, "\r")
			if !strings.HasPrefix(got, "\rreading the account: round 1, ") || len(lines) < 4 {
				t.Fatalf("want several in-place updates from round 1, got %q", got)
			}
			final := lines[len(lines)-2] // "\r" + blank + "\r" ends it
			if strings.TrimSpace(final) != "" || lines[len(lines)-1] != "" {
				t.Errorf("the line is not blanked at the end: %q", got)
			}
			calls := len(srv.Calls())
			if want := fmt.Sprintf(", %d calls", calls); !strings.Contains(got, want) {
				t.Errorf("no update names the %d calls made: %q", calls, got)
			}
		})
	}
}
