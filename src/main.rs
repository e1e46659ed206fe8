//! Thin entry point: parse arguments and hand over to the CLI.

fn main() -> std::process::ExitCode {
    kentongan::cli::main()
}
