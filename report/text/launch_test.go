package text

import (
	"bytes"
	"strings"
	"testing"
)

// A task whose launch type the input does not decide (a capacity provider
// of unknown kind) says so in its heading rather than leaving a blank.
func TestRenderUnknownLaunchType(t *testing.T) {
	r := result()
	r.Tasks[0].LaunchType, r.Tasks[0].PlatformVersion = "", ""
	var b bytes.Buffer
	if err := (&Renderer{}).Render(&b, r); err != nil {
		t.Fatal(err)
	}
	if want := "service app (task definition app:1), launch type unknown: FAIL"; !strings.Contains(b.String(), want) {
		t.Errorf("output lacks %q:\n%s", want, b.String())
	}
}
