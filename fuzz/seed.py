#!/usr/bin/env python3
"""Writes the seed corpora in fuzz/seeds/<target>/ from tests/vectors/*.json plus a few
hostile bodies. Deterministic: running it twice gives the same files.

from_http_parts takes `arbitrary`-structured input, so its seeds are encoded the way
arbitrary 1.x decodes (`cargo fuzz fmt from_http_parts <file>` shows one decoded).
"""
import glob
import hashlib
import json
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SEEDS = os.path.join(HERE, "seeds")

# Example now: Sun, 06 Nov 1994 08:48:37 GMT (one minute before the RFC's example date).
NOW = 784_111_717


def vectors():
    """(status, compact body bytes) for every vector."""
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "vectors", "*.json"))):
        with open(path, encoding="utf-8") as f:
            for case in json.load(f):
                # schema-vectors.json has no status: its bodies are not responses.
                if "status" not in case:
                    continue
                body = json.dumps(case["body"], separators=(",", ":"), ensure_ascii=False)
                out.append((case["status"], body.encode()))
    return out


HOSTILE_BODIES = [
    b"",
    b"<html><body><h1>502 Bad Gateway</h1></body></html>",
    b'<?xml version="1.0"?><Error><Code>SlowDown</Code></Error>',
    b"upstream connect error or disconnect/reset before headers",
    b"\xef\xbb\xbf{\"code\":503,\"message\":\"bom\"}",
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
    b'{"code":429,"code":429,"message":"dup"}',
    b'{"code":NaN,"message":"x"}',
    b'{"code":4e2,"message":"x"}',
    b'{"code":429,"message":"x","retry_after_seconds":18446744073709551616}',
    b'{"code":400,"message":"\\u001b[31mred\\nINFO forged\\u202e"}',
    b'{"code":400,"message":"\\ud800"}',
    b'{"code":400,"message":"\xff\xfe"}',
    b"[" * 200 + b"]" * 200,
    b'{"a":' * 130 + b"1" + b"}" * 130,
    b'{"code":500,"message":"x","retry_after_seconds":null}',
]

RETRY_AFTER_VALUES = [
    b"0", b"60", b" 120 ", b"\t7\t", b"007", b"18446744073709551615",
    b"99999999999999999999999", b"-5", b"+5", b"1.5", b"1e3", b"soon",
    b"Sun, 06 Nov 1994 08:49:37 GMT", b"Sunday, 06-Nov-94 08:49:37 GMT",
    b"Sun Nov  6 08:49:37 1994", b"Fri, 31 Dec 9999 23:59:59 GMT",
    b"Sat, 01 Jan 10000 00:00:00 GMT", b"\xd9\xa5", b"60, 120", b"",
]


def write(target, data):
    directory = os.path.join(SEEDS, target)
    os.makedirs(directory, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(directory, name), "wb") as f:
        f.write(data)


def length_bytes(length, remaining):
    """The bytes arbitrary reads from the END of `remaining` bytes for a length."""
    if remaining <= 0x100:
        width = 1
    elif remaining <= 0xFFFF + 2:
        width = 2
    elif remaining <= 0xFFFF_FFFF + 4:
        width = 4
    else:
        width = 8
    return length.to_bytes(width, "big"), width


# Variant index -> a u32 that `(u64(x) * 3) >> 32` maps to it (Header has 3 variants).
VARIANT = {"retry_after": 0, "content_type": 0x5555_5556, "other": 0xAAAA_AAAB}


def http_input(status, headers, body, now=NOW):
    """Encodes Input { status: u16, now_secs: u32, headers: Vec<Header>, body: &[u8] }.

    Layout: status | now | per header: 0x01, variant u32, value bytes | 0x00 | body | the
    length bytes, last-consumed first (arbitrary reads each length from the END of what is
    left, and the body takes the rest).
    """
    front = struct.pack("<HI", status, now)
    parts = [(b"\x01" + struct.pack("<I", VARIANT[kind]), values) for kind, *values in headers]
    middle = b"".join(marker + b"".join(vs) for marker, vs in parts) + b"\x00" + body
    # A length's width depends on how much is left, which includes the tail: iterate to a
    # fixed point (one round for every seed here).
    tail = b""
    while True:
        remaining = len(middle) + len(tail)
        lengths = []
        for marker, vs in parts:
            remaining -= len(marker)
            for v in vs:
                encoded, width = length_bytes(len(v), remaining)
                remaining -= width + len(v)
                lengths.append(encoded)
        new_tail = b"".join(reversed(lengths))
        if new_tail == tail:
            return front + middle + tail
        tail = new_tail


