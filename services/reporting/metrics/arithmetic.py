"""Rounding rules shared by every metric."""

SMALL_SAMPLE = 10  # fewer subjects than this: a paired change carries a warning


def ratio(part, whole):
    return round(part / whole, 4) if whole else None


def mean(total, count):
    return round(total / count, 2) if count else None


def sums_and_counts(counters):
    """{"<key>.s": sum, "<key>.n": n} → {key: (sum, n)} for keys with n."""
    pairs = {}
    for path, value in counters.items():
        key, _, part = path.rpartition(".")
        entry = pairs.setdefault(key, [0, 0])
        entry[0 if part == "s" else 1] += value
    return {key: (s, n) for key, (s, n) in sorted(pairs.items()) if n}


def change_entry(total, n, sign=1):
    return {"mean_change": round(sign * total / n, 2), "n": n, "small_sample": n < SMALL_SAMPLE}
