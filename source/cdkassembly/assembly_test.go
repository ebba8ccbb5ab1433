package cdkassembly

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// TestReadSynthesized reads the cdk.out that aws-cdk-lib 2.276.0 wrote for
// testdata/app/app.js (testdata/README.md): the stacks of the app and of
// its Stage, in deployment order, with what the manifest says of each.
func TestReadSynthesized(t *testing.T) {
	a, err := Read(filepath.Join("testdata", "cdk.out"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Version != "55.0.0" {
		t.Errorf("version %q, want 55.0.0", a.Version)
	}
	type want struct {
		id, display, name, template, region, account string
		deps                                         []string
	}
	wants := []want{
		{"Config", "Config", "Config", "Config.template.json", "eu-west-1", "111122223333", nil},
		{"Network", "Network", "dev-network", "Network.template.json", "eu-west-1", "111122223333", nil},
		{"Service", "Service", "dev-service", "Service.template.json", "eu-west-1", "111122223333", []string{"Network"}},
		{"Worker", "Worker", "Worker", "Worker.template.json", "eu-west-1", "111122223333", nil},
		{"ProdNetwork2D2E7D69", "Prod/Network", "Prod-Network", filepath.Join("assembly-Prod", "ProdNetwork2D2E7D69.template.json"), "eu-west-1", "111122223333", nil},
		{"ProdServiceC810982D", "Prod/Service", "Prod-Service", filepath.Join("assembly-Prod", "ProdServiceC810982D.template.json"), "eu-west-1", "111122223333", []string{"ProdNetwork2D2E7D69"}},
	}
	if len(a.Stacks) != len(wants) {
		t.Fatalf("%d stacks, want %d: %+v", len(a.Stacks), len(wants), a.Stacks)
	}
	for i, w := range wants {
		s := a.Stacks[i]
		t.Run(w.id, func(t *testing.T) {
			if s.ID != w.id || s.DisplayName != w.display || s.Stack.Name != w.name {
				t.Errorf("id %q display %q name %q, want %q %q %q", s.ID, s.DisplayName, s.Stack.Name, w.id, w.display, w.name)
			}
			if want := filepath.Join("testdata", "cdk.out", w.template); s.Stack.File != want {
				t.Errorf("file %q, want %q", s.Stack.File, want)
			}
			if s.Stack.Region != w.region || s.Stack.Account != w.account {
				t.Errorf("env %s/%s, want %s/%s", s.Stack.Account, s.Stack.Region, w.account, w.region)
			}
			if strings.Join(s.Dependencies, ",") != strings.Join(w.deps, ",") {
				t.Errorf("dependencies %v, want %v (asset manifests left out)", s.Dependencies, w.deps)
			}
			if _, err := os.Stat(s.Stack.File); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestLegacyAssetParameters: the LegacyStackSynthesizer passes a file
// asset's bucket, key and hash as stack parameters (cloud-assembly-schema
// FileAssetMetadataEntry); their values exist only after cdk deploy, so
// each is a stand-in naming the asset.
func TestLegacyAssetParameters(t *testing.T) {
	a, err := Read(filepath.Join("testdata", "cdk.out"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := a.Stacks[0]
	if len(cfg.Assets) != 1 {
		t.Fatalf("assets %+v, want one", cfg.Assets)
	}
	as := cfg.Assets[0]
	if as.Packaging != "file" || !strings.HasPrefix(as.Path, "asset.") || len(as.Parameters) != 3 {
		t.Fatalf("asset %+v", as)
	}
	for _, p := range as.Parameters {
		v := cfg.Stack.Parameters[p]
		if !world.IsUnresolved(v) || !strings.Contains(v, "CDK asset") || !strings.Contains(v, as.Path) {
			t.Errorf("parameter %s = %q, want a stand-in naming the CDK asset %s", p, v, as.Path)
		}
	}
	worker := a.Stacks[3]
	if worker.ID != "Worker" || len(worker.Assets) != 2 {
		t.Fatalf("%s: assets %+v, want the image and the environment file", worker.ID, worker.Assets)
	}
	for _, as := range worker.Assets {
		// A container image asset under the v2 LegacyStackSynthesizer
		// names its repository and tag (aws-cdk/assets:HASH), no
		// parameter; the file asset its three parameters.
		if want := map[string]int{"container-image": 0, "file": 3}[as.Packaging]; len(as.Parameters) != want {
			t.Errorf("%s asset %s: parameters %v, want %d", as.Packaging, as.Path, as.Parameters, want)
		}
		for _, p := range as.Parameters {
			if v := worker.Stack.Parameters[p]; !world.IsUnresolved(v) || !strings.Contains(v, "CDK asset") {
				t.Errorf("parameter %s = %q, want a CDK asset stand-in", p, v)
			}
		}
	}
	for _, s := range []Stack{a.Stacks[1], a.Stacks[2], a.Stacks[4], a.Stacks[5]} {
		if len(s.Stack.Parameters) != 0 {
			t.Errorf("%s: parameters %v, want none (the default synthesizer passes no asset parameters)", s.ID, s.Stack.Parameters)
		}
	}
}

// writeAssembly writes files (name → content) into a new directory.
func writeAssembly(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const tmpl = `{"Resources":{}}`

// TestManifestCases are manifests in the cloud-assembly-schema's shape,
// and the malformed ones the reader must place.
func TestManifestCases(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		// stacks are display=name@account/region, in order; err a
		// substring of the error.
		stacks []string
		err    string
		line   int
	}{
		{
			name: "environment-agnostic stack: unknown-account and unknown-region are not pinned",
			files: map[string]string{"manifest.json": `{"version":"36.0.0","artifacts":{"App":{"type":"aws:cloudformation:stack","environment":"aws://unknown-account/unknown-region","properties":{"templateFile":"App.template.json"}}}}`,
				"App.template.json": tmpl},
			stacks: []string{"App=App@/"},
		},
		{
			name: "stackName defaults to the artifact id; displayName too",
			files: map[string]string{"manifest.json": `{"version":"21.0.0","artifacts":{"B":{"type":"aws:cloudformation:stack","properties":{"templateFile":"b.json","stackName":"bee"}},"A":{"type":"aws:cloudformation:stack","displayName":"Aaa","properties":{"templateFile":"a.json"},"dependencies":["B"]}}}`,
				"a.json": tmpl, "b.json": tmpl},
			stacks: []string{"B=bee@/", "Aaa=A@/"},
		},
		{
			name: "unknown manifest version and artifact types are skipped",
			files: map[string]string{"manifest.json": `{"version":"999.0.0","artifacts":{"X":{"type":"cdk:something-new","properties":{"templateFile":42}},"S":{"type":"aws:cloudformation:stack","environment":"aws://123456789012/us-east-2","properties":{"templateFile":"s.json"}}}}`,
				"s.json": tmpl},
			stacks: []string{"S=S@123456789012/us-east-2"},
		},
		{
			name: "nested assembly of a Stage, recursively",
			files: map[string]string{"manifest.json": `{"version":"55.0.0","artifacts":{"assembly-P":{"type":"cdk:cloud-assembly","properties":{"directoryName":"assembly-P","displayName":"P"}}}}`,
				"assembly-P/manifest.json":              `{"version":"55.0.0","artifacts":{"assembly-P-Q":{"type":"cdk:cloud-assembly","properties":{"directoryName":"assembly-P-Q"}},"PS":{"type":"aws:cloudformation:stack","displayName":"P/S","properties":{"templateFile":"s.json","stackName":"P-S"}}}}`,
				"assembly-P/s.json":                     tmpl,
				"assembly-P/assembly-P-Q/manifest.json": `{"version":"55.0.0","artifacts":{"T":{"type":"aws:cloudformation:stack","displayName":"P/Q/T","properties":{"templateFile":"t.json","stackName":"P-Q-T"}}}}`,
				"assembly-P/assembly-P-Q/t.json":        tmpl},
			stacks: []string{"P/S=P-S@/", "P/Q/T=P-Q-T@/"}, // sorted by artifact id: PS before assembly-P-Q
		},
		{
			name:  "malformed JSON names the file, line and column",
			files: map[string]string{"manifest.json": "{\"version\":\"55.0.0\",\n\"artifacts\":{\"A\":{\"type\":}}}"},
			err:   "manifest.json", line: 2,
		},
		{
			name:  "artifacts of the wrong type",
			files: map[string]string{"manifest.json": `{"version":"55.0.0","artifacts":[]}`},
			err:   "want an object", line: 1,
		},
		{
			name:  "stack properties of the wrong type are placed by path",
			files: map[string]string{"manifest.json": `{"artifacts":{"A":{"type":"aws:cloudformation:stack","properties":{"templateFile":7}}}}`},
			err:   "$.artifacts.A.properties",
		},
		{
			name:  "stack without templateFile",
			files: map[string]string{"manifest.json": `{"artifacts":{"A":{"type":"aws:cloudformation:stack"}}}`},
			err:   "needs its templateFile",
		},
		{
			name:  "environment not aws://ACCOUNT/REGION",
			files: map[string]string{"manifest.json": `{"artifacts":{"A":{"type":"aws:cloudformation:stack","environment":"aws://12/eu-west-1","properties":{"templateFile":"a.json"}}}}`},
			err:   "12-digit",
		},
		{
			name:  "dependency cycle names the stacks",
			files: map[string]string{"manifest.json": `{"artifacts":{"A":{"type":"aws:cloudformation:stack","properties":{"templateFile":"a.json"},"dependencies":["B"]},"B":{"type":"aws:cloudformation:stack","properties":{"templateFile":"b.json"},"dependencies":["A"]}}}`},
			err:   "A → B → A",
		},
		{
			name:  "an assembly that nests itself",
			files: map[string]string{"manifest.json": `{"artifacts":{"S":{"type":"cdk:cloud-assembly","properties":{"directoryName":"."}}}}`},
			err:   "nests itself",
		},
		{
			name:  "nested assembly without directoryName",
			files: map[string]string{"manifest.json": `{"artifacts":{"S":{"type":"cdk:cloud-assembly","properties":{}}}}`},
			err:   "directoryName",
		},
		{
			name:  "empty manifest",
			files: map[string]string{"manifest.json": " \n"},
			err:   "empty document",
		},
		{
			name: "asset metadata of the wrong shape in the additional metadata file",
			files: map[string]string{"manifest.json": `{"artifacts":{"A":{"type":"aws:cloudformation:stack","additionalMetadataFile":"A.metadata.json","properties":{"templateFile":"a.json"}}}}`,
				"A.metadata.json": `{"/A":[{"type":"aws:cdk:asset","data":"x"}]}`},
			err: "A.metadata.json",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeAssembly(t, tc.files)
			a, err := Read(dir)
			if tc.err != "" {
				if err == nil {
					t.Fatalf("no error, want %q", tc.err)
				}
				if !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %q does not contain %q", err, tc.err)
				}
				var in *source.InputError
				if !errors.As(err, &in) {
					t.Fatalf("error %T is not a source.InputError", err)
				}
				if in.Line != tc.line {
					t.Errorf("line %d, want %d (%v)", in.Line, tc.line, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, s := range a.Stacks {
				got = append(got, s.DisplayName+"="+s.Stack.Name+"@"+s.Stack.Account+"/"+s.Stack.Region)
			}
			if strings.Join(got, " ") != strings.Join(tc.stacks, " ") {
				t.Errorf("stacks %v, want %v", got, tc.stacks)
			}
		})
	}
}

func TestNestingDepthBounded(t *testing.T) {
	files := map[string]string{}
	dir := ""
	for i := 0; i <= MaxDepth+1; i++ {
		files[filepath.Join(dir, "manifest.json")] = `{"artifacts":{"n":{"type":"cdk:cloud-assembly","properties":{"directoryName":"n"}}}}`
		dir = filepath.Join(dir, "n")
	}
	_, err := Read(writeAssembly(t, files))
	if err == nil || !strings.Contains(err.Error(), "deeper than") {
		t.Fatalf("error %v, want the depth bound", err)
	}
}

func TestIsAssembly(t *testing.T) {
	if !IsAssembly(filepath.Join("testdata", "cdk.out")) {
		t.Error("cdk.out is an assembly")
	}
	if IsAssembly(filepath.Join("testdata", "twin")) || IsAssembly(filepath.Join("testdata", "twin", "DevOne.template.json")) {
		t.Error("a template directory or file is not an assembly")
	}
}

// FuzzRead: any manifest is stacks or an input error, never a panic.
func FuzzRead(f *testing.F) {
	f.Add([]byte(`{"version":"55.0.0","artifacts":{"N":{"type":"aws:cloudformation:stack","environment":"aws://111122223333/eu-west-1","properties":{"templateFile":"N.template.json","stackName":"dev-network"},"dependencies":["N.assets"],"displayName":"N","additionalMetadataFile":"N.metadata.json"},"N.assets":{"type":"cdk:asset-manifest","properties":{"file":"N.assets.json"}}}}`))
	f.Add([]byte(`{"artifacts":{"A":{"type":"aws:cloudformation:stack","environment":"aws://unknown-account/eu-west-1","properties":{"templateFile":"a.json","parameters":{"P":"v"}},"metadata":{"/A":[{"type":"aws:cdk:asset","data":{"packaging":"container-image","imageNameParameter":"I","path":"x"}}]}}}}`))
	f.Add([]byte(`{"artifacts":{"S":{"type":"cdk:cloud-assembly","properties":{"directoryName":"."}}}}`))
	f.Add([]byte(`{"artifacts":{"A":{"type":"aws:cloudformation:stack","dependencies":["A"],"properties":{"templateFile":"a"}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		// In memory: the manifest, and a metadata file for the seeds that
		// name one.
		fsys := fstest.MapFS{
			"a/" + ManifestFile: {Data: data},
			"a/N.metadata.json": {Data: []byte(`{"/N":[{"type":"aws:cdk:asset","data":{"packaging":"file","path":"asset.x","s3BucketParameter":"B"}}]}`)},
		}
		a, err := read("a", func(name string) ([]byte, error) { return fs.ReadFile(fsys, filepath.ToSlash(name)) })
		if err != nil {
			var in *source.InputError
			var pe *fs.PathError
			if !errors.As(err, &in) && !errors.As(err, &pe) {
				t.Fatalf("error %T %v is neither an input error nor a file error", err, err)
			}
			return
		}
		for _, s := range a.Stacks {
			if s.Stack.File == "" || s.Stack.Name == "" || s.DisplayName == "" {
				t.Fatalf("stack without file, name or display name: %+v", s)
			}
		}
	})
}
