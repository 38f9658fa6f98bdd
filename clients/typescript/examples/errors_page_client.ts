// The sunor errors page's Node.js client loop, rewritten on the generated module: the same
// requests, with the retries, waits and error reading of the Rust crate.
//
//     cargo run --example task_api -- serve --fail-internal 1
//     node build/examples/errors_page_client.js http://127.0.0.1:8080
//
// The page's loop retried every 5xx and 429 itself (sleeping `Retry-After`, 30 s when it
// was missing, 2^attempt s after a 5xx) and threw `API error CODE: MESSAGE` otherwise;
// `withRetries` does all of that as the documented policy says (jitter, the 120 s cap, the
// retry budget), and what it throws is the decoded error, a class per case.
import { fileURLToPath } from "node:url";

import { type WithRetriesOptions, withRetries } from "../sunor_errors_client.js";

export interface Task {
  readonly task_id: string;
  readonly status: string;
}

export async function createTask(
  base: string,
  apiKey: string,
  payload: unknown,
  options: WithRetriesOptions = {},
): Promise<Task> {
  const response = await withRetries(
    (signal) =>
      fetch(base + "/api/v1/task", {
        method: "POST",
        headers: { "Content-Type": "application/json", "x-api-key": apiKey },
        body: JSON.stringify(payload),
        signal,
      }),
    options,
  );
  const json = (await response.json()) as { data: Task };
  return json.data;
}

export const LYRICS = { model: "suno", task_type: "lyrics", input: { prompt: "rain" } };
export const MUSIC = { model: "suno", task_type: "music", input: { prompt: "rain" } };

/** The page's session: one line per request, as the Python loop prints them. */
export async function session(base: string, options: WithRetriesOptions = {}): Promise<string[]> {
  const lines: string[] = [];
  for (const [key, payload] of [
    ["demo-key", LYRICS], // a 500 first when served with --fail-internal 1
    ["low-credit-key", MUSIC], // 402: music costs 10, the key has 3
    ["burst-key", LYRICS],
    ["burst-key", LYRICS],
    ["burst-key", LYRICS], // 429 past 2 requests per window: waits Retry-After
    ["no-such-key", LYRICS], // 401
  ] as const) {
    try {
      const task = await createTask(base, key, payload, options);
      lines.push(`${key}: created ${JSON.stringify(task)}`);
    } catch (error) {
      const e = error as { code?: number; message: string; case?: string | null };
      lines.push(`${key}: API error ${String(e.code)}: ${e.message} (case ${String(e.case)})`);
    }
  }
  return lines;
}

// Run as a program: the session against the base URL given (or the serve default).
if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  session(process.argv[2] ?? "http://127.0.0.1:8080").then(
    (lines) => {
      for (const line of lines) {
        console.log(line);
      }
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
