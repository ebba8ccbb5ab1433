package cdkassembly

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/source/cloudformation"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// ManifestFile is the name of an assembly's manifest in its directory.
const ManifestFile = "manifest.json"

// MaxSize caps a manifest or metadata file; a CDK app's largest, with its
// feature flag report and metadata, is a few hundred kilobytes.
const MaxSize = 64 << 20

// MaxDepth bounds the nesting of Stages (cdk:cloud-assembly artifacts);
// a deeper assembly is an input error rather than a walk without end.
const MaxDepth = 16

// Artifact types of the cloud-assembly-schema's ArtifactType.
const (
	typeStack    = "aws:cloudformation:stack"
	typeAssembly = "cdk:cloud-assembly"
	metaAsset    = "aws:cdk:asset"
)

// Stack is one aws:cloudformation:stack artifact.
type Stack struct {
	// Stack is what cloudformation.LoadStacks reads: the template, the
	// stack name, the parameters and the pinned environment.
	Stack cloudformation.Stack
	// ID is the artifact id in its manifest ("Network",
	// "ProdNetwork2D2E7D69").
	ID string
	// DisplayName is how `cdk` shows and selects the stack
	// ("Prod/Network"); the artifact id when the manifest has none.
	DisplayName string
	// Dependencies are the ids of the stacks of the same assembly this
	// one is deployed after.
	Dependencies []string
	// Assets are the assets whose locations are stack parameters.
	Assets []Asset
}

// Asset is an aws:cdk:asset metadata entry.
type Asset struct {
	ID        string
	Packaging string // file, zip or container-image
	Path      string // relative to the assembly directory
	// Parameters are the stack parameters cdk deploy sets for it.
	Parameters []string
	what       []string // what each parameter holds
}

// Assembly is a cloud assembly read, nested assemblies included.
type Assembly struct {
	Dir     string
	Version string
	// Stacks are every stack, those of nested assemblies too, in
	// deployment order.
	Stacks []Stack
}

// CloudFormationStacks returns the stacks as cloudformation.LoadStacks
// takes them.
func (a *Assembly) CloudFormationStacks() []cloudformation.Stack {
	out := make([]cloudformation.Stack, len(a.Stacks))
	for i, s := range a.Stacks {
		out[i] = s.Stack
	}
	return out
}

// IsAssembly reports whether path is a directory holding a manifest.json.
func IsAssembly(path string) bool {
	fi, err := os.Stat(filepath.Join(path, ManifestFile))
	return err == nil && fi.Mode().IsRegular()
}

// Load reads the assembly in dir and returns its stacks.
func Load(dir string) ([]cloudformation.Stack, error) {
	a, err := Read(dir)
	if err != nil {
		return nil, err
	}
	return a.CloudFormationStacks(), nil
}

// Read reads the assembly in dir (the directory holding manifest.json).
func Read(dir string) (*Assembly, error) {
	return read(dir, func(name string) ([]byte, error) { return source.ReadFile(name, MaxSize) })
}

// read reads the assembly in dir with readFile.
func read(dir string, readFile func(string) ([]byte, error)) (*Assembly, error) {
	r := &reader{seen: map[string]bool{}, readFile: readFile}
	a := &Assembly{Dir: dir}
	v, err := r.read(dir, 0, &a.Stacks)
	if err != nil {
		return nil, err
	}
	a.Version = v
	return a, nil
}

// The manifest, as far as it is read (cloud-assembly-schema
// AssemblyManifest and ArtifactManifest).
type manifest struct {
	Version   string              `json:"version"`
	Artifacts map[string]artifact `json:"artifacts"`
}

type artifact struct {
	Type                   string                     `json:"type"`
	Environment            string                     `json:"environment"`
	Metadata               map[string][]metadataEntry `json:"metadata"`
	AdditionalMetadataFile string                     `json:"additionalMetadataFile"`
	Dependencies           []string                   `json:"dependencies"`
	DisplayName            string                     `json:"displayName"`
	// Properties depend on the type; decoded once the type is known.
	Properties json.RawMessage `json:"properties"`
}

type stackProperties struct {
	TemplateFile string            `json:"templateFile"`
	Parameters   map[string]string `json:"parameters"`
	StackName    string            `json:"stackName"`
}

type assemblyProperties struct {
	DirectoryName string `json:"directoryName"`
	DisplayName   string `json:"displayName"`
}

type metadataEntry struct {
	Type string          `json:"type"`
	Data json.RawMessage `json:"data"`
}

