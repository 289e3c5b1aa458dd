//! kgportal core, shared by the browser app and the publishing tool.
//!
//! Plain types with methods; no web or I/O dependencies, so everything here is tested natively.

pub mod bench_queries;
pub mod chart;
pub mod check;
pub mod codec;
pub mod codes;
pub mod date;
pub mod export;
pub mod first;
pub mod geo;
pub mod hant;
pub mod indicators;
pub mod json;
pub mod links;
pub mod manifest;
pub mod model;
pub mod msg;
pub mod num;
pub mod outline;
pub mod params;
pub mod policy;
pub mod query;
pub mod regions;
pub mod report;
pub mod rules;
pub mod siteconfig;
pub mod stats;
pub mod text;
