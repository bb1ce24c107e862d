#!/usr/bin/env python3
"""Amalgamate COCO's C sources into one file, as COCO's scripts/fabricate does.

Usage: amalgamate.py COCO_SRC_DIR VERSION > coco_all.c

Every `#include "x"` that names a file in COCO_SRC_DIR is replaced by that
file's text, each file once, starting from coco.h and the core files that
fabricate lists. The version string is what COCO's loggers print as
coco_version (fabricate derives it from `git describe --tags`).
"""
import os
import re
import sys

CORE = ["coco.h", "coco_random.c", "coco_suite.c", "coco_observer.c",
        "coco_archive.c", "coco_runtime_c.c"]


def main():
    src, version = sys.argv[1], sys.argv[2]
    seen = set()
    out = sys.stdout

    def process(name):
        if name in seen:
            return
        seen.add(name)
        with open(os.path.join(src, name)) as fd:
            for line in fd:
                m = re.match(r'#include "(.*)"', line)
                if m and os.path.exists(os.path.join(src, m.group(1))):
                    process(m.group(1))
                    continue
                out.write(line)
        out.write("\n")

    for name in CORE:
        process(name)
    out.write('const char *coco_version = "%s";\n' % version)


if __name__ == "__main__":
    main()