// assetEntry is FileAssetMetadataEntry and ContainerImageAssetMetadataEntry
// together.
type assetEntry struct {
	ID                    string `json:"id"`
	Packaging             string `json:"packaging"`
	Path                  string `json:"path"`
	S3BucketParameter     string `json:"s3BucketParameter"`
	S3KeyParameter        string `json:"s3KeyParameter"`
	ArtifactHashParameter string `json:"artifactHashParameter"`
	ImageNameParameter    string `json:"imageNameParameter"`
}

type reader struct {
	seen     map[string]bool // assembly directories read, cleaned
	readFile func(string) ([]byte, error)
}

func inputErr(file, path string, err error) error {
	return &source.InputError{Kind: "cloud assembly", File: file, Path: path, Err: err}
}

// decode unmarshals data (the contents of file) into v, placing a syntax
// or type error at its line and column.
func decode(file string, data []byte, v any) error {
	if err := json.Unmarshal(data, v); err != nil {
		line, col, msg := source.JSONError(data, err)
		return &source.InputError{Kind: "cloud assembly", File: file, Line: line, Column: col, Err: msg}
	}
	return nil
}

// decodeAt unmarshals raw, the value at path in file, into v; an error is
// placed by the JSON path.
func decodeAt(file, path string, raw json.RawMessage, v any) error {
	if len(raw) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		_, _, msg := source.JSONError(raw, err)
		return inputErr(file, path, msg)
	}
	return nil
}

func (r *reader) readJSON(file string, v any) error {
	data, err := r.readFile(file)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return inputErr(file, "", source.ErrEmpty)
	}
	return decode(file, data, v)
}

// read reads the assembly in dir and appends its stacks to out; it returns
// the manifest's version.
func (r *reader) read(dir string, depth int, out *[]Stack) (string, error) {
	file := filepath.Join(dir, ManifestFile)
	if depth > MaxDepth {
		return "", inputErr(file, "", fmt.Errorf("nested cloud assemblies deeper than %d", MaxDepth))
	}
	// Every directory is joined from the first: cleaned, the same
	// directory is the same string (a symbolic link back up is caught by
	// MaxDepth).
	clean := filepath.Clean(dir)
	if r.seen[clean] {
		return "", inputErr(file, "", errors.New("the assembly nests itself"))
	}
	r.seen[clean] = true
	var m manifest
	if err := r.readJSON(file, &m); err != nil {
		return "", err
	}
	ids, err := order(file, m.Artifacts)
	if err != nil {
		return "", err
	}
	for _, id := range ids {
		a := m.Artifacts[id]
		path := "$.artifacts." + id
		if id == "" {
			return "", inputErr(file, "$.artifacts", errors.New("an artifact id is empty"))
		}
		switch a.Type {
		case typeStack:
			st, err := r.stack(dir, file, path, id, a)
			if err != nil {
				return "", err
			}
			// Asset manifests are deployed with their stack: only stacks
			// order stacks.
			st.Dependencies = slices.DeleteFunc(st.Dependencies, func(d string) bool { return m.Artifacts[d].Type != typeStack })
			*out = append(*out, st)
		case typeAssembly:
			var p assemblyProperties
			if err := decodeAt(file, path+".properties", a.Properties, &p); err != nil {
				return "", err
			}
			if p.DirectoryName == "" {
				return "", inputErr(file, path+".properties.directoryName", errors.New("a nested cloud assembly needs its directoryName"))
			}
			if _, err := r.read(filepath.Join(dir, p.DirectoryName), depth+1, out); err != nil {
				return "", err
			}
		}
	}
	return m.Version, nil
}

// stack reads one aws:cloudformation:stack artifact.
func (r *reader) stack(dir, file, path, id string, a artifact) (Stack, error) {
	var p stackProperties
	if err := decodeAt(file, path+".properties", a.Properties, &p); err != nil {
		return Stack{}, err
	}
	if p.TemplateFile == "" {
		return Stack{}, inputErr(file, path+".properties.templateFile", errors.New("a stack artifact needs its templateFile"))
	}
	st := Stack{
		ID:          id,
		DisplayName: a.DisplayName,
		Stack: cloudformation.Stack{
			File: filepath.Join(dir, p.TemplateFile),
			Name: p.StackName,
		},
	}
	if st.DisplayName == "" {
		st.DisplayName = id
	}
	if st.Stack.Name == "" {
		st.Stack.Name = id
	}
	account, region, err := environment(a.Environment)
	if err != nil {
		return Stack{}, inputErr(file, path+".environment", err)
	}
	st.Stack.Account, st.Stack.Region = account, region
	params := maps.Clone(p.Parameters)
	if params == nil {
		params = map[string]string{}
	}
	assets, err := readAssets(file, path+".metadata", a.Metadata)
	if err != nil {
		return Stack{}, err
	}
	if a.AdditionalMetadataFile != "" {
		mf := filepath.Join(dir, a.AdditionalMetadataFile)
		var more map[string][]metadataEntry
		if err := r.readJSON(mf, &more); err != nil {
			return Stack{}, err
		}
		extra, err := readAssets(mf, "$", more)
		if err != nil {
			return Stack{}, err
		}
		assets = append(assets, extra...)
	}
	for _, as := range assets {
		for i, pn := range as.Parameters {
			// The location exists once cdk deploy has uploaded the asset;
			// a value given in the manifest's parameters is kept.
			if _, given := params[pn]; !given {
				params[pn] = world.Unresolved(fmt.Sprintf("CDK asset %q (its %s, a parameter cdk deploy sets)", as.Path, as.what[i]))
			}
		}
	}
	st.Assets = assets
	if len(params) > 0 {
		st.Stack.Parameters = params
	}
	st.Dependencies = slices.Clone(a.Dependencies)
	return st, nil
}

