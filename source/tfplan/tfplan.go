package tfplan

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"regexp"
	"strconv"
	"strings"

	tfjson "github.com/hashicorp/terraform-json"

	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// MaxSize is the largest plan Read and Load accept. The JSON of a plan for
// a few thousand resources is tens of megabytes; the cap keeps a wrong file
// from exhausting memory.
const MaxSize = 256 << 20

// Plan is a `terraform show -json` plan file as a source.Source.
type Plan struct {
	// Path is the plan JSON file, as the user named it.
	Path    string
	Options []Option
}

var _ source.Source = (*Plan)(nil)

// Load reads the plan at p.Path. Errors are *source.InputError.
func (p *Plan) Load(ctx context.Context) (*world.World, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return Load(p.Path, p.Options...)
}

// Option configures Load and Read.
type Option func(*options) error

type options struct {
	region  string
	account string

	// configFS and configDir locate the configuration (WithConfig);
	// configName is the directory as the user named it, for errors.
	configFS   fs.FS
	configDir  string
	configName string
}

var (
	accountRE = regexp.MustCompile(`^\d{12}$`)
)

// WithRegion sets the region the tasks run in. By default the region is
// read from the plan: the region of the default aws provider
// configuration (a constant or a root variable), else the data.aws_region
// data source, else the one region the resources agree on (ARNs,
// availability zones, endpoint service names). When the plan names
// several regions or none the world's region is left empty, and RegionFrom
// says why, rather than guessed.
func WithRegion(region string) Option {
	return func(o *options) error {
		if !world.IsRegion(region) {
			return source.Errorf("tfplan: region %q is not a region name such as eu-west-1", region)
		}
		o.region = region
		return nil
	}
}

// WithAccount sets the account the tasks run in. By default the account is
// read from the plan: the data.aws_caller_identity data source, else a
// single allowed_account_ids of the default aws provider configuration,
// else the one account the ARNs the plan states agree on. Without any of
// these the account is left empty, AccountFrom says so, and ARNs the plan
// does not know yet hold a world.Unresolved stand-in for the account.
func WithAccount(account string) Option {
	return func(o *options) error {
		if !accountRE.MatchString(account) {
			return source.Errorf("tfplan: account %q is not a 12-digit AWS account id", account)
		}
		o.account = account
		return nil
	}
}

// Load reads the plan JSON file at path (the output of `terraform show
// -json PLANFILE`). Errors that concern the content are *source.InputError;
// a file that cannot be opened is an InputError too, wrapping the
// *fs.PathError.
func Load(path string, opts ...Option) (*world.World, error) {
	data, err := source.ReadFile(path, MaxSize)
	if err != nil {
		return nil, &source.InputError{Kind: "plan", File: path, Err: err}
	}
	return Read(path, data, opts...)
}

