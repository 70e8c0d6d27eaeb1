// Command dashboard-check validates Grafana dashboard JSON files against Grafana's own
// dashboard schema, as published in the Grafana Foundation SDK: strict decoding (an unknown
// or misspelt field is an error, in the dashboard and in each panel's plugin options) and
// the schema's constraints.
//
// Usage: dashboard-check FILE...
package main

import (
	"fmt"
	"os"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

func main() {
	if len(os.Args) < 2 || os.Args[1] == "-h" || os.Args[1] == "--help" {
		fmt.Fprintln(os.Stderr, "Usage: dashboard-check FILE...\n\nValidates Grafana dashboard JSON against the schema of the Grafana Foundation SDK.")
		if len(os.Args) < 2 {
			os.Exit(2)
		}
		return
	}
	// Panel options and field config are decoded by the panel plugin's own schema.
	plugins.RegisterDefaultPlugins()
	failed := false
	for _, file := range os.Args[1:] {
		if err := check(file); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", file, err)
			failed = true
			continue
		}
		fmt.Printf("%s: valid\n", file)
	}
	if failed {
		os.Exit(1)
	}
}

func check(file string) error {
	raw, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	var board dashboard.Dashboard
	if err := failure(board.UnmarshalJSONStrict(raw)); err != nil {
		return err
	}
	return failure(board.Validate())
}

// failure turns the SDK's empty error list, which it returns as a non-nil error, into nil.
func failure(err error) error {
	if errs, ok := err.(cog.BuildErrors); ok && len(errs) == 0 {
		return nil
	}
	return err
}
