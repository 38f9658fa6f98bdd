// @@HEADER@@
//
// Decodes and retries the API's error responses exactly as the Rust crate `sunor-errors`
// does (`ErrorBody::from_http_parts`, `FromErrorBody`, `Retrier::new(RetryPolicy::default())`).
// TypeScript for ES2020 with the global `fetch`; no import, no npm runtime dependency.
//
// decode(status, headers, body[, nowMs]) never throws and returns a `SunorError`:
// - `code`: the status (the status line wins over the body's `code`); `message`: the body's,
//   or the status's default message when the body is not an error body (HTML from a proxy,
//   empty, truncated, wrong types, longer than 64 KiB); RFC 9457 problem details give their
//   `detail`, else their `title`, when the response says JSON (one `Content-Type`, a JSON
//   media type such as `application/problem+json`).
// - `retryAfter`: seconds or null, the larger of the `Retry-After` header (digits, saturating
//   at 2^64-1; or an HTTP-date, a past one being 0; anything else ignored) and the body's
//   `retry_after_seconds`. Above 2^53 it is the nearest `number`.
// - `case`: the id of the first catalogue case whose code equals and whose pattern matches
//   the whole message and whose fields all convert; null when none does.
// - `fields`: that case's fields: placeholders (integers of up to 32 bits as `number`, wider
//   ones as `bigint`; `bool` as `boolean`; `string` and `char` as `string`; a field of a
//   kind other languages cannot read, in a non-portable case, as its raw text) and its
//   `retry_after` field (from the merged delay: a case whose `retry_after` field has no
//   delay, or one too wide for it, does not match). Fields decoded in Rust by `default`
//   are left out. `{}` when `case` is null.
// - `body`: the body as given (a string, or the bytes as a `Uint8Array`); `bodyText` reads it
//   as UTF-8.
// - A status that is not 4xx/5xx is not an error: decode still returns a `SunorError` (never
//   throws), with that `code`, the message "HTTP status N is not an error status", no
//   delay, no case; headers and body are not read.
// Headers: a `Headers`, an array of `[name, value]` pairs, or any record of names to a
// string (or an array of strings); names match case-insensitively. A `Headers` joins
// repeated fields with ", ": a `Retry-After` that does not parse whole is read as the list
// of values it was joined from.
//
// One class per status family (Stainless names) and one per portable case, subclassing its
// status class, with the case's fields as typed properties as well as in `fields` (a field
// whose name is not an identifier, or is taken by `SunorError`, gets another property
// name: `0` is `field0`, `code` is `codeField`).
//
// withRetries(send, options) retries as the default Rust `Retrier` does; see its comment.

/** A value of a decoded field. */
export type FieldValue = string | number | bigint | boolean;

/** The default retry policy, as numbers (from the catalogue). */
export interface Policy {
  /** The codes a client retries. */
  readonly retryableCodes: readonly number[];
  /** Retries after the first attempt, at most. */
  readonly maxRetries: number;
  /** The waits of a retryable error without a server delay. */
  readonly backoff: {
    readonly baseSeconds: number;
    readonly factor: number;
    readonly maxSeconds: number;
    /** "additive" (or any name but "none"): one uniform draw in [low x d, high x d]. */
    readonly jitter: string;
    readonly jitterLow: number;
    readonly jitterHigh: number;
  };
  /** A shorter wait is raised to between this and `minDelayJitterHigh` times it. */
  readonly minDelaySeconds: number;
  readonly minDelayJitterHigh: number;
  /** The wait after a 429 that carries no delay at all. */
  readonly rateLimitedFallbackSeconds: number;
  /** A server delay above this gives up instead of waiting. */
  readonly maxRetryAfterSeconds: number;
  /** The retry budget (token bucket) shared by a client. */
  readonly budget: {
    readonly maxTokens: number;
    readonly tokenRatio: number;
    readonly retryCost: number;
    readonly threshold: number;
  };
}

// @@POLICY@@

/** What a `SunorError` is built from. */
export interface SunorErrorInit {
  readonly code: number;
  readonly message: string;
  readonly retryAfter: number | null;
  readonly case: string | null;
  readonly fields: Readonly<Record<string, FieldValue>>;
  readonly body: Uint8Array | string;
}

/** An error response of the API, as `decode` reads it. */
export class SunorError extends Error {
  /** The HTTP status (the status line wins over the body's `code`). */
  readonly code: number;
  /** The delay the server asked for, in seconds (header and body merged), or null. */
  readonly retryAfter: number | null;
  /** The catalogue id of the case, or null when no case matches. */
  readonly case: string | null;
  /** The case's fields (see the module's header). */
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** The body as received. */
  readonly body: Uint8Array | string;

  constructor(init: SunorErrorInit) {
    super(init.message);
    this.code = init.code;
    this.retryAfter = init.retryAfter;
    this.case = init.case;
    this.fields = init.fields;
    this.body = init.body;
  }

  /** The stack of a decoded error that was not thrown by `withRetries`: its name and message. */
  // Shadowed by the own `stack` of an error made with `new` or given one by
  // `Error.captureStackTrace`.
  declare readonly stack: string;

  /** The body as text (UTF-8, invalid bytes replaced). */
  get bodyText(): string {
    const body = this.body;
    return typeof body === "string" ? body : new TextDecoder().decode(body);
  }
}

/** 400. */
export class BadRequestError extends SunorError {}
/** 401. */
export class AuthenticationError extends SunorError {}
/** 402. */
export class PaymentRequiredError extends SunorError {}
/** 403. */
export class PermissionDeniedError extends SunorError {}
/** 404. */
export class NotFoundError extends SunorError {}
/** 409. */
export class ConflictError extends SunorError {}
/** 422. */
export class UnprocessableEntityError extends SunorError {}
/** 429. */
export class RateLimitError extends SunorError {}
/** 5xx. */
export class InternalServerError extends SunorError {}

type ErrorClass = new (init: SunorErrorInit) => SunorError;

function named(cls: { readonly prototype: Error }, name: string): void {
  Object.defineProperty(cls.prototype, "name", {
    value: name,
    writable: true,
    configurable: true,
    enumerable: false,
  });
}

Object.defineProperty(SunorError.prototype, "stack", {
  get(this: SunorError): string {
    return this.name + ": " + this.message;
  },
  set(this: SunorError, value: unknown): void {
    Object.defineProperty(this, "stack", { value, writable: true, configurable: true, enumerable: false });
  },
  configurable: true,
  enumerable: false,
});
named(SunorError, "SunorError");
named(BadRequestError, "BadRequestError");
named(AuthenticationError, "AuthenticationError");
named(PaymentRequiredError, "PaymentRequiredError");
named(PermissionDeniedError, "PermissionDeniedError");
named(NotFoundError, "NotFoundError");
named(ConflictError, "ConflictError");
named(UnprocessableEntityError, "UnprocessableEntityError");
named(RateLimitError, "RateLimitError");
named(InternalServerError, "InternalServerError");

/** The class of a status family. */
function statusClass(code: number): ErrorClass {
  switch (code) {
    case 400:
      return BadRequestError;
    case 401:
      return AuthenticationError;
    case 402:
      return PaymentRequiredError;
    case 403:
      return PermissionDeniedError;
    case 404:
      return NotFoundError;
    case 409:
      return ConflictError;
    case 422:
      return UnprocessableEntityError;
    case 429:
      return RateLimitError;
    default:
      return code >= 500 && code <= 599 ? InternalServerError : SunorError;
  }
}

// @@CLASSES@@

interface FieldSpec {
  readonly name: string;
  readonly kind: "uint" | "int" | "string" | "bool" | "char" | "other";
  readonly bits: number;
  readonly groups: readonly number[];
  readonly from: "message" | "retry_after" | "default";
}

interface CaseSpec {
  readonly id: string;
  readonly code: number;
  readonly pattern: string;
  readonly portable: boolean;
  readonly decodable: boolean;
  readonly fields: readonly FieldSpec[];
  readonly cls: ErrorClass | null;
}

// @@CASES@@

/** The catalogue's cases, in the order decoding tries them. */
export const CASES: readonly {
  readonly id: string;
  readonly code: number;
  readonly pattern: string;
  readonly portable: boolean;
  readonly decodable: boolean;
}[] = CASE_TABLE.map(({ id, code, pattern, portable, decodable }) => ({ id, code, pattern, portable, decodable }));

// ---------------------------------------------------------------------------------------
// Default messages (`ErrorCode::default_message`).

// @@DEFAULT_MESSAGES@@

/** The default message of an error code (400..=599), as the Rust crate writes it. */
export function defaultMessage(code: number): string {
  const named = NAMED_MESSAGES[code];
  if (named !== undefined) {
    return named;
  }
  return code < 500 ? CLIENT_ERROR_MESSAGE : SERVER_ERROR_MESSAGE;
}

