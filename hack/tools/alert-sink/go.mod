module catfacts.dev/alert-sink

go 1.26.0
