package iam

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ecs-preflight/ecs-preflight/iam/internal/glob"
)

// TestManyValuedConditionWithinSizeCap evaluates a policy near the
// document cap whose Deny carries 6,000 ForAnyValue:StringLike patterns
// against a request with 6,000 tag keys (IAM-UG "Multivalued context
// keys"), under a deadline far above the milliseconds it needs: comparing
// every pair took seconds.
func TestManyValuedConditionWithinSizeCap(t *testing.T) {
	const n = 6000
	patterns, keys := make([]string, n), make([]string, n)
	for i := range n {
		patterns[i] = fmt.Sprintf("team-%05d-*-end", i)
		keys[i] = fmt.Sprintf("team-%05d-x", i)
	}
	deny, err := json.Marshal(map[string]any{
		"Effect": "Deny", "Action": "secretsmanager:GetSecretValue", "Resource": "*",
		"Condition": map[string]any{"ForAnyValue:StringLike": map[string]any{"aws:TagKeys": patterns}},
	})
	if err != nil {
		t.Fatal(err)
	}
	doc := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"},%s]}`, deny)
	if len(doc) > MaxPolicySize {
		t.Fatalf("document is %d bytes, over the cap %d", len(doc), MaxPolicySize)
	}
	p := pol("many patterns", doc)
	req := Request{
		Principal: Principal{ARN: "arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/t", RoleARN: roleARN, AccountID: "111122223333"},
		Action:    "secretsmanager:GetSecretValue",
		Resource:  "arn:aws:secretsmanager:us-east-1:111122223333:secret:db",
		Context:   map[string][]string{"aws:TagKeys": keys},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan Decision, 1)
	go func() { done <- Evaluate(req, Layers{Identity: []*Policy{p}}) }()
	select {
	case d := <-done:
		// No tag key ends with "-end": the Deny does not apply.
		if d.Effect != Allow {
			t.Errorf("Evaluate = %s (%s), want allow", d.Effect, d.Reason)
		}
		keys[17] = "team-00017-x-end"
		if d := Evaluate(req, Layers{Identity: []*Policy{p}}); d.Effect != ExplicitDeny {
			t.Errorf("with one matching tag key: Evaluate = %s, want explicit-deny", d.Effect)
		}
	case <-ctx.Done():
		t.Fatal("6,000 x 6,000 ForAnyValue:StringLike did not finish within 20 s")
	}
}

// TestConditionWorkIsBoundedPerEvaluation: ten Deny statements each hold
// 3,003 "*x*y*" patterns, which no index can tell apart, against 6,000 tag
// keys that hold every run and match none: each condition alone stays
// below cond's limit for one condition, together they took seconds. The
// evaluation stops at maxEvalSteps and is unknown, naming the limit
// (docs/model.md: what is not decided is unknown, never a guess).
func TestConditionWorkIsBoundedPerEvaluation(t *testing.T) {
	var alphabet []byte
	for c := byte('0'); len(alphabet) < 78; c++ {
		if c != '*' && c != '?' {
			alphabet = append(alphabet, c)
		}
	}
	var patterns []string
	for i := range alphabet {
		for j := i + 1; j < len(alphabet); j++ {
			patterns = append(patterns, "*"+string(alphabet[i])+"*"+string(alphabet[j])+"*")
		}
	}
	slices.Reverse(alphabet)
	keys := make([]string, 6000)
	for i := range keys {
		keys[i] = string(alphabet)
	}
	stmts := []string{`{"Effect":"Allow","Action":"secretsmanager:GetSecretValue","Resource":"*"}`}
	for i := range 10 {
		deny, err := json.Marshal(map[string]any{
			"Sid": fmt.Sprint("D", i), "Effect": "Deny", "Action": "secretsmanager:GetSecretValue", "Resource": "*",
			"Condition": map[string]any{"ForAnyValue:StringLike": map[string]any{"aws:TagKeys": patterns}},
		})
		if err != nil {
			t.Fatal(err)
		}
		stmts = append(stmts, string(deny))
	}
	doc := `{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}`
	if len(doc) > MaxPolicySize {
		t.Fatalf("document is %d bytes, over the cap %d", len(doc), MaxPolicySize)
	}
	p := pol("hostile patterns", doc)
	req := Request{
		Principal: Principal{ARN: "arn:aws:sts::111122223333:assumed-role/ecsTaskExecutionRole/t", RoleARN: roleARN, AccountID: "111122223333"},
		Action:    "secretsmanager:GetSecretValue",
		Resource:  "arn:aws:secretsmanager:us-east-1:111122223333:secret:db",
		Context:   map[string][]string{"aws:TagKeys": keys},
	}
	var steps atomic.Int64
	restore := glob.CountSteps(&steps)
	defer restore()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	done := make(chan Decision, 1)
	go func() { done <- Evaluate(req, Layers{Identity: []*Policy{p}}) }()
	select {
	case d := <-done:
		if d.Effect != Unknown || !strings.Contains(strings.Join(d.Missing, "; "), "matching steps") {
			t.Errorf("Evaluate = %s, missing %q; want unknown naming the limit", d.Effect, d.Missing)
		}
	case <-ctx.Done():
		t.Fatal("ten hostile conditions did not finish within 20 s")
	}
	// One comparison past the limit at most, a few hundred steps here.
	if steps.Load() > maxEvalSteps+10000 {
		t.Errorf("took %d glob steps, the limit is %d", steps.Load(), maxEvalSteps)
	}
}
