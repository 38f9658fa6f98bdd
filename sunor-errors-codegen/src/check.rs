//! What a generator needs of a catalogue beyond its JSON shape, checked once for every
//! language: a catalogue that passes makes a module that imports and means what it says.

use std::collections::HashSet;

use sha2::{Digest, Sha256};

use crate::catalog::Setting;
use crate::{Catalog, InvalidCatalog, Kind, RetryAfter};

/// The problems of `catalog`, all of them, one per line; `Ok` when there are none.
pub(crate) fn check(catalog: &Catalog) -> Result<(), InvalidCatalog> {
    let mut problems = Vec::new();
    policy(catalog, &mut problems);
    let mut ids = HashSet::new();
    for (index, case) in catalog.cases.iter().enumerate() {
        let at = format!("case {index} ({:?})", case.id);
        if case.id.is_empty() {
            problems.push(format!("{at}: empty id"));
        } else if !ids.insert(case.id.as_str()) {
            problems.push(format!("{at}: the id is used by an earlier case"));
        }
        if !(400..=599).contains(&case.code) {
            problems.push(format!("{at}: code {} is not in 400..=599", case.code));
        }
        if !(case.pattern.starts_with('^') && case.pattern.ends_with('$')) {
            problems.push(format!("{at}: the pattern is not anchored (`^...$`)"));
        }
        let groups = capture_groups(&case.pattern);
        let mut names = HashSet::new();
        for field in &case.fields {
            let at = format!("{at}, field {:?}", field.name);
            if !names.insert(field.name.as_str()) {
                problems.push(format!("{at}: a second field of that name"));
            }
            match (field.kind, field.bits) {
                (Kind::Uint | Kind::Int, Some(1..=128)) => {}
                (Kind::Uint | Kind::Int, bits) => {
                    problems.push(format!(
                        "{at}: an integer needs bits in 1..=128, not {bits:?}"
                    ));
                }
                _ => {}
            }
            match field.from.as_deref() {
                None | Some("message") => {
                    if let Some(group) = field.groups.iter().find(|g| **g == 0 || **g > groups) {
                        problems.push(format!(
                            "{at}: group {group} is not one of the pattern's {groups} groups"
                        ));
                    }
                }
                Some("retry_after") => {
                    if field.kind != Kind::Uint && field.kind != Kind::Other {
                        problems.push(format!("{at}: a retry_after field holds seconds (uint)"));
                    }
                }
                Some("default") => {}
                Some(other) => {
                    problems.push(format!(
                        "{at}: unknown source {other:?} (message, retry_after or default)"
                    ));
                }
            }
        }
        if let Some(RetryAfter::Field(name)) = &case.retry_after
            && !case.fields.iter().any(|f| &f.name == name)
        {
            problems.push(format!("{at}: retry_after names no field {name:?}"));
        }
    }
    match problems.len() {
        0 => Ok(()),
        1 => Err(InvalidCatalog(problems.remove(0))),
        n => Err(InvalidCatalog(format!(
            "{n} problems:\n  {}",
            problems.join("\n  ")
        ))),
    }
}

fn policy(catalog: &Catalog, problems: &mut Vec<String>) {
    let backoff = &catalog.policy.backoff;
    for (name, setting) in catalog.policy.settings() {
        match setting {
            // Beyond 2^53 an f64 is no longer an exact count, and no wait is that long.
            Setting::Number(value) if !(0.0..=9_007_199_254_740_992.0).contains(&value) => {
                problems.push(format!(
                    "policy.{name}: {value} is not a number in 0..=2^53"
                ));
            }
            Setting::Codes(codes) => {
                if let Some(code) = codes.iter().find(|code| !(400..=599).contains(*code)) {
                    problems.push(format!("policy.{name}: {code} is not in 400..=599"));
                }
            }
            _ => {}
        }
    }
    if backoff.factor.fract() != 0.0 {
        problems.push(format!(
            "policy.backoff.factor: {} is not a whole number",
            backoff.factor
        ));
    }
    if backoff.jitter_low > backoff.jitter_high {
        problems.push("policy.backoff: jitter_low is above jitter_high".to_owned());
    }
    const JITTERS: [&str; 5] = ["none", "additive", "full", "equal", "decorrelated"];
    if !JITTERS.contains(&backoff.jitter.as_str()) {
        problems.push(format!(
            "policy.backoff.jitter: unknown jitter {:?} (one of {})",
            backoff.jitter,
            JITTERS.join(", ")
        ));
    }
}

// The capture groups of a pattern: every `(` that is neither escaped, inside a class, nor
// followed by `?` (a non-capturing or other special group).
fn capture_groups(pattern: &str) -> usize {
    let mut groups = 0;
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '(' if !in_class && chars.peek() != Some(&'?') => groups += 1,
            _ => {}
        }
    }
    groups
}

/// SHA-256 of `bytes` in lower-case hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
