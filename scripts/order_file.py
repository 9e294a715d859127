#!/usr/bin/env python3
"""The link order of folio's hot code (scripts/make-order-file.sh; docs/benchmarks.md, "Search").

  order_file.py OBJECT PROFILE... > scripts/folio.order

Reads callgrind profiles (`--demangle=no`) of short folio commands and prints, for every function
of OBJECT (the profiled binary) that ran, in the order first seen, the name of its section in a
build with function sections (`.text.` and the mangled name): gold's --section-ordering-file then
lays those functions out together, and a process touches a few pages of code instead of one here
and one there across a 20 MB text section.
"""

import re
import sys


def functions(target, paths):
    seen = {}
    for path in paths:
        objects, names = {}, {}
        current_object = called_object = None

        def name_of(table, spec):
            match = re.match(r"\((\d+)\)(?: (.*))?", spec)
            if not match:
                return spec
            number, name = match.group(1), match.group(2)
            if name is not None:
                table[number] = name
            return table.get(number)

        with open(path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                line = line.rstrip("\n")
                if line.startswith("ob="):
                    current_object = name_of(objects, line[3:])
                elif line.startswith("cob="):
                    called_object = name_of(objects, line[4:])
                elif line.startswith("fn=") or line.startswith("cfn="):
                    calling = line.startswith("cfn=")
                    name = name_of(names, line[4:] if calling else line[3:])
                    owner = (called_object or current_object) if calling else current_object
                    called_object = None
                    if owner == target and name and not name.startswith("0x"):
                        seen.setdefault(re.sub(r"'\d+$", "", name), None)  # callgrind marks recursion with 'N
    return list(seen)


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: order_file.py OBJECT PROFILE...")
    for name in functions(sys.argv[1], sys.argv[2:]):
        print(".text." + name)


if __name__ == "__main__":
    main()
