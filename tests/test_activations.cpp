// tanh, relu, softmax, the cross-entropy loss, Dense with every activation, the initialisers
// made for them, and the name tables (activations, losses, inits). Each op: a value computed by
// hand first, then its backward against finite differences.
#include <algorithm>
#include <cmath>

#include "helpers.hpp"

using namespace tinynn;
using tinynn::test::check_all_close;
using tinynn::test::close;
using tinynn::test::require_gradcheck;
using tinynn::test::weights_like;

namespace {
// sum(w ⊙ y) for a fixed non-uniform w: every output element gets its own gradient path.
// (For softmax this matters twice over: with w = 1 the result is Σ rows = N, a constant,
// whose gradient is 0 whatever the backward does.)
Var weighted_sum(const Var& y) {
  return sum(mul(y, constant(weights_like(y.rows(), y.cols()))));
}

// Away from relu's kink at 0 (the nearest is 0.3: finite differences step 1e-6).
const Tensor kX = from_rows({{0.3, -1.2, 2.0}, {4.0, -0.5, -3.5}});  // 2×3

// A 4×3 case drawn once with torch.randn(4, 3, float64)·2 (seeded), and PyTorch 1.13's
// F.cross_entropy of it in float64: value and dL/dlogits, printed with repr (round-trips).
const Tensor kLogits = from_rows({{-0.08085833473882734, 3.45198424045962, -1.628077528561533},
                                  {2.7443332683616983, 1.011929574975586, -0.9646747923027276},
                                  {-1.5705051180508633, 1.336159632928223, -0.8878870294018649},
                                  {0.37766940104179875, 1.1972148323177423, 1.291625681448122}});
const Tensor kLabels = from_rows({{2}, {0}, {1}, {1}});
}  // namespace

// ---------------------------------------------------------------- tanh

TEST_CASE("tanh: forward values and gradient", "[activations]") {
  // tanh(0.5) = (e − 1)/(e + 1) = 0.46211715726000974; tanh is odd.
  check_all_close(tinynn::tanh(constant(from_rows({{0.0, 0.5, -0.5, -2.0}}))).value(),
                  {0.0, 0.46211715726000974, -0.46211715726000974, -0.9640275800758169}, 1e-15,
                  0);
  require_gradcheck([](const std::vector<Var>& v) { return weighted_sum(tinynn::tanh(v[0])); },
                    {kX});
}

TEST_CASE("tanh: gradient 1 - tanh^2 exact at 0.5 and still right where tanh rounds to 1",
          "[activations]") {
  const Var x = parameter(from_rows({{0.5, 12.0, 20.0, -20.0, 400.0}}));
  sum(tinynn::tanh(x)).backward();
  // 1 − tanh²(0.5) = 0.7864477329659274. At 12, 1 − Y² from the rounded output is off by
  // 3e-7 relative; at ±20, tanh rounds to ±1 and 1 − Y² = 0, while sech²(20) = 1.7e-17.
  // Expected values: 4e/(1 + e)², e = e^(−2|x|), evaluated with 50-digit decimals.
  check_all_close(x.grad(), {0.7864477329659274, 1.510053817597626e-10, 1.6993417021166355e-17,
                             1.6993417021166355e-17, 0.0},
                  1e-14, 0);
  CHECK(x.grad()(0, 2) > 0);
  CHECK(tinynn::tanh(constant(from_rows({{400.0}}))).item() == 1.0);  // never NaN
}

// ---------------------------------------------------------------- relu

TEST_CASE("relu: forward values, the kink, and gradient", "[activations]") {
  check_all_close(relu(constant(kX)).value(), {0.3, 0.0, 2.0, 4.0, 0.0, 0.0}, 0, 0);
  require_gradcheck([](const std::vector<Var>& v) { return weighted_sum(relu(v[0])); }, {kX});

  // dY/dX is [X > 0]: 0 for negatives and at the kink itself (PyTorch's choice), 1 above.
  const Var x = parameter(from_rows({{-2.0, 0.0, 1e-300, 3.0}}));
  sum(scale(relu(x), 5.0)).backward();
  check_all_close(x.grad(), {0.0, 0.0, 5.0, 5.0}, 0, 0);

  // NaN is passed on (a diverging run must not be hidden behind a 0).
  CHECK(std::isnan(relu(constant(from_rows({{std::nan("")}}))).item()));
}