// ---------------------------------------------------------------------------------------
// The body: strict JSON error body, else problem details, else the default (tolerant.rs).

/** The most bytes of a body that are read as JSON (`ErrorBody::MAX_BODY_BYTES`). */
export const MAX_BODY_BYTES = 65536;

const U64_MAX = 18446744073709551615n;

// The scanner reads one text at a time (decode is synchronous): module state, no allocation.
let S = "";
let N = 0;
// Whether lone surrogates stand for bytes that are not UTF-8 (a body given as bytes).
let BYTES = false;
// The value of the last string read with `want`, and whether serde_json would take it as a
// `str` (valid UTF-8, surrogate escapes paired).
let STR = "";
let STR_OK = true;
// The last number read: an integer (no sign, fraction or exponent) or not.
let NUM_PLAIN = false;
const FAIL = -1;

function ws(i: number): number {
  const S_ = S;
  const N_ = N;
  while (i < N_) {
    const c = S_.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) {
      i++;
    } else {
      break;
    }
  }
  return i;
}

function hex4(i: number): number {
  const S_ = S;
  const N_ = N;
  if (i + 4 > N_) {
    return -1;
  }
  let n = 0;
  for (let k = 0; k < 4; k++) {
    const c = S_.charCodeAt(i + k);
    let d: number;
    if (c >= 48 && c <= 57) {
      d = c - 48;
    } else if (c >= 97 && c <= 102) {
      d = c - 87;
    } else if (c >= 65 && c <= 70) {
      d = c - 55;
    } else {
      return -1;
    }
    n = n * 16 + d;
  }
  return n;
}

const ESCAPES: { readonly [c: number]: string } = {
  34: '"',
  92: "\\",
  47: "/",
  98: "\b",
  102: "\f",
  110: "\n",
  114: "\r",
  116: "\t",
};

// A string, `i` just after its opening quote: the index after its closing quote, or FAIL
// (not JSON). With `want`, its value goes to STR and its validity to STR_OK.
function str(i: number, want: boolean): number {
  const S_ = S;
  const N_ = N;
  // Most strings have no escape, control character or surrogate: one native search for the
  // closing quote, one tight check of what lies before it.
  const quote = S_.indexOf('"', i);
  if (quote < 0) {
    return FAIL;
  }
  let plain = true;
  for (let k = i; k < quote; k++) {
    const c = S_.charCodeAt(k);
    if (c < 0x20 || c === 92 || (c & 0xf800) === 0xd800) {
      plain = false;
      break;
    }
  }
  if (plain) {
    if (want) {
      STR = S_.slice(i, quote);
      STR_OK = true;
    }
    return quote + 1;
  }
  let start = i;
  let out = "";
  let ok = true;
  for (;;) {
    if (i >= N_) {
      return FAIL;
    }
    const c = S_.charCodeAt(i);
    if (c === 34) {
      if (want) {
        STR = out + S_.slice(start, i);
        STR_OK = ok;
      }
      return i + 1;
    }
    if (c < 0x20) {
      return FAIL;
    }
    if (c === 92) {
      const e = i + 1 < N_ ? S_.charCodeAt(i + 1) : -1;
      if (e === 117) {
        const n = hex4(i + 2);
        if (n < 0) {
          return FAIL;
        }
        if (!want || !ok) {
          i += 6;
          continue;
        }
        out += S_.slice(start, i);
        if (n >= 0xdc00 && n <= 0xdfff) {
          ok = false;
          i += 6;
          start = i;
          continue;
        }
        if (n >= 0xd800 && n <= 0xdbff) {
          if (i + 7 < N_ && S_.charCodeAt(i + 6) === 92 && S_.charCodeAt(i + 7) === 117) {
            const m = hex4(i + 8);
            if (m < 0) {
              return FAIL;
            }
            if (m >= 0xdc00 && m <= 0xdfff) {
              out += String.fromCharCode(n, m);
            } else {
              ok = false;
            }
            i += 12;
          } else {
            // Not followed by `\u`: an error for a `str`; the rest is read as written.
            ok = false;
            i += 6;
          }
          start = i;
          continue;
        }
        out += String.fromCharCode(n);
        i += 6;
        start = i;
        continue;
      }
      const escaped = ESCAPES[e];
      if (escaped === undefined) {
        return FAIL;
      }
      if (want && ok) {
        out += S_.slice(start, i) + escaped;
      }
      i += 2;
      start = i;
      continue;
    }
    if (want && c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < N_ ? S_.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i += 2;
        continue;
      }
      if (BYTES) {
        ok = false;
      } else if (ok) {
        // A lone surrogate of a string body is U+FFFD in its UTF-8 form.
        out += S_.slice(start, i) + "\uFFFD";
        start = i + 1;
      }
    }
    i++;
  }
}

// A number at `i`: its end, or FAIL. NUM_PLAIN: digits only (no sign, fraction, exponent).
function num(i: number): number {
  const S_ = S;
  const N_ = N;
  let plain = true;
  if (S_.charCodeAt(i) === 45) {
    plain = false;
    i++;
  }
  if (S_.charCodeAt(i) === 48) {
    i++;
    if (digitRun(i) !== FAIL) {
      return FAIL;
    }
  } else {
    i = digitRun(i);
    if (i === FAIL) {
      return FAIL;
    }
  }
  let c = i < N_ ? S_.charCodeAt(i) : -1;
  if (c === 46) {
    plain = false;
    i = digitRun(i + 1);
    if (i === FAIL) {
      return FAIL;
    }
    c = i < N_ ? S_.charCodeAt(i) : -1;
  }
  if (c === 101 || c === 69) {
    plain = false;
    i++;
    c = i < N_ ? S_.charCodeAt(i) : -1;
    if (c === 43 || c === 45) {
      i++;
    }
    i = digitRun(i);
    if (i === FAIL) {
      return FAIL;
    }
  }
  NUM_PLAIN = plain;
  return i;
}

// The end of the run of ASCII digits at `i`; FAIL when there is none.
function digitRun(i: number): number {
  const S_ = S;
  const N_ = N;
  if (!(i < N_ && S_.charCodeAt(i) >= 48 && S_.charCodeAt(i) <= 57)) {
    return FAIL;
  }
  do {
    i++;
  } while (i < N_ && S_.charCodeAt(i) >= 48 && S_.charCodeAt(i) <= 57);
  return i;
}

function literal(i: number, word: string): number {
  return S.startsWith(word, i) ? i + word.length : FAIL;
}

// Any value at `i` (after blanks), skipped as serde_json's `ignore_value` does: syntax
// only, any depth (no recursion), strings not checked as UTF-8.
function skip(i: number): number {
  const S_ = S;
  const N_ = N;
  const stack: number[] = [];
  for (;;) {
    i = ws(i);
    if (i >= N_) {
      return FAIL;
    }
    const c = S_.charCodeAt(i);
    if (c === 123 || c === 91) {
      i = ws(i + 1);
      const close = c === 123 ? 125 : 93;
      if (i < N_ && S_.charCodeAt(i) === close) {
        i++;
      } else {
        stack.push(close);
        if (close === 125) {
          i = key(i);
          if (i === FAIL) {
            return FAIL;
          }
        }
        continue;
      }
    } else if (c === 34) {
      i = str(i + 1, false);
    } else if (c === 116) {
      i = literal(i, "true");
    } else if (c === 102) {
      i = literal(i, "false");
    } else if (c === 110) {
      i = literal(i, "null");
    } else if (c === 45 || (c >= 48 && c <= 57)) {
      i = num(i);
    } else {
      return FAIL;
    }
    if (i === FAIL) {
      return FAIL;
    }
    // After a value: close what ends here, or go on after a comma.
    for (;;) {
      const top = stack.length > 0 ? stack[stack.length - 1] : undefined;
      if (top === undefined) {
        return i;
      }
      i = ws(i);
      const d = i < N_ ? S_.charCodeAt(i) : -1;
      if (d === 44) {
        i++;
        if (top === 125) {
          i = key(ws(i));
          if (i === FAIL) {
            return FAIL;
          }
        }
        break;
      }
      if (d === top) {
        stack.pop();
        i++;
        continue;
      }
      return FAIL;
    }
  }
}

// An ignored member name and its colon, `i` at the name's quote.
function key(i: number): number {
  if (i >= N || S.charCodeAt(i) !== 34) {
    return FAIL;
  }
  i = ws(str(i + 1, false));
  if (i >= N || S.charCodeAt(i) !== 58) {
    return FAIL;
  }
  return i + 1;
}

// Rust's `char::is_whitespace` (Unicode White_Space).
function isRustSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

function useful(text: string | null): text is string {
  if (text === null) {
    return false;
  }
  for (let i = 0; i < text.length; i++) {
    if (!isRustSpace(text.charCodeAt(i))) {
      return true;
    }
  }
  return false;
}

const MEMBER_NAMES = ["code", "message", "retry_after_seconds", "title", "detail"];

