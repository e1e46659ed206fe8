//! `log.level` checked at start: a level, or `TARGET=LEVEL` pairs (what `tracing`'s filter reads).

use tracing_subscriber::EnvFilter;

const LEVELS: [&str; 6] = ["trace", "debug", "info", "warn", "error", "off"];

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
