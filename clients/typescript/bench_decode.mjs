// Decodes per second of the errors page's 402 by the generated module (compiled: run
// `npx tsc -p tsconfig.json` first), beside a hand-written regex for the same message.
//
//   node bench_decode.mjs [seconds per round, default 1]   (9 rounds of each, interleaved)
//
// Both read the same response: status 402, `Content-Type: application/json`, the body as
// text (what `response.text()` gives) and as bytes (what `arrayBuffer()` gives). The
// hand-written decoder is what a careful user writes for this one message: JSON.parse,
// an anchored regex, BigInt for the two numbers, a plain object out. `decode` does the
// whole contract (strict body rules, headers, every case of the catalogue, an error object).
import { decode } from "./build/sunor_errors_client.js";

const BODY = '{"code":402,"message":"Insufficient credits: available 3, required 10"}';
const BYTES = new TextEncoder().encode(BODY);
const HEADERS = { "content-type": "application/json" };
const PATTERN = /^Insufficient credits: available (0|[1-9][0-9]*), required (0|[1-9][0-9]*)$/;
const utf8 = new TextDecoder();

function handWritten(status, text) {
  const json = JSON.parse(text);
  const match = PATTERN.exec(json.message);
  if (match === null) {
    return { code: status, message: json.message };
  }
  return { code: status, message: json.message, available: BigInt(match[1]), required: BigInt(match[2]) };
}

const contenders = {
  "decode (text)": () => decode(402, HEADERS, BODY),
  "hand-written regex (text)": () => handWritten(402, BODY),
  "decode (bytes)": () => decode(402, HEADERS, BYTES),
  "hand-written regex (bytes)": () => handWritten(402, utf8.decode(BYTES)),
};

// The answers first: a benchmark of wrong answers measures nothing.
const decoded = decode(402, HEADERS, BODY);
const hand = handWritten(402, BODY);
if (decoded.case !== "TaskError.InsufficientCredits" || decoded.fields.available !== 3n || decoded.fields.required !== 10n) {
  throw new Error("decode gave " + String(decoded.case));
}
if (hand.available !== 3n || hand.required !== 10n) {
  throw new Error("the hand-written decoder is wrong");
}

const seconds = Number(process.argv[2] ?? 1);
const ROUNDS = 9;
let sink = 0;
// One round: [decodes per wall-clock second, decodes per second of this process's CPU time].
// On a shared machine the CPU figure is the steadier one (time spent descheduled is not in it).
function round(run) {
  let count = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 10000; i++) {
      if (run() !== null) {
        sink++;
      }
    }
    count += 10000;
    now = performance.now();
  }
  const used = process.cpuUsage(cpu);
  return [(count / (now - start)) * 1000, (count / (used.user + used.system)) * 1e6];
}

const rates = Object.fromEntries(Object.keys(contenders).map((name) => [name, { wall: [], cpu: [] }]));
for (const run of Object.values(contenders)) {
  round(run); // warm up
}
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, run] of Object.entries(contenders)) {
    const [wall, cpu] = round(run);
    rates[name].wall.push(wall);
    rates[name].cpu.push(cpu);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (x) => Math.round(x).toLocaleString("en").padStart(11);
const result = {};
console.log(`${"".padEnd(28)} ${"per second".padStart(11)} ${"per CPU s".padStart(11)}   (medians of ${ROUNDS} rounds of ${seconds} s)`);
for (const [name, { wall, cpu }] of Object.entries(rates)) {
  result[name] = { wall: median(wall), cpu: median(cpu) };
  console.log(`${name.padEnd(28)} ${fmt(result[name].wall)} ${fmt(result[name].cpu)}`);
}
for (const form of ["text", "bytes"]) {
  const hand = result[`hand-written regex (${form})`];
  const ours = result[`decode (${form})`];
  console.log(
    `time ratio decode / hand-written (${form}): ${(hand.wall / ours.wall).toFixed(2)}x (CPU ${(hand.cpu / ours.cpu).toFixed(2)}x)`,
  );
}
if (sink === 0) {
  console.log("");
}
