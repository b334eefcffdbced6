// Sigmoid's tails and the losses: values computed by hand, gradients by finite differences.
// (The PyTorch reference numbers for the same functions are in test_reference.cpp.)
#include <fstream>
#include <string>
#include <vector>

#include "helpers.hpp"

using namespace tinynn;
using tinynn::test::check_all_close;
using tinynn::test::require_gradcheck;

TEST_CASE("sigmoid is symmetric: sigma(x) + sigma(-x) = 1", "[sigmoid]") {
  // (Comparing σ(−x) with 1 − σ(x) instead would test the cancellation in 1 − σ(x), which
  // loses about log10(1/σ(−x)) digits: the very reason the backward uses σ(−x).)
  for (double x : {0.0, 0.25, 1.0, 3.0, 10.0, 30.0}) {
    INFO("x = " << x);
    CHECK(sigmoid(x) + sigmoid(-x) == Approx(1.0).epsilon(1e-15));
    CHECK(sigmoid(-x) <= 0.5);
  }
  CHECK(sigmoid(0.0) == 0.5);
  CHECK(sigmoid(-30.0) == Approx(9.3576229688393e-14).epsilon(1e-14));  // e^-30/(1+e^-30)
}

TEST_CASE("sigmoid's derivative is exact in the tails, where s(1 - s) is 0", "[sigmoid]") {
  // sigma(40) rounds to 1.0 in double, so the textbook s(1 - s) gives exactly 0 ...
  const double s = sigmoid(40.0);
  CHECK(s == 1.0);
  CHECK(s * (1 - s) == 0.0);
  // ... while sigma(x)·sigma(-x) keeps every digit: e^-40/(1 + e^-40)² = 4.248354255291589e-18.
  CHECK(sigmoid_derivative(40.0) == Approx(4.248354255291589e-18).epsilon(1e-15));
  CHECK(sigmoid_derivative(-40.0) == Approx(4.248354255291589e-18).epsilon(1e-15));
  CHECK(sigmoid_derivative(0.0) == 0.25);
  // The op's backward uses the same formula.
  const Var x = parameter(from_rows({{40.0, -40.0, 0.0}}));
  sum(sigmoid(x)).backward();
  check_all_close(x.grad(), {4.248354255291589e-18, 4.248354255291589e-18, 0.25}, 1e-15, 0);
}

TEST_CASE("sigmoid never overflows or returns NaN", "[sigmoid]") {
  for (double x : {-1e308, -1000.0, -710.0, -709.0, 709.0, 710.0, 1000.0, 1e308}) {
    INFO("x = " << x);
    const double y = sigmoid(x);
    CHECK(std::isfinite(y));
    CHECK(y >= 0.0);
    CHECK(y <= 1.0);
    CHECK(std::isfinite(sigmoid_derivative(x)));
  }
  CHECK(sigmoid(1000.0) == 1.0);
  CHECK(sigmoid(-1000.0) == 0.0);
}

TEST_CASE("mse: a value by hand and its gradient", "[losses]") {
  // y = [0.5, 2], t = [1, 0]: ((−0.5)² + 2²)/2 = (0.25 + 4)/2 = 2.125; dL/dy = 2(y − t)/2 = y − t.
  const Var y = parameter(from_rows({{0.5, 2.0}}));
  const Var loss = mse(y, from_rows({{1.0, 0.0}}));
  CHECK(loss.item() == 2.125);
  loss.backward();
  check_all_close(y.grad(), {-0.5, 2.0}, 0, 0);
  const Tensor t = from_rows({{1, 0, 0.5}, {0, 1, 0.25}});
  require_gradcheck([&](const std::vector<Var>& v) { return mse(v[0], t); },
                    {from_rows({{0.3, -1.2, 2.0}, {0.7, 0.1, -0.4}})});
  CHECK_THROWS_WITH(mse(y, zeros(2, 1)),
                    Catch::Matchers::Contains("mse") && Catch::Matchers::Contains("1x2") &&
                        Catch::Matchers::Contains("2x1"));
}

