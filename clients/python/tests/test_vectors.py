"""The vectors runner on its own sample files (tests/fixtures/sample_*_vectors.json, small
hand-made files for this test, not the shared vectors): they pass, and every kind of
disagreement is reported."""

from __future__ import annotations

import copy
import io
import json
import sys
import tempfile
import unittest
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any, Dict

from _support import CLIENT_DIR, HERE, REPO

sys.path.insert(0, str(CLIENT_DIR))
import vectors  # noqa: E402

DECODE = HERE / "fixtures" / "sample_decode_vectors.json"
RETRY = HERE / "fixtures" / "sample_retry_vectors.json"


def load(path: Path) -> Dict[str, Any]:
    document: Dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


class Runner(unittest.TestCase):
    def test_the_samples_pass(self) -> None:
        self.assertEqual(vectors.run_files(DECODE, RETRY), (22, []))
        out = io.StringIO()
        with redirect_stdout(out):
            code = vectors.main(["--decode", str(DECODE), "--retry", str(RETRY)])
        self.assertEqual((code, out.getvalue()), (0, "vectors: 22 passed, 0 failed\n"))

    def test_a_wrong_decode_expectation_is_reported(self) -> None:
        document = load(DECODE)
        document["vectors"][0]["expect"]["fields"]["available"] = {"int": "4"}
        document["vectors"][3]["expect"]["retry_after"] = 60
        self.assertEqual(
            vectors.run_decode(document),
            (
                12,
                [
                    "decode the documented 402: fields is {'available': {'int': '3'}, 'required': {'int': '10'}}, "
                    "expected {'available': {'int': '4'}, 'required': {'int': '10'}}",
                    "decode 429 header above body: retry_after is 90, expected 60",
                ],
            ),
        )

    def test_wrong_retry_expectations_are_reported(self) -> None:
        base = load(RETRY)
        first = base["vectors"][0]
        cases = []
        wait = copy.deepcopy(first)
        wait["steps"][0]["expect"]["wait"] = 1.25000001
        cases.append((wait, "retry 5xx back off then succeed: step 0 decided [{'decision': 'retry', 'wait': 1.25}], expected {'decision': 'retry', 'wait': 1.25000001}"))
        extra_draw = copy.deepcopy(first)
        extra_draw["steps"][0]["jitter"] = [0.5, 0.1]
        cases.append((extra_draw, "retry 5xx back off then succeed: step 0 left jitter draws [0.1] unused"))
        missing_draw = copy.deepcopy(first)
        missing_draw["steps"][1]["jitter"] = []
        cases.append((missing_draw, "retry 5xx back off then succeed: step 1 drew more jitter than given"))
        short = copy.deepcopy(first)
        short["steps"] = short["steps"][:2]
        cases.append((short, "retry 5xx back off then succeed: the run went on past the last step"))
        longer = copy.deepcopy(base["vectors"][1])
        longer["steps"].append(copy.deepcopy(first["steps"][2]))
        cases.append((longer, "retry 402 gives up at once: step 1 decided [], expected {'decision': 'success'}"))
        reason = copy.deepcopy(base["vectors"][3])
        reason["steps"][0]["expect"]["reason"] = "deadline"
        cases.append((reason, "retry 429 past the cap: step 0 decided [{'decision': 'give_up', 'reason': 'server_delay_too_long'}], expected {'decision': 'give_up', 'reason': 'deadline'}"))
        for vector, message in cases:
            count, mismatches = vectors.run_retry({"vectors": [vector]})
            self.assertEqual((count, mismatches[:1]), (1, [message]))

    def test_vectors_for_another_catalogue_are_refused(self) -> None:
        document = load(DECODE)
        with tempfile.TemporaryDirectory() as folder:
            other = Path(folder) / "other.json"
            other.write_text("{}", encoding="utf-8")
            document["catalogue"] = "other.json"
            with self.assertRaisesRegex(vectors.VectorFileError, "generate it anew"):
                vectors.check_catalogue(document, Path(folder))
            missing = Path(folder) / "missing.json"
            with self.assertRaises(vectors.VectorFileError):
                vectors.load(missing)
        vectors.check_catalogue(load(DECODE), REPO)

    def test_a_body_must_be_given_once(self) -> None:
        document = load(DECODE)
        document["vectors"][0]["body_base64"] = "e30="
        with self.assertRaisesRegex(vectors.VectorFileError, "exactly one of body and body_base64"):
            vectors.run_decode(document)


if __name__ == "__main__":
    unittest.main()
