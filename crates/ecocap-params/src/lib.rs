//! ecocap-params
