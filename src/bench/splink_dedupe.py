"""Deduplicates the benchmark's accounts with Splink 5 on DuckDB (Fellegi-Sunter, EM-trained), for bench:quality.

Usage: python splink_dedupe.py accounts.csv links.tsv
Reads one account per row (key, name, birth_date, city, phone, phone2, phone3, email, payment_id, id_document, device),
writes the clustered links (a cluster's first key<TAB>another key of it, for each) and prints a one-line JSON summary
(candidate pairs scored, pairs at the threshold, seconds, peak memory, trained match weights per comparison level).

Configured as Splink's documentation and examples do it: cleaned and derived columns, comparisons with several
levels and term-frequency adjustments, blocking rules for prediction that admit every plausible pair, then the
tutorial's training (probability two random records match from deterministic rules, u by random sampling, m by EM
over several blocking rules), prediction and connected-components clustering at match probability 0.9.
"""
import json
import logging
import resource
import sys
import time

import duckdb
import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import ColumnExpression, DuckDBAPI, Linker, SettingsCreator, block_on

THRESHOLD = 0.9


def prepare(df: pd.DataFrame) -> pd.DataFrame:
    """Cleans the raw values the way Splink's feature-engineering guide suggests, and derives blocking columns."""
    df = df.rename(columns={"key": "unique_id"})
    words = df["name"].str.lower().str.replace(r"[^a-z ]", " ", regex=True).str.split()
    df["name"] = words.str.join(" ").replace("", None)
    # "wang wei" and "wei wang" are one name: the words sorted.
    df["name_sorted"] = words.map(lambda w: " ".join(sorted(w)) if isinstance(w, list) and w else None)
    df["surname"] = words.map(lambda w: w[0] if isinstance(w, list) and w else None)
    df["initials"] = words.map(lambda w: "".join(x[0] for x in w) if isinstance(w, list) and w else None)
    df["birth_year"] = df["birth_date"].str.slice(0, 4)
    # Emails: case, dots and +tags in the local part do not tell addresses apart.
    email = df["email"].str.lower()
    local = email.str.extract(r"^([^@]+)@", expand=False).str.replace(r"\+.*$", "", regex=True).str.replace(".", "", regex=False)
    df["email"] = (local + "@" + email.str.extract(r"@(.+)$", expand=False)).where(email.notna(), None)
    df["id_document"] = df["id_document"].str.upper()
    df["phones"] = df[["phone", "phone2", "phone3"]].apply(lambda r: [p for p in r if isinstance(p, str)] or None, axis=1)
    return df.drop(columns=["phone3"])


def settings(explain: bool = False) -> SettingsCreator:
    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            cll.NullLevel("name"),
            cll.ExactMatchLevel("name").configure(tf_adjustment_column="name"),
            cll.ExactMatchLevel("name_sorted").configure(label_for_charts="same words, other order", tf_adjustment_column="name_sorted"),
            cll.JaroWinklerLevel("name", 0.92),
            cll.JaroWinklerLevel("name", 0.88),
            cll.JaroWinklerLevel("name_sorted", 0.88).configure(label_for_charts="Jaro-Winkler >= 0.88, words sorted"),
            cll.JaroWinklerLevel("name", 0.7),
            cll.ElseLevel(),
        ],
    )
    birth_date = cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            cll.NullLevel("birth_date"),
            cll.ExactMatchLevel("birth_date").configure(tf_adjustment_column="birth_date"),
            cll.DamerauLevenshteinLevel("birth_date", 1).configure(label_for_charts="one character off or two swapped"),
            cll.CustomLevel(
                "substr(birth_date_l, 1, 4) = substr(birth_date_r, 1, 4) and substr(birth_date_l, 6, 2) = substr(birth_date_r, 9, 2) "
                "and substr(birth_date_l, 9, 2) = substr(birth_date_r, 6, 2)",
                label_for_charts="day and month swapped",
            ),
            cll.ExactMatchLevel("birth_year").configure(label_for_charts="same year"),
            cll.ElseLevel(),
        ],
    )
    phone = cl.CustomComparison(
        output_column_name="phone",
        comparison_levels=[
            cll.NullLevel("phone"),
            cll.ExactMatchLevel("phone").configure(tf_adjustment_column="phone"),
            cll.ExactMatchLevel("phone2").configure(tf_adjustment_column="phone2"),
            cll.ArrayIntersectLevel("phones", 1).configure(label_for_charts="a phone in common, other positions"),
            cll.LevenshteinLevel("phone", 1),
            cll.LevenshteinLevel("phone", 2),
            cll.ElseLevel(),
        ],
    )
    # EmailComparison's Jaro-Winkler levels on the username link strangers of one name here ("weiming.wang123",
    # "weimingwang4567"): exact address (after cleaning), exact username, one character off, nothing else.
    email = cl.CustomComparison(
        output_column_name="email",
        comparison_levels=[
            cll.NullLevel("email"),
            cll.ExactMatchLevel("email").configure(tf_adjustment_column="email"),
            cll.ExactMatchLevel(ColumnExpression("email").regex_extract("^[^@]+")).configure(label_for_charts="Exact match on username"),
            cll.LevenshteinLevel("email", 1),
            cll.ElseLevel(),
        ],
    )
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            name,
            birth_date,
            cl.ExactMatch("city").configure(term_frequency_adjustments=True),
            phone,
            email,
            cl.ExactMatch("payment_id"),
            cl.LevenshteinAtThresholds("id_document", [1, 2]),
            cl.ExactMatch("device").configure(term_frequency_adjustments=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("phones", arrays_to_explode=["phones"]),
            block_on("email"),
            block_on("payment_id"),
            block_on("id_document"),
            block_on("device"),
            block_on("birth_date", "city"),
            block_on("birth_date", "substr(name, 1, 1)"),
            block_on("initials", "birth_year"),
            block_on("name_sorted"),
            block_on("surname", "birth_year"),
        ],
        retain_intermediate_calculation_columns=explain,
        retain_matching_columns=explain,
    )


