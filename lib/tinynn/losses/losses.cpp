// The losses (see losses.hpp for the formulas). Targets are constants: they get no gradient.
#include "tinynn/losses/losses.hpp"

#include <algorithm>
#include <cmath>

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

// Build the 1×1 loss node from per-element values and per-element dL/dprediction·M.
Var mean_loss(const char* name, const Var& prediction, const Tensor& per_element,
              Tensor grad_times_m) {
  const double m = static_cast<double>(per_element.size());
  double total = 0;
  for (double v : per_element) total += v;
  Node* pp = prediction.node().get();
  return Var::from_op(name, filled(1, 1, total / m), {prediction},
                      [pp, m, g = std::move(grad_times_m)](const Tensor& dl) {
                        if (pp->requires_grad) pp->accumulate_grad((dl(0, 0) / m) * g);
                      });
}
}  // namespace

// L = mean((y − t)²);  dL/dy = 2(y − t)/M.
Var mse(const Var& prediction, const Tensor& target) {
  require_target_shape("mse", prediction.value(), target);
  const Tensor diff = prediction.value() - target;
  return mean_loss("mse", prediction, diff * diff, 2.0 * diff);
}

// L = mean(−[t·max(ln p, −100) + (1 − t)·max(ln(1 − p), −100)]);
// dL/dp = (p − t)/max(p(1 − p), 1e-12)/M.
Var binary_cross_entropy(const Var& probability, const Tensor& target) {
  const Tensor& p = probability.value();
  require_target_shape("binary_cross_entropy", p, target);
  Tensor loss = Tensor::from_shape(p.shape());
  Tensor grad = Tensor::from_shape(p.shape());
  for (std::size_t i = 0; i < p.size(); ++i) {
    const double pi = p.data()[i];
    const double ti = target.data()[i];
    if (pi < 0.0 || pi > 1.0) {  // NaN passes on, for the trainer to diagnose
      throw std::invalid_argument("binary_cross_entropy: probability " + std::to_string(pi) +
                                  " at element " + std::to_string(i) +
                                  " is outside [0, 1] (did you pass logits? use bce_with_logits)");
    }
    const double log_p = std::max(std::log(pi), -100.0);
    const double log_1mp = std::max(std::log1p(-pi), -100.0);
    loss.data()[i] = -(ti * log_p + (1.0 - ti) * log_1mp);
    grad.data()[i] = (pi - ti) / std::max(pi * (1.0 - pi), 1e-12);
  }
  return mean_loss("binary_cross_entropy", probability, loss, std::move(grad));
}

// L = mean(max(z, 0) − t·z + ln(1 + e^(−|z|)));  dL/dz = ((1 − t)σ(z) − tσ(−z))/M.
Var bce_with_logits(const Var& logits, const Tensor& target) {
  const Tensor& z = logits.value();
  require_target_shape("bce_with_logits", z, target);
  Tensor loss = Tensor::from_shape(z.shape());
  Tensor grad = Tensor::from_shape(z.shape());
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double zi = z.data()[i];
    const double ti = target.data()[i];
    loss.data()[i] = std::max(zi, 0.0) - ti * zi + std::log1p(std::exp(-std::abs(zi)));
    grad.data()[i] = (1.0 - ti) * sigmoid(zi) - ti * sigmoid(-zi);
  }
  return mean_loss("bce_with_logits", logits, loss, std::move(grad));
}

}  // namespace tinynn
