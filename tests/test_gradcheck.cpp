// The gradient check itself: per parameter on whole networks (gradcheck_model), the kink rule
// (relu at 0, binary_cross_entropy's clamps), the rounding rule, random subsets — and that it
// catches a wrong backward, in the library and in the report `tinynn gradcheck` prints.
#include <cmath>
#include <sstream>

#include <xtensor/xview.hpp>

#include "gradcheck_report.hpp"
#include "helpers.hpp"

using namespace tinynn;
using tinynn::test::source_path;
using tinynn::test::weights_like;
using Catch::Matchers::Contains;

namespace {

// σ(x) with a deliberately wrong backward: dX = dY ⊙ σ(1 + σ) instead of σ(1 − σ).
Var broken_sigmoid(const Var& x) {
  Tensor y = x.value();
  for (double& v : y) v = sigmoid(v);
  Node* in = x.node().get();
  return Var::from_op("broken_sigmoid", y, {x}, [in, y](const Tensor& dy) {
    if (in->requires_grad) in->accumulate_grad(dy * y * (1.0 + y));
  });
}

// The broken op as a layer without parameters.
class BrokenSigmoid : public Module {
 public:
  Var forward(const Var& x) override { return broken_sigmoid(x); }
  std::vector<NamedParameter> named_parameters() const override { return {}; }
  std::string describe() const override { return "BrokenSigmoid"; }
};

// 3 → 4 → (broken σ) → 2: parameters 0.weight, 0.bias (before the broken op: their
// gradients pass through it, so they are wrong) and 2.weight, 2.bias (after it: right).
Sequential broken_network() {
  Sequential net;
  net.emplace<Dense>(from_rows({{0.2, -0.5, 0.8, 0.1}, {1.0, 0.3, -0.4, 0.6}, {-0.7, 0.6, 0.2, -0.3}}),
                     from_rows({{0.1, -0.2, 0.05, 0.3}}), Activation::identity);
  net.emplace<BrokenSigmoid>();
  net.emplace<Dense>(from_rows({{0.5, -0.4}, {-0.3, 0.9}, {0.7, 0.2}, {-0.6, 0.1}}),
                     from_rows({{0.0, 0.2}}), Activation::identity);
  return net;
}

const ParameterCheck& find(const std::vector<ParameterCheck>& checks, const std::string& name) {
  for (const ParameterCheck& c : checks) {
    if (c.name == name) return c;
  }
  FAIL("no parameter " << name);
  return checks.front();
}

}  // namespace

TEST_CASE("gradcheck_model: every parameter of a network, by name, all checked and right",
          "[gradcheck]") {
  Rng rng(3);
  Sequential net;
  net.emplace<Dense>(3, 5, Activation::tanh, rng);
  net.emplace<Dense>(5, 3, Activation::identity, rng);
  const Tensor x = weights_like(6, 3);
  const Tensor labels = from_rows({{0}, {2}, {1}, {1}, {0}, {2}});
  std::vector<Tensor> before;
  for (const Var& p : net.parameters()) before.push_back(p.value());

  const std::vector<ParameterCheck> checks = gradcheck_model(net, Loss::cross_entropy, x, labels);
  REQUIRE(checks.size() == 4);
  const std::vector<std::string> names = {"0.weight", "0.bias", "1.weight", "1.bias"};
  const std::vector<std::size_t> sizes = {15, 5, 15, 3};
  std::size_t unresolved = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const ParameterCheck& c = checks[i];
    INFO(c.name << ": worst " << c.worst_error << ", " << c.unresolved << " unresolved");
    CHECK(c.name == names[i]);
    CHECK(c.sampled == sizes[i]);
    CHECK(c.checked + c.unresolved == sizes[i]);
    CHECK(c.kinks == 0);
    // Every element within the tolerance: the small gradients, judged too when they agree,
    // carry rounding noise up to a few 1e-7 of themselves.
    CHECK(c.worst_error <= 1e-6);
    unresolved += c.unresolved;
    CHECK(c.passed);
    CHECK(c.resolution > 0);
    CHECK(c.resolution < 1e-3);
  }
  // Well-scaled gradients: at most one of 38 (1.weight's smallest, by chance) is too small to
  // resolve; everything else is judged.
  CHECK(unresolved <= 1);
  CHECK(checks[0].rows == 3);
  CHECK(checks[0].cols == 5);
  // Every value restored bit for bit; every gradient cleared.
  const std::vector<Var> params = net.parameters();
  for (std::size_t i = 0; i < params.size(); ++i) {
    CHECK((params[i].value() == before[i]));
    CHECK_FALSE(params[i].has_grad());
  }
}

