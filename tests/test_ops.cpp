// Every op: a forward value checked by hand, then its backward against finite differences.
// The checked function is sum(w ⊙ op(...)) with fixed non-uniform weights w, so each output
// element's gradient path is tested on its own.
#include "helpers.hpp"

using namespace tinynn;
using tinynn::test::check_all_close;
using tinynn::test::require_gradcheck;
using tinynn::test::weights_like;

namespace {
// sum(w ⊙ y) for a fixed w of y's shape: a scalar whose gradient wrt y is w.
Var weighted_sum(const Var& y) {
  return sum(mul(y, constant(weights_like(y.rows(), y.cols()))));
}

const Tensor kA = from_rows({{0.3, -1.2, 2.0}, {0.7, 0.1, -0.4}});   // 2×3
const Tensor kB = from_rows({{1.5, -0.2, 0.9}, {-0.6, 1.1, 0.25}});  // 2×3
}  // namespace

TEST_CASE("matmul: forward by hand, then gradients of both inputs", "[ops]") {
  // [[1,2],[3,4]]·[[5,6],[7,8]] = [[19,22],[43,50]]
  const Var z = matmul(constant(from_rows({{1, 2}, {3, 4}})), constant(from_rows({{5, 6}, {7, 8}})));
  check_all_close(z.value(), {19, 22, 43, 50}, 0, 0);

  const Tensor w = from_rows({{0.2, -0.5}, {1.0, 0.3}, {-0.7, 0.6}});  // 3×2
  require_gradcheck([](const std::vector<Var>& v) { return weighted_sum(matmul(v[0], v[1])); },
                    {kA, w});
}

TEST_CASE("matmul: backward gives dA = dZ Bt and dB = At dZ exactly", "[ops]") {
  const Var a = parameter(from_rows({{1, 2}}));          // 1×2
  const Var b = parameter(from_rows({{3, 4, 5}, {6, 7, 8}}));  // 2×3
  sum(matmul(a, b)).backward();                          // dZ = ones(1×3)
  check_all_close(a.grad(), {12, 21}, 0, 0);             // row sums of B
  check_all_close(b.grad(), {1, 1, 1, 2, 2, 2}, 0, 0);   // a's entries repeated per column
}

TEST_CASE("matmul: shapes that do not chain throw naming both", "[ops]") {
  CHECK_THROWS_WITH(matmul(constant(zeros(2, 3)), constant(zeros(2, 3))),
                    Catch::Matchers::Contains("matmul") && Catch::Matchers::Contains("2x3 and 2x3"));
}

TEST_CASE("add_row: bias added to every row, its gradient summed over the batch", "[ops]") {
  const Var y = add_row(constant(kA), constant(from_rows({{10, 20, 30}})));
  check_all_close(y.value(), {10.3, 18.8, 32.0, 10.7, 20.1, 29.6}, 1e-15, 0);
  require_gradcheck([](const std::vector<Var>& v) { return weighted_sum(add_row(v[0], v[1])); },
                    {kA, from_rows({{0.5, -1.5, 2.5}})});
  CHECK_THROWS_WITH(add_row(constant(kA), constant(zeros(1, 2))),
                    Catch::Matchers::Contains("add_row") && Catch::Matchers::Contains("1x2"));
  CHECK_THROWS_AS(add_row(constant(kA), constant(zeros(2, 3))), std::invalid_argument);
}

TEST_CASE("add and sub: forward and gradients", "[ops]") {
  check_all_close(add(constant(kA), constant(kB)).value(), {1.8, -1.4, 2.9, 0.1, 1.2, -0.15},
                  1e-15, 0);
  check_all_close(sub(constant(kA), constant(kB)).value(), {-1.2, -1.0, 1.1, 1.3, -1.0, -0.65},
                  1e-15, 1e-16);
  require_gradcheck([](const std::vector<Var>& v) { return weighted_sum(v[0] + v[1]); }, {kA, kB});
  require_gradcheck([](const std::vector<Var>& v) { return weighted_sum(v[0] - v[1]); }, {kA, kB});
  CHECK_THROWS_WITH(add(constant(kA), constant(zeros(3, 2))),
                    Catch::Matchers::Contains("add: shapes 2x3 and 3x2"));
  CHECK_THROWS_WITH(sub(constant(kA), constant(zeros(2, 2))),
                    Catch::Matchers::Contains("sub: shapes 2x3 and 2x2"));
}

TEST_CASE("mul: elementwise product, forward and gradients", "[ops]") {
  check_all_close(mul(constant(kA), constant(kB)).value(), {0.45, 0.24, 1.8, -0.42, 0.11, -0.1},
                  1e-15, 0);
  require_gradcheck([](const std::vector<Var>& v) { return weighted_sum(v[0] * v[1]); }, {kA, kB});
  CHECK_THROWS_WITH(mul(constant(kA), constant(zeros(1, 3))),
                    Catch::Matchers::Contains("mul: shapes 2x3 and 1x3"));
}

