package paramfile

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkParse parses files of 200 parameters in each shape.
func BenchmarkParse(b *testing.B) {
	var cli, lines, pipe []string
	for i := range 200 {
		cli = append(cli, fmt.Sprintf(`{"ParameterKey":"P%d","ParameterValue":"value-%d"}`, i, i))
		lines = append(lines, fmt.Sprintf("P%d=value-%d", i, i))
		pipe = append(pipe, fmt.Sprintf(`"P%d":"value-%d"`, i, i))
	}
	for name, data := range map[string]string{
		"aws-cli":  "[" + strings.Join(cli, ",") + "]",
		"lines":    strings.Join(lines, "\n"),
		"pipeline": `{"Parameters":{` + strings.Join(pipe, ",") + "}}",
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse("p", []byte(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
