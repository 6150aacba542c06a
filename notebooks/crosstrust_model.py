"""The crosstrust credit model artifact in Python: read, hash, score, evaluate, write.

A transcription of docs/model-artifact.md (the normative spec) and of the Java reference
(models/.../artifact/ArtifactCodec, CanonicalJson, scoring/Scorecard, CreditModel, CreditLimitRule,
evaluation/BinaryMetrics). Standard library only, so the parity test runs on any python3; the
notebooks import it beside pandas and scikit-learn.

Parity: scores equal the Java scorer's to 1e-9 (checked on the golden vectors in
notebooks/tests/scorer-parity-vectors.json, written by the Java test ScorerParityVectorsTest from the
shipped artifacts, by tests/test_crosstrust_model.py); content hashes are identical.
"""

import bisect
import hashlib
import json
import math
import struct

LN2 = math.log(2)

DIMENSIONS = ("fulfilment", "payment", "logistics", "compliance", "disputes", "stability",
              "network", "transparency")


# ---------------------------------------------------------------------------------------------
# content hash (docs/model-artifact.md, "The content hash (exact)")

def canonical(v):
    """The canonical text the content hash is computed over."""
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical(v[k])
                              for k in sorted(v)) + "}"
    if isinstance(v, list):
        return "[" + ",".join(canonical(x) for x in v) + "]"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if v is None:
        return "null"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return "d" + struct.pack(">d", v).hex()
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    raise TypeError("not a JSON value: %r" % type(v))


def content_hash(artifact):
    """sha256 of the canonical form of the artifact without its content_hash member."""
    body = {k: v for k, v in artifact.items() if k != "content_hash"}
    return "sha256:" + hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()


def load_artifact(path_or_bytes):
    """Parses an artifact (a path, bytes or str) and checks its content hash."""
    if isinstance(path_or_bytes, (bytes, bytearray)):
        text = path_or_bytes.decode("utf-8")
    elif isinstance(path_or_bytes, str) and path_or_bytes.lstrip().startswith("{"):
        text = path_or_bytes
    else:
        with open(path_or_bytes, encoding="utf-8") as f:
            text = f.read()
    a = json.loads(text)
    if a.get("format") != "crosstrust-model":
        raise ValueError("not a model artifact")
    if a.get("format_version") != 1:
        raise ValueError("unsupported artifact format_version %r" % a.get("format_version"))
    h = content_hash(a)
    if a.get("content_hash") != h:
        raise ValueError("content hash mismatch: file says %s but its content hashes to %s"
                         % (a.get("content_hash"), h))
    return a


def write_artifact(artifact, path):
    """Sets content_hash and writes the artifact as the Java writer does (UTF-8, indented)."""
    a = dict(artifact)
    a.pop("content_hash", None)
    a["content_hash"] = content_hash(a)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(a, f, ensure_ascii=False, indent=2)
        f.write("\n")
    return a


# ---------------------------------------------------------------------------------------------
# scoring (docs/model-artifact.md, "Bin semantics" and "Score formulas")

def _missing(x):
    return x is None or (isinstance(x, float) and math.isnan(x))


def bin_index(feature, x):
    """Numeric: number of edges strictly below x; categorical: bin index, -2 unseen; -1 missing."""
    if _missing(x):
        return -1
    if feature["type"] == "numeric":
        return bisect.bisect_left(feature["edges"], float(x))
    x = str(x).strip()
    for i, b in enumerate(feature["bins"]):
        if x in b["categories"]:
            return i
    return -2


def woe(feature, x):
    b = bin_index(feature, x)
    if b == -1:
        return feature["missing"]["woe"]
    if b == -2:
        return feature["unseen_woe"]
    return feature["bins"][b]["woe"]


