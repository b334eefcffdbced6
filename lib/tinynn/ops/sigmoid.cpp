// The sigmoid σ(x) = 1/(1 + e^(−x)) and its gradient. This is the file to read first.
//
// Forward, without overflow. The textbook forms each break in one tail:
//   1/(1 + e^(−x))   for x = −1000: e^1000 = inf, 1/inf = 0   (fine, but exp overflowed)
//   e^x/(1 + e^x)    for x = +1000: inf/inf = NaN              (wrong)
// So we only ever exponentiate a non-positive number:
//   x ≥ 0:  σ(x) = 1/(1 + e^(−x))       e^(−x) ∈ (0, 1]
//   x < 0:  σ(x) = e^x/(1 + e^x)        e^x ∈ (0, 1)
//
// Backward, exact in the tails. dσ/dx = σ(x)(1 − σ(x)) = σ(x)·σ(−x), since 1 − σ(x) = σ(−x).
// The two are equal on paper but not in floating point: for x = 40, σ(40) rounds to exactly
// 1.0, so 1 − σ(40) = 0, while σ(−40) = 4.2483542552915889e-18 is computed to full precision.
// That is why the backward below keeps the input x, not only the output σ(x).
#include <cmath>

#include "tinynn/ops/ops.hpp"

namespace tinynn {

double sigmoid(double x) {
  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));
  const double e = std::exp(x);
  return e / (1.0 + e);
}

double sigmoid_derivative(double x) { return sigmoid(x) * sigmoid(-x); }

// Y = σ(X) elementwise (N×n → N×n).  dX = dY ⊙ σ(X)⊙σ(−X).
Var sigmoid(const Var& x) {
  const Tensor& xv = x.value();
  Tensor y = Tensor::from_shape(xv.shape());
  for (std::size_t i = 0; i < xv.size(); ++i) y.data()[i] = sigmoid(xv.data()[i]);

  Node* in = x.node().get();
  static constexpr OpMath math{"Y = σ(X)", {"dX = dY ⊙ σ′(X)"}};
  return Var::from_op("sigmoid", &math, std::move(y), {x}, [in](const Tensor& dy) {
    if (!in->requires_grad) return;
    Tensor dx = Tensor::from_shape(dy.shape());
    for (std::size_t i = 0; i < dy.size(); ++i) {
      dx.data()[i] = dy.data()[i] * sigmoid_derivative(in->value.data()[i]);  // ← σ′ = σ(x)σ(−x)
    }
    if (BackwardTrace::recording()) {  // tinynn explain: the local derivative itself
      Tensor local = Tensor::from_shape(dy.shape());
      for (std::size_t i = 0; i < dy.size(); ++i) local.data()[i] = sigmoid_derivative(in->value.data()[i]);
      BackwardTrace::record_local(0, "σ′(X) = σ(X)·σ(−X)", std::move(local));
    }
    in->accumulate_grad(std::move(dx));
  });
}

}  // namespace tinynn
