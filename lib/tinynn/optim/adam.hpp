// Adam (Kingma & Ba 2015): gradient descent with a per-element step size, from running
// averages of the gradient (m) and of its square (v), as PyTorch computes it.
#pragma once

#include <cstdint>
#include <vector>

#include "tinynn/optim/sgd.hpp"

namespace tinynn {

/// Adam, PyTorch's formulation. For every parameter p with gradient g, at step t = 1, 2, ...:
///   m ← β1·m + (1 − β1)·g          (m, v start at 0)
///   v ← β2·v + (1 − β2)·g²
///   m̂ = m/(1 − β1^t),  v̂ = v/(1 − β2^t)      (undo the pull towards the zero start)
///   p ← p − lr·m̂/(√v̂ + eps)
/// t counts the optimizer steps that updated p: one per step() call, never one per parameter
/// tensor within a step (a counter bumped once per tensor gives the second tensor t = 2 on
/// the first step and a wrong correction: reference case O01). A parameter that got no
/// gradient in some steps was not updated in them and has a smaller t, as in PyTorch, so its
/// first update is still a first step.
class Adam : public Optimizer {
 public:
  /// Throws std::invalid_argument unless lr > 0 is finite, 0 ≤ beta1, beta2 < 1 and
  /// eps > 0 is finite.
  Adam(std::vector<Var> params, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
       double eps = 1e-8);
  /// One update of every parameter that has a gradient (the others are left alone).
  void step() override;
  /// How many times step() has run: the t of the bias correction.
  std::int64_t steps() const { return steps_; }
  double lr() const { return lr_; }
  double beta1() const { return beta1_; }
  double beta2() const { return beta2_; }
  double eps() const { return eps_; }

 private:
  /// The running averages of one parameter, and how many updates they have seen.
  struct State {
    Tensor m;             ///< running mean of g (first moment)
    Tensor v;             ///< running mean of g² (second moment)
    std::int64_t t = 0;   ///< updates of this parameter: equal to steps() while it always
                          ///< has a gradient (PyTorch keeps the same count per parameter)
  };
  double lr_;
  double beta1_;
  double beta2_;
  double eps_;
  std::int64_t steps_ = 0;
  std::vector<State> state_;
};

}  // namespace tinynn
