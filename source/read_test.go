package source_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/ecs-preflight/ecs-preflight/source"
)

// readWithin runs ReadFile and fails the test if it does not return well
// within a deadline far above normal: an unbounded read of a device would
// otherwise run until the process dies.
func readWithin(t *testing.T, path string, limit int64) ([]byte, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := source.ReadFile(path, limit)
		done <- result{b, err}
	}()
	select {
	case r := <-done:
		return r.b, r.err
	case <-ctx.Done():
		t.Fatalf("ReadFile(%q, %d) did not return", path, limit)
		return nil, nil
	}
}

func TestReadFileCap(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, n int) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(strings.Repeat("x", n)), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name    string
		path    string
		wantLen int
		wantErr string
	}{
		{"empty file", write("empty", 0), 0, ""},
		{"under the cap", write("under", 99), 99, ""},
		{"exactly the cap", write("exact", 100), 100, ""},
		{"one byte over the cap names the file and the cap", write("over", 101), 0, "over: larger than the 100 bytes"},
		{"missing file", filepath.Join(dir, "missing"), 0, "no such file"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := readWithin(t, tc.path, 100)
			if tc.wantErr == "" {
				if err != nil || len(b) != tc.wantLen {
					t.Fatalf("got %d bytes, %v; want %d bytes", len(b), err, tc.wantLen)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("got %v, want an error containing %q", err, tc.wantErr)
			}
			var pe *fs.PathError
			if !errors.As(err, &pe) || pe.Path != tc.path {
				t.Fatalf("got %#v, want a *fs.PathError for %q", err, tc.path)
			}
		})
	}
}

// A device without end is read up to the cap, not until memory runs out;
// its size from Stat (0) is not trusted.
func TestReadFileDevZero(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero:", err)
	}
	_, err := readWithin(t, "/dev/zero", 1<<20)
	if err == nil || !strings.Contains(err.Error(), "/dev/zero: larger than the 1048576 bytes") {
		t.Fatalf("got %v, want the cap error naming /dev/zero", err)
	}
}

// A read error is returned as is, not as the cap error.
func TestReadLimitedError(t *testing.T) {
	want := errors.New("disk gone")
	if _, err := source.ReadLimited(iotest.ErrReader(want), 10); !errors.Is(err, want) {
		t.Fatalf("got %v, want %v", err, want)
	}
}

// A file larger than the first read is read whole and unchanged, with a
// buffer sized from Stat.
func TestReadFileWhole(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big")
	want := []byte(strings.Repeat("0123456789abcdef", 20000))
	if err := os.WriteFile(p, want, 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := source.ReadFile(p, int64(len(want)))
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("ReadFile: %d bytes, %v; want the %d bytes written", len(got), err, len(want))
	}
}
