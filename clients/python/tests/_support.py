"""What the tests share: the generated module on the path, and fake responses of the
three HTTP libraries `with_retries` reads (duck-typed, as the module reads them)."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

HERE = Path(__file__).resolve().parent
CLIENT_DIR = HERE.parent
REPO = CLIENT_DIR.parent.parent
sys.path.insert(0, str(CLIENT_DIR))

import sunor_errors_client as sunor  # noqa: E402

__all__ = ["sunor", "HERE", "CLIENT_DIR", "REPO", "body", "RequestsLike", "HttpxLike",
           "UrllibLike", "HttpxHeaders", "Recorder"]


def body(code: int, message: str, retry_after: Optional[int] = None) -> bytes:
    """An error body as the server writes it."""
    import json

    members: Dict[str, Any] = {"code": code, "message": message}
    if retry_after is not None:
        members["retry_after_seconds"] = retry_after
    return json.dumps(members, separators=(",", ":"), ensure_ascii=False).encode()


class RequestsLike:
    """A `requests.Response` as the module sees it: `status_code`, `headers`, `content`."""

    def __init__(self, status: int, headers: Optional[Dict[str, str]] = None, content: bytes = b"") -> None:
        self.status_code = status
        self.headers = dict(headers or {})
        self.content = content


class HttpxHeaders:
    """An `httpx.Headers`: several values per name, through `multi_items()`."""

    def __init__(self, items: Sequence[Tuple[str, str]]) -> None:
        self._items = list(items)

    def multi_items(self) -> List[Tuple[str, str]]:
        return list(self._items)

    def __len__(self) -> int:
        return len(self._items)


class HttpxLike:
    """An `httpx.Response`: `status_code`, `headers` (`multi_items`), `content`."""

    def __init__(self, status: int, items: Sequence[Tuple[str, str]] = (), content: bytes = b"") -> None:
        self.status_code = status
        self.headers = HttpxHeaders(items)
        self.content = content


class UrllibLike:
    """A `http.client.HTTPResponse` from `urllib.request.urlopen`: `status`, `headers`
    (an `email.message.Message`), `read()`."""

    def __init__(self, status: int, headers: Sequence[Tuple[str, str]] = (), content: bytes = b"") -> None:
        import email.message

        self.status = status
        self.headers = email.message.Message()
        for name, value in headers:
            self.headers[name] = value
        self._body = io.BytesIO(content)

    def read(self, size: int = -1) -> bytes:
        return self._body.read(size)


class Recorder:
    """An injected clock, sleep and jitter: the clock moves only when the run sleeps (or
    when a test moves it), every sleep and draw is recorded, draws come from a list."""

    def __init__(self, draws: Sequence[float] = (), start: float = 1000.0) -> None:
        self.now = start
        self.slept: List[float] = []
        self.draws = list(draws)
        self.drawn = 0
        self.reports: List[Any] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds

    def jitter(self) -> float:
        if not self.draws:
            raise AssertionError("a draw that was not expected")
        self.drawn += 1
        return self.draws.pop(0)

    def on_attempt(self, report: Any) -> None:
        self.reports.append(report)

    def outcomes(self) -> List[Tuple[int, str, Optional[float], Optional[str]]]:
        return [(r.attempt, r.outcome, r.wait, r.reason) for r in self.reports]

    def kwargs(self) -> Dict[str, Any]:
        return {"sleep": self.sleep, "clock": self.clock, "jitter": self.jitter, "on_attempt": self.on_attempt}


def sender(*answers: Any) -> Callable[[], Any]:
    """A `send` that returns (or raises) each answer in turn."""
    queue = list(answers)

    def send() -> Any:
        answer = queue.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer

    return send
