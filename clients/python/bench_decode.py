"""Decodes per second (of CPU time, the best of interleaved batches) of the documented 402
body, by the generated module and by the decoder a hand-written SDK has for the same
message (json.loads and one regex):

    python3 clients/python/bench_decode.py [--seconds S] [--check]

Prints both rates and their ratio. With --check it exits 1 unless the module decodes at
least 200 000 per second and at most 1.5 times slower than the hand-written decoder.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sunor_errors_client as sunor  # noqa: E402

STATUS = 402
HEADERS = {"content-type": "application/json", "content-length": "72"}
BODY = b'{"code":402,"message":"Insufficient credits: available 3, required 10"}'

_CREDITS = re.compile(r"Insufficient credits: available (0|[1-9][0-9]*), required (0|[1-9][0-9]*)")


class HandError(Exception):
    """What a hand-written SDK raises: the code and the message."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(code, message)
        self.code = code
        self.message = message


class HandInsufficientCredits(HandError):
    def __init__(self, code: int, message: str, available: int, required: int) -> None:
        super().__init__(code, message)
        self.available = available
        self.required = required


def hand_decode(status: int, headers: Mapping[str, str], body: bytes) -> HandError:
    """The twin-SDK way: parse the JSON, match the one message it knows with a regex."""
    data = json.loads(body)
    message = data["message"]
    if status == 402:
        match = _CREDITS.fullmatch(message)
        if match is not None:
            return HandInsufficientCredits(status, message, int(match[1]), int(match[2]))
    return HandError(status, message)


def rate(decode: Callable[[int, Any, bytes], Any], batch: int = 20_000) -> float:
    """Decodes per second of CPU time for one batch: time the process was not given (the
    machine's two cores are shared) is not counted against either decoder."""
    started = time.process_time()
    for _ in range(batch):
        decode(STATUS, HEADERS, BODY)
    return batch / max(time.process_time() - started, 1e-9)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0, help="time for each decoder")
    parser.add_argument("--check", action="store_true", help="fail below the floors")
    args = parser.parse_args(argv)
    # Both read the same answer.
    mine = sunor.decode(STATUS, HEADERS, BODY)
    hand = hand_decode(STATUS, HEADERS, BODY)
    assert isinstance(mine, sunor.TaskErrorInsufficientCredits) and isinstance(hand, HandInsufficientCredits)
    assert (mine.available, mine.required) == (hand.available, hand.required) == (3, 10)
    rates: Dict[str, float] = {}
    deadline = time.perf_counter() + 2 * args.seconds
    while time.perf_counter() < deadline:
        # Interleaved batches, the best of each kept: a noisy neighbour hits both alike.
        for name, decode in (("generated", sunor.decode), ("hand-written", hand_decode)):
            rates[name] = max(rates.get(name, 0.0), rate(decode))
    ratio = rates["hand-written"] / rates["generated"]
    print(f"python {sys.version.split()[0]}, body {len(BODY)} bytes")
    print(f"generated decode:    {rates['generated']:>10,.0f} decodes/s")
    print(f"hand-written regex:  {rates['hand-written']:>10,.0f} decodes/s")
    print(f"ratio (hand / generated): {ratio:.2f}x")
    if args.check and (rates["generated"] < 200_000 or ratio > 1.5):
        print("below the floor: at least 200 000 decodes/s and at most 1.5x the hand-written decoder")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
