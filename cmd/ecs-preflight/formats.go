package main

import (
	"runtime/debug"

	"github.com/ecs-preflight/ecs-preflight/report"
	"github.com/ecs-preflight/ecs-preflight/report/junit"
	"github.com/ecs-preflight/ecs-preflight/report/markdown"
	"github.com/ecs-preflight/ecs-preflight/report/sarif"
)

// extraFormats are the --format values beyond text and json, each a
// report.Stream over the command's output (docs/formats.md).
var extraFormats = map[string]func(o *CheckOptions) report.Stream{
	"sarif": func(o *CheckOptions) report.Stream {
		return (&sarif.Renderer{Version: moduleVersion()}).Stream(o.IO.Out)
	},
	"junit": func(o *CheckOptions) report.Stream { return (&junit.Renderer{}).Stream(o.IO.Out) },
	// Markdown is for a pull-request comment: bounded to what GitHub takes.
	"markdown": func(o *CheckOptions) report.Stream {
		return (&markdown.Renderer{MaxChars: markdown.GitHubCommentLimit}).Stream(o.IO.Out)
	},
}

// formatNames lists every --format value, for usage errors and help.
const formatNames = "text, json, sarif, junit, markdown"

// moduleVersion is the version the binary was built at: the module's
// ("1.2.0", or a pseudo-version from the VCS), else for a development build
// "0.0.0-devel" with the VCS revision as build metadata when the build
// recorded one; "" when the binary has no build information.
func moduleVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok || bi.Main.Version == "" {
		return ""
	}
	if bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	v := "0.0.0-devel"
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += "+" + s.Value[:12]
		}
	}
	return v
}
