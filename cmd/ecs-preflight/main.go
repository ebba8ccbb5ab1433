// Command ecs-preflight checks, before deploy, that an Amazon ECS task will
// get through its start phase: execution role, registry auth, image pull,
// secrets, environment files and logs, each over the task's network path.
//
// Exit codes: 0 pass, 1 fail, 3 unknown, 2 usage or input error.
package main

import (
	"os"

	"github.com/ecs-preflight/ecs-preflight/iostreams"
)

func main() {
	os.Exit(run(os.Args[1:], iostreams.System()))
}
