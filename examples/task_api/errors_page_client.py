"""The sunor errors page's own Python client loop, pointed at the task_api mock server.

    cargo run --example task_api -- serve --fail-internal 1
    python3 errors_page_client.py http://127.0.0.1:8080

`create_task` is the errors page's example, unchanged but for the base URL.
"""
import sys
import time

import requests

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"


def create_task(api_key, payload, max_retries=3):
    for attempt in range(max_retries):
        response = requests.post(
            BASE + "/api/v1/task",
            headers={
                "Content-Type": "application/json",
                "x-api-key": api_key,
            },
            json=payload,
        )

        if response.status_code == 202:
            return response.json()["data"]
        elif response.status_code == 429:
            retry_after = int(response.headers.get("Retry-After", 30))
            time.sleep(retry_after)
        elif response.status_code >= 500:
            time.sleep(2 ** attempt)
        else:
            error = response.json()
            raise Exception(f"API error {error['code']}: {error['message']}")

    raise Exception("Max retries exceeded")


LYRICS = {"model": "suno", "task_type": "lyrics", "input": {"prompt": "rain"}}
MUSIC = {"model": "suno", "task_type": "music", "input": {"prompt": "rain"}}

if __name__ == "__main__":
    for key, payload in [
        ("demo-key", LYRICS),  # a 500 first when served with --fail-internal 1
        ("low-credit-key", MUSIC),  # 402: music costs 10, the key has 3
        ("burst-key", LYRICS),
        ("burst-key", LYRICS),
        ("burst-key", LYRICS),  # 429 past 2 requests per window: waits Retry-After
        ("no-such-key", LYRICS),  # 401
    ]:
        try:
            print(f"{key}: created {create_task(key, payload)}")
        except Exception as error:
            print(f"{key}: {error}")
