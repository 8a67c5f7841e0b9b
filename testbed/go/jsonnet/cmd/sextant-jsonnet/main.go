// Command sextant-jsonnet evaluates one Jsonnet file for Sextant with every import confined to one
// directory tree, by construction: the only importer the evaluator has serves files under --root and
// nothing else. Absolute paths, paths that climb out of the root and symlinks that lead out of it are
// refused wherever the import comes from: the file, a file it imports, a library directory, or
// Jsonnet code passed as an external variable or top-level argument. A text scan for imports can be
// fooled (comments between `import` and its string, escapes in the string, code variables); an
// importer cannot, because go-jsonnet asks it for every import, importstr and importbin.
//
// Usage:
//
//	sextant-jsonnet --root DIR [--jpath DIR]... [--ext-str|--ext-code|--tla-str|--tla-code NAME=VALUE]... FILE
//	sextant-jsonnet --version
//
// FILE and every --jpath are paths inside DIR. The JSON the file evaluates to goes to standard
// output; an error goes to standard error with exit status 1 (2 for a usage error).
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/go-jsonnet"
)

// Version is what --version prints first; Sextant checks for it before it trusts the binary.
const Version = "sextant-jsonnet confined"

type confinedImporter struct {
	root   string
	jpaths []string
	cache  map[string]jsonnet.Contents
}

// inside reports whether the cleaned absolute path p is root or below it.
func (c *confinedImporter) inside(p string) bool {
	rel, err := filepath.Rel(c.root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

func (c *confinedImporter) Import(importedFrom, importedPath string) (jsonnet.Contents, string, error) {
	if importedPath == "" {
		return jsonnet.Contents{}, "", errors.New("import of an empty path")
	}
	if filepath.IsAbs(importedPath) {
		return jsonnet.Contents{}, "", fmt.Errorf("import %q refused: absolute paths are not allowed, import files of the repository by a relative path", importedPath)
	}
	// Code passed on the command line (and the top-level file) imports relative to the root.
	base := c.root
	if importedFrom != "" && filepath.IsAbs(importedFrom) && c.inside(filepath.Clean(importedFrom)) {
		base = filepath.Dir(filepath.Clean(importedFrom))
	}
	candidates := []string{filepath.Join(base, importedPath)}
	for _, jp := range c.jpaths {
		candidates = append(candidates, filepath.Join(jp, importedPath))
	}
	for _, candidate := range candidates {
		if !c.inside(candidate) {
			return jsonnet.Contents{}, "", fmt.Errorf("import %q refused: it leaves the repository", importedPath)
		}
		if contents, ok := c.cache[candidate]; ok {
			return contents, candidate, nil
		}
		real, err := filepath.EvalSymlinks(candidate)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return jsonnet.Contents{}, "", fmt.Errorf("import %q: %v", importedPath, strings.ReplaceAll(err.Error(), c.root, "<repo>"))
		}
		if !c.inside(real) {
			return jsonnet.Contents{}, "", fmt.Errorf("import %q refused: it is a link that leaves the repository", importedPath)
		}
		data, err := os.ReadFile(real)
		if err != nil {
			return jsonnet.Contents{}, "", fmt.Errorf("import %q: %v", importedPath, strings.ReplaceAll(err.Error(), c.root, "<repo>"))
		}
		contents := jsonnet.MakeContentsRaw(data)
		c.cache[candidate] = contents
		return contents, candidate, nil
	}
	return jsonnet.Contents{}, "", fmt.Errorf("couldn't open import %q: no match locally or in the Jsonnet library paths", importedPath)
}

// resolved is p as an absolute path with its links resolved (as far as it exists).
func resolved(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		return real
	}
	return filepath.Clean(abs)
}

func fail(status int, format string, args ...any) {
	fmt.Fprintf(os.Stderr, "sextant-jsonnet: "+format+"\n", args...)
	os.Exit(status)
}

func main() {
	vm := jsonnet.MakeVM()
	var root, file string
	var jpaths []string
	args := os.Args[1:]
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if arg == "--version" {
			fmt.Printf("%s (go-jsonnet %s)\n", Version, jsonnet.Version())
			return
		}
		name, value, hasValue := strings.Cut(arg, "=")
		if !strings.HasPrefix(arg, "--") {
			if file != "" {
				fail(2, "one file only, got %q and %q", file, arg)
			}
			file = arg
			continue
		}
		if !hasValue {
			if i+1 >= len(args) {
				fail(2, "%s needs a value", arg)
			}
			i++
			value = args[i]
		}
		switch name {
		case "--root":
			root = value
		case "--jpath":
			jpaths = append(jpaths, value)
		case "--ext-str", "--ext-code", "--tla-str", "--tla-code":
			key, val, ok := strings.Cut(value, "=")
			if !ok || key == "" {
				fail(2, "%s takes NAME=VALUE", name)
			}
			switch name {
			case "--ext-str":
				vm.ExtVar(key, val)
			case "--ext-code":
				vm.ExtCode(key, val)
			case "--tla-str":
				vm.TLAVar(key, val)
			case "--tla-code":
				vm.TLACode(key, val)
			}
		default:
			fail(2, "unknown option %s", name)
		}
	}
	if root == "" || file == "" {
		fail(2, "usage: sextant-jsonnet --root DIR [--jpath DIR]... [--ext-str|--ext-code|--tla-str|--tla-code NAME=VALUE]... FILE")
	}
	absRoot, err := filepath.Abs(root)
	if err == nil {
		absRoot, err = filepath.EvalSymlinks(absRoot)
	}
	if err != nil {
		fail(2, "root %s: %v", root, err)
	}
	importer := &confinedImporter{root: absRoot, cache: map[string]jsonnet.Contents{}}
	for _, jp := range jpaths {
		if abs := resolved(jp); importer.inside(abs) {
			importer.jpaths = append(importer.jpaths, abs)
		} else {
			fail(2, "library path %s is not inside the root", jp)
		}
	}
	absFile := resolved(file)
	if !importer.inside(absFile) {
		fail(2, "file %s is not inside the root", file)
	}
	rel, _ := filepath.Rel(absRoot, absFile)
	vm.Importer(importer)
	out, err := vm.EvaluateFile(rel)
	if err != nil {
		fmt.Fprint(os.Stderr, strings.ReplaceAll(err.Error(), absRoot+string(filepath.Separator), ""))
		os.Exit(1)
	}
	fmt.Print(out)
}
