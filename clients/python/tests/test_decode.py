"""decode: every case of the TaskError catalogue at its edges, the near misses, the
headers, and hostile input. Each expectation is what the Rust crate reads from the same
response (`ErrorBody::from_http_parts_at`, then `FromErrorBody`)."""

from __future__ import annotations

import email.message
import http
import pickle
import random
import time
import unittest
from typing import Any, Dict, List, Optional, Tuple

from _support import body, sunor

U64_MAX = 2**64 - 1
# Sun, 06 Nov 1994 08:48:37 GMT: one minute before the RFC's example date.
NOW = 784_111_717.0


def read(
    status: int, raw: Any, headers: Any = None
) -> Tuple[str, int, str, Optional[int], Optional[str], Dict[str, Any]]:
    error = sunor.decode(status, headers, raw, now=NOW)
    return (type(error).__name__, error.code, error.message, error.retry_after, error.case, error.fields)


class EveryCase(unittest.TestCase):
    def test_missing_fields_any_text_even_the_templates_own(self) -> None:
        for text in [
            "",
            "model, task_type, input",
            "Missing required fields: x",
            "a\nb",
            "{fields}",
            "é 😀 \u2028",
            " ",
        ]:
            message = "Missing required fields: " + text
            error = sunor.decode(400, {}, body(400, message))
            self.assertIsInstance(error, sunor.TaskErrorMissingFields)
            self.assertIsInstance(error, sunor.BadRequestError)
            self.assertEqual(error.case, "TaskError.MissingFields")
            self.assertEqual(error.fields, {"fields": text})
            assert isinstance(error, sunor.TaskErrorMissingFields)
            self.assertEqual(error.fields_, text)
            self.assertEqual(error.message, message)

    def test_insufficient_credits_at_the_edges_of_u64(self) -> None:
        for available, required in [(0, 0), (3, 10), (U64_MAX, U64_MAX), (0, U64_MAX)]:
            message = f"Insufficient credits: available {available}, required {required}"
            error = sunor.decode(402, {}, body(402, message))
            assert isinstance(error, sunor.TaskErrorInsufficientCredits)
            self.assertEqual((error.available, error.required), (available, required))
            self.assertEqual(error.fields, {"available": available, "required": required})
            self.assertEqual(error.case, "TaskError.InsufficientCredits")
            self.assertIs(type(error.available), int)

    def test_near_misses_of_the_402_are_no_case(self) -> None:
        for bad in [
            "Insufficient credits: available +5, required 10",
            "Insufficient credits: available 007, required 10",
            "Insufficient credits: available 3, required 010",
            "Insufficient credits: available -1, required 10",
            "Insufficient credits: available 18446744073709551616, required 10",
            "Insufficient credits: available 3, required 99999999999999999999999",
            "Insufficient credits: available 3, required 10.",
            "Insufficient credits: available 3, required 10 ",
            "Insufficient credits: available 3, required 10\n",
            " Insufficient credits: available 3, required 10",
            "insufficient credits: available 3, required 10",
            "Insufficient Credits: available 3, required 10",
            "Insufficient credits: available 3,  required 10",
            "Insufficient credits: available 0x1f, required 10",
            "Insufficient credits: available 1e3, required 10",
            "Insufficient credits: available \u0663, required 10",
            "Insufficient credits: available , required 10",
            "Insufficient credits: available 3, required " + "1" * 5000,
        ]:
            error = sunor.decode(402, {}, body(402, bad))
            self.assertEqual(
                (type(error), error.case, error.fields, error.message),
                (sunor.PaymentRequiredError, None, {}, bad),
                bad,
            )

    def test_fixed_messages_match_exactly_and_in_catalogue_order(self) -> None:
        cases = [
            (401, "Invalid API key", sunor.TaskErrorInvalidApiKey, "TaskError.InvalidApiKey"),
            (401, "Missing x-api-key header", sunor.AuthErrorMissingKey, "AuthError.MissingKey"),
            (403, "API key disabled", sunor.AuthErrorDisabled, "AuthError.Disabled"),
        ]
        for code, message, cls, case in cases:
            error = sunor.decode(code, {}, body(code, message))
            self.assertEqual((type(error), error.case, error.fields), (cls, case, {}))
            for near in [message.lower(), message + ".", message + " ", "x" + message]:
                error = sunor.decode(code, {}, body(code, near))
                self.assertEqual((error.case, error.fields), (None, {}), near)
        # `AuthError.InvalidKey` reads the same body as `TaskError.InvalidApiKey`, which
        # comes first: a transparent variant's cases are tried after the type's own.
        self.assertIs(type(sunor.decode(401, {}, body(401, "Invalid API key"))), sunor.TaskErrorInvalidApiKey)

    def test_default_fields_are_none(self) -> None:
        error = sunor.decode(404, {}, body(404, "Task not found"))
        assert isinstance(error, sunor.TaskErrorTaskNotFound)
        self.assertEqual((error.case, error.fields, error.field_0), ("TaskError.TaskNotFound", {"0": None}, None))
        error = sunor.decode(500, {}, body(500, "Internal server error"))
        assert isinstance(error, sunor.TaskErrorInternal)
        self.assertEqual((error.case, error.fields, error.field_0), ("TaskError.Internal", {"0": None}, None))
        # The default message of an HTML 500 is the case's message too.
        self.assertIs(type(sunor.decode(500, {}, b"<html>oops</html>")), sunor.TaskErrorInternal)

    def test_rate_limited_takes_its_field_from_the_merged_delay(self) -> None:
        for seconds in [0, 1, 60, U64_MAX]:
            error = sunor.decode(429, {}, body(429, "Rate limit exceeded.", seconds))
            assert isinstance(error, sunor.TaskErrorRateLimited)
            self.assertEqual((error.seconds, error.retry_after, error.fields), (seconds, seconds, {"seconds": seconds}))
        error = sunor.decode(429, {"Retry-After": "5"}, body(429, "Rate limit exceeded."))
        assert isinstance(error, sunor.TaskErrorRateLimited)
        self.assertEqual(error.seconds, 5)
        error = sunor.decode(429, {"Retry-After": "90"}, body(429, "Rate limit exceeded.", 60))
        assert isinstance(error, sunor.TaskErrorRateLimited)
        self.assertEqual(error.seconds, 90)
        # The field is required (a `u64`): no delay, no case.
        error = sunor.decode(429, {}, body(429, "Rate limit exceeded."))
        self.assertEqual((type(error), error.case, error.retry_after), (sunor.RateLimitError, None, None))
        # The dot is a dot, not any character.
        error = sunor.decode(429, {}, body(429, "Rate limit exceeded!", 3))
        self.assertEqual(error.case, None)
        # An HTML 429 from a proxy with the header: the default message is the case's.
        error = sunor.decode(429, {"retry-after": "7"}, b"<html>slow down</html>")
        self.assertEqual((error.case, error.fields, error.message), ("TaskError.RateLimited", {"seconds": 7}, "Rate limit exceeded."))

    def test_a_code_of_no_case_and_a_case_under_another_status(self) -> None:
        self.assertEqual(
            read(409, body(409, "Conflict")), ("ConflictError", 409, "Conflict", None, None, {})
        )
        self.assertEqual(
            read(422, b""), ("UnprocessableEntityError", 422, "Unprocessable entity", None, None, {})
        )
        self.assertEqual(read(418, b""), ("SunorError", 418, "I'm a teapot", None, None, {}))
        self.assertEqual(read(450, b""), ("SunorError", 450, "Client error", None, None, {}))
        self.assertEqual(read(599, b""), ("InternalServerError", 599, "Server error", None, None, {}))
        # The 402's message under a 400 status line: the status wins, and no 400 case reads it.
        message = "Insufficient credits: available 3, required 10"
        self.assertEqual(read(400, body(402, message)), ("BadRequestError", 400, message, None, None, {}))


