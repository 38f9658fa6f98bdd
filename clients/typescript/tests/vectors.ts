// The runner of the shared vectors (`vectors/decode.json`, `vectors/retry.json`, written by
// Rust): the generated module must give, for every vector, what Rust gives.
//
// Readings of the format this runner makes (the vectors' own README is the reference):
// - decode: `headers` are passed as the list of pairs (repeated names stay separate);
//   `body` is text, `body_base64` bytes, neither an empty body; an HTTP-date is counted
//   from the vector's `now` (FIXED_NOW when it gives none). `fields` compares every field decoded: `{"int": "<decimal>"}` to an
//   integer (number or bigint) of that value, strings and booleans as they are; a field the
//   server never sends (`from: "default"` in the catalogue), which the module leaves out of
//   `fields`, is `null`.
// - retry: one run per vector, on a fresh budget of the catalogue's policy, started at the
//   first step's clock (the deadline counts from there). At each step the clock reads
//   `clock`; after the first step, the run is first asked whether the attempt may go (a
//   deadline already passed gives up there, the step's response unsent); then the step's
//   response (or transport failure) is recorded. `jitter` lists the draws the step makes,
//   in order; all of them must be used. A response's rate-limit reset and any HTTP-date are
//   read at the vector's `now` (FIXED_NOW when it gives none).
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";

import {
  type Attempt,
  type Decision,
  CASES,
  RetryBudget,
  RetryRun,
  decode,
  rateLimitReset,
} from "../sunor_errors_client.js";

/** Sun, 06 Nov 1994 08:48:37 GMT, in milliseconds: the wall clock of every vector. */
export const FIXED_NOW = 784111717000;

/** The repository's root, from build/tests/. */
export const ROOT = new URL("../../../../", import.meta.url);

type Header = [string, string];
type FieldJson = string | boolean | { int: string } | null;

interface DecodeVector {
  name: string;
  status: number;
  headers: Header[];
  body: string | null;
  body_base64: string | null;
  now?: number | null;
  expect: {
    code: number;
    message: string;
    retry_after: number | null;
    case: string | null;
    fields: Record<string, FieldJson>;
  };
}

type ResponseJson = { status: number; headers: Header[]; body: string } | { transport: "not_sent" | "maybe_sent" };

interface RetryVector {
  name: string;
  deadline: number | null;
  now?: number | null;
  steps: Array<{
    clock: number;
    response: ResponseJson;
    jitter: number[];
    expect: { decision: "retry"; wait: number } | { decision: "give_up"; reason: string } | { decision: "success" };
  }>;
}

function load<T>(path: URL): { catalogue: string; vectors: T[] } {
  const file = JSON.parse(readFileSync(path, "utf8")) as { catalogue: string; vectors: T[] };
  assert.equal(typeof file.catalogue, "string");
  assert.ok(Array.isArray(file.vectors) && file.vectors.length > 0, "no vectors");
  return file;
}

/**
 * Fails unless the vectors' catalogue is the one the module was generated from; returns, by
 * case id, the names of the fields the server never sends (`from: "default"`).
 */
export function checkCatalogue(catalogue: string): Map<string, string[]> {
  const json = JSON.parse(readFileSync(new URL(catalogue, ROOT), "utf8")) as {
    cases: Array<{
      id: string;
      code: number;
      pattern: string;
      portable: boolean;
      decodable: boolean;
      fields: Array<{ name: string; from?: string }>;
    }>;
  };
  assert.deepEqual(
    json.cases.map(({ id, code, pattern, portable, decodable }) => ({ id, code, pattern, portable, decodable })),
    CASES.map(({ id, code, pattern, portable, decodable }) => ({ id, code, pattern, portable, decodable })),
    `the module was not generated from ${catalogue}: generate it anew`,
  );
  return new Map(json.cases.map(({ id, fields }) => [id, fields.filter((f) => f.from === "default").map((f) => f.name)]));
}

function field(value: unknown): FieldJson {
  if (typeof value === "bigint" || typeof value === "number") {
    return { int: value.toString() };
  }
  if (typeof value === "string" || typeof value === "boolean") {
    return value;
  }
  throw new Error(`a field of type ${typeof value}`);
}

/** Runs every decode vector of `path`; returns how many ran. */
export function runDecodeVectors(path: URL): number {
  const { catalogue, vectors } = load<DecodeVector>(path);
  const unsent = checkCatalogue(catalogue);
  for (const v of vectors) {
    const body =
      v.body_base64 !== null && v.body_base64 !== undefined
        ? new Uint8Array(Buffer.from(v.body_base64, "base64"))
        : (v.body ?? "");
    const error = decode(v.status, v.headers, body, nowMs(v.now));
    const fields: Record<string, FieldJson> = {};
    for (const [name, value] of Object.entries(error.fields)) {
      fields[name] = field(value);
    }
    for (const name of error.case === null ? [] : (unsent.get(error.case) ?? [])) {
      fields[name] ??= null;
    }
    assert.deepEqual(
      { code: error.code, message: error.message, retry_after: error.retryAfter, case: error.case, fields },
      {
        ...v.expect,
        // JSON numbers past 2^53 read as the nearest double, as retryAfter holds them.
        retry_after: v.expect.retry_after,
      },
      v.name,
    );
  }
  return vectors.length;
}

/** The wall clock of a vector, in milliseconds: its `now` (unix seconds), else FIXED_NOW. */
function nowMs(now: number | null | undefined): number {
  return now === null || now === undefined ? FIXED_NOW : now * 1000;
}

function attempt(response: ResponseJson, now: number): Attempt {
  if ("transport" in response) {
    return { transport: response.transport };
  }
  if (response.status < 400 || response.status > 599) {
    return { error: null };
  }
  const error = decode(response.status, response.headers, response.body, now);
  return { error, reset: error.code === 429 ? rateLimitReset(response.headers, now) : null };
}

/** Runs every retry vector of `path`; returns how many steps ran. */
export function runRetryVectors(path: URL): number {
  const { catalogue, vectors } = load<RetryVector>(path);
  checkCatalogue(catalogue);
  let steps = 0;
  for (const v of vectors) {
    const first = v.steps[0];
    assert.ok(first !== undefined, `${v.name}: no steps`);
    let clock = first.clock;
    let draws: number[] = [];
    const run = new RetryRun({
      clock: () => clock,
      jitter: () => {
        const draw = draws.shift();
        if (draw === undefined) {
          throw new Error(`${v.name}: a draw that the step does not give`);
        }
        return draw;
      },
      deadline: v.deadline,
      budget: new RetryBudget(),
    });
    let last: Attempt | null = null;
    v.steps.forEach((step, index) => {
      clock = step.clock;
      draws = [...step.jitter];
      const name = `${v.name}, step ${index + 1}`;
      let decision: Decision | null = run.ready(last);
      assert.ok(decision === null || decision.decision === "give_up", `${name}: held (a lone run is never held)`);
      const result = attempt(step.response, nowMs(v.now));
      decision ??= run.record(result);
      assert.deepEqual(decision, step.expect, name);
      assert.deepEqual(draws, [], `${name}: draws left unused`);
      last = result;
      steps++;
    });
  }
  return steps;
}
