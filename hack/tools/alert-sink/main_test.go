package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// What Alertmanager posts when CatFactsTargetDown fires (trimmed).
const firing = `{
  "version": "4", "groupKey": "{}:{alertname=\"CatFactsTargetDown\"}", "truncatedAlerts": 0,
  "status": "firing", "receiver": "alert-sink",
  "groupLabels": {"alertname": "CatFactsTargetDown", "namespace": "cat-facts", "job": "cat-facts"},
  "commonLabels": {"alertname": "CatFactsTargetDown", "severity": "critical"},
  "commonAnnotations": {}, "externalURL": "http://alertmanager-main-0:9093",
  "alerts": [{
    "status": "firing",
    "labels": {"alertname": "CatFactsTargetDown", "namespace": "cat-facts", "job": "cat-facts", "severity": "critical"},
    "annotations": {"summary": "Prometheus cannot scrape cat-facts"},
    "startsAt": "2025-01-01T00:00:00Z", "endsAt": "0001-01-01T00:00:00Z",
    "generatorURL": "http://prometheus-main-0:9090/graph", "fingerprint": "0123456789abcdef"
  }]
}`

// serve sends one request to the sink and returns the answer and what it logged.
func serve(t *testing.T, method, path, body string) (*httptest.ResponseRecorder, []string) {
	t.Helper()
	var logged bytes.Buffer
	answer := httptest.NewRecorder()
	handler(slog.New(slog.NewJSONHandler(&logged, nil))).ServeHTTP(answer, httptest.NewRequest(method, path, strings.NewReader(body)))
	var lines []string
	if logged.Len() > 0 {
		lines = strings.Split(strings.TrimSuffix(logged.String(), "\n"), "\n")
	}
	return answer, lines
}

func TestFiringNotificationIsLoggedAsOneLine(t *testing.T) {
	answer, lines := serve(t, http.MethodPost, "/alerts", firing)
	if answer.Code != http.StatusOK {
		t.Fatalf("POST /alerts: %d %s", answer.Code, answer.Body)
	}
	if len(lines) != 1 {
		t.Fatalf("want one line, logged %d: %q", len(lines), lines)
	}
	var line struct {
		Status, Receiver string
		Alerts           []struct{ Alertname, Status string }
	}
	if err := json.Unmarshal([]byte(lines[0]), &line); err != nil {
		t.Fatalf("the line is not JSON: %v: %s", err, lines[0])
	}
	if line.Status != "firing" || line.Receiver != "alert-sink" || len(line.Alerts) != 1 ||
		line.Alerts[0].Alertname != "CatFactsTargetDown" || line.Alerts[0].Status != "firing" {
		t.Errorf("the line misses the alert: %s", lines[0])
	}
	if !strings.Contains(lines[0], `"summary":"Prometheus cannot scrape cat-facts"`) {
		t.Errorf("the line misses the annotations: %s", lines[0])
	}
}

func TestBadJSONIsRejectedAndLogged(t *testing.T) {
	answer, lines := serve(t, http.MethodPost, "/alerts", `{"status": "firing",`)
	if answer.Code != http.StatusBadRequest {
		t.Errorf("POST /alerts with bad JSON: %d, want 400", answer.Code)
	}
	if len(lines) != 1 || !strings.Contains(lines[0], `"level":"ERROR"`) {
		t.Errorf("want one error line, logged %q", lines)
	}
}

func TestGetAlertsIsNotAllowed(t *testing.T) {
	answer, lines := serve(t, http.MethodGet, "/alerts", "")
	if answer.Code != http.StatusMethodNotAllowed || answer.Header().Get("Allow") != "POST" {
		t.Errorf("GET /alerts: %d, Allow %q; want 405, POST", answer.Code, answer.Header().Get("Allow"))
	}
	if len(lines) != 0 {
		t.Errorf("logged %q", lines)
	}
}

func TestHealthzIsNotLogged(t *testing.T) {
	answer, lines := serve(t, http.MethodGet, "/healthz", "")
	if answer.Code != http.StatusOK {
		t.Errorf("GET /healthz: %d", answer.Code)
	}
	if len(lines) != 0 {
		t.Errorf("logged %q", lines)
	}
}
