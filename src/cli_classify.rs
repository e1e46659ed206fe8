//! `kentongan classify …`: the classifier's command line, wired to `kentongan_classify::cli`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use kentongan_classify::cli;

use crate::config::Settings;

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ClassifyArgs {
    #[command(subcommand)]
    pub command: Option<ClassifyCommand>,
    /// Complaint text to classify (prints the top 3 OPDs with confidences and reasons).
    pub text: Option<String>,
    /// A model file from `classify train` (default: train from the catalogue).
    #[arg(long)]
    pub model: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum ClassifyCommand {
    /// Train a model from a CSV with `text` and `label` columns (plus the catalogue unless --no-catalogue).
    Train {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Train on the CSV alone (any label set).
        #[arg(long)]
        no_catalogue: bool,
    },
    /// Accuracy, macro-F1, per-label figures and confused pairs on a labelled CSV.
    Eval {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        model: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Classify every row's `text`, one JSON line per row.
    Predict {
        #[arg(long)]
        data: PathBuf,
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Validate the OPD catalogue.
    Check,
}

pub fn run(args: ClassifyArgs, config: Option<&Path>) -> ExitCode {
    let catalogue = match Settings::load(config) {
        Ok(s) => s.classify.catalogue,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let mut out = std::io::stdout().lock();
    let result = match (args.command, args.text) {
        (Some(ClassifyCommand::Train { data, out: model, no_catalogue }), _) => {
            cli::train(&data, &model, (!no_catalogue).then_some(catalogue.as_path()), &mut out)
        }
        (Some(ClassifyCommand::Eval { data, model, json }), _) => {
            cli::eval(&data, model.as_deref(), &catalogue, json, &mut out)
        }
        (Some(ClassifyCommand::Predict { data, model }), _) => {
            cli::predict(&data, model.as_deref(), &catalogue, &mut out)
        }
        (Some(ClassifyCommand::Check), _) => cli::check(&catalogue, &mut out),
        (None, Some(text)) => cli::classify_text(&text, args.model.as_deref(), &catalogue, &mut out),
        (None, None) => Err("give a complaint text, or one of: train, eval, predict, check".to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
