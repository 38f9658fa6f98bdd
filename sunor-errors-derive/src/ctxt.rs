//! Error accumulation: every mistake in one item is reported at once (as `serde_derive`'s
//! `Ctxt` does), so the user fixes them in one round instead of one per build.

/// Collects `syn::Error`s; each keeps its own span.
#[derive(Default)]
pub(crate) struct Ctxt {
    errors: Option<syn::Error>,
}

impl Ctxt {
    pub(crate) fn push(&mut self, error: syn::Error) {
        match &mut self.errors {
            Some(errors) => errors.combine(error),
            None => self.errors = Some(error),
        }
    }

    pub(crate) fn spanned(&mut self, tokens: &dyn quote::ToTokens, message: &str) {
        self.push(error(tokens, message));
    }

    /// All collected errors, or `Ok` if there were none.
    pub(crate) fn check(self) -> syn::Result<()> {
        match self.errors {
            Some(errors) => Err(errors),
            None => Ok(()),
        }
    }
}

/// An error on `tokens`. Every error of the crate is built here or in [`error_at`]: syn's
/// constructors are generic, and each argument type would be code of its own.
pub(crate) fn error(tokens: &dyn quote::ToTokens, message: &str) -> syn::Error {
    syn::Error::new_spanned(tokens, message)
}

/// An error at `span`.
pub(crate) fn error_at(span: proc_macro2::Span, message: &str) -> syn::Error {
    syn::Error::new(span, message)
}
