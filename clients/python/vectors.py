"""Runs the shared vectors (`vectors/decode.json`, `vectors/retry.json`) against the
generated module: every vector must give what the Rust crate gives. The format is
described in `clients/README.md`.

    python3 clients/python/vectors.py [--decode FILE] [--retry FILE]

Without arguments it runs both files of the repository's `vectors/` folder. It prints
each mismatch, then `N passed, M failed`, and exits 1 on any mismatch or unreadable file.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Tuple

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

import sunor_errors_client as sunor  # noqa: E402


class VectorFileError(Exception):
    """A vectors file that cannot be run: unreadable, or for another catalogue."""


def check_catalogue(document: Dict[str, Any], repo: Path = REPO) -> None:
    """The vectors must be for the catalogue the module was generated from."""
    path = document.get("catalogue")
    if not isinstance(path, str):
        raise VectorFileError('no "catalogue" path')
    try:
        digest = hashlib.sha256((repo / path).read_bytes()).hexdigest()
    except OSError as error:
        raise VectorFileError(f"catalogue {path}: {error}") from error
    if digest != sunor.CATALOGUE_SHA256:
        raise VectorFileError(
            f"the vectors are for {path} (SHA-256 {digest}), the module was generated from "
            f"a catalogue with SHA-256 {sunor.CATALOGUE_SHA256}: generate it anew"
        )


def field_json(value: Any) -> Any:
    """A field value in the vectors' form: integers as {"int": "<decimal>"}."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return {"int": str(value)}
    raise VectorFileError(f"a field value of type {type(value).__name__}")


def _body(vector: Dict[str, Any]) -> bytes:
    text = vector.get("body")
    encoded = vector.get("body_base64")
    if (text is None) == (encoded is None):
        raise VectorFileError("exactly one of body and body_base64 must be a string")
    if text is not None:
        return str(text).encode("utf-8", "surrogatepass")
    return base64.b64decode(str(encoded), validate=True)


def run_decode(document: Dict[str, Any]) -> Tuple[int, List[str]]:
    """(vectors run, one line per mismatch)."""
    mismatches: List[str] = []
    vectors = document["vectors"]
    for vector in vectors:
        name = vector["name"]
        headers = [(str(n), str(v)) for n, v in vector["headers"]]
        error = sunor.decode(vector["status"], headers, _body(vector), now=vector.get("now"))
        got = {
            "code": error.code,
            "message": error.message,
            "retry_after": error.retry_after,
            "case": error.case,
            "fields": {k: field_json(v) for k, v in error.fields.items()},
        }
        expect = vector["expect"]
        for key in ("code", "message", "retry_after", "case", "fields"):
            if got[key] != expect.get(key):
                mismatches.append(f"decode {name}: {key} is {got[key]!r}, expected {expect.get(key)!r}")
        if error.case is not None and not isinstance(error, sunor.SunorError):
            mismatches.append(f"decode {name}: not a SunorError")
    return len(vectors), mismatches


class _Answer:
    def __init__(self, response: Dict[str, Any]) -> None:
        self.status_code = int(response["status"])
        self.headers = [(str(n), str(v)) for n, v in response.get("headers", [])]
        self.content = str(response.get("body", "")).encode("utf-8", "surrogatepass")


def _decision(report: Any) -> Dict[str, Any]:
    if report.outcome == "retry":
        return {"decision": "retry", "wait": report.wait}
    if report.outcome == "held":
        return {"decision": "held", "wait": report.wait}
    if report.outcome == "gave_up":
        return {"decision": "give_up", "reason": report.reason}
    return {"decision": "success"}


def _same(got: Dict[str, Any], expect: Dict[str, Any]) -> bool:
    if got.get("decision") != expect.get("decision"):
        return False
    if "wait" in got or "wait" in expect:
        # Waits are exact to the nanosecond.
        if not isinstance(expect.get("wait"), (int, float)):
            return False
        return bool(round(got["wait"] * 1e9) == round(float(expect["wait"]) * 1e9))
    return bool(got.get("reason") == expect.get("reason"))


