"""with_retries, step by step: every wait, draw and decision of the Rust crate's
`Retrier::new(RetryPolicy::default())` with its budget, on an injected clock, sleep and
jitter. Waits are exact to the nanosecond: a draw u stands for floor(u * 2^64) random bits."""

from __future__ import annotations

import random
import unittest
from typing import Any, List, Optional

from _support import Recorder, RequestsLike, body, sender, sunor

OK = RequestsLike(202, {}, b'{"code":202,"data":{}}')


def e502() -> RequestsLike:
    return RequestsLike(502, {"content-type": "application/json"}, body(502, "Upstream provider error"))


def e429(retry_after: Optional[int] = None, **headers: str) -> RequestsLike:
    named = {name.replace("_", "-"): value for name, value in headers.items()}
    if retry_after is not None:
        named["Retry-After"] = str(retry_after)
    return RequestsLike(429, named, body(429, "Rate limit exceeded.", retry_after))


class Decisions(unittest.TestCase):
    def test_5xx_backs_off_with_jitter_then_succeeds(self) -> None:
        rec = Recorder(draws=[0.5, 0.0])
        policy = sunor.Policy()
        answer = sunor.with_retries(
            sender(RequestsLike(500, {}, b"<html>oops</html>"), e502(), OK), policy=policy, **rec.kwargs()
        )
        self.assertIs(answer, OK)
        # [1, 1.5] s drawn at 0.5, then [2, 3] s drawn at 0.
        self.assertEqual(rec.slept, [1.25, 2.0])
        self.assertEqual(rec.outcomes(), [(1, "retry", 1.25, None), (2, "retry", 2.0, None), (3, "succeeded", None, None)])
        self.assertEqual(rec.drawn, 2)
        assert policy.budget is not None
        self.assertEqual(policy.budget.tokens, 18.2)

    def test_not_retryable_gives_up_at_once_and_refills_the_budget(self) -> None:
        rec = Recorder()
        policy = sunor.Policy()
        raw = body(402, "Insufficient credits: available 3, required 10")
        with self.assertRaises(sunor.TaskErrorInsufficientCredits) as raised:
            sunor.with_retries(sender(RequestsLike(402, {}, raw), OK), policy=policy, **rec.kwargs())
        self.assertEqual((raised.exception.available, raised.exception.required), (3, 10))
        self.assertEqual((rec.slept, rec.outcomes()), ([], [(1, "gave_up", None, "not_retryable")]))
        assert policy.budget is not None
        self.assertEqual(policy.budget.tokens, 20.0)

    def test_429_waits_the_servers_delay_exactly(self) -> None:
        for delay in [1, 7, 60, 120]:
            rec = Recorder()  # no draw may be taken: a server delay is not jittered
            answer = sunor.with_retries(sender(e429(delay), OK), policy=sunor.Policy(), **rec.kwargs())
            self.assertIs(answer, OK)
            self.assertEqual(rec.slept, [float(delay)])

    def test_429_without_a_delay(self) -> None:
        rec = Recorder()
        sunor.with_retries(sender(e429(), OK), policy=sunor.Policy(), **rec.kwargs())
        self.assertEqual(rec.slept, [30.0])
        # The rate-limit reset stands in for the delay: X-RateLimit-Reset is unix seconds.
        rec = Recorder()
        sunor.with_retries(
            sender(e429(X_RateLimit_Reset="1700000017"), OK),
            policy=sunor.Policy(),
            wall_clock=lambda: 1_699_999_999.5,
            **rec.kwargs(),
        )
        self.assertEqual(rec.slept, [17.5])
        # The IETF field wins over the X- header; the item with the least remaining counts.
        rec = Recorder()
        headers = {"RateLimit": '"burst";r=5;t=1, "day";r=0;t=17', "X-RateLimit-Reset": "1700000099"}
        sunor.with_retries(
            sender(RequestsLike(429, headers, b""), OK),
            policy=sunor.Policy(),
            wall_clock=lambda: 1_700_000_000.0,
            **rec.kwargs(),
        )
        self.assertEqual(rec.slept, [17.0])
        # A reset past the cap gives up; a past reset retries after the minimum delay.
        rec = Recorder()
        with self.assertRaises(sunor.RateLimitError):
            sunor.with_retries(
                sender(e429(X_RateLimit_Reset="1700000121"), OK),
                policy=sunor.Policy(),
                wall_clock=lambda: 1_700_000_000.0,
                **rec.kwargs(),
            )
        self.assertEqual(rec.outcomes(), [(1, "gave_up", None, "server_delay_too_long")])
        rec = Recorder(draws=[0.0])
        sunor.with_retries(
            sender(e429(X_RateLimit_Reset="1600000000"), OK),
            policy=sunor.Policy(),
            wall_clock=lambda: 1_700_000_000.0,
            **rec.kwargs(),
        )
        self.assertEqual(rec.slept, [0.25])

    def test_a_server_delay_past_the_cap_gives_up(self) -> None:
        rec = Recorder()
        with self.assertRaises(sunor.TaskErrorRateLimited) as raised:
            sunor.with_retries(sender(e429(121), OK), policy=sunor.Policy(), **rec.kwargs())
        self.assertEqual(raised.exception.seconds, 121)
        self.assertEqual((rec.slept, rec.outcomes()), ([], [(1, "gave_up", None, "server_delay_too_long")]))
        rec = Recorder()
        sunor.with_retries(
            sender(e429(3000), OK), policy=sunor.Policy(max_retry_after=3600), **rec.kwargs()
        )
        self.assertEqual(rec.slept, [3000.0])

    def test_a_zero_delay_waits_the_minimum_spread(self) -> None:
        rec = Recorder(draws=[0.5])
        sunor.with_retries(sender(e429(0), OK), policy=sunor.Policy(), **rec.kwargs())
        self.assertEqual(rec.slept, [0.375])
        rec = Recorder()
        sunor.with_retries(sender(e429(0), OK), policy=sunor.Policy(jitter="none"), **rec.kwargs())
        self.assertEqual(rec.slept, [0.25])

    def test_the_server_delay_is_a_floor_for_5xx(self) -> None:
        rec = Recorder(draws=[0.5])
        answer = RequestsLike(503, {"Retry-After": "10"}, b"")
        sunor.with_retries(sender(answer, OK), policy=sunor.Policy(), **rec.kwargs())
        self.assertEqual((rec.slept, rec.drawn), ([10.0], 1))
        rec = Recorder(draws=[0.0, 0.0, 0.999])
        answer = RequestsLike(503, {"Retry-After": "1"}, b"")
        sunor.with_retries(sender(answer, answer, answer, OK), policy=sunor.Policy(), **rec.kwargs())
        self.assertEqual(rec.slept, [1.0, 2.0, 5.998])

    def test_an_http_date_counts_from_the_wall_clock_given(self) -> None:
        rec = Recorder(draws=[0.0])
        answer = RequestsLike(503, {"Retry-After": "Sun, 06 Nov 1994 08:49:37 GMT"}, b"")
        sunor.with_retries(
            sender(answer, OK), policy=sunor.Policy(), wall_clock=lambda: 784_111_717.5, **rec.kwargs()
        )
        # 59.5 s left, rounded up to whole seconds as the Rust crate rounds it.
        self.assertEqual(rec.slept, [60.0])

    def test_retries_run_out(self) -> None:
        rec = Recorder(draws=[0.0, 0.0, 0.0])
        with self.assertRaises(sunor.InternalServerError) as raised:
            sunor.with_retries(sender(e502(), e502(), e502(), e502(), OK), policy=sunor.Policy(), **rec.kwargs())
        self.assertEqual(raised.exception.code, 502)
        self.assertEqual(rec.slept, [1.0, 2.0, 4.0])
        self.assertEqual(rec.outcomes()[-1], (4, "gave_up", None, "retries_exhausted"))

    def test_jitter_none_gives_the_docs_waits(self) -> None:
        rec = Recorder()
        with self.assertRaises(sunor.InternalServerError):
            sunor.with_retries(sender(e502(), e502(), e502(), e502()), policy=sunor.Policy(jitter="none"), **rec.kwargs())
        self.assertEqual(rec.slept, [1.0, 2.0, 4.0])

    def test_transport_failures_retry_like_5xx_other_exceptions_do_not(self) -> None:
        rec = Recorder(draws=[0.0, 0.0])
        refused = sunor.TransportError("connection refused", may_have_been_sent=False)
        answer = sunor.with_retries(sender(refused, sunor.TransportError("reset"), OK), policy=sunor.Policy(), **rec.kwargs())
        self.assertIs(answer, OK)
        self.assertEqual(rec.slept, [1.0, 2.0])
        rec = Recorder(draws=[0.0] * 3)
        last = sunor.TransportError("timed out")
        with self.assertRaises(sunor.TransportError) as raised:
            sunor.with_retries(sender(refused, refused, refused, last), policy=sunor.Policy(), **rec.kwargs())
        self.assertIs(raised.exception, last)
        rec = Recorder()
        with self.assertRaises(ValueError):
            sunor.with_retries(sender(ValueError("bad url"), OK), policy=sunor.Policy(), **rec.kwargs())
        self.assertEqual((rec.slept, rec.outcomes()), ([], [(1, "gave_up", None, "not_retryable")]))

    def test_answers_that_are_not_errors_are_returned(self) -> None:
        for status in [100, 200, 204, 301, 304, 399, 600]:
            answer = RequestsLike(status)
            self.assertIs(sunor.with_retries(sender(answer), policy=sunor.Policy(), **Recorder().kwargs()), answer)