def weights(linker: Linker) -> dict:
    """The trained match weight of each comparison level, by comparison: 'level label weight, ...'."""
    out = {}
    for comparison in linker._settings_obj.comparisons:
        levels = [lvl for lvl in comparison.comparison_levels if not lvl.is_null_level]
        out[comparison.output_column_name] = ", ".join(f"{lvl.label_for_charts} {lvl._log2_bayes_factor:.1f}" for lvl in levels)
    return out


def train(linker: Linker) -> None:
    """Splink's tutorial: the prior from deterministic rules, u from random pairs, m by EM over several blocking rules.

    The recall of the deterministic rules, 0.45, is what they find of the true pairs at 5,000 and 100,000 people, so the
    prior equals the true share of matching pairs (a guess of 0.7 gives a prior 1.5 times too low and fewer links).
    u from 5e7 random pairs: 5e6 left some levels (a phone one digit off) without enough non-matching pairs.
    """
    training = linker.training
    training.estimate_probability_two_random_records_match(
        [block_on("id_document"), block_on("payment_id"), block_on("email"), block_on("phone", "name_sorted"), block_on("phone", "birth_date")], recall=0.45
    )
    training.estimate_u_using_random_sampling(max_pairs=5e7, seed=1)
    training.estimate_parameters_using_expectation_maximisation(block_on("name_sorted", "birth_date"))
    training.estimate_parameters_using_expectation_maximisation(block_on("phone"))
    training.estimate_parameters_using_expectation_maximisation(block_on("id_document"))


def main() -> None:
    started = time.time()
    df = prepare(pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False).replace("", None))
    con = duckdb.connect()
    db_api = DuckDBAPI(con)
    linker = Linker(db_api.register(df, dataset_display_name="accounts"), settings(), log_level=logging.ERROR)

    train(linker)

    blocked = linker.inference.compute_blocked_pairs_for_predict()
    candidates = con.execute(f"select count(*) from {blocked.physical_name}").fetchall()[0][0]
    blocked.drop_table_from_database_and_remove_from_cache()
    predictions = linker.inference.predict(threshold_match_probability=THRESHOLD)
    scored = con.execute(f"select count(*) from {predictions.physical_name}").fetchall()[0][0]
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(predictions, threshold_match_probability=THRESHOLD)
    members = clusters.as_pandas_dataframe()[["cluster_id", "unique_id"]]
    with open(sys.argv[2], "w") as out:
        for cluster_id, unique_id in members.itertuples(index=False):
            if cluster_id != unique_id:
                out.write(f"{cluster_id}\t{unique_id}\n")
    print(
        json.dumps(
            {
                "candidatePairs": int(candidates),
                "links": int(scored),
                "seconds": round(time.time() - started, 1),
                "peakRssMb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                "weights": weights(linker),
            }
        )
    )


if __name__ == "__main__":
    main()
