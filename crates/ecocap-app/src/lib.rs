//! ecocap-app
