package snapshot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/ecs-preflight/ecs-preflight/source"
)

const schemaPath = "../../docs/snapshot.schema.json"

func compileSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	abs, err := filepath.Abs(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	sch, err := jsonschema.NewCompiler().Compile(abs)
	if err != nil {
		t.Fatalf("compiling %s: %v", schemaPath, err)
	}
	return sch
}

func validate(t *testing.T, sch *jsonschema.Schema, data []byte) error {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return sch.Validate(inst)
}

// TestFullSnapshot loads a realistic snapshot: a Fargate service in private
// subnets with a NAT gateway and ECR, logs and S3 endpoints, an execution
// role with AmazonECSTaskExecutionRolePolicy and an inline policy, an ECR
// repository, a secret under a customer managed key, an SSM SecureString and
// a log group.
func TestFullSnapshot(t *testing.T) {
	const path = "testdata/full.json"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := validate(t, compileSchema(t), data); err != nil {
		t.Fatalf("%s does not validate against %s: %v", path, schemaPath, err)
	}

	w, err := (&Snapshot{Path: path}).Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string][2]int{ // got, want
		"task definitions":   {w.TaskDefinitions.Len(), 1},
		"services":           {w.Services.Len(), 1},
		"roles":              {w.Roles.Len(), 1},
		"managed policies":   {w.Policies.Len(), 1},
		"VPCs":               {w.VPCs.Len(), 1},
		"subnets":            {w.Subnets.Len(), 4},
		"route tables":       {w.RouteTables.Len(), 3},
		"security groups":    {w.SecurityGroups.Len(), 2},
		"network ACLs":       {w.NetworkACLs.Len(), 1},
		"VPC endpoints":      {w.VPCEndpoints.Len(), 4},
		"internet gateways":  {w.InternetGateways.Len(), 1},
		"NAT gateways":       {w.NATGateways.Len(), 1},
		"prefix lists":       {w.PrefixLists.Len(), 1},
		"DHCP options":       {w.DHCPOptions.Len(), 1},
		"repositories":       {w.Repositories.Len(), 1},
		"secrets":            {w.Secrets.Len(), 1},
		"KMS keys":           {w.Keys.Len(), 1},
		"KMS aliases":        {w.KeyAliases.Len(), 2},
		"SSM parameters":     {w.Parameters.Len(), 1},
		"log groups":         {w.LogGroups.Len(), 1},
		"buckets":            {w.Buckets.Len(), 0},
		"containers (web:7)": {len(w.TaskDefinitions.All()[0].ContainerDefinitions), 2},
	}
	for what, c := range counts {
		if c[0] != c[1] {
			t.Errorf("%s: got %d, want %d", what, c[0], c[1])
		}
	}

	// Completeness: list operations are complete, per-resource ones known.
	for name, kc := range map[string][2]bool{
		"Subnets":           {w.Subnets.Known, w.Subnets.Complete},
		"VPCEndpoints":      {w.VPCEndpoints.Known, w.VPCEndpoints.Complete},
		"Repositories":      {w.Repositories.Known, w.Repositories.Complete},
		"LogGroups":         {w.LogGroups.Known, w.LogGroups.Complete},
		"Parameters":        {w.Parameters.Known, w.Parameters.Complete},
		"Roles (partial)":   {w.Roles.Known, !w.Roles.Complete},
		"Secrets (partial)": {w.Secrets.Known, !w.Secrets.Complete},
	} {
		if !kc[0] || !kc[1] {
			t.Errorf("%s: Known/Complete wrong: %v", name, kc)
		}
	}
	if w.Buckets.Known {
		t.Error("an empty s3 section speaks of no bucket")
	}

	role := w.Roles.Get("arn:aws:iam::123456789012:role/web-execution")
	if !role.AttachedKnown || !role.InlineKnown || !role.BoundaryKnown || len(role.InlinePolicies) != 1 {
		t.Errorf("role %+v", role)
	}
	if d := w.Policies.Get("arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy").Document; !json.Valid([]byte(d)) || d == "" {
		t.Errorf("managed policy document %q", d)
	}
	secret := w.Secrets.All()[0]
	if secret.Value == nil || !slices.Contains(secret.Value.Keys, "password") || !secret.ResourcePolicyKnown || secret.ResourcePolicy != "" {
		t.Errorf("secret %+v", secret)
	}
	if k := w.Keys.All()[0]; k.KeyManager != "CUSTOMER" || k.Policy == "" {
		t.Errorf("key %+v", k)
	}
	if r := w.Repositories.All()[0]; !r.PolicyKnown || r.PolicyText != "" || r.EncryptionType != "AES256" {
		t.Errorf("repository %+v", r)
	}
	if c := w.TaskDefinitions.All()[0].ContainerDefinitions[1]; !slices.Equal(c.ExtraFields, []string{"imagePullBehavior"}) {
		t.Errorf("log-router ExtraFields = %v", c.ExtraFields)
	}
	vpc := w.VPCs.Get("vpc-0main")
	if vpc.EnableDnsSupport == nil || !*vpc.EnableDnsSupport || vpc.EnableDnsHostnames == nil || !*vpc.EnableDnsHostnames {
		t.Error("VPC DNS attributes")
	}
	if o := w.Subnets.Get("subnet-0b2private").Origin; o.File != path || o.Path != "$.ec2.DescribeSubnets.Subnets[3]" || o.Line == 0 {
		t.Errorf("origin %+v", o)
	}
}

