#!/usr/bin/python3
"""Writes bench/coco/best2009/best2009.txt, the data optbench embeds for
COCO's "best 2009" reference algorithm on the bbob suite, from the archive
cocopp ships (numbbo/coco-postprocess, BSD 3-clause licensed):
src/cocopp/refalgs/best2009-bbob.tar.gz.

That archive is one virtual run per bbob function and dimension
(best2009-bbob/bbob-bestalg_fNN_dDD.dat): each row is "evaluations Δf Δf
algorithm successes runs", the evaluations being the aRT of the best of
the 31 BBOB-2009 algorithms at that Δf (the one named in the row, whose
successes out of runs reached it). cocopp's aRT of the reference at a
target is the evaluations of the first row whose Δf is <= the target.
This script copies those rows and nothing else (no cocopp code): Δf as its
level k (Δf is 10^(k/5) as the files print it; the script checks each
level is printed one way only) and the evaluations, successes and runs.
It checks that each level's Δf is at most cocopp's own float for that
target, 10**np.arange(2, -8.2, -0.2) (its ECDF targets) and 10.0**-k (its
table's), so that comparing levels gives the answer cocopp's float
comparisons give.

Rerun (Debian's python3 with numpy; no network):

    git -C /work/.mirror/numbbo+coco-postprocess/repo archive HEAD \\
        src/cocopp/refalgs/best2009-bbob.tar.gz | tar -x -C /tmp/cp
    /usr/bin/python3 scripts/coco/best2009_export.py \\
        /tmp/cp/src/cocopp/refalgs/best2009-bbob.tar.gz COMMIT \\
        > bench/coco/best2009/best2009.txt

with COMMIT the coco-postprocess commit the archive came from.
"""
import math
import re
import sys
import tarfile

import numpy as np

NOTICE = """\
Copyright (c) 2013-2024 by the NumBBO/CoCO team. See AUTHORS file and
remarks below for exceptions and more details.

Apart from the below mentioned exceptions, this code is distributed under
the 3-clause BSD License.

Redistribution and use in source and binary forms of the software as well
as documentation, with or without modification, are permitted provided
that the following conditions are met:

1. Redistributions of source code must retain the above copyright
  notice, this list of conditions and the following disclaimer.

2. Redistributions in binary form must reproduce the above
  copyright notice, this list of conditions and the following
  disclaimer in the documentation and/or other materials provided
  with the distribution.

3. The names of the contributors may not be used to endorse or
  promote products derived from this software without specific
  prior written permission.

THIS SOFTWARE AND DOCUMENTATION IS PROVIDED BY THE COPYRIGHT HOLDERS AND
CONTRIBUTORS "AS IS" AND ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT
NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS FOR
A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER
OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL,
EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO,
PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE, DATA, OR
PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF
LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING
NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
SOFTWARE AND DOCUMENTATION, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH
DAMAGE."""

NAME = re.compile(r"bbob-bestalg_f(\d\d)_d(\d\d)\.dat$")


def main(path, commit):
    entries = {}  # (f, dim) -> [(level, evals, succ, runs)]
    levels = {}  # level -> the Δf text the files print for it
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            m = NAME.search(member.name)
            if not m:
                continue
            f, dim = int(m.group(1)), int(m.group(2))
            rows = []
            for line in tar.extractfile(member).read().decode().splitlines():
                if not line.strip() or line.startswith("%"):
                    continue
                evals, df, df2, _alg, succ, runs = line.split()
                if df != df2:
                    sys.exit("%s: the two Δf columns differ: %s" % (member.name, line))
                level = round(5 * math.log10(float(df)))
                if abs(float(df) / 10 ** (level / 5) - 1) > 1e-12:
                    sys.exit("%s: Δf %s is not a level 10^(k/5)" % (member.name, df))
                if levels.setdefault(level, df) != df:
                    sys.exit("level %d printed as %s and %s" % (level, levels[level], df))
                if rows and not (level < rows[-1][0] and int(evals) > rows[-1][1]):
                    sys.exit("%s: rows not decreasing in Δf and increasing in evaluations" % member.name)
                rows.append((level, int(evals), int(succ), int(runs)))
            entries[(f, dim)] = rows
    if len(entries) != 24 * 6:
        sys.exit("expected 144 function/dimension files, found %d" % len(entries))
    for i, t in enumerate(10 ** np.arange(2, -8.2, -0.2)):
        level = 10 - i
        if level in levels and not float(levels[level]) <= t:
            sys.exit("level %d: Δf %s is above cocopp's target %r" % (level, levels[level], t))
    for k in range(-8, 3):
        if 5 * k in levels and not float(levels[5 * k]) <= 10.0 ** k:
            sys.exit("level %d: Δf %s is above cocopp's target %r" % (5 * k, levels[5 * k], 10.0 ** k))

    out = sys.stdout
    out.write("# best 2009: COCO's virtual best algorithm of the BBOB-2009 workshop on the bbob suite,\n")
    out.write("# the reference cocopp draws beside new data (cocopp's \"best 2009\").\n")
    out.write("# Source: github.com/numbbo/coco-postprocess commit %s,\n" % commit)
    out.write("#   src/cocopp/refalgs/best2009-bbob.tar.gz, best2009-bbob/bbob-bestalg_fNN_dDD.dat.\n")
    out.write("# Made by scripts/coco/best2009_export.py (numpy %s); do not edit.\n" % np.__version__)
    out.write("# The data are the NumBBO/CoCO team's, under their licence:\n#\n")
    for line in NOTICE.splitlines():
        out.write(("# " + line).rstrip() + "\n")
    out.write("#\n")
    out.write("# level K DF: Δf level K is 10^(K/5); DF is its value as the source files print it.\n")
    out.write("#   Each DF is at most cocopp's own float for 10^(K/5) (numpy's 10**np.arange(2, -8.2, -0.2)\n")
    out.write("#   and 10.0**-k), so comparing levels answers as cocopp's float comparisons do.\n")
    out.write("# F D K:E:S/R ...: bbob function F in dimension D: the virtual run reached Δf level K\n")
    out.write("#   after E evaluations (the aRT there of the 2009 algorithm that was best at it,\n")
    out.write("#   S of whose R runs reached it); levels decrease and E increases along the line.\n")
    for level in sorted(levels, reverse=True):
        out.write("level %d %s\n" % (level, levels[level]))
    for (f, dim) in sorted(entries):
        out.write("%d %d " % (f, dim) + " ".join(
            "%d:%d:%d/%d" % row for row in entries[(f, dim)]) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