// What the body said: its message and delay (`retry_after_seconds`), or a problem's message.
let BODY_MESSAGE = "";
let BODY_DELAY: number | bigint | null = null;

// Reads the object at `i` ('{'): true when the body gives a message (BODY_MESSAGE,
// BODY_DELAY), false for the default. One pass for both of Rust's readings: the strict
// error body, else RFC 9457 problem details when the headers say JSON.
function readObject(i: number, headers: unknown): boolean {
  const S_ = S;
  const N_ = N;
  // Strict reading.
  let codes = 0;
  let codeOk = false;
  let messages = 0;
  let message: string | null = null;
  let delays = 0;
  let delayOk = true;
  let delay: number | bigint | null = null;
  // Problem details reading.
  let problemOk = true;
  let title: string | null = null;
  let detail: string | null = null;

  i = ws(i + 1);
  if (i < N_ && S_.charCodeAt(i) === 125) {
    i++;
  } else {
    for (;;) {
      if (i >= N_ || S_.charCodeAt(i) !== 34) {
        return false;
      }
      // The names read are matched in place (no copy); others, and escaped ones, are read.
      let name = "";
      for (const known of MEMBER_NAMES) {
        if (S_.startsWith(known, i + 1) && S_.charCodeAt(i + 1 + known.length) === 34) {
          name = known;
          i += known.length + 2;
          break;
        }
      }
      if (name === "") {
        i = str(i + 1, true);
        if (i === FAIL || !STR_OK) {
          // Member names are read as `str` by both readings.
          return false;
        }
        name = STR;
      }
      i = ws(i);
      if (i >= N_ || S_.charCodeAt(i) !== 58) {
        return false;
      }
      i = ws(i + 1);
      if (i >= N_) {
        return false;
      }
      const c = S_.charCodeAt(i);
      const start = i;
      if (name === "code") {
        codes++;
        if (c === 45 || (c >= 48 && c <= 57)) {
          i = num(i);
          if (i !== FAIL && NUM_PLAIN && i - start === 3) {
            const code = +S_.slice(start, i);
            codeOk = code >= 400 && code <= 599;
          } else {
            codeOk = false;
          }
        } else {
          codeOk = false;
          i = skip(i);
        }
      } else if (name === "message") {
        messages++;
        if (c === 34) {
          i = str(i + 1, true);
          message = STR_OK ? STR : null;
        } else {
          message = null;
          i = skip(i);
        }
      } else if (name === "retry_after_seconds") {
        delays++;
        if (c === 45 || (c >= 48 && c <= 57)) {
          i = num(i);
          delay = i === FAIL || !NUM_PLAIN ? null : seconds(S_.slice(start, i));
          delayOk = delay !== null;
        } else if (c === 110) {
          i = literal(i, "null");
          delay = null;
          delayOk = true;
        } else {
          delayOk = false;
          i = skip(i);
        }
      } else if (name === "title" || name === "detail") {
        let text: string | null = null;
        if (c === 34) {
          i = str(i + 1, true);
          if (STR_OK) {
            text = STR;
          } else {
            problemOk = false;
          }
        } else if (c === 45 || (c >= 48 && c <= 57)) {
          i = num(i);
          if (i !== FAIL && !isFinite(+S_.slice(start, i))) {
            // serde_json refuses a number out of f64's range where it reads one.
            problemOk = false;
          }
        } else {
          i = skip(i);
        }
        if (name === "title") {
          title = text;
        } else {
          detail = text;
        }
      } else {
        i = skip(i);
      }
      if (i === FAIL) {
        return false;
      }
      i = ws(i);
      const d = i < N_ ? S_.charCodeAt(i) : -1;
      if (d === 44) {
        i = ws(i + 1);
        continue;
      }
      if (d === 125) {
        i++;
        break;
      }
      return false;
    }
  }
  if (ws(i) !== N_) {
    return false;
  }
  if (codes === 1 && codeOk && messages === 1 && message !== null && delays <= 1 && delayOk) {
    BODY_MESSAGE = message;
    BODY_DELAY = delay;
    return true;
  }
  if (problemOk && saysJson(headers)) {
    const chosen = useful(detail) ? detail : useful(title) ? title : null;
    if (chosen !== null) {
      BODY_MESSAGE = chosen;
      BODY_DELAY = null;
      return true;
    }
  }
  return false;
}

const MEDIA_TOKEN = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
const VISIBLE_TEXT = /^[\t\x20-\x7e]*$/;

// Whether the response says its body is JSON (media_type.rs): exactly one `Content-Type`
// value, a JSON media type (`application/json` or any `type/subtype+json`,
// `application/problem+json` among them; any case, any parameters). Problem details are
// read only then. (A `Headers` joins repeated fields with ", ", which is no media type.)
function saysJson(headers: unknown): boolean {
  const values = headerValues(headers, "content-type");
  const value = values !== null && values.length === 1 ? values[0] : undefined;
  if (value === undefined || !VISIBLE_TEXT.test(value)) {
    return false;
  }
  const essence = (value.split(";", 1)[0] ?? "").trim();
  const slash = essence.indexOf("/");
  if (slash < 0) {
    return false;
  }
  const kind = essence.slice(0, slash);
  const subtype = essence.slice(slash + 1).toLowerCase();
  if (!MEDIA_TOKEN.test(kind) || !MEDIA_TOKEN.test(subtype)) {
    return false;
  }
  return (
    (kind.toLowerCase() === "application" && subtype === "json") ||
    (subtype.length > 5 && subtype.endsWith("+json"))
  );
}

// Decimal digits (no sign) as a u64: a number when exact, a bigint above 2^53, null past u64.
function seconds(digits: string): number | bigint | null {
  if (digits.length <= 15) {
    return +digits;
  }
  if (digits.length > 20) {
    return null;
  }
  const value = BigInt(digits);
  return value > U64_MAX ? null : value <= 9007199254740991n ? Number(value) : value;
}

// The UTF-8 length of a string body (lone surrogates count as U+FFFD), up to `limit + 1`.
function utf8Length(text: string, limit: number): number {
  if (text.length > limit) {
    return limit + 1;
  }
  if (text.length * 3 <= limit) {
    return text.length;
  }
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= limit; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      bytes += 1;
    } else if (c < 0x800) {
      bytes += 2;
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    } else {
      bytes += 3;
    }
  }
  return bytes;
}

// Bytes as a string, each byte that is not part of valid UTF-8 as a lone surrogate
// (U+DC80..U+DCFF), which valid UTF-8 never gives.
function utf8Decode(bytes: Uint8Array): string {
  const n = bytes.length;
  const units = new Uint16Array(n);
  let u = 0;
  let i = 0;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      units[u++] = b;
      i++;
      continue;
    }
    let need = 0;
    let cp = 0;
    let min = 0;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      cp = b & 0x1f;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      cp = b & 0x0f;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      cp = b & 0x07;
      min = 0x10000;
    } else {
      units[u++] = 0xdc00 + b;
      i++;
      continue;
    }
    let k = 1;
    for (; k <= need; k++) {
      const c = i + k < n ? (bytes[i + k] as number) : 0;
      if ((c & 0xc0) !== 0x80) {
        break;
      }
      cp = (cp << 6) | (c & 0x3f);
    }
    if (k <= need || cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      units[u++] = 0xdc00 + b;
      i++;
      continue;
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units[u++] = 0xd800 + (cp >> 10);
      units[u++] = 0xdc00 + (cp & 0x3ff);
    } else {
      units[u++] = cp;
    }
    i += need + 1;
  }
  let out = "";
  for (let at = 0; at < u; at += 8192) {
    out += String.fromCharCode.apply(
      null,
      units.subarray(at, Math.min(u, at + 8192)) as unknown as number[],
    );
  }
  return out;
}

// A strict UTF-8 decoder that keeps a byte-order mark (the body rules strip it themselves).
const UTF8: TextDecoder | null =
  typeof TextDecoder === "undefined" ? null : new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// The body's message and delay into BODY_MESSAGE / BODY_DELAY: true when it gave them.
