//! kentongan-dialog: dialogs as data (TOML), their loader and validator, and the pure conversation engine.
//!
//! ```text
//! dialogs/*.toml ──load_dir──▶ Dialogs ──advance(state, event)──▶ Outcome { state, replies, effects }
//! ```
//! Nothing here does I/O except `Dialogs::load_dir`/`check_dir` reading the files.

mod compile;
mod dialogs;
mod engine;
pub mod gsm7;
mod load;
mod model;
mod problem;
mod raw;
pub mod render;
mod state;
mod suggest;
mod types;
mod validate;

pub use dialogs::Dialogs;
pub use engine::{advance, ask_again};
pub use load::{CATALOG_FILE, check_dir};
pub use problem::Problem;
pub use state::State;
pub use suggest::{Suggester, Suggestion};
pub use types::{Answer, Caps, Effect, Event, Input, Lang, Outcome, Reply, Report};
