// The errors page's Node loop, on the generated module, against `task_api serve`.
import { test } from "node:test";
import { strict as assert } from "node:assert";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";

import { createTask, LYRICS, MUSIC } from "../examples/errors_page_client.js";
import {
  InternalServerError,
  PaymentRequiredError,
  RateLimitError,
  RetryBudget,
  TaskErrorInsufficientCredits,
  decode,
} from "../sunor_errors_client.js";
import { serve } from "./server.js";

function recordingSleep(real: boolean): { sleep: (s: number) => Promise<void>; slept: number[] } {
  const slept: number[] = [];
  return {
    slept,
    sleep: (seconds) => {
      slept.push(seconds);
      return real ? new Promise((resolve) => setTimeout(resolve, seconds * 1000)) : Promise.resolve();
    },
  };
}

test("live: the 500 and the 502 are retried, then the task is created", async () => {
  const server = await serve(["--fail-internal", "1", "--fail-upstream", "1"]);
  try {
    const { sleep, slept } = recordingSleep(false);
    const task = await createTask(server.base, "demo-key", LYRICS, { sleep, jitter: () => 0, budget: new RetryBudget() });
    assert.deepEqual(task, { task_id: "task-000001", status: "pending" });
    assert.deepEqual(slept, [1, 2]);
  } finally {
    await server.stop();
  }
});

test("live: the 402 comes back as its class, with its fields", async () => {
  const server = await serve([]);
  try {
    const { sleep, slept } = recordingSleep(false);
    await assert.rejects(createTask(server.base, "low-credit-key", MUSIC, { sleep, budget: new RetryBudget() }), (e: unknown) => {
      assert.ok(e instanceof TaskErrorInsufficientCredits);
      assert.ok(e instanceof PaymentRequiredError);
      assert.equal(e.code, 402);
      assert.equal(e.message, "Insufficient credits: available 3, required 10");
      assert.equal(e.available, 3n);
      assert.equal(e.required, 10n);
      assert.deepEqual(e.fields, { available: 3n, required: 10n });
      assert.equal(e.bodyText, '{"code":402,"message":"Insufficient credits: available 3, required 10"}');
      return true;
    });
    assert.deepEqual(slept, []);
  } finally {
    await server.stop();
  }
});

test("live: the 429 waits the server's delay, then succeeds", async () => {
  const server = await serve(["--window", "5"]);
  try {
    const headers: Array<string | null> = [];
    const send = async (signal: AbortSignal): Promise<Response> => {
      const response = await fetch(server.base + "/api/v1/account/balance", { headers: { "x-api-key": "burst-key" }, signal });
      headers.push(response.status === 429 ? response.headers.get("retry-after") : null);
      return response;
    };
    const { withRetries } = await import("../sunor_errors_client.js");
    // Two requests spend the window's quota.
    for (let k = 0; k < 2; k++) {
      assert.equal((await fetch(server.base + "/api/v1/account/balance", { headers: { "x-api-key": "burst-key" } })).status, 200);
    }
    const { sleep, slept } = recordingSleep(true);
    const response = await withRetries(send, { sleep, budget: new RetryBudget() });
    assert.equal(response.status, 200);
    assert.equal(headers.length, 2);
    const delay = Number(headers[0]);
    assert.ok(delay >= 1 && delay <= 5, String(headers[0]));
    assert.deepEqual(slept, [delay]);
    // The 429 itself, read by decode: its class and the same delay.
    for (let k = 0; k < 2; k++) {
      await fetch(server.base + "/api/v1/account/balance", { headers: { "x-api-key": "burst-key" } });
    }
    const limited = await fetch(server.base + "/api/v1/account/balance", { headers: { "x-api-key": "burst-key" } });
    const e = decode(limited.status, limited.headers, new Uint8Array(await limited.arrayBuffer()));
    assert.ok(e instanceof RateLimitError);
    assert.equal(e.case, "TaskError.RateLimited");
    assert.equal(e.retryAfter, Number(limited.headers.get("retry-after")));
  } finally {
    await server.stop();
  }
});

test("live: an HTML 502 from a proxy whose upstream is down gives the status class and the raw text", async () => {
  // The upstream: a port that was bound, then closed.
  const closed: Server = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const deadPort = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const page =
    "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
  let forwarded = 0;
  const proxy = createServer((request, response) => {
    forwarded++;
    fetch(`http://127.0.0.1:${deadPort}${request.url ?? "/"}`).then(
      () => response.end(),
      () => {
        response.writeHead(502, { "content-type": "text/html" });
        response.end(page);
      },
    );
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  try {
    const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const { sleep, slept } = recordingSleep(false);
    await assert.rejects(createTask(base, "demo-key", LYRICS, { sleep, jitter: () => 0, budget: new RetryBudget() }), (e: unknown) => {
      assert.ok(e instanceof InternalServerError);
      assert.equal(e.constructor, InternalServerError);
      assert.equal(e.code, 502);
      assert.equal(e.message, "Upstream provider error");
      assert.equal(e.case, null);
      assert.equal(e.bodyText, page);
      return true;
    });
    assert.deepEqual(slept, [1, 2, 4]);
    assert.equal(forwarded, 4);
  } finally {
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
  }
});

test("live: the rewritten loop as a program, against the server", async () => {
  const server = await serve(["--window", "1", "--fail-internal", "1"]);
  try {
    const script = fileURLToPath(new URL("../examples/errors_page_client.js", import.meta.url));
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [script, server.base], { timeout: 60000 }, (error, stdout, stderr) =>
        error === null ? resolve(stdout) : reject(new Error(`${error.message}\n${stderr}`)),
      );
    });
    assert.equal(
      output,
      'demo-key: created {"task_id":"task-000001","status":"pending"}\n' +
        "low-credit-key: API error 402: Insufficient credits: available 3, required 10 (case TaskError.InsufficientCredits)\n" +
        'burst-key: created {"task_id":"task-000002","status":"pending"}\n' +
        'burst-key: created {"task_id":"task-000003","status":"pending"}\n' +
        'burst-key: created {"task_id":"task-000004","status":"pending"}\n' +
        "no-such-key: API error 401: Invalid API key (case TaskError.InvalidApiKey)\n",
    );
  } finally {
    await server.stop();
  }
});
