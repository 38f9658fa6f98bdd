//! Matching a message against a template's pattern: where each placeholder's text is.
//!
//! The answer is the split a backtracking regex engine takes for the pattern of
//! `pattern.rs` (leftmost first, the Perl rule): the highest-priority full match. It is
//! found by a Pike VM, which runs every thread of the program in lockstep over the message,
//! in priority order, each program counter at most once per position. Time is
//! `O(message length x program size)`; memory depends on the program alone (buffers on the
//! stack up to [`STACK_INSTS`] instructions and [`STACK_SLOTS`] capture slots, on the heap
//! past that), never on the message; no recursion.
//!
//! Most templates do not need it. When every placeholder but the last is followed by a
//! literal whose first char its text can never contain (a number or a `bool` before `", "`),
//! a full match can only end each such placeholder's text at the first occurrence of that
//! char: the split is forced, and the fast path finds it with a byte search per literal. Each
//! placeholder's reader then checks that its text is exactly in its pattern (see `read.rs`),
//! so the fast path accepts exactly the split the Pike VM would, and nothing else.

use super::pattern::{self, Class, Item, Rep, Sink};

/// The most instructions of a program run without allocating.
pub const STACK_INSTS: usize = 192;
/// The most capture slots (two per placeholder) run without allocating.
pub const STACK_SLOTS: usize = 12;

/// A template's items, and how to split a message by them.
#[derive(Debug)]
pub struct Pattern {
    items: &'static [Item],
    holes: usize,
    fast: bool,
}

impl Pattern {
    /// The pattern of these items (evaluated at compile time by the derive's statics).
    pub const fn new(items: &'static [Item]) -> Pattern {
        let mut holes = 0;
        let mut fast = true;
        let mut i = 0;
        while i < items.len() {
            if let Item::Hole(hole) = &items[i] {
                holes += 1;
                let mut later = false;
                let mut j = i + 1;
                while j < items.len() {
                    later |= matches!(items[j], Item::Hole(_));
                    j += 1;
                }
                // Every placeholder but the last: a literal next, whose first char the
                // placeholder's text cannot contain.
                if later {
                    fast &= match &items[i + 1] {
                        Item::Lit(text) => {
                            !text.is_empty() && !pattern::may_contain(hole, text.as_bytes()[0])
                        }
                        Item::Hole(_) => false,
                    };
                }
            } else if let Item::Lit(text) = &items[i] {
                fast &= !text.is_empty();
            }
            i += 1;
        }
        Pattern { items, holes, fast }
    }

