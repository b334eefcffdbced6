// The losses (see losses.hpp for the formulas). Targets are constants: they get no gradient.
#include "tinynn/losses/losses.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "tinynn/autograd/gradcheck.hpp"
#include "tinynn/ops/ops.hpp"

namespace tinynn {

namespace {
void require_target_shape(const char* loss, const Tensor& prediction, const Tensor& target) {
  if (prediction.shape() != target.shape()) {
    throw std::invalid_argument(std::string(loss) + ": prediction is " + shape_str(prediction) +
                                " but target is " + shape_str(target) + " (they must match)");
  }
  if (prediction.size() == 0) {
    throw std::invalid_argument(std::string(loss) + ": no elements (shape " +
                                shape_str(prediction) + "); a loss over nothing is undefined");
  }
}

// A loss before its mean: the M per-element (for cross_entropy: per-row) values Lₖ, and
// M·dL/dprediction. Each loss below computes these once; the Var and loss_terms share them.
struct LossParts {
  Tensor per_element;
  Tensor grad_times_m;
};

// Build the 1×1 loss node: L = (1/M) Σₖ Lₖ, dL/dprediction = grad_times_m / M. `local` is
// the formula of dL/dprediction, recorded with its value for tinynn explain.
Var mean_loss(const char* name, const OpMath* math, const char* local, const Var& prediction,
              LossParts parts) {
  const double m = static_cast<double>(parts.per_element.size());
  double total = 0;
  for (double v : parts.per_element) total += v;
  Node* pp = prediction.node().get();
  return Var::from_op(name, math, filled(1, 1, total / m), {prediction},
                      [pp, m, local, g = std::move(parts.grad_times_m)](const Tensor& dl) {
                        if (!pp->requires_grad) return;
                        if (BackwardTrace::recording()) BackwardTrace::record_local(0, local, g / m);
                        pp->accumulate_grad((dl(0, 0) / m) * g);
                      });
}

// L = mean((y − t)²);  dL/dy = 2(y − t)/M.
LossParts mse_parts(const Tensor& prediction, const Tensor& target) {
  require_target_shape("mse", prediction, target);
  const Tensor diff = prediction - target;
  return {diff * diff, 2.0 * diff};
}

// L = mean(−[t·max(ln p, −100) + (1 − t)·max(ln(1 − p), −100)]);
// dL/dp = (p − t)/max(p(1 − p), 1e-12)/M.
//
// Both clamps are kinks: where p(1 − p) < 1e-12 the gradient is PyTorch's clamped formula,
// not the slope of the loss, and where a log is clamped the loss is flat. During a gradient
// check every element reports its piece: 0 unclamped, else a piece marked kConvention
// (1: only the gradient's denominator clamped, 2: a log clamped too), so that checks across
// or inside a clamp are skipped and counted, never judged.
LossParts bce_parts(const Tensor& p, const Tensor& target) {
  require_target_shape("binary_cross_entropy", p, target);
  Tensor loss = Tensor::from_shape(p.shape());
  Tensor grad = Tensor::from_shape(p.shape());
  KinkTrace* trace = active_kink_trace();
  std::uint8_t* piece = trace ? trace->append("binary_cross_entropy clamp", p.size()) : nullptr;
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double pi = p.data()[i];
    const double ti = target.data()[i];
    if (pi < 0.0 || pi > 1.0) {  // NaN passes on, for the trainer to diagnose
      throw std::invalid_argument("binary_cross_entropy: probability " + std::to_string(pi) +
                                  " at element " + std::to_string(i) +
                                  " is outside [0, 1] (did you pass logits? use bce_with_logits)");
    }
    const double ln_p = std::log(pi), ln_1mp = std::log1p(-pi);
    const double log_p = std::max(ln_p, -100.0);
    const double log_1mp = std::max(ln_1mp, -100.0);
    const double denominator = pi * (1.0 - pi);
    loss.data()[i] = -(ti * log_p + (1.0 - ti) * log_1mp);
    grad.data()[i] = (pi - ti) / std::max(denominator, 1e-12);
    if (piece != nullptr) {
      piece[i] = ln_p < -100.0 || ln_1mp < -100.0 ? (2 | KinkTrace::kConvention)
                 : denominator < 1e-12            ? (1 | KinkTrace::kConvention)
                                                  : 0;
    }
  }
  return {std::move(loss), std::move(grad)};
}

// L = mean(max(z, 0) − t·z + ln(1 + e^(−|z|)));  dL/dz = ((1 − t)σ(z) − tσ(−z))/M.
// (max(z, 0) and |z| have kinks at 0, but their sum softplus(z) is smooth: no kink to report.)
LossParts bce_with_logits_parts(const Tensor& z, const Tensor& target) {
  require_target_shape("bce_with_logits", z, target);
  Tensor loss = Tensor::from_shape(z.shape());
  Tensor grad = Tensor::from_shape(z.shape());
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double zi = z.data()[i];
    const double ti = target.data()[i];
    loss.data()[i] = std::max(zi, 0.0) - ti * zi + std::log1p(std::exp(-std::abs(zi)));
    grad.data()[i] = (1.0 - ti) * sigmoid(zi) - ti * sigmoid(-zi);
  }
  return {std::move(loss), std::move(grad)};
}

