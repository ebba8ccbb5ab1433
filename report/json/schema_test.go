package json

import (
	"bytes"
	"os"
	"testing"
)

// The embedded schema must stay the shared contract, byte for byte, when
// the shared folder is beside the repository (as in CI).
func TestSchemaMatchesSharedContract(t *testing.T) {
	shared, err := os.ReadFile("../../../shared/contract/check-output.schema.json")
	if err != nil {
		t.Skipf("shared contract not beside the repository: %v", err)
	}
	if !bytes.Equal(shared, Schema) {
		t.Fatal("report/json/schema/check-output.schema.json differs from shared/contract/check-output.schema.json: copy the shared one")
	}
}
