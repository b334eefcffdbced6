// Dense, Sequential, the initialisers and the SGD update rule.
#include "helpers.hpp"

using namespace tinynn;
using tinynn::test::check_all_close;

TEST_CASE("Dense: shapes, names and description", "[layers]") {
  Rng rng(1);
  Dense d(3, 2, Activation::sigmoid, rng);
  CHECK(shape_str(d.weight().value()) == "3x2");
  CHECK(shape_str(d.bias().value()) == "1x2");
  CHECK(d.describe() == "Dense(3 -> 2, sigmoid)");
  CHECK(d.parameter_count() == 8);
  const auto named = d.named_parameters();
  REQUIRE(named.size() == 2);
  CHECK(named[0].first == "weight");
  CHECK(named[1].first == "bias");
  for (double b : d.bias().value()) CHECK(b == 0.0);
  CHECK_THROWS_WITH(d.forward(constant(zeros(4, 2))),
                    Catch::Matchers::Contains("4x2") && Catch::Matchers::Contains("N x 3"));
  CHECK_THROWS_AS(Dense(0, 2, Activation::sigmoid, rng), std::invalid_argument);
  CHECK_THROWS_AS(Dense(zeros(3, 2), zeros(1, 3), Activation::identity), std::invalid_argument);
}

TEST_CASE("xavier_uniform stays within +-sqrt(6/(in+out)) and is seeded", "[layers][init]") {
  Rng a(5), b(5), c(6);
  const Tensor wa = xavier_uniform(30, 20, a);
  const Tensor wb = xavier_uniform(30, 20, b);
  const Tensor wc = xavier_uniform(30, 20, c);
  const double limit = std::sqrt(6.0 / 50.0);
  double lo = 1, hi = -1, total = 0;
  for (double v : wa) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    total += v;
  }
  CHECK(lo >= -limit);
  CHECK(hi < limit);
  CHECK(lo < -0.9 * limit);  // 600 draws reach close to both ends
  CHECK(hi > 0.9 * limit);
  CHECK(std::abs(total / 600) < 0.05 * limit);
  CHECK((wa == wb));
  CHECK_FALSE((wa == wc));
  // The first weight is the first splitmix64 draw mapped to [−a, a): portable, checkable.
  Rng r(5);
  CHECK(wa(0, 0) == -limit + 2 * limit * r.uniform());
}

TEST_CASE("zeros and constant init give identical hidden units", "[layers][init]") {
  Rng rng(0);
  Dense z(2, 3, Activation::sigmoid, rng, Init::zeros);
  for (double v : z.weight().value()) CHECK(v == 0.0);
  Dense c(2, 3, Activation::sigmoid, rng, Init::constant, 0.1);
  for (double v : c.weight().value()) CHECK(v == 0.1);
  for (double v : c.bias().value()) CHECK(v == 0.1);
}

TEST_CASE("Sequential: chains modules and names parameters by position", "[layers]") {
  Rng rng(2);
  Sequential net;
  net.emplace<Dense>(2, 4, Activation::sigmoid, rng);
  net.emplace<Dense>(4, 1, Activation::identity, rng);
  CHECK(net.size() == 2);
  CHECK(net.parameter_count() == 2 * 4 + 4 + 4 * 1 + 1);
  std::vector<std::string> names;
  for (const auto& [name, p] : net.named_parameters()) names.push_back(name);
  CHECK(names == std::vector<std::string>{"0.weight", "0.bias", "1.weight", "1.bias"});
  CHECK(net.describe() == "(0) Dense(2 -> 4, sigmoid)\n(1) Dense(4 -> 1, identity)\n");
  const Var y = net.forward(constant(zeros(5, 2)));
  CHECK(shape_str(y.value()) == "5x1");
}

TEST_CASE("Sgd without momentum: p <- p - lr*g", "[optim]") {
  const Var p = parameter(from_rows({{1.0, -2.0}}));
  Sgd opt({p}, 0.5);
  sum(p * p).backward();  // g = 2p = [2, −4]
  opt.step();
  check_all_close(p.value(), {0.0, 0.0}, 0, 0);
}

TEST_CASE("Sgd with momentum follows PyTorch: buf = mu*buf + g, p -= lr*buf", "[optim]") {
  // f(p) = 3p (g = 3 always), lr 0.1, μ 0.9:
  // step 1: buf = 3,         p = 1 − 0.3   = 0.7
  // step 2: buf = 2.7 + 3,   p = 0.7 − 0.57 = 0.13
  const Var p = parameter(from_rows({{1.0}}));
  Sgd opt({p}, 0.1, 0.9);
  for (int i = 0; i < 2; ++i) {
    opt.zero_grad();
    scale(p, 3.0).backward();
    opt.step();
  }
  CHECK(p.value()(0, 0) == Approx(0.13).epsilon(1e-14));
}

TEST_CASE("Sgd rejects a bad learning rate or momentum", "[optim]") {
  const Var p = parameter(zeros(1, 1));
  CHECK_THROWS_WITH(Sgd({p}, 0.0), Catch::Matchers::Contains("lr"));
  CHECK_THROWS_AS(Sgd({p}, -1.0), std::invalid_argument);
  CHECK_THROWS_AS(Sgd({p}, std::nan("")), std::invalid_argument);
  CHECK_THROWS_AS(Sgd({p}, 0.1, 1.0), std::invalid_argument);
  CHECK_THROWS_AS(Sgd({constant(zeros(1, 1))}, 0.1), std::invalid_argument);
}

TEST_CASE("zero_grad clears every parameter's gradient", "[optim]") {
  const Var a = parameter(filled(1, 1, 2.0));
  const Var b = parameter(filled(1, 1, 3.0));
  Sgd opt({a, b}, 0.1);
  (a * b).backward();
  CHECK(a.grad()(0, 0) == 3.0);
  opt.zero_grad();
  CHECK(a.grad()(0, 0) == 0.0);
  CHECK(b.grad()(0, 0) == 0.0);
}
