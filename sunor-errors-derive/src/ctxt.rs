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
        self.push(syn::Error::new_spanned(tokens, message));
    }

    /// All collected errors, or `Ok` if there were none.
    pub(crate) fn check(self) -> syn::Result<()> {
        match self.errors {
            Some(errors) => Err(errors),
            None => Ok(()),
        }
    }
}
