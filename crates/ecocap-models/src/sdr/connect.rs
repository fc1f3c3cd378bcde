//! The connectivity terms of SDR (Borselli et al. 2008): `D_up` from the
//! two weighted accumulations (eq. 2) and `D_dn`, the weighted distance to
//! the channel (eq. 3), as InVEST 3.20 computes them ([`super::kernel`]).

use ecocap_hydro::{FlowGraph, Shape, Weights};

use crate::error::Result;

use super::kernel::{self, F32_MAX};
use super::routing::Directions;

/// The inputs of both terms.
pub(super) struct Terms<'a> {
    pub dirs: &'a Directions,
    pub graph: FlowGraph,
    /// `W_th` and `S_th` (nodata float32 max)
    pub w_th: Vec<f32>,
    pub s_th: Vec<f32>,
    /// flow accumulation (pixels), handed to the caller's `release` once
    /// no longer needed
    pub fa: Vec<f64>,
    pub channel: &'a [u8],
    pub shape: Shape,
    /// cell size (m)
    pub cell: f64,
}

fn weights(v: &[f32]) -> Weights<'_> {
    Weights {
        values: v,
        nodata: Some(f64::from(F32_MAX)),
    }
}

fn d_up(t: &Terms<'_>, w_acc: Vec<f64>, s_acc: Vec<f64>) -> Vec<f64> {
    let (mut w_bar, mut s_bar) = (w_acc, s_acc);
    kernel::bar(&mut w_bar, &t.fa);
    kernel::bar(&mut s_bar, &t.fa);
    kernel::d_up(w_bar, &s_bar, &t.fa, t.cell * t.cell)
}

/// `D_up` and `D_dn` computed together: the two accumulations and the
/// distance walk are three independent tasks for the two cores. Holds
/// both accumulations, `1/(W·S)` and `D_dn` at once.
pub(super) fn together(
    t: Terms<'_>,
    release: impl FnOnce(Vec<f64>),
) -> Result<(Vec<f64>, Vec<f64>)> {
    let wsi = kernel::ws_inverse(&t.w_th, &t.s_th);
    let ((w_acc, s_acc), d_dn) = rayon::join(
        || {
            rayon::join(
                || t.dirs.accumulate(&t.graph, Some(&weights(&t.w_th))),
                || t.dirs.accumulate(&t.graph, Some(&weights(&t.s_th))),
            )
        },
        || t.dirs.distance(t.channel, t.shape, Some(&weights(&wsi))),
    );
    let (w_acc, s_acc, d_dn) = (w_acc?, s_acc?, d_dn?);
    drop(wsi);
    let up = d_up(&t, w_acc, s_acc);
    release(t.fa);
    Ok((up, d_dn))
}

/// `D_up` first (its two accumulations on the two cores), then, once the
/// flow accumulation has gone to `release`, `D_dn`: the lower peak memory.
pub(super) fn in_turn(
    t: Terms<'_>,
    release: impl FnOnce(Vec<f64>),
) -> Result<(Vec<f64>, Vec<f64>)> {
    let (w_acc, s_acc) = rayon::join(
        || t.dirs.accumulate(&t.graph, Some(&weights(&t.w_th))),
        || t.dirs.accumulate(&t.graph, Some(&weights(&t.s_th))),
    );
    let up = d_up(&t, w_acc?, s_acc?);
    let Terms {
        dirs,
        graph,
        w_th,
        s_th,
        fa,
        channel,
        shape,
        ..
    } = t;
    drop(graph);
    release(fa);
    let wsi = kernel::ws_inverse(&w_th, &s_th);
    drop((w_th, s_th));
    let dn = dirs.distance(channel, shape, Some(&weights(&wsi)))?;
    Ok((up, dn))
}