    /// The items.
    pub const fn items(&self) -> &'static [Item] {
        self.items
    }

    /// How many placeholders.
    pub const fn holes(&self) -> usize {
        self.holes
    }

    /// The spec of item `at` (a placeholder).
    pub fn spec(&self, at: usize) -> &'static pattern::Spec {
        match &self.items[at] {
            Item::Hole(hole) => &hole.spec,
            Item::Lit(_) => &pattern::Spec::PLAIN,
        }
    }

    /// Whether the split is forced (the fast path runs).
    pub const fn is_forced(&self) -> bool {
        self.fast
    }

    /// Splits `text` into each placeholder's text (`out`, one per placeholder), the split
    /// the regex takes; `false` when the text does not match. The placeholders' texts are
    /// then read (and checked) by the readers of `read.rs`.
    #[inline]
    pub fn split<'t>(&self, text: &'t str, out: &mut [&'t str]) -> bool {
        if out.len() != self.holes {
            return false;
        }
        if self.fast {
            forced(self.items, text, out)
        } else {
            self.split_vm(text, out)
        }
    }

    /// [`split`](Pattern::split) by the Pike VM alone (the fast path skipped): for tests.
    pub fn split_vm<'t>(&self, text: &'t str, out: &mut [&'t str]) -> bool {
        if out.len() != self.holes || u32::try_from(text.len()).map_or(true, |n| n == u32::MAX) {
            return false;
        }
        let slots = 2 * self.holes;
        let mut stack_prog = [Inst::Match; STACK_INSTS];
        let mut builder = Builder::new(&mut stack_prog);
        pattern::describe(self.items, &mut builder);
        builder.emit(Inst::Match);
        let len = builder.len;
        if len >= usize::from(NONE) {
            // Program counters are `u16`: a template this large (tens of thousands of
            // literal chars) is no match rather than a wrong one.
            return false;
        }
        if len <= STACK_INSTS && slots <= STACK_SLOTS {
            let mut mem = StackMem::new();
            let mut found = [0u32; STACK_SLOTS];
            let ok = run(
                &stack_prog[..len],
                text,
                slots,
                &mut mem.view(len, slots),
                &mut found,
            );
            return ok && fill(text, &found[..slots], out);
        }
        let mut heap_prog = vec![Inst::Match; len];
        if len <= STACK_INSTS {
            heap_prog.copy_from_slice(&stack_prog[..len]);
        } else {
            let mut builder = Builder::new(&mut heap_prog);
            pattern::describe(self.items, &mut builder);
            builder.emit(Inst::Match);
        }
        let mut mem = HeapMem::new(len, slots);
        let mut found = vec![0u32; slots];
        let ok = run(
            &heap_prog,
            text,
            slots,
            &mut mem.view(len, slots),
            &mut found,
        );
        ok && fill(text, &found, out)
    }

    /// The regex text of the pattern (anchored; see the catalogue docs).
    pub fn regex(&self) -> String {
        pattern::regex(self.items)
    }
}

/// The texts between the slots found.
fn fill<'t>(text: &'t str, found: &[u32], out: &mut [&'t str]) -> bool {
    for (k, slot) in out.iter_mut().enumerate() {
        let (Ok(start), Ok(end)) = (
            usize::try_from(found[2 * k]),
            usize::try_from(found[2 * k + 1]),
        ) else {
            return false;
        };
        match text.get(start..end) {
            Some(piece) => *slot = piece,
            None => return false,
        }
    }
    true
}

/// The fast path: every placeholder but the last ends at the first occurrence of the first
/// byte of the literal after it (see the module docs), the last one before the literals
/// that end the template.
fn forced<'t>(items: &[Item], text: &'t str, out: &mut [&'t str]) -> bool {
    let mut rest = text;
    let mut h = 0;
    let mut i = 0;
    while i < items.len() {
        match items[i] {
            Item::Lit(lit) => match rest.strip_prefix(lit) {
                Some(after) => rest = after,
                None => return false,
            },
            Item::Hole(_) if h + 1 == out.len() => {
                // The last placeholder: the literals after it end the text.
                let mut end = rest;
                for item in items[i + 1..].iter().rev() {
                    if let Item::Lit(lit) = item {
                        match end.strip_suffix(lit) {
                            Some(before) => end = before,
                            None => return false,
                        }
                    }
                }
                out[h] = end;
                return true;
            }
            Item::Hole(_) => {
                let Some(Item::Lit(lit)) = items.get(i + 1) else {
                    return false;
                };
                let first = lit.as_bytes()[0];
                let Some(at) = rest.bytes().position(|b| b == first) else {
                    return false;
                };
                // A char boundary: `first` starts a char of `lit`, and no UTF-8 char has a
                // lead byte inside it.
                let Some((piece, after)) = rest.split_at_checked(at) else {
                    return false;
                };
                out[h] = piece;
                h += 1;
                rest = after;
            }
        }
        i += 1;
    }
    rest.is_empty() && h == out.len()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Inst {
    Char(char),
    Class(Class),
    /// Both, the first preferred.
    Split(u16, u16),
    Jmp(u16),
    Save(u16),
    Match,
}

const NONE: u16 = u16::MAX;

/// An open group of the program being built.
#[derive(Clone, Copy)]
enum Frame {
    /// An alternation: the `Split` of the alternative being built (patched by the next
    /// `alt`), the chain of `Jmp`s to the end (each holding the previous one), the capture.
    Alt {
        split: usize,
        jumps: u16,
        capture: Option<u16>,
    },
    /// `(?:...)*`: its entry `Split`.
    Star { entry: usize },
}

const MAX_DEPTH: usize = 8;

/// Writes a program into `prog`, counting past its end (the caller retries with room).
struct Builder<'p> {
    prog: &'p mut [Inst],
    len: usize,
    frames: [Frame; MAX_DEPTH],
    depth: usize,
}

