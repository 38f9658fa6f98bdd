// The generated module in headless Chromium (Debian's package), on a page served from one
// origin, calling task_api serve on another: the 402's class and fields, and the 429's delay
// read from Retry-After (exposed by `serve --cors`) and slept by the page.
//
// Driven over the DevTools protocol with Node's own WebSocket (node --experimental-websocket).
// Needs $TASK_API (the example binary) and chromium ($CHROMIUM, default "chromium").
import { test } from "node:test";
import { strict as assert } from "node:assert";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { serve } from "../live/server.js";

// build/browser/ -> clients/typescript/
const PACKAGE = fileURLToPath(new URL("../../", import.meta.url));
const BUILD = join(PACKAGE, "build");

interface Socket {
  send(data: string): void;
  close(): void;
  addEventListener(type: string, listener: (event: { data?: unknown }) => void): void;
}

function staticServer(): Promise<{ origin: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const file =
      path === "/" || path === "/page.html"
        ? join(PACKAGE, "browser", "page.html")
        : /^\/[a-z_/]+\.js$/.test(path) && !path.includes("..")
          ? join(BUILD, path)
          : null;
    if (file === null || !existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    const type = file.endsWith(".html") ? "text/html; charset=utf-8" : "text/javascript; charset=utf-8";
    response.writeHead(200, { "content-type": type, "cache-control": "no-store" });
    response.end(readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        origin: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

async function waitFor<T>(what: string, seconds: number, probe: () => Promise<T | null> | T | null): Promise<T> {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== null) {
      return value;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${seconds} s waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test("browser: the module in headless Chromium, across origins", { timeout: 120000 }, async () => {
  const WebSocketClass = (globalThis as unknown as { WebSocket?: new (url: string) => Socket }).WebSocket;
  assert.ok(WebSocketClass !== undefined, "run node with --experimental-websocket");
  const page = await staticServer();
  const api = await serve(["--window", "5", "--cors", page.origin]);
  const profile = mkdtempSync(join(tmpdir(), "chromium-"));
  const chromium = spawn(
    process.env["CHROMIUM"] ?? "chromium",
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      "about:blank",
    ],
    // Its own process group, so teardown can reach the renderer and zygote children too.
    { stdio: ["ignore", "ignore", "pipe"], detached: true },
  );
  const exited = new Promise<void>((resolve) => {
    if (chromium.exitCode !== null || chromium.signalCode !== null) {
      resolve();
    } else {
      chromium.once("exit", () => resolve());
    }
  });
  let stderr = "";
  chromium.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  let socket: Socket | null = null;
  try {
    const active = join(profile, "DevToolsActivePort");
    const [port, path] = await waitFor("DevToolsActivePort", 30, () =>
      existsSync(active) && readFileSync(active, "utf8").includes("\n") ? readFileSync(active, "utf8").split("\n") : null,
    );
    const ws = new WebSocketClass(`ws://127.0.0.1:${port ?? ""}${path ?? ""}`);
    socket = ws;
    let nextId = 1;
    const pending = new Map<number, (message: { result?: Record<string, unknown>; error?: unknown }) => void>();
    ws.addEventListener("message", (event) => {
      const message = JSON.parse(String(event.data)) as { id?: number; result?: Record<string, unknown>; error?: unknown };
      if (message.id !== undefined) {
        pending.get(message.id)?.(message);
        pending.delete(message.id);
      }
    });
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener("open", () => resolve());
      ws.addEventListener("error", () => reject(new Error("no DevTools connection")));
    });
    const call = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, (message) => (message.error !== undefined ? reject(new Error(JSON.stringify(message.error))) : resolve(message.result ?? {})));
        ws.send(JSON.stringify(sessionId === undefined ? { id, method, params } : { id, method, params, sessionId }));
      });
    const url = `${page.origin}/page.html?api=${encodeURIComponent(api.base)}`;
    const { targetId } = await call("Target.createTarget", { url });
    const { sessionId } = await call("Target.attachToTarget", { targetId, flatten: true });
    const evaluate = async (expression: string): Promise<unknown> => {
      const reply = await call("Runtime.evaluate", { expression, returnByValue: true }, String(sessionId));
      return (reply["result"] as { value?: unknown } | undefined)?.value;
    };
    const title = await waitFor("the page to finish", 60, async () => {
      const value = await evaluate("document.title");
      return value === "done" || value === "failed" ? value : null;
    });
    const text = String(await evaluate("document.getElementById('result').textContent"));
    assert.equal(title, "done", text);
    const result = JSON.parse(text) as {
      payment: Record<string, unknown>;
      rateLimit: { finalStatus: number; seen: Array<{ status: number; retryAfter: string | null; remaining: string | null }>; slept: number[] };
    };
    assert.deepEqual(result.payment, {
      class: "TaskErrorInsufficientCredits",
      code: 402,
      message: "Insufficient credits: available 3, required 10",
      case: "TaskError.InsufficientCredits",
      fields: { available: "bigint:3", required: "bigint:10" },
      available: "bigint:3",
      required: "bigint:10",
    });
    const { seen, slept, finalStatus } = result.rateLimit;
    assert.equal(finalStatus, 200);
    assert.equal(seen.length, 2);
    assert.equal(seen[0]?.status, 429);
    // Readable across origins only because the server exposes it.
    assert.match(seen[0]?.retryAfter ?? "", /^[1-5]$/);
    assert.equal(seen[0]?.remaining, "0");
    assert.deepEqual(slept, [Number(seen[0]?.retryAfter)]);
    assert.equal(seen[1]?.status, 200);
  } catch (error) {
    throw new Error(`${String(error)}\nchromium said:\n${stderr.slice(-2000)}`);
  } finally {
    socket?.close();
    // Children still writing to the profile after the parent dies made the removal below fail
    // with ENOTEMPTY (a CI run): kill the whole group, wait for the parent, and let rmSync
    // retry while the last child lets go.
    const pid = chromium.pid;
    try {
      if (pid !== undefined && pid > 0) {
        process.kill(-pid, "SIGKILL");
      }
    } catch {
      chromium.kill("SIGKILL");
    }
    // unref: the bound must not keep node's event loop alive once chromium is gone.
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10000).unref())]);
    await api.stop();
    await page.close();
    rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
  }
});