TEST_CASE("scale: forward and gradient", "[ops]") {
  check_all_close(scale(constant(kA), -2.0).value(), {-0.6, 2.4, -4.0, -1.4, -0.2, 0.8}, 0, 0);
  require_gradcheck([](const std::vector<Var>& v) { return weighted_sum(-2.5 * v[0]); }, {kA});
}

TEST_CASE("log: forward and gradient (away from 0)", "[ops]") {
  const Tensor positive = from_rows({{0.5, 1.0, 2.0}, {3.0, 0.25, 7.5}});
  check_all_close(tinynn::log(constant(from_rows({{1.0, 2.718281828459045}}))).value(), {0.0, 1.0},
                  1e-15, 1e-300);
  require_gradcheck([](const std::vector<Var>& v) { return weighted_sum(tinynn::log(v[0])); },
                    {positive});
}

TEST_CASE("sum and mean: forward and gradients", "[ops]") {
  CHECK(sum(constant(kA)).item() == Approx(1.5).epsilon(1e-15));
  CHECK(mean(constant(kA)).item() == Approx(0.25).epsilon(1e-15));
  // Reductions are checked through a non-linear function of their result, so a gradient
  // of the wrong scale (e.g. mean's missing 1/N) changes the answer.
  require_gradcheck([](const std::vector<Var>& v) { const Var s = sum(v[0]); return s * s; },
                    {kA});
  require_gradcheck([](const std::vector<Var>& v) { const Var m = mean(v[0]); return m * m; },
                    {kA});
  CHECK_THROWS_AS(mean(constant(zeros(0, 3))), std::invalid_argument);
}

TEST_CASE("sigmoid: forward values and gradient", "[ops][sigmoid]") {
  check_all_close(sigmoid(constant(from_rows({{0.0, 2.0, -2.0}}))).value(),
                  {0.5, 0.8807970779778823, 0.11920292202211755}, 1e-15, 0);
  require_gradcheck([](const std::vector<Var>& v) { return weighted_sum(sigmoid(v[0])); },
                    {from_rows({{0.3, -1.2, 2.0}, {4.0, 0.0, -3.5}})});
}

TEST_CASE("Dense: forward by hand, gradients of input, weight and bias", "[ops][layers]") {
  // X·W + b with X = [[1, 2]], W = [[1, 0, -1], [0.5, 1, 0]], b = [0, -2, 1]: z = [2, 0, 0]
  const Tensor w = from_rows({{1, 0, -1}, {0.5, 1, 0}});
  const Tensor b = from_rows({{0, -2, 1}});
  check_all_close(Dense(w, b, Activation::identity).forward(constant(from_rows({{1, 2}}))).value(),
                  {2, 0, 0}, 0, 0);
  check_all_close(Dense(w, b, Activation::sigmoid).forward(constant(from_rows({{1, 2}}))).value(),
                  {0.8807970779778823, 0.5, 0.5}, 1e-15, 0);

  for (Activation act : {Activation::identity, Activation::sigmoid}) {
    INFO("activation " << to_string(act));
    Dense layer(from_rows({{0.2, -0.5}, {1.0, 0.3}, {-0.7, 0.6}}), from_rows({{0.1, -0.2}}), act);
    const Var x = parameter(kA);  // the input gets a gradient too (dX = dZ·Wᵀ)
    const GradcheckResult r = gradcheck([&] { return weighted_sum(layer.forward(x)); },
                                        {x, layer.weight(), layer.bias()});
    INFO("worst error " << r.worst_error << " at " << r.worst_where);
    CHECK(r.checked == 6 + 6 + 2);
    CHECK(r.passed);
  }
}

TEST_CASE("gradcheck catches a wrong backward", "[ops][gradcheck]") {
  // An op whose backward forgets the factor 2 of d(x²)/dx = 2x.
  const auto broken_square = [](const Var& x) {
    Node* px = x.node().get();
    return Var::from_op("broken_square", x.value() * x.value(), {x},
                        [px](const Tensor& dy) { px->accumulate_grad(dy * px->value); });
  };
  const GradcheckResult r = gradcheck(
      [&](const std::vector<Var>& v) { return weighted_sum(broken_square(v[0])); }, {kA});
  CHECK_FALSE(r.passed);
  CHECK(r.worst_error == Approx(0.5).epsilon(1e-6));  // analytic x vs numeric 2x: |x−2x|/|2x|
  CHECK_THAT(r.worst_where, Catch::Matchers::Contains("analytic"));
  CHECK(kA.size() == r.checked);
}
