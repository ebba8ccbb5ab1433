package taskstart

import (
	"context"
	"testing"
)

// The result says in which region and account the tasks were checked and
// how each is known (World.RegionFrom / AccountFrom), or what is missing:
// sources no longer guess either.
func TestResultRegionAndAccount(t *testing.T) {
	cases := []struct {
		name                    string
		region, from            string
		account, accountFrom    string
		wantRegion, wantAccount Provenance
	}{
		{"pinned by the template", "us-west-2", "pinned by the template: awslogs-region of container app (t.yaml:40)", "111122223333", "--account",
			Provenance{Value: "us-west-2", From: "pinned by the template: awslogs-region of container app (t.yaml:40)"}, Provenance{Value: "111122223333", From: "--account"}},
		{"unknown with the source's reason", "", "the template pins us-east-1 and eu-west-1", "", "",
			Provenance{Missing: "the template pins us-east-1 and eu-west-1"}, Provenance{Missing: accountMissing}},
		{"unknown without a reason", "", "", "", "no ARN of the plan names an account",
			Provenance{Missing: regionMissing}, Provenance{Missing: "no ARN of the plan names an account"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := baseWorld()
			w.Region, w.RegionFrom, w.AccountID, w.AccountFrom = tc.region, tc.from, tc.account, tc.accountFrom
			res, err := Simulate(context.Background(), w)
			if err != nil {
				t.Fatal(err)
			}
			if *res.Region != tc.wantRegion || *res.Account != tc.wantAccount {
				t.Errorf("region %+v account %+v, want %+v %+v", *res.Region, *res.Account, tc.wantRegion, tc.wantAccount)
			}
		})
	}
}