// ---------------------------------------------------------------- softmax

TEST_CASE("softmax: known values, rows summing to 1, no overflow", "[activations]") {
  // softmax([1, 2, 3]) = [e⁻², e⁻¹, 1]/(1 + e⁻¹ + e⁻²), correctly rounded.
  check_all_close(softmax(constant(from_rows({{1, 2, 3}}))).value(),
                  {0.09003057317038046, 0.24472847105479764, 0.6652409557748219}, 2e-16, 0);
  // Shifting a row changes nothing; e^1000 would be inf, but the row max is subtracted first.
  const Tensor big = softmax(constant(from_rows({{1000, 1000}, {-1000, -1000}, {1000, -1000}})))
                         .value();
  check_all_close(big, {0.5, 0.5, 0.5, 0.5, 1.0, 0.0}, 0, 0);

  const Tensor y = softmax(constant(kX)).value();
  for (std::size_t i = 0; i < y.shape(0); ++i) {
    double row = 0;
    for (std::size_t j = 0; j < y.shape(1); ++j) {
      CHECK(y(i, j) > 0);
      row += y(i, j);
    }
    CHECK(row == Approx(1.0).epsilon(1e-15));
  }
}

TEST_CASE("softmax: gradient Y (dY - rowsum(dY Y)) by finite differences and by hand",
          "[activations]") {
  require_gradcheck([](const std::vector<Var>& v) { return weighted_sum(softmax(v[0])); }, {kX});
  // Also with large shifted logits, where the naive form would overflow.
  require_gradcheck([](const std::vector<Var>& v) { return weighted_sum(softmax(v[0])); },
                    {from_rows({{500.0, 501.0, 499.5}})});

  // Two classes, x = [0, 0]: Y = [½, ½]. Picking out Y₀: dY = [1, 0], rowsum(dY ⊙ Y) = ½,
  // dX = ½·[1 − ½, 0 − ½] = [¼, −¼] (= σ′(0) and its mirror).
  const Var x = parameter(zeros(1, 2));
  sum(mul(softmax(x), constant(from_rows({{1, 0}})))).backward();
  check_all_close(x.grad(), {0.25, -0.25}, 0, 0);
}

// ---------------------------------------------------------------- cross_entropy

TEST_CASE("cross_entropy: value and gradient by hand", "[losses]") {
  // logsumexp([1, 2, 3]) − 3 = ln(1 + e⁻¹ + e⁻²) = 0.4076059644443803 (correctly rounded; the
  // subtraction 3.4076… − 3 in doubles gives 0.4076059644443806, and PyTorch 0.4076059644443804).
  const Var z = parameter(from_rows({{1, 2, 3}}));
  const Var loss = cross_entropy(z, from_rows({{2}}));
  CHECK(close(loss.item(), 0.4076059644443803, 1e-15, 0));
  loss.backward();
  // softmax − onehot(2)
  check_all_close(z.grad(), {0.09003057317038046, 0.24472847105479764, -0.3347590442251781},
                  1e-15, 0);

  // Mean over rows: the same row twice gives the same loss, each gradient halved.
  const Var z2 = parameter(from_rows({{1, 2, 3}, {1, 2, 3}}));
  const Var loss2 = cross_entropy(z2, from_rows({{2}, {2}}));
  CHECK(close(loss2.item(), 0.4076059644443803, 1e-15, 0));
  loss2.backward();
  CHECK(close(z2.grad()(1, 0), 0.09003057317038046 / 2, 1e-15, 0));
}

