//! Two decodable cases of one type that could match the same body: a compile error naming
//! both, with a shortest message they both match.
//!
//! Judged on the templates alone, as the contract says: every placeholder stands for any
//! text, a fixed message is a template without placeholders, no `message` is the code's
//! default message, and the delay is not part of a match. Two cases conflict exactly when
//! their codes are equal and the languages of their templates intersect (`automaton.rs`
//! decides it and finds the example). `skip_decode` and `transparent` cases are not
//! compared: the first are never produced, the second are tried after the type's own cases,
//! in declaration order.

use crate::automaton::{self, Nfa};
use crate::ctxt::{Ctxt, error_at};
use crate::plan::{How, Message, Plan};

pub(crate) fn check(cx: &mut Ctxt, plans: &[Plan<'_, '_>]) {
    for (i, a) in plans.iter().enumerate() {
        let How::Match(ma) = &a.how else {
            continue;
        };
        for b in &plans[i + 1..] {
            let How::Match(mb) = &b.how else {
                continue;
            };
            if ma.code != mb.code {
                continue;
            }
            let example = match (&ma.message, &mb.message) {
                // The common case, without building a product automaton.
                (Message::Exact(x), Message::Exact(y)) if x == y => Some(x.clone()),
                (Message::Exact(_), Message::Exact(_)) => None,
                // Built per pair, not kept: cheap beside the search, and no list to compile.
                _ => automaton::overlap(&Nfa::new(&ma.language()), &Nfa::new(&mb.language())),
            };
            let Some(example) = example else {
                continue;
            };
            let (first, second) = (a.case.ident, b.case.ident);
            let mut error = error_at(
                first.span(),
                &format!(
                    "variants `{first}` and `{second}` (code {}) can both match the message {example:?}: decoding could not tell them apart; make their messages differ, or mark one `#[error_body(skip_decode)]`",
                    ma.code
                ),
            );
            error.combine(error_at(
                second.span(),
                &format!("`{second}` also matches {example:?} (see `{first}`)"),
            ));
            cx.push(error);
        }
    }
}
