//! kgportal's publishing pipeline: a bureau's spreadsheets (bytes) → validated records and a
//! report → a compiled publication (the files of `data/` and its manifest), with no file-system
//! access. `kgdata` (the CLI) and the browser's 数据发布 page both call it, so the same inputs
//! give the same publication, byte for byte.

pub mod bundle;
pub mod columns;
pub mod diff;
pub mod guard;
pub mod places;
pub mod publish;
pub mod report;
pub mod sample;
pub mod stats;
pub mod table;
pub mod template;
