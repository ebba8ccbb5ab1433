package world_test

import (
	"fmt"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/imageref"
	"github.com/ecs-preflight/ecs-preflight/source/cloudformation"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
	"github.com/ecs-preflight/ecs-preflight/source/tfplan"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestRegionsThroughEveryReader feeds the example region of every partition
// world.Partitions knows through every reader that takes a region name, so
// that no reader keeps a region rule of its own (AWS General Reference
// "Amazon Resource Names" for the partitions).
func TestRegionsThroughEveryReader(t *testing.T) {
	for _, p := range world.Partitions {
		region := p.ExampleRegion
		t.Run(region, func(t *testing.T) {
			if got := world.PartitionOf(region); got != p.ID {
				t.Fatalf("PartitionOf(%q) = %q, want %q", region, got, p.ID)
			}
			check := func(reader string, w *world.World, err error) {
				t.Helper()
				if err != nil {
					t.Errorf("%s: %v", reader, err)
					return
				}
				if w.Region != region || w.Partition != p.ID {
					t.Errorf("%s: region %q partition %q, want %q %q", reader, w.Region, w.Partition, region, p.ID)
				}
			}

			w, err := snapshot.Read("s.json", fmt.Appendf(nil, `{"snapshotVersion": "1", "region": %q}`, region))
			check("snapshot region", w, err)
			w, err = snapshot.Read("s.json", fmt.Appendf(nil, `{"snapshotVersion": "1", "partition": %q, "region": %q}`, p.ID, region))
			check("snapshot partition and region", w, err)
			if !world.IsPartition(p.ID) {
				t.Errorf("IsPartition(%q) = false", p.ID)
			}

			tmpl := []byte(`{"Resources": {"Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": {"Fn::Sub": "/ecs/${AWS::Region}"}}}}}`)
			w, err = cloudformation.Read("t.json", tmpl, cloudformation.WithRegion(region))
			check("cloudformation WithRegion", w, err)
			if err == nil {
				if lg := w.LogGroups.All(); len(lg) != 1 || lg[0].LogGroupName != "/ecs/"+region {
					t.Errorf("cloudformation AWS::Region: log groups %+v, want /ecs/%s", lg, region)
				}
			}

			plan := []byte(`{"format_version": "1.2", "planned_values": {"root_module": {}}, "configuration": {"root_module": {}}}`)
			w, err = tfplan.Read("p.json", plan, tfplan.WithRegion(region))
			check("tfplan WithRegion", w, err)
			plan = fmt.Appendf(nil, `{"format_version": "1.2", "planned_values": {"root_module": {}}, "configuration": {"provider_config": {"aws": {"name": "aws", "expressions": {"region": {"constant_value": %q}}}}, "root_module": {}}}`, region)
			w, err = tfplan.Read("p.json", plan)
			check("tfplan provider region", w, err)

			// A plan without a provider region: the region comes from what the
			// resources pin (a subnet's availability zone, an endpoint's
			// service name, an ARN).
			for attr, val := range map[string]string{
				"availability_zone": region + "a",
				"service_name":      "com.amazonaws." + region + ".ecr.api",
				"arn":               "arn:" + p.ID + ":ec2:" + region + ":123456789012:subnet/subnet-1",
			} {
				plan = fmt.Appendf(nil, `{"format_version": "1.2", "planned_values": {"root_module": {"resources": [{"address": "aws_subnet.a", "mode": "managed", "type": "aws_subnet", "name": "a", "values": {%q: %q}}]}}, "configuration": {"root_module": {}}}`, attr, val)
				w, err = tfplan.Read("p.json", plan)
				check("tfplan region from "+attr, w, err)
			}

			// SDK partitions metadata "dnsSuffix"; CFN "Pseudo parameters
			// reference", AWS::URLSuffix.
			suffix := map[string]string{"aws": "amazonaws.com", "aws-cn": "amazonaws.com.cn", "aws-us-gov": "amazonaws.com", "aws-eusc": "amazonaws.eu"}[p.ID]
			if got := world.DNSSuffix(p.ID); got != suffix {
				t.Errorf("DNSSuffix(%q) = %q, want %q", p.ID, got, suffix)
			}
			tmpl = []byte(`{"Resources": {"Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": {"Ref": "AWS::URLSuffix"}}}}}`)
			if w, err = cloudformation.Read("t.json", tmpl, cloudformation.WithRegion(region)); err == nil {
				if lg := w.LogGroups.All(); len(lg) != 1 || lg[0].LogGroupName != suffix {
					t.Errorf("cloudformation AWS::URLSuffix: log groups %+v, want %s", lg, suffix)
				}
			}
			img := "123456789012.dkr.ecr." + region + "." + suffix + "/app:1"
			ref, err := imageref.Parse(img)
			if err != nil || ref.Kind != imageref.ECRPrivate || ref.Region != region || ref.Partition != p.ID {
				t.Errorf("imageref.Parse(%q) = kind %v region %q partition %q (%v), want ECR in %q %q", img, ref.Kind, ref.Region, ref.Partition, err, region, p.ID)
			}
		})
	}
}

// TestUnmodelledPartitions: the isolated partitions' hosts and ARNs are not
// modelled, so their names are refused rather than read as "aws".
func TestUnmodelledPartitions(t *testing.T) {
	for _, id := range []string{"aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-", "AWS", ""} {
		if world.IsPartition(id) {
			t.Errorf("IsPartition(%q) = true", id)
		}
		if _, err := snapshot.Read("s.json", fmt.Appendf(nil, `{"snapshotVersion": "1", "partition": %q}`, id)); err == nil {
			t.Errorf("snapshot with partition %q: no error", id)
		}
		if _, err := cloudformation.Read("t.json", []byte(`{"Resources": {}}`), cloudformation.WithPartition(id)); err == nil {
			t.Errorf("cloudformation.WithPartition(%q): no error", id)
		}
	}
}