class Wire(unittest.TestCase):
    def test_status_line_wins_and_message_is_kept(self) -> None:
        raw = b'{"code":400,"message":"Bad things","retry_after_seconds":7}'
        self.assertEqual(read(503, raw), ("InternalServerError", 503, "Bad things", 7, None, {}))

    def test_html_from_a_proxy_keeps_the_raw_text(self) -> None:
        html = b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
        error = sunor.decode(502, {"Content-Type": "text/html"}, html)
        self.assertEqual(
            (type(error), error.message, error.case, error.body, error.text),
            (sunor.InternalServerError, "Upstream provider error", None, html, html.decode()),
        )
        self.assertEqual(str(error), "API error 502: Upstream provider error")

    def test_strict_members(self) -> None:
        ok = [
            (b'{"code":404,"message":"Task not found"}', "Task not found", None),
            (b'{"message":"m","code":404}', "m", None),
            (b'{"code":404,"message":"x","retry_after_seconds":null}', "x", None),
            (b'{"code":404,"message":"x","retry_after_seconds":0}', "x", 0),
            (b'{"code":404,"message":"x","retry_after_seconds":18446744073709551615}', "x", U64_MAX),
            (b'{"code":404,"message":"x","type":"invalid","extra":{"a":[1,2]}}', "x", None),
            (b' { "code" : 599 , "message" : "\\u00e9\\n" } ', "\u00e9\n", None),
            (b'\xef\xbb\xbf {"code":404,"message":"m"}', "m", None),
            (b'\x0c\t\r\n{"code":404,"message":"m"}', "m", None),
            (b'{"code":404,"message":"\\ud83d\\ude00"}', "\U0001f600", None),
            (b'{"code":404,"message":"m","x":1,"x":2}', "m", None),
            (b'{"code":404,"message":"m","x":"\\udc00"}', "m", None),
            (b'{"code":404,"message":"m","x":"\xff"}', "m", None),
            (b'{"code":404,"message":"m","x":1e400}', "m", None),
            (b'{"code":404,"message":"m","x":' + b"9" * 5000 + b"}", "m", None),
            (b'{"code":404,"message":"m","x":' + b"[" * 20000 + b"]" * 20000 + b"}", "m", None),
        ]
        for raw, message, retry in ok:
            self.assertEqual(read(404, raw)[2:4], (message, retry), raw[:80])
        default = ("Not found", None)
        bad = [
            b'[404,"x"]',
            b'"x"',
            b'{"message":"x"}',
            b'{"code":404}',
            b'{"code":"404","message":"x"}',
            b'{"code":404.0,"message":"x"}',
            b'{"code":true,"message":"x"}',
            b'{"code":-0,"message":"x"}',
            b'{"code":99,"message":"x"}',
            b'{"code":600,"message":"x"}',
            b'{"code":404,"message":null}',
            b'{"code":404,"message":5}',
            b'{"code":404,"message":"x","retry_after_seconds":-1}',
            b'{"code":404,"message":"x","retry_after_seconds":-0}',
            b'{"code":404,"message":"x","retry_after_seconds":1.5}',
            b'{"code":404,"message":"x","retry_after_seconds":1e2}',
            b'{"code":404,"message":"x","retry_after_seconds":"5"}',
            b'{"code":404,"message":"x","retry_after_seconds":18446744073709551616}',
            b'{"code":404,"message":"x","retry_after_seconds":null,"retry_after_seconds":5}',
            b'{"code":404,"code":404,"message":"x"}',
            b'{"code":404,"message":"x","message":"x"}',
            b'{"code":404,"message":"x"} trailing',
            b'{"code":404,"message":"x"}\x0c',
            b'{"code":404,"message":"x"',
            b'{"code":404,"message":"x",}',
            b'{"code":404,"message":"x","n":NaN}',
            b'{"code":404,"message":"x","n":Infinity}',
            b'{"code":404,"message":"x","n":01}',
            b'{"code":404,"message":"\\ud800"}',
            b'{"code":404,"message":"\\udc00x"}',
            b'{"code":404,"message":"\xff"}',
            b'{"code":404,"message":"\xed\xa0\x80"}',
            b'{"code":404,"message":"m","\\ud800":1}',
            b'{"code":404,"message":"a\tb"}',
            b'{"code":404,"message":"m","x":' + b"[" * 20000 + b"]" * 19999 + b"}",
            b" \xef\xbb\xbf{}",
            b"\xef{}",
            b"\xff\xfe{}",
            b"",
            b"   ",
            b"null",
            b"<html>404</html>",
        ]
        for raw in bad:
            self.assertEqual(read(404, raw)[2:4], default, raw[:80])

    def test_problem_details_give_detail_then_title(self) -> None:
        cases = [
            (
                b'{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.","status":403,"detail":"Your current balance is 30, but that costs 50.","instance":"/account/12345/msgs/abc"}',
                "Your current balance is 30, but that costs 50.",
            ),
            (b'{"title":"Bad Gateway","status":502}', "Bad Gateway"),
            (b'{"title":"Bad Gateway","detail":"  "}', "Bad Gateway"),
            (b'{"title":"Bad Gateway","detail":7}', "Bad Gateway"),
            (b'{"detail":"upstream timed out","title":{"x":[1]}}', "upstream timed out"),
            (b'{"detail":"a","detail":"b"}', "b"),
            (b'{"detail":"a","detail":7}', "Upstream provider error"),
            (b'{"detail":"line\\nbreak \\u001b[31m"}', "line\nbreak \x1b[31m"),
            (b'{"type":"about:blank","status":502}', "Upstream provider error"),
            (b'{"title":"","detail":null}', "Upstream provider error"),
            # U+001C is blank to Python's strip, not to Rust's trim: it is a message.
            (b'{"title":"\\u001c"}', "\x1c"),
            (b'{"title":"\\u0085\\u3000"}', "Upstream provider error"),
            (b'{"title":1e400,"detail":"D"}', "Upstream provider error"),
            (b'{"title":"T","detail":' + b"9" * 400 + b"}", "Upstream provider error"),
            (b'{"title":"T","detail":' + b"9" * 300 + b"}", "T"),
            (b'{"title":"T","detail":"\\ud800"}', "Upstream provider error"),
            (b'{"title":"T","x":1e400}', "T"),
            (b'{"code":502,"message":null,"title":"T"}', "T"),
            (b'{"title":"x"} trailing', "Upstream provider error"),
            (b'{"title":"x"', "Upstream provider error"),
        ]
        for raw, message in cases:
            headers = {"Content-Type": "application/json"}
            self.assertEqual(read(502, raw, headers)[2:4], (message, None), raw[:80])

    def test_problem_details_only_when_the_response_says_json(self) -> None:
        body = b'{"detail":"Not found here.","title":"Nope"}'
        for kind in [
            "application/problem+json",
            "application/problem+json; charset=utf-8",
            "Application/JSON",
            "application/vnd.gateway+json",
        ]:
            self.assertEqual(read(404, body, {"content-type": kind})[2], "Not found here.", kind)
            self.assertEqual(read(404, body, [("Content-Type", kind)])[2], "Not found here.", kind)
        for kind in [
            "text/html",
            "text/html; charset=utf-8",
            "text/plain",
            "application/problem+xml",
            "text/json",
            "application/json; charset=\xe9",
        ]:
            self.assertEqual(read(404, body, {"content-type": kind})[2], "Not found", kind)
        self.assertEqual(read(404, body)[2], "Not found")
        self.assertEqual(read(404, body, {})[2], "Not found")
        twice = [("content-type", "application/json"), ("Content-Type", "application/json")]
        self.assertEqual(read(404, body, twice)[2], "Not found")
        self.assertEqual(read(404, body, {"content-type": ["application/json"] * 2})[2], "Not found")
        # An error body is read whatever the Content-Type says.
        task = b'{"code":404,"message":"Task not found"}'
        self.assertEqual(read(404, task, {"content-type": "text/html"})[2], "Task not found")

    def test_oversized_bodies_are_not_read(self) -> None:
        prefix = b'{"code":502,"message":"'
        big = prefix + b"x" * (sunor.MAX_BODY_BYTES - len(prefix) - 2) + b'"}'
        self.assertEqual(len(big), sunor.MAX_BODY_BYTES)
        self.assertEqual(len(sunor.decode(502, {}, big).message), sunor.MAX_BODY_BYTES - 25)
        self.assertEqual(sunor.decode(502, {}, b" " + big).message, "Upstream provider error")
        huge = b"{" + b" " * (64 * 1024 * 1024)
        started = time.perf_counter()
        error = sunor.decode(502, {"retry-after": "3"}, huge)
        self.assertLess(time.perf_counter() - started, 1.0)
        self.assertEqual((error.message, error.retry_after, len(error.body)), ("Upstream provider error", 3, len(huge)))
        self.assertIs(error.body, huge)

    def test_body_and_status_types(self) -> None:
        raw = body(402, "Insufficient credits: available 3, required 10")
        for given in [raw, raw.decode(), bytearray(raw), memoryview(raw)]:
            error = sunor.decode(402, {}, given)
            self.assertEqual((error.case, error.body), ("TaskError.InsufficientCredits", raw))
        others: List[Any] = [None, 42, object(), [raw]]
        for given in others:
            self.assertEqual(read(402, given)[2:5], ("Payment required", None, None))
        self.assertEqual(sunor.decode(http.HTTPStatus.PAYMENT_REQUIRED, {}, raw).case, "TaskError.InsufficientCredits")
        self.assertEqual(sunor.decode("402", {}, raw).code, 402)
        for status, code in [(200, 200), (202, 202), (302, 302), (100, 100), (600, 600), (999, 999), (1000, 0), (-5, 0), (None, 0), (3.7, 0), ("x", 0)]:
            error = sunor.decode(status, {"Retry-After": "5"}, raw)
            self.assertEqual(
                (type(error), error.code, error.message, error.retry_after, error.case),
                (sunor.SunorError, code, f"HTTP status {code} is not an error status", None, None),
            )