function readBody(body: Uint8Array | string, headers: unknown): boolean {
  let text: string;
  if (typeof body === "string") {
    const first = body.length > 0 ? body.charCodeAt(0) : -1;
    if (first !== 123 && !(first >= 9 && first <= 13 && first !== 11) && first !== 32 && first !== 0xfeff) {
      return false;
    }
    if (utf8Length(body, MAX_BODY_BYTES) > MAX_BODY_BYTES) {
      return false;
    }
    text = body;
    BYTES = false;
  } else {
    const first = body.length > 0 ? (body[0] as number) : -1;
    if (first !== 123 && !(first >= 9 && first <= 13 && first !== 11) && first !== 32 && first !== 0xef) {
      return false;
    }
    if (body.length > MAX_BODY_BYTES) {
      return false;
    }
    // Valid UTF-8 (natively checked) reads as text; otherwise each stray byte is marked.
    let valid: string | null = null;
    if (UTF8 !== null) {
      try {
        valid = UTF8.decode(body);
      } catch {
        valid = null;
      }
    }
    if (valid !== null) {
      text = valid;
      BYTES = false;
    } else {
      text = utf8Decode(body);
      BYTES = true;
    }
  }
  S = text;
  N = text.length;
  let i = 0;
  if (N > 0 && text.charCodeAt(0) === 0xfeff) {
    i = 1;
  }
  // `is_ascii_whitespace`: the form feed too, before the object only.
  for (; i < N; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) {
      break;
    }
  }
  let found = false;
  if (i < N && text.charCodeAt(i) === 123) {
    found = readObject(i, headers);
  }
  S = "";
  N = 0;
  return found;
}

// ---------------------------------------------------------------------------------------
// Headers.

/** What `decode` takes as headers. */
export type HeadersLike =
  | Headers
  | Iterable<readonly [string, string]>
  | { readonly [name: string]: string | number | readonly (string | number)[] | undefined | null };

function isHeaders(headers: unknown): headers is Headers {
  return typeof Headers !== "undefined" && headers instanceof Headers;
}

function pushValue(out: string[], value: unknown): void {
  if (typeof value === "string") {
    out.push(value);
  } else if (typeof value === "number") {
    out.push(String(value));
  } else if (Array.isArray(value)) {
    for (const item of value as unknown[]) {
      if (typeof item === "string") {
        out.push(item);
      } else if (typeof item === "number") {
        out.push(String(item));
      }
    }
  }
}

// Every value of the field `name` (lowercase), null when there is none. A `Headers` gives
// one value, its fields joined with ", ".
function headerValues(headers: unknown, name: string): string[] | null {
  if (headers === null || typeof headers !== "object") {
    return null;
  }
  if (isHeaders(headers)) {
    const value = headers.get(name);
    return value === null ? null : [value];
  }
  let values: string[] | null = null;
  const iterator = (headers as { [Symbol.iterator]?: unknown })[Symbol.iterator];
  if (typeof iterator === "function") {
    for (const pair of headers as Iterable<unknown>) {
      if (Array.isArray(pair) && pair.length >= 2) {
        const key: unknown = pair[0];
        if (typeof key === "string" && key.length === name.length && key.toLowerCase() === name) {
          pushValue((values ??= []), pair[1]);
        }
      }
    }
    return values;
  }
  const record = headers as { [name: string]: unknown };
  for (const key in record) {
    if (
      key.length === name.length &&
      key.toLowerCase() === name &&
      Object.prototype.hasOwnProperty.call(record, key)
    ) {
      pushValue((values ??= []), record[key]);
    }
  }
  return values;
}

// ---------------------------------------------------------------------------------------
// Retry-After (retry_after.rs): delay-seconds or an HTTP-date (httpdate's three forms).

function trimBlanks(text: string): string {
  let a = 0;
  let b = text.length;
  while (a < b && (text.charCodeAt(a) === 32 || text.charCodeAt(a) === 9)) {
    a++;
  }
  while (b > a && (text.charCodeAt(b - 1) === 32 || text.charCodeAt(b - 1) === 9)) {
    b--;
  }
  return text.slice(a, b);
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

function digit2(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48;
  const b = text.charCodeAt(at + 1) - 48;
  return a >= 0 && a < 10 && b >= 0 && b < 10 ? a * 10 + b : -1;
}

function digit4(text: string, at: number): number {
  const a = digit2(text, at);
  const b = digit2(text, at + 2);
  return a < 0 || b < 0 ? -1 : a * 100 + b;
}

interface DateParts {
  sec: number;
  min: number;
  hour: number;
  day: number;
  mon: number;
  year: number;
  wday: number;
}

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

const YDAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function toSeconds(d: DateParts): number {
  const leapYears =
    Math.floor((d.year - 1 - 1968) / 4) -
    Math.floor((d.year - 1 - 1900) / 100) +
    Math.floor((d.year - 1 - 1600) / 400);
  let ydays = (YDAYS[d.mon - 1] as number) + d.day - 1;
  if (isLeap(d.year) && d.mon > 2) {
    ydays += 1;
  }
  const days = (d.year - 1970) * 365 + leapYears + ydays;
  return d.sec + d.min * 60 + d.hour * 3600 + days * 86400;
}

function fromSeconds(secs: number): DateParts {
  const LEAPOCH = 11017;
  const DAYS_PER_400Y = 365 * 400 + 97;
  const DAYS_PER_100Y = 365 * 100 + 24;
  const DAYS_PER_4Y = 365 * 4 + 1;
  const days = Math.floor(secs / 86400) - LEAPOCH;
  const secsOfDay = secs % 86400;
  let qcCycles = Math.trunc(days / DAYS_PER_400Y);
  let remdays = days % DAYS_PER_400Y;
  if (remdays < 0) {
    remdays += DAYS_PER_400Y;
    qcCycles -= 1;
  }
  let cCycles = Math.trunc(remdays / DAYS_PER_100Y);
  if (cCycles === 4) {
    cCycles -= 1;
  }
  remdays -= cCycles * DAYS_PER_100Y;
  let qCycles = Math.trunc(remdays / DAYS_PER_4Y);
  if (qCycles === 25) {
    qCycles -= 1;
  }
  remdays -= qCycles * DAYS_PER_4Y;
  let remyears = Math.trunc(remdays / 365);
  if (remyears === 4) {
    remyears -= 1;
  }
  remdays -= remyears * 365;
  let year = 2000 + remyears + 4 * qCycles + 100 * cCycles + 400 * qcCycles;
  const lengths = [31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 31, 29];
  let mon = 0;
  for (const length of lengths) {
    mon += 1;
    if (remdays < length) {
      break;
    }
    remdays -= length;
  }
  const mday = remdays + 1;
  if (mon + 2 > 12) {
    year += 1;
    mon -= 10;
  } else {
    mon += 2;
  }
  let wday = (3 + days) % 7;
  if (wday <= 0) {
    wday += 7;
  }
  return {
    sec: secsOfDay % 60,
    min: Math.floor((secsOfDay % 3600) / 60),
    hour: Math.floor(secsOfDay / 3600),
    day: mday,
    mon,
    year,
    wday,
  };
}

function parseDateParts(s: string): DateParts | null {
  if (s.length === 29 && s.slice(25) === " GMT" && s[16] === " " && s[19] === ":" && s[22] === ":") {
    const wday = DAYS.indexOf(s.slice(0, 3)) + 1;
    const mon = MONTHS.indexOf(s.slice(8, 11)) + 1;
    if (wday > 0 && s[3] === "," && s[4] === " " && mon > 0 && s[7] === " " && s[11] === " ") {
      return {
        sec: digit2(s, 23),
        min: digit2(s, 20),
        hour: digit2(s, 17),
        day: digit2(s, 5),
        mon,
        year: digit4(s, 12),
        wday,
      };
    }
  }
  if (s.length >= 23) {
    for (let w = 0; w < 7; w++) {
      const prefix = (LONG_DAYS[w] as string) + ", ";
      if (!s.startsWith(prefix)) {
        continue;
      }
      const r = s.slice(prefix.length);
      if (r.length !== 22 || r[12] !== ":" || r[15] !== ":" || r.slice(18) !== " GMT") {
        return null;
      }
      const mon = MONTHS.indexOf(r.slice(3, 6)) + 1;
      if (mon === 0 || r[2] !== "-" || r[6] !== "-" || r[9] !== " ") {
        return null;
      }
      let year = digit2(r, 7);
      if (year < 0) {
        return null;
      }
      year += year < 70 ? 2000 : 1900;
      return { sec: digit2(r, 16), min: digit2(r, 13), hour: digit2(r, 10), day: digit2(r, 0), mon, year, wday: w + 1 };
    }
    if (s.length !== 24) {
      return null;
    }
  }
  if (s.length === 24 && s[10] === " " && s[13] === ":" && s[16] === ":" && s[19] === " ") {
    const wday = DAYS.indexOf(s.slice(0, 3)) + 1;
    const mon = MONTHS.indexOf(s.slice(4, 7)) + 1;
    if (wday === 0 || s[3] !== " " || mon === 0 || s[7] !== " ") {
      return null;
    }
    let day: number;
    if (s[8] === " ") {
      const d = s.charCodeAt(9) - 48;
      day = d >= 0 && d < 10 ? d : -1;
    } else {
      day = digit2(s, 8);
    }
    return { sec: digit2(s, 17), min: digit2(s, 14), hour: digit2(s, 11), day, mon, year: digit4(s, 20), wday };
  }
  return null;
}

// httpdate's `parse_http_date`: seconds since the epoch, or null.
function parseHttpDate(text: string): number | null {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0x7f) {
      return null;
    }
  }
  // `str::trim` on ASCII text.
  let a = 0;
  let b = text.length;
  while (a < b && isRustSpace(text.charCodeAt(a))) {
    a++;
  }
  while (b > a && isRustSpace(text.charCodeAt(b - 1))) {
    b--;
  }
  const d = parseDateParts(text.slice(a, b));
  if (
    d === null ||
    !(d.sec >= 0 && d.sec < 60) ||
    !(d.min >= 0 && d.min < 60) ||
    !(d.hour >= 0 && d.hour < 24) ||
    !(d.day > 0 && d.day < 32) ||
    !(d.mon > 0 && d.mon <= 12) ||
    !(d.year >= 1970 && d.year <= 9999)
  ) {
    return null;
  }
  const secs = toSeconds(d);
  const back = fromSeconds(secs);
  if (
    back.sec !== d.sec ||
    back.min !== d.min ||
    back.hour !== d.hour ||
    back.day !== d.day ||
    back.mon !== d.mon ||
    back.year !== d.year ||
    back.wday !== d.wday
  ) {
    return null;
  }
  return secs;
}

