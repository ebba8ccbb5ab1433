package cloudformation_test

import (
	"fmt"

	"github.com/ecs-preflight/ecs-preflight/source/cloudformation"
)

func ExampleRead() {
	tpl := []byte(`
Resources:
  Repo:
    Type: AWS::ECR::Repository
    Properties: {RepositoryName: api}
  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Family: api
      ContainerDefinitions:
        - Name: api
          Image: !Sub ${Repo.RepositoryUri}:1.0
        - Name: sidecar
          Image: !ImportValue shared-SidecarImage
`)
	w, err := cloudformation.Read("api.yaml", tpl, cloudformation.WithRegion("eu-west-1"), cloudformation.WithAccount("111122223333"))
	if err != nil {
		fmt.Println(err)
		return
	}
	td := w.TaskDefinitions.All()[0]
	fmt.Println(td.TaskDefinitionArn)
	fmt.Println(td.ContainerDefinitions[0].Image)
	fmt.Println(td.ContainerDefinitions[1].Image)
	// Output:
	// arn:aws:ecs:eu-west-1:111122223333:task-definition/api:1
	// 111122223333.dkr.ecr.eu-west-1.amazonaws.com/api:1.0
	// <unresolved Fn::ImportValue "shared-SidecarImage">
}
