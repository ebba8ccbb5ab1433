package json

import (
	"bytes"
	"errors"
	"io"
	"os"
	"sync"

	"github.com/ecs-preflight/ecs-preflight/report"
	"github.com/ecs-preflight/ecs-preflight/taskstart"
)

// Stream writes the JSON of a result one task at a time; see report.Stream.
// The contract puts the run's verdict before the tasks and the verdict is
// known only after the last one, so the tasks are encoded as they come into
// a temporary file, and Finish writes the document around them: memory
// stays bounded by one task whatever the number of tasks. When no file can
// be created (TMPDIR does not exist), the tasks are held in memory, which
// then grows with the output.
type Stream struct {
	w       io.Writer
	compact bool
	spool   *os.File  // the encoded tasks, when a file could be created
	mem     *blocks   // else here
	to      io.Writer // spool or mem
	pend    []byte    // encoded tasks not yet written to, spoolBuffer at most
	n       int       // tasks written
	err     error
}

// spoolBuffer is the size of the writes to the spool, and of the reads
// from it (copyOut).
const spoolBuffer = 256 << 10

var _ report.Stream = (*Stream)(nil)

// Stream starts a stream writing to w with j's settings.
func (j *Renderer) Stream(w io.Writer) *Stream {
	s := &Stream{w: w, compact: j.Compact, pend: make([]byte, 0, spoolBuffer)}
	f, err := os.CreateTemp("", "ecs-preflight-*.json")
	if err == nil {
		// Removed at Close.
		s.spool = f
		s.to = f
	} else {
		s.mem = &blocks{}
		s.to = s.mem
	}
	return s
}

// elemPrefix is the indentation of an element of the top-level "tasks"
// array in Render's output: the array is a field of the top-level object.
const elemPrefix = "    "

// Task encodes one task, as Render encodes it inside the tasks array, and
// writes it.
func (s *Stream) Task(t taskstart.Task) error {
	return s.WriteEncoded(s.Encode(t))
}

// Encoded is one task's JSON, as Stream writes it.
type Encoded struct {
	b   []byte
	enc *encoder // b's encoder, reused once b is written
}

// encoder holds the buffer a task is encoded into; it grows to the size of
// a task and is reused (a bulk run encodes thousands of tasks of tens of
// kilobytes each).
type encoder struct {
	buf []byte
}

var encoders = sync.Pool{New: func() any { return &encoder{} }}

// Layouts of a task in the stream: an element of the top-level "tasks"
// array, indented or compact, escaped for a terminal (termsafe.JSON) as
// Render escapes the whole document; termsafe.JSON escapes whole runes and
// leaves the rest, so escaping each string gives the same bytes.
var (
	indentedTask = newLayout(elemPrefix, "  ", true)
	compactTask  = newLayout("", "", false)
)

// Encode encodes one task for WriteEncoded. It is safe for concurrent use,
// so that the tasks of a run can be encoded by the workers that simulate
// them (taskstart.SimulateEachWith).
func (s *Stream) Encode(t taskstart.Task) Encoded {
	e := encoders.Get().(*encoder)
	l := indentedTask
	if s.compact {
		l = compactTask
	}
	e.buf = l.task(e.buf[:0], &t)
	return Encoded{b: e.buf, enc: e}
}

// WriteEncoded writes a task Encode encoded, after those written before.
func (s *Stream) WriteEncoded(e Encoded) error {
	if e.enc != nil {
		defer encoders.Put(e.enc)
	}
	if s.err != nil {
		return s.err
	}
	sep := elemSep[1:] // before the first task
	if s.n > 0 {
		sep = elemSep
	}
	if s.compact {
		sep = sep[:len(sep)-len(elemPrefix)-1]
	}
	err := s.write(sep)
	if err == nil {
		err = s.write(e.b)
	}
	if err != nil {
		s.err = err
		return err
	}
	s.n++
	return nil
}

// elemSep goes before each element of the tasks array but the first,
// without its comma before the first, and without the line break when
// compact.
var elemSep = []byte(",\n" + elemPrefix)

