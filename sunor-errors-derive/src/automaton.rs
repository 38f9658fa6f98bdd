//! Small regular languages over chars, for the exact question of the decode derive: can two
//! templates, each placeholder standing for exactly the texts its field and spec write, match
//! one message (`overlap`)?
//!
//! Languages are regular expressions (`Re`) compiled by Glushkov's construction into an
//! NFA without epsilon moves: one state per character set of the expression plus a start
//! state, every move into a state reading that state's set. The alphabet is cut into
//! classes (the intervals between the bounds of every set involved, surrogates left out),
//! so a question over all of Unicode is a finite search. Each search is a breadth-first
//! walk of a product automaton: its first hit is a shortest example.
//!
//! Vectors are built by pushing, not with `vec!`, whose code is generated anew for each
//! element type and length: this crate's build time is a measured target (BENCHMARKS.md).

/// A set of chars: sorted, disjoint, inclusive ranges of scalar values. Scalar values are
/// `usize` throughout (no `u32` vectors: every element type is generic code to compile).
pub(crate) type Set = Vec<(usize, usize)>;

const MAX: usize = 0x10_FFFF;

/// A regular expression.
#[cfg_attr(test, derive(Clone))]
pub(crate) enum Re {
    /// The empty string.
    Empty,
    /// One char of the set.
    Set(Set),
    Cat(Vec<Re>),
    Alt(Vec<Re>),
    Star(Box<Re>),
}

impl Re {
    /// Exactly `text`.
    pub(crate) fn lit(text: &str) -> Re {
        let mut items = Vec::new();
        for c in text.chars() {
            items.push(Re::Set(single(c)));
        }
        Re::Cat(items)
    }

    pub(crate) fn star(re: Re) -> Re {
        Re::Star(Box::new(re))
    }

    /// `a` or `b`.
    pub(crate) fn alt(a: Re, b: Re) -> Re {
        Re::Alt(pair(a, b))
    }

    pub(crate) fn opt(re: Re) -> Re {
        Re::alt(Re::Empty, re)
    }
}

fn pair(a: Re, b: Re) -> Vec<Re> {
    vec![a, b]
}

/// The chars `lo..=hi`.
fn range(lo: usize, hi: usize) -> Set {
    vec![(lo, hi)]
}

/// Only `c`.
pub(crate) fn single(c: char) -> Set {
    range(c as usize, c as usize)
}

/// Every char.
pub(crate) fn any() -> Set {
    range(0, MAX)
}

/// Every char but these.
pub(crate) fn any_but(chars: &[char]) -> Set {
    let mut taken = Vec::new();
    for &c in chars {
        insert_sorted(&mut taken, c as usize);
    }
    let mut out = Vec::new();
    let mut next = 0;
    for &c in &taken {
        if c > next {
            out.push((next, c - 1));
        }
        next = c + 1;
    }
    if next <= MAX {
        out.push((next, MAX));
    }
    out
}

fn contains(set: &Set, c: usize) -> bool {
    for &(lo, hi) in set {
        if lo <= c && c <= hi {
            return true;
        }
    }
    false
}

/// An NFA without epsilon moves: state 0 is the start, state `p + 1` is position `p` of the
/// expression; every move into a state reads its set.
pub(crate) struct Nfa {
    /// The set read when entering each state (empty for the start).
    sets: Vec<Set>,
    next: Vec<Vec<usize>>,
    accept: Vec<bool>,
}

struct Info {
    nullable: bool,
    first: Vec<usize>,
    last: Vec<usize>,
}

impl Info {
    /// The empty string's.
    fn empty() -> Info {
        Info {
            nullable: true,
            first: Vec::new(),
            last: Vec::new(),
        }
    }
}

impl Nfa {
    pub(crate) fn new(re: &Re) -> Nfa {
        let mut nfa = Nfa {
            sets: Vec::new(),
            next: Vec::new(),
            accept: Vec::new(),
        };
        nfa.state(Vec::new());
        let info = nfa.build(re);
        nfa.next[0] = info.first;
        nfa.accept[0] = info.nullable;
        for &state in &info.last {
            nfa.accept[state] = true;
        }
        nfa
    }

    /// A new state entered by reading `set`.
    fn state(&mut self, set: Set) -> usize {
        self.sets.push(set);
        self.next.push(Vec::new());
        self.accept.push(false);
        self.sets.len() - 1
    }

