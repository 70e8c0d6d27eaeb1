// Command image-tar writes a one-layer container image as a docker-archive tarball (what
// `docker save` and `jib:buildTar` write, and `ctr images import` reads), from files on this
// machine, so a node can run images that were never in a registry.
//
//	image-tar -o prometheus.tar -name quay.io/prometheus/prometheus:v3.5.0 -user nobody \
//	  -workdir /prometheus -dir /prometheus:65534 -entrypoint /bin/prometheus \
//	  -cmd --config.file=/etc/prometheus/prometheus.yml bin/e2e/prometheus=/bin/prometheus
//
// The image format (manifest, config, digests, the archive) is go-containerregistry's, the
// library behind crane and ko; only the layer's files are listed here. Every image gets
// /etc/passwd and /etc/group with root, nonroot (65532) and nobody (65534), the users the
// upstream images run as, and a world-writable /tmp. -link adds symbolic links (a busybox
// and its applets). Timestamps are zero, so the same inputs give the same image digest.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"os"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/empty"
	"github.com/google/go-containerregistry/pkg/v1/mutate"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
)

type list []string

func (l *list) String() string     { return strings.Join(*l, " ") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

const users = "root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n"
const groups = "root:x:0:\nnonroot:x:65532:\nnobody:x:65534:\n"

func main() {
	var out, ref, arch, user, workdir, entrypoint string
	var cmd, env, ports, dirs, volumes, links list
	flag.StringVar(&out, "o", "", "the tarball to write")
	flag.StringVar(&ref, "name", "", "the image name and tag, as pods ask for it")
	// A node's containerd ignores an image of another architecture than its own.
	flag.StringVar(&arch, "arch", runtime.GOARCH, "the architecture the files are built for, as GOARCH names it")
	flag.StringVar(&user, "user", "", "the user the image runs as (name or uid[:gid])")
	flag.StringVar(&workdir, "workdir", "/", "the working directory")
	flag.StringVar(&entrypoint, "entrypoint", "", "the program the image runs")
	flag.Var(&cmd, "cmd", "a default argument (repeatable)")
	flag.Var(&env, "env", "NAME=VALUE (repeatable); PATH is set")
	flag.Var(&ports, "port", "an exposed port such as 9090/tcp (repeatable)")
	flag.Var(&dirs, "dir", "PATH[:UID] an empty directory owned by UID (repeatable)")
	flag.Var(&volumes, "volume", "a directory declared as a volume (repeatable)")
	flag.Var(&links, "link", "DST=TARGET a symbolic link DST to TARGET (repeatable)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "Usage: image-tar -o OUT.tar -name REF [flags] SRC=DST...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if out == "" || ref == "" || entrypoint == "" {
		flag.Usage()
		os.Exit(2)
	}
	if err := write(out, ref, arch, user, workdir, entrypoint, cmd, env, ports, dirs, volumes, links, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "image-tar:", err)
		os.Exit(1)
	}
}

func write(out, ref, arch, user, workdir, entrypoint string, cmd, env, ports, dirs, volumes, links, files []string) error {
	tag, err := name.NewTag(ref, name.StrictValidation)
	if err != nil {
		return err
	}
	layerBytes, err := layer(dirs, links, files)
	if err != nil {
		return err
	}
	l, err := tarball.LayerFromOpener(func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(layerBytes)), nil
	}, tarball.WithCompressionLevel(gzip.BestSpeed), tarball.WithCompressedCaching)
	if err != nil {
		return err
	}
	img, err := mutate.AppendLayers(empty.Image, l)
	if err != nil {
		return err
	}
	config := v1.Config{
		User:       user,
		WorkingDir: workdir,
		Entrypoint: []string{entrypoint},
		Cmd:        cmd,
		Env:        append([]string{"PATH=/usr/local/bin:/usr/bin:/bin"}, env...),
	}
	for _, p := range ports {
		if config.ExposedPorts == nil {
			config.ExposedPorts = map[string]struct{}{}
		}
		config.ExposedPorts[p] = struct{}{}
	}
	for _, v := range volumes {
		if config.Volumes == nil {
			config.Volumes = map[string]struct{}{}
		}
		config.Volumes[v] = struct{}{}
	}
	cf, err := img.ConfigFile()
	if err != nil {
		return err
	}
	cf = cf.DeepCopy()
	cf.Architecture, cf.OS, cf.Config = arch, "linux", config
	cf.Created = v1.Time{Time: time.Unix(0, 0).UTC()}
	if img, err = mutate.ConfigFile(img, cf); err != nil {
		return err
	}
	return tarball.WriteToFile(out, tag, img)
}

