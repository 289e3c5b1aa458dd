//! One module per route.

pub mod compare;
pub mod data_page;
pub mod embed;
pub mod finder;
pub mod home;
pub mod kindergarten;
pub mod map;
pub mod not_found;
pub mod policy;
pub mod progress;
