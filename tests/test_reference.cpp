// The reference cases (computed in float64 with PyTorch, cross-checked by an independent numpy
// backprop), copied here so the suite does not depend on the reference folder at run time.
// Every case is a fault that users of neural-network libraries have reported; the comment at
// each TEST_CASE says which. O01 (Adam) and D01 (model files) live elsewhere.
//
// Mapping (see the reference README):
// - the reference writes a dense layer z = x·Wᵀ + b with W [out, in]; tinynn stores W (in, out)
//   and computes Z = X·W + b, so every W below is the TRANSPOSE of the reference's (written as
//   tinynn's in×out), and every dL/dW from tinynn is compared with the transposed reference;
// - a 1-D shape [n] is tinynn's 1×n;
// - tolerance: |got − expected| ≤ abs_tol + rel_tol·|expected|, but a tolerance never excuses a
//   wrong zero: the abs_tol applies only where the expected value is exactly 0 (ref_close below).
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <numeric>
#include <sstream>
#include <string>
#include <vector>

#include "helpers.hpp"

using namespace tinynn;

namespace {

// The reference's rule with the README's amendment: abs_tol only for an expected exact zero.
// NaN never passes (every comparison with NaN is false).
bool ref_close(double got, double expected, double rel_tol, double abs_tol) {
  const double abs_allowed = expected == 0.0 ? abs_tol : 0.0;
  return test::close(got, expected, rel_tol, abs_allowed);
}

std::string describe(double got, double expected) {
  std::ostringstream s;
  s.precision(17);
  s << "got " << got << ", expected " << expected;
  return s.str();
}

void check_scalar(double got, double expected, double rel_tol, double abs_tol) {
  INFO(describe(got, expected));
  CHECK(ref_close(got, expected, rel_tol, abs_tol));
}

// Every element of `got` (row-major) against `expected`; the shape must be rows×cols.
void check_tensor(const Tensor& got, std::size_t rows, std::size_t cols,
                  const std::vector<double>& expected, double rel_tol, double abs_tol) {
  REQUIRE(got.shape(0) == rows);
  REQUIRE(got.shape(1) == cols);
  REQUIRE(expected.size() == rows * cols);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    INFO("element " << i << " (row " << i / cols << ", col " << i % cols
                    << "): " << describe(got.data()[i], expected[i]));
    CHECK(ref_close(got.data()[i], expected[i], rel_tol, abs_tol));
  }
}

// A tinynn weight (in×out) against a reference weight or weight gradient given [out][in]:
// element (i, j) of tinynn's is element [j][i] of the reference's.
void check_weight(const Tensor& got, const std::vector<std::vector<double>>& ref_out_in,
                  double rel_tol, double abs_tol) {
  const std::size_t out = ref_out_in.size();
  const std::size_t in = ref_out_in.at(0).size();
  REQUIRE(got.shape(0) == in);
  REQUIRE(got.shape(1) == out);
  for (std::size_t i = 0; i < in; ++i) {
    for (std::size_t j = 0; j < out; ++j) {
      INFO("tinynn W(" << i << ", " << j << ") = reference W[" << j << "][" << i
                       << "]: " << describe(got(i, j), ref_out_in[j][i]));
      CHECK(ref_close(got(i, j), ref_out_in[j][i], rel_tol, abs_tol));
    }
  }
}

// The reference's W [out][in] as tinynn's in×out weight.
Tensor weight_from_reference(const std::vector<std::vector<double>>& ref_out_in) {
  const std::size_t out = ref_out_in.size();
  const std::size_t in = ref_out_in.at(0).size();
  Tensor w = zeros(in, out);
  for (std::size_t j = 0; j < out; ++j) {
    REQUIRE(ref_out_in[j].size() == in);
    for (std::size_t i = 0; i < in; ++i) w(i, j) = ref_out_in[j][i];
  }
  return w;
}

Tensor row(const std::vector<double>& v) { return from_rows({v}); }

// The element (0, i) of a 1×n tensor as a 1×1 tensor, for per-element losses.
Tensor one(double v) { return filled(1, 1, v); }

// |a − b| ≤ 1e-12·max(|a|, |b|): "equal up to rounding" (N04). Exact zeros must be exactly equal.
bool equal_to_1e12(double a, double b) {
  return std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b));
}

const Tensor kXorX = from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}});
const Tensor kXorT = from_rows({{0}, {1}, {1}, {0}});

}  // namespace

// ---------------------------------------------------------------------------------------------
// S01. Guards against sigmoid overflow: exp(x)/(1+exp(x)) is inf/inf = NaN for x ≥ 710, and
// vectorised float paths gave 0.5 or NaN past ~89.
TEST_CASE("S01 sigmoid at huge |x| is 0 or 1, never NaN or 0.5", "[reference]") {
  const std::vector<double> x = {-1000.0, -710.0, -1.0, 0.0, 1.0, 20.0, 88.0, 89.0, 710.0, 1000.0};
  const std::vector<double> expected = {0.0,
                                        4.47628622567513e-309,
                                        0.2689414213699951,
                                        0.5,
                                        0.7310585786300049,
                                        0.9999999979388464,
                                        1.0,
                                        1.0,
                                        1.0,
                                        1.0};
  // rel 1e-15, abs 1e-300 (reference). The abs_tol is used only for the exact zero at −1000:
  // σ(−710) = 4.476e-309 is a non-zero (denormal) value and must not come back as 0.
  const double rel = 1e-15, abs = 1e-300;

  SECTION("scalar sigmoid(double)") {
    for (std::size_t i = 0; i < x.size(); ++i) {
      INFO("x = " << x[i]);
      check_scalar(sigmoid(x[i]), expected[i], rel, abs);
    }
  }
  SECTION("the sigmoid op on a 1x10 row") {
    const Var y = sigmoid(constant(row(x)));
    check_tensor(y.value(), 1, 10, expected, rel, abs);
  }
  SECTION("property: no NaN, every value in [0, 1], non-decreasing in x") {
    // The reference inputs, then a sweep through both tails and the exp overflow points.
    std::vector<double> xs = x;
    for (double v = -1200.0; v <= 1200.0; v += 0.5) xs.push_back(v);
    for (double v : {-746.0, -745.2, -745.0, -709.8, -36.8, 36.8, 709.7, 709.8, 745.0, 1e308}) {
      xs.push_back(v);
    }
    xs.push_back(-std::numeric_limits<double>::max());
    xs.push_back(std::numeric_limits<double>::max());
    std::sort(xs.begin(), xs.end());
    double previous = -1.0;
    for (double v : xs) {
      const double s = sigmoid(v);
      INFO("x = " << v << ", sigmoid = " << s << ", previous = " << previous);
      REQUIRE_FALSE(std::isnan(s));
      REQUIRE(s >= 0.0);
      REQUIRE(s <= 1.0);
      REQUIRE(s >= previous);
      previous = s;
    }
    // The op agrees with the scalar function on the whole sweep.
    const Var y = sigmoid(constant(row(xs)));
    for (std::size_t i = 0; i < xs.size(); ++i) REQUIRE(y.value()(0, i) == sigmoid(xs[i]));
  }
}