TEST_CASE("cross_entropy: huge logits are finite and exact, a confident row keeps its digits",
          "[losses]") {
  const Var z = parameter(from_rows({{1000, -1000, 0}, {1000, -1000, 0}}));
  const Var loss = cross_entropy(z, from_rows({{0}, {1}}));  // right: 0; wrong: 2000
  CHECK(loss.item() == 1000.0);                               // (0 + 2000)/2
  loss.backward();
  check_all_close(z.grad(), {0, 0, 0, 0.5, -0.5, 0}, 0, 0);

  // logits [0, −40], label 0: L = ln(1 + e⁻⁴⁰) = 4.248354255291589e-18, which the plain
  // ln(Σ eᶻ) − z rounds to 0 (so does PyTorch); dL/dz = [−e⁻⁴⁰, e⁻⁴⁰]/(1 + e⁻⁴⁰), not [0, …].
  const Var c = parameter(from_rows({{0.0, -40.0}}));
  const Var lc = cross_entropy(c, from_rows({{0}}));
  CHECK(close(lc.item(), 4.248354255291589e-18, 1e-15, 0));
  lc.backward();
  check_all_close(c.grad(), {-4.248354255291589e-18, 4.248354255291589e-18}, 1e-15, 0);
}

TEST_CASE("cross_entropy: gradient by finite differences", "[losses]") {
  require_gradcheck([](const std::vector<Var>& v) { return cross_entropy(v[0], kLabels); },
                    {kLogits});
  // Through a layer below it, so that the 1/N and the per-row softmax reach W and b.
  const Tensor x = from_rows({{0.3, -1.2}, {0.7, 0.1}, {2.0, -0.4}, {-1.0, 0.5}});
  require_gradcheck(
      [&](const std::vector<Var>& v) {
        return cross_entropy(add_row(matmul(constant(x), v[0]), v[1]), kLabels);
      },
      {from_rows({{0.2, -0.5, 1.0}, {0.3, -0.7, 0.6}}), from_rows({{0.1, -0.2, 0.05}})});
}

TEST_CASE("cross_entropy: matches PyTorch float64 on a random 4x3 case", "[losses]") {
  const Var z = parameter(kLogits);
  const Var loss = cross_entropy(z, kLabels);
  CHECK(close(loss.item(), 1.5953057244077011, 1e-13, 0));
  loss.backward();
  check_all_close(z.grad(),
                  {0.007055381584909135, 0.24144295794310694, -0.24849833952801606,
                   -0.0419026143989083, 0.03680385064337451, 0.005098763755533821,
                   0.011751031360056131, -0.035006936881689654, 0.023255905521633508,
                   0.04337537710042643, -0.15156097081637196, 0.10818559371594554},
                  1e-13, 0);
}

TEST_CASE("cross_entropy: bad labels and shapes throw naming the row and the range",
          "[losses]") {
  const Var z = constant(kLogits);  // 4×3
  using Catch::Matchers::Contains;
  CHECK_THROWS_WITH(cross_entropy(z, from_rows({{0}, {1.5}, {1}, {1}})),
                    Contains("label 1.5 in row 1") && Contains("0..2"));
  CHECK_THROWS_WITH(cross_entropy(z, from_rows({{0}, {1}, {-1}, {1}})),
                    Contains("label -1 in row 2") && Contains("0..2"));
  CHECK_THROWS_WITH(cross_entropy(z, from_rows({{0}, {1}, {1}, {3}})),
                    Contains("label 3 in row 3") && Contains("3 classes"));
  CHECK_THROWS_WITH(cross_entropy(z, from_rows({{std::nan("")}, {1}, {1}, {1}})),
                    Contains("in row 0"));
  // Shapes: one label per row.
  CHECK_THROWS_WITH(cross_entropy(z, from_rows({{0}, {1}, {1}})),
                    Contains("4x1") && Contains("3x1"));
  CHECK_THROWS_WITH(cross_entropy(z, zeros(4, 3)), Contains("one-hot"));
  CHECK_THROWS_AS(cross_entropy(constant(zeros(0, 3)), zeros(0, 1)), std::invalid_argument);
}

// ---------------------------------------------------------------- Dense with every activation

