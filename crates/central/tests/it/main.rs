//! Integration tests of kentongan-central: both adapters against local fake servers (`open311_fake` drives
//! the stateful `FakeOpen311`), the OpenAPI contract, and the title rules. One binary, one module per subject.

mod fake;
mod json_api;
mod open311;
mod open311_deviations;
mod open311_fake;
mod openapi;
mod schema;
mod support;
mod title;
