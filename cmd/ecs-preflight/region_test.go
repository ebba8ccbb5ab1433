package main

import (
	"context"
	"testing"
)

// A template checked with a snapshot takes the snapshot's region and
// account, and says so; without a snapshot or flags it takes what the
// template pins, never us-east-1 or 123456789012 (world/unresolved.go).
func TestRegionAndAccountSource(t *testing.T) {
	dir := "../../source/cloudformation/testdata/scenarios/"
	cases := []struct {
		name                             string
		opts                             CheckOptions
		region, regionFrom, account, acc string
	}{
		{"the snapshot's", CheckOptions{CloudFormation: dir + "nat-gateway.yaml", Snapshot: "testdata/exec-role-snapshot.json"}, "us-east-1", "", "123456789012", ""},
		{"--region and --account win", CheckOptions{CloudFormation: dir + "nat-gateway.yaml", Snapshot: "testdata/exec-role-snapshot.json", Region: "eu-west-1", Account: "210987654321"}, "eu-west-1", "--region", "210987654321", "--account"},
		{"pinned by the template", CheckOptions{CloudFormation: dir + "region-pinned-us-west-2.yaml"}, "us-west-2", "", "111122223333", ""},
		{"unknown: the template pins none", CheckOptions{CloudFormation: dir + "nat-gateway.yaml"}, "", "no --region, and the template pins none", "", "no --account, and the template pins none"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w, err := tc.opts.load(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			// The snapshot names its own source; the flags are only
			// named when given.
			if w.Region != tc.region || tc.regionFrom != "" && w.RegionFrom != tc.regionFrom || w.RegionFrom == "" || tc.opts.Region == "" && w.RegionFrom == "--region" {
				t.Errorf("region %q from %q, want %q from %q", w.Region, w.RegionFrom, tc.region, tc.regionFrom)
			}
			if w.AccountID != tc.account || tc.acc != "" && w.AccountFrom != tc.acc || w.AccountFrom == "" || tc.opts.Account == "" && w.AccountFrom == "--account" {
				t.Errorf("account %q from %q, want %q from %q", w.AccountID, w.AccountFrom, tc.account, tc.acc)
			}
		})
	}
}
