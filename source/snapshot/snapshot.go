package snapshot

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"github.com/ecs-preflight/ecs-preflight/internal/closest"
	"github.com/ecs-preflight/ecs-preflight/source"
	"github.com/ecs-preflight/ecs-preflight/world"
)

// MaxSize is the largest snapshot Read and Load accept. A whole-region
// snapshot of a large account is a few megabytes; the cap keeps a wrong file
// (a disk image, a log) from exhausting memory.
const MaxSize = 64 << 20

// Snapshot is a snapshot file as a source.Source.
type Snapshot struct {
	// Path is the snapshot file, as the user named it.
	Path string
}

var _ source.Source = (*Snapshot)(nil)

// Load reads the snapshot at s.Path. Errors are *source.InputError.
func (s *Snapshot) Load(ctx context.Context) (*world.World, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return Load(s.Path)
}

// Load reads the snapshot file at path. All errors are *source.InputError,
// a file that cannot be read included (errors.Is(err, fs.ErrNotExist) works).
func Load(path string) (*world.World, error) {
	data, err := source.ReadFile(path, MaxSize)
	if err != nil {
		return nil, &source.InputError{Kind: "snapshot", File: path, Err: unwrapPath(err)}
	}
	return read(path, data, true)
}

// unwrapPath drops the *fs.PathError layer, whose text would repeat the
// file name the InputError already gives.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Read reads a snapshot held in memory; name is the file name errors and
// origins carry. Errors are *source.InputError.
func Read(name string, data []byte) (*world.World, error) {
	return read(name, data, false)
}

// read is Read; owned says that data is the reader's own, never written
// again, so that the world's strings may share its memory rather than a
// copy (a 25 MB snapshot would otherwise be held twice while it is read).
func read(name string, data []byte, owned bool) (*world.World, error) {
	if len(data) > MaxSize {
		return nil, &source.InputError{Kind: "snapshot", File: name,
			Err: fmt.Errorf("larger than %d MiB; a snapshot holds API responses of one account and region", MaxSize>>20)}
	}
	data, err := source.ToUTF8(data)
	if err != nil {
		return nil, &source.InputError{Kind: "snapshot", File: name, Err: err}
	}
	var doc string
	if owned {
		doc = unsafe.String(unsafe.SliceData(data), len(data))
	} else {
		doc = string(data)
	}
	r := &reader{file: name, data: data, doc: doc, seen: make(map[string]map[string]string), lines: newLineTable(data)}
	// The top of the tree is built here, down to the sections' operations;
	// each operation's value is built when its section is read, on the
	// core that reads it (reader.sections). Between them, the builders
	// see every byte and decide whether the document is JSON.
	b := builder{data: data, doc: doc, lazyAt: opDepth}
	root, err := b.document()
	var w *world.World
	if err == nil {
		w, err = r.read(root)
	}
	if err != nil {
		// A document that is not JSON, or has a repeated key, gets that
		// error, wherever it is: a build of the whole tree decides it
		// in document order.
		full := builder{data: data, doc: doc}
		if _, perr := full.document(); perr != nil {
			err = full.syntaxError(perr)
		}
		var se *syntaxError
		if errors.As(err, &se) {
			line, col := r.position(se.off)
			return nil, &source.InputError{Kind: "snapshot", File: name, Line: line, Column: col, Err: errors.New(se.msg)}
		}
		var ie *source.InputError
		if errors.As(err, &ie) {
			return nil, err
		}
		return nil, &source.InputError{Kind: "snapshot", File: name, Err: err}
	}
	return w, nil
}

// opDepth is the depth of an operation's value: the document, then its
// section, then the operation.
const opDepth = 3

// reader turns one parsed snapshot into a world.
type reader struct {
	file  string
	data  []byte
	doc   string // data as a string, whose substrings the tree's strings are
	lines *lineTable
	// b builds the operations' trees of the sections this reader reads.
	b *builder

	w *world.World
	// seen maps a resource kind, then its key, to the JSON path that first
	// defined it, to reject duplicates with both places named (first).
	seen map[string]map[string]string
	// present records the operations the snapshot carries, "iam.GetRole".
	present map[string]bool

	// indexes for merging per-resource responses into their resources
	rolesByName   map[string][]*world.Role
	inlineListed  map[*world.Role][]string
	reposByName   map[string]*world.Repository // registryId/name
	ptcPrefixes   []string
	secretsByName map[string]*world.Secret
	keysByID      map[string]*world.Key
	org           *orgState  // the organizations section, when present
	dpath         decodePath // where decodeValue is
	// items is the number of resources the operation being read holds at
	// most, for its start hook to size the world's set.
	items int
}

