// Optimizers change parameters using their gradients. Optimizer holds the parameter handles;
// Sgd is stochastic gradient descent with optional (Nesterov) momentum; Adam is in adam.hpp.
#pragma once

#include <vector>

#include "tinynn/autograd/var.hpp"

namespace tinynn {

class Optimizer {
 public:
  explicit Optimizer(std::vector<Var> params);
  virtual ~Optimizer() = default;
  /// One update of every parameter from its current gradient.
  virtual void step() = 0;
  /// Forget every parameter's gradient (call before each backward: gradients accumulate).
  void zero_grad();
  const std::vector<Var>& parameters() const { return params_; }

 protected:
  std::vector<Var> params_;
};

/// Gradient descent, PyTorch's formulation:
///   momentum μ = 0:  p ← p − lr·g
///   momentum μ > 0:  buf ← μ·buf + g  (buf = g on the first step);  p ← p − lr·buf
///   nesterov:        the same buf, but p ← p − lr·(g + μ·buf): the step looks ahead along the
///                    velocity it is about to take (Sutskever et al. 2013, as PyTorch writes it)
class Sgd : public Optimizer {
 public:
  /// Throws std::invalid_argument unless lr > 0 is finite and 0 ≤ momentum < 1, and for
  /// nesterov with momentum 0 (as PyTorch: there is no velocity to look ahead along).
  Sgd(std::vector<Var> params, double lr, double momentum = 0.0, bool nesterov = false);
  void step() override;
  double lr() const { return lr_; }
  double momentum() const { return momentum_; }
  bool nesterov() const { return nesterov_; }

 private:
  double lr_;
  double momentum_;
  bool nesterov_;
  std::vector<Tensor> velocity_;  ///< one buffer per parameter, empty until the first step
};

}  // namespace tinynn
