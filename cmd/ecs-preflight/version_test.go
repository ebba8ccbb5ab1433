package main

import (
	"runtime/debug"
	"strings"
	"testing"
)

// The version names the code: the module version of a go install
// …@version build, else "devel", with the VCS revision, +dirty and the
// commit time the go command stamps (runtime/debug BuildSetting); never
// "(devel)" alone.
func TestVersionString(t *testing.T) {
	vcs := func(modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: "f3b00a4caa0c866446eb209d3820d8bf53e5de3f"},
			{Key: "vcs.time", Value: "2026-11-30T04:04:49Z"}, {Key: "vcs.modified", Value: modified}}
	}
	cases := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"go install @version: the version", &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}}, "v1.4.0"},
		{"a build from a clone: pseudo-version and revision", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261130040449-f3b00a4caa0c"}, Settings: vcs("false")},
			"v0.0.0-20261130040449-f3b00a4caa0c (revision f3b00a4caa0c, 2026-11-30T04:04:49Z)"},
		{"(devel) with a revision: devel and the revision", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("false")},
			"devel (revision f3b00a4caa0c, 2026-11-30T04:04:49Z)"},
		{"a modified work tree: +dirty", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs("true")},
			"devel (revision f3b00a4caa0c+dirty, 2026-11-30T04:04:49Z)"},
		{"(devel) without VCS: says why", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}},
			"devel (no VCS revision: built outside a repository or with -buildvcs=false)"},
		{"no build info", nil, "devel (no VCS revision: built outside a repository or with -buildvcs=false)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := versionString(tc.bi); got != tc.want {
				t.Fatalf("versionString = %q, want %q", got, tc.want)
			}
		})
	}
}

// --version and version print the same line; the built binary never says
// "(devel)".
func TestVersionFlag(t *testing.T) {
	_, flag, _ := runCLI(t, "--version")
	code, cmd, _ := runCLI(t, "version")
	if code != exitPass || flag != cmd || !strings.HasPrefix(flag, "ecs-preflight ") {
		t.Fatalf("--version %q, version %q (exit %d)", flag, cmd, code)
	}
	code, out, errOut := runDoc(t, docCommand{text: "ecs-preflight --version", args: []string{"--version"}})
	if code != exitPass || !strings.HasPrefix(out, "ecs-preflight ") || strings.Contains(out, "(devel)") {
		t.Fatalf("built binary --version: exit %d, %q %s", code, out, errOut)
	}
}
