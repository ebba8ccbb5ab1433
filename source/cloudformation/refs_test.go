package cloudformation

import (
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestAttrOrUnresolved checks that a Ref or Fn::GetAtt the template does not
// determine becomes a stand-in naming it, never "" (CFN-UG "Fn::GetAtt":
// most attributes exist only after the resource is created), and that an
// error evaluating the resource is returned.
func TestAttrOrUnresolved(t *testing.T) {
	const tpl = `
Resources:
  Repo: {Type: AWS::ECR::Repository, Properties: {RepositoryName: app}}
  Shared: {Type: AWS::ECR::Repository, Properties: {RepositoryName: !ImportValue shared-repo}}
  Topic: {Type: AWS::SNS::Topic}
  Cluster: {Type: AWS::ECS::Cluster, Properties: {ClusterName: [a, b]}}
`
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(tpl), &root); err != nil {
		t.Fatal(err)
	}
	l := newLoader("stack.yaml", options{region: "us-east-1", account: "123456789012"})
	if err := l.load(root.Content[0]); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id, attr string
		want     string
		unres    bool
	}{
		{id: "Repo", attr: "Arn", want: "arn:aws:ecr:us-east-1:123456789012:repository/app"},
		{id: "Repo", attr: "RepositoryUri", want: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app"},
		{id: "Shared", attr: "Arn", unres: true},
		// Attributes the reader does not model are known only after deploy.
		{id: "Repo", attr: "Foo", want: world.Unresolved("Fn::GetAtt Repo.Foo (AWS::ECR::Repository), known only after deploy"), unres: true},
		{id: "Topic", attr: "", want: world.Unresolved("Ref Topic (AWS::SNS::Topic), known only after deploy"), unres: true},
	} {
		got, err := l.attrOrUnresolved(l.res[tc.id], tc.attr)
		if err != nil {
			t.Errorf("%s.%s: %v", tc.id, tc.attr, err)
			continue
		}
		if tc.want != "" && got != tc.want || world.IsUnresolved(got) != tc.unres {
			t.Errorf("%s.%s = %q, want %q (unresolved %v)", tc.id, tc.attr, got, tc.want, tc.unres)
		}
	}
	for _, r := range l.w.Repositories.All() {
		if r.RepositoryName != "app" && (!world.IsUnresolved(r.RepositoryArn) || !world.IsUnresolved(r.RepositoryUri)) {
			t.Errorf("repository of an imported name: arn %q uri %q, want stand-ins", r.RepositoryArn, r.RepositoryUri)
		}
	}
	if got, err := l.attrOrUnresolved(l.res["Cluster"], "Arn"); err == nil {
		t.Errorf("Cluster.Arn with a list as ClusterName = %q, want an error", got)
	}
}
