"""with_retries reads `requests`, `httpx` and `urllib` answers and failures by duck typing,
without importing either library; fakes stand in for them here, and a real local
`http.server` plays an nginx proxy answering an HTML 502."""

from __future__ import annotations

import email.message
import http.client
import http.server
import importlib.util
import io
import socket
import sys
import threading
import unittest
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, List, Set, Tuple

from _support import HttpxLike, Recorder, RequestsLike, UrllibLike, body, sender, sunor

OK = RequestsLike(202, {}, b"{}")


def library_error(module: str, *names: str) -> type:
    """An exception class as `module` defines it (`httpx`, `requests.exceptions`): a chain of
    subclasses named `names`, the last one raised."""
    cls: type = Exception
    for name in names:
        cls = type(name, (cls,), {"__module__": module})
    return cls


class Answers(unittest.TestCase):
    def run_answers(self, *answers: Any, draws: int = 0) -> Tuple[Any, Recorder]:
        rec = Recorder(draws=[0.0] * draws)
        return sunor.with_retries(sender(*answers), policy=sunor.Policy(), **rec.kwargs()), rec

    def test_requests_like(self) -> None:
        ok = RequestsLike(200, {}, b'{"code":200}')
        answer, rec = self.run_answers(RequestsLike(502, {"Retry-After": "3"}, body(502, "Upstream provider error")), ok, draws=1)
        self.assertIs(answer, ok)
        self.assertEqual(rec.slept, [3.0])

    def test_httpx_like_with_repeated_headers(self) -> None:
        ok = HttpxLike(200)
        first = HttpxLike(503, [("retry-after", "5"), ("Retry-After", "50"), ("retry-after", "x")])
        answer, rec = self.run_answers(first, ok, draws=1)
        self.assertIs(answer, ok)
        self.assertEqual(rec.slept, [50.0])

    def test_httpx_streamed_response_is_read(self) -> None:
        class Streamed:
            status_code = 402
            headers = {"content-type": "application/json"}

            @property
            def content(self) -> bytes:
                raise RuntimeError("ResponseNotRead")

            def read(self) -> bytes:
                return body(402, "Insufficient credits: available 1, required 5")

        with self.assertRaises(sunor.TaskErrorInsufficientCredits) as raised:
            self.run_answers(Streamed())
        self.assertEqual((raised.exception.available, raised.exception.required), (1, 5))

    def test_urllib_response_and_bounded_body(self) -> None:
        ok = UrllibLike(200, [("Content-Type", "application/json")], b"{}")
        first = UrllibLike(429, [("Retry-After", "2"), ("Retry-After", "4")], body(429, "Rate limit exceeded."))
        answer, rec = self.run_answers(first, ok)
        self.assertIs(answer, ok)
        self.assertEqual(rec.slept, [4.0])
        # A body longer than MAX_BODY_BYTES is dropped unread, as the Rust helpers drop it.
        big = UrllibLike(402, [], body(402, "x" * sunor.MAX_BODY_BYTES))
        with self.assertRaises(sunor.PaymentRequiredError) as raised:
            self.run_answers(big)
        self.assertEqual((raised.exception.message, raised.exception.body), ("Payment required", b""))

    def test_urllib_http_error_is_the_answer(self) -> None:
        def http_error(code: int, raw: bytes, **headers: str) -> urllib.error.HTTPError:
            message = email.message.Message()
            for name, value in headers.items():
                message[name.replace("_", "-")] = value
            return urllib.error.HTTPError("http://127.0.0.1/x", code, "reason", message, io.BytesIO(raw))

        ok = UrllibLike(202, [], b"{}")
        answer, rec = self.run_answers(http_error(502, b"<html>502</html>"), ok, draws=1)
        self.assertIs(answer, ok)
        self.assertEqual(rec.slept, [1.0])
        with self.assertRaises(sunor.TaskErrorRateLimited) as raised:
            self.run_answers(http_error(429, body(429, "Rate limit exceeded.", 500), Retry_After="500"))
        self.assertEqual(raised.exception.seconds, 500)
        # Raised as the decoded error, not as urllib's HTTPError.
        self.assertNotIsInstance(raised.exception, urllib.error.HTTPError)


