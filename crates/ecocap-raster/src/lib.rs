//! ecocap-raster
