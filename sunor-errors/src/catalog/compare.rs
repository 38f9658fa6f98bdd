//! [`Catalog::changes_since`]: an old catalogue against a new one, case by case.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::template::{self, Parsed, Piece};
use super::{Case, Catalog, Change, ChangeKind, Changes, RetryAfterHint};
use crate::log_safe::Escaped;

/// The most bytes of a message a removed or added case's summary shows.
const MAX_MESSAGE_SHOWN: usize = 256;

impl Catalog {
    /// What changed from `old` (say, a snapshot read with [`Catalog::from_json`]) to this
    /// catalogue, each change marked breaking or not (the table is in the
    /// [module docs](super#what-breaks-clients)).
    ///
    /// Cases are paired by [id](super::Case::id) (a format-1 case's is `Type.Variant`). A
    /// case that is gone, beside a new one with the same wire form (code, message shape,
    /// placeholder types, delay, decodability), changed its id: breaking, since clients of
    /// other languages name cases by id (`#[error_body(id = "...")]` keeps an id through a
    /// rename). A case whose id stayed while its variant or type was renamed is a compatible
    /// change. Cost: `O(n log n)` in the cases plus linear in their text.
    ///
    /// ```
    /// # #[cfg(feature = "derive")] {
    /// use sunor_errors::catalog::Catalog;
    /// use sunor_errors::IntoErrorBody;
    ///
    /// mod v1 {
    ///     #[derive(sunor_errors::IntoErrorBody, sunor_errors::FromErrorBody)]
    ///     pub enum TaskError {
    ///         #[error_body(code = 402, message = "Insufficient credits: available {available}, required {required}")]
    ///         InsufficientCredits { available: u64, required: u64 },
    ///         #[error_body(code = 429, message = "Rate limit exceeded.")]
    ///         RateLimited { #[error_body(retry_after)] seconds: u64 },
    ///     }
    /// }
    /// mod v2 {
    ///     #[derive(sunor_errors::IntoErrorBody, sunor_errors::FromErrorBody)]
    ///     pub enum TaskError {
    ///         #[error_body(code = 402, message = "Insufficient credits: {available} of {required}")]
    ///         InsufficientCredits { available: u64, required: u64 },
    ///         #[error_body(code = 409, message = "Task already running")]
    ///         Running,
    ///     }
    /// }
    ///
    /// let changes = Catalog::of::<v2::TaskError>().changes_since(&Catalog::of::<v1::TaskError>());
    /// assert!(changes.is_breaking());
    /// assert_eq!(changes.to_string(), "\
    /// 2 breaking changes:
    ///   TaskError::InsufficientCredits: message \"Insufficient credits: available {available}, required {required}\" -> \"Insufficient credits: {available} of {required}\"
    ///   TaskError::RateLimited: removed (was 429 \"Rate limit exceeded.\")
    /// 1 compatible change:
    ///   TaskError::Running: added: 409 \"Task already running\"");
    /// # }
    /// ```
    pub fn changes_since(&self, old: &Catalog) -> Changes {
        let old_parsed: Vec<Parsed> = old.cases.iter().map(parse).collect();
        let new_parsed: Vec<Parsed> = self.cases.iter().map(parse).collect();
        let (pairs, id_changed) = pair(old, &old_parsed, self, &new_parsed);

        let mut changes = Vec::new();
        if old.type_name != self.type_name {
            changes.push(
                Change::new(ChangeKind::TypeRenamed, false, old.type_name.clone())
                    .values(Some(old.type_name.clone()), Some(self.type_name.clone())),
            );
        }
        for (i, was) in old.cases.iter().enumerate() {
            let Some(j) = pairs[i] else {
                changes.push(
                    Change::new(ChangeKind::Removed, true, was.name())
                        .values(Some(summary(was)), None),
                );
                continue;
            };
            let now = &self.cases[j];
            if id_changed[i] {
                changes.push(
                    Change::new(ChangeKind::IdChanged, true, was.name())
                        .values(Some(was.id.clone()), Some(now.id.clone())),
                );
            } else if name_key(was) != name_key(now) {
                changes.push(
                    Change::new(ChangeKind::Renamed, false, was.name())
                        .values(None, Some(now.name())),
                );
            }
            compare((was, &old_parsed[i]), (now, &new_parsed[j]), &mut changes);
        }
        let mut used = vec![false; self.cases.len()];
        for j in pairs.iter().flatten() {
            used[*j] = true;
        }
        for (case, _) in self.cases.iter().zip(used).filter(|(_, used)| !used) {
            changes.push(
                Change::new(ChangeKind::Added, false, case.name())
                    .values(None, Some(summary(case))),
            );
        }
        Changes::from_vec(changes)
    }
}

fn parse(case: &Case) -> Parsed {
    template::parse(&case.message, case.templated)
}

