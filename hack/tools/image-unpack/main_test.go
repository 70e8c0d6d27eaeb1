package main

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
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

// member is one entry of a test layer: its header, and its content for a file.
type member struct {
	header  *tar.Header
	content string
}

// file, dir, link and hardlink make the members of a test layer.
func file(name, content string) member {
	return member{&tar.Header{Name: name, Mode: 0o644, Typeflag: tar.TypeReg, Size: int64(len(content)),
		// Jib gives every file its creation time, a PAX record the unpacker must pass over.
		PAXRecords: map[string]string{"LIBARCHIVE.creationtime": "1"}, Format: tar.FormatPAX}, content}
}

func dir(name string, mode int64) member {
	return member{header: &tar.Header{Name: name, Mode: mode, Typeflag: tar.TypeDir}}
}

func link(name, target string) member {
	return member{header: &tar.Header{Name: name, Linkname: target, Typeflag: tar.TypeSymlink, Mode: 0o777}}
}

func hardlink(name, target string) member {
	return member{header: &tar.Header{Name: name, Linkname: target, Typeflag: tar.TypeLink, Mode: 0o644}}
}

func layer(t *testing.T, members ...member) v1.Layer {
	t.Helper()
	var buf bytes.Buffer
	w := tar.NewWriter(&buf)
	for _, m := range members {
		if err := w.WriteHeader(m.header); err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(m.content)); err != nil {
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

// writeImage writes layers (the first is the bottom one) as a docker-save tarball, as
// jib:buildTar does, and returns its path.
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

// unpacked unpacks image and returns its root file system.
func unpacked(t *testing.T, image string) string {
	t.Helper()
	rootfs := filepath.Join(t.TempDir(), "rootfs")
	if err := unpack(image, rootfs, filepath.Join(t.TempDir(), "config.env")); err != nil {
		t.Fatal(err)
	}
	// Go's test cleanup cannot remove what a read-only directory holds.
	t.Cleanup(func() {
		filepath.Walk(rootfs, func(path string, info os.FileInfo, err error) error {
			if err == nil && info.IsDir() {
				os.Chmod(path, 0o755)
			}
			return nil
		})
	})
	return rootfs
}

func assertContent(t *testing.T, path, want string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("%s: %v", path, err)
	} else if string(got) != want {
		t.Errorf("%s = %q, want %q", path, got, want)
	}
}

func assertMissing(t *testing.T, path string) {
	t.Helper()
	if _, err := os.Lstat(path); !os.IsNotExist(err) {
		t.Errorf("%s exists (%v), want it deleted", path, err)
	}
}

func TestUpperLayersReplaceDeleteAndHideLowerFiles(t *testing.T) {
	rootfs := unpacked(t, writeImage(t, v1.Config{},
		layer(t, dir("app", 0o755), file("app/kept", "1"), file("app/replaced", "old"), file("app/deleted", "1"),
			dir("app/cache", 0o755), file("app/cache/stale", "1"), link("app/current", "kept")),
		layer(t, file("app/replaced", "new"), file("app/.wh.deleted", ""),
			// An opaque directory keeps only what this layer puts in it.
			file("app/cache/.wh..wh..opq", ""), file("app/cache/fresh", "2"))))

	assertContent(t, filepath.Join(rootfs, "app/kept"), "1")
	assertContent(t, filepath.Join(rootfs, "app/replaced"), "new")
	assertContent(t, filepath.Join(rootfs, "app/cache/fresh"), "2")
	assertContent(t, filepath.Join(rootfs, "app/current"), "1")
	assertMissing(t, filepath.Join(rootfs, "app/deleted"))
	assertMissing(t, filepath.Join(rootfs, "app/.wh.deleted"))
	assertMissing(t, filepath.Join(rootfs, "app/cache/stale"))
	assertMissing(t, filepath.Join(rootfs, "app/cache/.wh..wh..opq"))
}

// A flattened stream, top layer first, wrote the link before a file it could no longer
// link to: extracting it failed.
func TestAHardLinkOutlivesTheNameItWasMadeFrom(t *testing.T) {
	rootfs := unpacked(t, writeImage(t, v1.Config{},
		layer(t, dir("bin", 0o755), file("bin/tool", "x"), hardlink("bin/alias", "bin/tool")),
		layer(t, file("bin/.wh.tool", ""))))

	assertContent(t, filepath.Join(rootfs, "bin/alias"), "x")
	assertMissing(t, filepath.Join(rootfs, "bin/tool"))
}

// A read-only directory (0555, like /proc in a base image) still gets the files of the
// layers above it, and its mode in the end. Root writes into it anyway; only a run as
// another user (make test needs no root) shows the first half.
func TestAReadOnlyDirectoryStillReceivesFiles(t *testing.T) {
	rootfs := unpacked(t, writeImage(t, v1.Config{},
		layer(t, dir("ro", 0o555)),
		layer(t, dir("ro", 0o555), file("ro/file", "1"))))

	assertContent(t, filepath.Join(rootfs, "ro/file"), "1")
	info, err := os.Stat(filepath.Join(rootfs, "ro"))
	if err != nil || info.Mode().Perm() != 0o555 {
		t.Errorf("ro: %v %v, want mode 0555", info, err)
	}
}

func TestNoFileLandsOutsideTheRoot(t *testing.T) {
	outside := t.TempDir()
	image := writeImage(t, v1.Config{}, layer(t, file("../../"+filepath.Base(outside)+"/escaped", "x")))
	rootfs := filepath.Join(t.TempDir(), "rootfs")

	unpack(image, rootfs, filepath.Join(t.TempDir(), "config.env"))

	assertMissing(t, filepath.Join(outside, "escaped"))
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
	}, layer(t, dir("app", 0o755)))
	config := filepath.Join(t.TempDir(), "config.env")
	if err := unpack(image, filepath.Join(t.TempDir(), "rootfs"), config); err != nil {
		t.Fatal(err)
	}

	out, err := exec.Command(bash, "-c", `set -eu; source "$1"
printf '%s\n' "$IMAGE_USER" "$IMAGE_PORTS" "${#IMAGE_CMD[@]}" "${IMAGE_ENTRYPOINT[@]}" "${IMAGE_ENV[@]}"`,
		"bash", config).CombinedOutput()
	if err != nil {
		t.Fatalf("bash could not source it: %v\n%s", err, out)
	}

	want := "65532:65532\n8080/tcp 8081/tcp\n0\njava\n-Dquote=it's\n-Dspaces=a b\n-Dvar=$HOME\n" +
		"PATH=/opt/java/bin:/usr/bin\nEMPTY=\n"
	if string(out) != want {
		t.Errorf("bash read\n%s\nwant\n%s", out, want)
	}
}

func TestNoImageIsAnError(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.tar")
	err := unpack(missing, filepath.Join(t.TempDir(), "rootfs"), filepath.Join(t.TempDir(), "config.env"))
	if err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("unpack(%s) = %v, want an error naming the file", missing, err)
	}
}
