//! A dialog-file problem, named by file, line and step, as `kentongan dialogs check` prints it.

use std::fmt;

/// One problem found while loading or checking dialog files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: Option<usize>,
    pub step: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    /// `dialogs/complaint.toml:42: describe: unknown target 'lokasi'`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(step) = &self.step {
            write!(f, ": {step}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for Problem {}

/// Collects problems for one file, turning byte offsets into 1-based lines.
pub(crate) struct Sink<'a> {
    pub file: String,
    pub source: &'a str,
    pub problems: Vec<Problem>,
}

impl<'a> Sink<'a> {
    pub fn new(file: String, source: &'a str) -> Self {
        Sink { file, source, problems: Vec::new() }
    }

    /// The 1-based line holding byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        let end = offset.min(self.source.len());
        self.source.as_bytes()[..end].iter().filter(|b| **b == b'\n').count() + 1
    }

    pub fn at(&mut self, offset: Option<usize>, step: Option<&str>, message: impl Into<String>) {
        let line = offset.map(|o| self.line_of(o));
        self.problems.push(Problem {
            file: self.file.clone(),
            line,
            step: step.map(str::to_owned),
            message: message.into(),
        });
    }
}
