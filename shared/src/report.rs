//! The validation report of a publication. The publishing tool writes it (in full for the bureau,
//! summary plus rejected rows for the public); the portal shows it on the 数据与方法 page.

use crate::rules::{Finding, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Serialize, Deserialize, Default, Clone, Debug, PartialEq)]
pub struct FileSummary {
    pub file: String,
    pub encoding: String,
    pub rows: usize,
    pub blank_rows: Vec<usize>,
    pub published: usize,
    pub rejected: usize,
    pub unknown_columns: Vec<String>,
    pub missing_columns: Vec<String>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Line {
    pub file: String,
    pub row: usize,
    pub id: String,
    pub name: String,
    pub severity: Severity,
    pub rule: String,
    pub title: String,
    pub column: String,
    pub value: String,
    pub message: String,
}

#[derive(Serialize, Deserialize, Default, Clone, Debug, PartialEq)]
pub struct Report {
    pub as_of: String,
    pub files: Vec<FileSummary>,
    pub rows_in: usize,
    pub published: usize,
    pub rejected: usize,
    pub published_with_warnings: usize,
    /// "W05 班额超标" → number of findings.
    pub by_rule: BTreeMap<String, usize>,
    pub lines: Vec<Line>,
}

impl Report {
    pub fn add(&mut self, file: &str, row: usize, id: &str, name: &str, f: &Finding) {
        *self.by_rule.entry(format!("{} {}", f.rule.id(), f.rule.title())).or_default() += 1;
        self.lines.push(Line {
            file: file.to_string(),
            row,
            id: id.to_string(),
            name: name.to_string(),
            severity: f.rule.severity(),
            rule: f.rule.id().to_string(),
            title: f.rule.title().to_string(),
            column: f.column.clone(),
            value: f.value.chars().take(200).collect(),
            message: f.message.clone(),
        });
    }
}