/**
 * One `Retry-After` value as whole seconds (an HTTP-date counted from `nowMs`, rounded up;
 * past dates 0), a bigint above 2^53; null when it is neither form.
 */
export function parseRetryAfter(value: string, nowMs: number): number | bigint | null {
  const text = trimBlanks(value);
  if (text.length === 0) {
    return null;
  }
  let digitsOnly = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) {
      digitsOnly = false;
      break;
    }
  }
  if (digitsOnly) {
    let k = 0;
    while (k < text.length - 1 && text.charCodeAt(k) === 48) {
      k++;
    }
    const digits = text.slice(k);
    return digits.length > 20 ? U64_MAX : (seconds(digits) ?? U64_MAX);
  }
  const at = parseHttpDate(text);
  if (at === null) {
    return null;
  }
  const leftMs = at * 1000 - nowMs;
  return leftMs <= 0 ? 0 : Math.ceil(leftMs / 1000);
}

function isWeekdayName(part: string): boolean {
  const t = part.trim();
  return DAYS.indexOf(t) >= 0 || LONG_DAYS.indexOf(t) >= 0;
}

// The largest valid `Retry-After` among the field's values.
function headerDelay(headers: unknown, nowMs: () => number): number | bigint | null {
  const values = headerValues(headers, "retry-after");
  if (values === null) {
    return null;
  }
  const joined = isHeaders(headers);
  let best: number | bigint | null = null;
  let now: number | null = null;
  const consider = (value: string): boolean => {
    const text = trimBlanks(value);
    // The clock is read once, and only for a date.
    const seconds = /^[0-9]+$/.test(text) ? parseRetryAfter(text, 0) : parseRetryAfter(text, (now ??= nowMs()));
    if (seconds === null) {
      return false;
    }
    if (best === null || seconds > best) {
      best = seconds;
    }
    return true;
  };
  for (const value of values) {
    if (consider(value) || !joined || value.indexOf(",") < 0) {
      continue;
    }
    // A `Headers` joined several fields with ", ": read each (a date keeps its comma).
    const parts = value.split(",");
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k] as string;
      if (isWeekdayName(part) && k + 1 < parts.length) {
        consider(part + "," + (parts[k + 1] as string));
        k++;
      } else {
        consider(part);
      }
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------
// Cases.

interface CompiledCase {
  readonly spec: CaseSpec;
  readonly regex: RegExp | null;
}

const CASES_BY_CODE = new Map<number, CompiledCase[]>();
for (const spec of CASE_TABLE) {
  if (!CATALOGUE_DECODABLE || !spec.decodable) {
    continue;
  }
  let regex: RegExp | null = null;
  try {
    regex = new RegExp(spec.pattern, "su");
  } catch {
    regex = null;
  }
  let list = CASES_BY_CODE.get(spec.code);
  if (list === undefined) {
    list = [];
    CASES_BY_CODE.set(spec.code, list);
  }
  list.push({ spec, regex });
}

// Whether `text` is an integer as Rust writes it: `0|[1-9][0-9]*`, with `-` first if signed.
function canonicalInteger(text: string, signed: boolean): boolean {
  let i = signed && text.charCodeAt(0) === 45 ? 1 : 0;
  const n = text.length;
  if (i >= n) {
    return false;
  }
  const first = text.charCodeAt(i);
  if (first === 48) {
    return n === 1;
  }
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) {
      return false;
    }
  }
  return first >= 49 && first <= 57;
}

// A placeholder's text as its field's value, or undefined when it does not convert.
function convert(field: FieldSpec, text: string, portable: boolean): FieldValue | undefined {
  switch (field.kind) {
    case "uint":
    case "int":
      if (!canonicalInteger(text, field.kind === "int")) {
        return undefined;
      }
      return integer(field, text.length <= 15 ? +text : BigInt(text));
    case "bool":
      return text === "true" ? true : text === "false" ? false : undefined;
    case "char": {
      const c = text.codePointAt(0);
      return c !== undefined && text.length === (c > 0xffff ? 2 : 1) ? text : undefined;
    }
    case "string":
      return text;
    default:
      // Not portable: the text, as sent.
      return portable ? undefined : text;
  }
}

// An integer within its field's width, as a number (up to 32 bits) or a bigint.
function integer(field: FieldSpec, value: number | bigint): FieldValue | undefined {
  const bits = field.bits;
  const unsigned = field.kind === "uint";
  if (typeof value === "number" && bits >= 54) {
    // |value| < 2^53: within any width from 54 bits.
    return unsigned && value < 0 ? undefined : BigInt(value);
  }
  if (bits <= 32) {
    const n = Number(value);
    const fits = unsigned ? n >= 0 && n <= 2 ** bits - 1 : n >= -(2 ** (bits - 1)) && n <= 2 ** (bits - 1) - 1;
    return fits ? n : undefined;
  }
  const big = BigInt(value);
  const width = BigInt(bits);
  const fits = unsigned
    ? big >= 0n && big <= (1n << width) - 1n
    : big >= -(1n << (width - 1n)) && big <= (1n << (width - 1n)) - 1n;
  return fits ? big : undefined;
}

// The fields of `spec` for a message that its pattern matched, or null when one does not
// convert (or a `retry_after` field finds no delay that it can hold).
function caseFields(
  spec: CaseSpec,
  match: RegExpExecArray,
  delay: number | bigint | null,
): Record<string, FieldValue> | null {
  const fields: Record<string, FieldValue> = {};
  const specs = spec.fields;
  for (let f = 0; f < specs.length; f++) {
    const field = specs[f] as FieldSpec;
    let value: FieldValue | undefined;
    const groups = field.groups;
    if (groups.length > 0) {
      for (let g = 0; g < groups.length; g++) {
        const text = match[groups[g] as number];
        if (text === undefined) {
          return null;
        }
        const read = convert(field, text, spec.portable);
        if (read === undefined || (value !== undefined && read !== value)) {
          return null;
        }
        value = read;
      }
    } else if (field.from === "retry_after") {
      if (delay === null || (field.kind !== "uint" && field.kind !== "int")) {
        return null;
      }
      value = integer(field, delay);
    } else {
      continue;
    }
    if (value === undefined) {
      return null;
    }
    fields[field.name] = value;
  }
  return fields;
}

const NO_FIELDS: Readonly<Record<string, FieldValue>> = Object.freeze({});

// ---------------------------------------------------------------------------------------
// decode.

/** What `decode` takes as a body. */
export type BodyLike = Uint8Array | ArrayBuffer | ArrayBufferView | string;

function asBody(body: unknown): Uint8Array | string {
  if (typeof body === "string" || body instanceof Uint8Array) {
    return body;
  }
  if (body instanceof ArrayBuffer) {
    return new Uint8Array(body);
  }
  if (ArrayBuffer.isView(body)) {
    return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  }
  return new Uint8Array(0);
}

/**
 * Reads any HTTP response as the API's error, as `ErrorBody::from_http_parts` and
 * `FromErrorBody` do in Rust; never throws. `nowMs` (default `Date.now()`) is read only
 * for a `Retry-After` HTTP-date.
 */
export function decode(
  status: number,
  headers?: HeadersLike | null,
  body?: BodyLike | null,
  nowMs?: number,
): SunorError {
  const raw = asBody(body);
  const code = typeof status === "number" && Number.isInteger(status) ? status : 0;
  try {
    return decodeParts(code, headers, raw, nowMs === undefined ? Date.now : () => nowMs);
  } catch {
    // Never reached on any input the tests know; kept so that decode cannot throw.
    S = "";
    N = 0;
    if (code >= 400 && code <= 599) {
      return build(statusClass(code), code, defaultMessage(code), null, null, NO_FIELDS, raw);
    }
    return notAnError(code, raw);
  }
}