TEST_CASE("gradcheck_model catches a wrong backward and names the parameters it reaches",
          "[gradcheck]") {
  Sequential net = broken_network();
  // One sample, so that each bias element's gradient is a single product: for 0.bias j,
  // analytic/numeric = σ(1 + σ)/σ(1 − σ) = (1 + σⱼ)/(1 − σⱼ), an error of 2σⱼ/(1 + σⱼ).
  const Tensor x = from_rows({{0.5, -1.0, 2.0}});
  const Tensor labels = from_rows({{1}});
  const std::vector<ParameterCheck> checks = gradcheck_model(net, Loss::cross_entropy, x, labels);
  REQUIRE(checks.size() == 4);
  CHECK(checks[0].name == "0.weight");
  CHECK(checks[2].name == "2.weight");  // Sequential names by position: the broken layer is 1

  const ParameterCheck& bias = find(checks, "0.bias");
  CHECK_FALSE(bias.passed);
  // z = x·W + b for the one sample, and the worst bias element is the one with the largest σ.
  const std::vector<double> z = {0.5 * 0.2 - 1.0 * 1.0 + 2.0 * -0.7 + 0.1,
                                 0.5 * -0.5 - 1.0 * 0.3 + 2.0 * 0.6 - 0.2,
                                 0.5 * 0.8 + 1.0 * 0.4 + 2.0 * 0.2 + 0.05,
                                 0.5 * 0.1 - 1.0 * 0.6 - 2.0 * 0.3 + 0.3};
  double top = 0;
  std::size_t top_j = 0;
  for (std::size_t j = 0; j < 4; ++j) {
    if (sigmoid(z[j]) > top) top = sigmoid(z[j]), top_j = j;
  }
  CHECK(bias.worst_element == top_j);
  CHECK(bias.worst_error == Approx(2 * top / (1 + top)).epsilon(1e-6));
  CHECK(bias.worst_analytic / bias.worst_numeric == Approx((1 + top) / (1 - top)).epsilon(1e-6));

  const ParameterCheck& weight = find(checks, "0.weight");
  CHECK_FALSE(weight.passed);
  CHECK(weight.worst_error > 0.5);
  // After the broken op, the gradients are right.
  for (const std::string name : {"2.weight", "2.bias"}) {
    const ParameterCheck& c = find(checks, name);
    INFO(name);
    CHECK(c.passed);
    CHECK(c.checked == c.sampled);
    CHECK(c.worst_error < 1e-7);
  }
}

namespace {
// σ(x) whose backward silently drops every gradient element smaller than 1e-4 (a plausible
// bug: a threshold meant for something else). Only small gradients are wrong.
Var small_dropping_sigmoid(const Var& x) {
  Tensor y = x.value();
  for (double& v : y) v = sigmoid(v);
  Node* in = x.node().get();
  return Var::from_op("small_dropping_sigmoid", y, {x}, [in, y](const Tensor& dy) {
    if (!in->requires_grad) return;
    Tensor dx = dy * y * (1.0 - y);
    for (double& g : dx) g = std::abs(g) < 1e-4 ? 0.0 : g;
    in->accumulate_grad(dx);
  });
}
class SmallDroppingSigmoid : public Module {
 public:
  Var forward(const Var& x) override { return small_dropping_sigmoid(x); }
  std::vector<NamedParameter> named_parameters() const override { return {}; }
  std::string describe() const override { return "SmallDroppingSigmoid"; }
};
}  // namespace

