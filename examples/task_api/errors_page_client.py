"""The sunor errors page's own Python client loop, on the generated module
(clients/python/sunor_errors_client.py, which clients/generate.sh writes), pointed at the
task_api mock server.

    clients/generate.sh
    cargo run --example task_api -- serve --fail-internal 1 --fail-upstream 1 --window 2
    python3 examples/task_api/errors_page_client.py http://127.0.0.1:8080

`create_task` is the errors page's example with its hand-written loop replaced by the
module: `with_retries` retries the 500, the 502 and the 429 as the Rust crate does (the 429
after the server's delay), and an error that is not retried comes back as the server's own
error class, its fields read from the message. Each wait is recorded by the sleep the loop
is given, and printed. Jitter is fixed at its lowest so that the waits print the same on
every run; the waits still really happen.

Last, a local stand-in for nginx answers an HTML 502, and `decode` reads it: the 5xx class
with the status's message and the page as it came.
"""

import http.server
import sys
import threading
import time
from pathlib import Path

import requests

# After PYTHONPATH: a module given there (the tests write a fresh one) comes first.
sys.path.append(str(Path(__file__).resolve().parents[2] / "clients" / "python"))

import sunor_errors_client as sunor  # noqa: E402

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"

# One policy (and so one retry budget) for this client, as the Rust crate asks.
POLICY = sunor.Policy()


def create_task(api_key, payload):
    waits = []

    def sleep(seconds):
        time.sleep(seconds)

    def on_attempt(report):
        if report.outcome == "retry":
            waits.append((report.error, report.wait))

    def send():
        return requests.post(
            BASE + "/api/v1/task",
            headers={
                "Content-Type": "application/json",
                "x-api-key": api_key,
            },
            json=payload,
        )

    response = sunor.with_retries(
        send, policy=POLICY, sleep=sleep, jitter=lambda: 0.0, on_attempt=on_attempt
    )
    return response.json()["data"], waits


def describe_waits(waits):
    shown = []
    for error, seconds in waits:
        if error.code == 429:
            asked = error.retry_after
            said = "the server's delay" if seconds == asked else f"{seconds} s, asked {asked} s"
            shown.append(f"429 (waited {said})")
        else:
            shown.append(f"{error.code} (waited {seconds} s)")
    return " after " + " and ".join(shown) if shown else ""


def describe_error(error):
    name = type(error).__name__
    if isinstance(error, sunor.TaskErrorInsufficientCredits):
        return f"{name} available={error.available} required={error.required}: {error}"
    return f"{name}: {error}"


LYRICS = {"model": "suno", "task_type": "lyrics", "input": {"prompt": "rain"}}
MUSIC = {"model": "suno", "task_type": "music", "input": {"prompt": "rain"}}

NGINX_502 = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n"
    b"</body>\r\n</html>\r\n"
)


class Nginx(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(502)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(NGINX_502)))
        self.end_headers()
        self.wfile.write(NGINX_502)

    def log_message(self, format, *args):
        pass


def through_a_dead_proxy():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Nginx)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = "http://127.0.0.1:%d/api/v1/task" % server.server_address[1]
        response = requests.post(url, json=LYRICS)
        error = sunor.decode(response.status_code, response.headers, response.content)
        title = error.text.splitlines()[1]
        return f"{type(error).__name__} {error.code} {error.message!r}, case {error.case}, page {title}"
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    for key, payload in [
        ("demo-key", LYRICS),  # a 500, then a 502, when served with --fail-internal 1 --fail-upstream 1
        ("low-credit-key", MUSIC),  # 402: music costs 10, the key has 3
        ("burst-key", LYRICS),
        ("burst-key", LYRICS),
        ("burst-key", LYRICS),  # 429 past 2 requests per window: waits the server's delay
        ("no-such-key", LYRICS),  # 401
    ]:
        try:
            data, waits = create_task(key, payload)
            print(f"{key}: created {data['task_id']} ({data['status']}){describe_waits(waits)}")
        except sunor.SunorError as error:
            print(f"{key}: {describe_error(error)}")
    print(f"proxy: {through_a_dead_proxy()}")
