//! Logging set-up. Log lines carry ids and counts, never message text, names, numbers or tokens.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;

const LEVELS: [&str; 6] = ["trace", "debug", "info", "warn", "error", "off"];

/// Installs the global subscriber; `RUST_LOG` overrides the configured level. Colours only on a terminal:
/// a log redirected to a file or a journal gets no escape codes.
pub fn init(format: LogFormat, level: &str) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal());
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
}

/// Refuses a filter that would silently log nothing useful. tracing reads a bare word such as `verbose` as
/// a target name (log only target `verbose`); here each comma-separated part must be a level or
/// `TARGET=LEVEL`.
pub fn check_filter(filter: &str) -> Result<(), String> {
    let allowed = || {
        format!(
            "use a level ({}) or TARGET=LEVEL pairs, such as \"info\" or \"kentongan=debug,info\"",
            LEVELS.join(", ")
        )
    };
    let parts: Vec<&str> = filter.split(',').map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.is_empty() {
        return Err(format!("is empty; {}", allowed()));
    }
    for part in parts {
        let level = match part.rsplit_once('=') {
            Some((target, level)) if !target.trim().is_empty() => level,
            _ => part,
        };
        if !LEVELS.contains(&level.trim().to_ascii_lowercase().as_str()) {
            return Err(format!("{part:?} is not a log level; {}", allowed()));
        }
    }
    EnvFilter::try_new(filter).map(|_| ()).map_err(|e| format!("{filter:?} is not a log filter ({e}); {}", allowed()))
}

#[cfg(test)]
mod tests {
    use super::check_filter;

    #[test]
    fn levels_and_target_level_pairs_pass_and_a_bare_word_does_not() {
        for ok in ["info", "WARN", "kentongan=debug,info", "kentongan::forward=trace, warn", "off"] {
            assert_eq!(check_filter(ok), Ok(()), "{ok}");
        }
        for bad in ["verbose", "", "kentongan=loud", "info,chatty", "=debug"] {
            assert!(check_filter(bad).is_err(), "{bad:?} was accepted");
        }
    }
}
