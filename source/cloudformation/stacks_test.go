package cloudformation_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/source/cloudformation"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/ecs-preflight/ecs-preflight/world"
)

var (
	region  = cloudformation.WithRegion("eu-west-1")
	account = cloudformation.WithAccount("123456789012")
)

func stacksDir(p ...string) string {
	return filepath.Join(append([]string{"testdata", "stacks"}, p...)...)
}

// verdicts is what a check says of each task: its verdict, the step it
// blames (the first fail, else the first unknown) and that step's
// stoppedReason.
func verdicts(t *testing.T, w *world.World) (string, string) {
	t.Helper()
	res, err := taskstart.Simulate(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Tasks) == 0 {
		t.Fatal("no task simulated")
	}
	var b strings.Builder
	for _, task := range res.Tasks {
		fmt.Fprintf(&b, "%s %s %s", task.TaskDefinition, task.Service, task.Verdict)
		var blamed *taskstart.Step
		for _, want := range []string{"fail", "unknown"} {
			for i := range task.Steps {
				if st := &task.Steps[i]; blamed == nil && string(st.Status) == want {
					blamed = st
				}
			}
		}
		if blamed != nil {
			fmt.Fprintf(&b, " blamed %s %s: %s", blamed.Step, blamed.Container, blamed.StoppedReason)
		}
		b.WriteString("\n")
	}
	return string(res.Verdict), b.String() + "\n" + dump(res)
}

// TestSplitFormsSameVerdicts checks that the orders application written as
// one template and split in the three ways CloudFormation and SAM allow
// (CFN-UG "Fn::ImportValue" cross-stack exports; "AWS::CloudFormation::Stack"
// nested stacks with local TemplateURLs as `aws cloudformation package`
// reads them; AWS SAM "AWS::Serverless::Application" with a local Location)
// gives the same verdicts, blamed step and stoppedReason, for the
// application that fails (private subnets without an S3 gateway endpoint:
// ECS-UG "Amazon ECR interface VPC endpoints (AWS PrivateLink)", the layers
// are in S3) and for the one that passes.
func TestSplitFormsSameVerdicts(t *testing.T) {
	for _, tc := range []struct {
		s3      string
		verdict string
	}{
		{"false", "fail"},
		{"true", "pass"},
	} {
		params := map[string]string{"S3GatewayEndpoint": tc.s3}
		forms := []struct {
			name string
			load func() (*world.World, error)
		}{
			{"single", func() (*world.World, error) {
				return cloudformation.Load(stacksDir("single.yaml"), region, account, cloudformation.WithParameters(params))
			}},
			{"imports", func() (*world.World, error) {
				// Given importers first: LoadStacks orders them.
				return cloudformation.LoadStacks(context.Background(), []cloudformation.Stack{
					{File: stacksDir("imports", "service.yaml"), Name: "orders-service"},
					{File: stacksDir("imports", "iam.yaml"), Name: "orders-iam"},
					{File: stacksDir("imports", "network.yaml"), Name: "orders-network", Parameters: params},
				}, region, account)
			}},
			{"nested", func() (*world.World, error) {
				return cloudformation.Load(stacksDir("nested", "master.yaml"), region, account,
					cloudformation.WithParameters(params), cloudformation.WithStackName("orders"))
			}},
			{"sam", func() (*world.World, error) {
				return cloudformation.Load(stacksDir("sam", "template.yaml"), region, account, cloudformation.WithParameters(params))
			}},
		}
		var want, wantDump string
		for _, f := range forms {
			t.Run(tc.verdict+"/"+f.name, func(t *testing.T) {
				w, err := f.load()
				if err != nil {
					t.Fatal(err)
				}
				verdict, got := verdicts(t, w)
				if verdict != tc.verdict {
					t.Fatalf("verdict %s, want %s\n%s", verdict, tc.verdict, got)
				}
				summary, _, _ := strings.Cut(got, "\n\n")
				if f.name == "single" {
					want, wantDump = summary, got
					return
				}
				if summary != want {
					t.Errorf("split form gives\n%s\nthe single template\n%s\n\nsplit:\n%s\nsingle:\n%s", summary, want, got, wantDump)
				}
			})
		}
	}
}