TEST_CASE("gradcheck_model fails a wrong gradient however small it is", "[gradcheck]") {
  // 2 → 2 → (σ that drops |grad| < 1e-4) → 1 with output weights 0.0005: the first layer's
  // gradients are about 1e-5, below what the tolerance can resolve, and all of them are 0
  // instead. |a − n| = 1e-5 is 10^5 times what rounding can explain: a failure, not
  // "unresolved".
  Sequential net;
  net.emplace<Dense>(from_rows({{0.3, -0.2}, {0.5, 0.4}}), from_rows({{0.1, -0.1}}), Activation::identity);
  net.emplace<SmallDroppingSigmoid>();
  net.emplace<Dense>(from_rows({{0.0005}, {-0.0005}}), from_rows({{0.2}}), Activation::identity);
  const Tensor x = from_rows({{1.0, 0.5}, {-0.3, 0.8}, {0.6, -1.2}});
  const Tensor y = from_rows({{1.0}, {-1.0}, {0.5}});
  const std::vector<ParameterCheck> checks = gradcheck_model(net, Loss::mse, x, y);
  const ParameterCheck& w0 = find(checks, "0.weight");
  INFO("0.weight: worst " << w0.worst_error << ", analytic " << w0.worst_analytic << ", numeric "
                          << w0.worst_numeric << ", " << w0.unresolved << " unresolved");
  CHECK_FALSE(w0.passed);
  CHECK(w0.worst_analytic == 0.0);
  CHECK(std::abs(w0.worst_numeric) > 1e-6);
  CHECK(w0.unresolved == 0);
  CHECK_FALSE(find(checks, "0.bias").passed);
  CHECK(find(checks, "2.weight").passed);  // after the broken op: right
  CHECK(find(checks, "2.bias").passed);
}

TEST_CASE("tinynn gradcheck's report prints the FAIL rows and exits 5 on a wrong backward",
          "[gradcheck][cli]") {
  Sequential net = broken_network();
  const Tensor x = weights_like(4, 3);
  const Tensor labels = from_rows({{1}, {0}, {0}, {1}});
  std::ostringstream out;
  const int status = cli::report_gradcheck(out, net, Loss::cross_entropy, x, labels, {});
  INFO(out.str());
  CHECK(status == 5);
  CHECK(status == cli::kGradcheckFailed);
  std::istringstream lines(out.str());
  int fail_rows = 0, pass_rows = 0;
  for (std::string line; std::getline(lines, line);) {
    const bool fail = line.size() > 4 && line.compare(line.size() - 4, 4, "FAIL") == 0;
    const bool pass = line.size() > 4 && line.compare(line.size() - 4, 4, "PASS") == 0;
    if (line.rfind("0.weight ", 0) == 0 || line.rfind("0.bias ", 0) == 0) {
      CHECK(fail);
      CHECK_THAT(line, Contains(line.rfind("0.weight", 0) == 0 ? "3x4" : "1x4"));
    }
    if (line.rfind("2.weight ", 0) == 0 || line.rfind("2.bias ", 0) == 0) CHECK(pass);
    fail_rows += fail;
    pass_rows += pass;
  }
  CHECK(fail_rows == 2);
  CHECK(pass_rows == 2);
  CHECK_THAT(out.str(), Contains("FAIL: the gradient of 0.weight, 0.bias disagrees with finite "
                                 "differences"));

  SECTION("the same report on a right network passes, exit 0") {
    Rng rng(1);
    Sequential good;
    good.emplace<Dense>(3, 4, Activation::sigmoid, rng);
    good.emplace<Dense>(4, 2, Activation::identity, rng);
    std::ostringstream ok;
    CHECK(cli::report_gradcheck(ok, good, Loss::cross_entropy, x, labels, {}) == 0);
    CHECK_THAT(ok.str(), Contains("PASS: every checked gradient agrees") &&
                             Contains("26 of 26 elements checked, 0 at kinks, 0 unresolved"));
  }
}

