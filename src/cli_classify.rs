//! `kentongan classify …`: the classifier's command line, wired to `kentongan_classify::cli`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use kentongan_classify::{LabelSet, cli};

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
    /// Train a model from a CSV with `text` and `label` columns (plus the catalogue unless --no-catalogue),
    /// and with --history the routing corrections stored in the configured database.
    Train {
        /// Labelled CSV with `text` and `label` columns.
        #[arg(long, required_unless_present = "history")]
        data: Option<PathBuf>,
        /// Include citizens' and admins' routing corrections from the database, weighted above the catalogue.
        #[arg(long)]
        history: bool,
        /// Where to write the model (JSON), for `--model` or `classify.model`.
        #[arg(long)]
        out: PathBuf,
        /// Train on the CSV alone, without the catalogue's keywords and examples.
        #[arg(long)]
        no_catalogue: bool,
        /// Let the model answer every catalogue OPD code, not only the CSV's labels (always so with --history).
        #[arg(long, conflicts_with = "no_catalogue")]
        catalogue_labels: bool,
        /// Refit the confidence temperature on this labelled CSV (rows kept apart from training and testing).
        #[arg(long, conflicts_with = "history")]
        calibrate: Option<PathBuf>,
    },
    /// Accuracy, macro-F1, per-label figures and confused pairs on a labelled CSV.
    Eval {
        /// Labelled CSV with `text` and `label` columns.
        #[arg(long)]
        data: PathBuf,
        /// A model file from `classify train` (default: train from the catalogue).
        #[arg(long)]
        model: Option<PathBuf>,
        /// One JSON object instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Classify every row's `text`, one JSON line per row.
    Predict {
        /// Labelled CSV with `text` and `label` columns, as for eval.
        #[arg(long)]
        data: PathBuf,
        /// A model file from `classify train` (default: train from the catalogue).
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Validate the OPD catalogue.
    Check,
}

pub async fn run(args: ClassifyArgs, config: Option<&Path>) -> ExitCode {
    let settings = match Settings::load(config) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let catalogue = settings.classify.catalogue.clone();
    let mut out = std::io::stdout().lock();
    let result = match (args.command, args.text) {
        (Some(ClassifyCommand::Train { data, history: true, out: model, no_catalogue, .. }), _) => {
            let catalogue = (!no_catalogue).then_some(catalogue.as_path());
            train_with_history(&settings, data.as_deref(), &model, catalogue).await
        }
        (
            Some(ClassifyCommand::Train {
                data: Some(data),
                history: false,
                out: model,
                no_catalogue,
                catalogue_labels,
                calibrate,
            }),
            _,
        ) => {
            let labels = if catalogue_labels { LabelSet::Catalogue } else { LabelSet::Data };
            let catalogue = (!no_catalogue).then_some(catalogue.as_path());
            cli::train(&data, &model, catalogue, labels, calibrate.as_deref(), &mut out)
        }
        (Some(ClassifyCommand::Train { data: None, history: false, .. }), _) => Err("give --data or --history".into()),
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

/// Trains on the catalogue, an optional CSV and the stored routing corrections, and saves the model.
async fn train_with_history(
    settings: &Settings,
    data: Option<&Path>,
    out: &Path,
    catalogue: Option<&Path>,
) -> Result<(), String> {
    let mut examples = match data {
        Some(path) => kentongan_classify::csvdata::read(path)?,
        None => Vec::new(),
    };
    let store = crate::app::open_store(settings).await.map_err(|e| format!("{e:#}"))?;
    let history = crate::routing::history(store.as_ref()).await.map_err(|e| format!("{e:#}"))?;
    let corrections = history.len();
    examples.extend(history);
    let catalogue = match catalogue {
        Some(path) => Some(
            kentongan_classify::Catalogue::load(path)
                .map_err(|problems| problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))?,
        ),
        None => None,
    };
    let model = kentongan_classify::Classifier::train(catalogue.as_ref(), &examples);
    model.save(out).map_err(|e| e.to_string())?;
    println!(
        "trained on {} example(s), {corrections} of them routing corrections; model written to {}",
        examples.len(),
        out.display()
    );
    Ok(())
}