// readAssets collects the aws:cdk:asset entries of a stack's metadata, in
// construct path order.
func readAssets(file, path string, meta map[string][]metadataEntry) ([]Asset, error) {
	var out []Asset
	for _, cp := range slices.Sorted(maps.Keys(meta)) {
		for i, e := range meta[cp] {
			if e.Type != metaAsset {
				continue
			}
			var d assetEntry
			if err := decodeAt(file, fmt.Sprintf("%s[%q][%d].data", path, cp, i), e.Data, &d); err != nil {
				return nil, err
			}
			as := Asset{ID: d.ID, Packaging: d.Packaging, Path: d.Path}
			for _, p := range []struct{ name, what string }{
				{d.S3BucketParameter, "S3 bucket"},
				{d.S3KeyParameter, "S3 key"},
				{d.ArtifactHashParameter, "hash"},
				{d.ImageNameParameter, "image name"},
			} {
				if p.name != "" {
					as.Parameters = append(as.Parameters, p.name)
					as.what = append(as.what, p.what)
				}
			}
			out = append(out, as)
		}
	}
	return out, nil
}

var accountRE = regexp.MustCompile(`^[0-9]{12}$`)

// environment reads "aws://ACCOUNT/REGION" (cloud-assembly-schema
// ArtifactManifest.environment; cx-api EnvironmentUtils): the placeholders
// unknown-account and unknown-region, and an empty environment, leave the
// value unpinned.
func environment(env string) (account, region string, err error) {
	if env == "" {
		return "", "", nil
	}
	rest, ok := strings.CutPrefix(env, "aws://")
	a, rg, ok2 := strings.Cut(rest, "/")
	if !ok || !ok2 {
		return "", "", source.Errorf("environment %q: want aws://ACCOUNT/REGION", env)
	}
	if a != "unknown-account" {
		if !accountRE.MatchString(a) {
			return "", "", source.Errorf("environment %q: account %q is not a 12-digit AWS account id", env, a)
		}
		account = a
	}
	if rg != "unknown-region" {
		if !world.IsRegion(rg) {
			return "", "", source.Errorf("environment %q: region %q is not a region name", env, rg)
		}
		region = rg
	}
	return account, region, nil
}

// order returns the ids of the stack and nested assembly artifacts, sorted
// by id and each after the artifacts of the assembly it depends on; a cycle
// is an input error.
func order(file string, arts map[string]artifact) ([]string, error) {
	var ids []string
	for _, id := range slices.Sorted(maps.Keys(arts)) {
		if t := arts[id].Type; t == typeStack || t == typeAssembly {
			ids = append(ids, id)
		}
	}
	const (
		todo = iota
		doing
		done
	)
	state := map[string]int{}
	out := make([]string, 0, len(ids))
	var visit func(id string, chain []string) error
	visit = func(id string, chain []string) error {
		switch state[id] {
		case done:
			return nil
		case doing:
			i := slices.Index(chain, id)
			return inputErr(file, "$.artifacts", fmt.Errorf("stacks depend on each other in a cycle: %s", strings.Join(append(chain[i:], id), " → ")))
		}
		state[id] = doing
		for _, d := range slices.Sorted(slices.Values(arts[id].Dependencies)) {
			if t := arts[d].Type; t == typeStack || t == typeAssembly {
				if err := visit(d, append(chain, id)); err != nil {
					return err
				}
			}
		}
		state[id] = done
		out = append(out, id)
		return nil
	}
	for _, id := range ids {
		if err := visit(id, nil); err != nil {
			return nil, err
		}
	}
	return out, nil
}
