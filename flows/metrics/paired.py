"""Paired change in a pipeline: per item, the mean of (later - earlier) over
the subjects who have both, with n and a small-sample warning."""

SMALL_SAMPLE = 10  # fewer subjects than this: the change carries a warning


def value_of(array_field, key_expression):
    """The value under ``key_expression`` in an $objectToArray array."""
    return {"$let": {
        "vars": {"pair": {"$arrayElemAt": [{"$filter": {"input": array_field,
                                                         "cond": {"$eq": ["$$this.k", key_expression]}}}, 0]}},
        "in": "$$pair.v"}}


def paired_stages(group_keys):
    """Stages after documents carry ``before`` and ``after`` score objects:
    yields one row per (group keys, item) with sum, n and the mean change."""
    return [
        {"$project": {"before": {"$objectToArray": "$before"},
                      "after": {"$objectToArray": "$after"}}},
        {"$unwind": "$before"},
        {"$project": {"item": "$before.k",
                      "change": {"$subtract": [value_of("$after", "$before.k"), "$before.v"]}}},
        {"$match": {"change": {"$ne": None}}},
        {"$group": {"_id": {**{k: f"$_id.{k}" for k in group_keys}, "item": "$item"},
                    "mean": {"$avg": "$change"}, "n": {"$sum": 1}}},
    ]


def change_entry(row):
    return {"mean_change": round(row["mean"], 2), "n": row["n"], "small_sample": row["n"] < SMALL_SAMPLE}
