"""Deduplicates the benchmark's accounts with Python recordlinkage (unsupervised ECM), for bench:quality.

Usage: python recordlinkage_dedupe.py accounts.csv links.tsv
Reads one account per row (key, name, birth_date, city, phone, phone2, email, payment_id, id_document, device),
writes the predicted links (key<TAB>key) and prints a one-line JSON summary (candidate pairs, links, seconds).
Blocking is the same as ours: every identifier value carried by at most 20 accounts, birth date and city, plus a
sorted neighbourhood on the name (window 5) so that name-only matches can be found too.
"""
import json
import sys
import time

import pandas as pd
import recordlinkage as rl

MAX_ACCOUNTS = 20


def candidate_pairs(df: pd.DataFrame) -> pd.MultiIndex:
    long = pd.concat(
        [df[[col]].rename(columns={col: "value"}).assign(value=lambda d, c=col: c + ":" + d["value"]) for col in ["phone", "phone2", "email", "payment_id", "id_document", "device"]]
    ).dropna()
    long = long[long["value"].str.len() > 0]
    groups = long.groupby("value").groups
    pairs = set()
    for _, rows in groups.items():
        rows = sorted(set(rows))
        if len(rows) < 2 or len(rows) > MAX_ACCOUNTS:
            continue
        for i in range(len(rows)):
            for j in range(i + 1, len(rows)):
                pairs.add((rows[i], rows[j]))
    indexer = rl.Index()
    indexer.block(["birth_date", "city"])
    indexer.sortedneighbourhood("name", window=5)
    for a, b in indexer.index(df):
        pairs.add((min(a, b), max(a, b)))
    return pd.MultiIndex.from_tuples(sorted(pairs))


def main() -> None:
    started = time.time()
    df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False).replace("", None)
    df["name"] = df["name"].str.lower()
    df["email"] = df["email"].str.lower()
    pairs = candidate_pairs(df)
    compare = rl.Compare()
    compare.string("name", "name", method="jarowinkler", threshold=0.85, label="name")
    compare.exact("birth_date", "birth_date", label="birth_date")
    compare.exact("city", "city", label="city")
    compare.string("phone", "phone", method="levenshtein", threshold=0.85, label="phone")
    compare.exact("email", "email", label="email")
    compare.exact("payment_id", "payment_id", label="payment_id")
    compare.string("id_document", "id_document", method="levenshtein", threshold=0.9, label="id_document")
    compare.exact("device", "device", label="device")
    features = compare.compute(pairs, df)
    ecm = rl.ECMClassifier(binarize=None)
    matches = ecm.fit_predict(features)
    with open(sys.argv[2], "w") as out:
        for a, b in matches:
            out.write(f"{df.at[a, 'key']}\t{df.at[b, 'key']}\n")
    print(json.dumps({"candidatePairs": len(pairs), "links": len(matches), "seconds": round(time.time() - started, 1)}))


if __name__ == "__main__":
    main()