TEST_CASE("gradcheck: a relu input exactly at its kink is skipped and counted, not failed",
          "[gradcheck][kinks]") {
  // Sample 0: z = x·W + b = [1·1 + 1·2, 1·(−1) + 1·1, 1·0.5 + 1·(−1) + 0.25] = [3, 0, −0.25]:
  // unit 1 sits exactly on relu's kink. Sample 1 is far from every kink.
  Sequential net;
  net.emplace<Dense>(from_rows({{1, -1, 0.5}, {2, 1, -1}}), from_rows({{0, 0, 0.25}}),
                     Activation::relu);
  net.emplace<Dense>(from_rows({{0.7}, {-1.3}, {0.4}}), from_rows({{0.1}}), Activation::identity);
  const Tensor x = from_rows({{1, 1}, {0.5, -1}});
  const Tensor t = from_rows({{1}, {0}});
  const std::vector<ParameterCheck> checks = gradcheck_model(net, Loss::mse, x, t);

  // Moving W(0,1), W(1,1) or b(0,1) moves that zero across the kink: those three are skipped.
  const ParameterCheck& w = find(checks, "0.weight");
  CHECK(w.kinks == 2);
  CHECK(w.kink_ops.at("relu") == 2);
  CHECK(w.checked == 4);
  const ParameterCheck& b = find(checks, "0.bias");
  CHECK(b.kinks == 1);
  CHECK(b.checked == 2);
  // Downstream parameters do not move it: all checked (1.weight(1, 0) is exactly 0 both ways).
  CHECK(find(checks, "1.weight").kinks == 0);
  CHECK(find(checks, "1.weight").checked == 3);
  CHECK(find(checks, "1.bias").checked == 1);
  for (const ParameterCheck& c : checks) {
    INFO(c.name << ": worst " << c.worst_error);
    CHECK(c.passed);
    CHECK(c.unresolved == 0);
  }

  // Why: there, the central difference sees slope 0 on one side and −1.3·dL/dy on the other,
  // and gives their mean, while relu's backward takes 0 at the kink (PyTorch's convention).
  const Var bias = net.parameters()[1];
  const double h = 1e-6;
  const auto loss_at = [&](double b1) {
    NoGradGuard no_grad;
    bias.mutable_value()(0, 1) = b1;
    return mse(net.forward(constant(x)), t).item();
  };
  const double numeric = (loss_at(h) - loss_at(-h)) / (2 * h);
  loss_at(0.0);
  // dL/dy for sample 0 is 2(y − 1)/2 with y = 0.7·3 + 0.1 = 2.2: 1.2; one side's slope −1.56.
  CHECK(numeric == Approx(-1.3 * 1.2 / 2).epsilon(1e-6));
  const Var loss = mse(net.forward(constant(x)), t);
  loss.backward();
  CHECK(bias.grad()(0, 1) == 0.0);  // the analytic value: an error of 1 if it were judged
}

TEST_CASE("gradcheck: binary_cross_entropy's clamps are kinks", "[gradcheck][kinks]") {
  const Tensor t = from_rows({{1, 0}});
  const auto f = [&](const std::vector<Var>& v) { return binary_cross_entropy(sigmoid(v[0]), t); };
  // The gradient's clamp begins where p(1 − p) = 1e-12, at p = 1e-12 (to 12 digits), that is
  // at the logit z* = ln(1e-12) = −27.63.
  const double z_star = std::log(1e-12);

  SECTION("a perturbation across the clamp is skipped; an element away from it is checked") {
    // h = 1e-6·|z| = 2.8e-5 reaches z* from z* + 1e-5.
    const GradcheckResult r = gradcheck(f, {from_rows({{z_star + 1e-5, 0.3}})});
    INFO(r.worst_where);
    CHECK(r.skipped == 1);
    CHECK(r.checked == 1);
    CHECK(r.passed);
  }
  SECTION("inside the clamp the backward is a convention, not the slope: nothing is judged") {
    // σ(−30) = 9.4e-14: the gradient (p − 1)/1e-12 is not the loss's slope (p − 1)/(p(1 − p)).
    // The rule is conservative: a clamped element makes every element's check unreliable.
    std::vector<std::pair<std::string, Var>> params = {{"z", parameter(from_rows({{-30.0, 0.3}}))}};
    const std::vector<ParameterCheck> checks =
        gradcheck_parameters([&] { return f({params[0].second}); }, params);
    CHECK(checks[0].kinks == 2);
    CHECK(checks[0].kink_ops.at("binary_cross_entropy clamp") == 2);
    CHECK(checks[0].checked == 0);
  }
  SECTION("far from the clamp everything is checked") {
    const GradcheckResult r = gradcheck(f, {from_rows({{-3.0, 0.3}})});
    CHECK(r.skipped == 0);
    CHECK(r.checked == 2);
    CHECK(r.passed);
  }
}