// A decoded error: an instance of `cls` made without running the Error constructor, so
// without a construction stack, whose capture costs ten times the whole decoding (and would
// only show decode's own frames). `withRetries` gives the errors it throws the stack of the
// throw instead; `new SunorError(init)` is an ordinary Error.
function build(
  cls: ErrorClass,
  code: number,
  message: string,
  retryAfter: number | null,
  caseId: string | null,
  fields: Readonly<Record<string, FieldValue>>,
  body: Uint8Array | string,
): SunorError {
  const error = Object.create(cls.prototype) as { -readonly [K in keyof SunorError]: SunorError[K] };
  error.message = message;
  error.code = code;
  error.retryAfter = retryAfter;
  error.case = caseId;
  error.fields = fields;
  error.body = body;
  return error;
}

// Gives `error` the stack of the caller of `above` (V8), where it is thrown.
function withStack(error: unknown, above: Function): unknown {
  const capture = (Error as unknown as { captureStackTrace?: (target: object, above: Function) => void })
    .captureStackTrace;
  if (error instanceof SunorError && typeof capture === "function") {
    capture(error, above);
  }
  return error;
}

function notAnError(code: number, body: Uint8Array | string): SunorError {
  return build(SunorError, code, "HTTP status " + String(code) + " is not an error status", null, null, NO_FIELDS, body);
}

function decodeParts(
  code: number,
  headers: unknown,
  body: Uint8Array | string,
  nowMs: () => number,
): SunorError {
  if (code < 400 || code > 599) {
    return notAnError(code, body);
  }
  let message: string;
  let delay: number | bigint | null;
  if (readBody(body, headers)) {
    message = BODY_MESSAGE;
    delay = BODY_DELAY;
  } else {
    message = defaultMessage(code);
    delay = null;
  }
  const header = headerDelay(headers, nowMs);
  if (header !== null && (delay === null || header > delay)) {
    delay = header;
  }
  const retryAfter = delay === null ? null : Number(delay);
  const cases = CASES_BY_CODE.get(code);
  if (cases !== undefined) {
    for (const compiled of cases) {
      const match = compiled.regex === null ? null : compiled.regex.exec(message);
      if (match === null) {
        continue;
      }
      const fields = caseFields(compiled.spec, match, delay);
      if (fields === null) {
        continue;
      }
      const cls = compiled.spec.cls ?? statusClass(code);
      return build(cls, code, message, retryAfter, compiled.spec.id, fields, body);
    }
  }
  return build(statusClass(code), code, message, retryAfter, null, NO_FIELDS, body);
}

// ---------------------------------------------------------------------------------------
// Rate-limit headers (rate_limit.rs): only the reset matters here, for a 429 that carries
// no delay of its own.

function visibleAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 32 && c < 127) || c === 9)) {
      return false;
    }
  }
  return true;
}

// RFC 8941 list members as far as these fields need them: [name, params] with integer
// params as numbers and others as null; null when the field does not parse.
function parseList(input: string): Array<[string, Array<[string, number | null]>]> | null {
  let at = 0;
  const n = input.length;
  const members: Array<[string, Array<[string, number | null]>]> = [];
  const peek = (): number => (at < n ? input.charCodeAt(at) : -1);
  const isDigit = (c: number): boolean => c >= 48 && c <= 57;
  const isLower = (c: number): boolean => c >= 97 && c <= 122;
  const isAlpha = (c: number): boolean => isLower(c) || (c >= 65 && c <= 90);
  // A bare item: [isInteger, value, text] or null.
  const bareItem = (): [number | null, string] | null => {
    const c = peek();
    if (c === 34) {
      at++;
      let text = "";
      for (;;) {
        const d = peek();
        if (d < 0) {
          return null;
        }
        at++;
        if (d === 34) {
          return [null, text];
        }
        if (d === 92) {
          const e = peek();
          if (e === 34 || e === 92) {
            at++;
            text += String.fromCharCode(e);
          } else {
            return null;
          }
        } else if (d >= 0x20 && d <= 0x7e) {
          text += String.fromCharCode(d);
        } else {
          return null;
        }
      }
    }
    if (c === 45 || isDigit(c)) {
      const negative = c === 45;
      if (negative) {
        at++;
      }
      const start = at;
      while (isDigit(peek())) {
        at++;
      }
      const digits = input.slice(start, at);
      if (digits.length === 0) {
        return null;
      }
      if (peek() === 46) {
        at++;
        const fstart = at;
        while (isDigit(peek())) {
          at++;
        }
        const fraction = at - fstart;
        if (fraction === 0 || fraction > 3 || digits.length > 12) {
          return null;
        }
        return [null, digits];
      }
      if (digits.length > 15) {
        return null;
      }
      const value = +digits;
      return [negative ? -value : value, digits];
    }
    if (c === 63) {
      at++;
      const d = peek();
      if (d === 48 || d === 49) {
        at++;
        return [null, ""];
      }
      return null;
    }
    if (c === 42 || isAlpha(c)) {
      const start = at;
      while (at < n) {
        const d = input.charCodeAt(at);
        if (isAlpha(d) || isDigit(d) || "!#$%&'*+-.^_`|~:/".indexOf(input[at] as string) >= 0) {
          at++;
        } else {
          break;
        }
      }
      return [null, input.slice(start, at)];
    }
    return null;
  };
  while (peek() === 32) {
    at++;
  }
  while (at < n) {
    const item = bareItem();
    if (item === null) {
      return null;
    }
    const params: Array<[string, number | null]> = [];
    while (peek() === 59) {
      at++;
      while (peek() === 32) {
        at++;
      }
      const c = peek();
      if (!(isLower(c) || c === 42)) {
        return null;
      }
      const start = at;
      while (at < n) {
        const d = input.charCodeAt(at);
        if (isLower(d) || isDigit(d) || d === 95 || d === 45 || d === 46 || d === 42) {
          at++;
        } else {
          break;
        }
      }
      const name = input.slice(start, at);
      let value: number | null = null;
      if (peek() === 61) {
        at++;
        const v = bareItem();
        if (v === null) {
          return null;
        }
        value = v[0];
      }
      if (params.length < 32) {
        params.push([name, value]);
      }
    }
    members.push([item[1], params]);
    while (peek() === 32 || peek() === 9) {
      at++;
    }
    if (at >= n) {
      break;
    }
    if (input.charCodeAt(at) !== 44) {
      return null;
    }
    at++;
    while (peek() === 32 || peek() === 9) {
      at++;
    }
    if (at === n) {
      return null;
    }
  }
  return members;
}

function param(params: Array<[string, number | null]>, key: string): number | null {
  for (let k = params.length - 1; k >= 0; k--) {
    const entry = params[k] as [string, number | null];
    if (entry[0] === key) {
      return entry[1] !== null && entry[1] >= 0 ? entry[1] : null;
    }
  }
  return null;
}

/**
 * When the rate-limit window resets, in seconds from `nowMs` (`RateLimit::from_headers(..).reset()`):
 * the IETF `RateLimit` field's `t` (of the item with the least remaining), else
 * `X-RateLimit-Reset` (unix seconds; a past one is 0); null when neither says.
 */
export function rateLimitReset(headers: HeadersLike | null | undefined, nowMs: number): number | null {
  const ietf = headerValues(headers, "ratelimit");
  if (ietf !== null) {
    let joined = "";
    let ok = true;
    for (const value of ietf) {
      if (!visibleAscii(value)) {
        ok = false;
        break;
      }
      if (joined.length > 0) {
        joined += ",";
      }
      joined += value;
      if (joined.length > 4096) {
        ok = false;
        break;
      }
    }
    const items = ok && joined.length > 0 ? parseList(joined) : null;
    if (items !== null) {
      let chosen: [number | null, number | null] | null = null;
      for (const [, params] of items) {
        const r = param(params, "r");
        const t = param(params, "t");
        if (chosen === null || (r !== null && (chosen[0] === null || r < chosen[0]))) {
          chosen = [r, t];
        }
      }
      if (chosen !== null && chosen[1] !== null) {
        return chosen[1];
      }
    }
  }
  const reset = headerValues(headers, "x-ratelimit-reset");
  if (reset === null || reset.length !== 1) {
    return null;
  }
  const first = reset[0] as string;
  if (!visibleAscii(first)) {
    return null;
  }
  const text = trimBlanks(first);
  if (!/^[0-9]+$/.test(text)) {
    return null;
  }
  const at = text.length > 20 ? null : BigInt(text);
  if (at === null || at > U64_MAX || at > 9223372036854775807n) {
    return null;
  }
  const leftMs = Number(at) * 1000 - nowMs;
  return leftMs <= 0 ? 0 : leftMs / 1000;
}

// ---------------------------------------------------------------------------------------
// Retries (retry/{policy,jitter,budget,state,attempts}.rs).

