#!/usr/bin/env python3
"""Benchmark: kentongan's `classify train`/`classify eval` against scikit-learn on the same splits, same run.

Creates a venv (default /tmp/kentongan-sklearn-venv) with scikit-learn from PyPI, generates the synthetic set
(crates/classify/data/synth/generate.py), builds the release binary, then prints macro-F1 (over the labels the
test data has) of kentongan (pure data, and with the catalogue's evidence) and of scikit-learn TF-IDF word(1-2)
+ char_wb(2-5) LinearSVC (class_weight balanced) and word-only LinearSVC, on: the synthetic held-out split,
the hand-written set (crates/classify/data/handwritten.csv), and a 5-fold of the synthetic train + held-out rows; then
predict speed (ours vs word-only LinearSVC, one thread) and training time on 10,000 examples.

Usage (from the repo root): python3 benches/routing_vs_sklearn.py [--bin PATH] [--folds 5]
A benchmark, not a test dependency."""

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.environ.get("BENCH_SKLEARN_VENV", "/tmp/kentongan-sklearn-venv")


def ensure_venv():
    try:
        import sklearn  # noqa: F401
        return
    except ImportError:
        pass
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([py, "-m", "pip", "install", "-q", "scikit-learn"], check=True)
    os.execv(py, [py] + sys.argv)


def read(path):
    with open(path, encoding="utf-8") as f:
        return [(r["text"], r["label"]) for r in csv.DictReader(f)]


def write(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["text", "label"])
        w.writerows(rows)


def sk_models():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.svm import LinearSVC
    word = lambda: TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)  # noqa: E731
    chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    return {
        "sklearn word+char LinearSVC": make_pipeline(make_union(word(), chars), LinearSVC(class_weight="balanced")),
        "sklearn word LinearSVC": make_pipeline(word(), LinearSVC(class_weight="balanced")),
    }


def macro_f1(truth, predicted):
    from sklearn.metrics import f1_score
    return f1_score(truth, predicted, average="macro", labels=sorted(set(truth)), zero_division=0)


def ours(binary, train, test, tmp, catalogue, calibrate=None):
    """Trains and evaluates with the binary; returns (macro-F1, eval JSON, train ms printed)."""
    model, train_csv, test_csv = (os.path.join(tmp, n) for n in ("m.json", "tr.csv", "te.csv"))
    write(train_csv, train)
    write(test_csv, test)
    flags = ([] if catalogue else ["--no-catalogue"]) + (["--calibrate", calibrate] if calibrate else [])
    out = run([binary, "classify", "train", "--data", train_csv, "--out", model] + flags)
    ms = float(out.split(" in ")[1].split(" ms")[0])
    report = json.loads(run([binary, "classify", "eval", "--data", test_csv, "--model", model, "--json"]))
    return report["macro_f1"], report, ms


def run(cmd):
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stderr}")
    return done.stdout


def compare(binary, train, test, tmp):
    scores = {}
    for label, catalogue in [("kentongan (data only)", False), ("kentongan + catalogue", True)]:
        scores[label], _, _ = ours(binary, train, test, tmp, catalogue)
    for label, model in sk_models().items():
        model.fit([t for t, _ in train], [y for _, y in train])
        scores[label] = macro_f1([y for _, y in test], model.predict([t for t, _ in test]))
    return scores


def show(title, scores):
    print(f"\n== {title}")
    for k, v in scores.items():
        print(f"  {k:<30} macro-F1 {v:.3f}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=None)
    ap.add_argument("--folds", type=int, default=5)
    a = ap.parse_args()
    ensure_venv()
    binary = a.bin or os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release",
                                   "kentongan")
    if a.bin is None:
        subprocess.run(["cargo", "build", "--release", "-q", "--bin", "kentongan"], cwd=ROOT, check=True)
    tmp = tempfile.mkdtemp(prefix="kentongan-bench-")
    subprocess.run([sys.executable, os.path.join(ROOT, "crates/classify/data/synth/generate.py"), tmp], check=True)
    train, test = read(os.path.join(tmp, "synth_train.csv")), read(os.path.join(tmp, "synth_test.csv"))
    hand = read(os.path.join(ROOT, "crates/classify/data/handwritten.csv"))
    print(f"synthetic train {len(train)} rows, synthetic held-out {len(test)}, hand-written {len(hand)}")
    show("synthetic held-out (frames, places and half the things/issues unseen in training)",
         compare(binary, train, test, tmp))
    show("hand-written set (not from the templates), trained on the synthetic train split",
         compare(binary, train, hand, tmp))
    folds, everything = {}, train + test
    for k in range(a.folds):
        tr = [r for i, r in enumerate(everything) if i % a.folds != k]
        te = [r for i, r in enumerate(everything) if i % a.folds == k]
        for name, v in compare(binary, tr, te, tmp).items():
            folds.setdefault(name, []).append(v)
    show(f"{a.folds}-fold on synthetic train + held-out, {len(everything)} rows (mean)", {n: sum(v) / len(v) for n, v in folds.items()})
    speed(binary, train, test, tmp)
    reliability(binary, train, test, hand, tmp)


def reliability(binary, train, test, hand, tmp):
    """ECE and reliability of kentongan + catalogue, temperature fitted on synth_cal.csv (not test rows)."""
    cal = os.path.join(tmp, "synth_cal.csv")
    for name, rows in [("synthetic held-out", test), ("hand-written", hand)]:
        _, rep, _ = ours(binary, train, rows, tmp, True, cal)
        r = rep["reliability"]
        print(f"\n== reliability, kentongan + catalogue on {name}, temperature fitted on synth_cal.csv")
        print("  confidence  rows  accuracy  mean confidence")
        for b in r["bins"]:
            if b["count"]:
                acc = b["correct"] / b["count"]
                print(f"  {b['low']:.1f}-{b['low'] + 0.1:.1f}   {b['count']:>5}  {acc:>8.3f}  {b['mean_confidence']:>15.3f}")
        print(f"  ECE {r['ece']:.3f}")


def speed(binary, train, test, tmp):
    texts = [t for t, _ in test]
    word = sk_models()["sklearn word LinearSVC"]
    word.fit([t for t, _ in train], [y for _, y in train])
    n, started = 0, time.perf_counter()
    while time.perf_counter() - started < 2.0:
        word.predict(texts)
        n += len(texts)
    sk_rate = n / (time.perf_counter() - started)
    started = time.perf_counter()
    for t in texts[:300]:
        word.predict([t])
    sk_single = 300 / (time.perf_counter() - started)
    _, rep, _ = ours(binary, train, test * 3, tmp, True)
    our_rate = rep["rows_per_second"]
    print(f"\n== predict speed, one thread, {len(texts)} held-out texts")
    print(f"  kentongan (+ catalogue, one per call) {our_rate:,.0f} rows/s")
    print(f"  sklearn word LinearSVC (batch)        {sk_rate:,.0f} rows/s")
    print(f"  ratio                                 {our_rate / sk_rate:.1f}x")
    print(f"  sklearn word LinearSVC, one text per call {sk_single:,.0f} rows/s (how the gateway calls it):"
          f" ratio {our_rate / sk_single:.0f}x")
    big = os.path.join(tmp, "synth_10k.csv")
    for flags, label in [(["--no-catalogue"], "data only"), ([], "+ catalogue")]:
        started = time.perf_counter()
        out = run([binary, "classify", "train", "--data", big, "--out", os.path.join(tmp, "big.json")] + flags)
        wall = time.perf_counter() - started
        print(f"== train 10,000 examples ({label}): {out.strip()}; wall {wall:.2f} s incl. start and save")


if __name__ == "__main__":
    main()