/// For each old case, its new case, and whether the pair was found by wire form (its id
/// changed).
fn pair(
    old: &Catalog,
    old_parsed: &[Parsed],
    new: &Catalog,
    new_parsed: &[Parsed],
) -> (Vec<Option<usize>>, Vec<bool>) {
    // By id first, the n-th case of an id with the n-th (a type listed twice through two
    // `transparent` variants).
    let mut by_id = BTreeMap::<&str, VecDeque<usize>>::new();
    for (j, case) in new.cases.iter().enumerate() {
        by_id.entry(case.id.as_str()).or_default().push_back(j);
    }
    let mut pairs: Vec<Option<usize>> = old
        .cases
        .iter()
        .map(|case| by_id.get_mut(case.id.as_str())?.pop_front())
        .collect();
    // Then what is left, by wire form.
    let mut by_wire = BTreeMap::<Wire<'_>, VecDeque<usize>>::new();
    for j in by_id.into_values().flatten() {
        by_wire
            .entry(wire(&new.cases[j], &new_parsed[j]))
            .or_default()
            .push_back(j);
    }
    // Kept in the new catalogue's order within one wire form.
    for queue in by_wire.values_mut() {
        queue.make_contiguous().sort_unstable();
    }
    let mut id_changed = vec![false; old.cases.len()];
    for (i, case) in old.cases.iter().enumerate() {
        if pairs[i].is_none() {
            let found = by_wire
                .get_mut(&wire(case, &old_parsed[i]))
                .and_then(VecDeque::pop_front);
            pairs[i] = found;
            id_changed[i] = found.is_some();
        }
    }
    (pairs, id_changed)
}

fn name_key(case: &Case) -> (&str, Option<&str>) {
    (&case.type_name, case.variant.as_deref())
}

/// What a client sees of a case, names left out.
type Wire<'a> = (u16, &'a [Piece], Vec<&'a str>, (u8, u64), bool);

fn wire<'a>(case: &'a Case, parsed: &'a Parsed) -> Wire<'a> {
    let hint = match case.retry_after {
        RetryAfterHint::None => (0, 0),
        RetryAfterHint::Fixed(seconds) => (1, seconds),
        RetryAfterHint::FromField => (2, 0),
    };
    (
        case.code.as_u16(),
        &parsed.shape,
        case.placeholders.iter().map(|p| neutral(&p.ty)).collect(),
        hint,
        case.decodable,
    )
}

/// The changes between two versions of one case.
fn compare((was, old): (&Case, &Parsed), (now, new): (&Case, &Parsed), changes: &mut Vec<Change>) {
    let change = |kind, breaking| Change::new(kind, breaking, was.name());
    // What decoders read: only a case that was decodable has decoders to break.
    let read = was.decodable;
    if was.code != now.code {
        changes.push(
            change(ChangeKind::CodeChanged, true)
                .values(Some(was.code.to_string()), Some(now.code.to_string())),
        );
    }
    if was.decodable && !now.decodable {
        changes.push(change(ChangeKind::NoLongerDecodable, true));
    } else if !was.decodable && now.decodable {
        changes.push(change(ChangeKind::NowDecodable, false));
    }
    if old.shape != new.shape {
        changes.push(
            change(ChangeKind::MessageChanged, read)
                .values(Some(was.message.clone()), Some(now.message.clone())),
        );
    } else {
        if old.names != new.names {
            let (kind, breaking) = if template::same_slots(old, new) {
                (ChangeKind::PlaceholdersRenamed, false)
            } else {
                (ChangeKind::PlaceholdersReordered, read)
            };
            changes.push(
                change(kind, breaking).values(Some(braced(&old.names)), Some(braced(&new.names))),
            );
        }
        types(was, now, read, changes);
    }
    let hint = |hint| match hint {
        RetryAfterHint::None => "none".to_owned(),
        RetryAfterHint::Fixed(seconds) => format!("{seconds} s"),
        RetryAfterHint::FromField => "from a field".to_owned(),
    };
    match (was.retry_after, now.retry_after) {
        (before, after) if before == after => {}
        (before, RetryAfterHint::None) => changes
            .push(change(ChangeKind::RetryAfterRemoved, true).values(Some(hint(before)), None)),
        (RetryAfterHint::None, after) => {
            changes.push(change(ChangeKind::RetryAfterAdded, false).values(None, Some(hint(after))))
        }
        (before, after) => changes.push(
            change(ChangeKind::RetryAfterChanged, false)
                .values(Some(hint(before)), Some(hint(after))),
        ),
    }
}

/// The placeholder types of two messages of one shape.
fn types(was: &Case, now: &Case, breaking: bool, changes: &mut Vec<Change>) {
    let change = || Change::new(ChangeKind::PlaceholderTypeChanged, breaking, was.name());
    if was.placeholders.len() != now.placeholders.len() {
        // Only from hand-written descriptors: the derive lists every placeholder.
        let list = |case: &Case| {
            let types: Vec<&str> = case.placeholders.iter().map(|p| p.ty.as_str()).collect();
            types.join(", ")
        };
        changes.push(change().values(Some(list(was)), Some(list(now))));
        return;
    }
    let mut shown = BTreeSet::<&str>::new();
    for (before, after) in was.placeholders.iter().zip(&now.placeholders) {
        // A field shown twice is one change.
        if neutral(&before.ty) != neutral(&after.ty) && shown.insert(&after.name) {
            changes.push(
                change()
                    .placeholder(Some(after.name.clone()))
                    .values(Some(before.ty.clone()), Some(after.ty.clone())),
            );
        }
    }
}

/// A placeholder's type as the wire sees it: `usize` is `u64`, `std::string::String` is
/// `String` (as a format-2 catalogue, which lists kinds, reads them back).
fn neutral(ty: &str) -> &str {
    match ty {
        "usize" => "u64",
        "isize" => "i64",
        "std::string::String" | "alloc::string::String" | "::std::string::String" => "String",
        other => other,
    }
}

/// `{a}, {b}`.
fn braced(names: &[String]) -> String {
    let braced: Vec<String> = names.iter().map(|name| format!("{{{name}}}")).collect();
    braced.join(", ")
}

/// `429 "Rate limit exceeded."`.
fn summary(case: &Case) -> String {
    format!(
        "{} {}",
        case.code,
        Escaped::quoted(case.message.as_bytes(), MAX_MESSAGE_SHOWN)
    )
}
