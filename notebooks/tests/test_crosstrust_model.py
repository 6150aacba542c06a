"""Parity of notebooks/crosstrust_model.py with the Java scorer (standard library only).

Run from notebooks/: /usr/bin/python3 -m unittest tests.test_crosstrust_model
(the Java test ScorerParityVectorsTest runs it in the suite). The vectors come from the shipped
artifacts through the Java scorer (ScorerParityVectorsTest.main).
"""

import json
import os
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
NOTEBOOKS = os.path.dirname(HERE)
ROOT = os.path.dirname(NOTEBOOKS)
sys.path.insert(0, NOTEBOOKS)

import crosstrust_model as cm  # noqa: E402

TOLERANCE = 1e-9


def vectors():
    with open(os.path.join(HERE, "scorer-parity-vectors.json"), encoding="utf-8") as f:
        return json.load(f)


class ScorerParityTest(unittest.TestCase):
    def test_content_hashes_equal_the_java_ones(self):
        for m in vectors()["models"]:
            a = cm.load_artifact(os.path.join(ROOT, m["artifact_path"]))
            self.assertEqual(cm.content_hash(a), m["artifact_content_hash"])

    def test_scores_equal_the_java_scorer(self):
        checked = 0
        for m in vectors()["models"]:
            sc = cm.scorecard(os.path.join(ROOT, m["artifact_path"]))
            self.assertGreaterEqual(len(m["vectors"]), 100)
            for i, v in enumerate(m["vectors"]):
                got = sc.score(v["features"], v["monthly_volume"], v["exposure"])
                where = "%s vector %d" % (m["artifact_id"], i)
                for k in ("eta", "pd", "composite"):
                    self.assertAlmostEqual(got[k], v[k], delta=TOLERANCE, msg=where + " " + k)
                self.assertEqual(got["grade"], v["grade"], where)
                self.assertEqual(got["limit"], v["limit"], where)
                self.assertEqual(sorted(got["dimensions"]), sorted(v["dimensions"]), where)
                for d, s in v["dimensions"].items():
                    self.assertAlmostEqual(got["dimensions"][d], s, delta=TOLERANCE, msg=where + " " + d)
                self.assertEqual([c for c, _ in got["reasons"]], [c for c, _ in v["reasons"]], where)
                for (_, p), (_, q) in zip(got["reasons"], v["reasons"]):
                    self.assertAlmostEqual(p, q, delta=TOLERANCE, msg=where)
                checked += 1
        self.assertGreaterEqual(checked, 200)

    def test_a_written_artifact_keeps_its_hash_and_a_tampered_one_is_refused(self):
        m = vectors()["models"][0]
        a = cm.load_artifact(os.path.join(ROOT, m["artifact_path"]))
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "a.json")
            written = cm.write_artifact(a, path)
            self.assertEqual(written["content_hash"], m["artifact_content_hash"])
            self.assertEqual(cm.load_artifact(path)["content_hash"], m["artifact_content_hash"])
            a2 = dict(a)
            a2["intercept"] = a["intercept"] + 1e-12
            with open(path, "w", encoding="utf-8") as f:
                json.dump(a2, f)
            with self.assertRaises(ValueError):
                cm.load_artifact(path)

    def test_metrics_follow_the_java_definitions(self):
        labels = [0, 0, 1, 1, 0, 1]
        pds = [0.1, 0.4, 0.35, 0.8, 0.4, 0.4]
        got = cm.metrics(labels, pds)
        # pairs (pos, neg): 9; pos 0.35 beats 0.1 only (1), 0.8 beats all (3), 0.4 ties two 0.4s
        # and beats 0.1 (1 + 2 * 0.5): 1 + 3 + 2 = 6
        self.assertAlmostEqual(got["auc"], 6 / 9, delta=1e-15)
        self.assertEqual(got["baseline_accuracy"], 0.5)

    def test_pool_adjacent_violators_makes_woe_monotone(self):
        self.assertEqual(cm.pool_adjacent_violators([0.0, 2.0, 1.0, 3.0], [1, 1, 1, 1], "increasing_risk"),
                         [0.0, 1.5, 1.5, 3.0])
        self.assertEqual(cm.pool_adjacent_violators([3.0, 1.0, 2.0], [1, 1, 1], "decreasing_risk"),
                         [3.0, 1.5, 1.5])


if __name__ == "__main__":
    unittest.main()