impl<'p> Builder<'p> {
    fn new(prog: &'p mut [Inst]) -> Builder<'p> {
        Builder {
            prog,
            len: 0,
            frames: [Frame::Star { entry: 0 }; MAX_DEPTH],
            depth: 0,
        }
    }

    fn emit(&mut self, inst: Inst) -> usize {
        if let Some(slot) = self.prog.get_mut(self.len) {
            *slot = inst;
        }
        self.len += 1;
        self.len - 1
    }

    fn set(&mut self, at: usize, inst: Inst) {
        if let Some(slot) = self.prog.get_mut(at) {
            *slot = inst;
        }
    }

    fn pc(&self) -> u16 {
        u16::try_from(self.len).unwrap_or(NONE)
    }

    fn push(&mut self, frame: Frame) {
        if let Some(slot) = self.frames.get_mut(self.depth) {
            *slot = frame;
        }
        self.depth += 1;
    }

    fn pop(&mut self) -> Option<Frame> {
        self.depth = self.depth.checked_sub(1)?;
        self.frames.get(self.depth).copied()
    }

    fn atom(&mut self, inst: Inst, rep: Rep) {
        match rep {
            Rep::One => {
                self.emit(inst);
            }
            Rep::Opt => {
                let pc = self.pc();
                self.emit(Inst::Split(pc.saturating_add(1), pc.saturating_add(2)));
                self.emit(inst);
            }
            Rep::Exactly(n) => {
                for _ in 0..n {
                    self.emit(inst);
                }
            }
            Rep::AtLeast(n) => {
                for _ in 0..n {
                    self.emit(inst);
                }
                self.atom(inst, Rep::Star);
            }
            Rep::Star | Rep::LazyStar => {
                let pc = self.pc();
                let (body, out) = (pc.saturating_add(1), pc.saturating_add(3));
                self.emit(if rep == Rep::Star {
                    Inst::Split(body, out)
                } else {
                    Inst::Split(out, body)
                });
                self.emit(inst);
                self.emit(Inst::Jmp(pc));
            }
        }
    }
}

impl Sink for Builder<'_> {
    fn char(&mut self, c: char, rep: Rep) {
        self.atom(Inst::Char(c), rep);
    }

    fn class(&mut self, class: Class, rep: Rep) {
        self.atom(Inst::Class(class), rep);
    }

    fn open(&mut self, capture: Option<u16>) {
        if let Some(k) = capture {
            self.emit(Inst::Save(k.saturating_mul(2)));
        }
        let pc = self.pc();
        let split = self.emit(Inst::Split(pc.saturating_add(1), NONE));
        self.push(Frame::Alt {
            split,
            jumps: NONE,
            capture,
        });
    }

    fn alt(&mut self) {
        let Some(Frame::Alt {
            split,
            jumps,
            capture,
        }) = self.pop()
        else {
            return;
        };
        let jump = self.emit(Inst::Jmp(jumps));
        let pc = self.pc();
        self.set(
            split,
            Inst::Split(u16::try_from(split + 1).unwrap_or(NONE), pc),
        );
        let split = self.emit(Inst::Split(pc.saturating_add(1), NONE));
        self.push(Frame::Alt {
            split,
            jumps: u16::try_from(jump).unwrap_or(NONE),
            capture,
        });
    }

