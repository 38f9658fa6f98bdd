// Runs in the page (browser/page.html): the generated module against task_api serve on
// another origin. Writes what it saw into #result and sets the title to "done" (or
// "failed"); the test reads both over the DevTools protocol.
import { RetryBudget, SunorError, withRetries } from "../sunor_errors_client.js";

const api = new URLSearchParams(location.search).get("api") ?? "";
const MUSIC = { model: "suno", task_type: "music", input: { prompt: "rain" } };
const result: Record<string, unknown> = {};

function describe(error: unknown): Record<string, unknown> {
  if (!(error instanceof SunorError)) {
    return { notSunorError: String(error) };
  }
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(error.fields)) {
    fields[name] = `${typeof value}:${String(value)}`;
  }
  const typed = error as SunorError & { available?: unknown; required?: unknown };
  return {
    class: error.constructor.name,
    code: error.code,
    message: error.message,
    case: error.case,
    fields,
    available: `${typeof typed.available}:${String(typed.available)}`,
    required: `${typeof typed.required}:${String(typed.required)}`,
  };
}

async function main(): Promise<void> {
  // The 402, as its class.
  try {
    await withRetries(
      (signal) =>
        fetch(api + "/api/v1/task", {
          method: "POST",
          headers: { "content-type": "application/json", "x-api-key": "low-credit-key" },
          body: JSON.stringify(MUSIC),
          signal,
        }),
      { budget: new RetryBudget() },
    );
    result["payment"] = "no error";
  } catch (error) {
    result["payment"] = describe(error);
  }
  // The 429: burst-key has 2 requests per window; the third waits the server's delay,
  // which the page can read only because the server exposes Retry-After.
  const balance = (signal?: AbortSignal): Promise<Response> =>
    fetch(api + "/api/v1/account/balance", signal === undefined ? { headers: { "x-api-key": "burst-key" } } : { headers: { "x-api-key": "burst-key" }, signal });
  for (let k = 0; k < 2; k++) {
    await balance();
  }
  const seen: Array<Record<string, unknown>> = [];
  const slept: number[] = [];
  const response = await withRetries(
    async (signal) => {
      const r = await balance(signal);
      seen.push({
        status: r.status,
        retryAfter: r.headers.get("retry-after"),
        remaining: r.headers.get("x-ratelimit-remaining"),
      });
      return r;
    },
    {
      budget: new RetryBudget(),
      sleep: (seconds) => {
        slept.push(seconds);
        return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
      },
    },
  );
  result["rateLimit"] = { finalStatus: response.status, seen, slept };
}

const out = document.getElementById("result");
main().then(
  () => {
    if (out !== null) {
      out.textContent = JSON.stringify(result);
    }
    document.title = "done";
  },
  (error: unknown) => {
    result["failure"] = String(error);
    if (out !== null) {
      out.textContent = JSON.stringify(result);
    }
    document.title = "failed";
  },
);
