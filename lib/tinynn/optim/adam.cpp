// Adam (see adam.hpp).
#include "tinynn/optim/adam.hpp"

#include <cmath>
#include <string>

#include <xtensor/xmath.hpp>
#include <xtensor/xnoalias.hpp>

namespace tinynn {

Adam::Adam(std::vector<Var> params, double lr, double beta1, double beta2, double eps)
    : Optimizer(std::move(params)),
      lr_(lr),
      beta1_(beta1),
      beta2_(beta2),
      eps_(eps),
      state_(params_.size()) {
  if (!(lr > 0) || !std::isfinite(lr)) {
    throw std::invalid_argument("Adam: lr must be a finite number > 0, got " + std::to_string(lr));
  }
  if (!(beta1 >= 0 && beta1 < 1)) {
    throw std::invalid_argument("Adam: beta1 must be in [0, 1), got " + std::to_string(beta1));
  }
  if (!(beta2 >= 0 && beta2 < 1)) {
    throw std::invalid_argument("Adam: beta2 must be in [0, 1), got " + std::to_string(beta2));
  }
  if (!(eps > 0) || !std::isfinite(eps)) {
    throw std::invalid_argument("Adam: eps must be a finite number > 0, got " +
                                std::to_string(eps));
  }
}

// m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  p ← p − lr·m̂/(√v̂ + eps),
// with m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t). Arranged as PyTorch does, so the rounding matches:
//   p ← p − (lr/(1 − β1^t))·m / (√v/√(1 − β2^t) + eps).
// Why the correction: m and v start at 0, so after one step m = (1 − β1)·g, only a tenth of g;
// dividing by 1 − β1^t = 1 − β1 makes m̂ = g exactly, and the first step is lr·g/|g| = ±lr.
void Adam::step() {
  ++steps_;  // once per step, for all parameters together
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const Var& p = params_[i];
    if (!p.has_grad()) continue;  // no gradient reached it: no update and no state change
    const Tensor& g = p.grad();
    State& s = state_[i];
    if (s.t == 0) {
      s.m = zeros(g.shape(0), g.shape(1));
      s.v = zeros(g.shape(0), g.shape(1));
    }
    ++s.t;
    xt::noalias(s.m) = beta1_ * s.m + (1.0 - beta1_) * g;
    xt::noalias(s.v) = beta2_ * s.v + (1.0 - beta2_) * g * g;

    const double t = static_cast<double>(s.t);
    const double step_size = lr_ / (1.0 - std::pow(beta1_, t));
    const double correction2_sqrt = std::sqrt(1.0 - std::pow(beta2_, t));
    Tensor& value = p.mutable_value();
    xt::noalias(value) -= step_size * s.m / (xt::sqrt(s.v) / correction2_sqrt + eps_);
  }
}

}  // namespace tinynn
