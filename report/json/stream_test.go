package json_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/ecs-preflight/ecs-preflight/examples"
	"github.com/ecs-preflight/ecs-preflight/internal/gen"
	"github.com/ecs-preflight/ecs-preflight/report"
	jsonreport "github.com/ecs-preflight/ecs-preflight/report/json"
	"github.com/ecs-preflight/ecs-preflight/report/text"
	"github.com/ecs-preflight/ecs-preflight/source/snapshot"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
	"github.com/ecs-preflight/ecs-preflight/world"
)

func load(tb testing.TB, name string, doc []byte) *world.World {
	tb.Helper()
	w, err := (&snapshot.Bytes{Name: name, Data: doc}).Load(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

func bulk(tb testing.TB, n int) *world.World {
	tb.Helper()
	doc, err := gen.BulkSnapshot(gen.DefaultConfig(n))
	if err != nil {
		tb.Fatal(err)
	}
	return load(tb, "bulk.json", doc)
}

// inputs are every embedded example and a bulk snapshot of 60 services
// (simulated by several workers).
func inputs(t *testing.T) map[string]*world.World {
	ws := map[string]*world.World{"bulk-60": bulk(t, 60)}
	for _, ex := range examples.All() {
		ws[ex.Name] = load(t, "example:"+ex.Name, ex.Data)
	}
	return ws
}

// The streamed output (SimulateEach into a Stream) is byte for byte the
// output of Render on Simulate's Result, in every format the CLI writes:
// indented and compact JSON, text and verbose text.
func TestStreamEqualsRender(t *testing.T) {
	ctx := context.Background()
	now := taskstart.WithNow(time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC))
	for name, w := range inputs(t) {
		res, err := taskstart.Simulate(ctx, w, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []struct {
			name   string
			render func(io.Writer, *taskstart.Result) error
			stream func(io.Writer) report.Stream
		}{
			{"json", (&jsonreport.Renderer{}).Render, func(o io.Writer) report.Stream { return (&jsonreport.Renderer{}).Stream(o) }},
			{"json compact", (&jsonreport.Renderer{Compact: true}).Render, func(o io.Writer) report.Stream { return (&jsonreport.Renderer{Compact: true}).Stream(o) }},
			{"text verbose", (&text.Renderer{Verbose: true}).Render, func(o io.Writer) report.Stream {
				return (&text.Renderer{Verbose: true}).Stream(o, taskstart.Settings(w))
			}},
		} {
			var want, got bytes.Buffer
			if err := f.render(&want, res); err != nil {
				t.Fatal(err)
			}
			s := f.stream(&got)
			head, err := taskstart.SimulateEach(ctx, w, s.Task, now)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Finish(head); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				t.Errorf("%s, %s: streamed output differs from Render (%d vs %d bytes)", name, f.name, got.Len(), want.Len())
			}
		}
	}
}

// Tasks encoded by the simulation's workers (SimulateEachWith with
// Stream.Encode, what the CLI does) give the same bytes as Render.
func TestStreamEncodedByWorkers(t *testing.T) {
	ctx := context.Background()
	w := bulk(t, 60)
	res, err := taskstart.Simulate(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	var want, got bytes.Buffer
	if err := (&jsonreport.Renderer{}).Render(&want, res); err != nil {
		t.Fatal(err)
	}
	s := (&jsonreport.Renderer{}).Stream(&got)
	defer s.Close()
	head, err := taskstart.SimulateEachWith(ctx, w, s.Encode, func(_ taskstart.Task, e jsonreport.Encoded) error {
		return s.WriteEncoded(e)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Finish(head); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("encoded by workers: %d bytes, Render: %d bytes, differ", got.Len(), want.Len())
	}
}

// When no temporary file can be created the stream holds the tasks in
// memory, in blocks (more than one here: bulk-60 is over a megabyte), and
// writes the same bytes as Render.
func TestStreamWithoutTempDir(t *testing.T) {
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	if f, err := os.CreateTemp("", "x"); err == nil {
		f.Close()
		t.Fatalf("a temporary file was created in a missing TMPDIR: %s", f.Name())
	}
	w := bulk(t, 60)
	res, err := taskstart.Simulate(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	for _, compact := range []bool{false, true} {
		var want, got bytes.Buffer
		if err := (&jsonreport.Renderer{Compact: compact}).Render(&want, res); err != nil {
			t.Fatal(err)
		}
		if err := report.RenderAll((&jsonreport.Renderer{Compact: compact}).Stream(&got), res); err != nil {
			t.Fatal(err)
		}
		if want.Len() < 1<<20 {
			t.Fatalf("compact %v: the output is %d bytes, less than one block", compact, want.Len())
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("compact %v: streamed output differs from Render (%d vs %d bytes)", compact, got.Len(), want.Len())
		}
	}
}

// Written to a regular file (os.File.ReadFrom copies the spool in the
// kernel) and to a pipe, the stream writes the bytes Render writes.
func TestStreamToFileAndPipe(t *testing.T) {
	w := bulk(t, 60)
	res, err := taskstart.Simulate(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	if err := (&jsonreport.Renderer{}).Render(&want, res); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(filepath.Join(t.TempDir(), "out.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := report.RenderAll((&jsonreport.Renderer{}).Stream(f), res); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile(f.Name()); err != nil || !bytes.Equal(got, want.Bytes()) {
		t.Errorf("to a file: %d bytes (%v), Render: %d bytes, differ", len(got), err, want.Len())
	}
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		err := report.RenderAll((&jsonreport.Renderer{}).Stream(pw), res)
		pw.Close()
		done <- err
	}()
	got, rerr := io.ReadAll(pr)
	if err := <-done; err != nil || rerr != nil {
		t.Fatal(err, rerr)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("to a pipe: %d bytes, Render: %d bytes, differ", len(got), want.Len())
	}
}

// A stream with no task writes what Render writes for a result without
// tasks.
func TestStreamNoTasks(t *testing.T) {
	r := &taskstart.Result{Verdict: taskstart.Pass, Tasks: []taskstart.Task{}}
	for _, compact := range []bool{false, true} {
		var want, got bytes.Buffer
		if err := (&jsonreport.Renderer{Compact: compact}).Render(&want, r); err != nil {
			t.Fatal(err)
		}
		s := (&jsonreport.Renderer{Compact: compact}).Stream(&got)
		if err := s.Finish(r); err != nil {
			t.Fatal(err)
		}
		s.Close()
		if got.String() != want.String() {
			t.Errorf("compact %v: got %q, want %q", compact, got.String(), want.String())
		}
	}
}

// The JSON stream keeps no task once it is written: streaming 2,000 tasks
// leaves the heap about where 200 leave it. A retained task of the bulk
// snapshot is tens of kilobytes of JSON, so 1,800 retained tasks would add
// tens of megabytes; the bound allows 4 MB of noise.
func TestStreamRetainsNoTasks(t *testing.T) {
	w := bulk(t, 1)
	res, err := taskstart.Simulate(context.Background(), w)
	if err != nil {
		t.Fatal(err)
	}
	task := res.Tasks[0]
	heapAfter := func(n int) uint64 {
		s := (&jsonreport.Renderer{}).Stream(io.Discard)
		defer s.Close()
		for range n {
			if err := s.Task(task); err != nil {
				t.Fatal(err)
			}
		}
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		runtime.KeepAlive(s)
		return m.HeapAlloc
	}
	small, large := heapAfter(200), heapAfter(2000)
	if large > small+4<<20 {
		t.Errorf("heap after 2,000 tasks %d bytes, after 200 %d: the stream retains tasks", large, small)
	}
}

// BenchmarkRenderJSONBulk streams the JSON of 1,000 simulated bulk tasks
// (internal/gen) to io.Discard; ns/op is per run of all 1,000 tasks.
func BenchmarkRenderJSONBulk(b *testing.B) {
	w := bulk(b, 1000)
	res, err := taskstart.Simulate(context.Background(), w)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s := (&jsonreport.Renderer{}).Stream(io.Discard)
		for _, t := range res.Tasks {
			if err := s.Task(t); err != nil {
				b.Fatal(err)
			}
		}
		if err := s.Finish(res); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
