// The shared-vector runner, on its own small sample (tests/fixtures/sample_*.json, written
// by hand for the runner's test), and on the real vectors when Rust has written them.
import { test } from "node:test";
import { strict as assert } from "node:assert";
import { existsSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { ROOT, runDecodeVectors, runRetryVectors } from "./vectors.js";

const SAMPLES = new URL("clients/typescript/tests/fixtures/", ROOT);

test("the runner passes its sample decode vectors", () => {
  assert.equal(runDecodeVectors(new URL("sample_decode.json", SAMPLES)), 8);
});

test("the runner passes its sample retry vectors", () => {
  assert.equal(runRetryVectors(new URL("sample_retry.json", SAMPLES)), 14);
});

test("the runner fails a wrong expectation, an unused draw and another catalogue", () => {
  const dir = mkdtempSync(join(tmpdir(), "vectors-"));
  const write = (name: string, value: unknown): URL => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(value));
    return pathToFileURL(path);
  };
  const catalogue = "sunor-errors-codegen/tests/fixtures/task_error.v2.json";
  const wrongCase = write("d.json", {
    catalogue,
    vectors: [{ name: "x", status: 404, headers: [], body: '{"code":404,"message":"Task not found"}', body_base64: null,
      expect: { code: 404, message: "Task not found", retry_after: null, case: null, fields: {} } }],
  });
  assert.throws(() => runDecodeVectors(wrongCase), /x/);
  const extraDraw = write("r.json", {
    catalogue,
    vectors: [{ name: "y", deadline: null, steps: [{ clock: 0, response: { status: 502, headers: [], body: "" }, jitter: [0, 0],
      expect: { decision: "retry", wait: 1 } }] }],
  });
  assert.throws(() => runRetryVectors(extraDraw), /draws left unused/);
  const other = write("o.json", { catalogue: "tests/snapshots/task_error.catalog.json", vectors: [{}] });
  assert.throws(() => runDecodeVectors(other));
});

for (const [name, run] of [
  ["decode.json", runDecodeVectors],
  ["retry.json", runRetryVectors],
] as const) {
  const path = new URL(`vectors/${name}`, ROOT);
  test(`the shared vectors/${name}`, { skip: existsSync(path) ? false : `vectors/${name} is not written yet` }, () => {
    assert.ok(run(path) > 0);
  });
}
