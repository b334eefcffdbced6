// Sgd (see sgd.hpp).
#include "tinynn/optim/sgd.hpp"

#include <cmath>

#include <xtensor/xnoalias.hpp>

namespace tinynn {

Optimizer::Optimizer(std::vector<Var> params) : params_(std::move(params)) {
  for (const Var& p : params_) {
    if (!p.defined() || !p.requires_grad()) {
      throw std::invalid_argument("Optimizer: every parameter must be a trainable Var "
                                  "(requires_grad), got '" + (p.defined() ? p.name() : "") + "'");
    }
  }
}

void Optimizer::zero_grad() {
  for (const Var& p : params_) p.zero_grad();
}

Sgd::Sgd(std::vector<Var> params, double lr, double momentum, bool nesterov)
    : Optimizer(std::move(params)),
      lr_(lr),
      momentum_(momentum),
      nesterov_(nesterov),
      velocity_(params_.size()) {
  if (!(lr > 0) || !std::isfinite(lr)) {
    throw std::invalid_argument("Sgd: lr must be a finite number > 0, got " + std::to_string(lr));
  }
  if (!(momentum >= 0 && momentum < 1)) {
    throw std::invalid_argument("Sgd: momentum must be in [0, 1), got " + std::to_string(momentum));
  }
  if (nesterov && momentum == 0.0) {
    throw std::invalid_argument("Sgd: nesterov needs a momentum > 0 (it looks ahead along the "
                                "velocity, and with momentum 0 there is none)");
  }
}

void Sgd::step() {
  for (std::size_t i = 0; i < params_.size(); ++i) {
    const Var& p = params_[i];
    if (!p.has_grad()) continue;  // no gradient reached it: nothing to do (as PyTorch)
    Tensor& value = p.mutable_value();
    const Tensor& g = p.grad();
    if (momentum_ == 0.0) {
      xt::noalias(value) -= lr_ * g;
      continue;
    }
    Tensor& buf = velocity_[i];
    if (buf.shape() != g.shape()) {  // first step (buf is still empty): buf = g
      buf = g;
    } else {
      xt::noalias(buf) = momentum_ * buf + g;
    }
    if (nesterov_) {
      xt::noalias(value) -= lr_ * (g + momentum_ * buf);  // look ahead: g + μ·buf
    } else {
      xt::noalias(value) -= lr_ * buf;
    }
  }
}

}  // namespace tinynn