// fail returns the InputError for node n at path.
func (r *reader) fail(n *node, path, format string, args ...any) error {
	e := &source.InputError{Kind: "snapshot", File: r.file, Path: path, Err: source.Errorf(format, args...)}
	if n != nil {
		e.Line, e.Column = r.position(int(n.off))
	}
	return e
}

// failAt is fail for a position that is not a node's start (an object key).
func (r *reader) failAt(off int, path, format string, args ...any) error {
	e := &source.InputError{Kind: "snapshot", File: r.file, Path: path, Err: source.Errorf(format, args...)}
	e.Line, e.Column = r.position(off)
	return e
}

// position returns the 1-based line and column (in characters) of a byte
// offset.
func (r *reader) position(off int) (line, col int) {
	line = r.line(off)
	off = min(max(off, 0), len(r.data))
	return line, utf8.RuneCount(r.data[int(r.lines.get()[line-1]):off]) + 1
}

// line returns the 1-based line of a byte offset. Origins need only the
// line; counting columns for every resource of a minified snapshot (one
// long line) would be quadratic.
func (r *reader) line(off int) int {
	lines := r.lines.get()
	off = min(max(off, 0), len(r.data))
	return sort.Search(len(lines), func(i int) bool { return int(lines[i]) > off })
}

// lineTable is the table of line starts of a document, built on another
// core while the document is parsed: every origin names a line.
type lineTable struct {
	ready  chan struct{}
	starts []int32
}

func newLineTable(data []byte) *lineTable {
	t := &lineTable{ready: make(chan struct{})}
	go func() {
		t.starts = lineStarts(data)
		close(t.ready)
	}()
	return t
}

// get waits for the table.
func (t *lineTable) get() []int32 {
	<-t.ready
	return t.starts
}

// lineStarts returns the offsets at which the lines of data start: int32,
// half the memory of int for a table of a bulk snapshot's million lines
// (MaxSize bounds the offsets).
func lineStarts(data []byte) []int32 {
	lines := make([]int32, 1, bytes.Count(data, []byte{'\n'})+1)
	for i := 0; ; {
		j := bytes.IndexByte(data[i:], '\n')
		if j < 0 {
			return lines
		}
		i += j + 1
		lines = append(lines, int32(i))
	}
}

// origin is where a resource came from.
func (r *reader) origin(n *node, path string) world.Origin {
	return world.Origin{File: r.file, Path: path, Line: r.line(int(n.off))}
}

var (
	accountRe = regexp.MustCompile(`^[0-9]{12}$`)
)

// read fills the world from the document root.
func (r *reader) read(root *node) (*world.World, error) {
	if root.kind != kObject {
		return nil, r.want(root, "$", "object")
	}
	r.w = &world.World{Origin: world.Origin{File: r.file, Path: "$"}}
	r.present = make(map[string]bool)
	r.rolesByName = make(map[string][]*world.Role)
	r.inlineListed = make(map[*world.Role][]string)
	r.reposByName = make(map[string]*world.Repository)
	r.secretsByName = make(map[string]*world.Secret)
	r.keysByID = make(map[string]*world.Key)

	sectionNodes := make(map[string]*node)
	for i, k := range root.keys() {
		v, path := root.vals()[i], jp("$", k)
		switch k {
		case "$schema":
			if v.kind != kString {
				return nil, r.want(v, path, "string")
			}
		case "snapshotVersion":
			if v.kind != kString {
				return nil, r.want(v, path, `string "1"`)
			}
			if v.text != "1" {
				return nil, r.fail(v, path, "unsupported snapshot version %q (this version of ecs-preflight reads \"1\")", v.text)
			}
		case "partition", "region", "accountId":
			if err := r.meta(k, v, path); err != nil {
				return nil, err
			}
		default:
			if sectionByName(k) == nil {
				return nil, r.failAt(keyOff(r.data, root.vals()[i]), path, "unknown key %q%s", k, suggest(k, topLevelKeys()))
			}
			if v.kind != kObject {
				return nil, r.want(v, path, "object")
			}
			sectionNodes[k] = v
		}
	}
	if r.w.Partition == "" && r.w.Region != "" {
		r.w.Partition = world.PartitionOf(r.w.Region)
	}
	if err := r.sections(sectionNodes); err != nil {
		return nil, err
	}
	return r.w, nil
}

