package cloudformation

import (
	"context"
	"strings"
	"testing"
)

func TestHyphenSuffix(t *testing.T) {
	cases := []struct {
		a, b string
		want int
	}{
		{"orders-network-PrivateSubnet1", "network-PrivateSubnet1", len("-PrivateSubnet1")},
		{"a-VpcId", "b-VpcId", len("-VpcId")},
		{"a-Subnet1", "b-Subnet2", 0},
		{"VpcId", "x-VpcId", 0}, // no prefix left in a
		{"x-VpcId", "VpcId", 0}, // nor in b
		{"prod-x-y-Name", "dev-y-Name", len("-y-Name")},
		{"", "", 0},
	}
	for _, tc := range cases {
		if got := hyphenSuffix(tc.a, tc.b); got != tc.want {
			t.Errorf("hyphenSuffix(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

// An import no stack exports names the export that ends the same way and
// the stack name that would make it match, so a stack given under its file
// name instead of its deployed name is one flag away.
func TestImportHintNamesTheStack(t *testing.T) {
	dir := "testdata/stacks/imports/"
	w, err := LoadStacks(context.Background(), []Stack{
		{File: dir + "network.yaml"}, {File: dir + "iam.yaml", Name: "orders-iam"}, {File: dir + "service.yaml", Name: "orders-service"},
	}, WithRegion("eu-west-1"), WithAccount("123456789012"))
	if err != nil {
		t.Fatal(err)
	}
	var msg string
	for _, s := range w.Services.All() {
		msg = s.Unknown["networkConfiguration"]
	}
	want := `Fn::ImportValue "orders-network-PrivateSubnet1"; stack "network" exports "network-PrivateSubnet1": if it is deployed as "orders-network", give it that name (--cloudformation ` + dir + `network.yaml=orders-network)`
	if !strings.Contains(msg, want) {
		t.Errorf("networkConfiguration unknown:\n%s\nwant it to contain\n%s", msg, want)
	}
}

// Stacks in two regions leave the application's region unknown, naming
// both, rather than take the last stack's for every task; stacks that
// agree keep it.
func TestStacksInSeveralRegions(t *testing.T) {
	dir := "testdata/stacks/imports/"
	load := func(r1, r2 string) (string, string) {
		t.Helper()
		w, err := LoadStacks(context.Background(), []Stack{
			{File: dir + "network.yaml", Name: "orders-network", Region: r1},
			{File: dir + "iam.yaml", Name: "orders-iam", Region: r1},
			{File: dir + "service.yaml", Name: "orders-service", Region: r2},
		}, WithAccount("123456789012"))
		if err != nil {
			t.Fatal(err)
		}
		return w.Region, w.RegionFrom
	}
	if r, from := load("eu-west-1", "eu-west-1"); r != "eu-west-1" {
		t.Errorf("one region: %q (%s), want eu-west-1", r, from)
	}
	r, from := load("eu-west-1", "us-east-1")
	if r != "" || !strings.Contains(from, "eu-west-1 (") || !strings.Contains(from, "us-east-1 (") {
		t.Errorf("two regions: %q, %q; want unknown naming both", r, from)
	}
}