// writeFiles writes templates into a new folder and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const (
	exporter = `
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
Outputs:
  VpcId:
    Value: !Ref Vpc
    Export: {Name: !Sub "${AWS::StackName}-VpcId"}
`
	importer = `
Parameters:
  Net: {Type: String, Default: net}
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.1.0.0/16}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      VpcId: !ImportValue {"Fn::Sub": "${Net}-VpcId"}
`
)

// TestLoadStacksErrors checks the application-level input errors: the
// ones CloudFormation refuses (CFN-UG "Fn::ImportValue": "Export names
// must be unique within a Region"; a stack name is unique in a region,
// CFN API Reference "CreateStack"; stacks that import from each other
// cannot be created in any order) and the reader's own bounds.
func TestLoadStacksErrors(t *testing.T) {
	cyclic := func(self, other string) string {
		return `
Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      VpcId: !ImportValue ` + other + `-VpcId
Outputs:
  Out:
    Value: !Ref Sg
    Export: {Name: ` + self + `-VpcId}
`
	}
	for _, tc := range []struct {
		name   string
		files  map[string]string
		stacks []cloudformation.Stack
		want   string
	}{
		{"import cycle names the stacks", map[string]string{"a.yaml": cyclic("a", "b"), "b.yaml": cyclic("b", "a")},
			[]cloudformation.Stack{{File: "a.yaml"}, {File: "b.yaml"}}, "a → b → a"},
		{"same export name in two stacks", map[string]string{"net.yaml": exporter, "other.yaml": strings.ReplaceAll(exporter, "${AWS::StackName}", "net")},
			[]cloudformation.Stack{{File: "net.yaml"}, {File: "other.yaml"}}, `export name "net-VpcId" is also exported by stack net`},
		{"same export name twice in a template", map[string]string{"net.yaml": exporter + `
  Again:
    Value: x
    Export: {Name: net-VpcId}
`, "app.yaml": importer},
			[]cloudformation.Stack{{File: "net.yaml"}, {File: "app.yaml"}}, `export name "net-VpcId" is exported twice`},
		{"same stack name", map[string]string{"net.yaml": exporter, "app.yaml": importer},
			[]cloudformation.Stack{{File: "net.yaml"}, {File: "app.yaml", Name: "net"}}, `stack name "net" is also the name of`},
		{"stack name CloudFormation refuses", map[string]string{"net.yaml": exporter},
			[]cloudformation.Stack{{File: "net.yaml", Name: "1net"}}, "is not a CloudFormation stack name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, tc.files)
			for i := range tc.stacks {
				tc.stacks[i].File = filepath.Join(dir, tc.stacks[i].File)
			}
			_, err := cloudformation.LoadStacks(context.Background(), tc.stacks, region, account)
			var ie *source.InputError
			if !errors.As(err, &ie) {
				t.Fatalf("error %v, want an input error", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q, want it to mention %q", err, tc.want)
			}
		})
	}
}

// securityGroupVpc returns the VpcId of the security group stored under
// the id that ends in suffix.
func securityGroupVpc(t *testing.T, w *world.World, suffix string) string {
	t.Helper()
	for _, sg := range w.SecurityGroups.All() {
		if strings.HasSuffix(sg.GroupId, suffix) {
			return sg.VpcId
		}
	}
	t.Fatalf("no security group ending in %s", suffix)
	return ""
}

