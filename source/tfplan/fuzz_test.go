package tfplan_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/source/tfplan"
)

// FuzzRead checks that no input makes Read panic, and that every error is
// an InputError naming the file.
func FuzzRead(f *testing.F) {
	// The scenario fixtures are tens of kilobytes; a small plan cut from
	// one keeps the fuzzer fast while covering the same code.
	if b, err := os.ReadFile(filepath.Join("testdata", "scenarios", "index.json")); err == nil {
		f.Add(b)
	}
	f.Add([]byte(`{"format_version":"1.2","variables":{"ids":{"value":["subnet-1"]}},"resource_changes":[` +
		`{"address":"aws_vpc.v","type":"aws_vpc","name":"v","change":{"actions":["create"],"after":{"cidr_block":"10.0.0.0/16"},"after_unknown":{"id":true}}},` +
		`{"address":"aws_subnet.s[0]","type":"aws_subnet","name":"s","index":0,"change":{"actions":["create"],"after":{},"after_unknown":{"id":true,"vpc_id":true}}},` +
		`{"address":"aws_ecs_task_definition.t","type":"aws_ecs_task_definition","name":"t","change":{"actions":["create"],"after":{"family":"t","container_definitions":"[{\"name\":\"a\",\"image\":\"x\"}]"},"after_unknown":{"arn":true}}},` +
		`{"address":"aws_ecs_service.s","type":"aws_ecs_service","name":"s","change":{"actions":["create"],"after":{"network_configuration":[{"assign_public_ip":false}]},"after_unknown":{"network_configuration":[{"subnets":true}]}}},` +
		`{"address":"aws_secretsmanager_secret_version.v","type":"aws_secretsmanager_secret_version","name":"v","change":{"actions":["create"],"after":{"secret_string":"{\"k\":1}"},"after_sensitive":{"secret_string":true}}}],` +
		`"configuration":{"provider_config":{"aws":{"name":"aws","expressions":{"region":{"references":["var.r"]}}}},"root_module":{"resources":[` +
		`{"address":"aws_subnet.s","type":"aws_subnet","name":"s","expressions":{"vpc_id":{"references":["aws_vpc.v.id","aws_vpc.v"]}}},` +
		`{"address":"aws_ecs_service.s","type":"aws_ecs_service","name":"s","expressions":{"network_configuration":[{"subnets":{"references":["var.ids","aws_subnet.s","count.index"]}}]}}]}}}`))
	f.Add([]byte(`{"format_version":"1.2","resource_changes":[{"address":"module.a[\"x\"].aws_subnet.s[0]","module_address":"module.a[\"x\"]","type":"aws_subnet","name":"s","index":0,"change":{"actions":["create"],"after":{},"after_unknown":{"vpc_id":true}}}],"configuration":{"root_module":{"module_calls":{"a":{"module":{"resources":[{"address":"aws_subnet.s","type":"aws_subnet","name":"s","expressions":{"vpc_id":{"references":["module.a.x","var.v","local.l","aws_vpc.v[\"k\"].id"]}}}]}}}}}}`))
	f.Add([]byte(`{"format_version":"0.1","planned_values":{}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := tfplan.Read("fuzz.json", data)
		if err != nil {
			var ie *source.InputError
			if !errors.As(err, &ie) || ie.File != "fuzz.json" {
				t.Fatalf("error %v is not an InputError for the file", err)
			}
			return
		}
		if w == nil {
			t.Fatal("nil world without an error")
		}
	})
}