    fn close(&mut self) {
        let Some(Frame::Alt {
            split,
            mut jumps,
            capture,
        }) = self.pop()
        else {
            return;
        };
        // The last alternative has no other: its `Split` only goes on.
        self.set(split, Inst::Jmp(u16::try_from(split + 1).unwrap_or(NONE)));
        let end = self.pc();
        while jumps != NONE {
            let at = usize::from(jumps);
            jumps = match self.prog.get(at) {
                Some(Inst::Jmp(previous)) => *previous,
                _ => NONE,
            };
            self.set(at, Inst::Jmp(end));
        }
        if let Some(k) = capture {
            self.emit(Inst::Save(k.saturating_mul(2).saturating_add(1)));
        }
    }

    fn open_star(&mut self) {
        let pc = self.pc();
        let entry = self.emit(Inst::Split(pc.saturating_add(1), NONE));
        self.push(Frame::Star { entry });
        self.open(None);
    }

    fn close_star(&mut self) {
        self.close();
        let Some(Frame::Star { entry }) = self.pop() else {
            return;
        };
        self.emit(Inst::Jmp(u16::try_from(entry).unwrap_or(NONE)));
        let out = self.pc();
        self.set(
            entry,
            Inst::Split(u16::try_from(entry + 1).unwrap_or(NONE), out),
        );
    }
}

/// A step of the (iterative) walk through the non-consuming instructions.
#[derive(Clone, Copy)]
enum Follow {
    Explore(u16),
    /// Give a slot its value back after exploring what followed a `Save`.
    Restore(u16, u32),
}

/// The threads at one position: a sparse set of program counters in priority order, with
/// each one's capture slots.
struct Threads<'m> {
    dense: &'m mut [u16],
    sparse: &'m mut [u16],
    len: usize,
    slots: &'m mut [u32],
}

impl<'m> Threads<'m> {
    fn new(
        dense: &'m mut [u16],
        sparse: &'m mut [u16],
        slots: &'m mut [u32],
        insts: usize,
        nslots: usize,
    ) -> Threads<'m> {
        Threads {
            dense: &mut dense[..insts],
            sparse: &mut sparse[..insts],
            len: 0,
            slots: &mut slots[..insts * nslots],
        }
    }

    fn contains(&self, pc: u16) -> bool {
        let i = usize::from(self.sparse[usize::from(pc)]);
        i < self.len && self.dense[i] == pc
    }

    fn insert(&mut self, pc: u16) {
        self.sparse[usize::from(pc)] = self.len as u16;
        self.dense[self.len] = pc;
        self.len += 1;
    }
}

struct View<'m> {
    lists: [Threads<'m>; 2],
    stack: &'m mut [Follow],
    scratch: &'m mut [u32],
}

/// The matcher's memory: two thread lists (sparse sets with each thread's slots), the
/// closure stack and the scratch slots, in arrays on the stack (`StackMem`) or in vectors
/// on the heap (`HeapMem`), each at least as large as the program needs.
struct Mem<I, S, F, C> {
    dense: [I; 2],
    sparse: [I; 2],
    slots: [S; 2],
    stack: F,
    scratch: C,
}

type StackMem = Mem<
    [u16; STACK_INSTS],
    [u32; STACK_INSTS * STACK_SLOTS],
    [Follow; 3 * STACK_INSTS + 2],
    [u32; STACK_SLOTS],
>;

type HeapMem = Mem<Vec<u16>, Vec<u32>, Vec<Follow>, Vec<u32>>;

impl StackMem {
    fn new() -> StackMem {
        Mem {
            dense: [[0; STACK_INSTS]; 2],
            sparse: [[0; STACK_INSTS]; 2],
            slots: [[0; STACK_INSTS * STACK_SLOTS]; 2],
            stack: [Follow::Explore(0); 3 * STACK_INSTS + 2],
            scratch: [0; STACK_SLOTS],
        }
    }
}