// sections reads the sections present, in parallel: each fills its own
// sets of the world and its own indexes, so that they are independent.
// The error is the first in the order of sections, as a sequential read
// would return it.
func (r *reader) sections(nodes map[string]*node) error {
	type job struct {
		s       *section
		n       *node
		err     error
		present map[string]bool
	}
	var jobs []*job
	for _, s := range sections {
		if n := nodes[s.name]; n != nil {
			jobs = append(jobs, &job{s: s, n: n})
		}
	}
	// Largest first, so that the last to finish is a small one.
	queue := slices.Clone(jobs)
	slices.SortStableFunc(queue, func(a, b *job) int { return cmp.Compare(b.n.end-b.n.off, a.n.end-a.n.off) })
	var next atomic.Int32
	work := func() {
		b := &builder{data: r.data, doc: r.doc, lazyAt: opDepth}
		for {
			i := int(next.Add(1)) - 1
			if i >= len(queue) {
				return
			}
			j := queue[i]
			f := r.fork(b)
			j.err = f.section(j.s, j.n, jp("$", j.s.name))
			j.present = f.present
			// The world holds what it needs of the section; its tree can
			// go while the next sections are read.
			j.n = nil
			b.reset()
		}
	}
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(queue)) - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	for _, j := range jobs {
		if j.err != nil {
			return j.err
		}
		maps.Copy(r.present, j.present)
	}
	return nil
}

// fork returns a reader of one section, building its operations' trees
// with b: it shares the world and the indexes of r, and has its own state
// of the read in progress.
func (r *reader) fork(b *builder) *reader {
	f := *r
	f.b = b
	f.seen = make(map[string]map[string]string)
	f.present = make(map[string]bool)
	f.dpath = decodePath{}
	f.items = 0
	f.org = nil
	return &f
}

// meta reads partition, region and accountId.
func (r *reader) meta(key string, v *node, path string) error {
	if v.kind != kString {
		return r.want(v, path, "string")
	}
	switch key {
	case "partition":
		if !world.IsPartition(v.text) {
			return r.fail(v, path, "invalid partition %q (want aws, aws-cn, aws-us-gov or aws-eusc)", v.text)
		}
		r.w.Partition = v.text
	case "region":
		if !world.IsRegion(v.text) {
			return r.fail(v, path, "invalid region %q (want a region name such as us-east-1)", v.text)
		}
		r.w.Region, r.w.RegionFrom = v.text, "the snapshot's region"
	case "accountId":
		if !accountRe.MatchString(v.text) {
			return r.fail(v, path, "invalid account id %q (want 12 digits)", v.text)
		}
		r.w.AccountID, r.w.AccountFrom = v.text, "the snapshot's accountId"
	}
	return nil
}

// secretValueOps are the operations that return secret values; a snapshot
// must never hold them.
var secretValueOps = map[string]bool{
	"GetSecretValue":      true,
	"BatchGetSecretValue": true,
	"GetParameter":        true,
	"GetParameters":       true,
	"GetParametersByPath": true,
}

// section reads one service section: every operation it carries, in the
// order the merges need (resources before what is merged into them).
func (r *reader) section(s *section, n *node, path string) error {
	for i, k := range n.keys() {
		if secretValueOps[k] {
			return r.failAt(keyOff(r.data, n.vals()[i]), jp(path, k),
				"%s returns secret values, and snapshots must not carry secret values (use SecretKeys for the shape of a secret, DescribeParameters for parameters)", k)
		}
		if s.op(k) == nil {
			return r.failAt(keyOff(r.data, n.vals()[i]), jp(path, k), "unknown operation %q in section %q%s", k, s.name, suggest(k, s.opNames()))
		}
	}
	for i := range s.ops {
		op := &s.ops[i]
		j := slices.Index(n.keys(), op.name)
		if j < 0 {
			continue
		}
		r.present[s.name+"."+op.name] = true
		v, err := r.b.expand(n.vals()[j])
		if err != nil {
			return err
		}
		if err := r.operation(op, s.name+":"+op.name, v, jp(path, op.name)); err != nil {
			return err
		}
		// The response's tree is garbage once it is in the world, and its
		// memory is the next one's; the organizations section keeps its
		// trees until finishOrgs, whose errors name their places.
		n.vals()[j] = nil
		if !s.keepsTrees {
			r.b.reset()
		}
	}
	if s.finish != nil {
		return s.finish(r)
	}
	return nil
}