class Headers(unittest.TestCase):
    def delay(self, *values: str, raw: bytes = b"") -> Optional[int]:
        headers = [("Retry-After", value) for value in values]
        return sunor.decode(429, headers, raw, now=NOW).retry_after

    def test_header_and_body_the_larger_wins(self) -> None:
        raw = body(429, "Rate limit exceeded.", 60)
        self.assertEqual(self.delay("30", raw=raw), 60)
        self.assertEqual(self.delay("90", raw=raw), 90)
        self.assertEqual(self.delay("soon", raw=raw), 60)
        self.assertEqual(self.delay("5"), 5)
        self.assertEqual(self.delay(), None)
        self.assertEqual(self.delay("5", "x", "50"), 50)
        self.assertEqual(self.delay("Sun, 06 Nov 1994 08:49:37 GMT"), 60)

    def test_delay_seconds(self) -> None:
        for value, seconds in [
            ("0", 0),
            ("60", 60),
            (" 120 ", 120),
            ("\t7\t", 7),
            ("007", 7),
            ("18446744073709551615", U64_MAX),
            ("99999999999999999999", U64_MAX),
            ("9" * 4000, U64_MAX),
            ("9" * 70000, U64_MAX),
        ]:
            self.assertEqual(self.delay(value), seconds, value[:30])
        for bad in ["+5", "-5", "1.5", "1e3", "abc", "5s", "5 5", "0x10", "\u0665", "60, 120", "", "   ", "\n5"]:
            self.assertEqual(self.delay(bad), None, bad)

    def test_http_dates(self) -> None:
        for value, seconds in [
            ("Sun, 06 Nov 1994 08:49:37 GMT", 60),
            ("Sunday, 06-Nov-94 08:49:37 GMT", 60),
            ("Sun Nov  6 08:49:37 1994", 60),
            (" Sun, 06 Nov 1994 08:49:37 GMT ", 60),
            ("Sun, 06 Nov 1994 08:48:37 GMT", 0),
            ("Thu, 01 Jan 1970 00:00:00 GMT", 0),
            ("Fri, 31 Dec 9999 23:59:59 GMT", 253_402_300_799 - 784_111_717),
            ("Thu, 29 Feb 1996 00:00:00 GMT", 825_552_000 - 784_111_717),
        ]:
            self.assertEqual(self.delay(value), seconds, value)
        for bad in [
            "Sat, 01 Jan 10000 00:00:00 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Mon, 06 Nov 1994 08:49:37 GMT",  # the wrong weekday
            "Fri, 30 Feb 1996 00:00:00 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun Nov 06 08:49:37 1994 x",
            "Sun, 06 Nov 1994 08:49:37 GMT\u00e9",
            "Wed, 31 Dec 1969 23:59:59 GMT",
        ]:
            self.assertEqual(self.delay(bad), None, bad)
        # A fraction of a second left is a whole second: never come back early.
        error = sunor.decode(503, {"Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"}, b"", now=NOW + 0.25)
        self.assertEqual(error.retry_after, 60)
        error = sunor.decode(503, {"Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"}, b"", now=NOW + 59.999)
        self.assertEqual(error.retry_after, 1)

    def test_header_shapes(self) -> None:
        raw = b""
        message = email.message.Message()
        message["Retry-After"] = "5"
        message["retry-after"] = "50"
        for headers in [
            {"RETRY-AFTER": "7"},
            {b"Retry-After": b"7"},
            {"retry-after": ["x", "7"]},
            [("Content-Type", "text/html"), ("retry-after", "7")],
        ]:
            self.assertEqual(sunor.decode(503, headers, raw).retry_after, 7, headers)
        self.assertEqual(sunor.decode(503, message, raw).retry_after, 50)
        self.assertEqual(sunor.decode(503, {"Retry-After": "5", "retry-after": "9"}, raw).retry_after, 9)
        empties: List[Any] = [None, {}, [], {"Retry-After-X": "5"}, {"x": "y"}]
        for empty in empties:
            self.assertEqual(sunor.decode(503, empty, raw).retry_after, None)

    def test_the_clock_is_read_only_for_a_date(self) -> None:
        self.assertEqual(sunor.decode(503, {"Retry-After": "120"}, b"").retry_after, 120)
        error = sunor.decode(503, {"Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"}, b"")
        self.assertEqual(error.retry_after, 0)


