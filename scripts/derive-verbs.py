#!/usr/bin/env python3
"""Derives data/lexicon/verbs.txt from WordNet 3.0 as Debian's wordnet-base installs it.

The token layer needs to know which words are verbs and the lemma of an inflected
form ("met" -> meet, "tapped" -> tap). Regular inflections are undone by rule in
src/tokens.rs; this file supplies the lemmas those rules must land on and the
irregular forms no rule can undo. Run it again after a WordNet upgrade:

    apt-get install wordnet-base && python3 scripts/derive-verbs.py > data/lexicon/verbs.txt
"""
import collections
import sys

WORDNET = "/usr/share/wordnet"
LICENCE = """\
# Derived by scripts/derive-verbs.py from WordNet 3.0 (index.verb, verb.exc).
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# Permission to use, copy, modify and distribute this software and database and its
# documentation for any purpose and without fee or royalty is hereby granted, provided
# that you agree to comply with the following copyright notice and statements,
# including the disclaimer, and that the same appear on ALL copies of the software,
# database and documentation, including modifications that you make for internal use
# or for distribution. THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON
# UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. The name of
# Princeton University or Princeton may not be used in advertising or publicity
# pertaining to distribution of the software and/or database.
#
# [verb] lists single-word verb lemmas; [irregular] lines are a lemma followed by its
# inflected forms that the regular rules (-s, -es, -ies, -ed, -ied, -ing, doubled
# consonants, dropped e) cannot undo.
"""


def wrap(words, width=92):
    line = []
    for word in words:
        if line and len(" | ".join(line + [word])) > width:
            yield " | ".join(line)
            line = []
        line.append(word)
    if line:
        yield " | ".join(line)


def main():
    lemmas = set()
    with open(f"{WORDNET}/index.verb") as index:
        for row in index:
            if row.startswith(" "):
                continue
            lemma = row.split(" ", 1)[0]
            if lemma.isalpha():
                lemmas.add(lemma)
    irregular = collections.defaultdict(set)
    with open(f"{WORDNET}/verb.exc") as exceptions:
        for row in exceptions:
            form, *bases = row.split()
            for base in bases:
                if form.isalpha() and base.isalpha() and form != base:
                    irregular[base].add(form)
    out = sys.stdout
    out.write(LICENCE)
    out.write("\n[verb]\n")
    for line in wrap(sorted(lemmas)):
        out.write(line + "\n")
    out.write("\n[irregular]\n")
    for base in sorted(irregular):
        out.write(" | ".join([base] + sorted(irregular[base])) + "\n")


if __name__ == "__main__":
    main()
