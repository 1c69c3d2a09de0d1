#!/usr/bin/env python3
"""Parse one kernel .rst file with docutils; print every warning or error.

Usage: check_rst.py FILE.rst

Sphinx's `toctree` and `only` directives are not docutils': `toctree` is
checked here (every entry must name an existing .rst next to the file),
`only` is parsed as a plain container.
"""
import os
import sys

import docutils.core
import docutils.utils
from docutils.parsers.rst import Directive, directives

problems = []


class TocTree(Directive):
    """Check that every entry of a Sphinx toctree names an existing document."""
    has_content = True
    option_spec = {"maxdepth": directives.unchanged, "caption": directives.unchanged,
                   "hidden": directives.flag, "numbered": directives.flag}

    def run(self):
        base = os.path.dirname(self.state.document["source"])
        for entry in self.content:
            entry = entry.strip()
            if entry and not os.path.exists(os.path.join(base, entry + ".rst")):
                problems.append(f"toctree entry '{entry}' has no {entry}.rst")
        return []


class Only(Directive):
    """Sphinx's `only`: keep the content, ignore the condition."""
    has_content = True
    required_arguments = 1
    final_argument_whitespace = True

    def run(self):
        return []


def main():
    path = sys.argv[1]
    directives.register_directive("toctree", TocTree)
    directives.register_directive("only", Only)
    with open(path, encoding="utf-8") as f:
        source = f.read()
    try:
        docutils.core.publish_doctree(source, source_path=path, settings_overrides={
            "halt_level": 2, "report_level": 2, "warning_stream": sys.stdout})
    except docutils.utils.SystemMessage as err:
        problems.append(str(err))
    for p in problems:
        print(f"{path}: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