// TestImportValue checks how Fn::ImportValue resolves (CFN-UG
// "Fn::ImportValue"): from the stack that exports the name, found by the
// name the stack's ${AWS::StackName} gives, and stays unknown, naming the
// export, when no stack given exports it. Both stacks have a VPC with
// logical id Vpc: their synthetic ids carry the stack name and do not
// collide.
func TestImportValue(t *testing.T) {
	dir := writeFiles(t, map[string]string{"net.yaml": exporter, "app.yaml": importer})
	for _, tc := range []struct {
		name   string
		stacks []cloudformation.Stack
		want   string
	}{
		{"export of the named stack", []cloudformation.Stack{{File: "app.yaml"}, {File: "net.yaml"}}, "vpc-net-Vpc"},
		{"stack name from Stack.Name", []cloudformation.Stack{{File: "app.yaml", Parameters: map[string]string{"Net": "network"}}, {File: "net.yaml", Name: "network"}}, "vpc-network-Vpc"},
		{"stack name given as AWS::StackName", []cloudformation.Stack{{File: "app.yaml", Parameters: map[string]string{"Net": "n2"}}, {File: "net.yaml", Parameters: map[string]string{"AWS::StackName": "n2"}}}, "vpc-n2-Vpc"},
		{"no stack exports it", []cloudformation.Stack{{File: "app.yaml", Parameters: map[string]string{"Net": "elsewhere"}}, {File: "net.yaml"}}, `Fn::ImportValue "elsewhere-VpcId"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for i := range tc.stacks {
				tc.stacks[i].File = filepath.Join(dir, tc.stacks[i].File)
			}
			w, err := cloudformation.LoadStacks(context.Background(), tc.stacks, region, account)
			if err != nil {
				t.Fatal(err)
			}
			if got := securityGroupVpc(t, w, "-app-Sg"); !strings.Contains(got, tc.want) {
				t.Fatalf("security group VpcId %q, want %q", got, tc.want)
			}
			vpcs := 0
			for range w.VPCs.All() {
				vpcs++
			}
			if vpcs != 2 {
				t.Fatalf("%d VPCs, want the 2 of the 2 stacks", vpcs)
			}
		})
	}
}

// TestSingleStackIDs checks that a lone template keeps the synthetic ids
// without a stack name (docs of every example), and that WithStackName
// and AWS::StackName name the stack.
func TestSingleStackIDs(t *testing.T) {
	dir := writeFiles(t, map[string]string{"app.yaml": importer})
	for _, tc := range []struct {
		name string
		opts []cloudformation.Option
		sg   string
	}{
		{"base name", nil, "sg-Sg"},
		{"WithStackName", []cloudformation.Option{cloudformation.WithStackName("orders")}, "sg-Sg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := cloudformation.Load(filepath.Join(dir, "app.yaml"), append(tc.opts, region, account)...)
			if err != nil {
				t.Fatal(err)
			}
			securityGroupVpc(t, w, tc.sg)
		})
	}
	for _, opt := range []cloudformation.Option{cloudformation.WithStackName("-x"), cloudformation.WithParameters(map[string]string{"AWS::StackName": "a_b"})} {
		if _, err := cloudformation.Load(filepath.Join(dir, "app.yaml"), opt); err == nil || !strings.Contains(err.Error(), "is not a CloudFormation stack name") {
			t.Errorf("error %v, want a stack name error", err)
		}
	}
}

const child = `
Parameters:
  Cidr: {Type: String}
Conditions:
  Never: !Equals [a, b]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: !Ref Cidr}
Outputs:
  VpcId:
    Value: !Ref Vpc
  Hidden:
    Condition: Never
    Value: x
`

func parentOf(url, out string) string {
	return `
Parameters:
  Cidr: {Type: String, Default: 10.8.0.0/16}
Resources:
  Net:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ` + url + `
      Parameters: {Cidr: 10.9.0.0/16}
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: x
      VpcId: !GetAtt Net.Outputs.` + out + `
`
}

// TestNestedStacks checks how a nested stack's template is found and read
// (AWS CLI "aws cloudformation package": a local TemplateURL is relative
// to the parent template's folder; CFN-UG "AWS::CloudFormation::Stack":
// Parameters flow in, Fn::GetAtt Child.Outputs.X is the child's output)
// and what stays unknown: a remote URL no --template-map covers is named.
func TestNestedStacks(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"parent.yaml":           parentOf("nets/child.yaml", "VpcId"),
		"nets/child.yaml":       child,
		"remote.yaml":           parentOf("https://s3.amazonaws.com/bucket/tpl/child.yaml", "VpcId"),
		"mirror/tpl/child.yaml": child,
		"no-output.yaml":        parentOf("nets/child.yaml", "Nope"),
		"false-output.yaml":     parentOf("nets/child.yaml", "Hidden"),
		"self.yaml":             parentOf("self.yaml", "VpcId"),
		"loop/a.yaml":           parentOf("b.yaml", "VpcId"),
		"loop/b.yaml":           parentOf("a.yaml", "VpcId"),
		"no-file.yaml":          parentOf("nets/absent.yaml", "VpcId"),
		"escape.yaml":           parentOf("s3://bucket/tpl/../../etc/passwd", "VpcId"),
		"parameter-url.yaml":    strings.Replace(parentOf("!Ref Url", "VpcId"), "Parameters:", "Parameters:\n  Url: {Type: String}", 1),
	})
	for _, tc := range []struct {
		name, file string
		opts       []cloudformation.Option
		vpc        string // the security group's VpcId contains it
		err        string // or the error does
	}{
		{"local path relative to the parent", "parent.yaml", nil, "vpc-parent-Net-Vpc", ""},
		{"remote URL without a map is named", "remote.yaml", nil, "https://s3.amazonaws.com/bucket/tpl/child.yaml is remote and not read", ""},
		{"remote URL read through a template map", "remote.yaml", []cloudformation.Option{cloudformation.WithTemplateMap("https://s3.amazonaws.com/bucket/", filepath.Join(dir, "mirror"))}, "vpc-remote-Net-Vpc", ""},
		{"map whose prefix does not match", "remote.yaml", []cloudformation.Option{cloudformation.WithTemplateMap("https://s3.amazonaws.com/other/", filepath.Join(dir, "mirror"))}, "is remote and not read", ""},
		{"s3 URL that leaves the map's folder", "escape.yaml", []cloudformation.Option{cloudformation.WithTemplateMap("s3://bucket/", filepath.Join(dir, "mirror"))}, "maps to no file under", ""},
		{"TemplateURL from a parameter without a value", "parameter-url.yaml", nil, `the TemplateURL of nested stack Net depends on parameter "Url"`, ""},
		{"output the child does not have", "no-output.yaml", nil, "", `its template has no output "Nope"`},
		{"output whose condition is false", "false-output.yaml", nil, "", `its template has no output "Hidden"`},
		{"template nesting itself", "self.yaml", nil, "", "the template nests itself: " + filepath.Join(dir, "self.yaml") + " → " + filepath.Join(dir, "self.yaml")},
		{"templates nesting each other", "loop/a.yaml", nil, "", "a.yaml → " + filepath.Join(dir, "loop", "b.yaml") + " → " + filepath.Join(dir, "loop", "a.yaml")},
		{"child template that does not exist", "no-file.yaml", nil, "", "nested stack Net: "},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := cloudformation.Load(filepath.Join(dir, tc.file), append(tc.opts, region, account)...)
			if tc.err != "" {
				var ie *source.InputError
				if !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want an input error mentioning %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := securityGroupVpc(t, w, "-Sg"); !strings.Contains(got, tc.vpc) {
				t.Fatalf("security group VpcId %q, want it to contain %q", got, tc.vpc)
			}
		})
	}
}

// TestNestingDepth checks the bound on templates nesting one another
// ([assumption] bound of the reader's work; see nested.go).
func TestNestingDepth(t *testing.T) {
	files := map[string]string{}
	for i := range 20 {
		files[fmt.Sprintf("t%d.yaml", i)] = parentOf(fmt.Sprintf("t%d.yaml", i+1), "VpcId")
	}
	files["t20.yaml"] = child
	dir := writeFiles(t, files)
	_, err := cloudformation.Load(filepath.Join(dir, "t0.yaml"), region, account)
	if err == nil || !strings.Contains(err.Error(), "templates nest one another") {
		t.Fatalf("error %v, want the nesting bound", err)
	}
}

// TestTemplateMapOption checks that WithTemplateMap takes only remote
// URL prefixes.
func TestTemplateMapOption(t *testing.T) {
	for _, tc := range []struct{ prefix, dir, err string }{
		{"https://bucket.s3.amazonaws.com/", "d", ""},
		{"s3://bucket/", "d", ""},
		{"file:///tmp/", "d", "is not an https:// or s3:// URL"},
		{"https://x/", "", "the folder is empty"},
	} {
		_, err := cloudformation.Read("t.yaml", []byte("Resources: {}\n"), cloudformation.WithTemplateMap(tc.prefix, tc.dir))
		switch {
		case tc.err == "" && err != nil && strings.Contains(err.Error(), "template map"):
			t.Errorf("%s: %v", tc.prefix, err)
		case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
			t.Errorf("%s: error %v, want %q", tc.prefix, err, tc.err)
		}
	}
}

// TestNestedParameterNotDeclared checks that a parameter the parent passes
// and the child does not declare is an error naming the nested stack
// (CloudFormation fails the nested stack's create the same way).
func TestNestedParameterNotDeclared(t *testing.T) {
	dir := writeFiles(t, map[string]string{"p.yaml": parentOf("c.yaml", "VpcId"), "c.yaml": strings.Replace(child, "Cidr: {Type: String}", "Other: {Type: String, Default: 10.0.0.0/16}", 1)})
	_, err := cloudformation.Load(filepath.Join(dir, "p.yaml"), region, account)
	if err == nil || !strings.Contains(err.Error(), `parameter "Cidr" given with the Parameters of nested stack Net in `) {
		t.Fatalf("error %v, want the undeclared parameter named with the nested stack", err)
	}
}

// TestImportFromNestedStack checks that a nested stack's export is found
// by a stack given before its parent: the nested stacks' exports and
// imports count for the order too (the knowledge-center article "No
// Export named XYZ found" names imports between stacks that are not yet
// created as the cause; the order avoids it).
func TestImportFromNestedStack(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"app.yaml":      importer,
		"parent.yaml":   strings.Replace(parentOf("nets/net.yaml", "VpcId"), "Parameters: {Cidr: 10.9.0.0/16}", "Parameters: {}", 1),
		"nets/net.yaml": strings.ReplaceAll(exporter, "${AWS::StackName}", "net"),
	})
	w, err := cloudformation.LoadStacks(context.Background(), []cloudformation.Stack{{File: filepath.Join(dir, "app.yaml")}, {File: filepath.Join(dir, "parent.yaml")}}, region, account)
	if err != nil {
		t.Fatal(err)
	}
	if got := securityGroupVpc(t, w, "-app-Sg"); got != "vpc-parent-Net-Vpc" {
		t.Fatalf("security group VpcId %q, want the nested stack's VPC vpc-parent-Net-Vpc", got)
	}
}

// TestImportAcrossRegions checks that an export of a stack in another
// region does not resolve an import (CFN-UG "Fn::ImportValue": "You can't
// create cross-stack references across Regions"): it stays unknown.
func TestImportAcrossRegions(t *testing.T) {
	dir := writeFiles(t, map[string]string{"net.yaml": exporter, "app.yaml": importer})
	w, err := cloudformation.LoadStacks(context.Background(), []cloudformation.Stack{
		{File: filepath.Join(dir, "app.yaml"), Region: "eu-west-1"},
		{File: filepath.Join(dir, "net.yaml"), Region: "us-east-1"},
	}, account)
	if err != nil {
		t.Fatal(err)
	}
	if got := securityGroupVpc(t, w, "-app-Sg"); !strings.Contains(got, `Fn::ImportValue "net-VpcId"`) {
		t.Fatalf("security group VpcId %q, want the import unresolved", got)
	}
}

// TestOutputsErrors checks the Outputs section as CFN-UG "Outputs"
// describes it: every output has a Value, an Export has a Name, a
// Condition names a condition; an output whose condition is false and an
// export whose name is unknown export nothing.
func TestOutputsErrors(t *testing.T) {
	for _, tc := range []struct{ name, outputs, err string }{
		{"no Value", "  O: {Description: x}\n", "output has no Value"},
		{"Export without Name", "  O: {Value: x, Export: {}}\n", "Export has no Name"},
		{"undefined condition", "  O: {Value: x, Condition: Nope}\n", `condition "Nope" is not defined`},
		{"output not an object", "  O: x\n", "an output is an object with a Value"},
		{"false condition exports nothing", "  O: {Value: x, Condition: Never, Export: {Name: n}}\n  P: {Value: y, Export: {Name: n}}\n", ""},
		{"unknown export name exports nothing", "  O: {Value: x, Export: {Name: !Ref P}}\n  Q: {Value: y, Export: {Name: !Ref P}}\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tpl := "Parameters:\n  P: {Type: String}\nConditions:\n  Never: !Equals [a, b]\nResources:\n  L: {Type: AWS::Logs::LogGroup}\nOutputs:\n" + tc.outputs
			_, err := cloudformation.Read("t.yaml", []byte(tpl), region, account)
			switch {
			case tc.err == "" && err != nil:
				t.Fatal(err)
			case tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)):
				t.Fatalf("error %v, want %q", err, tc.err)
			}
		})
	}
}

// TestNestedStackCondition checks that a nested stack whose Condition is
// false is not created (CFN-UG "Conditions"), so its template is neither
// read nor stood in for, and that Stacks reads through LoadStacks.
func TestNestedStackCondition(t *testing.T) {
	tpl := `
Conditions:
  Never: !Equals [a, b]
Resources:
  Remote:
    Type: AWS::CloudFormation::Stack
    Condition: Never
    Properties:
      TemplateURL: https://s3.amazonaws.com/bucket/absent.yaml
  Local:
    Type: AWS::CloudFormation::Stack
    Condition: Never
    Properties:
      TemplateURL: absent.yaml
  L:
    Type: AWS::Logs::LogGroup
`
	dir := writeFiles(t, map[string]string{"p.yaml": tpl})
	src := &cloudformation.Stacks{Stacks: []cloudformation.Stack{{File: filepath.Join(dir, "p.yaml")}}, Options: []cloudformation.Option{region, account}}
	w, err := src.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, td := range w.TaskDefinitions.All() {
		t.Errorf("task definition %s stands in for a stack that is not created", td.Family)
	}
}

// TestSameExportInTwoRegions checks that two stacks of different regions
// may export the same name (CFN-UG "Fn::ImportValue": export names are
// unique within a Region; "You can't create cross-stack references across
// Regions"), and that each import finds its own region's.
func TestSameExportInTwoRegions(t *testing.T) {
	dir := writeFiles(t, map[string]string{"net.yaml": exporter, "net-us.yaml": strings.ReplaceAll(exporter, "${AWS::StackName}", "net"), "app.yaml": importer})
	w, err := cloudformation.LoadStacks(context.Background(), []cloudformation.Stack{
		{File: filepath.Join(dir, "app.yaml"), Region: "us-east-1"},
		{File: filepath.Join(dir, "app.yaml"), Name: "app-eu", Region: "eu-west-1"},
		{File: filepath.Join(dir, "net.yaml"), Region: "eu-west-1"},
		{File: filepath.Join(dir, "net-us.yaml"), Region: "us-east-1"},
	}, account)
	if err != nil {
		t.Fatal(err)
	}
	if got := securityGroupVpc(t, w, "-app-eu-Sg"); got != "vpc-net-Vpc" {
		t.Fatalf("eu-west-1 import gives %q, want vpc-net-Vpc", got)
	}
	if got := securityGroupVpc(t, w, "-app-Sg"); got != "vpc-net-us-Vpc" {
		t.Fatalf("us-east-1 import gives %q, want vpc-net-us-Vpc", got)
	}
}
