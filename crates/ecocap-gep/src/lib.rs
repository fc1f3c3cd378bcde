//! ecocap-gep