impl HeapMem {
    fn new(insts: usize, slots: usize) -> HeapMem {
        Mem {
            dense: [vec![0; insts], vec![0; insts]],
            sparse: [vec![0; insts], vec![0; insts]],
            slots: [vec![0; insts * slots], vec![0; insts * slots]],
            stack: vec![Follow::Explore(0); 3 * insts + 2],
            scratch: vec![0; slots],
        }
    }
}

impl<I, S, F, C> Mem<I, S, F, C>
where
    I: AsMut<[u16]>,
    S: AsMut<[u32]>,
    F: AsMut<[Follow]>,
    C: AsMut<[u32]>,
{
    /// The memory for a program of `insts` instructions and `slots` slots a thread.
    fn view(&mut self, insts: usize, slots: usize) -> View<'_> {
        let [d0, d1] = &mut self.dense;
        let [s0, s1] = &mut self.sparse;
        let [l0, l1] = &mut self.slots;
        View {
            lists: [
                Threads::new(d0.as_mut(), s0.as_mut(), l0.as_mut(), insts, slots),
                Threads::new(d1.as_mut(), s1.as_mut(), l1.as_mut(), insts, slots),
            ],
            stack: &mut self.stack.as_mut()[..3 * insts + 2],
            scratch: &mut self.scratch.as_mut()[..slots],
        }
    }
}

/// Adds the thread at `pc` (position `at`, slots in `scratch`) and every thread its
/// non-consuming instructions lead to, in priority order.
fn add(
    prog: &[Inst],
    list: &mut Threads<'_>,
    stack: &mut [Follow],
    scratch: &mut [u32],
    pc: u16,
    at: u32,
    nslots: usize,
) {
    let mut top = 0;
    stack[top] = Follow::Explore(pc);
    top += 1;
    while top > 0 {
        top -= 1;
        let pc = match stack[top] {
            Follow::Restore(slot, value) => {
                scratch[usize::from(slot)] = value;
                continue;
            }
            Follow::Explore(pc) => pc,
        };
        if usize::from(pc) >= prog.len() || list.contains(pc) {
            continue;
        }
        list.insert(pc);
        match prog[usize::from(pc)] {
            Inst::Jmp(to) => {
                stack[top] = Follow::Explore(to);
                top += 1;
            }
            Inst::Split(first, second) => {
                stack[top] = Follow::Explore(second);
                stack[top + 1] = Follow::Explore(first);
                top += 2;
            }
            Inst::Save(slot) => {
                let slot_at = usize::from(slot);
                if slot_at < scratch.len() {
                    stack[top] = Follow::Restore(slot, scratch[slot_at]);
                    scratch[slot_at] = at;
                    top += 1;
                }
                stack[top] = Follow::Explore(pc + 1);
                top += 1;
            }
            Inst::Char(_) | Inst::Class(_) | Inst::Match => {
                let row = usize::from(pc) * nslots;
                list.slots[row..row + nslots].copy_from_slice(scratch);
            }
        }
    }
}

