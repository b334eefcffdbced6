// Loss functions: a prediction Var and a constant target → a 1×1 Var, the mean over all
// elements. Each is one graph node whose backward is written out by hand (fused), which is
// both faster and more accurate than composing it from log, sub and mean.
#pragma once

#include "tinynn/autograd/var.hpp"

namespace tinynn {

/// Mean squared error  L = (1/M) Σ (y − t)²  over all M elements (no ½ factor, as PyTorch).
/// dL/dy = 2(y − t)/M.
Var mse(const Var& prediction, const Tensor& target);

/// Binary cross-entropy on probabilities p ∈ [0, 1]:
///   L = (1/M) Σ −[t·ln p + (1 − t)·ln(1 − p)],   each ln clamped at −100 (PyTorch's convention),
/// so p = 0 or 1 gives a finite loss (at most 100 per element), never inf or NaN.
///   dL/dp = (p − t) / max(p(1 − p), 1e-12) / M    (PyTorch clamps the denominator the same way).
/// Prefer bce_with_logits when p comes from a sigmoid: it needs no clamp.
Var binary_cross_entropy(const Var& probability, const Tensor& target);

/// Binary cross-entropy on logits z (the input to a sigmoid), fused and stable:
///   L = (1/M) Σ softplus(z) − t·z,   softplus(z) = ln(1 + e^z) = max(z, 0) + ln(1 + e^(−|z|)),
/// which is t·softplus(−z) + (1 − t)·softplus(z) written without overflow.
///   dL/dz = (σ(z) − t)/M, computed as (1 − t)σ(z) − tσ(−z) so a confidently wrong or right
///   saturated logit still gets its exact tiny gradient (σ(40) − 1 = −4.2e-18, not 0).
Var bce_with_logits(const Var& logits, const Tensor& target);

}  // namespace tinynn
