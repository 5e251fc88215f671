"""Paired change: per item, the mean of (later - earlier) over the subjects
who have both, with n and a small-sample warning. Computed on unwound
scalar scores (one document per subject and item), which is far cheaper
for the server than matching keys inside arrays."""

SMALL_SAMPLE = 10  # fewer subjects than this: the change carries a warning


def change_entry(row, sign=1):
    mean = sign * row["sum"] / row["n"]
    return {"mean_change": round(mean, 2), "n": row["n"], "small_sample": row["n"] < SMALL_SAMPLE}


def pooled(rows, key):
    """Rows of several regions pooled per ``key(row)``: sums and n added."""
    totals = {}
    for row in rows:
        entry = totals.setdefault(key(row), {"sum": 0, "n": 0})
        entry["sum"] += row["sum"]
        entry["n"] += row["n"]
    return totals
