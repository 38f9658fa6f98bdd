use sunor_errors::IntoErrorBody;

#[derive(IntoErrorBody)]
union Code {
    number: u16,
    text: [u8; 2],
}

fn main() {
    let code = Code { number: 404 };
    let _ = code.to_error_body();
}
