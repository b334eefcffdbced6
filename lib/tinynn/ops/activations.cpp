// The activations after sigmoid: tanh, relu and the row-wise softmax, each with its gradient.
// Like sigmoid.cpp, every formula here is chosen so that no exp overflows and no derivative
// is lost to rounding in the tails.
#include <algorithm>
#include <cmath>
#include <limits>

#include "tinynn/autograd/gradcheck.hpp"
#include "tinynn/ops/ops.hpp"

namespace tinynn {

namespace {
// tanh′(x) = 1 − tanh²(x) = sech²(x) = 4/(eˣ + e⁻ˣ)², written with e = e^(−2|x|) ∈ (0, 1]:
//   sech²(x) = 4e/(1 + e)².
// Every term is positive (no cancellation) and exp only sees non-positive numbers.
double tanh_derivative(double x) {
  const double e = std::exp(-2.0 * std::abs(x));
  return 4.0 * e / ((1.0 + e) * (1.0 + e));
}
}  // namespace

// Y = tanh X elementwise (N×n → N×n).  dX = dY ⊙ (1 − Y²), computed from X as sech²(X).
//
// Why not from the output Y, as 1 − Y²? It has sigmoid's flaw, not less: tanh(20) rounds to
// exactly 1.0, so 1 − Y² = 0 while the true derivative is 4e^(−40) = 1.7e-17; and before that,
// 1 − Y² cancels (at x = 8 it keeps only ~9 of 16 digits). sech² from the saved input is
// accurate to the last digit everywhere, at the price of one exp per element.
Var tanh(const Var& x) {
  const Tensor& xv = x.value();
  Tensor y = Tensor::from_shape(xv.shape());
  for (std::size_t i = 0; i < xv.size(); ++i) y.data()[i] = std::tanh(xv.data()[i]);

  Node* in = x.node().get();
  static constexpr OpMath math{"Y = tanh X", {"dX = dY ⊙ (1 − Y²), as sech²(X)"}};
  return Var::from_op("tanh", &math, std::move(y), {x}, [in](const Tensor& dy) {
    if (!in->requires_grad) return;
    Tensor dx = Tensor::from_shape(dy.shape());
    for (std::size_t i = 0; i < dy.size(); ++i) {
      dx.data()[i] = dy.data()[i] * tanh_derivative(in->value.data()[i]);
    }
    if (BackwardTrace::recording()) {
      Tensor local = Tensor::from_shape(dy.shape());
      for (std::size_t i = 0; i < dy.size(); ++i) local.data()[i] = tanh_derivative(in->value.data()[i]);
      BackwardTrace::record_local(0, "sech²(X) = 1 − tanh²(X)", std::move(local));
    }
    in->accumulate_grad(std::move(dx));
  });
}

// Y = max(X, 0) elementwise (N×n → N×n).  dX = dY ⊙ [X > 0].
// The kink at 0 has no derivative; we take 0 there, as PyTorch does. NaN passes through
// (x ≤ 0 is false for NaN), so a diverging run shows up instead of being hidden as 0.
// During a gradient check, relu reports which side of its kink each input is on (piece 1 for
// x > 0, 0 otherwise), so that an element whose perturbation moves an input across 0 is
// skipped rather than judged by a difference quotient that straddles the kink.
Var relu(const Var& x) {
  const Tensor& xv = x.value();
  Tensor y = Tensor::from_shape(xv.shape());
  for (std::size_t i = 0; i < xv.size(); ++i) {
    const double v = xv.data()[i];
    y.data()[i] = v <= 0.0 ? 0.0 : v;
  }
  if (KinkTrace* trace = active_kink_trace()) {
    std::uint8_t* piece = trace->append("relu", xv.size());
    for (std::size_t i = 0; i < xv.size(); ++i) piece[i] = xv.data()[i] > 0.0 ? 1 : 0;
  }

  Node* in = x.node().get();
  static constexpr OpMath math{"Y = max(X, 0)", {"dX = dY ⊙ [X > 0]"}};
  return Var::from_op("relu", &math, std::move(y), {x}, [in](const Tensor& dy) {
    if (!in->requires_grad) return;
    Tensor dx = Tensor::from_shape(dy.shape());
    for (std::size_t i = 0; i < dy.size(); ++i) {
      dx.data()[i] = in->value.data()[i] > 0.0 ? dy.data()[i] : 0.0;
    }
    if (BackwardTrace::recording()) {
      Tensor local = Tensor::from_shape(dy.shape());
      for (std::size_t i = 0; i < dy.size(); ++i) local.data()[i] = in->value.data()[i] > 0.0 ? 1.0 : 0.0;
      BackwardTrace::record_local(0, "[X > 0]", std::move(local));
    }
    in->accumulate_grad(std::move(dx));
  });
}

// Row-wise softmax (N×C → N×C):  Yᵢⱼ = e^(Xᵢⱼ − mᵢ) / Σₖ e^(Xᵢₖ − mᵢ),  mᵢ = maxₖ Xᵢₖ.
// Subtracting the row max changes nothing on paper (it cancels between top and bottom) but
// makes every exponent ≤ 0: no overflow, and the sum is ≥ 1 (the max contributes e⁰ = 1),
// so softmax([1000, 1000]) = [0.5, 0.5] where the textbook form gives inf/inf = NaN.
//
// Backward. Each output depends on the whole row: ∂Yᵢⱼ/∂Xᵢₖ = Yᵢⱼ([j = k] − Yᵢₖ). Contracted
// with dY, the C×C Jacobian never needs to be built:
//   dXᵢₖ = Σⱼ dYᵢⱼ Yᵢⱼ([j = k] − Yᵢₖ) = Yᵢₖ (dYᵢₖ − Σⱼ dYᵢⱼ Yᵢⱼ),
// that is, dX = Y ⊙ (dY − rowsum(dY ⊙ Y)).
// The backward keeps a copy of Y (a tensor, never the output node: that would be a cycle).
Var softmax(const Var& x) {
  const Tensor& xv = x.value();
  const std::size_t rows = xv.shape(0);
  const std::size_t cols = xv.shape(1);
  Tensor y = Tensor::from_shape(xv.shape());
  for (std::size_t i = 0; i < rows; ++i) {
    double m = -std::numeric_limits<double>::infinity();
    for (std::size_t j = 0; j < cols; ++j) m = std::max(m, xv(i, j));
    double total = 0.0;
    for (std::size_t j = 0; j < cols; ++j) {
      y(i, j) = std::exp(xv(i, j) - m);
      total += y(i, j);
    }
    for (std::size_t j = 0; j < cols; ++j) y(i, j) /= total;
  }

  Node* in = x.node().get();
  static constexpr OpMath math{"Y = softmax(X), row by row", {"dX = Y ⊙ (dY − rowsum(dY ⊙ Y))"}};
  return Var::from_op("softmax", &math, y, {x}, [in, y](const Tensor& dy) {
    if (!in->requires_grad) return;
    Tensor dx = Tensor::from_shape(dy.shape());
    for (std::size_t i = 0; i < y.shape(0); ++i) {
      double dot = 0.0;  // Σⱼ dYᵢⱼ Yᵢⱼ
      for (std::size_t j = 0; j < y.shape(1); ++j) dot += dy(i, j) * y(i, j);
      for (std::size_t j = 0; j < y.shape(1); ++j) dx(i, j) = y(i, j) * (dy(i, j) - dot);
    }
    in->accumulate_grad(std::move(dx));
  });
}

}  // namespace tinynn
