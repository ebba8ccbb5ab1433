// Command bulksnapshot writes a snapshot document of many services in one
// VPC, for scale tests (docs/testing.md, "Scale"):
//
//	go run ./internal/gen/bulksnapshot -services 5000 -o /tmp/bulk.json
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/ecs-preflight/ecs-preflight/internal/gen"
)

func main() {
	c := gen.DefaultConfig(1000)
	flag.IntVar(&c.Services, "services", c.Services, "number of ECS services")
	flag.IntVar(&c.Containers, "containers", c.Containers, "containers per task definition")
	flag.IntVar(&c.Subnets, "subnets", c.Subnets, "private subnets in the VPC (at most 250)")
	flag.IntVar(&c.ServiceSubnets, "service-subnets", c.ServiceSubnets, "subnets per service")
	flag.IntVar(&c.Rules, "rules", c.Rules, "extra rules in the task security group")
	out := flag.String("o", "", "output `file` (default standard output)")
	flag.Parse()
	if err := run(c, *out); err != nil {
		fmt.Fprintln(os.Stderr, "bulksnapshot:", err)
		os.Exit(2)
	}
}

func run(c gen.Config, out string) error {
	b, err := gen.BulkSnapshot(c)
	if err != nil {
		return err
	}
	if out == "" {
		_, err = os.Stdout.Write(b)
		return err
	}
	return os.WriteFile(out, b, 0o644)
}