// The shortest text that reads back as the same double: "1.5", not "1.500000".
std::string number_str(double v) {
  char buf[32];
  const auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  return std::string(buf, end);
}

// Lᵢ = logsumexp(zᵢ) − zᵢ,yᵢ = (m − zᵢ,yᵢ) + ln(1 + s),
//   with m = maxⱼ zᵢⱼ and s = Σ_{j ≠ argmax} e^(zᵢⱼ − m);
// L = mean over the N rows;  dL/dz = (softmax(z) − onehot(y))/N.
//
// Three choices keep every digit:
// - every exponent is ≤ 0 (the row max is subtracted), so logits of ±1000 give exact results;
// - the max's own term e⁰ = 1 is kept out of s, and ln(1 + s) is computed as log1p(s): for a
//   confident, right row s is tiny, and 1 + s would round it away (logits [0, −40] with label 0
//   cost ln(1 + e^(−40)) = 4.2e-18, not 0);
// - the label's gradient pᵧ − 1 is computed as −Σ_{j ≠ y} pⱼ, so it stays exact when pᵧ rounds
//   to 1 (the same reason bce_with_logits computes σ(z) − 1 as −σ(−z)).
// (Which logit is the max changes the formula, not the function: logsumexp is smooth.)
LossParts cross_entropy_parts(const Tensor& z, const Tensor& labels) {
  const std::size_t n = z.shape(0);
  const std::size_t c = z.shape(1);
  if (n == 0 || c == 0) {
    throw std::invalid_argument("cross_entropy: logits are " + shape_str(z) +
                                "; need at least one sample and one class");
  }
  if (labels.shape(0) != n || labels.shape(1) != 1) {
    throw std::invalid_argument(
        "cross_entropy: logits are " + shape_str(z) + ", so labels must be " + std::to_string(n) +
        "x1 (one class index per row), got " + shape_str(labels) +
        (labels.shape(1) == c && c > 1 ? " (one-hot rows? give each row's class index instead)"
                                       : ""));
  }
  Tensor loss = Tensor::from_shape({n, 1});
  Tensor grad = Tensor::from_shape(z.shape());  // (softmax − onehot), row by row
  for (std::size_t i = 0; i < n; ++i) {
    const double label = labels(i, 0);
    if (!(label >= 0.0 && label < static_cast<double>(c)) || label != std::floor(label)) {
      throw std::invalid_argument("cross_entropy: label " + number_str(label) + " in row " +
                                  std::to_string(i) + " is not a class index: with " +
                                  std::to_string(c) + " classes, labels are the integers 0.." +
                                  std::to_string(c - 1));
    }
    const auto y = static_cast<std::size_t>(label);

    std::size_t top = 0;  // the row's argmax (the first one, on ties)
    for (std::size_t j = 1; j < c; ++j) {
      if (z(i, j) > z(i, top)) top = j;
    }
    const double m = z(i, top);
    double s = 0.0;  // Σ_{j ≠ top} e^(zᵢⱼ − m)
    for (std::size_t j = 0; j < c; ++j) {
      grad(i, j) = j == top ? 1.0 : std::exp(z(i, j) - m);  // e^(zᵢⱼ − m), not yet divided
      if (j != top) s += grad(i, j);
    }
    loss(i, 0) = (m - z(i, y)) + std::log1p(s);

    const double total = 1.0 + s;  // Σⱼ e^(zᵢⱼ − m)
    double others = 0.0;           // Σ_{j ≠ y} pⱼ = 1 − pᵧ
    for (std::size_t j = 0; j < c; ++j) {
      grad(i, j) /= total;
      if (j != y) others += grad(i, j);
    }
    grad(i, y) = -others;  // pᵧ − 1
  }
  // mean_loss divides by the N per-row losses: L = (1/N) Σᵢ Lᵢ, dL/dz = grad/N.
  return {std::move(loss), std::move(grad)};
}