// layer returns an uncompressed tar of the files (SRC=DST), the directories (PATH[:UID]), the
// symbolic links (DST=TARGET), the user database and /tmp, with every parent directory,
// sorted, owned by root unless stated.
func layer(dirs, links, files []string) ([]byte, error) {
	type entry struct {
		hdr  tar.Header
		data []byte
	}
	entries := map[string]*entry{}
	addParents := func(p string) {
		for d := path.Dir(p); d != "/"; d = path.Dir(d) {
			if _, ok := entries[d]; !ok {
				entries[d] = &entry{hdr: tar.Header{Typeflag: tar.TypeDir, Mode: 0o755}}
			}
		}
	}
	addFile := func(p string, mode int64, data []byte) {
		addParents(p)
		entries[p] = &entry{hdr: tar.Header{Typeflag: tar.TypeReg, Mode: mode, Size: int64(len(data))}, data: data}
	}
	addFile("/etc/passwd", 0o644, []byte(users))
	addFile("/etc/group", 0o644, []byte(groups))
	entries["/tmp"] = &entry{hdr: tar.Header{Typeflag: tar.TypeDir, Mode: 0o1777}}
	for _, d := range dirs {
		p, owner, _ := strings.Cut(d, ":")
		uid := 0
		if owner != "" {
			var err error
			if uid, err = strconv.Atoi(owner); err != nil {
				return nil, fmt.Errorf("-dir %s: the owner must be a numeric uid", d)
			}
		}
		addParents(p)
		entries[path.Clean(p)] = &entry{hdr: tar.Header{Typeflag: tar.TypeDir, Mode: 0o755, Uid: uid, Gid: uid}}
	}
	for _, f := range files {
		src, dst, ok := strings.Cut(f, "=")
		if !ok || !path.IsAbs(dst) {
			return nil, fmt.Errorf("%q: files are SRC=/ABSOLUTE/DST", f)
		}
		data, err := os.ReadFile(src)
		if err != nil {
			return nil, err
		}
		info, err := os.Stat(src)
		if err != nil {
			return nil, err
		}
		mode := int64(0o644)
		if info.Mode()&0o111 != 0 {
			mode = 0o755
		}
		addFile(path.Clean(dst), mode, data)
	}
	for _, l := range links {
		dst, target, ok := strings.Cut(l, "=")
		if !ok || !path.IsAbs(dst) || target == "" {
			return nil, fmt.Errorf("-link %q: links are /ABSOLUTE/DST=TARGET", l)
		}
		addParents(dst)
		entries[path.Clean(dst)] = &entry{hdr: tar.Header{Typeflag: tar.TypeSymlink, Linkname: target, Mode: 0o777}}
	}

	names := make([]string, 0, len(entries))
	for p := range entries {
		names = append(names, p)
	}
	sort.Strings(names)
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, p := range names {
		e := entries[p]
		e.hdr.Name = strings.TrimPrefix(p, "/")
		if e.hdr.Typeflag == tar.TypeDir {
			e.hdr.Name += "/"
		}
		e.hdr.Format = tar.FormatPAX
		if err := tw.WriteHeader(&e.hdr); err != nil {
			return nil, err
		}
		if _, err := tw.Write(e.data); err != nil {
			return nil, err
		}
	}
	if err := tw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
