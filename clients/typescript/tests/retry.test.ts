// The retry loop step by step (RetryRun, injected clock and draws), the budget, the
// deadline and the caps; then withRetries over fake fetch answers with an injected sleep.
import { test } from "node:test";
import { strict as assert } from "node:assert";

import {
  type Attempt,
  type Decision,
  DeadlineError,
  InternalServerError,
  POLICY,
  RetryBudget,
  RetryRun,
  TaskErrorInsufficientCredits,
  decode,
  withRetries,
} from "../sunor_errors_client.js";

// A run on a clock the test sets, with the draws of each step given: every draw must be used.
class Script {
  clock = 0;
  draws: number[] = [];
  readonly run: RetryRun;

  constructor(options: { deadline?: number; budget?: RetryBudget | null; start?: number } = {}) {
    this.clock = options.start ?? 0;
    this.run = new RetryRun({
      clock: () => this.clock,
      jitter: () => {
        const draw = this.draws.shift();
        if (draw === undefined) {
          throw new Error("a draw that the step did not give");
        }
        return draw;
      },
      deadline: options.deadline ?? null,
      budget: options.budget === undefined ? new RetryBudget() : options.budget,
    });
  }

  step(clock: number, attempt: Attempt, draws: number[] = [], last: Attempt | null = null): Decision {
    this.clock = clock;
    this.draws = [...draws];
    const held = this.run.ready(last);
    const decision = held ?? this.run.record(attempt);
    assert.deepEqual(this.draws, [], "every draw given is used");
    return decision;
  }
}

function error(status: number, headers: Record<string, string> = {}, body = ""): Attempt {
  return { error: decode(status, headers, body) };
}

const retry = (wait: number): Decision => ({ decision: "retry", wait });
const giveUp = (reason: string): Decision => ({ decision: "give_up", reason } as Decision);

test("5xx: exponential waits jittered by one draw each, then retries exhausted", () => {
  const s = new Script();
  const e = error(502);
  assert.deepEqual(s.step(0, e, [0]), retry(1));
  assert.deepEqual(s.step(1, e, [0.5], e), retry(2.5));
  assert.deepEqual(s.step(3.5, e, [0.999], e), retry(5.998));
  // No draw for a give-up.
  assert.deepEqual(s.step(9.5, e, [], e), giveUp("retries_exhausted"));
  // The top of the window: u just below 1 gives 1.5 d.
  const t = new Script();
  assert.deepEqual(t.step(0, error(500), [1 - 2 ** -53]), retry(1.5));
  assert.deepEqual(t.step(1.5, error(408), [0.25], error(500)), retry(2.25));
});

test("a transport failure is retried as a 5xx", () => {
  const s = new Script();
  const refused: Attempt = { transport: "not_sent" };
  const timeout: Attempt = { transport: "maybe_sent" };
  assert.deepEqual(s.step(0, refused, [0]), retry(1));
  assert.deepEqual(s.step(1, timeout, [0], refused), retry(2));
  assert.deepEqual(s.step(3, timeout, [0], timeout), retry(4));
  assert.deepEqual(s.step(7, refused, [], timeout), giveUp("retries_exhausted"));
  assert.deepEqual(new Script().step(0, { other: true }), giveUp("not_retryable"));
});

test("429: the server's delay exactly, 30 s without one, the cap, a zero delay spread", () => {
  const s = new Script();
  const seven = error(429, { "retry-after": "7" });
  assert.deepEqual(s.step(0, seven), retry(7));
  assert.deepEqual(s.step(7, error(429), [], seven), retry(30));
  assert.deepEqual(s.step(37, error(429, {}, '{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":120}'), [], seven), retry(120));
  assert.deepEqual(s.step(157, seven, [], seven), giveUp("retries_exhausted"));
  assert.deepEqual(new Script().step(0, error(429, { "retry-after": "121" })), giveUp("server_delay_too_long"));
  assert.deepEqual(new Script().step(0, error(429, { "retry-after": "99999999" })), giveUp("server_delay_too_long"));
  assert.deepEqual(new Script().step(0, error(429, { "retry-after": "18446744073709551615" })), giveUp("server_delay_too_long"));
  // Zero: between 250 and 500 ms, one draw.
  assert.deepEqual(new Script().step(0, error(429, { "retry-after": "0" }), [0.5]), retry(0.375));
  assert.deepEqual(new Script().step(0, error(429, { "retry-after": "0" }), [0]), retry(0.25));
  // The reset of the rate limit, for a 429 without a delay of its own.
  assert.deepEqual(new Script().step(0, { error: decode(429, {}, ""), reset: 17 }), retry(17));
  assert.deepEqual(new Script().step(0, { error: decode(429, {}, ""), reset: 121 }), giveUp("server_delay_too_long"));
  assert.deepEqual(new Script().step(0, { error: decode(429, {}, ""), reset: 0 }, [0]), retry(0.25));
  assert.deepEqual(new Script().step(0, { error: decode(429, { "retry-after": "3" }, ""), reset: 17 }), retry(3));
  assert.deepEqual(new Script().step(0, { error: decode(502, {}, ""), reset: 17 }, [0]), retry(1));
});