LossParts loss_parts(Loss loss, const Tensor& output, const Tensor& target) {
  switch (loss) {
    case Loss::mse: return mse_parts(output, target);
    case Loss::binary_cross_entropy: return bce_parts(output, target);
    case Loss::bce_with_logits: return bce_with_logits_parts(output, target);
    case Loss::cross_entropy: return cross_entropy_parts(output, target);
  }
  throw std::invalid_argument("loss: unknown loss " + std::to_string(static_cast<int>(loss)));
}

}  // namespace

// Each loss's formulas as tinynn explain prints them (M elements, N rows).
Var mse(const Var& prediction, const Tensor& target) {
  static constexpr OpMath math{"L = Σ (y − t)²/M, the mean over all M elements", {"dy = dL · 2(y − t)/M"}};
  return mean_loss("mse", &math, "2(y − t)/M", prediction, mse_parts(prediction.value(), target));
}

Var binary_cross_entropy(const Var& probability, const Tensor& target) {
  static constexpr OpMath math{"L = Σ −[t·ln p + (1 − t)·ln(1 − p)] / M, each ln ≥ −100",
                               {"dp = dL · (p − t)/max(p(1 − p), 1e-12)/M"}};
  return mean_loss("binary_cross_entropy", &math, "(p − t)/(p(1 − p))/M", probability,
                   bce_parts(probability.value(), target));
}

Var bce_with_logits(const Var& logits, const Tensor& target) {
  static constexpr OpMath math{"L = Σ [softplus(z) − t·z] / M, softplus(z) = ln(1 + eᶻ)",
                               {"dz = dL · (σ(z) − t)/M"}};
  return mean_loss("bce_with_logits", &math, "(σ(z) − t)/M", logits,
                   bce_with_logits_parts(logits.value(), target));
}

Var cross_entropy(const Var& logits, const Tensor& labels) {
  static constexpr OpMath math{"L = Σᵢ [logsumexp(zᵢ) − zᵢ,yᵢ] / N, yᵢ = the label of row i",
                               {"dz = dL · (softmax(z) − onehot(y))/N"}};
  return mean_loss("cross_entropy", &math, "(softmax(z) − onehot(y))/N", logits,
                   cross_entropy_parts(logits.value(), labels));
}

Tensor loss_terms(Loss loss, const Tensor& output, const Tensor& target) {
  LossParts parts = loss_parts(loss, output, target);
  const double m = static_cast<double>(parts.per_element.size());
  for (double& v : parts.per_element) v /= m;
  return std::move(parts.per_element);
}

std::string to_string(Loss loss) {
  switch (loss) {
    case Loss::mse: return "mse";
    case Loss::binary_cross_entropy: return "binary_cross_entropy";
    case Loss::bce_with_logits: return "bce_with_logits";
    case Loss::cross_entropy: return "cross_entropy";
  }
  return "?";
}

namespace {
constexpr Loss kAllLosses[] = {Loss::mse, Loss::binary_cross_entropy, Loss::bce_with_logits,
                               Loss::cross_entropy};
}  // namespace

const std::vector<std::string>& loss_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (Loss l : kAllLosses) out.push_back(to_string(l));
    return out;
  }();
  return names;
}

std::optional<Loss> loss_from_string(const std::string& name) {
  for (Loss l : kAllLosses) {
    if (to_string(l) == name) return l;
  }
  return std::nullopt;
}

Var compute_loss(Loss loss, const Var& output, const Tensor& target) {
  switch (loss) {
    case Loss::mse: return mse(output, target);
    case Loss::binary_cross_entropy: return binary_cross_entropy(output, target);
    case Loss::bce_with_logits: return bce_with_logits(output, target);
    case Loss::cross_entropy: return cross_entropy(output, target);
  }
  throw std::invalid_argument("compute_loss: unknown loss " +
                              std::to_string(static_cast<int>(loss)));
}

}  // namespace tinynn
