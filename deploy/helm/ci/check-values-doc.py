"""Checks that every value of the chart is described, in values.yaml and in the README.

    python check-values-doc.py VALUES.yaml README.md    fails on an undescribed value
    python check-values-doc.py VALUES.yaml --table      prints the README's table of values

A value is described in values.yaml by a comment block starting with "# --" right above its key
(a map whose keys are each described needs none itself). The README must name each described
value as `path` in its table. Needs PyYAML.
"""

import json
import re
import sys

import yaml

KEY = re.compile(r"^( *)([A-Za-z0-9_.-]+):(.*)$")


def parse(path):
    """Returns (described, leaves): dotted paths with a "# --" comment, and paths of scalars."""
    described, leaves, descriptions = [], [], {}
    stack = []  # (indent, key)
    comment = []
    in_list_below = None  # indent of a key whose value is a list: its items are one value
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("#"):
            text = stripped.lstrip("#").strip()
            if text.startswith("---"):  # a section heading, not a description
                comment = []
            elif text.startswith("--"):
                comment = [text[2:].strip()]
            elif comment:
                comment.append(text)
            continue
        if not stripped:
            comment = []
            continue
        indent = len(line) - len(line.lstrip(" "))
        if in_list_below is not None and indent > in_list_below:
            continue
        in_list_below = None
        match = KEY.match(line)
        if not match:
            comment = []
            continue
        while stack and stack[-1][0] >= indent:
            stack.pop()
        key = match.group(2)
        path_ = ".".join([k for _, k in stack] + [key])
        if comment:
            described.append(path_)
            descriptions[path_] = " ".join(comment)
        rest = match.group(3).split(" #")[0].strip()
        if rest:
            leaves.append(path_)
        else:
            stack.append((indent, key))
            in_list_below = indent if next_is_list(lines[number + 1:]) else None
            if in_list_below is not None:
                leaves.append(path_)
        comment = []
    return described, leaves, descriptions


def next_is_list(following):
    """Is the value a list? (its first meaningful line is an item)"""
    for line in following:
        if line.strip() and not line.strip().startswith("#"):
            return line.lstrip(" ").startswith("- ")
    return False


def lookup(values, path):
    for key in path.split("."):
        values = values[key]
    return values


def main():
    values_path = sys.argv[1]
    described, leaves, descriptions = parse(values_path)
    if sys.argv[2] == "--table":
        with open(values_path, encoding="utf-8") as f:
            values = yaml.safe_load(f)
        print("| Value | Default | Description |")
        print("|---|---|---|")
        for path in described:
            default = json.dumps(lookup(values, path), separators=(", ", ": "))
            text = descriptions[path].replace("|", "\\|")
            print(f"| `{path}` | `{default}` | {text} |")
        return 0
    with open(sys.argv[2], encoding="utf-8") as f:
        readme = f.read()
    problems = []
    for leaf in leaves:
        parts = leaf.split(".")
        if not any(".".join(parts[:i]) in described for i in range(1, len(parts) + 1)):
            problems.append(f"{leaf} has no '# --' comment in {values_path}")
    for path in described:
        if f"`{path}`" not in readme:
            problems.append(f"{path} is missing from the table of values in {sys.argv[2]}")
    for problem in problems:
        print(f"FAIL {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