// write appends b to what is pending, writing that out first when b does
// not fit, and b itself when it is larger than the buffer.
func (s *Stream) write(b []byte) error {
	if len(s.pend)+len(b) > cap(s.pend) {
		if err := s.flush(); err != nil {
			return err
		}
		if len(b) > cap(s.pend) {
			_, err := s.to.Write(b)
			return err
		}
	}
	s.pend = append(s.pend, b...)
	return nil
}

// flush writes out what is pending.
func (s *Stream) flush() error {
	_, err := s.to.Write(s.pend)
	s.pend = s.pend[:0]
	return err
}

// Finish writes the document: r without its tasks, with the tasks written
// so far in its "tasks" array.
func (s *Stream) Finish(r *taskstart.Result) error {
	if s.err != nil {
		return s.err
	}
	head := *r
	head.Tasks = []taskstart.Task{}
	var hb bytes.Buffer
	if err := (&Renderer{Compact: s.compact}).Render(&hb, &head); err != nil {
		return err
	}
	// Render ends the document with the empty tasks array: `"tasks": []`
	// then "\n}\n" (indented) or "}\n" (compact); Tasks is the last field
	// of Result.
	tail := []byte("]\n}\n")
	if s.compact {
		tail = []byte("]}\n")
	}
	doc := hb.Bytes()
	if !bytes.HasSuffix(doc, append([]byte("["), tail...)) {
		return errors.New("json stream: the result does not end with its tasks")
	}
	if s.n == 0 {
		_, err := s.w.Write(doc)
		return err
	}
	if err := s.flush(); err != nil {
		return err
	}
	if _, err := s.w.Write(doc[:len(doc)-len(tail)]); err != nil {
		return err
	}
	if s.spool != nil {
		if _, err := s.spool.Seek(0, io.SeekStart); err != nil {
			return err
		}
		if err := copyOut(s.w, s.spool, s.pend[:cap(s.pend)]); err != nil {
			return err
		}
	} else if err := s.mem.writeTo(s.w); err != nil {
		return err
	}
	if !s.compact {
		tail = []byte("\n  ]\n}\n")
	}
	_, err := s.w.Write(tail)
	return err
}

// copyOut copies the spool to w through buf. The kernel copies it to a
// regular file (os.File.ReadFrom: copy_file_range); to anything else, a
// pipe most often, io.Copy reads and writes 32 KB at a time (8 KB to
// io.Discard), and a larger buffer takes a fraction of the system calls.
func copyOut(w io.Writer, spool *os.File, buf []byte) error {
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			_, err := io.Copy(w, spool)
			return err
		}
	}
	// The struct wrappers hide ReadFrom and WriteTo, which would pick
	// their own buffer.
	_, err := io.CopyBuffer(struct{ io.Writer }{w}, struct{ io.Reader }{spool}, buf)
	return err
}

// Close releases the temporary file. It may be called more than once.
func (s *Stream) Close() error {
	if s.spool == nil {
		return nil
	}
	name := s.spool.Name()
	err := errors.Join(s.spool.Close(), os.Remove(name))
	s.spool = nil
	return err
}

// blockSize is the size of a block of blocks.
const blockSize = 1 << 20

// blocks holds what is written to it in blocks that are never copied once
// filled. A bytes.Buffer doubles and copies itself as it grows: for the
// 150 MB of a check of 5,000 bulk services the whole process took 7.7 s and
// 690 MB with it, 2.5 s and 340 MB with blocks (1.5 s and 160 MB with the
// temporary file).
type blocks struct {
	full [][]byte
	cur  []byte
}

func (m *blocks) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if len(m.cur) == cap(m.cur) {
			if m.cur != nil {
				m.full = append(m.full, m.cur)
			}
			m.cur = make([]byte, 0, blockSize)
		}
		k := copy(m.cur[len(m.cur):cap(m.cur)], p)
		m.cur = m.cur[:len(m.cur)+k]
		p = p[k:]
	}
	return n, nil
}

// writeTo writes the blocks to w in order.
func (m *blocks) writeTo(w io.Writer) error {
	for _, b := range append(m.full, m.cur) {
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}
