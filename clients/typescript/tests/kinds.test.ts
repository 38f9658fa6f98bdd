// Every field kind of format 2, from a second test catalogue (kinds.v2.json, generated into
// tests/fixtures/kinds_client.ts): integers of up to 32 bits as numbers and wider ones as
// bigints with their ranges, bool, char, a field shown twice, a case that is not portable
// (raw text, no class), one that is not decodable, a retry_after field of 8 bits, a fixed
// delay, a struct, a default field.
import { test } from "node:test";
import { strict as assert } from "node:assert";

import {
  ConflictError,
  KindsBusy,
  KindsFlag,
  KindsGone,
  KindsMaintenance,
  KindsOffset,
  KindsTwice,
  Limit,
  NotFoundError,
  decode,
  type SunorError,
} from "./fixtures/kinds_client.js";

function read(status: number, message: string, delay: string | null = null): SunorError {
  return decode(status, delay === null ? {} : { "retry-after": delay }, JSON.stringify({ code: status, message }));
}

function found(error: SunorError): unknown {
  return [error.constructor.name, error.case, { ...error.fields }];
}

test("signed integers: numbers up to 32 bits, bigints from 64, each within its range", () => {
  const e = read(400, "Offset -2147483648 out of range -9223372036854775808..9223372036854775807");
  assert.deepEqual(found(e), ["KindsOffset", "Kinds.Offset", { offset: -2147483648, lo: -9223372036854775808n, hi: 9223372036854775807n }]);
  assert.ok(e instanceof KindsOffset);
  assert.equal(typeof (e as KindsOffset).offset, "number");
  assert.equal(typeof (e as KindsOffset).lo, "bigint");
  assert.deepEqual(found(read(400, "Offset 0 out of range 0..0")), ["KindsOffset", "Kinds.Offset", { offset: 0, lo: 0n, hi: 0n }]);
  assert.deepEqual(found(read(400, "Offset 2147483647 out of range -5..-3")), ["KindsOffset", "Kinds.Offset", { offset: 2147483647, lo: -5n, hi: -3n }]);
  for (const message of [
    "Offset 2147483648 out of range 0..0",
    "Offset -2147483649 out of range 0..0",
    "Offset -0 out of range 0..0",
    "Offset +1 out of range 0..0",
    "Offset 01 out of range 0..0",
    "Offset 1 out of range -9223372036854775809..0",
    "Offset 1 out of range 0..9223372036854775808",
    "Offset 1 out of range 0..1e3",
  ]) {
    assert.deepEqual(found(read(400, message)), ["BadRequestError", null, {}], message);
  }
});

test("bool, char and text; a char is one scalar value", () => {
  assert.deepEqual(found(read(409, "Flag beta is true (A)")), ["KindsFlag", "Kinds.Flag", { name: "beta", on: true, grade: "A" }]);
  assert.deepEqual(found(read(409, "Flag  is false (\u{1F600})")), ["KindsFlag", "Kinds.Flag", { name: "", on: false, grade: "\u{1F600}" }]);
  // Lazy text, then the literal: the first split (the Perl rule).
  assert.deepEqual(found(read(409, "Flag a is true (x) is false (y)")), ["KindsFlag", "Kinds.Flag", { name: "a is true (x)", on: false, grade: "y" }]);
  const flag = read(409, "Flag x is true (\n)");
  assert.ok(flag instanceof KindsFlag && flag instanceof ConflictError);
  assert.equal((flag as KindsFlag).grade, "\n");
  for (const message of ["Flag x is True (A)", "Flag x is true (AB)", "Flag x is true ()", "Flag x is 1 (A)"]) {
    assert.deepEqual(found(read(409, message)), ["ConflictError", null, {}], message);
  }
});

test("a field shown twice must read the same both times", () => {
  assert.deepEqual(found(read(422, "255 items, 255 expected")), ["KindsTwice", "Kinds.Twice", { n: 255 }]);
  assert.equal((read(422, "7 items, 7 expected") as KindsTwice).n, 7);
  for (const message of ["3 items, 4 expected", "256 items, 256 expected", "07 items, 7 expected"]) {
    assert.deepEqual(found(read(422, message)), ["UnprocessableEntityError", null, {}], message);
  }
});

test("a case that is not decodable is skipped; one that is not portable gives its raw text", () => {
  const legacy = read(404, "Unknown model legacy");
  assert.deepEqual(found(legacy), ["NotFoundError", "Kinds.Custom", { model: "legacy" }]);
  assert.equal(legacy.constructor, NotFoundError);
  assert.deepEqual(found(read(404, "Unknown model {\"x\": 1}")), ["NotFoundError", "Kinds.Custom", { model: "{\"x\": 1}" }]);
});

test("a retry_after field of 8 bits, a fixed delay, a struct, a default field", () => {
  assert.deepEqual(found(read(503, "Busy", "255")), ["KindsBusy", "Kinds.Busy", { wait: 255 }]);
  assert.ok(read(503, "Busy", "0") instanceof KindsBusy);
  assert.deepEqual(found(read(503, "Busy", "256")), ["InternalServerError", null, {}]);
  assert.deepEqual(found(read(503, "Busy")), ["InternalServerError", null, {}]);
  assert.deepEqual(found(read(503, "Down for maintenance")), ["KindsMaintenance", "Kinds.Maintenance", {}]);
  assert.ok(read(503, "Down for maintenance", "5") instanceof KindsMaintenance);
  const limit = read(429, "Limit 4294967295 per minute");
  assert.deepEqual(found(limit), ["Limit", "Limit", { limit: 4294967295, window: "minute" }]);
  assert.ok(limit instanceof Limit);
  assert.deepEqual(found(read(429, "Limit 4294967296 per minute")), ["RateLimitError", null, {}]);
  const gone = read(410, "Gone");
  assert.deepEqual(found(gone), ["KindsGone", "Kinds.Gone", {}]);
  assert.ok(gone instanceof KindsGone);
});
