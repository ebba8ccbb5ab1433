package awsmanaged

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		name, arn, wantName, wantVersion string
		ok                               bool
	}{
		{"ECS-DG: execution role policy lives under service-role/", "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy", "AmazonECSTaskExecutionRolePolicy", "v1", true},
		{"ECS-DG: execution role policy without its path is not the same ARN", "arn:aws:iam::aws:policy/AmazonECSTaskExecutionRolePolicy", "", "", false},
		{"aws-cn partition", "arn:aws-cn:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy", "AmazonECSTaskExecutionRolePolicy", "v1", true},
		{"aws-us-gov partition", "arn:aws-us-gov:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly", "AmazonEC2ContainerRegistryReadOnly", "v3", true},
		{"unknown partition", "arn:aws-xx:iam::aws:policy/AdministratorAccess", "", "", false},
		{"customer managed policy is not in the catalog", "arn:aws:iam::111122223333:policy/AdministratorAccess", "", "", false},
		{"AWS managed policy reference: PowerUserAccess v12", "arn:aws:iam::aws:policy/PowerUserAccess", "PowerUserAccess", "v12", true},
		{"AWS managed policy reference: AmazonSSMReadOnlyAccess v1", "arn:aws:iam::aws:policy/AmazonSSMReadOnlyAccess", "AmazonSSMReadOnlyAccess", "v1", true},
		{"not an ARN", "AdministratorAccess", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := Lookup(tt.arn)
			if ok != tt.ok || d.Name != tt.wantName || d.VersionId != tt.wantVersion {
				t.Fatalf("Lookup(%q) = %q %q %v, want %q %q %v", tt.arn, d.Name, d.VersionId, ok, tt.wantName, tt.wantVersion, tt.ok)
			}
			if ok && d.Arn != tt.arn {
				t.Errorf("Arn = %q, want the ARN asked for", d.Arn)
			}
		})
	}
}

func TestAll(t *testing.T) {
	want := []string{"AdministratorAccess", "AmazonEC2ContainerRegistryFullAccess", "AmazonEC2ContainerRegistryPowerUser", "AmazonEC2ContainerRegistryPullOnly", "AmazonEC2ContainerRegistryReadOnly", "AmazonEC2ContainerServiceforEC2Role", "AmazonECSTaskExecutionRolePolicy", "AmazonSSMReadOnlyAccess", "CloudWatchLogsFullAccess", "PowerUserAccess", "SecretsManagerReadWrite"}
	all := All()
	var got []string
	for _, d := range all {
		got = append(got, d.Name)
		if !json.Valid([]byte(d.JSON)) {
			t.Errorf("%s: document is not valid JSON", d.Name)
		}
		if !strings.HasPrefix(d.VersionId, "v") {
			t.Errorf("%s: version id %q", d.Name, d.VersionId)
		}
		if back, ok := Lookup(d.Arn); !ok || back.Name != d.Name {
			t.Errorf("%s: Lookup(%q) does not find it", d.Name, d.Arn)
		}
		if byName, ok := ByName(d.Name); !ok || byName.Arn != d.Arn {
			t.Errorf("%s: ByName disagrees", d.Name)
		}
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("All() = %v, want %v", got, want)
	}
}

func TestByNameUnknown(t *testing.T) {
	// A customer managed policy or a policy not in the catalog is not
	// found; callers then report the document as missing.
	for _, name := range []string{"MyPolicy", "amazonecstaskexecutionrolepolicy", ""} {
		if d, ok := ByName(name); ok {
			t.Errorf("ByName(%q) = %q, want not found", name, d.Name)
		}
	}
}