// Read reads a plan held in memory; name is the file name errors and origins
// carry. Errors are *source.InputError, except for a bad option.
func Read(name string, data []byte, opts ...Option) (*world.World, error) {
	var o options
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	inErr := func(path string, err error) error {
		return &source.InputError{Kind: "plan", File: name, Path: path, Err: err}
	}
	if len(data) > MaxSize {
		return nil, inErr("", fmt.Errorf("larger than %d MiB; is this the output of terraform show -json?", MaxSize>>20))
	}
	// terraform show -json writes no byte-order mark, but a plan saved by
	// PowerShell 5 (`terraform show -json p > plan.json`) starts with a
	// UTF-16 one; read it as the snapshot reader does.
	data, err := source.ToUTF8(data)
	if err != nil {
		return nil, inErr("", err)
	}
	if err := checkSyntax(name, data); err != nil {
		return nil, err
	}
	var head struct {
		FormatVersion json.RawMessage `json:"format_version"`
		PlannedValues json.RawMessage `json:"planned_values"`
		Changes       json.RawMessage `json:"resource_changes"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, inErr("$", errors.New("a plan is a JSON object (terraform show -json PLANFILE)"))
	}
	var fv string
	if err := json.Unmarshal(head.FormatVersion, &fv); err != nil || fv == "" {
		return nil, inErr("$.format_version", errors.New("missing or not a string; is this the output of terraform show -json PLANFILE?"))
	}
	if !formatSupported(fv) {
		return nil, inErr("$.format_version", source.Errorf("format version %q is not supported; ecs-preflight reads plan format 0.1 to 1.x", fv))
	}
	if head.PlannedValues == nil && head.Changes == nil {
		return nil, inErr("$", errors.New("no planned_values or resource_changes: this looks like state, not a plan (terraform show -json PLANFILE)"))
	}
	var p tfjson.Plan
	if err := json.Unmarshal(data, &p); err != nil {
		if err := valuesError(name, data); err != nil {
			return nil, err
		}
		return nil, inErr(jsonPath(err), typeError(err))
	}
	r := newReader(name, &p, o)
	return r.build()
}

// formatSupported reports whether a plan's format_version is one the reader
// takes: MAJOR.MINOR from 0.1 (Terraform 0.12) up to any 1.x (Terraform 1.1
// writes 1.0, 1.2 writes 1.1, 1.5 to 1.15 write 1.2), the range
// tfjson.PlanFormatVersionConstraints accepts. Terraform CLI docs "JSON
// Output Format": the minor version grows for backward-compatible
// changes, whose new properties a reader ignores, and the major version for
// incompatible ones: "Reject any input which reports an unsupported major
// version."
func formatSupported(fv string) bool {
	major, minor, ok := strings.Cut(fv, ".")
	maj, err1 := strconv.Atoi(major)
	mnr, err2 := strconv.Atoi(minor)
	if !ok || err1 != nil || err2 != nil || maj < 0 || mnr < 0 {
		return false
	}
	return maj == 1 || maj == 0 && mnr >= 1
}

// checkSyntax reports malformed JSON with its line and column.
func checkSyntax(name string, data []byte) error {
	if json.Valid(data) {
		return nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(data))
	err := dec.Decode(&v)
	var off int64 = -1
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		// Offset counts the bad byte itself.
		off = max(se.Offset-1, 0)
	case err == nil:
		// Point at the extra data, past the white space that may follow
		// the value.
		off = int64(len(data) - len(bytes.TrimLeft(data[dec.InputOffset():], " \t\r\n")))
		err = errors.New("extra data after the JSON value")
	case len(bytes.TrimSpace(data)) == 0:
		return &source.InputError{Kind: "plan", File: name, Err: source.ErrEmpty}
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		off = int64(len(data))
		err = errors.New("unexpected end of JSON input: the plan is truncated")
	}
	line, col := position(data, off)
	return &source.InputError{Kind: "plan", File: name, Line: line, Column: col, Err: err}
}

// position turns a byte offset into a 1-based line and column.
func position(data []byte, off int64) (line, col int) {
	if off < 0 {
		return 0, 0
	}
	before := data[:min(off, int64(len(data)))]
	return bytes.Count(before, []byte("\n")) + 1, len(before) - bytes.LastIndexByte(before, '\n')
}

// jsonPath names the field of a type error, as a JSON path.
func jsonPath(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return "$." + te.Field
	}
	return "$"
}

// typeError rewrites a decoding error without the Go type names.
func typeError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("a JSON %s where the plan format has another type", te.Value)
	}
	return err
}

// stateModule is a module of prior_state or planned_values, with each
// resource's values left undecoded.
type stateModule struct {
	Resources []struct {
		Address string          `json:"address"`
		Values  json.RawMessage `json:"values"`
	} `json:"resources"`
	ChildModules []stateModule `json:"child_modules"`
}

// valuesError names the resource whose values in prior_state or
// planned_values are not an object (Terraform CLI docs "JSON Output
// Format": "values" is the object of the resource's attribute values), or
// returns nil.
func valuesError(name string, data []byte) error {
	var doc struct {
		PriorState *struct {
			Values *struct {
				RootModule *stateModule `json:"root_module"`
			} `json:"values"`
		} `json:"prior_state"`
		PlannedValues *struct {
			RootModule *stateModule `json:"root_module"`
		} `json:"planned_values"`
	}
	if json.Unmarshal(data, &doc) != nil {
		return nil
	}
	var mods []*stateModule
	if doc.PriorState != nil && doc.PriorState.Values != nil {
		mods = append(mods, doc.PriorState.Values.RootModule)
	}
	if doc.PlannedValues != nil {
		mods = append(mods, doc.PlannedValues.RootModule)
	}
	var walk func(m *stateModule, depth int) error
	walk = func(m *stateModule, depth int) error {
		if m == nil || depth > 64 {
			return nil
		}
		for _, res := range m.Resources {
			var v any
			if len(res.Values) == 0 || json.Unmarshal(res.Values, &v) != nil || v == nil {
				continue
			}
			if _, ok := v.(map[string]any); !ok {
				return shapeError(name, res.Address, "values", v)
			}
		}
		for i := range m.ChildModules {
			if err := walk(&m.ChildModules[i], depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	for _, m := range mods {
		if err := walk(m, 0); err != nil {
			return err
		}
	}
	return nil
}

// shapeError is the InputError for a resource's values (field "values",
// "change.after", "change.before") that are not an object.
func shapeError(file, addr, field string, v any) error {
	return &source.InputError{Kind: "plan", File: file, Path: cmp.Or(addr, "a resource without an address"),
		Err: fmt.Errorf("%s: want object, got %s", field, jsonKind(v))}
}
