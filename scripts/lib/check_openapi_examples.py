#!/usr/bin/env python3
"""Checks that every example and default in OpenAPI 3.1 documents satisfies
its own schema, with formats (email, uri, uuid, date, date-time) checked.

    check_openapi_examples.py api/*.yaml

Documents are read with PyYAML's safe loader, a YAML 1.1 reader: a value
that only a YAML 1.2 reader takes for a string (an unquoted date, `yes`)
changes type here and fails, which is the point.
"""

import sys

import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

BASE = "urn:keel:contract"
NOT_SCHEMAS = {"examples", "example", "default", "enum"}


def escape(segment):
    return str(segment).replace("~", "~0").replace("/", "~1")


def walk(node, pointer=""):
    yield pointer, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from walk(value, f"{pointer}/{escape(key)}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk(value, f"{pointer}/{i}")


def is_schema(pointer):
    """Where schemas sit: mirrors the Rust tests of the contracts agent."""
    segments = pointer.split("/")
    if any(s in NOT_SCHEMAS for s in segments):
        return False
    last = segments[-1]
    parent = segments[-2] if len(segments) >= 2 else ""
    grandparent = segments[-3] if len(segments) >= 3 else ""
    return (
        last in ("schema", "items")
        or parent == "properties"
        or (parent == "schemas" and grandparent == "components")
    )


def fragment(pointer):
    from urllib.parse import quote

    return quote(pointer, safe="/~!$&'()*+,;=:@-._")


def check(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    registry = Registry().with_resource(BASE, Resource(contents=doc, specification=DRAFT202012))
    checked, failures = 0, []

    def validate(pointer, values):
        nonlocal checked
        schema = {"$ref": f"{BASE}#{fragment(pointer)}"}
        validator = Draft202012Validator(
            schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for value in values:
            checked += 1
            for error in validator.iter_errors(value):
                failures.append(f"{path}: {pointer}: {value!r}: {error.message}")

    for pointer, node in list(walk(doc)):
        if not isinstance(node, dict):
            continue
        if is_schema(pointer):
            values = list(node.get("examples") or [])
            if "default" in node:
                values.append(node["default"])
            if values:
                validate(pointer, values)
        elif "example" in node and "schema" in node:
            validate(f"{pointer}/schema", [node["example"]])
    return checked, failures


def main(paths):
    if not paths:
        print("usage: check_openapi_examples.py FILE...", file=sys.stderr)
        return 2
    total, failures = 0, []
    for path in paths:
        checked, failed = check(path)
        if checked == 0:
            failed.append(f"{path}: no examples at all")
        total += checked
        failures += failed
    for failure in failures:
        print(failure)
    print(f"{total - len(failures)} passed, {len(failures)} failed: examples and defaults in {len(paths)} contracts")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
