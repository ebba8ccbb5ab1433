package cloudformation

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// FuzzRead checks that Read never panics and that every error it returns
// is an *source.InputError.
func FuzzRead(f *testing.F) {
	// Small scenarios only: with the 30 KB CDK templates as seeds the
	// fuzzing engine spends its time minimizing them and stalls.
	for _, name := range []string{"importvalue-subnets.yaml", "exec-role-parameter-default.yaml", "sam-nested-network.yaml"} {
		if data, err := os.ReadFile(filepath.Join("testdata", "scenarios", name)); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("Resources:\n  A: {Type: AWS::EC2::VPC, Properties: {CidrBlock: !Select [0, !Cidr [10.0.0.0/16, 2, 8]]}}\n"))
	f.Add([]byte("Conditions:\n  C: !Or [!Condition C, !Equals [a, b]]\nResources:\n  A: {Type: AWS::Logs::LogGroup, Condition: C}\n"))
	f.Add([]byte(`{"Resources":{"A":{"Type":"AWS::Logs::LogGroup","Properties":{"LogGroupName":{"Fn::Sub":["${X}",{"X":{"Fn::ImportValue":"y"}}]}}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := Read("fuzz.yaml", data)
		var ie *source.InputError
		if err != nil && !errors.As(err, &ie) {
			t.Fatalf("error %v is %T, not *source.InputError", err, err)
		}
	})
}
