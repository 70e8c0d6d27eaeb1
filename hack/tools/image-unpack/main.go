// Command image-unpack unpacks a docker-save image tarball (what jib:buildTar writes) into a
// directory, its layers applied in order as a node's containerd applies them, and writes the
// image config's run settings to a file of bash assignments. So a script can run an image
// without a container runtime (hack/build-image.sh, hack/image-test.sh):
//
//	image-unpack -config config.env image.tar rootfs
//
// Reading the tarball is go-containerregistry's; applying each layer is containerd's own
// code (pkg/archive): deleted files (.wh.NAME), opaque directories (.wh..wh..opq), hard
// links, directory modes set after their content, and no path outside the root are its
// rules, not ours.
package main

import (
	"archive/tar"
	"context"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/containerd/containerd/v2/pkg/archive"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

func main() {
	var config string
	flag.StringVar(&config, "config", "", "the file to write the image config to, as bash assignments")
	flag.Usage = func() {
		out := flag.CommandLine.Output()
		fmt.Fprintln(out, "Usage: image-unpack -config CONFIG.env IMAGE.tar ROOTFS")
		fmt.Fprintln(out, "ROOTFS must be empty or missing. CONFIG.env sets IMAGE_USER, IMAGE_PORTS and the")
		fmt.Fprintln(out, "arrays IMAGE_ENTRYPOINT, IMAGE_CMD, IMAGE_ENV.")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 2 || config == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := unpack(flag.Arg(0), flag.Arg(1), config); err != nil {
		fmt.Fprintln(os.Stderr, "image-unpack:", err)
		os.Exit(1)
	}
}

// unpack applies the image's layers to rootfs and writes its run settings to config.
func unpack(image, rootfs, config string) error {
	img, err := tarball.ImageFromPath(image, nil)
	if err != nil {
		return fmt.Errorf("reading %s: %w", image, err)
	}
	file, err := img.ConfigFile()
	if err != nil {
		return fmt.Errorf("reading the config of %s: %w", image, err)
	}
	layers, err := img.Layers()
	if err != nil {
		return fmt.Errorf("reading the layers of %s: %w", image, err)
	}
	if err := os.MkdirAll(rootfs, 0o755); err != nil {
		return err
	}
	readOnly := readOnlyDirs{}
	options := []archive.ApplyOpt{archive.WithFilter(readOnly.keepWritable)}
	if os.Geteuid() != 0 {
		// Only root can give files the image's owners; anyone else owns what they unpack,
		// as with tar.
		options = append(options, archive.WithNoSameOwner())
	}
	for i, layer := range layers {
		if err := apply(layer, rootfs, options); err != nil {
			return fmt.Errorf("applying layer %d of %s: %w", i+1, image, err)
		}
	}
	if err := readOnly.restore(rootfs); err != nil {
		return err
	}
	return os.WriteFile(config, []byte(assignments(file.Config)), 0o644)
}

// readOnlyDirs are the directories the layers make read-only for their owner, with their
// modes. containerd runs as root, which writes into them anyway; a user who is not root
// could not put an upper layer's files into a directory a lower layer made 0555 (a base
// image's /proc, say), so they stay writable until the last layer is in (for root too: one
// path for everyone, which CI, as root, runs as well).
type readOnlyDirs map[string]os.FileMode

func (r readOnlyDirs) keepWritable(header *tar.Header) (bool, error) {
	name := path.Clean("/" + header.Name)
	base := path.Base(name)
	switch {
	case header.Typeflag == tar.TypeDir && header.Mode&0o200 == 0:
		r[name] = header.FileInfo().Mode()
		header.Mode |= 0o200
	case header.Typeflag == tar.TypeDir:
		delete(r, name)
	case strings.HasPrefix(base, ".wh.") && base != ".wh..wh..opq":
		delete(r, path.Join(path.Dir(name), strings.TrimPrefix(base, ".wh.")))
	}
	return true, nil
}

func (r readOnlyDirs) restore(rootfs string) error {
	for name, mode := range r {
		err := os.Chmod(filepath.Join(rootfs, name), mode)
		if err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}

func apply(layer v1.Layer, rootfs string, options []archive.ApplyOpt) error {
	content, err := layer.Uncompressed()
	if err != nil {
		return err
	}
	defer content.Close()
	_, err = archive.Apply(context.Background(), rootfs, content, options...)
	return err
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
