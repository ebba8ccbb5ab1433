package snapshot

import (
	"strings"
	"testing"
)

// TestRefusedValuesNeverInErrors puts a secret value under each field the
// reader refuses (noSecretValues: SecretString, SecretBinary, Value;
// docs/snapshot.md) in every operation of every section the reader knows,
// beside fields that are themselves errors (a wrong type, an unknown field,
// broken JSON after the value), and checks that no error shows the value.
func TestRefusedValuesNeverInErrors(t *testing.T) {
	const secret = "s3cr3t-refused-value"
	refused := []string{"SecretString", "SecretBinary", "Value"}
	siblings := []string{``, `, "ARN": 7`, `, "Unknown": true`, `, "Name": [1]`, `, }`, ` "x"`, `, "SecretString": "` + secret + `"`}
	var reads, errs int
	for _, sec := range sections {
		for _, op := range sec.ops {
			for _, field := range refused {
				for _, sib := range siblings {
					for _, first := range []bool{true, false} {
						entry := `"` + field + `": "` + secret + `"` + sib
						if !first {
							entry = `"ARN": "arn:aws:secretsmanager:eu-west-1:123456789012:secret:x-AbCdEf", "Name": "x", ` + entry
						}
						resp := `{` + entry + `}`
						if op.items != "" {
							resp = `{"` + op.items + `": [` + resp + `]}`
						}
						doc := `{"` + sec.name + `": {"` + op.name + `": [` + resp + `]}}`
						reads++
						_, err := Read("t.json", []byte(doc))
						if err == nil {
							continue
						}
						errs++
						if strings.Contains(err.Error(), secret) {
							t.Errorf("%s.%s with %s%s: error shows the refused value: %v", sec.name, op.name, field, sib, err)
						}
					}
				}
			}
		}
	}
	t.Logf("%d reads, %d errors", reads, errs)
	if errs == 0 {
		t.Fatal("no read failed; the snapshots do not reach the error paths")
	}
}
