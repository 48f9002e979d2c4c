#!/usr/bin/env python3
"""Every description of the given case files must generate clean:
`keel new`, then `keel check`, then `cargo fmt --check` on the app.

    generate-clean.py KEEL WORKDIR CASES.yaml... [-- KEEL-NEW-ARGS...]

KEEL-NEW-ARGS go to `keel new` before the description (e.g. `--llm ...`).
When KEEL_LLM_API_KEY is set, no step's output may contain it. Prints one
line per failure (with the end of the failing step's output) and a summary;
exits 1 when any failed. Apps are removed as they pass or fail, so the work
folder never holds more than one app per worker.
"""
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import yaml

args = sys.argv[1:]
extra = []
if "--" in args:
    split = args.index("--")
    args, extra = args[:split], args[split + 1:]
keel, work, files = args[0], args[1], args[2:]
secret = os.environ.get("KEEL_LLM_API_KEY")

cases = []
for path in files:
    name = os.path.basename(path)[: -len(".yaml")]
    cases += [(f"{name}.{c['id']}", c["prompt"].strip()) for c in yaml.safe_load(open(path))]


def run(step, argv, cwd=None):
    r = subprocess.run(argv, cwd=cwd, capture_output=True, text=True)
    out = r.stdout + r.stderr
    if secret and secret in out:
        raise RuntimeError(f"{step}: the API key appears in its output")
    if r.returncode != 0:
        raise RuntimeError(f"{step}\n" + out[-3000:])


def one(case):
    """None when the description generates clean, else what failed."""
    id, prompt = case
    app = os.path.join(work, id)
    try:
        run("keel new", [keel, "new", *extra, prompt, "-o", app])
        run("keel check", [keel, "check", app])
        run("cargo fmt --check", ["cargo", "fmt", "--all", "--", "--check"], cwd=app)
    except RuntimeError as e:
        return f"{id}: {e}"
    finally:
        subprocess.run(["rm", "-rf", app])
    return None


with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
    failures = [f for f in pool.map(one, cases) if f]
for f in failures:
    print(f)
print(f"keel new + keel check + cargo fmt --check: {len(cases) - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
