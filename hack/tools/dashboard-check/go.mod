module github.com/cat-facts/cat-facts/hack/tools/dashboard-check

go 1.24

require github.com/grafana/grafana-foundation-sdk/go v0.0.22
