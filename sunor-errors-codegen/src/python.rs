//! The Python module (to be written).

use crate::Catalog;

/// The Python module for `catalog`.
pub fn generate(catalog: &Catalog) -> String {
    let _ = catalog;
    String::new()
}