// ---------------------------------------------------------------------------------------------
// S03. Guards against the derivative applied to the wrong quantity: z(1 − z) of the
// pre-activation, or σ applied twice (σ(σ(z))(1 − σ(σ(z)))), and against s(1 − s) rounding to 0
// at saturation (σ′(40) = 4.2e-18, not 0).
TEST_CASE("S03 sigmoid derivative is s(z)(1-s(z)) of the pre-activation, once", "[reference]") {
  const std::vector<double> z = {0.0, 0.2023, 0.6568, 0.8668, 0.7191, 0.7968, -3.0, 3.0};
  const std::vector<double> expected = {0.25,
                                        0.2474595154201322,
                                        0.22486469204861756,
                                        0.20835159499130143,
                                        0.22027520562980993,
                                        0.21416946463152906,
                                        0.04517665973091213,
                                        0.04517665973091213};
  const std::vector<double> z_saturated = {20.0, -20.0, 40.0, -40.0};
  const std::vector<double> expected_saturated = {2.061153613941849e-09, 2.061153613941849e-09,
                                                  4.248354255291589e-18, 4.248354255291589e-18};
  // Saturated: reference rel 1e-6, abs 1e-15; every expected value is non-zero, so rel alone
  // (abs 1e-15 would pass a wrong 0 for σ′(±40)).

  SECTION("d sum(sigmoid(z)) / dz through the autograd op") {
    const Var zv = parameter(row(z));
    sum(sigmoid(zv)).backward();
    check_tensor(zv.grad(), 1, 8, expected, 1e-13, 0.0);
    CHECK(zv.grad()(0, 0) == 0.25);  // dsigmoid(0) = 0.25 exactly

    const Var zs = parameter(row(z_saturated));
    sum(sigmoid(zs)).backward();
    check_tensor(zs.grad(), 1, 4, expected_saturated, 1e-6, 1e-15);
  }
  SECTION("scalar sigmoid_derivative(double)") {
    for (std::size_t i = 0; i < z.size(); ++i) {
      INFO("z = " << z[i]);
      check_scalar(sigmoid_derivative(z[i]), expected[i], 1e-13, 0.0);
    }
    for (std::size_t i = 0; i < z_saturated.size(); ++i) {
      INFO("z = " << z_saturated[i]);
      check_scalar(sigmoid_derivative(z_saturated[i]), expected_saturated[i], 1e-6, 1e-15);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// S04. Guards against overflow in a vectorised sigmoid layer and NaN gradients at saturation:
// only x = 0 may give 0.5; saturated gradients are 0 or tiny, never NaN.
TEST_CASE("S04 sigmoid node on a row with very large logits, forward and backward",
          "[reference]") {
  const Var x = parameter(row({-1662.72692871, 3212.53930664, -1093.66174316, 2063.79956055,
                               91.38743591, -1471.00500488, 1823.1607666, 1935.2911377, 0.0,
                               -0.5}));
  const Var y = sigmoid(x);
  check_tensor(y.value(), 1, 10,
               {0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 0.5, 0.37754066879814546}, 1e-15, 1e-300);

  // Upstream gradient of ones = d sum(sigmoid(x)) / dx. Reference rel 1e-6, abs 1e-15; the abs
  // part only for the exact zeros, so the 2.0e-40 at x = 91.39 must not come back as 0.
  sum(y).backward();
  check_tensor(x.grad(), 1, 10,
               {0.0, 0.0, 0.0, 0.0, 2.046166023743166e-40, 0.0, 0.0, 0.0, 0.25,
                0.2350037122015945},
               1e-6, 1e-15);
}

// ---------------------------------------------------------------------------------------------
// L01. Guards against log(0) in BCE on probabilities: 0·ln 0 → NaN, ln 0 → −inf, and the old
// 1e-12 epsilon trick (27.63). tinynn's binary_cross_entropy clamps ln at −100 (PyTorch's
// documented convention), so the reference's accepted_alternative_if_log_clamped_at_minus_100
// values are the expected ones: exactly 100 where the true loss is +inf (or above 100).
TEST_CASE("L01 binary cross-entropy on probabilities at and near 0 and 1", "[reference]") {
  const std::vector<double> p = {1.0, 0.0, 0.5, 0.5, 0.9, 0.1, 0.25, 0.0, 1.0, 1e-300};
  const std::vector<double> t = {1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 0.75, 1.0, 0.0, 1.0};
  const std::vector<double> clamped = {0.0,
                                       0.0,
                                       0.6931471805599453,
                                       0.6931471805599453,
                                       0.10536051565782628,
                                       2.3025850929940455,
                                       1.1116412889528633,
                                       100.0,
                                       100.0,
                                       100.0};
  const double rel = 1e-14, abs = 0.0;

  SECTION("per element (one 1x1 loss per element: the mean of one element is that element)") {
    for (std::size_t i = 0; i < p.size(); ++i) {
      INFO("p = " << p[i] << ", t = " << t[i]);
      const double got = binary_cross_entropy(constant(one(p[i])), one(t[i])).item();
      REQUIRE_FALSE(std::isnan(got));
      check_scalar(got, clamped[i], rel, abs);
    }
  }
  SECTION("the 1x10 batch is the mean of the per-element values, with finite gradients") {
    const Var pv = parameter(row(p));
    const Var loss = binary_cross_entropy(pv, row(t));
    const double expected_mean =
        std::accumulate(clamped.begin(), clamped.end(), 0.0) / static_cast<double>(p.size());
    check_scalar(loss.item(), expected_mean, rel, abs);
    loss.backward();
    for (std::size_t i = 0; i < p.size(); ++i) {
      INFO("element " << i << ", dL/dp = " << pv.grad()(0, i));
      CHECK(std::isfinite(pv.grad()(0, i)));
    }
  }
  SECTION("dBCE/dp at interior points") {
    const std::vector<double> pi = {0.5, 0.5, 0.9, 0.1, 0.25};
    const std::vector<double> ti = {1.0, 0.0, 1.0, 1.0, 0.75};
    const std::vector<double> grad = {-2.0, 2.0, -1.1111111111111112, -10.0,
                                      -2.6666666666666665};
    for (std::size_t i = 0; i < pi.size(); ++i) {
      INFO("p = " << pi[i] << ", t = " << ti[i]);
      const Var pv = parameter(one(pi[i]));
      binary_cross_entropy(pv, one(ti[i])).backward();
      check_scalar(pv.grad()(0, 0), grad[i], 1e-12, 0.0);
    }
    // As one 1x5 batch the loss is the mean, so each gradient is the per-element one / 5.
    const Var pv = parameter(row(pi));
    binary_cross_entropy(pv, row(ti)).backward();
    for (std::size_t i = 0; i < pi.size(); ++i) {
      INFO("batch element " << i);
      check_scalar(pv.grad()(0, i), grad[i] / 5.0, 1e-12, 0.0);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// L02. Guards against BCE computed as ln(σ(z)) after σ has saturated to exactly 0.0 or 1.0
// (−inf, 0·−inf = NaN) and against a zero gradient for a confidently wrong prediction.
// The case is for bce_with_logits: values softplus(±z) with no clamp, gradient σ(z) − t.
TEST_CASE("L02 bce_with_logits when the sigmoid has saturated to exactly 0 or 1",
          "[reference]") {
  const std::vector<double> z = {40.0, -40.0, 800.0, -800.0, 40.0, -40.0, 0.0, 3.0};
  const std::vector<double> t = {0.0, 1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 0.0};
  const std::vector<double> loss = {40.0,
                                    40.0,
                                    800.0,
                                    800.0,
                                    4.248354255291589e-18,
                                    4.248354255291589e-18,
                                    0.6931471805599453,
                                    3.048587351573742};
  const std::vector<double> dsum = {1.0,  -1.0, 1.0,  -1.0, -4.248354255291589e-18,
                                    4.248354255291589e-18, -0.5, 0.9525741268224333};
  // Reference rel 1e-15, abs 1e-15: no expected value is 0, so rel alone (abs 1e-15 would pass
  // a wrong 0 for the 4.2e-18 entries).

  SECTION("per element") {
    for (std::size_t i = 0; i < z.size(); ++i) {
      INFO("z = " << z[i] << ", t = " << t[i]);
      const Var zi = parameter(one(z[i]));
      const Var l = bce_with_logits(zi, one(t[i]));
      check_scalar(l.item(), loss[i], 1e-15, 1e-15);
      l.backward();  // one element: d mean = d sum
      check_scalar(zi.grad()(0, 0), dsum[i], 1e-15, 1e-15);
    }
  }
  SECTION("mean over the 1x8 batch and d sum(bce)/dz") {
    const Var zv = parameter(row(z));
    const Var l = bce_with_logits(zv, row(t));
    check_scalar(l.item(), 210.4677168165167, 1e-15, 0.0);
    // sum = 8·mean; the fused backward multiplies its per-element gradient by 8/8 = 1 exactly.
    scale(l, 8.0).backward();
    check_tensor(zv.grad(), 1, 8, dsum, 1e-15, 1e-15);
  }
  SECTION("the two-step binary_cross_entropy(sigmoid(z)) stays finite (clamped, no NaN)") {
    // Not the L02 numbers (p = σ(40) is exactly 1.0, the information is gone): only that the
    // probability route never reports NaN or inf, which is what its clamp promises.
    const Var zv = parameter(row(z));
    const Var l = binary_cross_entropy(sigmoid(zv), row(t));
    CHECK(std::isfinite(l.item()));
    CHECK(l.item() <= 100.0);
    l.backward();
    for (std::size_t i = 0; i < z.size(); ++i) {
      INFO("element " << i << ", dL/dz = " << zv.grad()(0, i));
      CHECK(std::isfinite(zv.grad()(0, i)));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// A01. Guards against overwriting a gradient (=) instead of adding (+=) when a node feeds
// several consumers, and against backpropagating a shared node once per consumer.
TEST_CASE("A01 gradient of a node used by several consumers accumulates once per path",
          "[reference]") {
  const double rel = 1e-15, abs = 0.0;

  SECTION("y = x*x + x at x = 3") {
    const Var x = parameter(one(3.0), "x");
    const Var y = x * x + x;
    y.backward();
    check_scalar(y.item(), 12.0, rel, abs);
    check_scalar(x.grad()(0, 0), 7.0, rel, abs);
  }
  SECTION("y = x*x + x at x = -1.5") {
    const Var x = parameter(one(-1.5), "x");
    const Var y = x * x + x;
    y.backward();
    check_scalar(y.item(), 0.75, rel, abs);
    check_scalar(x.grad()(0, 0), -2.0, rel, abs);
  }
  SECTION("b = a + a, c = b + b at a = 1") {
    const Var a = parameter(one(1.0), "a");
    const Var b = a + a;
    const Var c = b + b;
    c.backward();
    check_scalar(c.item(), 4.0, rel, abs);
    check_scalar(a.grad()(0, 0), 4.0, rel, abs);
  }
  SECTION("y = 3*x, a = 2*y, b = 5*y, c = a + b at x = 2") {
    const Var x = parameter(one(2.0), "x");
    const Var y = 3.0 * x;
    const Var a = 2.0 * y;
    const Var b = 5.0 * y;
    const Var c = a + b;
    c.backward();
    check_scalar(c.item(), 42.0, rel, abs);
    check_scalar(x.grad()(0, 0), 21.0, rel, abs);
  }
  SECTION("xa = x*a, x2 = x*x, f = x*xa + x2*a + x*xa, a constant, at x = 1, a = 1") {
    const Var x = parameter(one(1.0), "x");
    const Var a = constant(one(1.0));
    const Var xa = mul(x, a);
    const Var x2 = mul(x, x);
    const Var f = add(add(mul(x, xa), mul(x2, a)), mul(x, xa));
    f.backward();
    check_scalar(f.item(), 3.0, rel, abs);
    check_scalar(x.grad()(0, 0), 6.0, rel, abs);
    CHECK_FALSE(a.has_grad());  // a constant receives no gradient
  }
  SECTION("the same graph at x = 2, a = 3 (not a reference point: f = 3ax², df/dx = 6ax)") {
    // At x = a = 1 a mul backward that swaps its operands' roles still gives 6; here it cannot.
    const Var x = parameter(one(2.0), "x");
    const Var a = constant(one(3.0));
    const Var xa = mul(x, a);
    const Var x2 = mul(x, x);
    const Var f = add(add(mul(x, xa), mul(x2, a)), mul(x, xa));
    f.backward();
    check_scalar(f.item(), 36.0, rel, abs);
    check_scalar(x.grad()(0, 0), 36.0, rel, abs);
  }
  SECTION("h = sigmoid(x), y = h*h + h at x = 0.5") {
    const Var x = parameter(one(0.5), "x");
    const Var h = sigmoid(x);
    const Var y = h * h + h;
    y.backward();
    check_scalar(y.item(), 1.0099149502021147, rel, abs);
    check_scalar(x.grad()(0, 0), 0.5275642192555097, rel, abs);
  }
}

// ---------------------------------------------------------------------------------------------
// A03. Guards against stale gradients: leaf gradients must accumulate across backward() until
// zero_grad() (so a missing zero_grad shows), while non-leaf gradients are reset at the start
// of every backward() (the micrograd bug made the pass after zero_grad 2x).
TEST_CASE("A03 zero_grad between steps, backward twice, intermediate grads reset",
          "[reference]") {
  // One sigmoid neuron y = σ(w·x + b), loss (y − t)² (MSE of one element). Reference w [0.5,
  // −0.3] as [out=1][in=2] → tinynn 2×1.
  const Tensor x = row({1.0, 2.0});
  const Tensor t = one(1.0);
  const auto make_neuron = [] {
    return Dense(weight_from_reference({{0.5, -0.3}}), one(0.1), Activation::sigmoid);
  };
  const double rel = 1e-15, abs = 0.0;

  SECTION("one backward, a second without zeroing, then zero_grad and a third") {
    Dense neuron = make_neuron();
    const Var y = neuron.forward(constant(x));
    const Var loss = mse(y, t);

    loss.backward();
    check_tensor(neuron.weight().grad(), 2, 1, {-0.25, -0.5}, rel, abs);
    check_tensor(neuron.bias().grad(), 1, 1, {-0.25}, rel, abs);
    check_scalar(y.grad()(0, 0), -1.0, rel, abs);  // dL/dy = 2(y − t) = −1

    // Same graph, no zero_grad: the leaf gradients exactly double...
    loss.backward();
    check_tensor(neuron.weight().grad(), 2, 1, {-0.5, -1.0}, rel, abs);
    check_tensor(neuron.bias().grad(), 1, 1, {-0.5}, rel, abs);
    // ...and the non-leaf one does not (it was reset before the second sweep).
    check_scalar(y.grad()(0, 0), -1.0, rel, abs);

    // zero_grad, then backward: the single-pass gradients again, not 2x.
    Sgd(neuron.parameters(), 0.5).zero_grad();
    loss.backward();
    check_tensor(neuron.weight().grad(), 2, 1, {-0.25, -0.5}, rel, abs);
    check_tensor(neuron.bias().grad(), 1, 1, {-0.25}, rel, abs);
    check_scalar(y.grad()(0, 0), -1.0, rel, abs);
  }
  SECTION("two SGD steps (lr 0.5) with zero_grad before each backward") {
    Dense neuron = make_neuron();
    Sgd sgd(neuron.parameters(), 0.5);
    const std::vector<double> loss_expected = {0.25, 0.102926307062793, 0.056148925245384625};
    const std::vector<std::vector<double>> w_expected = {{0.625, -0.04999999999999999},
                                                         {0.6949053553418348, 0.08981071068366964}};
    const std::vector<double> b_expected = {0.225, 0.2949053553418348};
    for (std::size_t step = 0; step < 2; ++step) {
      INFO("step " << step + 1);
      sgd.zero_grad();
      const Var loss = mse(neuron.forward(constant(x)), t);
      check_scalar(loss.item(), loss_expected[step], 1e-14, 0.0);
      loss.backward();
      sgd.step();
      check_weight(neuron.weight().value(), {w_expected[step]}, 1e-14, 0.0);
      check_tensor(neuron.bias().value(), 1, 1, {b_expected[step]}, 1e-14, 0.0);
    }
    check_scalar(mse(neuron.forward(constant(x)), t).item(), loss_expected[2], 1e-14, 0.0);
  }
}

// ---------------------------------------------------------------------------------------------
// N01. Guards against a wrong bias gradient over a batch: it is the column sum of the batch
// deltas, shape 1×out; not the first sample's delta, not an N×out array, not a batch mean.
TEST_CASE("N01 dense layer bias gradient over a batch is the sum over samples",
          "[reference]") {
  const std::vector<std::vector<double>> w1 = {{0.2, -0.4}, {0.7, 0.1}};  // [out][in]
  const Tensor b1 = row({0.05, -0.15});
  const Tensor X = from_rows({{1.0, 2.0}, {-1.0, 0.5}, {3.0, -2.0}});
  const Tensor T = from_rows({{1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}});

  SECTION("full batch of 3") {
    Dense layer(weight_from_reference(w1), b1, Activation::sigmoid);
    const Var y = layer.forward(constant(X));
    check_tensor(y.value(), 3, 2,
                 {0.36586440898919936, 0.679178699175393, 0.41338242108267, 0.31002551887238755,
                  0.8099984339846871, 0.8519528019683106},
                 1e-15, 0.0);
    const Var loss = mse(y, T);
    check_scalar(loss.item(), 0.26139667196683164, 1e-15, 0.0);
    loss.backward();
    check_weight(layer.weight().grad(),
                 {{-0.11169758022595908, -0.061881225601609954},
                  {0.0798542117161192, 0.08650977255505513}},
                 1e-14, 0.0);
    check_tensor(layer.bias().grad(), 1, 2, {-0.02537385639392125, -0.006091890607856094},
                 1e-14, 0.0);
  }
  SECTION("each sample alone (batch size 1): the per-sample bias gradients") {
    // For information in the reference; the full-batch db above is the mean of these three
    // (MSE over 6 = mean of three MSEs over 2), so a first-sample-only db fails one of them.
    const std::vector<std::vector<double>> per_sample_db = {
        {-0.1471243039549904, 0.14798963841997922},
        {0.1002441602606417, -0.1475922318647552},
        {-0.029241425487415054, -0.018673078378792285}};
    for (std::size_t s = 0; s < 3; ++s) {
      INFO("sample " << s);
      Dense layer(weight_from_reference(w1), b1, Activation::sigmoid);
      const Tensor xs = row({X(s, 0), X(s, 1)});
      const Tensor ts = row({T(s, 0), T(s, 1)});
      mse(layer.forward(constant(xs)), ts).backward();
      check_tensor(layer.bias().grad(), 1, 2, per_sample_db[s], 1e-14, 0.0);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// N02. Guards against slips in the analytic backprop of a dense sigmoid net: transposes,
// shapes, a missing output-sigmoid derivative, or updating W1 with the already-updated W2.
TEST_CASE("N02 2-3-1 sigmoid net on XOR with MSE, forward, every gradient, one SGD step",
          "[reference]") {
  Sequential net;
  Dense& l1 = net.emplace<Dense>(
      weight_from_reference({{0.15, -0.25}, {0.35, 0.45}, {-0.55, 0.65}}),
      row({0.1, -0.2, 0.3}), Activation::sigmoid);
  Dense& l2 = net.emplace<Dense>(weight_from_reference({{0.4, -0.6, 0.8}}), row({-0.05}),
                                 Activation::sigmoid);
  const Var X = constant(kXorX);

  // z1 from the layer's own parameters (Dense applies the sigmoid on top of this).
  const Var z1 = add_row(matmul(X, l1.weight()), l1.bias());
  check_tensor(z1.value(), 4, 3,
               {0.1, -0.2, 0.3, -0.15, 0.25, 0.95, 0.25, 0.14999999999999997,
                -0.25000000000000006, 0.0, 0.6000000000000001, 0.39999999999999997},
               1e-15, 1e-16);
  const Var h1 = l1.forward(X);
  check_tensor(h1.value(), 4, 3,
               {0.52497918747894, 0.45016600268752216, 0.574442516811659, 0.46257015465625045,
                0.5621765008857981, 0.7211151780228631, 0.5621765008857981, 0.5374298453437496,
                0.4378234991142018, 0.5, 0.6456563062257954, 0.598687660112452},
               1e-15, 0.0);
  const Var y = l2.forward(h1);
  check_tensor(y.value(), 4, 1,
               {0.5864832499746635, 0.5925734845762914, 0.5504951475522097, 0.5600971501496995},
               1e-15, 0.0);
  const Var loss = mse(y, kXorT);
  check_scalar(loss.item(), 0.2564305994877685, 1e-15, 0.0);

  Sgd sgd(net.parameters(), 0.5);
  sgd.zero_grad();
  loss.backward();
  const double grel = 1e-13, gabs = 1e-17;
  check_weight(l1.weight().grad(),
               {{0.001424567221871914, 0.002009379662872811},
                {-0.0011762573499022357, -0.0022084668262852877},
                {0.0023115221434431964, 0.005349725952705017}},
               grel, gabs);
  check_tensor(l1.bias().grad(), 1, 3,
               {0.0036278419191981973, -0.004474564086686488, 0.008306862601804127}, grel, gabs);
  check_weight(l2.weight().grad(), {{0.0178195371093945, 0.01902681894953773, 0.022346746834010778}},
               grel, gabs);
  check_tensor(l2.bias().grad(), 1, 1, {0.035320286019071584}, grel, gabs);

  sgd.step();
  check_weight(l1.weight().value(),
               {{0.14928771638906405, -0.2510046898314364},
                {0.3505881286749511, 0.45110423341314265},
                {-0.5511557610717216, 0.6473251370236475}},
               1e-14, 1e-16);
  check_tensor(l1.bias().value(), 1, 3,
               {0.0981860790404009, -0.19776271795665676, 0.2958465686990979}, 1e-14, 1e-16);
  check_weight(l2.weight().value(),
               {{0.39109023144530275, -0.6095134094747688, 0.7888266265829946}}, 1e-14, 1e-16);
  check_tensor(l2.bias().value(), 1, 1, {-0.0676601430095358}, 1e-14, 1e-16);

  check_scalar(mse(net.forward(X), kXorT).item(), 0.2552174933134551, 1e-14, 0.0);
}

// ---------------------------------------------------------------------------------------------
// N04. Guards against symmetric initialisation going unnoticed: with all-zero weights XOR is an
// exact stationary point (outputs stuck at 0.5); with all-0.1 weights the three hidden units
// stay identical forever. And the default initialiser must break the symmetry.
namespace {

struct N04Run {
  std::vector<double> loss;  // loss after k updates, k = 0..epochs
  Tensor w1, b1, w2, b2, prediction;
  std::size_t first_asymmetric_epoch = 0;  // 0: symmetric after every update
  std::string asymmetry;
};

// Are the hidden units (COLUMNS of tinynn's 2×3 W1, entries of b1, ROWS of the 3×1 W2) equal?
bool hidden_units_equal(const Dense& l1, const Dense& l2, std::string& why) {
  const Tensor& w1 = l1.weight().value();
  const Tensor& b1 = l1.bias().value();
  const Tensor& w2 = l2.weight().value();
  for (std::size_t j = 1; j < 3; ++j) {
    for (std::size_t i = 0; i < 2; ++i) {
      if (!equal_to_1e12(w1(i, j), w1(i, 0))) {
        why = describe(w1(i, j), w1(i, 0)) + " in W1 row " + std::to_string(i);
        return false;
      }
    }
    if (!equal_to_1e12(b1(0, j), b1(0, 0))) {
      why = describe(b1(0, j), b1(0, 0)) + " in b1";
      return false;
    }
    if (!equal_to_1e12(w2(j, 0), w2(0, 0))) {
      why = describe(w2(j, 0), w2(0, 0)) + " in W2";
      return false;
    }
  }
  return true;
}

N04Run run_n04(Init init, double value, std::size_t epochs) {
  Rng rng(1);  // unused by zeros / constant
  Sequential net;
  Dense& l1 = net.emplace<Dense>(2, 3, Activation::sigmoid, rng, init, value);
  Dense& l2 = net.emplace<Dense>(3, 1, Activation::sigmoid, rng, init, value);
  Sgd sgd(net.parameters(), 0.5);
  const Var X = constant(kXorX);
  N04Run r;
  for (std::size_t k = 0;; ++k) {
    sgd.zero_grad();
    const Var loss = mse(net.forward(X), kXorT);
    r.loss.push_back(loss.item());
    if (k == epochs) break;
    loss.backward();
    sgd.step();
    if (r.first_asymmetric_epoch == 0 && !hidden_units_equal(l1, l2, r.asymmetry)) {
      r.first_asymmetric_epoch = k + 1;
    }
  }
  r.w1 = l1.weight().value();
  r.b1 = l1.bias().value();
  r.w2 = l2.weight().value();
  r.b2 = l2.bias().value();
  r.prediction = net.forward(X).value();
  return r;
}

}  // namespace

TEST_CASE("N04 XOR with all-zero or all-constant initial weights never breaks symmetry",
          "[reference]") {
  const std::vector<std::size_t> ks = {0, 1, 2, 10, 100, 1000, 2000};

  SECTION("zero init: an exact stationary point") {
    const N04Run r = run_n04(Init::zeros, 0.0, 2000);
    for (std::size_t k : ks) {
      INFO("loss after " << k << " updates");
      check_scalar(r.loss[k], 0.25, 1e-10, 1e-15);
    }
    check_weight(r.w1, {{0.0, 0.0}, {0.0, 0.0}, {0.0, 0.0}}, 1e-9, 1e-12);
    check_tensor(r.b1, 1, 3, {0.0, 0.0, 0.0}, 1e-9, 1e-12);
    check_weight(r.w2, {{0.0, 0.0, 0.0}}, 1e-9, 1e-12);
    check_tensor(r.b2, 1, 1, {0.0}, 1e-9, 1e-12);
    check_tensor(r.prediction, 4, 1, {0.5, 0.5, 0.5, 0.5}, 1e-10, 1e-15);
    INFO("first epoch with distinct hidden units: " << r.first_asymmetric_epoch << ", "
                                                    << r.asymmetry);
    CHECK(r.first_asymmetric_epoch == 0);
  }
  SECTION("constant init 0.1: parameters move, hidden units stay identical") {
    const N04Run r = run_n04(Init::constant, 0.1, 2000);
    const std::vector<double> loss = {0.25433260894825704, 0.2533897464250802,
                                      0.2526473035024958,  0.25035431744966646,
                                      0.2499990241961684,  0.24999885744576889,
                                      0.24999864126698426};
    for (std::size_t i = 0; i < ks.size(); ++i) {
      INFO("loss after " << ks[i] << " updates");
      check_scalar(r.loss[ks[i]], loss[i], 1e-10, 1e-15);
    }
    check_weight(r.w1,
                 {{0.10372404848379557, 0.10372404848379557},
                  {0.10372404848379557, 0.10372404848379557},
                  {0.1037240484837956, 0.1037240484837956}},
                 1e-9, 1e-12);
    check_tensor(r.b1, 1, 3, {0.09982285688801945, 0.09982285688801945, 0.09982285688801946},
                 1e-9, 1e-12);
    check_weight(r.w2, {{0.030245666040137318, 0.030245666040137318, 0.030245666040137332}},
                 1e-9, 1e-12);
    check_tensor(r.b2, 1, 1, {-0.04987099612878308}, 1e-9, 1e-12);
    check_tensor(r.prediction, 4, 1,
                 {0.4994400080020562, 0.5000247339304507, 0.5000247339304507,
                  0.5006033460857107},
                 1e-10, 1e-15);
    INFO("first epoch with distinct hidden units: " << r.first_asymmetric_epoch << ", "
                                                    << r.asymmetry);
    CHECK(r.first_asymmetric_epoch == 0);
  }
  SECTION("the default initialiser (xavier_uniform from a seed) gives distinct hidden units") {
    // A hidden unit is a COLUMN of tinynn's in×out W1 (a row of the reference's [out, in]).
    for (std::uint64_t seed : {0ULL, 1ULL, 42ULL, 43ULL, 12345ULL}) {
      INFO("seed " << seed);
      Rng rng(seed);
      Sequential net;
      Dense& l1 = net.emplace<Dense>(2, 3, Activation::sigmoid, rng, Init::xavier_uniform);
      Dense& l2 = net.emplace<Dense>(3, 1, Activation::sigmoid, rng, Init::xavier_uniform);
      Sgd sgd(net.parameters(), 0.5);
      sgd.zero_grad();
      mse(net.forward(constant(kXorX)), kXorT).backward();  // one epoch from the default init
      sgd.step();
      const Tensor& w1 = l1.weight().value();
      const Tensor& w2 = l2.weight().value();
      for (std::size_t a = 0; a < 3; ++a) {
        for (std::size_t b = a + 1; b < 3; ++b) {
          INFO("hidden units " << a << " and " << b);
          CHECK_FALSE((w1(0, a) == w1(0, b) && w1(1, a) == w1(1, b)));
          CHECK(w2(a, 0) != w2(b, 0));
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// N06. Guards against the logistic-regression fault: unscaled features saturate σ(z) to exactly
// 0.0/1.0 after one step, and the naive t·ln p + (1 − t)·ln(1 − p) reports NaN or inf. The
// model is one unit, z = X·w + b, with the sigmoid fused into bce_with_logits (exact, unclamped:
// the reference's `expected` values); zero init, full-batch SGD lr 1.0, 5 updates.
namespace {

struct N06Run {
  std::vector<double> loss;  // loss after k updates, k = 0..5
  Tensor w, b;
};

N06Run run_n06(const Tensor& X, const Tensor& T) {
  Rng rng(1);  // unused by Init::zeros
  Dense unit(X.shape(1), 1, Activation::identity, rng, Init::zeros);
  Sgd sgd(unit.parameters(), 1.0);
  N06Run r;
  for (std::size_t k = 0;; ++k) {
    sgd.zero_grad();
    const Var loss = bce_with_logits(unit.forward(constant(X)), T);
    r.loss.push_back(loss.item());
    if (k == 5) break;
    loss.backward();
    sgd.step();
  }
  r.w = unit.weight().value();
  r.b = unit.bias().value();
  return r;
}

void check_losses_finite(const std::vector<double>& loss) {
  for (std::size_t k = 0; k < loss.size(); ++k) {
    INFO("loss after " << k << " updates = " << loss[k]);
    CHECK(std::isfinite(loss[k]));
  }
}

}  // namespace

TEST_CASE("N06 logistic regression with unscaled features, saturated sigmoid after one step",
          "[reference]") {
  SECTION("(a) all targets 1") {
    const N06Run r = run_n06(
        from_rows({{0, 100}, {0, 100}, {0, 100}, {100, 0}, {100, 0}, {100, 0}}),
        from_rows({{1}, {1}, {1}, {1}, {1}, {1}}));
    const std::vector<double> loss = {0.6931471805599453, 0.0, 0.0, 0.0, 0.0, 0.0};
    REQUIRE(r.loss.size() == loss.size());
    for (std::size_t k = 0; k < loss.size(); ++k) {
      INFO("loss after " << k << " updates");
      check_scalar(r.loss[k], loss[k], 1e-12, 1e-300);
    }
    check_weight(r.w, {{24.999999999999996, 24.999999999999996}}, 1e-13, 1e-15);
    check_tensor(r.b, 1, 1, {0.49999999999999994}, 1e-13, 1e-15);
    check_losses_finite(r.loss);
  }
  SECTION("(b) one point on the wrong side") {
    const N06Run r = run_n06(from_rows({{100}, {200}, {-150}, {50}}),
                             from_rows({{1}, {1}, {0}, {0}}));
    const std::vector<double> loss = {0.6931471805599453, 625.0,    468.6875,
                                      312.375,            156.0625, 0.8132616875182228};
    REQUIRE(r.loss.size() == loss.size());
    for (std::size_t k = 0; k < loss.size(); ++k) {
      INFO("loss after " << k << " updates");
      check_scalar(r.loss[k], loss[k], 1e-12, 1e-300);
    }
    check_weight(r.w, {{0.0}}, 1e-13, 1e-15);
    check_tensor(r.b, 1, 1, {-1.0}, 1e-13, 1e-15);
    check_losses_finite(r.loss);
  }
}

// ---------------------------------------------------------------------------------------------
// O02. Guards against non-reproducible runs: a second, unseeded generator, or a seed given to a
// generator nobody uses; and against a shuffle that drops or repeats samples. XOR, 2-3-1
// sigmoid net, MSE, SGD lr 0.5, 200 epochs, batch size 1, shuffled every epoch by
// permutation(4, rng) from the same Rng that initialised the weights.
// (The reference's fourth check, "the config's seed is echoed in the run output", is about the
// app's output and is not a library property.)
namespace {

struct O02Run {
  std::string loss_log;                         // one line per epoch, 17 significant digits
  std::vector<double> weights;                  // every parameter, in named_parameters() order
  std::vector<std::vector<std::size_t>> orders;  // the visiting order of every epoch
};

O02Run run_o02(std::uint64_t seed) {
  Rng rng(seed);
  Sequential net;
  net.emplace<Dense>(2, 3, Activation::sigmoid, rng, Init::xavier_uniform);
  net.emplace<Dense>(3, 1, Activation::sigmoid, rng, Init::xavier_uniform);
  Sgd sgd(net.parameters(), 0.5);
  O02Run r;
  std::ostringstream log;
  log.precision(17);
  for (std::size_t epoch = 1; epoch <= 200; ++epoch) {
    const std::vector<std::size_t> order = permutation(4, rng);
    r.orders.push_back(order);
    double total = 0;
    for (std::size_t i : order) {
      sgd.zero_grad();
      const Var loss = mse(net.forward(constant(row({kXorX(i, 0), kXorX(i, 1)}))),
                           one(kXorT(i, 0)));
      total += loss.item();
      loss.backward();
      sgd.step();
    }
    log << "epoch " << epoch << " loss " << total / 4.0 << "\n";
  }
  r.loss_log = log.str();
  for (const auto& [name, p] : net.named_parameters()) {
    for (double v : p.value()) r.weights.push_back(v);
  }
  return r;
}

bool bitwise_equal(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

}  // namespace

TEST_CASE("O02 seeded runs are bit-reproducible and shuffling is a permutation per epoch",
          "[reference]") {
  const O02Run a = run_o02(42);
  const O02Run b = run_o02(42);
  const O02Run c = run_o02(43);

  REQUIRE(a.weights.size() == 2 * 3 + 3 + 3 * 1 + 1);
  SECTION("seed 42 twice: byte-identical loss log and weights") {
    CHECK(a.loss_log == b.loss_log);
    CHECK(bitwise_equal(a.weights, b.weights));
    CHECK(a.orders == b.orders);
  }
  SECTION("seed 43: different weights") {
    CHECK_FALSE(bitwise_equal(a.weights, c.weights));
    CHECK(a.loss_log != c.loss_log);
  }
  SECTION("each epoch's order is a permutation of 0..3, and the shuffle really shuffles") {
    const std::vector<std::size_t> identity = {0, 1, 2, 3};
    std::size_t not_identity = 0;
    for (const O02Run* run : {&a, &c}) {
      REQUIRE(run->orders.size() == 200);
      for (std::size_t e = 0; e < run->orders.size(); ++e) {
        std::vector<std::size_t> sorted = run->orders[e];
        std::sort(sorted.begin(), sorted.end());
        INFO("epoch " << e + 1);
        REQUIRE(sorted == identity);
        if (run->orders[e] != identity) ++not_identity;
      }
    }
    // 4! = 24 orders: the identity every time would mean no shuffle at all.
    CHECK(not_identity > 100);
  }
}

// ---------------------------------------------------------------------------------------------
// T01. Guards against the xtensor-blas 1-D/2-D dot bug (a {3, 5} result, then a crash): a single
// sample is a 1×k row, and a 1×k row times k×m is 1×m with the right numbers.
TEST_CASE("T01 dot of a 1-D vector with a 2-D matrix, value and shape", "[reference]") {
  const Tensor W = from_rows({{1.0, 1.0, 1.0}, {1.0, 2.0, 3.0}});  // 2×3, used as given

  SECTION("x[2] as a 1x2 row times W[2,3]") {
    const Var z = matmul(constant(row({1.0, 2.0})), constant(W));
    check_tensor(z.value(), 1, 3, {3.0, 5.0, 7.0}, 0.0, 0.0);
  }
  SECTION("x[1,2] times W[2,3]") {
    const Var z = matmul(constant(from_rows({{1.0, 2.0}})), constant(W));
    check_tensor(z.value(), 1, 3, {3.0, 5.0, 7.0}, 0.0, 0.0);
  }
  SECTION("transpose(W)[3,2] times x as a 2x1 column") {
    const Var z = matmul(constant(from_rows({{1.0, 1.0}, {1.0, 2.0}, {1.0, 3.0}})),
                         constant(from_rows({{1.0}, {2.0}})));
    check_tensor(z.value(), 3, 1, {3.0, 5.0, 7.0}, 0.0, 0.0);
  }
  SECTION("and the gradients of a 1xk row through matmul have the operands' shapes") {
    const Var x = parameter(row({1.0, 2.0}));
    const Var w = parameter(W);
    sum(matmul(x, w)).backward();
    check_tensor(x.grad(), 1, 2, {3.0, 6.0}, 0.0, 0.0);  // row sums of W
    check_tensor(w.grad(), 2, 3, {1.0, 1.0, 1.0, 2.0, 2.0, 2.0}, 0.0, 0.0);
  }
}

// ---------------------------------------------------------------------------------------------
// T03. Guards against reading a stored weight in the wrong layout: the flat list [1..6] of a
// 3→2 layer is row-major [out=2, in=3], W·x = [14, 32] (column-major would give [22, 28]); a
// weight whose stored shape does not match the layer is a shape error, never silently used.
TEST_CASE("T03 weight matrix from a flat list is row-major out by in, never silently reshaped",
          "[reference]") {
  const std::vector<double> flat = {1.0, 2.0, 3.0, 4.0, 5.0, 6.0};
  // Row-major [2][3] (rows = output units), then transposed to tinynn's 3×2.
  std::vector<std::vector<double>> ref_w(2, std::vector<double>(3));
  for (std::size_t o = 0; o < 2; ++o) {
    for (std::size_t i = 0; i < 3; ++i) ref_w[o][i] = flat[o * 3 + i];
  }
  const Tensor W = weight_from_reference(ref_w);
  const Tensor x = row({1.0, 2.0, 3.0});
  const Tensor b = row({-14.0, -31.0});

  SECTION("W x and sigmoid(W x + b)") {
    check_tensor(matmul(constant(x), constant(W)).value(), 1, 2, {14.0, 32.0}, 0.0, 0.0);
    Dense linear(W, zeros(1, 2), Activation::identity);
    check_tensor(linear.forward(constant(x)).value(), 1, 2, {14.0, 32.0}, 0.0, 0.0);
    Dense layer(W, b, Activation::sigmoid);
    check_tensor(layer.forward(constant(x)).value(), 1, 2, {0.5, 0.7310585786300049}, 1e-15,
                 0.0);
  }
  SECTION("a weight stored with the wrong shape is rejected") {
    // The flat list read as 2×3 is not a 3→2 layer's weight (that is 3×2): with the 3→2
    // layer's 1×2 bias, Dense must throw instead of transposing or reshaping.
    const Tensor W_as_stored = from_rows({{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}});
    CHECK_THROWS_AS(Dense(W_as_stored, b, Activation::sigmoid), std::invalid_argument);
    // A 1×3 sample cannot be multiplied by the 2×3 matrix.
    CHECK_THROWS_AS(matmul(constant(x), constant(W_as_stored)), std::invalid_argument);
    // And a 2×3 weight makes a 2→3 layer, which refuses a 3-feature input.
    Dense two_to_three(W_as_stored, zeros(1, 3), Activation::sigmoid);
    CHECK(two_to_three.in_features() == 2);
    CHECK(two_to_three.out_features() == 3);
    CHECK_THROWS_AS(two_to_three.forward(constant(x)), std::invalid_argument);
  }
}

// ---------------------------------------------------------------------------------------------
// T04. Guards against broadcasting faults: the bias row must be added to every sample, and the
// gradient of the broadcast operand must be reduced (summed over rows) to its own 1×n shape, not
// assigned from the N×n array.
TEST_CASE("T04 broadcast add of a bias row to a batch, forward and reduced gradient shape",
          "[reference]") {
  const Var X = parameter(from_rows({{1.0, -2.0, 0.5}, {0.0, 3.0, -1.0}, {2.5, 1.0, 1.0},
                                     {-1.5, 0.0, 2.0}}));
  const Var b = parameter(row({0.1, 0.2, 0.3}));
  const Var Z = add_row(X, b);
  check_tensor(Z.value(), 4, 3,
               {1.1, -1.8, 0.8, 0.1, 3.2, -0.7, 2.6, 1.2, 1.3, -1.4, 0.2, 2.3}, 1e-15, 0.0);

  SECTION("d sum(Z)/db") {
    sum(Z).backward();
    check_tensor(b.grad(), 1, 3, {4.0, 4.0, 4.0}, 0.0, 0.0);
    check_tensor(X.grad(), 4, 3, std::vector<double>(12, 1.0), 0.0, 0.0);
  }
  SECTION("d sum(Z*Z)/db") {
    sum(Z * Z).backward();
    check_tensor(b.grad(), 1, 3, {4.800000000000001, 5.6000000000000005, 7.4}, 1e-15, 0.0);
    REQUIRE(X.grad().shape(0) == 4);
    REQUIRE(X.grad().shape(1) == 3);
  }
}
