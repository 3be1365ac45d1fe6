#!/usr/bin/env python3
"""Derives data/lexicon/nicknames.txt from the `nicknames` package on PyPI.

Resolution takes "Liz Sherwood-Randall" and "Elizabeth Sherwood-Randall" in one article
for one person; it needs to know which given names are short forms of which. The
package's names.csv (Apache-2.0) lists formal names with their nicknames. Run it again
after a new release:

    pip download nicknames --no-deps -d /tmp/nick && cd /tmp/nick && unzip -o nicknames-*.whl
    python3 scripts/derive-nicknames.py /tmp/nick/nicknames/names.csv > data/lexicon/nicknames.txt
"""
import collections
import csv
import sys

LICENCE = """\
# Derived by scripts/derive-nicknames.py from names.csv of the `nicknames` package
# (PyPI, version 1.0.1; https://github.com/carltonnorthern/nicknames), licensed under
# the Apache License 2.0. Copyright the package's authors.
#
# Each line is a formal given name followed by its short forms. A user may add lines
# ("Kike" for Enrique) in the same shape.

[nickname]
"""


def main(path):
    nicknames = collections.defaultdict(set)
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["relationship"] != "has_nickname":
                continue
            formal, short = row["name1"].strip(), row["name2"].strip()
            # Initials and one-letter forms would join unrelated people.
            if len(formal) < 3 or len(short) < 2 or not (formal + short).isalpha():
                continue
            nicknames[formal.title()].add(short.title())
    sys.stdout.write(LICENCE)
    for formal in sorted(nicknames):
        print(" | ".join([formal] + sorted(nicknames[formal] - {formal})))


if __name__ == "__main__":
    main(sys.argv[1])
