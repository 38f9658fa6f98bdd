//! The TypeScript module (to be written).

use crate::Catalog;

/// The TypeScript module for `catalog`.
pub fn generate(catalog: &Catalog) -> String {
    let _ = catalog;
    String::new()
}
