package main

import (
	"archive/tar"
	"bytes"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

// entry is one member of a layer: a directory when content is nil.
type entry struct {
	name    string
	content []byte
}

func layer(t *testing.T, entries ...entry) v1.Layer {
	t.Helper()
	var buf bytes.Buffer
	w := tar.NewWriter(&buf)
	for _, e := range entries {
		// Jib gives every file its creation time, which GNU tar does not know.
		records := map[string]string{"LIBARCHIVE.creationtime": "1"}
		header := &tar.Header{Name: e.name, Mode: 0o644, Typeflag: tar.TypeReg, Size: int64(len(e.content)),
			PAXRecords: records, Format: tar.FormatPAX}
		if e.content == nil {
			header = &tar.Header{Name: e.name, Mode: 0o755, Typeflag: tar.TypeDir}
		}
		if err := w.WriteHeader(header); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(e.content); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil })
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// writeImage writes layers as a docker-save tarball, as jib:buildTar does, and returns its path.
func writeImage(t *testing.T, config v1.Config, layers ...v1.Layer) string {
	t.Helper()
	img, err := mutate.AppendLayers(empty.Image, layers...)
	if err != nil {
		t.Fatal(err)
	}
	if img, err = mutate.Config(img, config); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "image.tar")
	if err := tarball.WriteToFile(path, name.MustParseReference("localhost/test:1"), img); err != nil {
		t.Fatal(err)
	}
	return path
}

// files unpacks image and returns the regular files of its file system with their content.
func files(t *testing.T, image string) map[string]string {
	t.Helper()
	var fs bytes.Buffer
	if err := unpack(image, filepath.Join(t.TempDir(), "config.env"), &fs); err != nil {
		t.Fatal(err)
	}
	found := map[string]string{}
	r := tar.NewReader(&fs)
	for {
		header, err := r.Next()
		if err == io.EOF {
			return found
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(header.PAXRecords) > 0 {
			t.Errorf("%s has PAX records %v; GNU tar warns of the ones it does not know", header.Name, header.PAXRecords)
		}
		if header.Typeflag == tar.TypeReg {
			content, _ := io.ReadAll(r)
			found[header.Name] = string(content)
		}
	}
}

func TestUpperLayersReplaceAndDeleteLowerFiles(t *testing.T) {
	image := writeImage(t, v1.Config{},
		layer(t, entry{"app", nil}, entry{"app/kept", []byte("1")}, entry{"app/replaced", []byte("old")},
			entry{"app/deleted", []byte("1")}, entry{"app/cache", nil}, entry{"app/cache/stale", []byte("1")}),
		layer(t, entry{"app/replaced", []byte("new")}, entry{"app/.wh.deleted", []byte{}},
			// An opaque directory keeps only what this layer puts in it.
			entry{"app/cache/.wh..wh..opq", []byte{}}, entry{"app/cache/fresh", []byte("2")}))

	got := files(t, image)

	want := map[string]string{"app/kept": "1", "app/replaced": "new", "app/cache/fresh": "2"}
	if len(got) != len(want) {
		t.Fatalf("files %v, want %v", got, want)
	}
	for file, content := range want {
		if got[file] != content {
			t.Errorf("%s = %q, want %q (all: %v)", file, got[file], content, got)
		}
	}
}

func TestConfigReadsBackInBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatal("bash is needed to read the config back (apt-get install bash)")
	}
	image := writeImage(t, v1.Config{
		User:         "65532:65532",
		ExposedPorts: map[string]struct{}{"8081/tcp": {}, "8080/tcp": {}},
		Entrypoint:   []string{"java", "-Dquote=it's", "-Dspaces=a b", "-Dvar=$HOME"},
		Env:          []string{"PATH=/opt/java/bin:/usr/bin", "EMPTY="},
	}, layer(t, entry{"app", nil}))
	config := filepath.Join(t.TempDir(), "config.env")
	if err := unpack(image, config, io.Discard); err != nil {
		t.Fatal(err)
	}

	out, err := exec.Command(bash, "-c", `set -eu; source "$1"
printf '%s\n' "$IMAGE_USER" "$IMAGE_PORTS" "${#IMAGE_CMD[@]}" "${IMAGE_ENTRYPOINT[@]}" "${IMAGE_ENV[@]}"`,
		"bash", config).CombinedOutput()
	if err != nil {
		t.Fatalf("bash could not source it: %v\n%s", err, out)
	}

	got := string(out)
	want := "65532:65532\n8080/tcp 8081/tcp\n0\njava\n-Dquote=it's\n-Dspaces=a b\n-Dvar=$HOME\n" +
		"PATH=/opt/java/bin:/usr/bin\nEMPTY=\n"
	if got != want {
		t.Errorf("bash read\n%s\nwant\n%s", got, want)
	}
}

func TestNoImageIsAnError(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.tar")
	err := unpack(missing, filepath.Join(t.TempDir(), "config.env"), io.Discard)
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("unpack(%s) = %v, want an error naming the file", missing, err)
	}
}
