package main

import (
	"strings"

	"github.com/spf13/pflag"

	"github.com/ecs-preflight/ecs-preflight/source/cloudformation"
)

// registerTemplateMap adds --template-map to check: nested stacks whose
// TemplateURL is remote are read from a local folder
// (cloudformation.WithTemplateMap).
func registerTemplateMap(fl *pflag.FlagSet, o *CheckOptions) {
	fl.StringArrayVar(&o.TemplateMaps, "template-map", nil, "read nested stack templates whose TemplateURL starts with PREFIX (an https:// or s3:// URL) from the folder DIR, as `PREFIX=DIR` (repeatable; --cloudformation only)")
}

// validateTemplateMaps checks --template-map: PREFIX=DIR, cut at the first
// "=", with a remote URL prefix and a folder.
func (o *CheckOptions) validateTemplateMaps() error {
	if len(o.TemplateMaps) > 0 && o.CloudFormation == "" {
		return usagef("--template-map applies to --cloudformation only")
	}
	for _, m := range o.TemplateMaps {
		prefix, dir, ok := strings.Cut(m, "=")
		lower := strings.ToLower(prefix)
		if !ok || dir == "" || !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "s3://") {
			return usagef("--template-map %q: want PREFIX=DIR with an https:// or s3:// PREFIX", m)
		}
	}
	return nil
}

// templateMapOptions are the template maps as options of the reader.
func (o *CheckOptions) templateMapOptions() []cloudformation.Option {
	var opts []cloudformation.Option
	for _, m := range o.TemplateMaps {
		prefix, dir, _ := strings.Cut(m, "=")
		opts = append(opts, cloudformation.WithTemplateMap(prefix, dir))
	}
	return opts
}