class Budget(unittest.TestCase):
    def run_502s(self, policy: sunor.Policy, count: int, draws: int) -> Recorder:
        rec = Recorder(draws=[0.0] * draws)
        with self.assertRaises(sunor.InternalServerError):
            sunor.with_retries(sender(*[e502() for _ in range(count)]), policy=policy, **rec.kwargs())
        self.assertEqual(rec.drawn, draws)
        return rec

    def test_failures_spend_successes_earn_more_than_half_keeps_retries_on(self) -> None:
        policy = sunor.Policy()
        budget = policy.budget
        assert budget is not None
        self.run_502s(policy, 4, 3)
        self.run_502s(policy, 4, 3)
        self.assertEqual(budget.tokens, 12.0)
        rec = self.run_502s(policy, 2, 2)
        # Failure 9 leaves 11 tokens: retried. Failure 10 leaves 10, not more than half.
        self.assertEqual(rec.slept, [1.0])
        self.assertEqual(rec.outcomes(), [(1, "retry", 1.0, None), (2, "gave_up", None, "budget")])
        self.assertEqual(budget.tokens, 10.0)
        # A 429 spends nothing, but is held by an empty budget too.
        rec = Recorder()
        with self.assertRaises(sunor.RateLimitError):
            sunor.with_retries(sender(e429(3)), policy=policy, **rec.kwargs())
        self.assertEqual((rec.outcomes(), budget.tokens), ([(1, "gave_up", None, "budget")], 10.0))
        # Six successes earn 1.2 tokens: one failure later, more than half is left.
        for _ in range(6):
            sunor.with_retries(sender(OK), policy=policy, **Recorder().kwargs())
        self.assertEqual(budget.tokens, 11.2)
        rec = Recorder(draws=[0.0])
        sunor.with_retries(sender(e502(), OK), policy=policy, **rec.kwargs())
        self.assertEqual((rec.slept, budget.tokens), ([1.0], 10.4))
        # A deliberate refusal (a 404) earns too: the server is up.
        with self.assertRaises(sunor.NotFoundError):
            sunor.with_retries(sender(RequestsLike(404)), policy=policy, **Recorder().kwargs())
        self.assertEqual(budget.tokens, 10.6)

    def test_without_a_budget_nothing_holds_retries(self) -> None:
        policy = sunor.Policy(budget=None)
        for _ in range(10):
            self.run_502s(policy, 4, 3)

    def test_a_retry_waits_its_turn_while_others_find_the_server_down(self) -> None:
        shared = sunor.RetryBudget()
        other = sunor.Policy(max_retries=0, budget=shared)
        rec = Recorder(draws=[0.0, 0.0, 0.0])
        first = [True]

        def sleep(seconds: float) -> None:
            rec.sleep(seconds)
            if first[0]:
                first[0] = False
                # Another request of the client fails meanwhile.
                with self.assertRaises(sunor.InternalServerError):
                    sunor.with_retries(sender(e502()), policy=other, **Recorder().kwargs())

        kwargs = rec.kwargs()
        kwargs["sleep"] = sleep
        with self.assertRaises(sunor.InternalServerError):
            # One send only: every later turn is held.
            sunor.with_retries(sender(e502()), policy=sunor.Policy(budget=shared), **kwargs)
        self.assertEqual(
            rec.outcomes(),
            # As in Rust, a held turn is reported under the attempt it stands for.
            [(1, "retry", 1.0, None), (3, "held", 2.0, None), (4, "held", 4.0, None), (4, "gave_up", None, "retries_exhausted")],
        )
        # A success of another request in between lets the retry go on time.
        shared = sunor.RetryBudget()
        other = sunor.Policy(max_retries=0, budget=shared)
        rec = Recorder(draws=[0.0])
        first = [True]

        def sleep_then_recover(seconds: float) -> None:
            rec.sleep(seconds)
            if first[0]:
                first[0] = False
                with self.assertRaises(sunor.InternalServerError):
                    sunor.with_retries(sender(e502()), policy=other, **Recorder().kwargs())
                sunor.with_retries(sender(OK), policy=other, **Recorder().kwargs())

        kwargs = rec.kwargs()
        kwargs["sleep"] = sleep_then_recover
        answer = sunor.with_retries(sender(e502(), OK), policy=sunor.Policy(budget=shared), **kwargs)
        self.assertIs(answer, OK)
        self.assertEqual(rec.outcomes(), [(1, "retry", 1.0, None), (2, "succeeded", None, None)])