def run_retry(document: Dict[str, Any]) -> Tuple[int, List[str]]:
    """(vectors run, one line per mismatch)."""
    mismatches: List[str] = []
    vectors = document["vectors"]
    for vector in vectors:
        mismatches.extend(_run_retry_vector(vector))
    return len(vectors), mismatches


def _run_retry_vector(vector: Dict[str, Any]) -> List[str]:
    name = vector["name"]
    steps: List[Dict[str, Any]] = vector["steps"]
    problems: List[str] = []
    at = [0]
    draws: List[List[float]] = [list(step.get("jitter", [])) for step in steps]
    decisions: List[List[Dict[str, Any]]] = [[] for _ in steps]
    wall = vector.get("now")

    def step() -> Dict[str, Any]:
        if at[0] >= len(steps):
            raise _PastTheEnd()
        return steps[at[0]]

    def clock() -> float:
        return float(step()["clock"])

    def sleep(seconds: float) -> None:
        at[0] += 1

    def jitter() -> float:
        if at[0] < len(steps) and draws[at[0]]:
            return draws[at[0]].pop(0)
        problems.append(f"retry {name}: step {at[0]} drew more jitter than given")
        return 0.0

    def send() -> Any:
        response = step()["response"]
        if "transport" in response:
            sent = response["transport"] == "maybe_sent"
            raise sunor.TransportError(str(response["transport"]), may_have_been_sent=sent)
        return _Answer(response)

    def on_attempt(report: Any) -> None:
        if at[0] < len(steps):
            decisions[at[0]].append(_decision(report))
        else:
            problems.append(f"retry {name}: a decision after the last step")

    wall_clock: Callable[[], float] = (lambda: float(wall)) if wall is not None else (lambda: 0.0)
    try:
        sunor.with_retries(
            send,
            policy=sunor.Policy(),
            sleep=sleep,
            clock=clock,
            jitter=jitter,
            deadline=vector.get("deadline"),
            on_attempt=on_attempt,
            wall_clock=wall_clock,
        )
    except _PastTheEnd:
        problems.append(f"retry {name}: the run went on past the last step")
    except (sunor.SunorError, sunor.TransportError):
        pass
    for index, (expected_step, got) in enumerate(zip(steps, decisions)):
        expect = expected_step["expect"]
        if len(got) != 1 or not _same(got[0], expect):
            problems.append(f"retry {name}: step {index} decided {got}, expected {expect}")
        if draws[index]:
            problems.append(f"retry {name}: step {index} left jitter draws {draws[index]} unused")
    return problems


class _PastTheEnd(Exception):
    pass


def load(path: Path) -> Dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise VectorFileError(f"{path}: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("vectors"), list):
        raise VectorFileError(f'{path}: not an object with a "vectors" list')
    return document


def run_files(decode: Optional[Path], retry: Optional[Path], repo: Path = REPO) -> Tuple[int, List[str]]:
    """(vectors run, mismatches) over both files."""
    total = 0
    mismatches: List[str] = []
    for path, runner in ((decode, run_decode), (retry, run_retry)):
        if path is None:
            continue
        document = load(path)
        check_catalogue(document, repo)
        try:
            count, found = runner(document)
        except (KeyError, TypeError, ValueError, VectorFileError) as error:
            raise VectorFileError(f"{path}: malformed vector: {error!r}") from error
        total += count
        mismatches.extend(found)
    return total, mismatches


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decode", type=Path, default=None)
    parser.add_argument("--retry", type=Path, default=None)
    args = parser.parse_args(argv)
    decode, retry = args.decode, args.retry
    if decode is None and retry is None:
        decode, retry = REPO / "vectors" / "decode.json", REPO / "vectors" / "retry.json"
    try:
        total, mismatches = run_files(decode, retry)
    except VectorFileError as error:
        print(f"vectors: {error}", file=sys.stderr)
        return 1
    for line in mismatches:
        print(line)
    failed = len({line.split(":")[0] for line in mismatches})
    print(f"vectors: {total - failed} passed, {failed} failed")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