class TransportFailures(unittest.TestCase):
    def retried(self, error: BaseException) -> bool:
        rec = Recorder(draws=[0.0])
        try:
            answer = sunor.with_retries(sender(error, OK), policy=sunor.Policy(), **rec.kwargs())
        except BaseException as raised:
            self.assertIs(raised, error)
            self.assertEqual(rec.slept, [])
            return False
        self.assertIs(answer, OK)
        self.assertEqual(rec.slept, [1.0])
        return True

    def test_library_failures_are_classified(self) -> None:
        httpx = "httpx"
        requests = "requests.exceptions"
        cases: List[Tuple[BaseException, bool, Any]] = [
            (library_error(httpx, "HTTPError", "TransportError", "NetworkError", "ConnectError")(), True, False),
            (library_error(httpx, "HTTPError", "TransportError", "TimeoutException", "ConnectTimeout")(), True, False),
            (library_error(httpx, "HTTPError", "TransportError", "TimeoutException", "ReadTimeout")(), True, True),
            (library_error(httpx, "HTTPError", "TransportError", "ProtocolError", "RemoteProtocolError")(), True, True),
            (library_error(httpx, "HTTPError", "TransportError", "UnsupportedProtocol")(), False, None),
            (library_error(httpx, "HTTPError", "TooManyRedirects")(), False, None),
            (library_error(requests, "RequestException", "ConnectionError")("HTTPConnectionPool: NewConnectionError(refused)"), True, False),
            (library_error(requests, "RequestException", "ConnectionError")("Connection aborted: RemoteDisconnected"), True, True),
            (library_error(requests, "RequestException", "Timeout", "ReadTimeout")(), True, True),
            (library_error(requests, "RequestException", "ConnectionError", "ConnectTimeout")(), True, False),
            (library_error(requests, "RequestException", "ValueError", "InvalidURL")(), False, None),
            (urllib.error.URLError(ConnectionRefusedError(111, "refused")), True, False),
            (urllib.error.URLError(socket.timeout("timed out")), True, True),
            (urllib.error.URLError("unknown url type: htp"), True, True),
            (ConnectionRefusedError(), True, False),
            (ConnectionResetError(), True, True),
            (TimeoutError(), True, True),
            (socket.gaierror(-2, "Name or service not known"), True, False),
            (http.client.RemoteDisconnected("closed"), True, True),
            (http.client.IncompleteRead(b""), True, True),
            (ValueError("x"), False, None),
            (KeyError("x"), False, None),
        ]
        for error, retried, sent in cases:
            self.assertEqual(self.retried(error), retried, repr(error))
            self.assertEqual(sunor._transport(error), sent, repr(error))

    def test_keyboard_interrupt_is_not_swallowed(self) -> None:
        with self.assertRaises(KeyboardInterrupt):
            sunor.with_retries(sender(KeyboardInterrupt()), policy=sunor.Policy(), **Recorder().kwargs())


NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


class Proxy(http.server.BaseHTTPRequestHandler):
    """nginx in front of a dead upstream: HTML 502s, then (when told) the API's answer."""

    failures = 0

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        server: Any = self.server
        if server.failures_left > 0:
            server.failures_left -= 1
            self.send_response(502)
            self.send_header("Server", "nginx/1.25.3")
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(NGINX_502)))
            self.end_headers()
            self.wfile.write(NGINX_502)
            return
        answer = b'{"code":202,"data":{"task_id":"task-000001","status":"pending"}}'
        self.send_response(202)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class HtmlFromAProxy(unittest.TestCase):
    def serve(self, failures: int) -> str:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
        server.failures_left = failures  # type: ignore[attr-defined]
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()

        def stop() -> None:
            server.shutdown()
            server.server_close()
            thread.join(5)

        self.addCleanup(stop)
        return "http://127.0.0.1:%d/api/v1/task" % server.server_address[1]

    def urllib_send(self, url: str) -> Any:
        request = urllib.request.Request(url, data=b"{}", method="POST")
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        return lambda: opener.open(request, timeout=10)

    def test_urllib_through_a_proxy_that_recovers(self) -> None:
        url = self.serve(failures=2)
        rec = Recorder(draws=[0.0, 0.0])
        with sunor.with_retries(self.urllib_send(url), policy=sunor.Policy(), **rec.kwargs()) as response:
            self.assertEqual((response.status, response.read()), (202, b'{"code":202,"data":{"task_id":"task-000001","status":"pending"}}'))
        self.assertEqual(rec.slept, [1.0, 2.0])

    def test_urllib_through_a_proxy_that_stays_down(self) -> None:
        url = self.serve(failures=10)
        rec = Recorder(draws=[0.0, 0.0, 0.0])
        with self.assertRaises(sunor.InternalServerError) as raised:
            sunor.with_retries(self.urllib_send(url), policy=sunor.Policy(), **rec.kwargs())
        error = raised.exception
        self.assertIs(type(error), sunor.InternalServerError)
        self.assertEqual(
            (error.code, error.message, error.case, error.fields, error.retry_after, error.text),
            (502, "Upstream provider error", None, {}, None, NGINX_502.decode()),
        )
        self.assertEqual(rec.slept, [1.0, 2.0, 4.0])

    @unittest.skipUnless(importlib.util.find_spec("requests"), "requests is not installed")
    def test_requests_through_the_proxy(self) -> None:
        import requests

        url = self.serve(failures=10)
        session = requests.Session()
        session.trust_env = False
        self.addCleanup(session.close)
        rec = Recorder(draws=[0.0, 0.0, 0.0])
        with self.assertRaises(sunor.InternalServerError) as raised:
            sunor.with_retries(lambda: session.post(url, json={}), policy=sunor.Policy(), **rec.kwargs())
        self.assertEqual((raised.exception.text, raised.exception.case), (NGINX_502.decode(), None))
        # The module never imported requests itself.
        self.assertNotIn("requests", vars(sunor))

    def test_a_refused_connection_is_retried_then_raised(self) -> None:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        listener.close()  # nothing listens there now
        rec = Recorder(draws=[0.0, 0.0, 0.0])
        with self.assertRaises(urllib.error.URLError):
            sunor.with_retries(
                self.urllib_send("http://127.0.0.1:%d/" % port), policy=sunor.Policy(), **rec.kwargs()
            )
        self.assertEqual(rec.slept, [1.0, 2.0, 4.0])


class NoThirdPartyImports(unittest.TestCase):
    def test_the_module_imports_only_the_standard_library(self) -> None:
        import ast

        tree = ast.parse(Path(sunor.__file__).read_text(encoding="utf-8"))
        imported: Set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module.split(".")[0])
        self.assertEqual(
            imported, {"__future__", "datetime", "json", "random", "re", "threading", "time", "typing"}
        )
        names = getattr(sys, "stdlib_module_names", None)  # Python 3.10+
        if names is not None:
            self.assertTrue(imported <= set(names) | {"__future__"})


if __name__ == "__main__":
    unittest.main()
