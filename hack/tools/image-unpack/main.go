// Command image-unpack reads a docker-save image tarball (what jib:buildTar writes) and
// writes its file system to stdout as one tar, the layers applied in order with their
// whiteouts, and the image config's run settings to a file of bash assignments. So a
// script can run an image without a container runtime (hack/image-test.sh):
//
//	image-unpack -config config.env image.tar | tar -x -C rootfs
//
// Flattening the layers is go-containerregistry's (mutate.Extract, what `crane export`
// does): deleted files (.wh.NAME), opaque directories (.wh..wh..opq) and paths that
// would escape the root are its rules, not ours.
package main

import (
	"archive/tar"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

func main() {
	var config string
	flag.StringVar(&config, "config", "", "the file to write the image config to, as bash assignments")
	flag.Usage = func() {
		out := flag.CommandLine.Output()
		fmt.Fprintln(out, "Usage: image-unpack -config CONFIG.env IMAGE.tar | tar -x -C ROOTFS")
		fmt.Fprintln(out, "CONFIG.env sets IMAGE_USER, IMAGE_PORTS and the arrays IMAGE_ENTRYPOINT, IMAGE_CMD, IMAGE_ENV.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 || config == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := unpack(flag.Arg(0), config, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "image-unpack:", err)
		os.Exit(1)
	}
}

// unpack writes the image's flattened file system to fs and its run settings to config.
func unpack(image, config string, fs io.Writer) error {
	img, err := tarball.ImageFromPath(image, nil)
	if err != nil {
		return fmt.Errorf("reading %s: %w", image, err)
	}
	file, err := img.ConfigFile()
	if err != nil {
		return fmt.Errorf("reading the config of %s: %w", image, err)
	}
	if err := os.WriteFile(config, []byte(assignments(file.Config)), 0o644); err != nil {
		return err
	}
	layers := mutate.Extract(img)
	return errors.Join(withoutCreationTimes(fs, layers), layers.Close())
}

// withoutCreationTimes copies a tar stream without the LIBARCHIVE.creationtime records
// that Jib writes for every file: GNU tar warns of each record it does not know (hundreds
// of lines), and no file system a tar extracts to is given creation times anyway.
func withoutCreationTimes(w io.Writer, r io.Reader) error {
	in, out := tar.NewReader(r), tar.NewWriter(w)
	for {
		header, err := in.Next()
		if err == io.EOF {
			return out.Close()
		}
		if err != nil {
			return err
		}
		delete(header.PAXRecords, "LIBARCHIVE.creationtime")
		if err := out.WriteHeader(header); err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			return err
		}
	}
}

// assignments is the config as bash reads it back with `source`.
func assignments(c v1.Config) string {
	ports := make([]string, 0, len(c.ExposedPorts))
	for port := range c.ExposedPorts {
		ports = append(ports, port)
	}
	sort.Strings(ports)
	return "IMAGE_USER=" + quote(c.User) + "\n" +
		"IMAGE_PORTS=" + quote(strings.Join(ports, " ")) + "\n" +
		"IMAGE_ENTRYPOINT=" + array(c.Entrypoint) + "\n" +
		"IMAGE_CMD=" + array(c.Cmd) + "\n" +
		"IMAGE_ENV=" + array(c.Env) + "\n"
}

func array(values []string) string {
	quoted := make([]string, len(values))
	for i, v := range values {
		quoted[i] = quote(v)
	}
	return "(" + strings.Join(quoted, " ") + ")"
}

// quote makes s one bash word that stands for itself: in single quotes nothing is special
// but the quote, which is closed, escaped and reopened.
func quote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
