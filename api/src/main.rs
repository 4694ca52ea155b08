fn main() -> std::process::ExitCode {
    satu_api::cli::main()
}
