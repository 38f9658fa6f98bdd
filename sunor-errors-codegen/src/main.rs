//! `sunor-errors-codegen python|typescript CATALOGUE.json [-o FILE]`: writes the module to
//! FILE, or to standard output.

use std::process::ExitCode;

use sunor_errors_codegen::{Catalog, python, typescript};

const USAGE: &str = "usage: sunor-errors-codegen python|typescript CATALOGUE.json [-o FILE]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sunor-errors-codegen: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let (language, input, output) = match args {
        [language, input] => (language, input, None),
        [language, input, flag, output] if flag == "-o" => (language, input, Some(output)),
        _ => return Err(USAGE.to_owned()),
    };
    let text = std::fs::read_to_string(input).map_err(|e| format!("cannot read {input}: {e}"))?;
    let catalog = Catalog::from_json(&text).map_err(|e| format!("{input}: {e}"))?;
    let module = match language.as_str() {
        "python" => python::generate(&catalog),
        "typescript" => typescript::generate(&catalog),
        other => return Err(format!("unknown language {other:?}\n{USAGE}")),
    };
    match output {
        Some(path) => std::fs::write(path, module).map_err(|e| format!("cannot write {path}: {e}")),
        None => {
            print!("{module}");
            Ok(())
        }
    }
}
