#!/usr/bin/env python3
"""How much would a learned precision filter help the offline architect?

Usage: precision_filter.py KEEL_BINARY [THRESHOLD ...]

Runs `keel plan --summary-json` on every answered description
(crates/architect/tests/corpus.yaml and heldout*.yaml), then, for each set in
turn, trains a logistic regression on every other set's entities (was the
entity one the answers expect?) and drops the held-out set's entities whose
probability is below THRESHOLD (default 0.4 0.5 0.6). Prints the summed
entity F1 before and after, and the per-set means for the sets never read
while tuning. Each set is judged by a model that never saw it, but the
threshold is picked by looking at this output: read the gain as optimistic.

An experiment, not part of CI: needs numpy, scikit-learn and PyYAML
(pip install numpy scikit-learn pyyaml).
"""
import glob
import importlib.machinery
import importlib.util
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import yaml
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NEVER_READ = {"heldout62", "heldout64", "heldout65", "heldout66", "heldout67", "heldout68", "heldout69"}


def scorer():
    path = os.path.join(ROOT, "scripts", "score-architect")
    loader = importlib.machinery.SourceFileLoader("score_architect", path)
    spec = importlib.util.spec_from_loader("score_architect", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def features(name, text, first_sentence, entity_count):
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).lower().split()
    head = words[-1]
    stem = head[:-1] if head.endswith("s") else head
    prefix = stem[: max(4, len(stem) - 1)]
    tokens = re.findall(r"[a-z]+", text)
    hits = [i for i, t in enumerate(tokens) if t.startswith(prefix)]
    return {
        "head=" + head: 1,
        "words": len(words),
        "count": min(len(hits), 6),
        "absent": int(not hits),
        "first_at": (hits[0] if hits else len(tokens)) / max(1, len(tokens)),
        "in_first_sentence": int(stem[:4] in first_sentence),
        "plural_in_text": int(re.search(r"\b" + re.escape(stem) + r"s\b", text) is not None),
        "entities": entity_count,
    }


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    keel = sys.argv[1]
    thresholds = [float(t) for t in sys.argv[2:]] or [0.4, 0.5, 0.6]
    sa = scorer()
    tests = os.path.join(ROOT, "crates", "architect", "tests")
    cases = []
    for path in sorted(glob.glob(os.path.join(tests, "heldout*.yaml"))) + [os.path.join(tests, "corpus.yaml")]:
        name = os.path.basename(path)[: -len(".yaml")]
        cases += [(name, c) for c in yaml.safe_load(open(path))]

    def plan(item):
        _, case = item
        out = subprocess.run([keel, "plan", "--summary-json", case["prompt"].strip()],
                             capture_output=True, text=True, timeout=120).stdout
        return json.loads(out)

    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        outputs = list(pool.map(plan, cases))
    rows = []  # (case index, set, entity, features, expected)
    for i, ((set_name, case), out) in enumerate(zip(cases, outputs)):
        invented = set(sa.score_case(case, out)["invented"])
        text = case["prompt"].lower()
        first = re.split(r"(?<=[.!?])\s", text)[0]
        for e in out.get("entities", []):
            rows.append((i, set_name, e, features(e, text, first, len(out["entities"])),
                         int(sa.norm(e) not in invented)))
    sets = sorted({name for name, _ in cases})
    for threshold in thresholds:
        before = after = 0.0
        never_read = []
        for held in sets:
            train = [r for r in rows if r[1] != held]
            test = [r for r in rows if r[1] == held]
            vectors = DictVectorizer()
            model = LogisticRegression(max_iter=2000, C=0.5).fit(
                vectors.fit_transform([r[3] for r in train]), [r[4] for r in train])
            dropped = set()
            if test:
                p = model.predict_proba(vectors.transform([r[3] for r in test]))[:, 1]
                dropped = {(r[0], r[2]) for r, pi in zip(test, p) if pi < threshold}
            indices = [i for i, (name, _) in enumerate(cases) if name == held]
            b = a = 0.0
            for i in indices:
                out = dict(outputs[i])
                b += sa.score_case(cases[i][1], out)["entity_f1"]
                out["entities"] = [e for e in out.get("entities", []) if (i, e) not in dropped]
                a += sa.score_case(cases[i][1], out)["entity_f1"]
            before += b
            after += a
            if held in NEVER_READ:
                never_read.append(f"{held} {b / len(indices):.3f} -> {a / len(indices):.3f}")
        print(f"threshold {threshold}: summed entity F1 {before:.2f} -> {after:.2f} "
              f"({after - before:+.2f}) over {len(cases)} descriptions")
        for line in never_read:
            print("   ", line)


if __name__ == "__main__":
    main()