class Scorecard:
    """One artifact compiled for scoring, as the Java Scorecard + CreditModel do."""

    def __init__(self, artifact):
        self.artifact = a = artifact
        self.features = a["features"]
        self.names = [f["name"] for f in self.features]
        cal = a["calibration"]
        self.cal_a, self.cal_b = cal["a"], cal["b"]
        s = a["scale"]
        self.base_score, self.base_odds, self.pdo = s["base_score"], s["base_odds"], s["pdo"]
        self.score_min, self.score_max = s["min"], s["max"]
        self.factor = self.pdo / LN2
        self.ln_base_odds = math.log(self.base_odds)
        self.grades = [(g["grade"], g["max_pd"]) for g in a["grades"]]
        self.max_reasons = a["max_reasons"]
        self.limit_rule = a["limit_rule"]
        best = {}
        worst = {}
        for f in self.features:
            d = f.get("dimension")
            if d is None:
                continue
            woes = [b["woe"] for b in f["bins"]] + [f["missing"]["woe"]]
            if f["type"] == "categorical":
                woes.append(f["unseen_woe"])
            best[d] = best.get(d, 0.0) + f["weight"] * min(woes)
            worst[d] = worst.get(d, 0.0) + f["weight"] * max(woes)
        self.dimension_best, self.dimension_worst = best, worst

    @property
    def id(self):
        return self.artifact["id"]

    @property
    def version(self):
        return self.artifact["version"]

    def contributions(self, values):
        """(eta, [weight_j * woe_j]) for {feature name: value}; absent or None = missing."""
        eta = self.artifact["intercept"]
        out = []
        for f in self.features:
            w = f["weight"]
            if w == 0.0:
                out.append(0.0)  # the Java scorer skips the lookup: same 0.0
                continue
            c = w * woe(f, values.get(f["name"]))
            out.append(c)
            eta += c
        return eta, out

    def calibrated(self, eta):
        return self.cal_a + self.cal_b * eta

    def pd(self, eta):
        return 1.0 / (1.0 + math.exp(-self.calibrated(eta)))

    def raw_composite(self, eta):
        return self.base_score + self.factor * (-self.calibrated(eta) - self.ln_base_odds)

    def composite(self, eta):
        return min(self.score_max, max(self.score_min, self.raw_composite(eta)))

    def grade(self, pd):
        for name, max_pd in self.grades:
            if pd <= max_pd:
                return name
        return self.grades[-1][0]

    def reason_points(self, j, contribution):
        f = self.features[j]
        return -self.factor * self.cal_b * (contribution - f["weight"] * f["reference_woe"])

    def dimension_scores(self, contributions):
        sums = {}
        for f, c in zip(self.features, contributions):
            d = f.get("dimension")
            if d is not None:
                sums[d] = sums.get(d, 0.0) + c
        out = {}
        for d in sums:
            rng = self.dimension_worst[d] - self.dimension_best[d]
            if not rng > 1e-12:
                out[d] = 50.0
            else:
                s = 100.0 * (self.dimension_worst[d] - sums[d]) / rng
                out[d] = min(100.0, max(0.0, s))
        return out

    def reasons(self, contributions):
        """The max_reasons strongest (code, points), strongest first, ties in feature order."""
        pts = []
        for j, c in enumerate(contributions):
            p = self.reason_points(j, c)
            if abs(p) > 1e-9:
                pts.append((j, p))
        pts.sort(key=lambda jp: -abs(jp[1]))  # stable: ties keep feature order
        return [(self.features[j]["code"], p) for j, p in pts[: self.max_reasons]]

    def limit(self, pd, monthly_volume, exposure):
        r = self.limit_rule
        if not pd < r["pd_cutoff"] or not monthly_volume > 0:
            return 0
        headroom = (monthly_volume * r["months_of_volume"] * (1.0 - pd / r["pd_cutoff"])
                    - max(0.0, exposure))
        if not headroom > 0:
            return 0
        return min(r["max_limit"], int(math.floor(headroom / r["rounding_unit"])) * r["rounding_unit"])

    def score(self, values, monthly_volume=None, exposure=None):
        """Everything the Java CreditModel puts in a score for these feature values."""
        eta, contributions = self.contributions(values)
        pd = self.pd(eta)
        out = {
            "eta": eta,
            "pd": pd,
            "composite": self.composite(eta),
            "grade": self.grade(pd),
            "dimensions": self.dimension_scores(contributions),
            "reasons": self.reasons(contributions),
        }
        if monthly_volume is not None:
            out["limit"] = self.limit(pd, monthly_volume, 0.0 if exposure is None else exposure)
        return out

    def pd_many(self, rows):
        """PDs of an iterable of {name: value} (e.g. DataFrame.to_dict('records'))."""
        return [self.pd(self.contributions(r)[0]) for r in rows]


def scorecard(path_or_artifact):
    if isinstance(path_or_artifact, dict):
        return Scorecard(path_or_artifact)
    return Scorecard(load_artifact(path_or_artifact))


# ---------------------------------------------------------------------------------------------
# evaluation (models/.../evaluation/BinaryMetrics: the same definitions)

