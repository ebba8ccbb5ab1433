package cloudformation

import (
	"testing"

	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestOriginColumn checks that origins carry the 1-based column of the node
// the line comes from, for YAML and for JSON templates alike: CFN-UG
// "CloudFormation template format" accepts both, and a JSON template is read
// as YAML 1.2 flow style (JSON is a subset of YAML 1.2, YAML 1.2 spec
// "Relation to JSON"), whose parser counts columns in code points.
func TestOriginColumn(t *testing.T) {
	type pos struct{ line, col int }
	for _, tc := range []struct {
		name, file, tpl string
		task, container pos
	}{
		{
			name: "YAML block template: the logical id and the container's first key",
			file: "stack.yaml",
			tpl: "Resources:\n" +
				"  Task:\n" +
				"    Type: AWS::ECS::TaskDefinition\n" +
				"    Properties:\n" +
				"      ContainerDefinitions:\n" +
				"        - Name: app\n" +
				"          Image: nginx\n",
			task: pos{2, 3}, container: pos{6, 11},
		},
		{
			name: "YAML flow mapping: the container's opening brace",
			file: "stack.yaml",
			tpl: "Resources:\n" +
				"    Task: {Type: AWS::ECS::TaskDefinition, Properties: {ContainerDefinitions: [{Name: app, Image: nginx}]}}\n",
			task: pos{2, 5}, container: pos{2, 80},
		},
		{
			name: "JSON template: the logical id's opening quote and the container's brace",
			file: "stack.json",
			tpl: "{\n" +
				"  \"Resources\": {\n" +
				"    \"Task\": {\n" +
				"      \"Type\": \"AWS::ECS::TaskDefinition\",\n" +
				"      \"Properties\": {\"ContainerDefinitions\": [\n" +
				"        {\"Name\": \"app\", \"Image\": \"nginx\"}\n" +
				"      ]}\n" +
				"    }\n" +
				"  }\n" +
				"}\n",
			task: pos{3, 5}, container: pos{6, 9},
		},
		{
			name: "JSON template indented with tabs and a non-ASCII key: a tab and a code point are one column each",
			file: "stack.json",
			tpl: "{\"Description\": \"é😀\", \"Resources\": {\n" +
				"\t\t\"Task\": {\"Type\": \"AWS::ECS::TaskDefinition\", \"Properties\": {\"ContainerDefinitions\": [\n" +
				"\t\t\t{\"Name\": \"app\", \"Image\": \"nginx\"}]}}}}\n",
			task: pos{2, 3}, container: pos{3, 4},
		},
		{
			name: "JSON template on one line: columns tell the resources apart",
			file: "stack.json",
			tpl:  `{"Resources": {"Task": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": [{"Name": "app", "Image": "nginx"}]}}}}`,
			task: pos{1, 16}, container: pos{1, 101},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, err := Read(tc.file, []byte(tc.tpl))
			if err != nil {
				t.Fatal(err)
			}
			tds := w.TaskDefinitions.All()
			if len(tds) != 1 || len(tds[0].ContainerDefinitions) != 1 {
				t.Fatalf("task definitions %+v, want one with one container", tds)
			}
			want := world.Origin{File: tc.file, Line: tc.task.line, Column: tc.task.col, Path: "Task"}
			if got := tds[0].Origin; got != want {
				t.Errorf("task definition origin %#v, want %#v", got, want)
			}
			want = world.Origin{File: tc.file, Line: tc.container.line, Column: tc.container.col, Path: "Task.ContainerDefinitions.app"}
			if got := tds[0].ContainerDefinitions[0].Origin; got != want {
				t.Errorf("container origin %#v, want %#v", got, want)
			}
		})
	}
}
