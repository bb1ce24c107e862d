#!/bin/sh
# amalgamate.sh SRC OUT: inline COCO's C sources into one translation unit.
#
# COCO's sources include each other as .c files (coco_suite.c includes suite_bbob.c, which includes
# f_sphere.c, ...); COCO's own scripts/fabricate does this amalgamation but needs python's colorama.
# This does the same with awk: every `#include "name"` that names a file in SRC is replaced by that
# file, each file at most once, starting from the files COCO's C API needs.
#
# SRC is the src/ folder of numbbo/coco-experiment (checked with commit e6356d2e); OUT is the .c
# file to write. A one-line coco_version.c is written into OUT's folder first because COCO generates
# that file at build time.
set -eu
src=$1
out=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cp "$src"/*.c "$src"/*.h "$dir"/
printf 'const char *coco_version = "e6356d2e-optbench";\n' >"$dir/coco_version.c"
awk -v dir="$dir" -v files="$(cd "$dir" && echo *)" '
function inc(f,    line, name, path) {
  if (f in seen) return
  seen[f] = 1
  path = dir "/" f
  while ((getline line < path) > 0) {
    if (line ~ /^[ \t]*#include[ \t]+"[^"]+"/) {
      name = line
      sub(/^[ \t]*#include[ \t]+"/, "", name)
      sub(/".*$/, "", name)
      if (name in local) {
        inc(name)
        continue
      }
    }
    print line
  }
  close(path)
}
BEGIN {
  m = split(files, list, " ")
  for (i = 1; i <= m; i++) local[list[i]] = 1
  n = split("coco.h coco_version.c coco_random.c coco_suite.c coco_observer.c coco_archive.c coco_runtime_c.c", roots, " ")
  for (i = 1; i <= n; i++) inc(roots[i])
}' >"$out"
