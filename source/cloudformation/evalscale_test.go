package cloudformation

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ecs-preflight/ecs-preflight/internal/gen"
	"github.com/ecs-preflight/ecs-preflight/source"
)

// refTemplate is gen.RefTemplate: n VPCs whose CidrBlocks refer fan times
// to the next one's.
var refTemplate = gen.RefTemplate

// loadCounting loads a template as Read does and returns the loader, to
// read its step count.
func loadCounting(t testing.TB, data []byte, maxSteps int) (*loader, error) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	l := newLoader("scale.yaml", options{})
	l.maxSteps = maxSteps
	return l, l.load(doc.Content[0])
}

// TestEvalStepsLinear: each Ref and Fn::GetAtt target and each property is
// evaluated once, so templates whose references fan out at every level
// evaluate in a number of steps bounded by a small multiple of their size.
func TestEvalStepsLinear(t *testing.T) {
	for _, tc := range []struct {
		name   string
		n, fan int
	}{
		{"doubling, 25 levels", 25, 2},
		{"three-way fan-out, 15 resources", 15, 3},
		{"chain, 2000 resources", 2000, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l, err := loadCounting(t, refTemplate(tc.n, tc.fan), 0)
			if err != nil {
				t.Fatal(err)
			}
			// Each property node is evaluated at most twice: once on its
			// own for Fn::GetAtt, once with the other properties.
			if limit := 2 * l.nodes; l.steps > limit {
				t.Errorf("%d evaluation steps for %d YAML nodes, want at most %d", l.steps, l.nodes, limit)
			}
			// warm evaluates dependencies first: a reference never
			// evaluates more than the one below it, however long the
			// chain (a 150,000-resource chain overflowed the stack).
			if l.deepest > 2 {
				t.Errorf("references nested %d deep, want at most 2", l.deepest)
			}
			if v := l.w.VPCs.Get("vpc-V0"); v == nil || v.CidrBlock != "10.0.0.0/16" {
				t.Errorf("V0 = %+v, want CidrBlock 10.0.0.0/16 from the end of the chain", v)
			}
		})
	}
}

// TestEvalStepBound: past the step bound, evaluation stops with an input
// error naming the file.
func TestEvalStepBound(t *testing.T) {
	_, err := loadCounting(t, refTemplate(30, 2), 20)
	var ie *source.InputError
	if !errors.As(err, &ie) || ie.File != "scale.yaml" || !strings.Contains(err.Error(), "takes more than 20 steps") {
		t.Fatalf("err = %v, want an input error for scale.yaml past 20 steps", err)
	}
}

// TestEvalCycleGuard: a cycle that reaches evaluation (the static check
// in load runs first; this calls the evaluator without it) is a circular
// dependency naming each reference on it, not a stack overflow (CFN:
// "Circular dependency between resources").
func TestEvalCycleGuard(t *testing.T) {
	var doc yaml.Node
	tpl := "A: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !GetAtt B.CidrBlock}}\n" +
		"B: {Type: AWS::EC2::Subnet, Properties: {CidrBlock: !GetAtt A.CidrBlock}}\n"
	if err := yaml.Unmarshal([]byte(tpl), &doc); err != nil {
		t.Fatal(err)
	}
	l := newLoader("cycle.yaml", options{})
	l.initEval(doc.Content[0])
	l.params, l.conds, l.condVal, l.condBusy = map[string]*param{}, map[string]*yaml.Node{}, map[string]condResult{}, map[string]bool{}
	l.res = map[string]*resource{}
	if err := l.readResources(doc.Content[0]); err != nil {
		t.Fatal(err)
	}
	_, err := l.getAtt("A", "CidrBlock", doc.Content[0], "X")
	want := "circular dependency between resources: A.CidrBlock → B.CidrBlock → A.CidrBlock"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want %q", err, want)
	}
}

// BenchmarkEvalChain loads chain and fan-out templates at several sizes;
// ns/op grows linearly with n.
func BenchmarkEvalChain(b *testing.B) {
	for _, shape := range []struct {
		name string
		fan  int
	}{{"chain", 1}, {"fanout3", 3}} {
		for _, n := range []int{100, 1000, 10000} {
			data := refTemplate(n, shape.fan)
			b.Run(fmt.Sprintf("%s/n=%d", shape.name, n), func(b *testing.B) {
				b.SetBytes(int64(len(data)))
				b.ReportAllocs()
				for b.Loop() {
					if _, err := Read("scale.yaml", data); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// TestEvalStringBytesBound: a string a function builds costs a step per
// byte, so a template that joins a value with itself at every level and
// then copies the result into many resources (each string under maxValue,
// the total far over the template's size) is an input error naming the
// file, not gigabytes of memory.
func TestEvalStringBytesBound(t *testing.T) {
	var b strings.Builder
	b.WriteString("Resources:\n  V0: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\n")
	const levels = 16 // 11 bytes × 2^16: 704 KiB, under maxValue
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "  V%d: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !Join ['', [!GetAtt V%d.CidrBlock, !GetAtt V%d.CidrBlock]]}}\n", i, i-1, i-1)
	}
	for i := range 200 {
		fmt.Fprintf(&b, "  C%d: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !Join ['', [!GetAtt V%d.CidrBlock, x]]}}\n", i, levels)
	}
	l, err := loadCounting(t, []byte(b.String()), 0)
	var ie *source.InputError
	if !errors.As(err, &ie) || ie.File != "scale.yaml" || !strings.Contains(err.Error(), "evaluating the template takes more than") {
		t.Fatalf("err = %v, want the step bound for scale.yaml", err)
	}
	if l.steps > l.maxSteps+maxValue {
		t.Errorf("%d steps, want at most the bound %d and one value", l.steps, l.maxSteps)
	}
}
