package examples

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

var nameRE = regexp.MustCompile(`^[a-z0-9-]+$`)

// steps are the step names of the check output contract
// (report/json/schema/check-output.schema.json).
var steps = []string{"task-definition", "execution-role", "registry-auth", "image-manifest", "image-layers", "secrets", "environment-files", "logs"}

func TestFilesAndMetadataMatch(t *testing.T) {
	embedded, err := fs.Glob(files, "*.json")
	if err != nil {
		t.Fatal(err)
	}
	var fromFiles []string
	for _, f := range embedded {
		fromFiles = append(fromFiles, strings.TrimSuffix(f, ".json"))
	}
	sort.Strings(fromFiles)
	if got := Names(); !slices.Equal(got, fromFiles) {
		t.Errorf("metadata names %v\nembedded files %v", got, fromFiles)
	}
	seen := map[string]bool{}
	for _, e := range index {
		if seen[e.Name] {
			t.Errorf("example %q listed twice", e.Name)
		}
		seen[e.Name] = true
		if !nameRE.MatchString(e.Name) {
			t.Errorf("example name %q does not match %s", e.Name, nameRE)
		}
	}
}

func TestMetadata(t *testing.T) {
	for _, e := range All() {
		t.Run(e.Name, func(t *testing.T) {
			if e.Title == "" || e.Description == "" {
				t.Error("title or description missing")
			}
			x := e.Expect
			switch x.Verdict {
			case Pass:
				if x.Step != "" || x.Container != "" {
					t.Errorf("a passing example names step %q container %q", x.Step, x.Container)
				}
			case Fail, Unknown:
				if !slices.Contains(steps, x.Step) {
					t.Errorf("step %q is not a step of the check output", x.Step)
				}
				taskLevel := x.Step == "task-definition" || x.Step == "execution-role"
				if taskLevel != (x.Container == "") {
					t.Errorf("step %q with container %q", x.Step, x.Container)
				}
			default:
				t.Errorf("verdict %q", x.Verdict)
			}
		})
	}
}

func TestAllGetNames(t *testing.T) {
	all := All()
	if !sort.SliceIsSorted(all, func(i, j int) bool { return all[i].Name < all[j].Name }) {
		t.Error("All is not sorted by name")
	}
	for _, name := range Names() {
		e, ok := Get(name)
		if !ok || e.Name != name || len(e.Data) == 0 {
			t.Errorf("Get(%q) = %q, %v, %d bytes", name, e.Name, ok, len(e.Data))
		}
	}
	if _, ok := Get("no-such-example"); ok {
		t.Error(`Get("no-such-example") found something`)
	}
	// Data is a copy: changing it does not change the next caller's.
	a, _ := Get(Names()[0])
	a.Data[0] = 'X'
	if b, _ := Get(Names()[0]); b.Data[0] == 'X' {
		t.Error("Get returns shared Data")
	}
}

// TestSnapshotsAreConsistent checks each snapshot the way a reviewer would:
// valid JSON in the documented layout, and every id one section names is
// defined where it should be, so that the example decides every step.
func TestSnapshotsAreConsistent(t *testing.T) {
	for _, e := range All() {
		t.Run(e.Name, func(t *testing.T) {
			if !json.Valid(e.Data) {
				t.Fatal("not valid JSON")
			}
			var snap obj
			if err := json.Unmarshal(e.Data, &snap); err != nil {
				t.Fatal(err)
			}
			c := &checker{t: t, s: snap}
			c.top()
			c.ecs(e.Expect)
			if snap["ec2"] != nil {
				c.ec2()
			} else if e.Expect.Verdict != Unknown {
				t.Error("no ec2 section in an example meant to be decided")
			}
		})
	}
}

type obj = map[string]any

