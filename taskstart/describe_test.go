package taskstart

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/iam"
)

// describeFmt is describeDecision as it was written with fmt, the wording
// the text report and golden files record.
func describeFmt(ev *IAMEvidence, dec iam.Decision) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s on %s: %s", ev.Action, ev.Resource, dec.Effect)
	for _, m := range dec.Deciding {
		fmt.Fprintf(&b, "; %s %q statement %s (%s)", m.Layer, m.Policy, m.Statement, m.Effect)
	}
	if dec.Reason != "" {
		fmt.Fprintf(&b, " — %s", dec.Reason)
	}
	if dec.Note != "" {
		fmt.Fprintf(&b, " (%s)", dec.Note)
	}
	return b.String()
}

func TestDescribeDecision(t *testing.T) {
	deny := iam.Match{Layer: iam.LayerIdentity, Policy: `p "q"`, Statement: "Statement[0]", Effect: "Deny"}
	for _, tc := range []struct {
		name string
		ev   IAMEvidence
		dec  iam.Decision
	}{
		{"allow without deciding statements", IAMEvidence{Action: "ecr:GetAuthorizationToken", Resource: "*"}, iam.Decision{Effect: iam.Allow}},
		{"explicit deny with reason and note", IAMEvidence{Action: "kms:Decrypt", Resource: "arn:aws:kms:eu-west-1:1:key/k"},
			iam.Decision{Effect: iam.ExplicitDeny, Deciding: []iam.Match{deny, {Layer: iam.LayerResource, Policy: "a\xffb\u202e\n", Statement: "S", Effect: "Deny"}}, Reason: "because x", Note: "y"}},
		// appendQuote's shortcut: printable ASCII stays as it is, and each
		// byte it must not pass through takes strconv.Quote's way.
		{"policy names at the edges of the quote shortcut", IAMEvidence{Action: "s3:GetObject", Resource: "*"},
			iam.Decision{Effect: iam.Allow, Deciding: []iam.Match{
				{Layer: iam.LayerIdentity, Policy: " plain~name! ", Statement: "S", Effect: "Allow"},
				{Layer: iam.LayerIdentity, Policy: `back\slash`, Statement: "S", Effect: "Allow"},
				{Layer: iam.LayerIdentity, Policy: "tab\there", Statement: "S", Effect: "Allow"},
				{Layer: iam.LayerIdentity, Policy: "del\x7f", Statement: "S", Effect: "Allow"},
				{Layer: iam.LayerIdentity, Policy: "", Statement: "S", Effect: "Allow"},
			}}},
		{"empty resource", IAMEvidence{Action: "logs:CreateLogStream"}, iam.Decision{Effect: iam.Unknown, Reason: "r"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := describeDecision(&tc.ev, tc.dec), describeFmt(&tc.ev, tc.dec); got != want {
				t.Errorf("describeDecision = %q, want %q", got, want)
			}
		})
	}
}

// FuzzDescribeDecision: appending writes what fmt wrote for any text.
func FuzzDescribeDecision(f *testing.F) {
	f.Add("s3:GetObject", "arn:aws:s3:::b/k", `pol "x"`, "Sid1", "because", "note")
	f.Add("", "", "\xff\u202e", "", "", "")
	f.Fuzz(func(t *testing.T, action, resource, policy, sid, reason, note string) {
		ev := IAMEvidence{Action: action, Resource: resource}
		dec := iam.Decision{Effect: iam.ImplicitDeny, Deciding: []iam.Match{{Layer: iam.LayerSCP, Policy: policy, Statement: sid, Effect: "Deny"}}, Reason: reason, Note: note}
		if got, want := describeDecision(&ev, dec), describeFmt(&ev, dec); got != want {
			t.Fatalf("describeDecision = %q, want %q", got, want)
		}
	})
}

// splitARNMasked is splitARN without its shortcut for ARNs that hold no
// stand-in.
func splitARNMasked(s string, n int) []string {
	const sep = "\x00"
	masked, inside := []byte(s), 0
	for i := 0; i < len(masked); i++ {
		switch {
		case strings.HasPrefix(s[i:], "<unresolved "):
			inside++
		case masked[i] == '>' && inside > 0:
			inside--
		case masked[i] == ':' && inside > 0:
			masked[i] = sep[0]
		}
	}
	f := strings.SplitN(string(masked), ":", n)
	for i := range f {
		f[i] = strings.ReplaceAll(f[i], sep, ":")
	}
	return f
}

// FuzzSplitARN: the shortcut splits every ARN as masking does.
func FuzzSplitARN(f *testing.F) {
	for _, s := range []string{"arn:aws:iam::123456789012:role/r", "arn:aws:iam::<unresolved AWS::AccountId>:role/r", "a\x00b:c", "", ":::"} {
		f.Add(s, 6)
		f.Add(s, -1)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if got, want := splitARN(s, n), splitARNMasked(s, n); !slices.Equal(got, want) {
			t.Fatalf("splitARN(%q, %d) = %q, want %q", s, n, got, want)
		}
	})
}

// The sim's describeDecision reuses one buffer across a task's
// evaluations: each line stays what the package function gives, after
// longer and shorter ones were built in the buffer.
func TestDescribeDecisionReusedBuffer(t *testing.T) {
	s := &sim{}
	long := IAMEvidence{Action: "secretsmanager:GetSecretValue", Resource: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + strings.Repeat("x", 300)}
	short := IAMEvidence{Action: "logs:CreateLogStream", Resource: "*"}
	dec := iam.Decision{Effect: iam.Allow, Deciding: []iam.Match{{Layer: iam.LayerIdentity, Policy: "p", Statement: "S", Effect: "Allow"}}}
	var got []string
	for _, ev := range []*IAMEvidence{&long, &short, &long} {
		got = append(got, s.describeDecision(ev, dec))
	}
	for i, ev := range []*IAMEvidence{&long, &short, &long} {
		if want := describeDecision(ev, dec); got[i] != want {
			t.Errorf("line %d = %q, want %q", i, got[i], want)
		}
	}
}
