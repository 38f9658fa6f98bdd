#@header@
"""The sunor API's errors, decoded and retried exactly as the Rust crate `sunor-errors` does.

Standard library only (Python 3.9+); `requests`, `httpx` and `urllib` responses are read by
duck typing, never imported.

- `decode(status, headers, body)` turns any response into a `SunorError` (an `Exception`):
  a JSON error body, problem details from a gateway, an HTML page from a proxy, an empty or
  hostile body alike. It never raises.
- `with_retries(send)` calls `send` until it gets an answer that is not an error or the
  policy gives up, then returns that answer or raises the last error, decoded.

The errors of the catalogue this module was generated from come back as their own classes
(`TaskErrorInsufficientCredits`, ...), each a subclass of its status class
(`PaymentRequiredError`, ...), with its fields as attributes.
"""

from __future__ import annotations

import datetime as _datetime
import json as _json
import random as _random
import re as _re
import threading as _threading
import time as _time
from typing import (
    Any,
    Callable,
    Dict,
    FrozenSet,
    Iterable,
    List,
    NamedTuple,
    Optional,
    Tuple,
    TypeVar,
)

__all__ = [
    "MAX_BODY_BYTES",
    "SunorError",
    "BadRequestError",
    "AuthenticationError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "TransportError",
    "Policy",
    "RetryBudget",
    "AttemptReport",
    "DEFAULT_POLICY",
    "CATALOGUE_TYPE",
    "CATALOGUE_SHA256",
    "decode",
    "default_message",
    "with_retries",
]

#: The longest body read as JSON (the Rust crate's `ErrorBody::MAX_BODY_BYTES`): a longer
#: one gets the status's default message, whatever it holds.
MAX_BODY_BYTES = 64 * 1024

#: At most this many bytes of message (escapes included) are shown by `str(error)`.
MAX_DISPLAY_BYTES = 1024

_U64_MAX = (1 << 64) - 1
_NANOS = 1_000_000_000

#@default_messages@


def default_message(code: int) -> str:
    """The message of a body built from `code` (400..=599) alone, as the server writes it."""
    message = _DEFAULT_MESSAGES.get(code)
    if message is not None:
        return message
    return _CLIENT_ERROR_MESSAGE if code < 500 else _SERVER_ERROR_MESSAGE


# ---------------------------------------------------------------------------------------
# The error classes
# ---------------------------------------------------------------------------------------

# What must not reach a log line as is: control characters (C0, DEL, C1), line separators
# and the bidi controls of the Trojan Source list (the Rust crate's `log_safe`).
_NEEDS_ESCAPE = _re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def _escape_char(c: str) -> str:
    if c == "\t":
        return "\\t"
    if c == "\n":
        return "\\n"
    if c == "\r":
        return "\\r"
    return "\\u{%x}" % ord(c)


def _log_safe(text: str, max_bytes: int) -> str:
    """`text` with what could forge a log line escaped as Rust escapes it, cut after
    `max_bytes` bytes (counted after escaping)."""
    if len(text) * 4 <= max_bytes and _NEEDS_ESCAPE.search(text) is None:
        return text
    out: List[str] = []
    written = 0
    consumed = 0
    total = len(text.encode("utf-8", "surrogatepass"))
    for c in text:
        shown = _escape_char(c) if _NEEDS_ESCAPE.match(c) else c
        size = len(shown.encode("utf-8", "surrogatepass"))
        if written + size > max_bytes:
            out.append("\u2026 (%d more bytes)" % (total - consumed))
            break
        out.append(shown)
        written += size
        consumed += len(c.encode("utf-8", "surrogatepass"))
    return "".join(out)


class SunorError(Exception):
    """An error response of the API, decoded: what `decode` returns and `with_retries` raises.

    - `code`: the status (400..=599; for a status that is not an error, see `decode`);
    - `message`: the body's message, or the status's default one when the body has none
      that can be read (an HTML page from a proxy, an empty or truncated body, ...);
    - `retry_after`: the server's delay in whole seconds, the larger of the `Retry-After`
      header and the body's `retry_after_seconds`, or None;
    - `case`: the catalogue id of the error (`"TaskError.InsufficientCredits"`), or None;
    - `fields`: every field of the case, by name (empty when `case` is None);
    - `body`: the raw body (bytes, text encoded as UTF-8); `text` decodes it;
    - `headers`: the headers as given to `decode`.
    """

    code: int
    message: str
    retry_after: Optional[int]
    case: Optional[str]
    fields: Dict[str, Any]
    body: bytes
    headers: Any

    def __init__(
        self,
        code: int,
        message: str,
        retry_after: Optional[int] = None,
        case: Optional[str] = None,
        fields: Optional[Dict[str, Any]] = None,
        body: bytes = b"",
        headers: Any = None,
    ) -> None:
        # `args` (set by `Exception.__new__`) holds every argument: the error pickles.
        self.code = code
        self.message = message
        self.retry_after = retry_after
        self.case = case
        self.fields = {} if fields is None else fields
        self.body = body
        self.headers = headers

    @property
    def status(self) -> int:
        """The HTTP status (the same as `code`)."""
        return self.code

    @property
    def text(self) -> str:
        """The raw body as text (invalid UTF-8 shown as U+FFFD)."""
        return self.body.decode("utf-8", "replace")

    @property
    def is_retryable(self) -> bool:
        """Whether the request may succeed if sent again (the catalogue's retryable codes)."""
        return self.code in _POLICY_NUMBERS.retryable_codes

    def __str__(self) -> str:
        # As the Rust crate's `Display`: safe to log, at most MAX_DISPLAY_BYTES of message.
        return "API error %d: %s" % (self.code, _log_safe(self.message, MAX_DISPLAY_BYTES))

    def __repr__(self) -> str:
        return "%s(code=%r, message=%r, retry_after=%r, case=%r, fields=%r)" % (
            type(self).__name__,
            self.code,
            self.message,
            self.retry_after,
            self.case,
            self.fields,
        )


class BadRequestError(SunorError):
    """400 Bad Request."""


class AuthenticationError(SunorError):
    """401 Unauthorized."""


class PaymentRequiredError(SunorError):
    """402 Payment Required."""


class PermissionDeniedError(SunorError):
    """403 Forbidden."""


class NotFoundError(SunorError):
    """404 Not Found."""


class ConflictError(SunorError):
    """409 Conflict."""


class UnprocessableEntityError(SunorError):
    """422 Unprocessable Entity."""


class RateLimitError(SunorError):
    """429 Too Many Requests."""


class InternalServerError(SunorError):
    """Any 5xx."""


