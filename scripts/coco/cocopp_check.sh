#!/bin/sh
# cocopp_check.sh: runs COCO's post-processor, cocopp 2.x, offline on folders
# of COCO data (such as the folders bench/coco.Write makes, DIR/coco/NAME):
#
#   scripts/coco/cocopp_check.sh [-o OUTPUT] FOLDER...
#   scripts/coco/cocopp_check.sh -art FOLDER    (cocopp's aRT as JSON, see cocopp_art.py)
#
# cocopp reads every folder, compares it with its bundled best-2009 reference
# and writes OUTPUT/index.html (default: a temporary folder, removed after).
# Its messages go to stdout; the exit status is cocopp's. See cocopp_env.sh
# for COCOPP_REPO and PYTHON.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ "${1:-}" = -art ]; then
	[ $# -eq 2 ] || { echo "usage: $0 -art FOLDER" >&2; exit 2; }
	. "$here/cocopp_env.sh"
	"$PYTHON" "$here/cocopp_art.py" "$2"
	exit
fi
out=
if [ "${1:-}" = -o ]; then
	out=$2
	shift 2
fi
if [ $# -eq 0 ]; then
	echo "usage: $0 [-o OUTPUT] FOLDER..." >&2
	exit 2
fi
. "$here/cocopp_env.sh"
out=${out:-$COCOPP_TMP/ppdata}
"$PYTHON" -m cocopp -o "$out" "$@"