/** Why a run of attempts gave up (Rust's `GiveUpReason`, as the shared vectors name them). */
export type GiveUpReason = "not_retryable" | "retries_exhausted" | "server_delay_too_long" | "budget" | "deadline";

/** What follows an attempt. `wait` is in seconds. */
export type Decision =
  | { readonly decision: "retry"; readonly wait: number }
  | { readonly decision: "give_up"; readonly reason: GiveUpReason }
  | { readonly decision: "success" };

/** One attempt's result, as the retry loop sees it. */
export type Attempt =
  | {
      /** A response: `error` is its decoded error, null for a success (not 4xx/5xx). */
      readonly error: SunorError | null;
      /** The rate limit's reset in seconds, if its headers said (see `rateLimitReset`). */
      readonly reset?: number | null;
    }
  | {
      /** No response: a transport failure (fetch rejected), retried as a 5xx. */
      readonly transport: "not_sent" | "maybe_sent";
    }
  | {
      /** A failure that is never retried (the caller's own abort). */
      readonly other: true;
    };

const MILLI = 1000;

/**
 * A client-wide retry budget (`RetryBudget`): a token bucket that every request of a client
 * shares. A retryable failure spends `retryCost` tokens, a success (or a deliberate
 * non-retryable answer) earns `tokenRatio`, a 429 neither; retries run only while more than
 * `threshold` of the bucket is left. Kept in thousandths of a token, as in Rust.
 */
export class RetryBudget {
  private tokens: number;
  private readonly capacity: number;
  private readonly reward: number;
  private readonly cost: number;
  private readonly threshold: number;
  // Failures so far, and whether the previous and the last outcome failed.
  private failures = 0;
  private previousFailed = false;
  private lastFailed = false;

  constructor(budget: Policy["budget"] = POLICY.budget) {
    this.capacity = Math.min(Math.max(Math.floor(budget.maxTokens), 0), 4000000) * MILLI;
    const ratio = Number.isNaN(budget.tokenRatio) ? 0.1 : budget.tokenRatio;
    this.reward = Math.min(Math.max(Math.round(ratio * MILLI), 1), Math.max(this.capacity, 1));
    this.cost = Math.max(Math.round(budget.retryCost * MILLI), 0);
    this.threshold = budget.threshold;
    this.tokens = this.capacity;
  }

  /** The tokens left. */
  available(): number {
    return this.tokens / MILLI;
  }

  /** Whether retries are on: more than `threshold` of the bucket is left. */
  allowsRetry(): boolean {
    return this.above(this.tokens);
  }

  private above(tokens: number): boolean {
    return tokens > this.capacity * this.threshold;
  }

  /** Spends for a failed attempt: whether retries are still on, and the failure's number. */
  fail(): [boolean, number] {
    this.tokens = Math.max(this.tokens - this.cost, 0);
    this.failures += 1;
    this.previousFailed = this.lastFailed;
    this.lastFailed = true;
    return [this.above(this.tokens), this.failures];
  }

  /** Whether the last two outcomes failed and the newest failure came after number `mark`. */
  failedSince(mark: number): boolean {
    return this.previousFailed && this.lastFailed && this.failures > mark;
  }

  /** Records a success. */
  deposit(): void {
    if (this.tokens < this.capacity) {
      this.tokens = Math.min(this.tokens + this.reward, this.capacity);
    }
    if (this.previousFailed || this.lastFailed) {
      this.previousFailed = this.lastFailed;
      this.lastFailed = false;
    }
  }
}

const NS = 1e9;

function toNanos(seconds: number): number {
  return Math.round(seconds * NS);
}

// Rust's `Duration::as_secs_f64`.
function toSeconds2(nanos: number): number {
  return Math.floor(nanos / NS) + (nanos % NS) / NS;
}

class GiveUp {
  constructor(readonly reason: GiveUpReason) {}
}

/** Options of a run of attempts. */
export interface RetryOptions {
  /** The policy (default: the catalogue's). */
  readonly policy?: Policy;
  /** Monotonic seconds (default `performance.now() / 1000`). */
  readonly clock?: () => number;
  /** A uniform draw in [0, 1) (default `Math.random`), one per jittered wait. */
  readonly jitter?: () => number;
  /** The whole run ends within this many seconds from its start. */
  readonly deadline?: number | null;
  /** The budget to spend from (default: one shared by every run of this module); null for none. */
  readonly budget?: RetryBudget | null;
}

let sharedBudget: RetryBudget | null = null;

function defaultClock(): number {
  return performance.now() / 1000;
}

/**
 * One run of attempts (Rust's `RetryState` under `Retrier::new(RetryPolicy::default())`):
 * `ready` before each attempt, then `record` its result. `withRetries` drives it; the shared
 * retry vectors drive it step by step.
 */
export class RetryRun {
  private readonly policy: Policy;
  private readonly clock: () => number;
  private readonly draw: () => number;
  private readonly budget: RetryBudget | null;
  private readonly deadlineNs: number | null;
  private attempt = 1;
  private mark: number | null = null;

  constructor(options: RetryOptions = {}) {
    this.policy = options.policy ?? POLICY;
    this.clock = options.clock ?? defaultClock;
    this.draw = options.jitter ?? Math.random;
    if (options.budget === undefined) {
      sharedBudget = sharedBudget ?? new RetryBudget();
      this.budget = sharedBudget;
    } else {
      this.budget = options.budget;
    }
    const deadline = options.deadline;
    this.deadlineNs =
      deadline === undefined || deadline === null ? null : this.now() + Math.max(toNanos(deadline), 0);
  }

  private now(): number {
    return toNanos(this.clock());
  }

  /** The number of the attempt to make now, from 1. */
  get attemptNumber(): number {
    return this.attempt;
  }

  /**
   * Whether the next attempt may go (null), before each attempt; `last` is what the previous
   * attempt gave (null before the first). A give-up ends the run (the deadline passed); a
   * `retry` is a hold (other runs of the budget failed since), to sleep before asking again.
   */
  ready(last: Attempt | null): Decision | null {
    const now = this.now();
    if (last === null) {
      return null;
    }
    if (this.deadlineNs !== null && now >= this.deadlineNs) {
      return { decision: "give_up", reason: "deadline" };
    }
    if (this.budget !== null && this.mark !== null && this.budget.failedSince(this.mark)) {
      // Other runs found the server down since: this retry is spent without sending.
      return this.retryOrGiveUp(() => this.plan(this.attempt - 1, last, null, now));
    }
    return null;
  }

  /** Seconds left before the deadline, or null without one. */
  timeLeft(): number | null {
    return this.deadlineNs === null ? null : toSeconds2(Math.max(this.deadlineNs - this.now(), 0));
  }

  /** Records that the attempt in flight was abandoned at the deadline. */
  expired(): Decision {
    if (this.budget !== null) {
      this.budget.fail();
    }
    return { decision: "give_up", reason: "deadline" };
  }

  /** Records what the attempt gave and decides what follows. */
  record(result: Attempt): Decision {
    if ("error" in result && result.error === null) {
      if (this.budget !== null) {
        this.budget.deposit();
      }
      return { decision: "success" };
    }
    return this.retryOrGiveUp(() => this.decide(result));
  }

  // A retry after the wait `plan` gives (in nanoseconds), or the give-up it throws.
  private retryOrGiveUp(plan: () => number): Decision {
    try {
      const wait = plan();
      this.attempt += 1;
      return { decision: "retry", wait: toSeconds2(wait) };
    } catch (e) {
      if (e instanceof GiveUp) {
        return { decision: "give_up", reason: e.reason };
      }
      throw e;
    }
  }

  private retryable(result: Attempt): boolean {
    if ("error" in result) {
      return result.error !== null && this.policy.retryableCodes.indexOf(result.error.code) >= 0;
    }
    return "transport" in result;
  }

  private decide(result: Attempt): number {
    if (!this.retryable(result)) {
      if ("error" in result && this.budget !== null) {
        // The server answered on purpose: it is up.
        this.budget.deposit();
      }
      throw new GiveUp("not_retryable");
    }
    const rateLimited = "error" in result && result.error !== null && result.error.code === 429;
    let allowed = true;
    if (this.budget !== null) {
      if (rateLimited) {
        this.mark = null;
        allowed = this.budget.allowsRetry();
      } else {
        const [on, mark] = this.budget.fail();
        this.mark = mark;
        allowed = on;
      }
    }
    const reset = "error" in result ? (result.reset ?? null) : null;
    const wait = this.plan(this.attempt - 1, result, reset, this.now());
    if (!allowed) {
      throw new GiveUp("budget");
    }
    return wait;
  }