def main():
    if os.path.isdir(SEEDS):
        shutil.rmtree(SEEDS)
    vecs = vectors()
    for _, body in vecs:
        write("serde_parse", body)
    for body in HOSTILE_BODIES:
        write("serde_parse", body)

    for status, body in vecs:
        write("from_http_parts", http_input(status, [("content_type", b"application/json")], body))
    for i, body in enumerate(HOSTILE_BODIES):
        status = [502, 503, 429, 404, 500, 200, 301, 600][i % 8]
        write("from_http_parts", http_input(status, [], body))
    write("from_http_parts", http_input(429, [("retry_after", b"5"), ("retry_after", b"x"),
                                              ("retry_after", b"50")], b""))
    write("from_http_parts", http_input(503, [("retry_after", b"Sun, 06 Nov 1994 08:49:37 GMT"),
                                              ("other", b"x-request-id", b"abc")], b"{}"))

    for value in RETRY_AFTER_VALUES:
        # Input { value: &[u8] (length from the end), now_secs: u64, delay_secs: u64,
        # delay_nanos: u32 } -- the last field takes the rest.
        fixed = struct.pack("<QQI", NOW, 60, 500_000_000)
        encoded, _ = length_bytes(len(value), len(value) + len(fixed) + 1)
        write("retry_after", value + fixed + encoded)

    # retry_decide reads plain integers and enum tags (`cargo fuzz fmt retry_decide <file>`
    # shows one decoded): a few byte patterns give the default-ish, all-max, and mixed cases.
    for pattern in (bytes(96), b"\xff" * 96, bytes(range(96)), bytes(range(95, -1, -1))):
        write("retry_decide", pattern)

    for code, delay, message in DECODE_BODIES:
        write("decode", decode_input(code, delay, message))

# decode: Input { code: u8, delay: Option<u64>, message: &[u8] (the rest) }. A code byte
# below 240 is 400 + byte % 32; from 240, [429, 500, 502, 503, 504, 418, 451, 599][byte % 8].
# Without a delay: (code, message); then with one: (code, delay, message).
DECODE_BODIES = [(code, None, message) for code, message in [
    (400, "7 leads, -3 follows: rest"),
    (401, "bool true char x float 1.5 float debug 2.0"),
    (402, 'debug "a\\"b\\n" \'c\' -5 true'),
    (403, "ff 0xFF 17 0b00000101 ffff +1"),
    (404, "[    42] [__-7___] [true  ] [***x] [-0042] [1.5e0]"),
    (405, "truefalse alarm"),
    (406, "text'x'"),
    (407, '12"q"false'),
    (416, "0x10x2"),
    (409, "a-5b"),
    (410, "9 and 9 again"),
    (429, "Maybe slow down"),
    (414, "Defaults 7"),
    (415, "Unsupported media type"),
    (415, "Skipped 1"),
    (417, "Expectation failed"),
    (402, "Insufficient credits: available 3, required 10"),
    (400, "Missing required fields: model, task_type, input"),
    (401, "Missing x-api-key header"),
    (401, "Invalid API key"),
    (403, "API key disabled"),
    (404, "Task not found"),
    (500, "Internal server error"),
    (502, "Upstream provider error"),
]] + [
    (408, 60, "Slow down"),
    (429, 5, "Maybe slow down"),
    (503, 7, "Maintenance"),
    (429, 60, "Rate limit exceeded."),
]
CODE_BYTES = {429: 240, 500: 241, 502: 242, 503: 243, 504: 244, 418: 245, 451: 246, 599: 247}


def decode_input(code, delay, message):
    byte = code - 400 if 400 <= code < 432 else CODE_BYTES[code]
    delay_bytes = b"\x00" if delay is None else b"\x01" + struct.pack("<Q", delay)
    return bytes([byte]) + delay_bytes + message.encode()


if __name__ == "__main__":
    main()
