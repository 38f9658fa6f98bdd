//! `#[derive(IntoErrorBody)]` for `sunor-errors`. Use it through `sunor_errors::IntoErrorBody`.

use proc_macro::TokenStream;

/// Derives `sunor_errors::IntoErrorBody`.
#[proc_macro_derive(IntoErrorBody, attributes(error_body))]
pub fn derive_into_error_body(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    syn::Error::new_spanned(
        &input.ident,
        "#[derive(IntoErrorBody)] is not implemented yet",
    )
    .to_compile_error()
    .into()
}
