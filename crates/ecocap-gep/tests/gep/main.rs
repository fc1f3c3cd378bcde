//! Integration tests of ecocap-gep (one test binary): the Ganzi 2017
//! conformance reproduction and the `ecocap gep` command run through its
//! library function.

mod command;
mod docs;
mod ganzi_conformance;
mod support;
