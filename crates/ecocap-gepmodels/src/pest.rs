//! Pest control (病虫害控制): the area of forest and of grassland, valued
//! by the GEP engine at the prevention cost per hm² (白玛卓嘎 et al. 2017
//! §2.4.9: forest 375, grassland 112.5 yuan/hm²). Forest and grassland are
//! the Xie 2015 level-1 types 森林 (needleleaf, mixed, broadleaf, shrub) and
//! 草地 (steppe, shrub_grass, meadow).

use ecocap_spec::{InputKind as K, InputSpec as I, ModelSpec, OutputSpec as O};

/// Which pest-control indicator a Xie 2015 level-2 type counts toward.
pub fn indicator_of(xie2015_type: &str) -> Option<&'static str> {
    match xie2015_type {
        "needleleaf" | "mixed_needle_broadleaf" | "broadleaf" | "shrub" => {
            Some("pest_control_forest")
        }
        "steppe" | "shrub_grass" | "meadow" => Some("pest_control_grassland"),
        _ => None,
    }
}

/// The declaration.
pub fn spec() -> ModelSpec {
    ModelSpec::new(
        "pest_control",
        "Pest control",
        "病虫害控制",
        "Forest and grassland area by zone (hm2), valued at prevention cost per hm2 (白玛卓嘎 et al. 2017 §2.4.9).",
    )
    .input(I::new("landcover", K::RasterClasses, "Land cover", "土地覆被"))
    .output(O::new("quantities.csv#pest_control_forest", "hm2", "forest area per zone and year"))
    .output(O::new("quantities.csv#pest_control_grassland", "hm2", "grassland area per zone and year"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forest_and_grass() {
        assert_eq!(indicator_of("shrub"), Some("pest_control_forest"));
        assert_eq!(indicator_of("meadow"), Some("pest_control_grassland"));
        assert_eq!(indicator_of("paddy"), None);
    }
}