def auc(labels, scores):
    """Mann-Whitney AUC, ties count half."""
    pairs = sorted(zip(scores, labels))
    n = len(pairs)
    pos = sum(1 for _, y in pairs if y)
    neg = n - pos
    if pos == 0 or neg == 0:
        return float("nan")
    rank_sum = 0.0
    i = 0
    while i < n:
        k = i
        while k + 1 < n and pairs[k + 1][0] == pairs[i][0]:
            k += 1
        mid = (i + k) / 2.0 + 1.0  # average rank of the tie group, 1-based
        rank_sum += mid * sum(1 for m in range(i, k + 1) if pairs[m][1])
        i = k + 1
    return (rank_sum - pos * (pos + 1) / 2.0) / (pos * neg)


def ks(labels, scores):
    """max |TPR - FPR| over thresholds (tie groups step together)."""
    pairs = sorted(zip(scores, labels), key=lambda p: -p[0])
    pos = sum(1 for _, y in pairs if y)
    neg = len(pairs) - pos
    if pos == 0 or neg == 0:
        return float("nan")
    tp = fp = 0
    best = 0.0
    i = 0
    while i < len(pairs):
        k = i
        while k < len(pairs) and pairs[k][0] == pairs[i][0]:
            if pairs[k][1]:
                tp += 1
            else:
                fp += 1
            k += 1
        best = max(best, abs(tp / pos - fp / neg))
        i = k
    return best


def brier(labels, pds):
    return sum((p - y) ** 2 for y, p in zip(labels, pds)) / len(labels)


def log_loss(labels, pds, eps=1e-15):
    total = 0.0
    for y, p in zip(labels, pds):
        p = min(1 - eps, max(eps, p))
        total += -math.log(p) if y else -math.log(1 - p)
    return total / len(labels)


def metrics(labels, pds):
    """AUC, KS, Gini, Brier, log loss, accuracy at PD >= 0.5 and the majority baseline."""
    labels = [1 if y else 0 for y in labels]
    pds = [float(p) for p in pds]
    a = auc(labels, pds)
    pos = sum(labels)
    n = len(labels)
    return {
        "rows": n,
        "positives": pos,
        "auc": a,
        "ks": ks(labels, pds),
        "gini": 2 * a - 1,
        "brier": brier(labels, pds),
        "log_loss": log_loss(labels, pds),
        "accuracy": sum(1 for y, p in zip(labels, pds) if (p >= 0.5) == bool(y)) / n,
        "baseline_accuracy": max(pos, n - pos) / n,
    }


# ---------------------------------------------------------------------------------------------
# retraining over the same bins (docs/model-artifact.md, "How the Java trainer computes woe")

def bin_woes(feature, values, labels, s=0.5):
    """woe per bin (and the missing bin) of the feature's edges on new data, risk-oriented,
    smoothed as the Java trainer does. Returns (bin woes, missing woe, counts, positives)."""
    k = len(feature["bins"])
    counts = [0] * k
    positives = [0] * k
    miss_n = miss_p = 0
    for x, y in zip(values, labels):
        b = bin_index(feature, x)
        if b == -1:
            miss_n += 1
            miss_p += 1 if y else 0
        else:
            counts[b] += 1
            positives[b] += 1 if y else 0
    P = sum(positives) + miss_p
    N = sum(counts) + miss_n - P
    B = k + (1 if miss_n > 0 else 0)

    def w(p, n):
        return math.log((p + s) / (P + s * B)) - math.log((n + s) / (N + s * B))

    woes = [w(positives[i], counts[i] - positives[i]) for i in range(k)]
    missing = w(miss_p, miss_n - miss_p) if miss_n > 0 else 0.0
    return woes, missing, counts, positives, miss_n, miss_p


def monotone_ok(feature, woes):
    m = feature["monotone"]
    if m == "increasing_risk":
        return all(woes[i] <= woes[i + 1] for i in range(len(woes) - 1))
    if m == "decreasing_risk":
        return all(woes[i] >= woes[i + 1] for i in range(len(woes) - 1))
    return True


def pool_adjacent_violators(woes, weights, direction):
    """The closest (weighted least squares) monotone sequence to woes: non-decreasing for
    increasing_risk, non-increasing for decreasing_risk, unchanged for none. Bins keep their edges;
    violating neighbours get their pooled woe, so the artifact's monotone check passes."""
    if direction == "none":
        return list(woes)
    sign = 1.0 if direction == "increasing_risk" else -1.0
    blocks = []  # [value, weight, size]
    for v, w in zip(woes, weights):
        blocks.append([sign * v, max(float(w), 1e-9), 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, n2 = blocks.pop()
            v1, w1, n1 = blocks.pop()
            blocks.append([(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, n1 + n2])
    out = []
    for v, _, n in blocks:
        out.extend([sign * v] * n)
    return out
