package main

import (
	"runtime/debug"
	"strings"
)

// versionString says which code a binary is: the module version (a `go
// install …@v1.2.3` build has it; a build from a clone has the
// pseudo-version the go command derives from the commit, or "(devel)"),
// then the VCS revision, "+dirty" when the work tree had changes, and the
// commit's time, as the go command stamps them (vcs.revision,
// vcs.modified, vcs.time: runtime/debug BuildSetting). Never
// "(devel)" alone: a build without either says so.
func versionString(bi *debug.BuildInfo) string {
	version := "devel"
	var rev, when string
	dirty := false
	if bi != nil {
		if v := bi.Main.Version; v != "" && v != "(devel)" {
			version = v
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	var b strings.Builder
	b.WriteString(version)
	switch {
	case rev != "":
		b.WriteString(" (revision " + rev[:min(len(rev), 12)])
		if dirty {
			b.WriteString("+dirty")
		}
		if when != "" {
			b.WriteString(", " + when)
		}
		b.WriteString(")")
	case version == "devel":
		b.WriteString(" (no VCS revision: built outside a repository or with -buildvcs=false)")
	}
	return b.String()
}