// TestSchemaMatchesTable keeps docs/snapshot.schema.json and the reader's
// table of sections and operations the same.
func TestSchemaMatchesTable(t *testing.T) {
	data, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	var schema struct {
		Properties map[string]struct {
			Properties map[string]json.RawMessage `json:"properties"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatal(err)
	}
	var inSchema, inCode []string
	for sec, s := range schema.Properties {
		for op := range s.Properties {
			inSchema = append(inSchema, sec+"."+op)
		}
	}
	for _, s := range sections {
		for _, op := range s.ops {
			inCode = append(inCode, s.name+"."+op.name)
		}
		if _, ok := schema.Properties[s.name]; !ok {
			t.Errorf("section %q missing from the schema", s.name)
		}
	}
	sort.Strings(inSchema)
	sort.Strings(inCode)
	if !slices.Equal(inSchema, inCode) {
		t.Errorf("schema operations\n %v\ncode operations\n %v", inSchema, inCode)
	}
}

// TestSchemaRejects checks that the schema catches the mistakes the reader
// reports, so editors flag them before a run.
func TestSchemaRejects(t *testing.T) {
	sch := compileSchema(t)
	for name, doc := range map[string]string{
		"unknown section":               `{"ec3": {}}`,
		"unknown operation":             `{"ec2": {"DescribeSubnet": {}}}`,
		"list key missing":              `{"ec2": {"DescribeSubnets": [{"SubnetId": "subnet-1"}]}}`,
		"secret value":                  `{"secretsmanager": {"DescribeSecret": [{"ARN": "a", "SecretString": "x"}]}}`,
		"bad version":                   `{"snapshotVersion": "2"}`,
		"bad SecretKeys":                `{"secretsmanager": {"SecretKeys": [{"SecretId": "a", "Kind": "yaml"}]}}`,
		"reservation without Instances": `{"ec2": {"DescribeInstances": {"Reservations": [{"ReservationId": "r-1"}]}}}`,
		"organizations: bad Filter":     `{"organizations": {"ListPoliciesForTarget": [{"TargetId": "r-abcd", "Filter": "TAG_POLICY", "Policies": []}]}}`,
		"ListParents without ChildId":   `{"organizations": {"ListParents": [{"Parents": [{"Id": "r-abcd", "Type": "ROOT"}]}]}}`,
	} {
		t.Run(name, func(t *testing.T) {
			if err := validate(t, sch, []byte(doc)); err == nil {
				t.Error("schema accepts it")
			}
			if _, err := Read("t.json", []byte(doc)); err == nil {
				t.Error("reader accepts it")
			}
		})
	}
}

func FuzzRead(f *testing.F) {
	if data, err := os.ReadFile("testdata/full.json"); err == nil {
		f.Add(data)
	}
	for _, s := range []string{
		`{}`, `[]`, `null`, `{"ec2": {"DescribeSubnets": {"Subnets": [{"SubnetId": "s"}]}}}`,
		`{"iam": {"GetRole": [{"Role": {"RoleName": "r", "Arn": "a", "AssumeRolePolicyDocument": "%7B%7D"}}], "ListRolePolicies": [{"RoleName": "r", "PolicyNames": ["x"]}]}}`,
		`{"ecr": {"GetRepositoryPolicy": [{"repositoryName": "x", "policyText": "{}"}]}, "region": "us-east-1", "accountId": "123456789012"}`,
		`{"secretsmanager": {"DescribeSecret": [{"ARN": "a", "Name": "n"}], "SecretKeys": [{"SecretId": "n", "Kind": "json", "Keys": ["k"]}]}}`,
		"\xff\xfe{\x00}\x00", "{\"a\":", `{"ec2": {"DescribeVpcs": [1]}}`,
		`{"ec2": {"DescribeInstances": {"Reservations": [{"Instances": [{"InstanceId": "i-1", "NetworkInterfaces": [{"NetworkInterfaceId": "eni-1"}]}]}]}}}`,
		`{"accountId": "123456789012", "organizations": {"DescribeOrganization": {"Organization": {"Id": "o-exampleorgid", "MasterAccountId": "111111111111", "FeatureSet": "ALL"}},
 "ListParents": [{"ChildId": "123456789012", "Parents": [{"Id": "ou-1", "Type": "ORGANIZATIONAL_UNIT"}]}, {"ChildId": "ou-1", "Parents": [{"Id": "r-1", "Type": "ROOT"}]}],
 "ListPoliciesForTarget": [{"TargetId": "r-1", "Filter": "SERVICE_CONTROL_POLICY", "Policies": [{"Id": "p-FullAWSAccess"}]}, {"TargetId": "ou-1", "Filter": "RESOURCE_CONTROL_POLICY", "Policies": [{"Id": "p-2"}]}],
 "DescribePolicy": [{"Policy": {"PolicySummary": {"Id": "p-2", "Name": "n"}, "Content": "{\"Statement\": []}"}}]}}`,
		`{"accountId": "123456789012", "organizations": {"ListParents": [{"ChildId": "123456789012", "Parents": [{"Id": "ou-1", "Type": "ORGANIZATIONAL_UNIT"}]}, {"ChildId": "ou-1", "Parents": [{"Id": "123456789012", "Type": "ORGANIZATIONAL_UNIT"}]}], "ListPoliciesForTarget": {"TargetId": "ou-1", "Filter": "SERVICE_CONTROL_POLICY", "Policies": null}}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := Read("fuzz.json", data)
		if err != nil {
			var ie *source.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %T is not a *source.InputError: %v", err, err)
			}
			return
		}
		if w == nil {
			t.Fatal("nil world without error")
		}
		// The builders decide validity without encoding/json's scanner:
		// what they accept must be JSON.
		if text, err := source.ToUTF8(data); err != nil || !json.Valid(text) {
			t.Fatalf("accepted a document that is not JSON (%v)", err)
		}
	})
}