class NeverRaises(unittest.TestCase):
    def test_hostile_headers_objects(self) -> None:
        class Exploding:
            def items(self) -> Any:
                raise RuntimeError("boom")

            def __len__(self) -> int:
                return 1

        for headers in [Exploding(), 42, [("a",)], [(1, 2)], {"retry-after": object()}, {None: "5"}]:
            error = sunor.decode(502, headers, b'{"code":502,"message":"m"}')
            self.assertEqual((type(error), error.code), (sunor.InternalServerError, 502))

    def test_random_bytes_and_headers(self) -> None:
        rng = random.Random(7)
        alphabet = b'{}[]":,\\ -0123456789eE.tfnul\xff\xc3\xa9\x0c\t\n\xef\xbb\xbf'
        for _ in range(3000):
            size = rng.randint(0, 60)
            raw = bytes(rng.choice(alphabet) for _ in range(size))
            if rng.random() < 0.5:
                raw = b'{"code":402,"message":"' + raw
            status = rng.choice([0, 200, 400, 402, 429, 500, 502, 599, 600, -1, 10**30])
            headers = {"retry-after": bytes(rng.randrange(256) for _ in range(rng.randint(0, 8))).decode("latin-1")}
            error = sunor.decode(status, headers, raw)
            self.assertIsInstance(error, sunor.SunorError)
            self.assertIsInstance(error.message, str)