TEST_CASE("Dense: every activation, forward by hand and gradients", "[activations][layers]") {
  // X·W + b with X = [[1, 2]], W = [[1, 0, −1], [0.5, 1, 0]], b = [0, −2, 1]: z = [2, 0, 0]
  const Tensor w = from_rows({{1, 0, -1}, {0.5, 1, 0}});
  const Tensor b = from_rows({{0, -2, 1}});
  const Var x1 = constant(from_rows({{1, 2}}));
  check_all_close(Dense(w, b, Activation::tanh).forward(x1).value(), {0.9640275800758169, 0, 0},
                  1e-15, 0);
  check_all_close(Dense(w, b, Activation::relu).forward(x1).value(), {2, 0, 0}, 0, 0);
  // softmax([2, 0, 0]) = [e², 1, 1]/(e² + 2)
  check_all_close(Dense(w, b, Activation::softmax).forward(x1).value(),
                  {0.7869860421615985, 0.10650697891920075, 0.10650697891920075}, 1e-15, 0);

  // Every activation through gradcheck: z = [[−2.44, 0.49], [0.62, −0.76]], away from relu's kink.
  const Tensor x = from_rows({{0.3, -1.2, 2.0}, {0.7, 0.1, -0.4}});
  for (Activation act : {Activation::identity, Activation::sigmoid, Activation::tanh,
                         Activation::relu, Activation::softmax}) {
    INFO("activation " << to_string(act));
    Dense layer(from_rows({{0.2, -0.5}, {1.0, 0.3}, {-0.7, 0.6}}), from_rows({{0.1, -0.2}}), act);
    CHECK(layer.describe() == "Dense(3 -> 2, " + to_string(act) + ")");
    const Var xv = parameter(x);
    const GradcheckResult r = gradcheck([&] { return weighted_sum(layer.forward(xv)); },
                                        {xv, layer.weight(), layer.bias()});
    INFO("worst error " << r.worst_error << " at " << r.worst_where);
    CHECK(r.checked == 6 + 6 + 2);
    CHECK(r.passed);
  }
}

TEST_CASE("activation names round-trip and unknown names give nullopt", "[activations]") {
  CHECK(activation_names() ==
        std::vector<std::string>{"identity", "sigmoid", "tanh", "relu", "softmax"});
  for (const std::string& name : activation_names()) {
    const auto act = activation_from_string(name);
    REQUIRE(act.has_value());
    CHECK(to_string(*act) == name);
  }
  CHECK(activation_from_string("relu") == Activation::relu);
  CHECK_FALSE(activation_from_string("ReLU").has_value());
  CHECK_FALSE(activation_from_string("").has_value());
  CHECK_FALSE(activation_from_string("leaky_relu").has_value());
}

// ---------------------------------------------------------------- compute_loss

TEST_CASE("compute_loss dispatches to each loss, and loss names round-trip", "[losses]") {
  const Tensor p = from_rows({{0.3}, {0.8}});  // probabilities (also fine as logits)
  const Tensor t = from_rows({{0}, {1}});
  const Tensor z = from_rows({{1, 2, 3}, {0.5, -1, 0}});
  const Tensor labels = from_rows({{2}, {0}});
  const double want_mse = mse(constant(p), t).item();
  const double want_bce = binary_cross_entropy(constant(p), t).item();
  const double want_logits = bce_with_logits(constant(p), t).item();
  const double want_ce = cross_entropy(constant(z), labels).item();
  // The four differ, so a mixed-up dispatch cannot pass.
  CHECK(want_mse == Approx(0.065).epsilon(1e-14));  // (0.09 + 0.04)/2
  CHECK(want_bce != want_logits);
  CHECK(compute_loss(Loss::mse, constant(p), t).item() == want_mse);
  CHECK(compute_loss(Loss::binary_cross_entropy, constant(p), t).item() == want_bce);
  CHECK(compute_loss(Loss::bce_with_logits, constant(p), t).item() == want_logits);
  CHECK(compute_loss(Loss::cross_entropy, constant(z), labels).item() == want_ce);
  // ...and the gradient flows through it.
  const Var zp = parameter(z);
  compute_loss(Loss::cross_entropy, zp, labels).backward();
  CHECK(close(zp.grad()(0, 2), (0.6652409557748219 - 1) / 2, 1e-14, 0));
  // Shape errors come from the loss itself.
  CHECK_THROWS_AS(compute_loss(Loss::mse, constant(p), zeros(3, 1)), std::invalid_argument);

  CHECK(loss_names() == std::vector<std::string>{"mse", "binary_cross_entropy",
                                                 "bce_with_logits", "cross_entropy"});
  for (const std::string& name : loss_names()) {
    const auto loss = loss_from_string(name);
    REQUIRE(loss.has_value());
    CHECK(to_string(*loss) == name);
  }
  CHECK(loss_from_string("cross_entropy") == Loss::cross_entropy);
  CHECK_FALSE(loss_from_string("bce").has_value());
  CHECK_FALSE(loss_from_string("MSE").has_value());
}

