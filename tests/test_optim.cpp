// The optimizers beyond plain SGD: Nesterov momentum and Adam, with steps worked by hand and
// the PyTorch reference case O01 (/work/shared/reference/cases.json).
#include "helpers.hpp"

using namespace tinynn;
using tinynn::test::check_all_close;
using tinynn::test::close;

// ---------------------------------------------------------------- Sgd, Nesterov

TEST_CASE("Sgd nesterov: two steps by hand, direction g + mu*buf", "[optim]") {
  // f(p) = p², g = 2p, p₀ = 1, lr 0.1, μ 0.9 (PyTorch 1.13 gives the same 0.62, 0.2224):
  // step 1: g = 2,    buf = 2,                  direction = 2 + 0.9·2       = 3.8    p = 0.62
  // step 2: g = 1.24, buf = 0.9·2 + 1.24 = 3.04, direction = 1.24 + 0.9·3.04 = 3.976  p = 0.2224
  // (plain momentum would give 0.8, then 0.46).
  const Var p = parameter(from_rows({{1.0}}));
  Sgd opt({p}, 0.1, 0.9, true);
  CHECK(opt.nesterov());
  const double want[] = {0.62, 0.2224};
  for (double w : want) {
    opt.zero_grad();
    sum(p * p).backward();
    opt.step();
    CHECK(close(p.value()(0, 0), w, 1e-14, 0));
  }
}

TEST_CASE("Sgd nesterov needs momentum, as PyTorch", "[optim]") {
  const Var p = parameter(zeros(1, 1));
  CHECK_THROWS_WITH(Sgd({p}, 0.1, 0.0, true), Catch::Matchers::Contains("nesterov"));
  CHECK_NOTHROW(Sgd({p}, 0.1, 0.5, true));
  CHECK_FALSE(Sgd({p}, 0.1, 0.5).nesterov());
}

// ---------------------------------------------------------------- Adam

TEST_CASE("Adam: the first step moves each element by lr against its gradient's sign",
          "[optim]") {
  // After one step m̂ = g and v̂ = g² exactly, so the update is lr·g/(|g| + eps).
  const Var p = parameter(from_rows({{1.0, -2.0}}));
  Adam opt({p}, 0.1);
  CHECK(opt.steps() == 0);
  sum(p * p).backward();  // g = [2, −4]
  opt.step();
  CHECK(opt.steps() == 1);
  // PyTorch 1.13: [0.9000000005, -1.90000000025]
  check_all_close(p.value(), {1.0 - 0.1 * 2 / (2 + 1e-8), -2.0 + 0.1 * 4 / (4 + 1e-8)}, 1e-15, 0);
  CHECK(close(p.value()(0, 0), 0.9000000005, 1e-15, 0));
}

TEST_CASE("Adam O01: dense 2-2 sigmoid, MSE, three steps match PyTorch", "[optim][reference]") {
  // Reference case O01: W given as [out, in] = [[0.5, −0.5], [0.25, 0.75]], so tinynn's in×out
  // weight is its transpose; b = [0.1, −0.1]; Adam lr 0.1, betas 0.9/0.999, eps 1e-8.
  Dense layer(from_rows({{0.5, 0.25}, {-0.5, 0.75}}), from_rows({{0.1, -0.1}}),
              Activation::sigmoid);
  const Var x = constant(from_rows({{1.0, 2.0}, {3.0, -1.0}, {0.5, 0.5}}));
  const Tensor t = from_rows({{1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}});
  Adam opt(layer.parameters(), 0.1, 0.9, 0.999, 1e-8);

  struct Expected {
    double loss_before_step;
    std::vector<double> w_out_in;  // as the reference writes W: [out][in], row-major
    std::vector<double> b;
  };
  const Expected steps[] = {
      {0.41969551610256994,
       {0.40000005290753715, -0.40000000692037063, 0.34999999084201566, 0.6500000096941652},
       {0.19999998292630705, -2.6325409421823487e-08}},
      {0.37478553859402575,
       {0.30424441380648315, -0.3000069829592404, 0.44713106469166475, 0.5504067185151976},
       {0.2989480244941034, 0.09635944836526847}},
      {0.335869063659571,
       {0.2092038259266853, -0.20010029261527712, 0.5363967385554894, 0.45160083578872534},
       {0.39543881606596126, 0.18229142446042507}},
  };
  const double rel = 1e-12, abs_tol = 1e-15;  // the reference's tolerances
  int k = 0;
  for (const Expected& e : steps) {
    ++k;
    INFO("step " << k);
    opt.zero_grad();
    const Var loss = mse(layer.forward(x), t);
    CHECK(close(loss.item(), e.loss_before_step, rel, abs_tol));
    loss.backward();
    opt.step();
    CHECK(opt.steps() == k);
    const Tensor& w = layer.weight().value();  // in×out: w(i, o) = W[o][i]
    check_all_close(from_rows({{w(0, 0), w(1, 0)}, {w(0, 1), w(1, 1)}}), e.w_out_in, rel,
                    abs_tol);
    check_all_close(layer.bias().value(), e.b, rel, abs_tol);
  }
}