test("a server delay is a floor for a 5xx; above the cap it gives up", () => {
  assert.deepEqual(new Script().step(0, error(503, { "retry-after": "10" }), [0.9]), retry(10));
  assert.deepEqual(new Script().step(0, error(503, { "retry-after": "1" }), [0.5]), retry(1.25));
  assert.deepEqual(new Script().step(0, error(503, { "retry-after": "120" }), [0]), retry(120));
  assert.deepEqual(new Script().step(0, error(503, { "retry-after": "121" })), giveUp("server_delay_too_long"));
});

test("not retryable: at once, and the server's answer refills the budget", () => {
  for (const status of [400, 401, 402, 403, 404, 409, 422, 501, 505, 506, 508, 510, 511]) {
    assert.deepEqual(new Script().step(0, error(status, { "retry-after": "1" })), giveUp("not_retryable"), String(status));
  }
  const budget = new RetryBudget();
  const s = new Script({ budget });
  s.step(0, error(502), [0]);
  assert.equal(budget.available(), 19);
  s.step(1, error(402), [], error(502));
  assert.equal(budget.available(), 19.2);
});

test("the budget: spent by retryable failures, not by 429s, retries off at half", () => {
  const budget = new RetryBudget();
  assert.equal(budget.available(), POLICY.budget.maxTokens);
  const run = (clock0: number): Decision[] => {
    const s = new Script({ budget, start: clock0 });
    const out: Decision[] = [];
    let last: Attempt | null = null;
    for (let k = 0; k < 4; k++) {
      const d = s.step(clock0 + k * 10, error(502), k < 3 ? [0] : [], last);
      out.push(d);
      last = error(502);
      if (d.decision !== "retry") {
        break;
      }
    }
    return out;
  };
  // Two runs of four failures: 20 -> 12 tokens.
  assert.deepEqual(run(0).map((d) => d.decision), ["retry", "retry", "retry", "give_up"]);
  assert.deepEqual(run(100).map((d) => d.decision), ["retry", "retry", "retry", "give_up"]);
  assert.equal(budget.available(), 12);
  // 11 left: still more than half; 10: not.
  const s = new Script({ budget, start: 200 });
  assert.deepEqual(s.step(200, error(502), [0]), retry(1));
  assert.deepEqual(s.step(201, error(502), [0], error(502)), giveUp("budget"));
  assert.equal(budget.available(), 10);
  // A 429 neither spends nor is allowed while the bucket is at half.
  assert.deepEqual(new Script({ budget }).step(0, error(429, { "retry-after": "1" })), giveUp("budget"));
  assert.equal(budget.available(), 10);
  // Successes earn 0.2 each: five bring retries back.
  for (let k = 0; k < 5; k++) {
    assert.deepEqual(new Script({ budget }).step(0, { error: null }), { decision: "success" });
  }
  assert.equal(budget.available(), 11);
  assert.ok(budget.allowsRetry());
  // Never below zero, never above the size.
  for (let k = 0; k < 50; k++) {
    budget.fail();
  }
  assert.equal(budget.available(), 0);
  for (let k = 0; k < 500; k++) {
    budget.deposit();
  }
  assert.equal(budget.available(), 20);
  // Without a budget, nothing holds retries back.
  const free = new Script({ budget: null });
  let last: Attempt | null = null;
  for (let k = 0; k < 3; k++) {
    assert.equal(free.step(k * 10, error(502), [0], last).decision, "retry");
    last = error(502);
  }
});

