#!/bin/sh
# make_reference.sh COCO_SRC: remake bench/bbob/testdata/coco_values.json from COCO's own C code.
#
#   git clone <numbbo/coco-experiment> /tmp/coco && git -C /tmp/coco checkout e6356d2e
#   sh scripts/coco/make_reference.sh /tmp/coco/src
#
# It amalgamates COCO's sources into one .c (amalgamate.sh), compiles coco_values.c against it with
# gcc (asserts off: COCO's internal asserts compare f with f_opt to 1e-13 and are not what is tested)
# and writes the JSON. Run from the repository root; needs only sh, awk and gcc.
set -eu
src=${1:?usage: make_reference.sh COCO_SRC_DIR}
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
sh "$here/amalgamate.sh" "$src" "$tmp/coco_all.c"
cp "$here/coco_values.c" "$tmp/"
gcc -O1 -w -DNDEBUG -o "$tmp/coco_values" "$tmp/coco_values.c" -lm
"$tmp/coco_values" >bench/bbob/testdata/coco_values.json
echo "wrote bench/bbob/testdata/coco_values.json ($(wc -c <bench/bbob/testdata/coco_values.json) bytes)"