// ---------------------------------------------------------------- initialisers

TEST_CASE("xavier_normal: mean 0 and sd sqrt(2/(in+out)), normal-shaped and seeded", "[init]") {
  const std::size_t in = 400, out = 600;  // 240 000 draws
  const double sigma = std::sqrt(2.0 / (in + out));
  Rng rng(11);
  const Tensor w = xavier_normal(in, out, rng);
  REQUIRE(shape_str(w) == "400x600");
  double total = 0, squares = 0;
  std::size_t within_one_sd = 0;
  for (double v : w) {
    total += v;
    squares += v * v;
    if (std::abs(v) < sigma) ++within_one_sd;
  }
  const double n = static_cast<double>(w.size());
  const double mean = total / n;
  const double sd = std::sqrt(squares / n - mean * mean);
  CHECK(std::abs(mean) < 0.01 * sigma);      // the standard error is 0.002·σ
  CHECK(std::abs(sd / sigma - 1) < 0.02);   // the standard error is 0.0014
  // A normal has 68.3 % within one sd; a uniform of the same sd only 57.7 %.
  CHECK(std::abs(within_one_sd / n - 0.6827) < 0.005);

  Rng a(3), b(3), c(4);
  const Tensor wa = xavier_normal(5, 7, a);
  CHECK((wa == xavier_normal(5, 7, b)));
  CHECK_FALSE((wa == xavier_normal(5, 7, c)));
  Rng r(3);
  CHECK(wa(0, 0) == std::sqrt(2.0 / 12.0) * r.normal());  // the first draw, scaled
}

TEST_CASE("he_uniform: within +-sqrt(6/in), variance 2/in, seeded", "[init]") {
  const std::size_t in = 50, out = 400;  // 20 000 draws
  const double a = std::sqrt(6.0 / in);
  Rng rng(12);
  const Tensor w = he_uniform(in, out, rng);
  double lo = 1, hi = -1, squares = 0;
  for (double v : w) {
    lo = std::min(lo, v);
    hi = std::max(hi, v);
    squares += v * v;
  }
  CHECK(lo >= -a);
  CHECK(hi < a);
  CHECK(lo < -0.99 * a);  // far beyond xavier's bound √(6/450) = 0.33·a
  CHECK(hi > 0.99 * a);
  CHECK(std::abs(squares / static_cast<double>(w.size()) / (2.0 / in) - 1) < 0.03);

  Rng x(8), y(8), z(9);
  const Tensor wx = he_uniform(4, 3, x);
  CHECK((wx == he_uniform(4, 3, y)));
  CHECK_FALSE((wx == he_uniform(4, 3, z)));
  Rng r(8);
  const double a4 = std::sqrt(6.0 / 4.0);
  CHECK(wx(0, 0) == -a4 + 2 * a4 * r.uniform());  // the first draw of U(−a, a), a = √(6/in)
}

TEST_CASE("Dense uses each init, and init names round-trip", "[init][layers]") {
  for (Init init : {Init::xavier_uniform, Init::xavier_normal, Init::he_uniform}) {
    INFO("init " << to_string(init));
    Rng r1(21), r2(21);
    Dense d(6, 4, Activation::relu, r1, init);
    Tensor want;
    switch (init) {
      case Init::xavier_uniform: want = xavier_uniform(6, 4, r2); break;
      case Init::xavier_normal: want = xavier_normal(6, 4, r2); break;
      default: want = he_uniform(6, 4, r2); break;
    }
    CHECK((d.weight().value() == want));
    for (double v : d.bias().value()) CHECK(v == 0.0);
  }

  CHECK(init_names() == std::vector<std::string>{"xavier_uniform", "xavier_normal",
                                                 "he_uniform", "zeros", "constant"});
  for (const std::string& name : init_names()) {
    const auto init = init_from_string(name);
    REQUIRE(init.has_value());
    CHECK(to_string(*init) == name);
  }
  CHECK(init_from_string("he_uniform") == Init::he_uniform);
  CHECK_FALSE(init_from_string("kaiming").has_value());
  CHECK_FALSE(init_from_string("Zeros").has_value());
}
