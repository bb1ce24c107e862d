#!/bin/sh
# Remakes bench/coco/testdata/golden/ from COCO's own C code (needs git, gcc, python3):
#
#   bench/coco/testdata/cexp/run.sh [COCO_EXPERIMENT_GIT_DIR]
#
# It takes src/ of numbbo/coco-experiment (default: the mirror at
# /work/.mirror/numbbo+coco-experiment/repo, commit e6356d2e, `git describe`
# v2.8.2-4-ge6356d2e, which COCO's scripts/fabricate turns into the version
# 2.8.3-dev4+ge6356d2e), amalgamates it as fabricate does, compiles
# experiment.c against it and runs it. The outputs:
#   golden/evaluations.txt   every evaluation the experiment made (see experiment.c)
#   golden/exdata/golden/    the files COCO's "bbob" observer wrote
#   log10.txt                glibc's target exponents near the boundaries (log10.c)
# Not remade here (it needs cocopp): golden/cocopp_art.json, cocopp's aRT of the
# golden data, from the repository root:
#   scripts/coco/cocopp_check.sh -art bench/coco/testdata/golden/exdata/golden \
#     >bench/coco/testdata/golden/cocopp_art.json
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=${1:-/work/.mirror/numbbo+coco-experiment/repo}
version=2.8.3-dev4+ge6356d2e
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/src"
for f in $(git -C "$repo" ls-tree --name-only HEAD src/ | grep -E '\.(c|h)$'); do
	git -C "$repo" show "HEAD:$f" >"$tmp/$f"
done
python3 "$here/amalgamate.py" "$tmp/src" "$version" >"$tmp/coco_all.c"
cp "$here/experiment.c" "$tmp/"
(cd "$tmp" && gcc -O1 -w experiment.c -lm -o experiment && ./experiment >evaluations.txt)
rm -rf "$here/../golden/exdata" "$here/../golden/evaluations.txt"
mkdir -p "$here/../golden"
cp "$tmp/evaluations.txt" "$here/../golden/"
cp -r "$tmp/exdata" "$here/../golden/"
gcc -O1 -w "$here/log10.c" -lm -o "$tmp/log10"
"$tmp/log10" >"$here/../log10.txt"