class Deadline(unittest.TestCase):
    def test_a_wait_that_would_cross_the_deadline_gives_up(self) -> None:
        rec = Recorder(draws=[0.0, 0.0])
        with self.assertRaises(sunor.InternalServerError):
            sunor.with_retries(sender(e502(), e502(), OK), policy=sunor.Policy(), deadline=2.0, **rec.kwargs())
        # 1 s fits before the deadline; then 2 s from t=1 would reach it.
        self.assertEqual(rec.outcomes(), [(1, "retry", 1.0, None), (2, "gave_up", None, "deadline")])
        rec = Recorder(draws=[0.0])
        with self.assertRaises(sunor.InternalServerError):
            sunor.with_retries(sender(e502(), OK), policy=sunor.Policy(), deadline=1.0, **rec.kwargs())
        self.assertEqual(rec.outcomes(), [(1, "gave_up", None, "deadline")])

    def test_a_server_delay_longer_than_what_is_left_gives_up(self) -> None:
        rec = Recorder()
        with self.assertRaises(sunor.RateLimitError):
            sunor.with_retries(sender(e429(5), OK), policy=sunor.Policy(), deadline=3.0, **rec.kwargs())
        self.assertEqual((rec.slept, rec.outcomes()), ([], [(1, "gave_up", None, "deadline")]))

    def test_a_run_past_its_deadline_does_not_send_again(self) -> None:
        rec = Recorder(draws=[0.0])

        def oversleep(seconds: float) -> None:
            rec.sleep(seconds + 5)

        kwargs = rec.kwargs()
        kwargs["sleep"] = oversleep
        with self.assertRaises(sunor.InternalServerError):
            # A second send would fail the test: the queue holds one answer.
            sunor.with_retries(sender(e502()), policy=sunor.Policy(), deadline=3.0, **kwargs)
        self.assertEqual(rec.outcomes(), [(1, "retry", 1.0, None), (2, "gave_up", None, "deadline")])

    def test_no_wait_passes_the_cap_or_the_deadline_whatever_the_server_says(self) -> None:
        rng = random.Random(11)
        for _ in range(400):
            policy = sunor.Policy(max_retries=rng.choice([0, 3, 10]))
            deadline = rng.choice([None, 0.5, 5.0, 60.0, 200.0])
            answers: List[Any] = []
            for _ in range(12):
                status = rng.choice([408, 429, 500, 502, 503, 504, 400, 202])
                headers = {}
                if rng.random() < 0.5:
                    headers["Retry-After"] = rng.choice(["0", "1", "59", "120", "121", "99999999999999999999999", "Sun, 06 Nov 1994 08:49:37 GMT"])
                raw = body(status, "m", rng.choice([None, 0, 3, 2**64 - 1])) if status >= 400 else b""
                answers.append(RequestsLike(status, headers, raw))
            rec = Recorder(draws=[rng.random() for _ in range(40)], start=rng.uniform(0, 1e6))
            start = rec.now
            checked: List[bool] = []

            def sleep(seconds: float) -> None:
                self.assertLessEqual(seconds, policy.longest_wait)
                self.assertGreaterEqual(seconds, 0.25)
                if deadline is not None:
                    self.assertLess(rec.now + seconds, start + deadline + 1e-6)
                checked.append(True)
                rec.sleep(seconds)

            kwargs = rec.kwargs()
            kwargs["sleep"] = sleep
            try:
                sunor.with_retries(sender(*answers), policy=policy, deadline=deadline, **kwargs)
            except sunor.SunorError:
                pass
            self.assertLessEqual(len(checked), policy.max_retries)


if __name__ == "__main__":
    unittest.main()