test("another run's failures since hold a retry back (it counts as made)", () => {
  const budget = new RetryBudget();
  const a = new Script({ budget });
  const b = new Script({ budget });
  assert.deepEqual(a.step(0, error(502), [0]), retry(1));
  assert.deepEqual(b.step(0, error(502), [0]), retry(1));
  // a's retry comes due after b failed: held, the next retry's wait (2 s), nothing sent.
  a.clock = 1;
  a.draws = [0];
  assert.deepEqual(a.run.ready(error(502)), retry(2));
  assert.equal(a.run.attemptNumber, 3);
  assert.equal(budget.available(), 18);
});

test("the deadline: a wait that would cross it, or a delay longer than what is left", () => {
  const s = new Script({ deadline: 10, start: 100 });
  assert.deepEqual(s.step(100, error(502), [0]), retry(1));
  assert.deepEqual(s.step(101, error(502), [0], error(502)), retry(2));
  // 107 + 4 >= 110.
  assert.deepEqual(s.step(107, error(502), [0], error(502)), giveUp("deadline"));
  assert.deepEqual(new Script({ deadline: 10 }).step(0, error(429, { "retry-after": "15" })), giveUp("deadline"));
  assert.deepEqual(new Script({ deadline: 10 }).step(0, error(429, { "retry-after": "10" })), giveUp("deadline"));
  assert.deepEqual(new Script({ deadline: 10 }).step(0, error(429, { "retry-after": "9" })), retry(9));
  // Past the deadline when the retry comes due: given up before sending.
  const late = new Script({ deadline: 10 });
  assert.deepEqual(late.step(0, error(502), [0]), retry(1));
  assert.deepEqual(late.step(10, error(502), [], error(502)), giveUp("deadline"));
  assert.equal(new Script({ deadline: 10 }).run.timeLeft(), 10);
  assert.equal(new Script().run.timeLeft(), null);
});

test("no wait is ever longer than the policy's longest", () => {
  let seed = 7;
  const draw = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let k = 0; k < 2000; k++) {
    const run = new RetryRun({ clock: () => 0, jitter: draw, budget: null });
    const status = [408, 429, 500, 502, 503][k % 5] as number;
    const delay = [null, "0", "1", "60", "120", "121"][k % 6] ?? null;
    const d = run.record({ error: decode(status, delay === null ? {} : { "retry-after": delay }, "") });
    if (d.decision === "retry") {
      assert.ok(d.wait <= 120 && d.wait >= 0.25, String(d.wait));
    }
  }
});

// withRetries over scripted answers.
function respond(status: number, body = "", headers: Record<string, string> = {}): Response {
  return new Response(status === 204 || status === 304 ? null : body, { status, headers });
}

function scripted(answers: Array<Response | Error>): { send: () => Promise<Response>; calls: () => number } {
  let calls = 0;
  return {
    send: async () => {
      const answer = answers[calls++];
      if (answer === undefined) {
        throw new Error("more calls than answers");
      }
      if (answer instanceof Error) {
        throw answer;
      }
      return answer;
    },
    calls: () => calls,
  };
}

function recorder(): { sleep: (s: number) => Promise<void>; slept: number[] } {
  const slept: number[] = [];
  return { sleep: async (s: number) => void slept.push(s), slept };
}

test("withRetries: 500 and 502 retried, then the success returned untouched", async () => {
  const { send, calls } = scripted([
    respond(500, '{"code":500,"message":"Internal server error"}'),
    respond(502, '{"code":502,"message":"Upstream provider error"}'),
    respond(202, '{"code":202,"data":{"task_id":"t1"}}'),
  ]);
  const { sleep, slept } = recorder();
  const response = await withRetries(send, { sleep, jitter: () => 0, budget: new RetryBudget() });
  assert.equal(response.status, 202);
  assert.equal(await response.text(), '{"code":202,"data":{"task_id":"t1"}}');
  assert.deepEqual(slept, [1, 2]);
  assert.equal(calls(), 3);
});

test("withRetries: a 402 is thrown at once as its class", async () => {
  const { send, calls } = scripted([respond(402, '{"code":402,"message":"Insufficient credits: available 3, required 10"}')]);
  const { sleep, slept } = recorder();
  await assert.rejects(withRetries(send, { sleep, budget: new RetryBudget() }), (e: unknown) => {
    assert.ok(e instanceof TaskErrorInsufficientCredits);
    assert.equal(e.available, 3n);
    assert.equal(e.required, 10n);
    assert.match(e.stack, /^TaskErrorInsufficientCredits: Insufficient credits: available 3, required 10\n {4}at /);
    return true;
  });
  assert.deepEqual(slept, []);
  assert.equal(calls(), 1);
});

