//! `sunor-errors-codegen python|typescript CATALOGUE.json [-o FILE]`: writes the module to
//! FILE, or to standard output.
//!
//! Exit status: 0 on success, 1 when the catalogue cannot be read or is not a valid
//! format-2 catalogue (every problem is listed) or the output cannot be written, 2 for a
//! command line it does not understand.

use std::process::ExitCode;

use sunor_errors_codegen::{Catalog, python, typescript};

const USAGE: &str = "usage: sunor-errors-codegen python|typescript CATALOGUE.json [-o FILE]";

const HELP: &str = "Writes the module that decodes and retries a sunor-errors catalogue's \
errors (format 2, `Catalog::to_json`) in another language.

usage: sunor-errors-codegen python|typescript CATALOGUE.json [-o FILE]

  python      one Python 3.9+ module, standard library only
  typescript  one TypeScript module for ES2020 and the global fetch
  -o FILE     write the module to FILE instead of standard output

The same catalogue always gives the same bytes.";

enum Failure {
    Usage(String),
    Run(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => {
            eprintln!("sunor-errors-codegen: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Run(message)) => {
            eprintln!("sunor-errors-codegen: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), Failure> {
    if matches!(args, [flag] if flag == "-h" || flag == "--help") {
        println!("{HELP}");
        return Ok(());
    }
    let (language, input, output) = match args {
        [language, input] => (language, input, None),
        [language, input, flag, output] if flag == "-o" => (language, input, Some(output)),
        _ => return Err(Failure::Usage(USAGE.to_owned())),
    };
    let generate: fn(&Catalog) -> String = match language.as_str() {
        "python" => python::generate,
        "typescript" => typescript::generate,
        other => {
            return Err(Failure::Usage(format!(
                "unknown language {other:?}\n{USAGE}"
            )));
        }
    };
    let text = std::fs::read_to_string(input)
        .map_err(|e| Failure::Run(format!("cannot read {input}: {e}")))?;
    let catalog = Catalog::from_json(&text).map_err(|e| Failure::Run(format!("{input}: {e}")))?;
    let module = generate(&catalog);
    match output {
        Some(path) => std::fs::write(path, module)
            .map_err(|e| Failure::Run(format!("cannot write {path}: {e}"))),
        None => {
            print!("{module}");
            Ok(())
        }
    }
}