// operation reads one operation's value: a response object, or an array of
// them (pages of a list operation, one entry per resource otherwise).
func (r *reader) operation(op *operation, src string, v *node, path string) error {
	var pages []*node
	var paths []string
	switch v.kind {
	case kObject:
		pages, paths = []*node{v}, []string{path}
	case kArray:
		for i, e := range v.vals() {
			if e.kind != kObject {
				return r.want(e, ji(path, i), "response object")
			}
			pages = append(pages, e)
			paths = append(paths, ji(path, i))
		}
	default:
		return r.want(v, path, "response object or array of responses")
	}
	complete := op.complete
	if complete && len(pages) > 0 && truncated(pages[len(pages)-1]) {
		// The last page points at more: the listing is partial.
		complete = false
	}
	if op.start != nil {
		r.items = len(pages)
		if op.items != "" {
			r.items = 0
			for _, page := range pages {
				if items := page.get(op.items); items != nil && items.kind == kArray {
					r.items += len(items.vals())
				}
			}
		}
		op.start(r, src, complete)
	}
	for i, page := range pages {
		if op.items == "" {
			if err := op.load(r, page, paths[i]); err != nil {
				return err
			}
			continue
		}
		items := page.get(op.items)
		ipath := jp(paths[i], op.items)
		if items == nil {
			return r.fail(page, paths[i], "missing %q: want the whole %s response, as the AWS CLI prints it", op.items, op.name)
		}
		if items.kind == kNull {
			continue
		}
		if items.kind != kArray {
			return r.want(items, ipath, "array")
		}
		for j, item := range items.vals() {
			if item.kind != kObject {
				return r.want(item, ji(ipath, j), "object")
			}
			if err := op.load(r, item, ji(ipath, j)); err != nil {
				return err
			}
		}
	}
	return nil
}

// truncated reports whether a response page says more pages follow. The AWS
// CLI paginates on its own and prints a token only when --max-items or
// --no-paginate cut the listing short.
func truncated(page *node) bool {
	for _, k := range []string{"NextToken", "nextToken", "Marker"} {
		if t := page.get(k); t != nil && t.kind == kString && t.text != "" {
			return true
		}
	}
	return false
}

// str returns the string under key of object n; "" when absent or null.
func (r *reader) str(n *node, path, key string) (string, error) {
	v := n.get(key)
	if v == nil || v.kind == kNull {
		return "", nil
	}
	if v.kind != kString {
		return "", r.want(v, jp(path, key), "string")
	}
	return v.text, nil
}

// required returns the non-empty string under key of object n.
func (r *reader) required(n *node, path, key, why string) (string, error) {
	s, err := r.str(n, path, key)
	if err != nil {
		return "", err
	}
	if s == "" {
		if why != "" {
			why = " (" + why + ")"
		}
		return "", r.fail(n, path, "missing %q%s", key, why)
	}
	return s, nil
}

// object returns the object under key of n; nil when absent or null.
func (r *reader) object(n *node, path, key string) (*node, error) {
	v := n.get(key)
	if v == nil || v.kind == kNull {
		return nil, nil
	}
	if v.kind != kObject {
		return nil, r.want(v, jp(path, key), "object")
	}
	return v, nil
}

// known marks a world set as spoken of by the snapshot; complete only ever
// turns it on, so a set fed by a list and by per-resource operations stays
// complete.
func known[T any](s *world.Set[T], src string, complete bool) {
	s.Known = true
	if complete {
		s.Complete = true
		s.Source = src
	} else if s.Source == "" {
		s.Source = src
	}
}

// put adds v under key, rejecting a second definition of the same resource.
func put[T any](r *reader, s *world.Set[T], what, key string, v *T, n *node, path string) error {
	if first, dup := r.first(what, key, path); dup {
		return r.fail(n, path, "duplicate %s %q (first at %s)", what, key, first)
	}
	s.Put(key, v)
	return nil
}

// first records path as where the resource of kind what under key is
// defined, or returns the path that defined it first. A kind's map is
// sized for the operation being read, which holds most of them: a bulk
// snapshot has thousands of each.
func (r *reader) first(what, key, path string) (first string, dup bool) {
	m := r.seen[what]
	if m == nil {
		m = make(map[string]string, r.items)
		r.seen[what] = m
	}
	if first, dup = m[key]; dup {
		return first, true
	}
	m[key] = path
	return "", false
}

// suggest returns `(did you mean "X"?)` for the closest name, when one is
// close enough to be a typo.
func suggest(got string, names []string) string {
	best := closest.Name(got, names)
	if best == "" {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func topLevelKeys() []string {
	keys := []string{"$schema", "snapshotVersion", "partition", "region", "accountId"}
	for _, s := range sections {
		keys = append(keys, s.name)
	}
	return keys
}
