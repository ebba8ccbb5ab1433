package cloudformation

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestOptions checks the pseudo-parameter options (CFN User Guide "Pseudo
// parameters reference"): AWS::Partition follows the region unless
// WithPartition sets it, and values that are not a partition, region or
// account are rejected.
func TestOptions(t *testing.T) {
	tpl := probe("!Sub '${AWS::Partition}/${AWS::Region}/${AWS::AccountId}'")
	for _, tc := range []struct {
		name string
		opts []Option
		want string
	}{
		{"no option and no pin: stand-ins, never us-east-1 or 123456789012", nil, world.Unresolved("AWS::Partition (no --region, and the template pins none)") + "/" + world.Unresolved("AWS::Region (no --region, and the template pins none)") + "/" + world.Unresolved("AWS::AccountId (no --account, and the template pins none)")},
		{"partition from the region", []Option{WithRegion("eusc-de-east-1"), WithAccount("123456789012")}, "aws-eusc/eusc-de-east-1/123456789012"},
		{"WithPartition wins", []Option{WithRegion("us-east-1"), WithPartition("aws-us-gov"), WithAccount("123456789012")}, "aws-us-gov/us-east-1/123456789012"},
		{"WithAccount alone leaves the region unknown", []Option{WithAccount("210987654321")}, world.Unresolved("AWS::Partition (no --region, and the template pins none)") + "/" + world.Unresolved("AWS::Region (no --region, and the template pins none)") + "/210987654321"},
	} {
		if got := probed(t, tpl, tc.opts...); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	for _, opt := range []Option{WithPartition("amazon"), WithRegion("us-iso-east-1"), WithAccount("12"), WithParameters(map[string]string{"": "x"})} {
		if _, err := Read("stack.yaml", []byte(tpl), opt); err == nil {
			t.Errorf("an invalid option was accepted")
		}
	}
}

// TestTemplateLoad reads a template file through the source.Source
// interface, and stops on a cancelled context or a missing file.
func TestTemplateLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "stack.yaml")
	if err := os.WriteFile(path, []byte(probe("!Ref AWS::Region")), 0o644); err != nil {
		t.Fatal(err)
	}
	w, err := (&Template{Path: path, Options: []Option{WithRegion("cn-north-1")}}).Load(context.Background())
	if err != nil || w.Partition != "aws-cn" || w.LogGroups.All()[0].LogGroupName != "cn-north-1" {
		t.Fatalf("Load: %v %+v", err, w)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (&Template{Path: path}).Load(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("Load with a cancelled context: %v", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("Load of a missing file: %v", err)
	}
}