_STATUS_CLASSES: Dict[int, Callable[..., SunorError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}
for _code in range(500, 600):
    _STATUS_CLASSES[_code] = InternalServerError


def _status_class(code: int) -> Callable[..., SunorError]:
    return _STATUS_CLASSES.get(code, SunorError)


# ---------------------------------------------------------------------------------------
# Reading a body: the Rust crate's tolerant reading, byte for byte
# ---------------------------------------------------------------------------------------

# Only `{`, an ASCII blank or a byte-order mark's first byte can lead to a JSON object.
_MAY_START = frozenset(b"{ \t\n\r\x0c\xef")
_BOM = b"\xef\xbb\xbf"
# A character a Rust `String` cannot hold: a lone surrogate escape, or (through
# `surrogateescape`) a byte that is not UTF-8.
_SURROGATE = _re.compile("[\ud800-\udfff]")
# Rust's `char::is_whitespace` (what `str::trim` trims).
_RUST_WHITESPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


class _Rejected(Exception):
    """A JSON text that Python reads and serde_json does not (NaN, Infinity)."""


def _reject_constant(name: str) -> Any:
    raise _Rejected(name)


class _Overflow:
    """A number that serde_json refuses to read as a value (it overflows an f64)."""


_OVERFLOW = _Overflow()
_NESTED = object()


def _read_float(text: str) -> Any:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        return _OVERFLOW
    return value


# Objects come back as lists of (name, value) pairs: duplicates stay visible.
_DECODER = _json.JSONDecoder(
    object_pairs_hook=list, parse_float=_read_float, parse_constant=_reject_constant
)
_JSONDecodeError = _json.JSONDecodeError
# The C scanner itself: `JSONDecoder.decode` adds a Python frame and a regex per call.
_SCAN: Callable[[str, int], Tuple[Any, int]] = getattr(_DECODER, "scan_once")
_JSON_BLANKS = " \t\n\r"


def _clean(text: str) -> bool:
    return text.isascii() or _SURROGATE.search(text) is None


def _read_object(data: bytes, headers: Any) -> Optional[Tuple[str, Optional[int]]]:
    """The message and delay of a body that may be a JSON object (at most MAX_BODY_BYTES):
    an error body, else problem details when the headers say JSON; None for anything
    else."""
    if data[0] != 0x7B:
        if data.startswith(_BOM):
            data = data[3:]
        data = data.lstrip(b" \t\n\r\x0c")
        if not data.startswith(b"{"):
            return None
    text = data.decode("utf-8", "surrogateescape")
    try:
        pairs, end = _SCAN(text, 0)
    except (_JSONDecodeError, StopIteration, _Rejected):
        return None
    except (RecursionError, ValueError):
        # Deeper nesting or longer numbers than Python's reader takes; serde_json skips
        # them in members it ignores.
        return _interpret(_exact_pairs(text), text, True, headers)
    if end != len(text) and text[end:].strip(_JSON_BLANKS):
        return None
    return _interpret(pairs, text, False, headers)


_ABSENT: Any = object()


def _interpret(
    pairs: Any, text: str, exact: bool, headers: Any
) -> Optional[Tuple[str, Optional[int]]]:
    if pairs is None:
        return None
    code = message = retry = _ABSENT
    strict = True
    for name, value in pairs:
        if name == "code":
            strict = strict and code is _ABSENT
            code = value
        elif name == "message":
            strict = strict and message is _ABSENT
            message = value
        elif name == "retry_after_seconds":
            strict = strict and retry is _ABSENT
            retry = value
        elif not _clean(name):
            return None
    if (
        strict
        and type(code) is int
        and 400 <= code <= 599
        and type(message) is str
        and _clean(message)
    ):
        if retry is _ABSENT or retry is None:
            return message, None
        if type(retry) is int and 0 <= retry <= _U64_MAX:
            if retry == 0 and not exact and "-" in text:
                # `-0` is a float to serde_json: read the text exactly.
                return _interpret(_exact_pairs(text), text, True, headers)
            return message, retry
    if not _says_json(headers):
        return None
    return _problem_message(pairs)


def _says_json(headers: Any) -> bool:
    """Whether the response says its body is JSON: exactly one `Content-Type` value, a JSON
    media type (`application/json` or any `type/subtype+json`, `application/problem+json`
    among them; any case, any parameters). Problem details are read only then."""
    values = _header_values(headers, "content-type")
    if len(values) != 1 or _VISIBLE.fullmatch(values[0]) is None:
        return False
    essence = values[0].split(";", 1)[0].strip(_RUST_WHITESPACE)
    kind, slash, subtype = essence.partition("/")
    if not slash or _MEDIA_TOKEN.fullmatch(kind) is None:
        return False
    if _MEDIA_TOKEN.fullmatch(subtype) is None:
        return False
    subtype = subtype.lower()
    return (kind.lower() == "application" and subtype == "json") or (
        len(subtype) > 5 and subtype.endswith("+json")
    )


_MEDIA_TOKEN = _re.compile(r"[A-Za-z0-9!#$%&'*+\-.^_`|~]+")


def _problem_message(pairs: Any) -> Optional[Tuple[str, Optional[int]]]:
    """RFC 9457 problem details: `detail`, else `title`, whichever has more than blanks."""
    title: Optional[str] = None
    detail: Optional[str] = None
    for name, value in pairs:
        if name == "title" or name == "detail":
            if type(value) is str:
                if not _clean(value):
                    return None
                text: Optional[str] = value
            elif value is _OVERFLOW:
                return None
            elif type(value) is int:
                try:
                    float(value)
                except OverflowError:
                    return None
                text = None
            else:
                text = None
            if name == "title":
                title = text
            else:
                detail = text
    if detail is not None and detail.strip(_RUST_WHITESPACE):
        return detail, None
    if title is not None and title.strip(_RUST_WHITESPACE):
        return title, None
    return None


# The exact reader: serde_json's grammar, iterative, for the texts Python's reader gives up
# on. Top-level members come back as (name, value); nested values are checked, not kept.
_WS = _re.compile(r"[ \t\n\r]*")
_STRING_TOKEN = _re.compile(r'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"')
_NUMBER_TOKEN = _re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_LITERALS = (("true", True), ("false", False), ("null", None))


def _ws(text: str, at: int) -> int:
    """Past the JSON blanks at `at`."""
    m = _WS.match(text, at)
    return at if m is None else m.end()


def _scalar(text: str, at: int) -> Tuple[Any, int]:
    """The scalar value at `at` and where it ends; raises ValueError when there is none."""
    c = text[at : at + 1]
    if c == '"':
        m = _STRING_TOKEN.match(text, at)
        if m is None:
            raise ValueError(at)
        return m.group(), m.end()
    m = _NUMBER_TOKEN.match(text, at)
    if m is not None:
        token = m.group()
        if m.group(1) is None and m.group(2) is None:
            if token == "-0":
                return -0.0, m.end()
            if len(token) > 400:
                return _OVERFLOW, m.end()
            return int(token), m.end()
        return _read_float(token), m.end()
    for word, value in _LITERALS:
        if text.startswith(word, at):
            return value, at + len(word)
    raise ValueError(at)


def _skip_nested(text: str, at: int) -> int:
    """The end of the array or object starting at `at`, however deep; ValueError if none."""
    closers: List[str] = []
    while True:
        # A value is expected at `at`.
        c = text[at : at + 1]
        if c == "[" or c == "{":
            closers.append("]" if c == "[" else "}")
            at = _ws(text, at + 1)
            if text[at : at + 1] == closers[-1]:
                closers.pop()
                at += 1
            else:
                if c == "{":
                    at = _member_name(text, at)
                continue
        else:
            _, at = _scalar(text, at)
        # After a value: the end, a comma and the next value, or closing brackets.
        while True:
            if not closers:
                return at
            at = _ws(text, at)
            c = text[at : at + 1]
            if c == ",":
                at = _ws(text, at + 1)
                if closers[-1] == "}":
                    at = _member_name(text, at)
                break
            if c != closers[-1]:
                raise ValueError(at)
            closers.pop()
            at += 1


def _member_name(text: str, at: int) -> int:
    """After `"name":` and blanks, from `at`."""
    m = _STRING_TOKEN.match(text, at)
    if m is None:
        raise ValueError(at)
    at = _ws(text, m.end())
    if text[at : at + 1] != ":":
        raise ValueError(at)
    return _ws(text, at + 1)


def _exact_pairs(text: str) -> Optional[List[Tuple[str, Any]]]:
    try:
        return _exact_pairs_or_raise(text)
    except (ValueError, RecursionError):
        return None


def _exact_pairs_or_raise(text: str) -> List[Tuple[str, Any]]:
    pairs: List[Tuple[str, Any]] = []
    at = _ws(text, 0)
    if text[at : at + 1] != "{":
        raise ValueError(at)
    at = _ws(text, at + 1)
    if text[at : at + 1] == "}":
        at += 1
    else:
        while True:
            m = _STRING_TOKEN.match(text, at)
            if m is None:
                raise ValueError(at)
            name = _json.loads(m.group())
            at = _ws(text, m.end())
            if text[at : at + 1] != ":":
                raise ValueError(at)
            at = _ws(text, at + 1)
            c = text[at : at + 1]
            value: Any
            if c == "[" or c == "{":
                at = _skip_nested(text, at)
                value = _NESTED
            else:
                value, at = _scalar(text, at)
                if type(value) is str:
                    value = _json.loads(value)
            pairs.append((name, value))
            at = _ws(text, at)
            c = text[at : at + 1]
            if c == ",":
                at = _ws(text, at + 1)
                continue
            if c != "}":
                raise ValueError(at)
            at += 1
            break
    if _ws(text, at) != len(text):
        raise ValueError(at)
    return pairs


# ---------------------------------------------------------------------------------------
# Headers: `Retry-After` (RFC 9110 section 10.2.3) and the rate-limit reset
# ---------------------------------------------------------------------------------------

_DIGITS = _re.compile(r"[0-9]+")


def _header_items(headers: Any) -> Iterable[Tuple[Any, Any]]:
    """Every (name, value) of `headers`: a mapping, an httpx `Headers`, an
    `email.message.Message` (urllib), or pairs; a value may be a list of values."""
    multi = getattr(headers, "multi_items", None)
    if multi is not None:
        return multi()  # type: ignore[no-any-return]
    items = getattr(headers, "items", None)
    if items is not None:
        return items()  # type: ignore[no-any-return]
    return headers  # type: ignore[no-any-return]


def _header_values(headers: Any, wanted: str) -> List[str]:
    """The values of header `wanted` (lower case), in order; names match in any case."""
    found: List[str] = []
    if not headers:
        return found
    size = len(wanted)
    for name, value in _header_items(headers):
        if not isinstance(name, (str, bytes, bytearray)) or len(name) != size:
            continue
        if isinstance(name, (bytes, bytearray)):
            name = bytes(name).decode("latin-1")
        if str(name).lower() != wanted:
            continue
        if isinstance(value, (list, tuple)):
            found.extend(_header_text(v) for v in value)
        else:
            found.append(_header_text(value))
    return found


def _header_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return str(value)


def _now_nanos(now: Optional[float]) -> int:
    if now is None:
        return _time.time_ns()
    return round(now * _NANOS)


def _retry_after_nanos(value: str, now: Callable[[], int]) -> Optional[int]:
    """A `Retry-After` value's delay in nanoseconds (delay-seconds saturate at 2^64 - 1
    seconds; a past HTTP-date is 0), or None when it is neither form."""
    text = value.strip(" \t")
    if not text:
        return None
    if _DIGITS.fullmatch(text) is not None:
        digits = text.lstrip("0")
        seconds = _U64_MAX if len(digits) > 20 else min(int(digits or "0"), _U64_MAX)
        return seconds * _NANOS
    at = _http_date(text)
    if at is None:
        return None
    return max(0, at * _NANOS - now())


def _ceil_seconds(nanos: int) -> int:
    return min(-(-nanos // _NANOS), _U64_MAX)


_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_LONG_WEEKDAYS = (
    "Monday, ",
    "Tuesday, ",
    "Wednesday, ",
    "Thursday, ",
    "Friday, ",
    "Saturday, ",
    "Sunday, ",
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_EPOCH = _datetime.datetime(1970, 1, 1)


def _two(text: str) -> int:
    if len(text) == 2 and "0" <= text[0] <= "9" and "0" <= text[1] <= "9":
        return int(text)
    raise ValueError(text)


def _four(text: str) -> int:
    if len(text) == 4 and all("0" <= c <= "9" for c in text):
        return int(text)
    raise ValueError(text)


def _http_date(text: str) -> Optional[int]:
    """An HTTP-date in any of its three forms, as unix seconds (httpdate 1.0's reading)."""
    if not text.isascii():
        return None
    s = text.strip("\t\n\x0b\x0c\r ")
    try:
        if (
            len(s) == 29
            and s[25:] == " GMT"
            and s[16] == " "
            and s[19] == ":"
            and s[22] == ":"
            and s[3:5] == ", "
            and s[7] == " "
            and s[11] == " "
        ):
            wday = _WEEKDAYS.index(s[:3])
            fields = (_four(s[12:16]), _MONTHS.index(s[8:11]) + 1, _two(s[5:7]))
            clock = (_two(s[17:19]), _two(s[20:22]), _two(s[23:25]))
        elif len(s) >= 23 and any(s.startswith(w) for w in _LONG_WEEKDAYS):
            wday = next(i for i, w in enumerate(_LONG_WEEKDAYS) if s.startswith(w))
            s = s[len(_LONG_WEEKDAYS[wday]) :]
            if not (len(s) == 22 and s[12] == ":" and s[15] == ":" and s[18:] == " GMT"):
                return None
            if not (s[2] == "-" and s[6] == "-"):
                return None
            year = _two(s[7:9])
            year += 2000 if year < 70 else 1900
            fields = (year, _MONTHS.index(s[3:6]) + 1, _two(s[0:2]))
            clock = (_two(s[10:12]), _two(s[13:15]), _two(s[16:18]))
        elif (
            len(s) == 24
            and s[10] == " "
            and s[13] == ":"
            and s[16] == ":"
            and s[19] == " "
            and s[3] == " "
            and s[7] == " "
        ):
            wday = _WEEKDAYS.index(s[:3])
            day = s[8:10]
            if day[0] == " " and "0" <= day[1] <= "9":
                mday = int(day[1])
            else:
                mday = _two(day)
            fields = (_four(s[20:24]), _MONTHS.index(s[4:7]) + 1, mday)
            clock = (_two(s[11:13]), _two(s[14:16]), _two(s[17:19]))
        else:
            return None
        hour, minute, second = clock
        if not (1970 <= fields[0] <= 9999 and hour < 24 and minute < 60 and second < 60):
            return None
        date = _datetime.datetime(fields[0], fields[1], fields[2], hour, minute, second)
    except ValueError:
        return None
    if date.weekday() != wday:
        return None
    return (date - _EPOCH).days * 86400 + hour * 3600 + minute * 60 + second


def _header_delay(headers: Any, now: Optional[float]) -> Optional[int]:
    """The largest valid `Retry-After` among the values, in whole seconds rounded up."""
    if type(headers) is dict:
        # The usual case, settled without building anything: no name of that length.
        for name in headers:
            if type(name) is not str or len(name) == 11:
                break
        else:
            return None
    values = _header_values(headers, "retry-after")
    if not values:
        return None
    clock: List[int] = []

    def read_now() -> int:
        # Read once, and only for an HTTP-date.
        if not clock:
            clock.append(_now_nanos(now))
        return clock[0]

    best: Optional[int] = None
    for value in values:
        nanos = _retry_after_nanos(value, read_now)
        if nanos is not None and (best is None or nanos > best):
            best = nanos
    return None if best is None else _ceil_seconds(best)


# The rate-limit reset (the Rust crate's `RateLimit::from_headers`, the reset only): the
# IETF `RateLimit` field's `t` for the item with the least remaining, else
# `X-RateLimit-Reset` (unix seconds, sent once).
_SF_MAX_FIELD_BYTES = 4096
_VISIBLE = _re.compile(r"[\t\x20-\x7e]*")
_TOKEN_CHARS = _re.compile(r"[A-Za-z0-9!#$%&'*+\-.^_`|~:/]*")
_KEY_CHARS = _re.compile(r"[a-z0-9_\-.*]*")


class _SfParser:
    """The part of RFC 8941 the rate-limit fields need (the Rust crate's parser)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0

    def peek(self) -> str:
        return self.text[self.at : self.at + 1]

    def skip(self, chars: str) -> None:
        while self.peek() != "" and self.peek() in chars:
            self.at += 1

    def bare_item(self) -> Optional[Tuple[Optional[int], str]]:
        c = self.peek()
        if c == '"':
            self.at += 1
            out: List[str] = []
            while True:
                c = self.peek()
                self.at += 1
                if c == '"':
                    return None, "".join(out)
                if c == "\\":
                    e = self.peek()
                    self.at += 1
                    if e not in ('"', "\\"):
                        return None
                    out.append(e)
                elif c != "" and " " <= c <= "~":
                    out.append(c)
                else:
                    return None
        if c == "-" or "0" <= c <= "9":
            negative = c == "-"
            if negative:
                self.at += 1
            m = _DIGITS.match(self.text, self.at)
            if m is None:
                return None
            digits = m.group()
            self.at = m.end()
            if self.peek() == ".":
                self.at += 1
                f = _DIGITS.match(self.text, self.at)
                if f is None or len(f.group()) > 3 or len(digits) > 12:
                    return None
                self.at = f.end()
                return None, digits
            if len(digits) > 15:
                return None
            value = int(digits)
            return (-value if negative else value), digits
        if c == "?":
            self.at += 1
            b = self.peek()
            self.at += 1
            if b in ("0", "1"):
                return None, ""
            return None
        if c == "*" or (c.isascii() and c.isalpha()):
            m = _TOKEN_CHARS.match(self.text, self.at)
            assert m is not None
            self.at = m.end()
            return None, m.group()
        return None

    def parameters(self) -> Optional[List[Tuple[str, Optional[int]]]]:
        params: List[Tuple[str, Optional[int]]] = []
        while self.peek() == ";":
            self.at += 1
            self.skip(" ")
            c = self.peek()
            if not (c != "" and ("a" <= c <= "z" or c == "*")):
                return None
            m = _KEY_CHARS.match(self.text, self.at)
            assert m is not None
            key = m.group()
            self.at = m.end()
            value: Optional[int] = None
            if self.peek() == "=":
                self.at += 1
                item = self.bare_item()
                if item is None:
                    return None
                value = item[0]
            if len(params) < 32:
                params.append((key, value))
        return params


def _sf_list(text: str) -> Optional[List[Tuple[str, List[Tuple[str, Optional[int]]]]]]:
    parser = _SfParser(text)
    members = []
    parser.skip(" ")
    while parser.at < len(text):
        item = parser.bare_item()
        if item is None:
            return None
        params = parser.parameters()
        if params is None:
            return None
        members.append((item[1], params))
        parser.skip(" \t")
        c = parser.peek()
        parser.at += 1
        if c == "":
            break
        if c != ",":
            return None
        parser.skip(" \t")
        if parser.at >= len(text):
            return None
    return members


def _sf_param(params: List[Tuple[str, Optional[int]]], key: str) -> Optional[int]:
    for name, value in reversed(params):
        if name == key:
            return value if value is not None and value >= 0 else None
    return None


def _rate_limit_reset_nanos(headers: Any, now: Callable[[], int]) -> Optional[int]:
    values = _header_values(headers, "ratelimit")
    if values:
        joined = ""
        usable = True
        for value in values:
            if _VISIBLE.fullmatch(value) is None:
                usable = False
                break
            joined = joined + "," + value if joined else value
            if len(joined) > _SF_MAX_FIELD_BYTES:
                usable = False
                break
        members = _sf_list(joined) if usable and joined else None
        chosen: Optional[Tuple[Optional[int], Optional[int]]] = None
        for _, params in members or ():
            r = _sf_param(params, "r")
            t = _sf_param(params, "t")
            if chosen is None or (r is not None and (chosen[0] is None or r < chosen[0])):
                chosen = (r, t)
        if chosen is not None and chosen[1] is not None:
            return chosen[1] * _NANOS
    resets = _header_values(headers, "x-ratelimit-reset")
    if len(resets) != 1 or _VISIBLE.fullmatch(resets[0]) is None:
        return None
    text = resets[0].strip(" \t")
    if _DIGITS.fullmatch(text) is None or len(text.lstrip("0")) > 20:
        return None
    at = int(text)
    if at > _U64_MAX or at > (1 << 63) - 1:
        return None
    return max(0, at * _NANOS - now())


# ---------------------------------------------------------------------------------------
# decode
# ---------------------------------------------------------------------------------------


def _status_number(status: Any) -> int:
    try:
        code = int(status.__index__()) if hasattr(status, "__index__") else int(str(status))
    except Exception:
        return 0
    return code if 0 <= code <= 999 else 0


def _body_bytes(body: Any) -> bytes:
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8", "surrogatepass")
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    return b""


def decode(status: Any, headers: Any, body: Any, *, now: Optional[float] = None) -> SunorError:
    """The error that a response carries, read as the Rust crate reads it. Never raises.

    - `status`: the HTTP status (an `int`, an `http.HTTPStatus`, ...).
    - `headers`: any mapping of names to values (names in any case; a value may be a list
      of values), an httpx `Headers`, an `email.message.Message` (urllib), pairs, or None.
    - `body`: bytes or text (text is read as its UTF-8 bytes); anything else as empty.
    - `now`: the time (unix seconds) an HTTP-date `Retry-After` counts from; the clock by
      default, read only for such a date.

    A JSON error body (`{"code": .., "message": .., "retry_after_seconds": ..}`, strictly
    as the server writes it, unknown members ignored) gives its message; the status line
    wins over its `code`. Problem details (RFC 9457) give their `detail`, else `title`,
    when the response says it is JSON (one `Content-Type`, `application/problem+json` or
    another JSON media type); the same object served as `text/html` does not.
    Anything else (HTML from a proxy, empty, truncated, longer than MAX_BODY_BYTES) gives
    the status's default message. The delay is the larger of the body's and the
    `Retry-After` header's. The first case of the catalogue whose code and pattern match
    gives `case` and `fields`, and the case's class.

    A status that is not 4xx/5xx is no error: the result is a plain `SunorError` whose
    `code` is that status (0 when it is not a number in 0..=999), whose message says so,
    with no delay and no case.
    """
    try:
        code = status if type(status) is int else _status_number(status)
        data = body if type(body) is bytes else _body_bytes(body)
        if not 400 <= code <= 599:
            if not 0 <= code <= 999:
                code = 0
            message = "HTTP status %d is not an error status" % code
            return _build(SunorError, (), code, message, None, None, {}, data, headers)
        read = None
        if data and len(data) <= MAX_BODY_BYTES and data[0] in _MAY_START:
            read = _read_object(data, headers)
        if read is None:
            message = default_message(code)
            retry = None
        else:
            message, retry = read
        if headers:
            delay = _header_delay(headers, now)
            if delay is not None and (retry is None or delay > retry):
                retry = delay
        cases = _CASES_BY_CODE.get(code)
        if cases is not None:
            for case in cases:
                made = case.make(code, message, retry, data, headers)
                if made is not None:
                    return made
        return _build(_STATUS_CLASSES.get(code, SunorError), (), code, message, retry, None, {}, data, headers)
    except Exception:
        return _fallback(status, headers, body)


def _fallback(status: Any, headers: Any, body: Any) -> SunorError:
    # Only reached if reading raised (it does not, as far as the tests know): the status's
    # default body.
    try:
        code = _status_number(status)
    except Exception:
        code = 0
    try:
        data = _body_bytes(body)
    except Exception:
        data = b""
    if 400 <= code <= 599:
        return _status_class(code)(code, default_message(code), None, None, {}, data, headers)
    return SunorError(code, "HTTP status %d is not an error status" % code, None, None, {}, data, headers)


_NEW = BaseException.__new__


def _build(
    cls: Any,
    attributes: Tuple[Tuple[str, str], ...],
    code: int,
    message: str,
    retry: Optional[int],
    case: Optional[str],
    fields: Dict[str, Any],
    data: bytes,
    headers: Any,
) -> SunorError:
    """`cls(code, message, ...)` as its `__init__` would make it, without the calls."""
    error: SunorError = _NEW(cls, code, message, retry, case, fields, data, headers)
    members = error.__dict__
    members["code"] = code
    members["message"] = message
    members["retry_after"] = retry
    members["case"] = case
    members["fields"] = fields
    members["body"] = data
    members["headers"] = headers
    for attribute, name in attributes:
        members[attribute] = fields[name]
    return error


class _Field(NamedTuple):
    name: str
    kind: str  # "uint", "int", "string", "bool", "char", "other"
    low: int  # integer bounds
    high: int
    digits: int  # the most characters an integer in bounds is written with
    groups: Tuple[int, ...]
    source: str  # "message", "retry_after", "default"
    optional: bool


def _field(
    name: str,
    kind: str,
    bits: int,
    groups: Tuple[int, ...],
    source: str,
    optional: bool,
) -> _Field:
    if kind == "int":
        low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    elif kind == "uint":
        low, high = 0, (1 << bits) - 1
    else:
        low = high = 0
    digits = max(len(str(low)), len(str(high)))
    return _Field(name, kind, low, high, digits, groups, source, optional)


_MISMATCH: Any = object()


def _convert(field: _Field, text: str) -> Any:
    kind = field.kind
    if kind == "uint" or kind == "int":
        if len(text) > field.digits:
            return _MISMATCH
        try:
            value = int(text)
        except ValueError:
            return _MISMATCH
        return value if field.low <= value <= field.high else _MISMATCH
    if kind == "bool":
        if text == "true":
            return True
        if text == "false":
            return False
        return _MISMATCH
    if kind == "char":
        return text if len(text) == 1 else _MISMATCH
    return text


class _Case:
    """One decodable case of the catalogue, as decoding tries it."""

    __slots__ = ("id", "code", "pattern", "cls", "fields", "fixed", "quick", "attributes")

    def __init__(
        self,
        id: str,
        code: int,
        pattern: str,
        cls: Callable[..., SunorError],
        fields: Tuple[_Field, ...],
        attributes: Tuple[str, ...] = (),
    ) -> None:
        self.id = id
        self.code = code
        try:
            compiled: Optional["_re.Pattern[str]"] = _re.compile(pattern, _re.S)
        except _re.error:
            compiled = None  # never matches: the generator's test imports every module
        self.pattern = compiled
        self.cls = cls
        self.fields = fields
        # The typed attributes of the case's class, and the fields they hold.
        self.attributes = tuple(zip(attributes, (field.name for field in fields)))
        # A fixed message with no field: one comparison, no regex.
        fixed = pattern[1:-1] if pattern.startswith("^") and pattern.endswith("$") else None
        literal = r"(?:[^\\()\[\]{}.*+?^$|]|\\[^\w\s])*"
        self.fixed = (
            _re.sub(r"\\(.)", r"\1", fixed)
            if fixed is not None and not fields and _re.fullmatch(literal, fixed)
            else None
        )
        # Every field an integer or a string read from one group: the loop of `make`.
        quick = []
        for field in fields:
            if field.source != "message" or len(field.groups) != 1:
                break
            if field.kind not in ("uint", "int", "string"):
                break
            text = field.kind == "string"
            quick.append((field.name, field.groups[0], text, field.low, field.high, field.digits))
        self.quick: Optional[Tuple[Tuple[str, int, bool, int, int, int], ...]] = (
            tuple(quick) if len(quick) == len(fields) else None
        )

    def make(
        self, code: int, message: str, retry: Optional[int], data: bytes, headers: Any
    ) -> Optional[SunorError]:
        """The case's error for this message and delay, or None when it does not match."""
        fields: Optional[Dict[str, Any]]
        if self.fixed is not None:
            if message != self.fixed:
                return None
            fields = {}
        else:
            pattern = self.pattern
            if pattern is None:
                return None
            m = pattern.fullmatch(message)
            if m is None:
                return None
            quick = self.quick
            if quick is not None:
                fields = {}
                for name, group, text, low, high, digits in quick:
                    read = m.group(group)
                    if text:
                        fields[name] = read
                        continue
                    if len(read) > digits:
                        return None
                    try:
                        value = int(read)
                    except ValueError:
                        return None
                    if not low <= value <= high:
                        return None
                    fields[name] = value
            else:
                fields = self.match_fields(m, retry)
                if fields is None:
                    return None
        return _build(self.cls, self.attributes, code, message, retry, self.id, fields, data, headers)

    def match_fields(self, m: "_re.Match[str]", retry: Optional[int]) -> Optional[Dict[str, Any]]:
        fields: Dict[str, Any] = {}
        for field in self.fields:
            source = field.source
            if source == "retry_after":
                if retry is None:
                    if not field.optional:
                        return None
                    fields[field.name] = None
                elif field.kind == "uint" and retry > field.high:
                    return None
                else:
                    fields[field.name] = retry
                continue
            if source == "default" or not field.groups:
                fields[field.name] = None
                continue
            value = _MISMATCH
            for group in field.groups:
                read = _convert(field, m.group(group))
                if read is _MISMATCH or (value is not _MISMATCH and read != value):
                    return None
                value = read
            fields[field.name] = value
        return fields


_CASES_BY_CODE: Dict[int, List[_Case]] = {}


def _register(cases: Iterable[_Case]) -> None:
    for case in cases:
        _CASES_BY_CODE.setdefault(case.code, []).append(case)


# ---------------------------------------------------------------------------------------
# Retries: the Rust crate's `Retrier::new(RetryPolicy::default())`, step by step
# ---------------------------------------------------------------------------------------


class _PolicyNumbers(NamedTuple):
    # The catalogue's `policy`, each member under its name there (`backoff.factor` as
    # `backoff_factor`).
    retryable_codes: FrozenSet[int]
    max_retries: int
    backoff_base_seconds: float
    backoff_factor: float
    backoff_max_seconds: float
    backoff_jitter: str
    backoff_jitter_low: float
    backoff_jitter_high: float
    min_delay_seconds: float
    min_delay_jitter_high: float
    rate_limited_fallback_seconds: float
    max_retry_after_seconds: float
    budget_max_tokens: float
    budget_token_ratio: float
    budget_retry_cost: float
    budget_threshold: float


def _nanos(seconds: float) -> int:
    return max(0, round(seconds * _NANOS))


class RetryBudget:
    """A client-wide retry budget: a token bucket every request of a client shares (the
    Rust crate's `RetryBudget`), in thousandths of a token.

    Every retryable failure (a 408 or 5xx answer, a transport failure) spends
    `retry_cost`; every success, and every answer that is not retryable (the server is up),
    earns `token_ratio` back, up to `max_tokens`; a 429 neither spends nor earns. Retries
    are on only while more than `threshold` of the bucket is left. A retry that comes due
    while the client's last two outcomes were failures, one newer than the failure being
    retried, waits for its next turn instead (counted as a retry, nothing sent).
    """

    def __init__(
        self,
        max_tokens: Optional[float] = None,
        token_ratio: Optional[float] = None,
        *,
        retry_cost: Optional[float] = None,
        threshold: Optional[float] = None,
    ) -> None:
        numbers = _POLICY_NUMBERS
        tokens = numbers.budget_max_tokens if max_tokens is None else max_tokens
        ratio = numbers.budget_token_ratio if token_ratio is None else token_ratio
        cost = numbers.budget_retry_cost if retry_cost is None else retry_cost
        self._capacity = int(min(max(tokens, 0), 4_000_000)) * 1000
        self._reward = int(min(max(round(ratio * 1000), 1), max(self._capacity, 1)))
        self._cost = max(0, round(cost * 1000))
        self._threshold = numbers.budget_threshold if threshold is None else threshold
        self._tokens = self._capacity
        # (failures so far << 2) | (previous outcome failed << 1) | (last outcome failed)
        self._outcomes = 0
        self._lock = _threading.Lock()

    @property
    def tokens(self) -> float:
        """The tokens left."""
        return self._tokens / 1000

    def allows_retry(self) -> bool:
        """Whether retries are on: more than `threshold` of the bucket is left."""
        return self._above(self._tokens)

    def _above(self, milli_tokens: int) -> bool:
        return milli_tokens > self._threshold * self._capacity

    def _fail(self) -> Tuple[bool, int]:
        with self._lock:
            self._tokens = max(0, self._tokens - self._cost)
            before = self._outcomes
            self._outcomes = _next_outcome(before, True)
            return self._above(self._tokens), (before >> 2) + 1

    def deposit(self) -> None:
        """Records a success."""
        with self._lock:
            if self._tokens < self._capacity:
                self._tokens = min(self._tokens + self._reward, self._capacity)
            if self._outcomes & 0b11:
                self._outcomes = _next_outcome(self._outcomes, False)

    def _failed_since(self, mark: int) -> bool:
        state = self._outcomes
        return state & 0b11 == 0b11 and state >> 2 > mark


def _next_outcome(state: int, failed: bool) -> int:
    count = min((state >> 2) + int(failed), _U64_MAX >> 2)
    return (count << 2) | ((state & 1) << 1) | int(failed)


_KEEP: Any = object()


class Policy:
    """The retry policy: by default the catalogue's numbers (the Rust crate's
    `RetryPolicy::default()`), with its own `RetryBudget`. Times are seconds.

    Keep one policy per client (its budget is the client's); `with_retries` without a
    policy uses `DEFAULT_POLICY`, one for the whole process. `budget=None` opts out of the
    budget.
    """

    def __init__(
        self,
        *,
        max_retries: Optional[int] = None,
        base_delay: Optional[float] = None,
        factor: Optional[int] = None,
        max_delay: Optional[float] = None,
        jitter: Optional[str] = None,
        min_delay: Optional[float] = None,
        fallback_retry_after: Optional[float] = None,
        max_retry_after: Optional[float] = None,
        budget: Any = _KEEP,
    ) -> None:
        n = _POLICY_NUMBERS
        self.retryable_codes = n.retryable_codes
        self.max_retries = n.max_retries if max_retries is None else max_retries
        self._base = _nanos(n.backoff_base_seconds if base_delay is None else base_delay)
        self.factor = max(1, int(n.backoff_factor if factor is None else factor))
        self._max_delay = _nanos(n.backoff_max_seconds if max_delay is None else max_delay)
        self.jitter = n.backoff_jitter if jitter is None else jitter
        self._jitter_low = n.backoff_jitter_low
        self._jitter_high = n.backoff_jitter_high
        self._min_delay = _nanos(n.min_delay_seconds if min_delay is None else min_delay)
        self._min_delay_high = n.min_delay_jitter_high
        self._fallback = _nanos(
            n.rate_limited_fallback_seconds if fallback_retry_after is None else fallback_retry_after
        )
        self._max_retry_after = _nanos(
            n.max_retry_after_seconds if max_retry_after is None else max_retry_after
        )
        self.budget: Optional[RetryBudget] = RetryBudget() if budget is _KEEP else budget

    @property
    def longest_wait(self) -> float:
        """The longest single wait, in seconds: no wait is longer, whatever a server sends."""
        return self._longest() / _NANOS

    def _longest(self) -> int:
        return max(self._max_retry_after, self._fallback, self._max_delay, self._min_delay * 2)

    def _exponential(self, retries_so_far: int) -> int:
        delay = min(self._base, self._max_delay)
        if delay == 0 or self.factor == 1:
            return delay
        for _ in range(retries_so_far):
            if delay >= self._max_delay:
                break
            delay = min(delay * self.factor, self._max_delay)
        return delay

    def _plan(
        self,
        retries_so_far: int,
        retryable: bool,
        rate_limited: bool,
        server_delay: Optional[int],
        draw: Callable[[int, int], int],
    ) -> Tuple[Optional[int], Optional[str]]:
        """(wait in nanoseconds, None) or (None, why not)."""
        if not retryable:
            return None, "not_retryable"
        if retries_so_far >= self.max_retries:
            return None, "retries_exhausted"
        if server_delay is not None and server_delay > self._max_retry_after:
            return None, "server_delay_too_long"
        if rate_limited:
            wait = self._fallback if server_delay is None else server_delay
        else:
            d = self._exponential(retries_so_far)
            jitter = self.jitter
            if jitter == "none":
                jittered = d
            elif jitter == "decorrelated":
                jittered = draw(min(self._base, d), d * 3)
            else:
                jittered = draw(int(d * self._jitter_low), int(d * self._jitter_high))
            wait = max(min(jittered, self._max_delay), server_delay or 0)
        if wait >= self._min_delay:
            return wait, None
        if self.jitter == "none":
            return self._min_delay, None
        return draw(self._min_delay, int(self._min_delay * self._min_delay_high)), None


class TransportError(Exception):
    """A request that got no response (connection refused, timeout, reset): `send` may
    raise it, and `with_retries` retries it as it retries a 5xx. `may_have_been_sent`:
    whether the server may have acted on the request."""

    def __init__(self, message: str = "transport error", *, may_have_been_sent: bool = True) -> None:
        super().__init__(message)
        self.may_have_been_sent = may_have_been_sent


class AttemptReport(NamedTuple):
    """What one step of `with_retries` did, as its `on_attempt` hook is told.

    `outcome`: "succeeded", "retry" (after `wait` seconds), "held" (a retry spent without
    sending, see `RetryBudget`) or "gave_up" (`reason`: "not_retryable",
    "retries_exhausted", "server_delay_too_long", "deadline" or "budget")."""

    attempt: int
    error: Optional[BaseException]
    outcome: str
    wait: Optional[float]
    reason: Optional[str]


# The transport failures of the libraries `send` may use, by class name (never imported).
_NOT_SENT_NAMES = frozenset(
    ("ConnectTimeout", "ConnectError", "PoolTimeout", "NewConnectionError", "NameResolutionError")
)
_OTHER_NAMES = frozenset(
    (
        "UnsupportedProtocol",
        "LocalProtocolError",
        "TooManyRedirects",
        "InvalidURL",
        "MissingSchema",
        "InvalidSchema",
        "InvalidHeader",
        "URLRequired",
        "InvalidJSONError",
    )
)


def _transport(error: BaseException) -> Optional[bool]:
    """Whether `error` is a transport failure: None if not (it is raised at once), else
    whether the request may have been sent."""
    if isinstance(error, TransportError):
        return error.may_have_been_sent
    names = set()
    library = False
    for cls in type(error).__mro__:
        module = cls.__module__.split(".")[0]
        if module in ("httpx", "requests", "urllib3"):
            library = True
            names.add(cls.__name__)
    if library:
        if names & _OTHER_NAMES:
            return None
        if names & _NOT_SENT_NAMES:
            return False
        if "ConnectionError" in names and "requests" in type(error).__module__:
            # requests wraps a refused connection and a reset alike: look inside.
            text = repr(error.args)
            return not ("NewConnectionError" in text or "NameResolutionError" in text)
        if names & {"TransportError", "RequestException", "HTTPError", "ProtocolError"}:
            return True
        return None
    # The standard library (urllib, http.client, socket).
    if type(error).__name__ == "URLError" and hasattr(error, "reason"):
        reason = error.reason
        if isinstance(reason, BaseException):
            sent = _transport(reason)
            return True if sent is None else sent
        return True
    if isinstance(error, ConnectionRefusedError):
        return False
    if isinstance(error, (ConnectionError, TimeoutError)):
        return True
    if type(error).__name__ == "gaierror":
        return False
    if any(cls.__module__ == "http.client" for cls in type(error).__mro__):
        return True
    return None


def _read_answer(answer: Any) -> Tuple[int, Any, Any]:
    """(status, headers, answer object) of what `send` returned: a `requests` or `httpx`
    response (`status_code`), a `urllib` response or `HTTPError` (`status` / `code`)."""
    status = getattr(answer, "status_code", None)
    if status is None:
        status = getattr(answer, "status", None)
        if status is None:
            status = getattr(answer, "code", None)
    return _status_number(status), getattr(answer, "headers", None), answer


def _read_body(answer: Any) -> bytes:
    """The body of an error answer, at most MAX_BODY_BYTES of it (empty when longer or when
    reading fails, as the Rust crate's reqwest helpers read it)."""
    try:
        if hasattr(answer, "status_code"):
            content = getattr(answer, "content", None)
            if content is None and hasattr(answer, "read"):
                content = answer.read()
            return _body_bytes(content)
        read = getattr(answer, "read", None)
        if read is None:
            return b""
        data = _body_bytes(read(MAX_BODY_BYTES + 1))
        return b"" if len(data) > MAX_BODY_BYTES else data
    except Exception:
        try:
            # httpx: a streamed response that was not read yet.
            return _body_bytes(answer.read())
        except Exception:
            return b""


_R = TypeVar("_R")


class _Run:
    """One run of `with_retries`: the Rust crate's `RetryState` under its blocking driver."""

    def __init__(
        self,
        policy: Policy,
        clock: Callable[[], float],
        jitter: Callable[[], float],
        deadline: Optional[float],
        on_attempt: Optional[Callable[[AttemptReport], None]],
    ) -> None:
        self.policy = policy
        self.clock = clock
        self.jitter = jitter
        self.on_attempt = on_attempt
        self.attempt = 1
        self.mark: Optional[int] = None
        self.deadline: Optional[int] = None
        if deadline is not None:
            self.deadline = self.now() + _nanos(deadline)

    def now(self) -> int:
        return round(self.clock() * _NANOS)

    def draw(self, low: int, high: int) -> int:
        """A wait uniform in [low, high] nanoseconds from one draw u in [0, 1): the 64
        random bits floor(u * 2^64), mapped as the Rust crate maps them."""
        if high < low:
            return low
        scaled = self.jitter() * 18446744073709551616.0
        bits = _U64_MAX if scaled >= 18446744073709551616.0 else int(scaled) if scaled > 0 else 0
        span = min(high - low, _U64_MAX)
        return low + ((bits * (span + 1)) >> 64)

    def report(self, error: Optional[BaseException], outcome: str, wait: Optional[int], reason: Optional[str]) -> None:
        if self.on_attempt is not None:
            seconds = None if wait is None else wait / _NANOS
            self.on_attempt(AttemptReport(self.attempt, error, outcome, seconds, reason))

    def crosses_deadline(self, now: int, wait: int) -> bool:
        return self.deadline is not None and now + wait >= self.deadline

    def plan(self, failure: "_Failure", reset: Optional[int], now: int) -> Tuple[Optional[int], Optional[str]]:
        policy = self.policy
        error = failure.error
        server_delay: Optional[int]
        if isinstance(error, SunorError):
            rate_limited = error.code == 429
            server_delay = None if error.retry_after is None else error.retry_after * _NANOS
            if rate_limited and server_delay is None:
                server_delay = reset
        else:
            rate_limited = False
            server_delay = None
        wait, reason = policy._plan(
            self.attempt - 1, failure.retryable, rate_limited, server_delay, self.draw
        )
        if wait is None:
            return None, reason
        wait = min(wait, policy._longest())
        if self.crosses_deadline(now, wait):
            return None, "deadline"
        return wait, None

    def ready(self, last: Optional["_Failure"]) -> Tuple[str, int]:
        """("go", 0), ("held", wait) or ("stop", 0)."""
        now = self.now()
        if last is not None:
            if self.deadline is not None and now >= self.deadline:
                self.report(last.error, "gave_up", None, "deadline")
                return "stop", 0
            budget = self.policy.budget
            if budget is not None and self.mark is not None and budget._failed_since(self.mark):
                wait, reason = self.plan(last, None, now)
                if wait is None:
                    self.report(last.error, "gave_up", None, reason)
                    return "stop", 0
                self.attempt += 1
                self.report(last.error, "held", wait, None)
                return "held", wait
        return "go", 0

    def succeeded(self) -> None:
        budget = self.policy.budget
        if budget is not None:
            budget.deposit()
        self.report(None, "succeeded", None, None)

    def failed(self, failure: "_Failure", reset: Callable[[], Optional[int]]) -> Optional[int]:
        """The wait before the next attempt (nanoseconds), or None: give up."""
        wait, reason = self.decide(failure, reset)
        if wait is None:
            self.report(failure.error, "gave_up", None, reason)
            return None
        self.report(failure.error, "retry", wait, None)
        self.attempt += 1
        return wait

    def decide(self, failure: "_Failure", reset: Callable[[], Optional[int]]) -> Tuple[Optional[int], Optional[str]]:
        budget = self.policy.budget
        error = failure.error
        if not failure.retryable:
            if budget is not None and isinstance(error, SunorError):
                budget.deposit()
            return None, "not_retryable"
        rate_limited = isinstance(error, SunorError) and error.code == 429
        allowed = True
        if budget is not None:
            if rate_limited:
                self.mark = None
                allowed = budget.allows_retry()
            else:
                allowed, self.mark = budget._fail()
        server_reset = None
        if rate_limited and isinstance(error, SunorError) and error.retry_after is None:
            server_reset = reset()
        wait, reason = self.plan(failure, server_reset, self.now())
        if wait is None:
            return None, reason
        if not allowed:
            return None, "budget"
        return wait, None


class _Failure(NamedTuple):
    error: BaseException
    retryable: bool


def with_retries(
    send: Callable[[], _R],
    *,
    policy: Optional[Policy] = None,
    sleep: Callable[[float], Any] = _time.sleep,
    clock: Callable[[], float] = _time.monotonic,
    jitter: Callable[[], float] = _random.random,
    deadline: Optional[float] = None,
    on_attempt: Optional[Callable[[AttemptReport], None]] = None,
    wall_clock: Callable[[], float] = _time.time,
) -> _R:
    """Calls `send` until it gets an answer that is not an error (any status but 4xx/5xx)
    or the policy gives up; returns that answer, or raises the last error decoded (a
    `SunorError`), or the last transport failure as `send` raised it.

    `send` returns a `requests` or `httpx` response, a `urllib` response (an `HTTPError`
    that `urlopen` raises is read as the answer it is), or anything with `status_code`,
    `headers` and `content`. Transport failures of those libraries (and `TransportError`)
    are retried as a 5xx is; any other exception from `send` is raised at once.

    The default policy is the Rust crate's `Retrier::new(RetryPolicy::default())`: 408,
    429 and retryable 5xx are retried at most `max_retries` times; a 5xx or a transport
    failure waits base x factor^n (capped), lengthened by jitter, at least the server's
    delay; a 429 waits the server's delay (or the rate-limit reset its headers give, or
    the fallback); a server delay above the cap gives up; the budget holds retries back
    while the server fails everyone. `deadline` (seconds from now): a wait that would
    cross it, or a server delay longer than what is left, gives up at once.

    `sleep(seconds)`, `clock()` (monotonic seconds), `jitter()` (uniform in [0, 1)) and
    `wall_clock()` (unix seconds, for a rate-limit reset) are injectable for tests;
    `on_attempt` is told every step (an `AttemptReport`).
    """
    run = _Run(policy if policy is not None else DEFAULT_POLICY, clock, jitter, deadline, on_attempt)
    last: Optional[_Failure] = None
    while True:
        step, wait = run.ready(last)
        if step == "held":
            sleep(wait / _NANOS)
            continue
        if step == "stop" and last is not None:
            raise last.error
        headers: Any = None
        try:
            answer = send()
        except Exception as error:  # noqa: BLE001 - classified below
            if _is_urllib_http_error(error):
                answer = error  # type: ignore[assignment]
            else:
                sent = _transport(error)
                if sent is None:
                    run.report(error, "gave_up", None, "not_retryable")
                    raise
                failure = _Failure(error, True)
                wait_ns = run.failed(failure, lambda: None)
                if wait_ns is None:
                    raise
                sleep(wait_ns / _NANOS)
                last = failure
                continue
        status, headers, answer = _read_answer(answer)
        if not 400 <= status <= 599:
            run.succeeded()
            return answer
        decoded = decode(status, headers, _read_body(answer), now=wall_clock())
        failure = _Failure(decoded, decoded.code in run.policy.retryable_codes)

        def reset(headers: Any = headers) -> Optional[int]:
            return _rate_limit_reset_nanos(headers, lambda: _now_nanos(wall_clock()))

        wait_ns = run.failed(failure, reset)
        if wait_ns is None:
            raise decoded
        sleep(wait_ns / _NANOS)
        last = failure


def _is_urllib_http_error(error: BaseException) -> bool:
    return any(
        cls.__name__ == "HTTPError" and cls.__module__ == "urllib.error" for cls in type(error).__mro__
    )


#@catalogue@
