package snapshot

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/ecs-preflight/ecs-preflight/internal/gen"
	"github.com/ecs-preflight/ecs-preflight/source"
)

// Sections are read in parallel: the world is the same for any number of
// cores, for the bulk snapshot and for every snapshot in testdata.
func TestReadParallelDeterministic(t *testing.T) {
	docs := map[string][]byte{}
	bulk, err := gen.BulkSnapshot(gen.DefaultConfig(40))
	if err != nil {
		t.Fatal(err)
	}
	docs["bulk"] = bulk
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	more, _ := filepath.Glob(filepath.Join("testdata", "*", "*.json"))
	files = append(files, more...)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		docs[f] = data
	}
	for name, data := range docs {
		read := func(procs int) (any, error) {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			return Read(name, data)
		}
		one, oneErr := read(1)
		four, fourErr := read(4)
		if !reflect.DeepEqual(oneErr, fourErr) || !reflect.DeepEqual(one, four) {
			t.Errorf("%s: the world read on 1 core and on 4 differ (errors %v, %v)", name, oneErr, fourErr)
		}
	}
}

// With errors in several sections, the error is the one a read of the
// sections one after the other meets first (in the order of sections, not
// of the document nor of the parallel schedule, which reads the largest
// first); and a repeated key anywhere comes before any other error, as a
// build of the whole tree finds it first.
func TestReadErrorOrder(t *testing.T) {
	big := `"ssm": {"DescribeParameters": {"Parameters": [` + strings.Repeat(`{"Name": "/p", "Type": "String"},`, 200) + `{"Name": 7}]}}`
	tests := []struct {
		name, body, want string
	}{
		{
			name: "the first section in reading order",
			body: big + `, "ecs": {"DescribeServices": {"services": [{"serviceName": 1}]}}`,
			want: `$.ecs.DescribeServices.services[0].serviceName`,
		},
		{
			name: "a repeated key after another error",
			body: `"ecs": {"DescribeServices": {"services": [{"serviceName": 1}]}}, ` +
				`"logs": {"DescribeLogGroups": {"logGroups": [{"logGroupName": "a", "logGroupName": "b"}]}}`,
			want: `duplicate key "logGroupName"`,
		},
		{
			name: "the first repeated key in the document",
			body: `"logs": {"DescribeLogGroups": {"logGroups": [{"logGroupName": "a", "logGroupName": "b"}]}}, ` +
				`"ecs": {"DescribeServices": {"services": [{"serviceName": "s", "serviceName": "t"}]}}`,
			want: `duplicate key "logGroupName"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, procs := range []int{1, 4} {
				prev := runtime.GOMAXPROCS(procs)
				_, err := Read("t.json", doc(tt.body))
				runtime.GOMAXPROCS(prev)
				var ie *source.InputError
				if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("%d cores: %v, want an input error naming %s", procs, err, tt.want)
				}
			}
		})
	}
}
