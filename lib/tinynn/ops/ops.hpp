// Every differentiable operation of tinynn. Each is a free function returning a Var; its
// forward and its analytic backward sit side by side in one .cpp file:
//   matmul.cpp       matmul
//   sigmoid.cpp      sigmoid (and the scalar sigmoid every other file uses)
//   activations.cpp  tanh, relu, softmax (row-wise)
//   elementwise.cpp  add, sub, mul, scale, log, add_row, sum, mean
// The losses (mse, binary_cross_entropy, bce_with_logits, cross_entropy) are in
// losses/losses.hpp.
// Shapes are checked on entry; a mismatch throws std::invalid_argument naming the op and both
// shapes.
#pragma once

#include "tinynn/autograd/var.hpp"

namespace tinynn {

/// Z = A·B  (N×k · k×m → N×m).  dA = dZ·Bᵀ,  dB = Aᵀ·dZ.
Var matmul(const Var& a, const Var& b);

/// Y = X + b with the 1×n row b added to every row of the N×n X (a bias).
/// dX = dY,  db = Σ_rows dY (1×n): the bias was used by every sample, so its gradient sums.
Var add_row(const Var& x, const Var& b);

/// Y = A + B (same shape).  dA = dY,  dB = dY.
Var add(const Var& a, const Var& b);

/// Y = A − B (same shape).  dA = dY,  dB = −dY.
Var sub(const Var& a, const Var& b);

/// Y = A ⊙ B, elementwise (same shape).  dA = dY ⊙ B,  dB = dY ⊙ A.
Var mul(const Var& a, const Var& b);

/// Y = c·X for a constant number c.  dX = c·dY.
Var scale(const Var& x, double c);

/// Y = ln X, elementwise.  dX = dY / X.
Var log(const Var& x);

/// s = Σᵢⱼ Xᵢⱼ (1×1).  dX = ds·1 (every element gets the upstream gradient).
Var sum(const Var& x);

/// m = (1/(N·n)) Σᵢⱼ Xᵢⱼ (1×1).  dX = dm/(N·n).
Var mean(const Var& x);

/// Y = σ(X) = 1/(1 + e^(−X)), elementwise.  dX = dY ⊙ σ(X)⊙σ(−X)   [= σ(1 − σ)]
Var sigmoid(const Var& x);

/// σ(x) for one number, computed so that e^x is only ever taken of x ≤ 0 (never overflows).
double sigmoid(double x);

/// σ′(x) = σ(x)·σ(−x). Equal to σ(x)(1 − σ(x)) in exact arithmetic, but stays accurate where
/// σ(x) rounds to 1: σ′(40) = 4.2e-18, where s(1 − s) gives 0.
double sigmoid_derivative(double x);

/// Y = tanh X, elementwise.  dX = dY ⊙ (1 − Y²), computed from X as sech²(X) = 4e/(1 + e)²
/// with e = e^(−2|X|): 1 − Y² itself rounds to 0 once tanh rounds to 1 (|x| ≳ 19.1).
Var tanh(const Var& x);

/// Y = max(X, 0), elementwise.  dX = dY ⊙ [X > 0]  (0 at the kink X = 0, as PyTorch).
Var relu(const Var& x);

/// Row-wise softmax (N×C → N×C): Yᵢⱼ = e^(Xᵢⱼ − mᵢ) / Σₖ e^(Xᵢₖ − mᵢ) with mᵢ the row max,
/// so no exp overflows; each row sums to 1.  dX = Y ⊙ (dY − rowsum(dY ⊙ Y)).
/// To train a classifier, feed the logits X to cross_entropy instead: it fuses the two.
Var softmax(const Var& x);

/// Operator sugar for reading formulas: a + b, a - b, a * b (elementwise), c * a.
inline Var operator+(const Var& a, const Var& b) { return add(a, b); }
inline Var operator-(const Var& a, const Var& b) { return sub(a, b); }
inline Var operator*(const Var& a, const Var& b) { return mul(a, b); }
inline Var operator*(double c, const Var& x) { return scale(x, c); }

namespace detail {
/// Throws std::invalid_argument "op: shapes AxB and CxD differ" unless a and b have one shape.
void require_same_shape(const char* op, const Tensor& a, const Tensor& b);
}  // namespace detail

}  // namespace tinynn