class Display(unittest.TestCase):
    def test_str_is_safe_to_log(self) -> None:
        error = sunor.decode(502, {}, body(502, "oops\nINFO admin logged in\x1b[2J\u202e"))
        self.assertEqual(str(error), "API error 502: oops\\nINFO admin logged in\\u{1b}[2J\\u{202e}")
        error = sunor.decode(502, {}, body(502, "\u00e9" * 1000))
        self.assertEqual(str(error), "API error 502: " + "\u00e9" * 512 + "\u2026 (976 more bytes)")
        error = sunor.decode(502, {}, body(502, "a" * 1024))
        self.assertEqual(str(error), "API error 502: " + "a" * 1024)

    def test_errors_pickle_and_repr(self) -> None:
        error = sunor.decode(402, {}, body(402, "Insufficient credits: available 3, required 10"))
        again = pickle.loads(pickle.dumps(error))
        self.assertEqual((type(again), again.fields, again.available), (type(error), error.fields, 3))
        self.assertEqual(
            repr(error),
            "TaskErrorInsufficientCredits(code=402, message='Insufficient credits: available 3, required 10', "
            "retry_after=None, case='TaskError.InsufficientCredits', fields={'available': 3, 'required': 10})",
        )
        self.assertTrue(sunor.decode(503, {}, b"").is_retryable)
        self.assertFalse(error.is_retryable)


if __name__ == "__main__":
    unittest.main()