TEST_CASE("binary_cross_entropy: a value by hand, the clamp, and its gradient", "[losses]") {
  // p = [0.8, 0.4], t = [1, 0]: −(ln 0.8 + ln 0.6)/2
  const Var p = parameter(from_rows({{0.8, 0.4}}));
  const Var loss = binary_cross_entropy(p, from_rows({{1.0, 0.0}}));
  CHECK(loss.item() == Approx(-(std::log(0.8) + std::log(0.6)) / 2).epsilon(1e-15));
  loss.backward();
  // dL/dp = (p − t)/(p(1 − p))/M = [−0.2/0.16, 0.4/0.24]/2
  check_all_close(p.grad(), {-0.625, 0.8333333333333334}, 1e-15, 0);

  // A certain and wrong prediction costs exactly 100 per element (ln clamped at −100), not inf.
  CHECK(binary_cross_entropy(constant(from_rows({{0.0, 1.0}})), from_rows({{1.0, 0.0}})).item() ==
        100.0);
  // A certain and right one costs 0, not NaN (0·ln 0 = 0).
  CHECK(binary_cross_entropy(constant(from_rows({{1.0, 0.0}})), from_rows({{1.0, 0.0}})).item() ==
        0.0);

  const Tensor t = from_rows({{1, 0, 0.5}, {0, 1, 1}});
  require_gradcheck([&](const std::vector<Var>& v) { return binary_cross_entropy(v[0], t); },
                    {from_rows({{0.3, 0.6, 0.2}, {0.7, 0.1, 0.95}})});
  CHECK_THROWS_WITH(binary_cross_entropy(constant(from_rows({{1.5}})), from_rows({{1.0}})),
                    Catch::Matchers::Contains("outside [0, 1]"));
}

TEST_CASE("bce_with_logits: a value by hand, stable at huge logits, and its gradient", "[losses]") {
  // z = 0, t = 1: ln 2. z = 2, t = 0: softplus(2) = 2 + ln(1 + e^−2).
  const Var z = parameter(from_rows({{0.0, 2.0}}));
  const Var loss = bce_with_logits(z, from_rows({{1.0, 0.0}}));
  CHECK(loss.item() == Approx((std::log(2.0) + 2 + std::log1p(std::exp(-2.0))) / 2).epsilon(1e-15));
  loss.backward();
  check_all_close(z.grad(), {-0.25, sigmoid(2.0) / 2}, 1e-15, 0);  // (σ(z) − t)/M

  // Huge logits: exact softplus values, no inf, no NaN.
  CHECK(bce_with_logits(constant(from_rows({{1000.0}})), from_rows({{0.0}})).item() == 1000.0);
  CHECK(bce_with_logits(constant(from_rows({{-1000.0}})), from_rows({{0.0}})).item() == 0.0);

  const Tensor t = from_rows({{1, 0, 0.5}, {0, 1, 1}});
  require_gradcheck([&](const std::vector<Var>& v) { return bce_with_logits(v[0], t); },
                    {from_rows({{0.3, -1.2, 2.0}, {4.0, 0.1, -3.5}})});
}

TEST_CASE("a loss over no elements is an error, not 0/0", "[losses]") {
  CHECK_THROWS_AS(mse(constant(zeros(0, 1)), zeros(0, 1)), std::invalid_argument);
  CHECK_THROWS_AS(bce_with_logits(constant(zeros(0, 1)), zeros(0, 1)), std::invalid_argument);
}

TEST_CASE("README's 'one line where sigmoid's gradient is computed' is that line of sigmoid.cpp",
          "[sigmoid][docs]") {
  // README says "line N of [`lib/tinynn/ops/sigmoid.cpp`]" and quotes the line in the code
  // block after it: both must still be true, or a newcomer is sent to the wrong place.
  const auto read_lines = [](const std::string& path) {
    std::ifstream in(tinynn::test::source_path(path));
    REQUIRE(in);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  };
  const std::vector<std::string> readme = read_lines("README.md");
  const std::vector<std::string> source = read_lines("lib/tinynn/ops/sigmoid.cpp");
  std::size_t at = 0, line_no = 0;
  for (; at < readme.size(); ++at) {
    const auto p = readme[at].find("is line ");
    if (readme[at].find("The one line where sigmoid's gradient is computed") != std::string::npos &&
        p != std::string::npos) {
      line_no = std::stoul(readme[at].substr(p + 8));
      break;
    }
  }
  REQUIRE(line_no > 0);
  REQUIRE(line_no <= source.size());
  // The quoted line: the first line after the ```cpp fence below the sentence.
  std::size_t fence = at;
  while (fence < readme.size() && readme[fence] != "```cpp") ++fence;
  REQUIRE(fence + 1 < readme.size());
  const auto trim = [](const std::string& s) {
    const auto b = s.find_first_not_of(' ');
    return b == std::string::npos ? std::string() : s.substr(b);
  };
  CHECK(trim(source[line_no - 1]) == readme[fence + 1]);
  CHECK_THAT(readme[fence + 1], Catch::Matchers::Contains("sigmoid_derivative("));
}