/// Runs the program, anchored at both ends; the slots of the highest-priority full match.
fn run(prog: &[Inst], text: &str, nslots: usize, mem: &mut View<'_>, found: &mut [u32]) -> bool {
    let View {
        lists,
        stack,
        scratch,
    } = mem;
    let [mut current, mut next] = [0, 1];
    scratch.fill(u32::MAX);
    lists[current].len = 0;
    add(prog, &mut lists[current], stack, scratch, 0, 0, nslots);
    for (at, c) in text.char_indices() {
        if lists[current].len == 0 {
            return false;
        }
        let after = (at + c.len_utf8()) as u32;
        lists[next].len = 0;
        let (a, b) = lists.split_at_mut(1);
        let (now, then) = if current == 0 {
            (&mut a[0], &mut b[0])
        } else {
            (&mut b[0], &mut a[0])
        };
        for i in 0..now.len {
            let pc = now.dense[i];
            let step = match prog[usize::from(pc)] {
                Inst::Char(want) => want == c,
                Inst::Class(class) => class.matches(c),
                _ => false,
            };
            if step {
                let row = usize::from(pc) * nslots;
                scratch.copy_from_slice(&now.slots[row..row + nslots]);
                add(prog, then, stack, scratch, pc + 1, after, nslots);
            }
        }
        std::mem::swap(&mut current, &mut next);
    }
    let list = &lists[current];
    for i in 0..list.len {
        let pc = list.dense[i];
        if prog[usize::from(pc)] == Inst::Match {
            let row = usize::from(pc) * nslots;
            found[..nslots].copy_from_slice(&list.slots[row..row + nslots]);
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::pattern::{Hole, Kind, Spec};

    const fn hole(kind: Kind) -> Item {
        Item::Hole(Hole::new(kind, Spec::PLAIN))
    }

    fn split(pattern: &Pattern, text: &str) -> Option<Vec<String>> {
        let mut out = vec![""; pattern.holes()];
        let fast = pattern
            .split(text, &mut out)
            .then(|| out.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        let mut out = vec![""; pattern.holes()];
        let slow = pattern
            .split_vm(text, &mut out)
            .then(|| out.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(fast, slow, "{text:?}");
        slow
    }

    static CREDITS: Pattern = Pattern::new(&[
        Item::Lit("Insufficient credits: available "),
        hole(Kind::Uint(64)),
        Item::Lit(", required "),
        hole(Kind::Uint(64)),
    ]);
    static RANGE: Pattern = Pattern::new(&[
        Item::Lit("range "),
        hole(Kind::Int(64)),
        Item::Lit("-"),
        hole(Kind::Int(64)),
        Item::Lit(" is empty"),
    ]);
    static LOCK: Pattern = Pattern::new(&[
        hole(Kind::String),
        Item::Lit(" holds lock "),
        hole(Kind::Uint(32)),
    ]);
    static ADJACENT: Pattern = Pattern::new(&[hole(Kind::Uint(64)), hole(Kind::Uint(64))]);

    #[test]
    fn splits_as_the_regex_does() {
        assert!(CREDITS.is_forced());
        assert_eq!(
            split(&CREDITS, "Insufficient credits: available 3, required 10"),
            Some(vec!["3".into(), "10".into()])
        );
        assert_eq!(
            split(&CREDITS, "Insufficient credits: available 3, required"),
            None
        );
        assert!(!RANGE.is_forced());
        assert_eq!(
            split(&RANGE, "range -5--3 is empty"),
            Some(vec!["-5".into(), "-3".into()])
        );
        assert_eq!(
            split(&RANGE, "range 5-3 is empty"),
            Some(vec!["5".into(), "3".into()])
        );
        assert_eq!(split(&RANGE, "range 5-+3 is empty"), None);
        assert_eq!(
            split(&LOCK, "bob holds lock holds lock 42"),
            Some(vec!["bob holds lock".into(), "42".into()])
        );
        assert_eq!(split(&ADJACENT, "111"), Some(vec!["11".into(), "1".into()]));
        assert_eq!(split(&ADJACENT, "10"), Some(vec!["1".into(), "0".into()]));
        assert_eq!(split(&ADJACENT, "01"), Some(vec!["0".into(), "1".into()]));
        assert_eq!(split(&ADJACENT, "1"), None);
        // A template too large for the program's counters: no match, no panic.
        let huge: &'static str = Box::leak("x".repeat(70_000).into_boxed_str());
        let items: &'static [Item] = Box::leak(Box::new([
            Item::Lit(huge),
            hole(Kind::Uint(8)),
            hole(Kind::Uint(8)),
        ]));
        let mut out = ["", ""];
        assert!(!Pattern::new(items).split(&format!("{huge}12"), &mut out));
        let long = format!("{} holds lock 7", "x".repeat(100_000));
        assert_eq!(split(&LOCK, &long).map(|v| v[1].clone()), Some("7".into()));
    }
}