test("withRetries: a 429 waits the server's delay; a reset when it has none", async () => {
  const { send } = scripted([
    respond(429, '{"code":429,"message":"Rate limit exceeded.","retry_after_seconds":2}', { "retry-after": "3" }),
    respond(429, '{"code":429,"message":"Rate limit exceeded."}', { "x-ratelimit-reset": "1700000042" }),
    respond(429, '{"code":429,"message":"Rate limit exceeded."}'),
    respond(200, "{}"),
  ]);
  const { sleep, slept } = recorder();
  const response = await withRetries(send, { sleep, now: () => 1700000000000, budget: new RetryBudget() });
  assert.equal(response.status, 200);
  assert.deepEqual(slept, [3, 42, 30]);
});

test("withRetries: transport failures retried, the caller's abort not", async () => {
  const { send, calls } = scripted([new TypeError("fetch failed"), new TypeError("fetch failed"), respond(200)]);
  const { sleep, slept } = recorder();
  assert.equal((await withRetries(send, { sleep, jitter: () => 0, budget: new RetryBudget() })).status, 200);
  assert.deepEqual(slept, [1, 2]);
  assert.equal(calls(), 3);
  const refused = new TypeError("fetch failed");
  const always = scripted([refused, refused, refused, refused]);
  await assert.rejects(withRetries(always.send, { sleep, jitter: () => 0, budget: new RetryBudget() }), (e) => e === refused);
  assert.equal(always.calls(), 4);
  const abort = new DOMException("stopped", "AbortError");
  const aborted = scripted([abort]);
  await assert.rejects(withRetries(aborted.send, { sleep, budget: new RetryBudget() }), (e) => e === abort);
  assert.equal(aborted.calls(), 1);
});

test("withRetries: an HTML 502 from a proxy, to the end of the retries", async () => {
  const html = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
  const { send, calls } = scripted([1, 2, 3, 4].map(() => respond(502, html, { "content-type": "text/html" })));
  const { sleep, slept } = recorder();
  const decisions: Decision[] = [];
  await assert.rejects(
    withRetries(send, { sleep, jitter: () => 0, budget: new RetryBudget(), onAttempt: (_, d) => void decisions.push(d) }),
    (e: unknown) => {
      assert.ok(e instanceof InternalServerError);
      assert.equal(e.constructor, InternalServerError);
      assert.equal(e.message, "Upstream provider error");
      assert.equal(e.case, null);
      assert.equal(e.bodyText, html);
      return true;
    },
  );
  assert.deepEqual(slept, [1, 2, 4]);
  assert.equal(calls(), 4);
  assert.deepEqual(decisions.at(-1), { decision: "give_up", reason: "retries_exhausted" });
});

test("withRetries: a server delay above the cap is not slept", async () => {
  const { send, calls } = scripted([respond(503, "", { "retry-after": "600" })]);
  const { sleep, slept } = recorder();
  await assert.rejects(withRetries(send, { sleep, budget: new RetryBudget() }), InternalServerError);
  assert.deepEqual(slept, []);
  assert.equal(calls(), 1);
});

test("withRetries: an attempt in flight at the deadline is abandoned", async () => {
  let signal: AbortSignal | null = null;
  const started = performance.now();
  await assert.rejects(
    withRetries(
      (s) => {
        signal = s;
        return new Promise<Response>(() => undefined);
      },
      { deadline: 0.05, budget: new RetryBudget() },
    ),
    DeadlineError,
  );
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 45 && elapsed < 2000, String(elapsed));
  assert.equal((signal as AbortSignal | null)?.aborted, true);
});

test("withRetries: an oversized error body is not read past 64 KiB", async () => {
  const big = '{"code":503,"message":"' + "x".repeat(70000) + '"}';
  const { send } = scripted([respond(400, big)]);
  await assert.rejects(withRetries(send, { budget: new RetryBudget() }), (e: unknown) => {
    assert.ok(e instanceof Error && "bodyText" in e);
    assert.equal((e as InternalServerError).message, "Bad request");
    assert.equal((e as InternalServerError).bodyText, "");
    return true;
  });
});
