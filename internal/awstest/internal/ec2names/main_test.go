package main

import (
	"bytes"
	"os"
	"testing"
)

// TestGenerated checks that ec2names.go is what the generator writes from
// the EC2 module go.mod pins: rerun it after upgrading the module.
func TestGenerated(t *testing.T) {
	var b bytes.Buffer
	if err := run(&b); err != nil {
		t.Skipf("the EC2 module source is not available: %v", err)
	}
	want, err := os.ReadFile("../../ec2names.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b.Bytes(), want) {
		t.Errorf("internal/awstest/ec2names.go is stale: go run ./internal/awstest/internal/ec2names > internal/awstest/ec2names.go")
	}
}
