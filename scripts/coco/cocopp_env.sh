# cocopp_env.sh: sourced by cocopp_check.sh and cocopp_art.sh. Sets up, in a
# temporary folder $COCOPP_TMP (removed on exit), cocopp from a checkout of
# numbbo/coco-postprocess and what Debian's packages lack, then exports
# PYTHONPATH, MPLBACKEND and XDG_CACHE_HOME so that `$PYTHON -m cocopp` runs
# offline and writes nothing outside the temporary folder.
#
#   COCOPP_REPO  git directory of coco-postprocess
#                (default /work/.mirror/numbbo+coco-postprocess/repo, checked at 2b13ce7)
#   PYTHON       a python3 with numpy, scipy and matplotlib (default Debian's /usr/bin/python3)
COCOPP_REPO=${COCOPP_REPO:-/work/.mirror/numbbo+coco-postprocess/repo}
PYTHON=${PYTHON:-/usr/bin/python3}
COCOPP_TMP=$(mktemp -d)
trap 'rm -rf "$COCOPP_TMP"' EXIT
mkdir -p "$COCOPP_TMP/src" "$COCOPP_TMP/shim" "$COCOPP_TMP/cache"
# cocopp's sources (src/cocopp) at the checkout's HEAD, without a work tree.
git -C "$COCOPP_REPO" archive HEAD src/cocopp | tar -x -C "$COCOPP_TMP"
# _version.py is generated when cocopp is installed.
echo '__version__ = "2.x-local"' >"$COCOPP_TMP/src/cocopp/_version.py"
# cocopp calls platformdirs.user_cache_dir(..., ensure_exists=True); Debian's
# platformdirs is older (or absent): this shim accepts the keyword and makes
# the folder, under $XDG_CACHE_HOME.
cat >"$COCOPP_TMP/shim/platformdirs.py" <<'PY'
import os


def user_cache_dir(appname=None, appauthor=None, version=None, opinion=True, ensure_exists=False):
    path = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), appname or "")
    if version:
        path = os.path.join(path, version)
    if ensure_exists:
        os.makedirs(path, exist_ok=True)
    return path
PY
export PYTHONPATH="$COCOPP_TMP/shim:$COCOPP_TMP/src${PYTHONPATH:+:$PYTHONPATH}"
export MPLBACKEND=Agg
export XDG_CACHE_HOME="$COCOPP_TMP/cache"