// at walks keys and indexes (int) through decoded JSON; nil when absent.
func at(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(obj)
			v = m[k]
		case int:
			a, _ := v.([]any)
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func objs(v any, path ...any) []obj {
	var out []obj
	for _, x := range arr(v, path...) {
		if m, ok := x.(obj); ok {
			out = append(out, m)
		}
	}
	return out
}

func arr(v any, path ...any) []any { a, _ := at(v, path...).([]any); return a }

func str(v any, path ...any) string { s, _ := at(v, path...).(string); return s }

func strs(v any, path ...any) []string {
	var out []string
	for _, x := range arr(v, path...) {
		if s, ok := x.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

type checker struct {
	t *testing.T
	s obj
}

func (c *checker) errorf(format string, args ...any) {
	c.t.Helper()
	c.t.Errorf(format, args...)
}

func (c *checker) top() {
	want := map[string]string{"snapshotVersion": "1", "partition": "aws", "region": "ap-northeast-1", "accountId": "123456789012"}
	for k, v := range want {
		if got := str(c.s, k); got != v {
			c.errorf("%s = %q, want %q", k, got, v)
		}
	}
	known := []string{"snapshotVersion", "partition", "region", "accountId", "ecs", "iam", "ec2", "ecr", "secretsmanager", "kms", "ssm", "logs", "s3"}
	for k := range c.s {
		if !slices.Contains(known, k) {
			c.errorf("unknown top-level key %q", k)
		}
	}
}

// fargate lists the valid memory sizes (MiB) per task cpu (ECS-DG "Task size"; docs/sources.md section 4).
func fargate(cpu string) []int {
	span := func(lo, hi, step int) []int {
		var out []int
		for m := lo; m <= hi; m += step {
			out = append(out, m)
		}
		return out
	}
	switch cpu {
	case "256":
		return []int{512, 1024, 2048}
	case "512":
		return span(1024, 4096, 1024)
	case "1024":
		return span(2048, 8192, 1024)
	case "2048":
		return span(4096, 16384, 1024)
	case "4096":
		return span(8192, 30720, 1024)
	case "8192":
		return span(16384, 61440, 4096)
	case "16384":
		return span(32768, 122880, 8192)
	}
	return nil
}

func (c *checker) ecs(x Expectation) {
	tds := map[string]obj{}
	for _, r := range objs(c.s, "ecs", "DescribeTaskDefinition") {
		td := at(r, "taskDefinition").(obj)
		tds[str(td, "taskDefinitionArn")] = td
	}
	services := objs(c.s, "ecs", "DescribeServices", "services")
	if len(services) == 0 {
		c.errorf("no services")
	}
	var containers []string
	for _, svc := range services {
		name := str(svc, "serviceName")
		if str(svc, "launchType") != "FARGATE" {
			c.errorf("service %s: launchType %q", name, str(svc, "launchType"))
		}
		if pv := str(svc, "platformVersion"); pv != "LATEST" && pv != "1.4.0" {
			c.errorf("service %s: platformVersion %q", name, pv)
		}
		td := tds[str(svc, "taskDefinition")]
		if td == nil {
			c.errorf("service %s: task definition %s not in DescribeTaskDefinition", name, str(svc, "taskDefinition"))
			continue
		}
		vpc := at(svc, "networkConfiguration", "awsvpcConfiguration")
		if vpc == nil {
			c.errorf("service %s: no awsvpcConfiguration", name)
		}
		if c.s["ec2"] != nil {
			c.placement(name, strs(vpc, "subnets"), strs(vpc, "securityGroups"))
		}
		c.taskDefinition(td)
		for _, cd := range objs(td, "containerDefinitions") {
			containers = append(containers, str(cd, "name"))
		}
	}
	if x.Container != "" && !slices.Contains(containers, x.Container) {
		c.errorf("expected container %q is not in any task definition (%v)", x.Container, containers)
	}
}

func (c *checker) taskDefinition(td obj) {
	family := str(td, "family")
	if str(td, "networkMode") != "awsvpc" || !slices.Contains(strs(td, "requiresCompatibilities"), "FARGATE") {
		c.errorf("%s: not an awsvpc Fargate task definition", family)
	}
	mem := 0
	fmt.Sscan(str(td, "memory"), &mem)
	if !slices.Contains(fargate(str(td, "cpu")), mem) {
		c.errorf("%s: cpu %s memory %s is not a Fargate size", family, str(td, "cpu"), str(td, "memory"))
	}
	c.role(str(td, "executionRoleArn"))
	if tr := str(td, "taskRoleArn"); tr != "" {
		c.role(tr)
	}
	for _, cd := range objs(td, "containerDefinitions") {
		name := family + "/" + str(cd, "name")
		lc := at(cd, "logConfiguration")
		if str(lc, "logDriver") != "awslogs" {
			c.errorf("%s: log driver %q", name, str(lc, "logDriver"))
		}
		for _, o := range []string{"awslogs-group", "awslogs-region", "awslogs-stream-prefix"} {
			if str(lc, "options", o) == "" {
				c.errorf("%s: no %s", name, o)
			}
		}
		if !c.has(objs(c.s, "logs", "DescribeLogGroups", "logGroups"), "logGroupName", str(lc, "options", "awslogs-group")) {
			c.errorf("%s: log group %q not in DescribeLogGroups", name, str(lc, "options", "awslogs-group"))
		}
		image := str(cd, "image")
		if host, repo, ok := strings.Cut(image, ".dkr.ecr.ap-northeast-1.amazonaws.com/"); ok {
			repo, _, _ = strings.Cut(repo, ":")
			arn := "arn:aws:ecr:ap-northeast-1:" + host + ":repository/" + repo
			var repos []obj
			if pages := arr(c.s, "ecr", "DescribeRepositories"); pages != nil {
				for i := range pages {
					repos = append(repos, objs(pages, i, "repositories")...)
				}
			} else {
				repos = objs(c.s, "ecr", "DescribeRepositories", "repositories")
			}
			if !c.has(repos, "repositoryArn", arn) {
				c.errorf("%s: repository %s not in DescribeRepositories", name, arn)
			}
			if at(c.s, "ecr", "GetRepositoryPolicy") == nil {
				c.errorf("%s: no GetRepositoryPolicy key", name)
			}
		}
		if p := str(cd, "repositoryCredentials", "credentialsParameter"); p != "" {
			c.secret(name, p)
		}
		for _, s := range objs(cd, "secrets") {
			v := str(s, "valueFrom")
			switch {
			case strings.HasPrefix(v, "arn:aws:secretsmanager:"):
				parts := strings.Split(v, ":")
				c.secret(name, strings.Join(parts[:7], ":"))
			case strings.HasPrefix(v, "arn:aws:ssm:"), strings.HasPrefix(v, "/"):
				if !c.has(objs(c.s, "ssm", "DescribeParameters", "Parameters"), "ARN", v) &&
					!c.has(objs(c.s, "ssm", "DescribeParameters", "Parameters"), "Name", v) {
					c.errorf("%s: parameter %s not in DescribeParameters", name, v)
				}
			default:
				c.errorf("%s: secret valueFrom %q", name, v)
			}
		}
	}
}

func (c *checker) has(list []obj, key, value string) bool {
	for _, m := range list {
		if str(m, key) == value {
			return true
		}
	}
	return false
}

func (c *checker) role(arn string) {
	roleName := arn[strings.LastIndex(arn, "/")+1:]
	if !c.has(objs(c.s, "iam", "GetRole"), "RoleName", roleName) {
		found := false
		for _, r := range objs(c.s, "iam", "GetRole") {
			found = found || str(r, "Role", "Arn") == arn
		}
		if !found {
			c.errorf("role %s not in GetRole", arn)
		}
	}
	attached := false
	for _, r := range objs(c.s, "iam", "ListAttachedRolePolicies") {
		if str(r, "RoleName") != roleName {
			continue
		}
		attached = true
		for _, p := range objs(r, "AttachedPolicies") {
			pa := str(p, "PolicyArn")
			if strings.HasPrefix(pa, "arn:aws:iam::aws:") {
				continue // the embedded AWS managed catalog
			}
			if !c.has(objs(c.s, "iam", "GetPolicyVersion"), "PolicyArn", pa) {
				c.errorf("role %s: policy %s not in GetPolicyVersion", roleName, pa)
			}
		}
	}
	if !attached {
		c.errorf("role %s not in ListAttachedRolePolicies", roleName)
	}
	listed := false
	for _, r := range objs(c.s, "iam", "ListRolePolicies") {
		if str(r, "RoleName") != roleName {
			continue
		}
		listed = true
		for _, pn := range strs(r, "PolicyNames") {
			ok := false
			for _, g := range objs(c.s, "iam", "GetRolePolicy") {
				ok = ok || str(g, "RoleName") == roleName && str(g, "PolicyName") == pn
			}
			if !ok {
				c.errorf("role %s: inline policy %s not in GetRolePolicy", roleName, pn)
			}
		}
	}
	if !listed {
		c.errorf("role %s not in ListRolePolicies", roleName)
	}
}

func (c *checker) secret(who, arn string) {
	var sec obj
	for _, s := range objs(c.s, "secretsmanager", "DescribeSecret") {
		if str(s, "ARN") == arn {
			sec = s
		}
	}
	if sec == nil {
		c.errorf("%s: secret %s not in DescribeSecret", who, arn)
		return
	}
	if !c.has(objs(c.s, "secretsmanager", "GetResourcePolicy"), "ARN", arn) {
		c.errorf("%s: secret %s not in GetResourcePolicy", who, arn)
	}
	if !c.has(objs(c.s, "secretsmanager", "SecretKeys"), "SecretId", arn) {
		c.errorf("%s: secret %s not in SecretKeys", who, arn)
	}
	if k := str(sec, "KmsKeyId"); k != "" {
		found := false
		for _, d := range objs(c.s, "kms", "DescribeKey") {
			found = found || str(d, "KeyMetadata", "Arn") == k
		}
		if !found || !c.has(objs(c.s, "kms", "GetKeyPolicy"), "KeyId", k) {
			c.errorf("%s: key %s not in DescribeKey and GetKeyPolicy", who, k)
		}
	}
}

// placement checks that the task's subnets and security groups exist, in
// one VPC, and that everything on their paths is defined.
func (c *checker) placement(svc string, subnets, groups []string) {
	ec2 := c.s["ec2"]
	vpcs := map[string]bool{}
	for _, id := range subnets {
		found := false
		for _, s := range objs(ec2, "DescribeSubnets", "Subnets") {
			if str(s, "SubnetId") == id {
				found = true
				vpcs[str(s, "VpcId")] = true
			}
		}
		if !found {
			c.errorf("service %s: subnet %s not in DescribeSubnets", svc, id)
		}
	}
	for _, id := range groups {
		found := false
		for _, g := range objs(ec2, "DescribeSecurityGroups", "SecurityGroups") {
			if str(g, "GroupId") == id {
				found = true
				vpcs[str(g, "VpcId")] = true
			}
		}
		if !found {
			c.errorf("service %s: security group %s not in DescribeSecurityGroups", svc, id)
		}
	}
	if len(vpcs) != 1 {
		c.errorf("service %s: subnets and groups in VPCs %v", svc, vpcs)
	}
}

func (c *checker) ec2() {
	ec2 := c.s["ec2"]
	for _, op := range []string{"DescribeVpcs", "DescribeVpcAttribute", "DescribeSubnets", "DescribeRouteTables", "DescribeSecurityGroups",
		"DescribeNetworkAcls", "DescribeVpcEndpoints", "DescribeInternetGateways", "DescribeNatGateways", "DescribePrefixLists", "DescribeDhcpOptions"} {
		if at(ec2, op) == nil {
			c.errorf("ec2.%s missing", op)
		}
	}
	ids := map[string]string{} // id -> kind
	define := func(kind, id string) {
		if id == "" {
			c.errorf("%s without id", kind)
		}
		if _, dup := ids[id]; dup {
			c.errorf("%s %s defined twice", kind, id)
		}
		ids[id] = kind
	}
	for _, v := range objs(ec2, "DescribeVpcs", "Vpcs") {
		define("vpc", str(v, "VpcId"))
	}
	for _, s := range objs(ec2, "DescribeSubnets", "Subnets") {
		define("subnet", str(s, "SubnetId"))
	}
	for _, g := range objs(ec2, "DescribeInternetGateways", "InternetGateways") {
		define("igw", str(g, "InternetGatewayId"))
	}
	for _, n := range objs(ec2, "DescribeNatGateways", "NatGateways") {
		define("nat", str(n, "NatGatewayId"))
	}
	for _, e := range objs(ec2, "DescribeVpcEndpoints", "VpcEndpoints") {
		define("vpce", str(e, "VpcEndpointId"))
	}
	for _, g := range objs(ec2, "DescribeSecurityGroups", "SecurityGroups") {
		define("sg", str(g, "GroupId"))
	}
	for _, r := range objs(ec2, "DescribeRouteTables", "RouteTables") {
		define("rtb", str(r, "RouteTableId"))
	}
	for _, p := range objs(ec2, "DescribePrefixLists", "PrefixLists") {
		define("pl", str(p, "PrefixListId"))
	}
	for _, d := range objs(ec2, "DescribeDhcpOptions", "DhcpOptions") {
		define("dopt", str(d, "DhcpOptionsId"))
	}
	ref := func(kind, id, where string) {
		if ids[id] != kind {
			c.errorf("%s: %s %s is not defined", where, kind, id)
		}
	}
	for _, v := range objs(ec2, "DescribeVpcs", "Vpcs") {
		id := str(v, "VpcId")
		ref("dopt", str(v, "DhcpOptionsId"), id)
		for _, attr := range []string{"EnableDnsSupport", "EnableDnsHostnames"} {
			found := false
			for _, a := range objs(ec2, "DescribeVpcAttribute") {
				found = found || str(a, "VpcId") == id && at(a, attr, "Value") != nil
			}
			if !found {
				c.errorf("%s: no DescribeVpcAttribute %s", id, attr)
			}
		}
		mains := 0
		for _, r := range objs(ec2, "DescribeRouteTables", "RouteTables") {
			for _, a := range objs(r, "Associations") {
				if at(a, "Main") == true && str(r, "VpcId") == id {
					mains++
				}
			}
		}
		if mains != 1 {
			c.errorf("%s: %d main route tables", id, mains)
		}
	}
	rtOf, aclOf := map[string]int{}, map[string]int{}
	for _, r := range objs(ec2, "DescribeRouteTables", "RouteTables") {
		rid := str(r, "RouteTableId")
		ref("vpc", str(r, "VpcId"), rid)
		for _, a := range objs(r, "Associations") {
			if s := str(a, "SubnetId"); s != "" {
				ref("subnet", s, rid)
				rtOf[s]++
			}
		}
		hasLocal := false
		for _, rt := range objs(r, "Routes") {
			switch gw := str(rt, "GatewayId"); {
			case gw == "local":
				hasLocal = true
			case strings.HasPrefix(gw, "igw-"):
				ref("igw", gw, rid)
			case strings.HasPrefix(gw, "vpce-"):
				ref("vpce", gw, rid)
				ref("pl", str(rt, "DestinationPrefixListId"), rid)
			}
			if n := str(rt, "NatGatewayId"); n != "" {
				ref("nat", n, rid)
			}
		}
		if !hasLocal {
			c.errorf("%s: no local route", rid)
		}
	}
	for _, a := range objs(ec2, "DescribeNetworkAcls", "NetworkAcls") {
		var egress, ingress []float64
		for _, e := range objs(a, "Entries") {
			if at(e, "Egress") == true {
				egress = append(egress, at(e, "RuleNumber").(float64))
			} else {
				ingress = append(ingress, at(e, "RuleNumber").(float64))
			}
		}
		if !slices.Contains(egress, 32767) || !slices.Contains(ingress, 32767) {
			c.errorf("%s: no default deny entries", str(a, "NetworkAclId"))
		}
		for _, as := range objs(a, "Associations") {
			ref("subnet", str(as, "SubnetId"), str(a, "NetworkAclId"))
			aclOf[str(as, "SubnetId")]++
		}
	}
	for _, s := range objs(ec2, "DescribeSubnets", "Subnets") {
		id := str(s, "SubnetId")
		ref("vpc", str(s, "VpcId"), id)
		if rtOf[id] > 1 || aclOf[id] != 1 {
			c.errorf("%s: %d route table and %d network ACL associations", id, rtOf[id], aclOf[id])
		}
	}
	for _, n := range objs(ec2, "DescribeNatGateways", "NatGateways") {
		ref("subnet", str(n, "SubnetId"), str(n, "NatGatewayId"))
	}
	for _, g := range objs(ec2, "DescribeInternetGateways", "InternetGateways") {
		for _, a := range objs(g, "Attachments") {
			ref("vpc", str(a, "VpcId"), str(g, "InternetGatewayId"))
		}
	}
	for _, g := range objs(ec2, "DescribeSecurityGroups", "SecurityGroups") {
		for _, dir := range []string{"IpPermissions", "IpPermissionsEgress"} {
			for _, p := range objs(g, dir) {
				for _, pair := range objs(p, "UserIdGroupPairs") {
					ref("sg", str(pair, "GroupId"), str(g, "GroupId"))
				}
			}
		}
	}
	for _, e := range objs(ec2, "DescribeVpcEndpoints", "VpcEndpoints") {
		id := str(e, "VpcEndpointId")
		if !strings.HasPrefix(str(e, "ServiceName"), "com.amazonaws.ap-northeast-1.") {
			c.errorf("%s: service %s", id, str(e, "ServiceName"))
		}
		if !json.Valid([]byte(str(e, "PolicyDocument"))) {
			c.errorf("%s: PolicyDocument is not JSON text", id)
		}
		for _, s := range strs(e, "SubnetIds") {
			ref("subnet", s, id)
		}
		for _, g := range objs(e, "Groups") {
			ref("sg", str(g, "GroupId"), id)
		}
		for _, r := range strs(e, "RouteTableIds") {
			ref("rtb", r, id)
			routed := false
			for _, rt := range objs(ec2, "DescribeRouteTables", "RouteTables") {
				if str(rt, "RouteTableId") != r {
					continue
				}
				for _, route := range objs(rt, "Routes") {
					routed = routed || str(route, "GatewayId") == id
				}
			}
			if !routed {
				c.errorf("%s: route table %s has no route to it", id, r)
			}
		}
	}
}

// citation is a source a description may name: an AWS documentation page
// by key and quoted title, a public thread as owner/repo#N, or a document
// of this repository.
var citation = regexp.MustCompile(`(?:ECS-DG|ECR-UG|IAM-UG|KMS-DG|SM-UG|PL-G|VPC-UG) "[^"]+"|[\w.-]+/[\w.-]+#[0-9]+|docs/[a-z-]+\.md`)

// Every description names the public source of what it sets up, and only
// sources a reader can open: no notes outside the repository.
func TestDescriptionsCiteSources(t *testing.T) {
	outside := regexp.MustCompile(`(?i)seed|domain\.md|design\.md|style\.md|issue [0-9]|shared/`)
	for _, e := range index {
		t.Run(e.Name, func(t *testing.T) {
			if !citation.MatchString(e.Description) {
				t.Errorf("description cites no source: %q", e.Description)
			}
			if m := outside.FindString(e.Description); m != "" {
				t.Errorf("description cites %q, which is not public: %q", m, e.Description)
			}
		})
	}
}
