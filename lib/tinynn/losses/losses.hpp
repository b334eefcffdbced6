// Loss functions: a prediction Var and a constant target → a 1×1 Var, the mean over all
// elements. Each is one graph node whose backward is written out by hand (fused), which is
// both faster and more accurate than composing it from log, sub and mean.
#pragma once

#include <optional>
#include <string>
#include <vector>

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

/// Cross-entropy of C classes on logits z (N×C) and labels (N×1, class indices 0..C−1), with
/// the softmax fused in and the mean taken over the N samples:
///   L = (1/N) Σᵢ [logsumexp(zᵢ) − zᵢ,yᵢ],   logsumexp(z) = m + ln Σⱼ e^(zⱼ − m),  m = maxⱼ zⱼ,
/// which is −ln softmax(zᵢ)[yᵢ] without ever forming a probability that could round to 0.
///   dL/dz = (softmax(z) − onehot(y))/N.
/// Throws std::invalid_argument when the shapes do not fit or a label is not an integer in
/// 0..C−1 (the message names the row).
Var cross_entropy(const Var& logits, const Tensor& labels);

/// The losses by name, for configs and command lines.
enum class Loss {
  mse,                   ///< mse(prediction, target)
  binary_cross_entropy,  ///< binary_cross_entropy(probability, target)
  bce_with_logits,       ///< bce_with_logits(logits, target)
  cross_entropy,         ///< cross_entropy(logits N×C, labels N×1)
};

/// "mse", "binary_cross_entropy", "bce_with_logits", "cross_entropy".
std::string to_string(Loss loss);

/// The Loss named `name` (exactly as to_string writes it), or std::nullopt.
std::optional<Loss> loss_from_string(const std::string& name);

/// Every loss name, in the enum's order (for help texts and error messages).
const std::vector<std::string>& loss_names();

/// The loss `loss` of a network's output against a target (for cross_entropy: the labels).
Var compute_loss(Loss loss, const Var& output, const Tensor& target);

/// The terms of that loss, as numbers (no graph): Lₖ/M for each of its M elements (for
/// cross_entropy: each of the N rows), so that they sum to the loss up to rounding. Shaped
/// like the output (cross_entropy: N×1). The gradient check differences these one by one.
Tensor loss_terms(Loss loss, const Tensor& output, const Tensor& target);

}  // namespace tinynn
