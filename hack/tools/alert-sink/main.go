// Command alert-sink is the end of the alerting chain made visible: the webhook receiver
// that k8s/monitoring/alertmanager sends every notification to. It logs each one to stdout
// as one line of JSON, so `kubectl -n monitoring logs deploy/alert-sink | grep
// CatFactsTargetDown` finds an alert. The project builds its image (hack/alert-sink-image.sh),
// so the stack needs no registry, and the real node and kind run it from a tarball.
//
//	alert-sink -listen :8080
//
// POST /alerts takes Alertmanager's webhook payload; GET /healthz answers 200, unlogged.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// notification is the part of Alertmanager's webhook payload that is logged.
type notification struct {
	Version      string            `json:"version"`
	Status       string            `json:"status"`
	Receiver     string            `json:"receiver"`
	GroupLabels  map[string]string `json:"groupLabels"`
	CommonLabels map[string]string `json:"commonLabels"`
	Alerts       []alert           `json:"alerts"`
}

type alert struct {
	Alertname   string            `json:"alertname"` // from the labels, first in the line for grep
	Status      string            `json:"status"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations,omitempty"`
	StartsAt    time.Time         `json:"startsAt"`
}

func handler(log *slog.Logger) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(http.ResponseWriter, *http.Request) {})
	// Other methods get 405 from the mux.
	mux.HandleFunc("POST /alerts", func(w http.ResponseWriter, r *http.Request) {
		var n notification
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&n); err != nil {
			log.Error("bad notification", "remote", r.RemoteAddr, "error", err.Error())
			http.Error(w, "bad JSON: "+err.Error(), http.StatusBadRequest)
			return
		}
		for i := range n.Alerts {
			n.Alerts[i].Alertname = n.Alerts[i].Labels["alertname"]
		}
		log.Info("notification", "version", n.Version, "status", n.Status, "receiver", n.Receiver,
			"groupLabels", n.GroupLabels, "commonLabels", n.CommonLabels, "alerts", n.Alerts)
	})
	return mux
}

func main() {
	listen := flag.String("listen", ":8080", "the address to serve on")
	flag.Parse()
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	server := &http.Server{Addr: *listen, Handler: handler(log), ReadHeaderTimeout: 10 * time.Second}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- server.ListenAndServe() }()
	log.Info("listening", "address", *listen)
	select {
	case err := <-served:
		log.Error("serve", "error", err.Error())
		os.Exit(1)
	case <-ctx.Done():
	}
	// SIGTERM: finish the requests under way (Alertmanager retries the others), then exit.
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := server.Shutdown(shutdown); err != nil {
		log.Error("shutdown", "error", err.Error())
		os.Exit(1)
	}
	log.Info("stopped")
}