TEST_CASE("Adam O01: b1 is not what a step counter counted per parameter would give",
          "[optim][reference]") {
  // Incrementing one counter once per parameter tensor gives W t = 1, 3, 5 and b t = 2, 4, 6.
  // The reference's values for that mistake after step 2: b1 = [0.2517…, 0.0500…], where the
  // right answer is [0.2989…, 0.0964…].
  Dense layer(from_rows({{0.5, 0.25}, {-0.5, 0.75}}), from_rows({{0.1, -0.1}}),
              Activation::sigmoid);
  const Var x = constant(from_rows({{1.0, 2.0}, {3.0, -1.0}, {0.5, 0.5}}));
  const Tensor t = from_rows({{1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}});
  Adam opt(layer.parameters(), 0.1);
  for (int k = 0; k < 2; ++k) {
    opt.zero_grad();
    mse(layer.forward(x), t).backward();
    opt.step();
  }
  const Tensor& b = layer.bias().value();
  const double wrong[] = {0.25174674858730006, 0.04997894688627605};
  const double right[] = {0.2989480244941034, 0.09635944836526847};
  for (int j = 0; j < 2; ++j) {
    CHECK(std::abs(b(0, j) - wrong[j]) > 0.04);  // 0.047 and 0.046 away from the mistake
    CHECK(close(b(0, j), right[j], 1e-12, 1e-15));
  }
}

TEST_CASE("Adam skips a parameter without gradient, and its later first step is still lr",
          "[optim]") {
  // a gets a gradient every step; b only at step 3. b's moments start at its first update,
  // so its bias correction is that of a first step (as in PyTorch, whose per-parameter step
  // count only advances on an update): b = 0.5 − 0.1·3/(3 + 1e-8) = 0.4000000003333333.
  // A correction from the optimizer's t = 3 instead would give 0.436.
  const Var a = parameter(from_rows({{1.0, -2.0}}));
  const Var b = parameter(from_rows({{0.5}}));
  Adam opt({a, b}, 0.1);
  for (int k = 1; k <= 3; ++k) {
    opt.zero_grad();
    Var loss = sum(a * a);
    if (k == 3) loss = loss + scale(b, 3.0);
    loss.backward();
    opt.step();
    if (k < 3) CHECK(b.value()(0, 0) == 0.5);
  }
  CHECK(opt.steps() == 3);
  // PyTorch 1.13 float64, same three steps:
  check_all_close(a.value(), {0.7015862729460302, -1.700623392046465}, 1e-14, 0);
  CHECK(close(b.value()(0, 0), 0.4000000003333333, 1e-14, 0));
}

TEST_CASE("Adam rejects bad hyperparameters", "[optim]") {
  const Var p = parameter(zeros(1, 1));
  using Catch::Matchers::Contains;
  CHECK_THROWS_WITH(Adam({p}, 0.0), Contains("lr"));
  CHECK_THROWS_AS(Adam({p}, -1e-3), std::invalid_argument);
  CHECK_THROWS_AS(Adam({p}, std::nan("")), std::invalid_argument);
  CHECK_THROWS_AS(Adam({p}, HUGE_VAL), std::invalid_argument);
  CHECK_THROWS_WITH(Adam({p}, 1e-3, 1.0), Contains("beta1"));
  CHECK_THROWS_WITH(Adam({p}, 1e-3, -0.1), Contains("beta1"));
  CHECK_THROWS_WITH(Adam({p}, 1e-3, 0.9, 1.0), Contains("beta2"));
  CHECK_THROWS_WITH(Adam({p}, 1e-3, 0.9, std::nan("")), Contains("beta2"));
  CHECK_THROWS_WITH(Adam({p}, 1e-3, 0.9, 0.999, 0.0), Contains("eps"));
  CHECK_THROWS_AS(Adam({constant(zeros(1, 1))}), std::invalid_argument);
  CHECK_NOTHROW(Adam({p}, 1e-3, 0.0, 0.0, 1e-12));
  const Adam defaults({p});
  CHECK(defaults.lr() == 1e-3);
  CHECK(defaults.beta1() == 0.9);
  CHECK(defaults.beta2() == 0.999);
  CHECK(defaults.eps() == 1e-8);
}
