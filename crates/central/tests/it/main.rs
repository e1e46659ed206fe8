//! Integration tests of kentongan-central: both adapters against local fake servers, the OpenAPI
//! contract, and the title rules. One binary, one module per subject.

mod fake;
mod json_api;
mod open311;
mod open311_deviations;
mod openapi;
mod schema;
mod support;
mod title;
