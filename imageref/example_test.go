package imageref_test

import (
	"fmt"

	"github.com/ecs-preflight/ecs-preflight/imageref"
)

func ExampleParse() {
	for _, s := range []string{
		"nginx",
		"123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:v1",
		"Foo:bar",
	} {
		r, err := imageref.Parse(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(r.Kind, r.String())
		if arn := r.RepositoryARN(); arn != "" {
			fmt.Println("  ", arn)
		}
	}
	// Output:
	// docker-hub docker.io/library/nginx:latest
	// ecr 123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/app:v1
	//    arn:aws:ecr:eu-west-1:123456789012:repository/team/app
	// image "Foo:bar": repository name must be lowercase
}