  // The policy's wait in nanoseconds (capped at its longest wait), unless it crosses the
  // deadline.
  private plan(retries: number, result: Attempt, reset: number | null, now: number): number {
    const p = this.policy;
    let wait = this.planPolicy(retries, result, reset);
    const longest = Math.max(
      toNanos(p.maxRetryAfterSeconds),
      toNanos(p.rateLimitedFallbackSeconds),
      toNanos(p.backoff.maxSeconds),
      Math.floor(toNanos(p.minDelaySeconds) * p.minDelayJitterHigh),
    );
    wait = Math.min(wait, longest);
    if (this.deadlineNs !== null && now + wait >= this.deadlineNs) {
      throw new GiveUp("deadline");
    }
    return wait;
  }

  private planPolicy(retries: number, result: Attempt, reset: number | null): number {
    if (!("error" in result)) {
      if (!("transport" in result)) {
        throw new GiveUp("not_retryable");
      }
      return this.planClass(retries, "transient", null);
    }
    const error = result.error;
    if (error === null) {
      throw new GiveUp("not_retryable");
    }
    const delayNs =
      error.retryAfter === null
        ? null
        : error.retryAfter > this.policy.maxRetryAfterSeconds
          ? Infinity
          : error.retryAfter * NS;
    if (error.code === 429 && delayNs === null) {
      return this.planClass(retries, "rate_limited", reset === null ? null : toNanos(reset));
    }
    const retryable = this.policy.retryableCodes.indexOf(error.code) >= 0;
    const cls = !retryable ? "permanent" : error.code === 429 ? "rate_limited" : "transient";
    return this.planClass(retries, cls, delayNs);
  }

  private planClass(
    retries: number,
    cls: "permanent" | "rate_limited" | "transient",
    serverDelay: number | null,
  ): number {
    const p = this.policy;
    if (cls === "permanent") {
      throw new GiveUp("not_retryable");
    }
    if (retries >= p.maxRetries) {
      throw new GiveUp("retries_exhausted");
    }
    if (serverDelay !== null && serverDelay > toNanos(p.maxRetryAfterSeconds)) {
      throw new GiveUp("server_delay_too_long");
    }
    let wait: number;
    if (cls === "rate_limited") {
      wait = serverDelay ?? toNanos(p.rateLimitedFallbackSeconds);
    } else {
      const exponential = this.exponential(retries);
      const jittered = Math.min(this.jitter(exponential), toNanos(p.backoff.maxSeconds));
      wait = Math.max(jittered, serverDelay ?? 0);
    }
    const min = toNanos(p.minDelaySeconds);
    if (wait >= min) {
      return wait;
    }
    if (p.backoff.jitter === "none") {
      return min;
    }
    return this.between(min, Math.floor(min * p.minDelayJitterHigh));
  }

  private jitter(delay: number): number {
    const b = this.policy.backoff;
    if (b.jitter === "none") {
      return delay;
    }
    return this.between(Math.floor(delay * b.jitterLow), Math.floor(delay * b.jitterHigh));
  }

  private exponential(retries: number): number {
    const b = this.policy.backoff;
    const max = toNanos(b.maxSeconds);
    let delay = Math.min(toNanos(b.baseSeconds), max);
    const factor = Math.max(Math.floor(b.factor), 1);
    if (delay === 0 || factor === 1) {
      return delay;
    }
    for (let k = 0; k < retries; k++) {
      if (delay >= max) {
        break;
      }
      delay = Math.min(delay * factor, max);
    }
    return delay;
  }

  // A duration uniform in [low, high] (nanoseconds) from one draw: Rust's
  // `JitterRng::between` with the 64 random bits floor(u x 2^64).
  private between(low: number, high: number): number {
    if (high < low) {
      return low;
    }
    let u = Number(this.draw());
    if (!(u >= 0)) {
      u = 0;
    } else if (u >= 1) {
      u = 1 - 2 ** -53;
    }
    const bits = BigInt(Math.floor(u * 2 ** 64));
    const offset = (bits * BigInt(high - low + 1)) >> 64n;
    return low + Number(offset);
  }
}

// ---------------------------------------------------------------------------------------
// fetch.

/** Reads a response's body, at most `MAX_BODY_BYTES` of it: an empty body past that, or on failure. */
export async function readBounded(response: Response): Promise<Uint8Array> {
  const length = response.headers.get("content-length");
  if (length !== null && /^[0-9]+$/.test(length.trim()) && Number(length.trim()) > MAX_BODY_BYTES) {
    await cancel(response);
    return new Uint8Array(0);
  }
  const body = response.body;
  if (body === null) {
    return new Uint8Array(0);
  }
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      total += value.length;
      if (total > MAX_BODY_BYTES) {
        await reader.cancel().catch(() => undefined);
        return new Uint8Array(0);
      }
      chunks.push(value);
    }
  } catch {
    return new Uint8Array(0);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

async function cancel(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // Nothing to release.
  }
}

/** Reads a `fetch` response as `decode` does: null for a success (not 4xx/5xx). */
export async function decodeResponse(response: Response, nowMs?: number): Promise<SunorError | null> {
  if (response.status < 400 || response.status > 599) {
    return null;
  }
  const body = await readBounded(response);
  return decode(response.status, response.headers, body, nowMs ?? Date.now());
}

/** The error `withRetries` throws when an attempt was still in flight at the deadline. */
export class DeadlineError extends Error {}
named(DeadlineError, "DeadlineError");

/** Options of `withRetries`. */
export interface WithRetriesOptions extends RetryOptions {
  /** Sleeps this many seconds (default: a timer). */
  readonly sleep?: (seconds: number) => Promise<void>;
  /** Wall-clock milliseconds (default `Date.now`), for HTTP-dates and rate-limit resets. */
  readonly now?: () => number;
  /** Called after every attempt with its number and the decision. */
  readonly onAttempt?: (attempt: number, decision: Decision) => void;
}

function timer(seconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
}

/**
 * Calls `send` until it gets an answer that is not an error or the policy gives up, then
 * returns that answer or throws the decoded error of the last one (a `SunorError`), or the
 * last transport failure (what `send` rejected with). As the default Rust `Retrier`: the
 * catalogue's retryable codes; waits base x factor^n capped, jittered in [low, high] x that
 * (one `jitter` draw each); the server's delay as a floor; the fallback for a 429 without a
 * delay (or until the rate limit's reset when its headers say); a server delay above the cap
 * gives up; at most `maxRetries` retries; the budget; and the deadline (a wait that would
 * cross it gives up at once, and an attempt still in flight when it passes is abandoned:
 * `send` gets an `AbortSignal` for that). A rejection of `send` is a transport failure,
 * retried as a 5xx, except an `AbortError` that the deadline did not cause.
 */
export async function withRetries(
  send: (signal: AbortSignal) => Promise<Response>,
  options: WithRetriesOptions = {},
): Promise<Response> {
  const run = new RetryRun(options);
  const sleep = options.sleep ?? timer;
  const wallClock = options.now ?? Date.now;
  let last: Attempt | null = null;
  let failure: unknown = null;
  for (;;) {
    for (;;) {
      const next = run.ready(last);
      if (next === null) {
        break;
      }
      options.onAttempt?.(run.attemptNumber, next);
      if (next.decision !== "retry") {
        throw withStack(failure, withRetries);
      }
      await sleep(next.wait);
    }
    const attempt = run.attemptNumber;
    const left = run.timeLeft();
    const controller = new AbortController();
    let expired = false;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    const work = (async (): Promise<{ response: Response; error: SunorError | null }> => {
      const response = await send(controller.signal);
      if (response.status < 400 || response.status > 599) {
        return { response, error: null };
      }
      const body = await readBounded(response);
      return { response, error: decode(response.status, response.headers, body, wallClock()) };
    })();
    const limit =
      left === null
        ? null
        : new Promise<null>((resolve) => {
            timeout = setTimeout(() => {
              expired = true;
              controller.abort();
              resolve(null);
            }, left * 1000);
          });
    let answer: { response: Response; error: SunorError | null } | null;
    let result: Attempt;
    try {
      answer = limit === null ? await work : await Promise.race([work, limit]);
    } catch (error) {
      answer = null;
      failure = error;
    } finally {
      if (timeout !== undefined) {
        clearTimeout(timeout);
      }
    }
    if (expired && answer === null) {
      work.catch(() => undefined);
      const decision = run.expired();
      options.onAttempt?.(attempt, decision);
      throw new DeadlineError("the deadline passed with an attempt in flight");
    }
    if (answer === null) {
      const aborted = failure instanceof Error && failure.name === "AbortError";
      result = aborted ? { other: true } : { transport: "maybe_sent" };
    } else {
      const reset = answer.error !== null && answer.error.code === 429
        ? rateLimitReset(answer.response.headers, wallClock())
        : null;
      result = { error: answer.error, reset };
      failure = answer.error;
    }
    const decision = run.record(result);
    options.onAttempt?.(attempt, decision);
    if (decision.decision === "success" && answer !== null) {
      return answer.response;
    }
    if (decision.decision !== "retry") {
      throw withStack(failure, withRetries);
    }
    last = result;
    await sleep(decision.wait);
  }
}
