//! Two adjacent placeholders (`{flag}{rest}`): where one's text ends and the next begins.
//!
//! The derive accepts adjacent placeholders only when the languages of their texts make the
//! split unique (no text reads as `x1 y1` and `x2 y2` with `x1 != x2`), and emits a
//! deterministic automaton for each side (the right one covers every placeholder after the
//! split). `split` runs both over the text once, in lockstep: the left automaton from the
//! start, and a run of the right one from every position where the left accepts. Runs of the
//! right automaton that reach the same state have the same future, so one of them is kept:
//! at most [`MAX_STATES`] runs, linear time, no allocation, and the one split (if any) is
//! found without parsing any field. Each side is then parsed once.

/// The most states an automaton of a split may have (the derive refuses more).
pub const MAX_STATES: usize = 32;

/// A deterministic automaton over character classes, as the derive emits it.
#[derive(Debug)]
pub struct Dfa {
    /// The first scalar value of each class, ascending, the first 0.
    pub classes: &'static [u32],
    /// `next[state * classes.len() + class]`: the next state, or [`u8::MAX`] (dead).
    pub next: &'static [u8],
    /// Whether each state accepts. The start state is 0.
    pub accept: &'static [bool],
}

impl Dfa {
    fn class(&self, c: char) -> usize {
        self.classes
            .partition_point(|&start| start <= u32::from(c))
            .saturating_sub(1)
    }

    /// The next state, `None` when dead (or out of the tables: never for derived tables).
    fn step(&self, state: usize, class: usize) -> Option<usize> {
        let at = state.checked_mul(self.classes.len())?.checked_add(class)?;
        match self.next.get(at) {
            Some(&next) if usize::from(next) < MAX_STATES => Some(usize::from(next)),
            _ => None,
        }
    }

    fn accepts(&self, state: usize) -> bool {
        self.accept.get(state).copied().unwrap_or(false)
    }
}

/// The automata of one split: the left placeholder's text, and everything after it.
#[derive(Debug)]
pub struct Split {
    /// The left placeholder's language.
    pub left: Dfa,
    /// The language of the rest (the right placeholder, or several in a row).
    pub right: Dfa,
}

/// The unique `(left, right)` split of `text` with `left` in the left language and `right`
/// in the right one, or `None`.
pub fn split<'t>(text: &'t str, split: &Split) -> Option<(&'t str, &'t str)> {
    let (left, right) = (&split.left, &split.right);
    let mut state = Some(0);
    // The start position of the run in each right state (a bit in `occupied` when there is one).
    let mut starts = [[0usize; MAX_STATES]; 2];
    let mut current = 0;
    let mut occupied: u32 = 0;
    for (at, c) in text.char_indices() {
        if state.is_some_and(|s| left.accepts(s)) && occupied & 1 == 0 {
            occupied |= 1;
            starts[current][0] = at;
        }
        state = state.and_then(|s| left.step(s, left.class(c)));
        let class = right.class(c);
        let mut next: u32 = 0;
        let mut runs = occupied;
        while runs != 0 {
            let r = runs.trailing_zeros() as usize;
            runs &= runs - 1;
            if let Some(n) = right.step(r, class)
                && next & (1 << n) == 0
            {
                next |= 1 << n;
                starts[1 - current][n] = starts[current][r];
            }
        }
        occupied = next;
        current = 1 - current;
        if state.is_none() && occupied == 0 {
            return None;
        }
    }
    if state.is_some_and(|s| left.accepts(s)) && occupied & 1 == 0 {
        occupied |= 1;
        starts[current][0] = text.len();
    }
    let mut runs = occupied;
    while runs != 0 {
        let r = runs.trailing_zeros() as usize;
        runs &= runs - 1;
        if right.accepts(r) {
            let at = starts[current][r];
            return Some((text.get(..at)?, text.get(at..)?));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    // `true|false` and `.*`, as the derive emits them for `{flag: bool}{rest: String}`.
    // Classes: other, a, e, f, l, r, s, t, u.
    const BOOL: Dfa = Dfa {
        classes: &[0, 97, 98, 101, 102, 103, 108, 109, 114, 115, 116, 117, 118],
        //        other a  .. e  f  .. l  .. r  s  t  u  ..
        next: &[
            // 0: start
            255, 255, 255, 255, 5, 255, 255, 255, 255, 255, 1, 255, 255, // 1: t
            255, 255, 255, 255, 255, 255, 255, 255, 2, 255, 255, 255, 255, // 2: tr
            255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 3, 255, // 3: tru
            255, 255, 255, 4, 255, 255, 255, 255, 255, 255, 255, 255, 255,
            // 4: true, false
            255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, // 5: f
            255, 6, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, // 6: fa
            255, 255, 255, 255, 255, 255, 7, 255, 255, 255, 255, 255, 255, // 7: fal
            255, 255, 255, 255, 255, 255, 255, 255, 255, 8, 255, 255, 255, // 8: fals
            255, 255, 255, 4, 255, 255, 255, 255, 255, 255, 255, 255, 255,
        ],
        accept: &[false, false, false, false, true, false, false, false, false],
    };
    const ANY: Dfa = Dfa {
        classes: &[0],
        next: &[0],
        accept: &[true],
    };

    #[test]
    fn splits_where_the_languages_say() {
        let s = Split {
            left: BOOL,
            right: ANY,
        };
        assert_eq!(split("truefalse", &s), Some(("true", "false")));
        assert_eq!(split("false", &s), Some(("false", "")));
        assert_eq!(split("fals", &s), None);
        assert_eq!(split("", &s), None);
        let s = Split {
            left: ANY,
            right: BOOL,
        };
        assert_eq!(split("xtrue", &s), Some(("x", "true")));
        assert_eq!(split("truetrue", &s), Some(("true", "true")));
        assert_eq!(split("true", &s), Some(("", "true")));
        assert_eq!(split("é false", &s), Some(("é ", "false")));
        assert_eq!(split("truex", &s), None);
        let long = "x".repeat(70_000) + "false";
        assert_eq!(
            split(&long, &s).map(|(a, b)| (a.len(), b)),
            Some((70_000, "false"))
        );
    }

    #[test]
    fn broken_tables_do_not_panic() {
        let broken = Dfa {
            classes: &[],
            next: &[7],
            accept: &[],
        };
        let s = Split {
            left: broken,
            right: ANY,
        };
        assert_eq!(split("abc", &s), None);
    }
}