TEST_CASE("gradcheck_model on digits.json: the plain formula fails on right gradients, the "
          "rounding rule does not", "[gradcheck][rounding]") {
  // The 64-32-10 digits network at its initial weights on 100 samples. Its gradients are right
  // (every op is checked on its own), yet rounding in double, divided by 2h, exceeds 1e-6 of
  // its smallest gradients: differencing the rounded total fails.
  const RunSpec run = load_run_file(source_path("apps/configs/digits.json"),
                                    {"data.train=" + source_path("datasets/digits.csv")});
  Rng rng(0);
  const PreparedData data = prepare_data(run, rng);
  Sequential net = build_model(run.model, rng);
  const Tensor x = xt::view(data.train.x, xt::range(0, 100), xt::all());
  const Tensor y = xt::view(data.train.y, xt::range(0, 100), xt::all());
  const Var input = constant(x);
  const GradcheckResult plain =
      gradcheck([&] { return cross_entropy(net.forward(input), y); }, net.parameters());
  CHECK(plain.checked == 2410);
  CHECK_FALSE(plain.passed);
  CHECK(plain.worst_error > 1e-5);

  // Term by term, with the elements that disagree by no more than rounding can explain
  // counted as unresolved: every judged element is inside the tolerance, and few are left out.
  const std::vector<ParameterCheck> checks = gradcheck_model(net, Loss::cross_entropy, x, y);
  std::size_t checked = 0, unresolved = 0;
  for (const ParameterCheck& c : checks) {
    INFO(c.name << ": worst " << c.worst_error);
    CHECK(c.passed);
    CHECK(c.worst_error <= 1e-6);
    CHECK(c.kinks == 0);
    CHECK(c.checked + c.unresolved == c.sampled);
    checked += c.checked;
    unresolved += c.unresolved;
  }
  CHECK(checked + unresolved == 2410);
  CHECK(unresolved < 2410 / 10);
  CHECK(unresolved > 0);
}

TEST_CASE("gradcheck: a seeded random subset of each parameter's elements", "[gradcheck]") {
  Rng rng(5);
  Sequential net;
  net.emplace<Dense>(4, 3, Activation::sigmoid, rng);
  const Tensor x = weights_like(5, 4);
  const Tensor t = weights_like(5, 3, 9);
  GradcheckOptions options;
  options.max_elements = 5;
  options.seed = 11;
  const std::vector<ParameterCheck> a = gradcheck_model(net, Loss::mse, x, t, options);
  const std::vector<ParameterCheck> b = gradcheck_model(net, Loss::mse, x, t, options);
  CHECK(a[0].sampled == 5);  // 5 of the weight's 12
  CHECK(a[1].sampled == 3);  // the bias has only 3
  CHECK(a[0].checked == 5);
  CHECK(a[0].worst_element == b[0].worst_element);
  CHECK(a[0].worst_error == b[0].worst_error);
  options.max_elements = 0;
  CHECK(gradcheck_model(net, Loss::mse, x, t, options)[0].sampled == 12);
}

TEST_CASE("loss_terms: the terms of each loss sum to it", "[gradcheck][losses]") {
  const Tensor out = from_rows({{0.2, 0.7}, {0.9, 0.4}, {0.5, 0.1}});
  const Tensor t = from_rows({{0, 1}, {1, 0}, {1, 1}});
  for (Loss loss : {Loss::mse, Loss::binary_cross_entropy, Loss::bce_with_logits}) {
    INFO(to_string(loss));
    const Tensor terms = loss_terms(loss, out, t);
    CHECK(terms.shape(0) == 3);
    CHECK(terms.shape(1) == 2);
    double total = 0;
    for (double v : terms) total += v;
    CHECK(total == Approx(compute_loss(loss, constant(out), t).item()).epsilon(1e-15));
  }
  const Tensor labels = from_rows({{1}, {0}, {0}});
  const Tensor terms = loss_terms(Loss::cross_entropy, out, labels);
  REQUIRE(terms.shape(1) == 1);
  // Row 0: ln(e^0.2 + e^0.7) − 0.7, over N = 3.
  CHECK(terms(0, 0) == Approx((std::log(std::exp(0.2) + std::exp(0.7)) - 0.7) / 3).epsilon(1e-15));
  CHECK(terms(0, 0) + terms(1, 0) + terms(2, 0) ==
        Approx(cross_entropy(constant(out), labels).item()).epsilon(1e-15));
}