    fn build(&mut self, re: &Re) -> Info {
        match re {
            Re::Empty => Info::empty(),
            Re::Set(set) => {
                let state = self.state(set.clone());
                let first = vec![state];
                let last = vec![state];
                Info {
                    nullable: false,
                    first,
                    last,
                }
            }
            Re::Cat(items) => {
                let mut info = Info::empty();
                for item in items {
                    let item = self.build(item);
                    info = self.cat(info, item);
                }
                info
            }
            Re::Alt(items) => {
                let mut info = Info {
                    nullable: false,
                    first: Vec::new(),
                    last: Vec::new(),
                };
                for item in items {
                    let item = self.build(item);
                    info.nullable |= item.nullable;
                    for &state in &item.first {
                        info.first.push(state);
                    }
                    for &state in &item.last {
                        info.last.push(state);
                    }
                }
                info
            }
            Re::Star(item) => {
                let item = self.build(item);
                for &from in &item.last {
                    add_all(&mut self.next[from], &item.first);
                }
                Info {
                    nullable: true,
                    first: item.first,
                    last: item.last,
                }
            }
        }
    }

    fn cat(&mut self, a: Info, b: Info) -> Info {
        for &from in &a.last {
            add_all(&mut self.next[from], &b.first);
        }
        let mut first = a.first;
        if a.nullable {
            add_all(&mut first, &b.first);
        }
        let mut last = b.last;
        if b.nullable {
            add_all(&mut last, &a.last);
        }
        Info {
            nullable: a.nullable && b.nullable,
            first,
            last,
        }
    }

    /// Whether the whole of `text` is in the language.
    #[cfg(test)]
    pub(crate) fn matches(&self, text: &str) -> bool {
        let mut states = vec![0];
        for c in text.chars() {
            let mut next = Vec::new();
            for &s in &states {
                for &t in &self.next[s] {
                    if contains(&self.sets[t], c as usize) && !next.contains(&t) {
                        next.push(t);
                    }
                }
            }
            states = next;
        }
        let mut accepts = false;
        for s in states {
            accepts |= self.accept[s];
        }
        accepts
    }
}

fn add_all(to: &mut Vec<usize>, from: &[usize]) {
    for &x in from {
        let mut new = true;
        for &y in to.iter() {
            new &= x != y;
        }
        if new {
            to.push(x);
        }
    }
}

/// The alphabet cut into classes: intervals no set of `nfas` splits, as `(first, last)`.
fn classes(nfas: &[&Nfa]) -> Vec<(usize, usize)> {
    // Surrogates are a class of their own, and the end of the alphabet a cut.
    let mut cuts = vec![0, 0xD800, 0xE000, MAX + 1];
    for nfa in nfas {
        for set in &nfa.sets {
            for &(lo, hi) in set {
                insert_sorted(&mut cuts, lo);
                insert_sorted(&mut cuts, hi + 1);
            }
        }
    }
    let mut out = Vec::new();
    let mut lo = cuts[0];
    for &cut in &cuts[1..] {
        if lo <= MAX {
            out.push((lo, cut - 1));
        }
        lo = cut;
    }
    out
}

/// Inserts `x` in its place in the sorted `v`, unless it is there already; whether it was
/// new.
pub(crate) fn insert_sorted(v: &mut Vec<usize>, x: usize) -> bool {
    let mut at = 0;
    while at < v.len() && v[at] < x {
        at += 1;
    }
    if at == v.len() || v[at] != x {
        v.insert(at, x);
        true
    } else {
        false
    }
}

/// A char to show for a class in an example: a letter or digit when the class has one.
fn representative(class: (usize, usize)) -> Option<usize> {
    for c in "xabcdefghijklmnopqrstuvwyz1234567890 ABCDEFGHIJKLMNOPQRSTUVWXYZ".bytes() {
        let c = usize::from(c);
        if class.0 <= c && c <= class.1 {
            return Some(c);
        }
    }
    // Surrogates are no chars: a class of them is skipped.
    char::from_u32(class.0 as u32).map(|_| class.0)
}

/// The classes with the char (scalar value) that stands for each, surrogates left out.
fn alphabet(nfas: &[&Nfa]) -> Vec<usize> {
    let mut out = Vec::new();
    for &class in &classes(nfas) {
        if let Some(c) = representative(class) {
            out.push(c);
        }
    }
    out
}

