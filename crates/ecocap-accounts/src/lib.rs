//! ecocap-accounts