/// The states `state` moves to on `c`.
fn step(nfa: &Nfa, state: usize, c: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for &t in &nfa.next[state] {
        if contains(&nfa.sets[t], c) {
            out.push(t);
        }
    }
    out
}

/// A shortest text in both languages, if they overlap.
pub(crate) fn overlap(a: &Nfa, b: &Nfa) -> Option<String> {
    let alphabet = alphabet(&[a, b]);
    let mut search = Search::new(a.sets.len(), b.sets.len());
    while let Some(at) = search.pop() {
        let (sa, sb, _) = search.nodes[at].0;
        if a.accept[sa] && b.accept[sb] {
            return Some(search.text(at));
        }
        for &c in &alphabet {
            let tbs = step(b, sb, c);
            for &ta in &step(a, sa, c) {
                for &tb in &tbs {
                    search.push((ta, tb, false), at, c);
                }
            }
        }
    }
    None
}

/// A node of a search (two states and a flag), and the node and char it was reached from.
type Node = ((usize, usize, bool), Option<(usize, usize)>);

/// A breadth-first search over pairs of states (and a flag): each node once.
struct Search {
    nodes: Vec<Node>,
    queue_at: usize,
    /// One flag per possible node: `(first * width + second) * 2 + flag`.
    seen: Vec<bool>,
    width: usize,
}

impl Search {
    /// A search from the two start states, over `first` x `second` states.
    fn new(first: usize, second: usize) -> Search {
        let size = first * second * 2;
        let mut seen = vec![false; size];
        seen[0] = true;
        let nodes = vec![((0, 0, false), None)];
        Search {
            nodes,
            queue_at: 0,
            seen,
            width: second,
        }
    }

    fn pop(&mut self) -> Option<usize> {
        let at = self.queue_at;
        self.queue_at += 1;
        if at < self.nodes.len() {
            Some(at)
        } else {
            None
        }
    }

    fn push(&mut self, node: (usize, usize, bool), from: usize, c: usize) {
        let index = (node.0 * self.width + node.1) * 2 + usize::from(node.2);
        if !self.seen[index] {
            self.seen[index] = true;
            self.nodes.push((node, Some((from, c))));
        }
    }

    /// The nodes from the start (left out) to `at`.
    fn path(&self, mut at: usize) -> Vec<usize> {
        let mut path = Vec::new();
        while let Some((parent, _)) = self.nodes[at].1 {
            path.push(at);
            at = parent;
        }
        path.reverse();
        path
    }

    /// The text read from the start to `at`.
    fn text(&self, at: usize) -> String {
        let mut text = String::new();
        for &node in &self.path(at) {
            if let Some((_, c)) = self.nodes[node].1
                && let Some(c) = char::from_u32(c as u32)
            {
                text.push(c);
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(pieces: &[Option<&str>]) -> Nfa {
        let mut items = Vec::new();
        for piece in pieces {
            items.push(match piece {
                Some(text) => Re::lit(text),
                None => Re::star(Re::Set(any())),
            });
        }
        Nfa::new(&Re::Cat(items))
    }

    #[test]
    fn template_overlap_with_a_shortest_example() {
        let what = template(&[Some("Missing "), None]);
        let fields = template(&[Some("Missing fields: "), None]);
        assert_eq!(overlap(&what, &fields).as_deref(), Some("Missing fields: "));
        let a = template(&[Some("Task not found")]);
        assert_eq!(
            overlap(&a, &template(&[Some("Task not found")])).as_deref(),
            Some("Task not found")
        );
        assert_eq!(overlap(&a, &template(&[Some("Task gone")])), None);
        let lead = template(&[None, Some(" is gone")]);
        let trail = template(&[Some("Task "), None]);
        assert_eq!(overlap(&lead, &trail).as_deref(), Some("Task is gone"));
        let x = template(&[Some("a"), None, Some("b")]);
        let y = template(&[Some("b"), None, Some("a")]);
        assert_eq!(overlap(&x, &y), None);
        let x = template(&[None, Some("ab"), None]);
        let y = template(&[None, Some("ba"), None]);
        assert_eq!(overlap(&x, &y).as_deref(), Some("aba"));
    }

    #[test]
    fn sets() {
        assert_eq!(any_but(&['\0', 'a']), vec![(1, 96), (98, MAX)]);
        assert_eq!(any_but(&[char::MAX]), vec![(0, MAX - 1)]);
    }
}
