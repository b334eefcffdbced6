// The backward trace (BackwardTrace), the op formulas it prints, the DOT export, and the
// commands built on them: tinynn explain (the ledger) and tinynn graph. The numbers are
// reference case N02 (a 2-3-1 sigmoid net on XOR, MSE, computed with PyTorch in float64; its
// weights are in tests/data/explain/n02.model.json), checked at the reference's tolerances.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "cli_helpers.hpp"
#include "helpers.hpp"

using Catch::Matchers::Contains;
using namespace tinynn;
using test::check_all_close;
using test::lines_of;
using test::quote;
using test::read_text;
using test::run_shell;
using test::source_path;
using test::TempDir;
using test::tinynn_cli;

namespace {

// ---- N02, in tinynn's layout (W in×out: the reference's [out][in] transposed) ----------
const Tensor kX = from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}});
const Tensor kT = from_rows({{0}, {1}, {1}, {0}});
const std::vector<double> kW1 = {0.15, 0.35, -0.55, -0.25, 0.45, 0.65};  // 2x3
const std::vector<double> kB1 = {0.1, -0.2, 0.3};
const std::vector<double> kW2 = {0.4, -0.6, 0.8};  // 3x1
const std::vector<double> kB2 = {-0.05};
const std::vector<double> kZ1 = {0.1, -0.2, 0.3, -0.15, 0.25, 0.95, 0.25, 0.14999999999999997,
                                 -0.25000000000000006, 0.0, 0.6000000000000001, 0.39999999999999997};
const std::vector<double> kH1 = {0.52497918747894, 0.45016600268752216, 0.574442516811659,
                                 0.46257015465625045, 0.5621765008857981, 0.7211151780228631,
                                 0.5621765008857981, 0.5374298453437496, 0.4378234991142018,
                                 0.5, 0.6456563062257954, 0.598687660112452};
const std::vector<double> kY = {0.5864832499746635, 0.5925734845762914, 0.5504951475522097,
                                0.5600971501496995};
const double kLoss = 0.2564305994877685;
const std::vector<double> kDW1 = {0.001424567221871914,  -0.0011762573499022357,
                                  0.0023115221434431964, 0.002009379662872811,
                                  -0.0022084668262852877, 0.005349725952705017};  // 2x3
const std::vector<double> kDB1 = {0.0036278419191981973, -0.004474564086686488, 0.008306862601804127};
const std::vector<double> kDW2 = {0.0178195371093945, 0.01902681894953773, 0.022346746834010778};
const std::vector<double> kDB2 = {0.035320286019071584};
// The reference's tolerances: forward values 1e-15 relative (z1 also 1e-16 absolute, for its
// exact 0), gradients 1e-13 relative with 1e-17 absolute (far below every gradient here, so a
// wrong zero fails).
constexpr double kFwdRel = 1e-15, kGradRel = 1e-13, kGradAbs = 1e-17;

const std::string kRun = "tests/data/explain/xor_231.json";
const std::string kWeights = "tests/data/explain/n02.model.json";

struct N02Net {
  Sequential net;
  Var x = constant(kX);
  N02Net() {
    net.emplace<Dense>(from_rows({{0.15, 0.35, -0.55}, {-0.25, 0.45, 0.65}}),
                       from_rows({{0.1, -0.2, 0.3}}), Activation::sigmoid);
    net.emplace<Dense>(from_rows({{0.4}, {-0.6}, {0.8}}), from_rows({{-0.05}}), Activation::sigmoid);
    for (const auto& [name, p] : net.named_parameters()) p.set_name(name);
  }
  Var loss() { return mse(net.forward(x), kT); }
  Var param(const std::string& name) const {
    for (const auto& [n, p] : net.named_parameters()) {
      if (n == name) return p;
    }
    FAIL("no parameter " << name);
    return {};
  }
};

// The node of `order` whose op (or, for a leaf, name) is `what`, the k-th such (from 0).
const Node* find_node(const std::vector<Node*>& order, const std::string& what, int k = 0) {
  for (const Node* n : order) {
    if ((n->is_leaf() ? n->name : n->op) == what && k-- == 0) return n;
  }
  FAIL("no node " << what);
  return nullptr;
}

// ---- Reading the printed ledger back -----------------------------------------------------

std::u32string utf32(const std::string& s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : c & (0x3F >> (n - 1));
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out += cp;
    i += n;
  }
  return out;
}

std::vector<double> numbers_in(const std::u32string& text) {
  std::string ascii;
  for (char32_t c : text) ascii += c < 0x80 ? static_cast<char>(c) : ' ';
  std::vector<double> out;
  std::istringstream in(ascii);
  for (std::string token; in >> token;) {
    std::size_t used = 0;
    out.push_back(std::stod(token, &used));
    REQUIRE(used == token.size());
  }
  return out;
}

/// The ledger's blocks, by node number: the lines from "[k] ..." up to the next node.
std::map<int, std::vector<std::u32string>> ledger_blocks(const std::string& text) {
  std::map<int, std::vector<std::u32string>> blocks;
  int current = -1;
  for (const std::string& line : lines_of(text)) {
    int k = 0;
    if (std::sscanf(line.c_str(), "[%d] ", &k) == 1) current = k;
    if (current >= 0) blocks[current].push_back(utf32(line));
  }
  return blocks;
}

/// The numbers the ledger prints under or after `label` in node k's block, row-major: a pane
/// (the label over one line per row, in the label's columns) or a one-line item ("label 0.5",
/// "label [a b c]", a column "label [a b c]ᵀ").
std::vector<double> ledger_numbers(const std::map<int, std::vector<std::u32string>>& blocks, int k,
                                   const std::string& label) {
  INFO("node [" << k << "], item '" << label << "'");
  REQUIRE(blocks.count(k) == 1);
  const std::vector<std::u32string>& lines = blocks.at(k);
  const std::u32string want = utf32(label);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::size_t at = lines[i].find(want);
    if (at == std::u32string::npos) continue;
    std::u32string rest = lines[i].substr(at + want.size());
    if (!rest.empty() && rest[0] == U' ' && rest.size() > 1 && rest[1] != U' ') {  // one line
      rest = rest.substr(1);
      const std::size_t end = rest.find(U']');
      if (rest[0] == U'[') return numbers_in(rest.substr(1, end - 1));
      return numbers_in(rest.substr(0, rest.find(U"   ")));
    }
    // A pane: its columns run from the label to the next label on the title line.
    const std::size_t next = lines[i].find_first_not_of(U' ', at + want.size());
    const std::size_t width = next == std::u32string::npos ? std::u32string::npos : next - at;
    std::vector<double> out;
    for (std::size_t r = i + 1; r < lines.size(); ++r) {
      const std::u32string cell = at < lines[r].size() ? lines[r].substr(at, width) : U"";
      // The pane ends at a blank cell or at text that is no number (the next label).
      if (cell.find_first_not_of(U' ') == std::u32string::npos ||
          cell.find_first_not_of(U" -+.0123456789e") != std::u32string::npos) {
        break;
      }
      const std::vector<double> row = numbers_in(cell);
      out.insert(out.end(), row.begin(), row.end());
    }
    return out;
  }
  FAIL("no item '" << label << "' in node [" << k << "]");
  return {};
}

void check_numbers(const std::vector<double>& got, const std::vector<double>& expected, double rel,
                   double abs) {
  Tensor t = zeros(1, got.size());
  std::copy(got.begin(), got.end(), t.begin());
  check_all_close(t, expected, rel, abs);
}

std::size_t columns(const std::string& line) { return utf32(line).size(); }

/// Every line of `lines` fits an 80-column terminal.
void check_fits_80_columns(const std::vector<std::string>& lines) {
  for (const std::string& line : lines) {
    INFO(line);
    CHECK(columns(line) <= 80);
  }
}

bool dot_installed() { return run_shell("command -v dot").status == 0; }

// Fails (never skips) when Graphviz is missing: the test suite needs it.
void require_dot() {
  if (!dot_installed()) {
    FAIL("Graphviz's dot is not on PATH, and this test needs it: run scripts/setup.sh --test");
  }
}

// The numbers in the DOT label of node `id` ("n7") after the line `label` ("value").
std::vector<double> dot_numbers(const std::string& dot, const std::string& id, const std::string& label) {
  const std::size_t at = dot.find("  " + id + " [label=\"");
  REQUIRE(at != std::string::npos);
  const std::size_t end = dot.find("\", ", at);
  std::string text = dot.substr(at, end - at);
  std::vector<std::string> lines;
  for (std::size_t p = 0; (p = text.find("\\l")) != std::string::npos; text = text.substr(p + 2)) {
    lines.push_back(text.substr(0, p));
  }
  std::vector<double> out;
  const auto pos = std::find(lines.begin(), lines.end(), label);
  REQUIRE(pos != lines.end());
  for (auto it = pos + 1; it != lines.end(); ++it) {
    if (it->find_first_not_of(" -.0123456789e+") != std::string::npos) break;
    const std::vector<double> row = numbers_in(utf32(*it));
    out.insert(out.end(), row.begin(), row.end());
  }
  return out;
}

std::size_t count_matches(const std::string& text, const std::regex& re) {
  return static_cast<std::size_t>(std::distance(std::sregex_iterator(text.begin(), text.end(), re),
                                                std::sregex_iterator()));
}

}  // namespace

// ---- The trace, at the library level --------------------------------------------------------

TEST_CASE("BackwardTrace records N02's chain rule: upstream, local derivative, what is passed",
          "[explain][trace]") {
  N02Net n02;
  const Var loss = n02.loss();
  BackwardTrace trace;
  REQUIRE(BackwardTrace::recording());
  loss.backward();
  const std::vector<Node*> order = topological_order(loss);
  REQUIRE(order.size() == 12);
  // One step per op node (2 matmul, 2 add_row, 2 sigmoid, mse), in the sweep's order: the
  // loss first.
  REQUIRE(trace.steps().size() == 7);
  CHECK(trace.steps().front().node == loss.node().get());

  const Node* z1 = find_node(order, "add_row", 0);
  const Node* h1 = find_node(order, "sigmoid", 0);
  const Node* y = find_node(order, "sigmoid", 1);
  const Node* w1 = n02.param("0.weight").node().get();
  const Node* b1 = n02.param("0.bias").node().get();
  const Node* w2 = n02.param("1.weight").node().get();
  const Node* b2 = n02.param("1.bias").node().get();
  check_all_close(z1->value, kZ1, kFwdRel, 1e-16);
  check_all_close(h1->value, kH1, kFwdRel, 0.0);
  check_all_close(y->value, kY, kFwdRel, 0.0);
  CHECK(test::close(loss.item(), kLoss, kFwdRel, 0.0));

  // The loss: upstream dL/dL = 1, local dL/dy = 2(y − t)/4, passed the same to y.
  const BackwardTrace::Step& l = *trace.step_of(loss.node().get());
  check_all_close(l.upstream, {1.0}, 0.0, 0.0);
  REQUIRE(l.locals.size() == 1);
  CHECK(std::string(l.locals[0].formula) == "2(y − t)/M");
  std::vector<double> dy;
  for (std::size_t i = 0; i < 4; ++i) dy.push_back(2 * (kY[i] - kT(i, 0)) / 4);
  check_all_close(l.locals[0].value, dy, 1e-14, 0.0);
  REQUIRE(l.passed.size() == 1);
  CHECK(l.passed[0].first == y);
  check_all_close(l.passed[0].second, dy, 1e-14, 0.0);

  // Each sigmoid: local σ′(z) = σ(z)σ(−z) = h(1 − h), and passed = upstream ⊙ local.
  for (const Node* s : {h1, y}) {
    const BackwardTrace::Step& step = *trace.step_of(s);
    REQUIRE(step.locals.size() == 1);
    CHECK(std::string(step.locals[0].formula) == "σ′(X) = σ(X)·σ(−X)");
    std::vector<double> h_1mh, product;
    for (std::size_t i = 0; i < s->value.size(); ++i) {
      const double h = s->value.data()[i];
      h_1mh.push_back(h * (1 - h));
      product.push_back(step.upstream.data()[i] * step.locals[0].value.data()[i]);
    }
    check_all_close(step.locals[0].value, h_1mh, 1e-14, 0.0);
    REQUIRE(step.passed.size() == 1);
    CHECK(step.passed[0].first == s->parents[0].get());
    check_all_close(step.passed[0].second, product, 0.0, 0.0);  // exactly what backward does
  }

  // What reached each parameter, and from which node: the N02 gradients.
  const auto passed_to = [&](const Node* target) {
    for (const BackwardTrace::Step& s : trace.steps()) {
      for (const auto& [t, g] : s.passed) {
        if (t == target) return std::make_pair(s.node, g);
      }
    }
    FAIL("nothing was passed to " << target->name);
    return std::make_pair(static_cast<const Node*>(nullptr), Tensor());
  };
  CHECK(passed_to(w1).first->op == "matmul");
  CHECK(passed_to(b1).first->op == "add_row");
  check_all_close(passed_to(w1).second, kDW1, kGradRel, kGradAbs);
  check_all_close(passed_to(b1).second, kDB1, kGradRel, kGradAbs);
  check_all_close(passed_to(w2).second, kDW2, kGradRel, kGradAbs);
  check_all_close(passed_to(b2).second, kDB2, kGradRel, kGradAbs);
  // The constant input X takes no gradient: nothing is passed to it, and it has no step.
  CHECK(trace.step_of(order.front()) == nullptr);
  for (const BackwardTrace::Step& s : trace.steps()) {
    for (const auto& [t, g] : s.passed) CHECK(t != order.front());
  }
  // matmul has no elementwise local derivative: its rule is the two products.
  const Node* mm = find_node(order, "matmul", 0);
  CHECK(trace.step_of(mm)->locals.empty());
  CHECK(std::string(mm->math->rule(0)) == "dA = dZ·Bᵀ");
  CHECK(std::string(mm->math->rule(1)) == "dB = Aᵀ·dZ");
}

TEST_CASE("BackwardTrace changes no number, records nothing when absent, and is one per thread",
          "[explain][trace]") {
  N02Net plain, traced;
  const Var l1 = plain.loss();
  l1.backward();
  const Var l2 = traced.loss();
  {
    BackwardTrace trace;
    CHECK_THROWS_AS(BackwardTrace(), std::logic_error);
    l2.backward();
    CHECK(trace.steps().size() == 7);
  }
  CHECK_FALSE(BackwardTrace::recording());
  for (const std::string name : {"0.weight", "0.bias", "1.weight", "1.bias"}) {
    INFO(name);
    CHECK((plain.param(name).grad() == traced.param(name).grad()));  // bit for bit
  }
  // A second backward with a new trace records afresh (no steps left from the first).
  BackwardTrace again;
  l2.backward();
  CHECK(again.steps().size() == 7);
  // Recording outside a backward's step is ignored.
  BackwardTrace::record_local(0, "x", zeros(1, 1));
  CHECK(again.steps().size() == 7);
}

TEST_CASE("every op states its math, and the trace holds its local derivative and passed gradient",
          "[explain][trace]") {
  // Inputs away from kinks and with positive values (log).
  const Tensor a = from_rows({{0.5, 1.5}, {2.0, 0.25}});
  const Tensor b = from_rows({{1.25, 0.75}, {0.5, 3.0}});
  struct Case {
    std::string op;
    std::function<Var(const Var&, const Var&)> f;
    std::size_t inputs;
    // The expected local derivative for input i at element e (NaN: the op records none).
    std::function<double(std::size_t, std::size_t)> local;
  };
  const double none = std::nan("");
  const auto av = [&](std::size_t e) { return a.data()[e]; };
  const auto bv = [&](std::size_t e) { return b.data()[e]; };
  const std::vector<Case> cases = {
      {"matmul", [](const Var& x, const Var& y) { return matmul(x, y); }, 2, [&](auto, auto) { return none; }},
      {"add", [](const Var& x, const Var& y) { return add(x, y); }, 2, [](auto, auto) { return 1.0; }},
      {"sub", [](const Var& x, const Var& y) { return sub(x, y); }, 2,
       [](std::size_t i, auto) { return i == 0 ? 1.0 : -1.0; }},
      {"mul", [](const Var& x, const Var& y) { return mul(x, y); }, 2,
       [&](std::size_t i, std::size_t e) { return i == 0 ? bv(e) : av(e); }},
      {"scale", [](const Var& x, const Var&) { return scale(x, -2.5); }, 1, [](auto, auto) { return -2.5; }},
      {"log", [](const Var& x, const Var&) { return log(x); }, 1, [&](auto, std::size_t e) { return 1 / av(e); }},
      {"add_row", [](const Var& x, const Var& y) { return add_row(x, y); }, 2, [&](auto, auto) { return none; }},
      {"sum", [](const Var& x, const Var&) { return sum(x); }, 1, [](auto, auto) { return 1.0; }},
      {"mean", [](const Var& x, const Var&) { return mean(x); }, 1, [](auto, auto) { return 0.25; }},
      {"sigmoid", [](const Var& x, const Var&) { return sigmoid(x); }, 1,
       [&](auto, std::size_t e) { return sigmoid_derivative(av(e)); }},
      {"tanh", [](const Var& x, const Var&) { return tinynn::tanh(x); }, 1,
       [&](auto, std::size_t e) { return 1 - std::tanh(av(e)) * std::tanh(av(e)); }},
      {"relu", [](const Var& x, const Var&) { return relu(x - constant(filled(2, 2, 1.0))); }, 1,
       [&](auto, std::size_t e) { return av(e) > 1.0 ? 1.0 : 0.0; }},
      {"softmax", [](const Var& x, const Var&) { return softmax(x); }, 1, [&](auto, auto) { return none; }},
      {"mse", [&](const Var& x, const Var&) { return mse(x, b); }, 1,
       [&](auto, std::size_t e) { return 2 * (av(e) - bv(e)) / 4; }},
      {"bce_with_logits", [&](const Var& x, const Var&) { return bce_with_logits(x, from_rows({{0, 1}, {1, 0}})); },
       1, [&](auto, std::size_t e) { return (sigmoid(av(e)) - (e == 1 || e == 2 ? 1.0 : 0.0)) / 4; }},
      {"binary_cross_entropy",
       [&](const Var& x, const Var&) { return binary_cross_entropy(scale(x, 0.25), from_rows({{0, 1}, {1, 0}})); },
       1, [&](auto, std::size_t e) {
         const double p = 0.25 * av(e), t = e == 1 || e == 2 ? 1.0 : 0.0;
         return (p - t) / (p * (1 - p)) / 4;
       }},
      {"cross_entropy", [&](const Var& x, const Var&) { return cross_entropy(x, from_rows({{1}, {0}})); }, 1,
       [&](auto, std::size_t e) {  // (softmax(z) − onehot(label))/N, labels 1 and 0, N = 2
         const std::size_t i = e / 2, j = e % 2;
         const double p = std::exp(a(i, j)) / (std::exp(a(i, 0)) + std::exp(a(i, 1)));
         return (p - (j == (i == 0 ? 1u : 0u) ? 1.0 : 0.0)) / 2;
       }},
  };
  for (const Case& c : cases) {
    INFO("op " << c.op);
    const Var x = parameter(a), y = parameter(c.op == "add_row" ? from_rows({{0.5, -1}}) : b);
    Var out = c.f(x, y);
    // The op under test is the last node whose op is c.op (relu and bce have a helper op before).
    const std::vector<Node*> order = topological_order(out);
    const Node* node = nullptr;
    for (const Node* n : order) {
      if (n->op == c.op) node = n;
    }
    REQUIRE(node != nullptr);
    CHECK(std::string(node->math->forward).find(" = ") != std::string::npos);
    for (std::size_t i = 0; i < c.inputs; ++i) CHECK(std::string(node->math->rule(i)).rfind("d", 0) == 0);
    const Var loss = out.rows() == 1 && out.cols() == 1 ? out : sum(mul(out, constant(test::weights_like(out.rows(), out.cols()))));
    BackwardTrace trace;
    loss.backward();
    const BackwardTrace::Step* step = trace.step_of(node);
    REQUIRE(step != nullptr);
    // What it passed to each input is exactly what that input received (no other consumer).
    REQUIRE(step->passed.size() == node->parents.size());
    for (const auto& [target, g] : step->passed) {
      if (target == x.node().get() || target == y.node().get()) CHECK((g == target->grad));
    }
    if (std::isnan(c.local(0, 0))) {
      CHECK(step->locals.empty());
      continue;
    }
    REQUIRE(step->locals.size() == c.inputs);
    for (const BackwardTrace::Local& l : step->locals) {
      INFO("input " << l.input << ", " << l.formula);
      REQUIRE(l.value.shape() == node->parents[l.input]->value.shape());
      std::vector<double> expected;
      for (std::size_t e = 0; e < l.value.size(); ++e) expected.push_back(c.local(l.input, e));
      check_all_close(l.value, expected, 1e-14, 0.0);
      // Elementwise ops: what is passed is upstream ⊙ local (for the losses, upstream is 1).
      const Tensor& up = step->upstream;
      const Tensor& passed = step->passed[l.input].second;
      for (std::size_t e = 0; e < passed.size(); ++e) {
        const double u = up.size() == 1 ? up(0, 0) : up.data()[e];
        CHECK(test::close(passed.data()[e], u * l.value.data()[e], 1e-15, 1e-300));
      }
    }
  }
}

// ---- DOT, at the library level -----------------------------------------------------------

TEST_CASE("to_dot: N02's graph has 12 nodes and 11 edges, styled by kind, with N02's numbers",
          "[explain][graph]") {
  N02Net n02;
  const Var loss = n02.loss();
  loss.backward();
  DotOptions o;
  o.digits = 17;
  const std::string dot = to_dot(loss, o);
  CHECK(dot.rfind("digraph tinynn {\n", 0) == 0);
  CHECK(count_matches(dot, std::regex(R"(\n  n\d+ \[label=")")) == 12);
  CHECK(count_matches(dot, std::regex(R"(\n  n\d+ -> n\d+;)")) == 11);
  // Edges go from an input to its op: X and 0.weight into the first matmul ([3]), ...
  for (const char* edge : {"n1 -> n3;", "n2 -> n3;", "n3 -> n5;", "n4 -> n5;", "n5 -> n6;", "n6 -> n8;",
                           "n7 -> n8;", "n8 -> n10;", "n9 -> n10;", "n10 -> n11;", "n11 -> n12;"}) {
    CHECK_THAT(dot, Contains(edge));
  }
  CHECK(count_matches(dot, std::regex("fillcolor=\"#cfe2ff\"")) == 4);  // the parameters
  CHECK(count_matches(dot, std::regex("fillcolor=\"#e9ecef\"")) == 1);  // the input X
  CHECK(count_matches(dot, std::regex("style=rounded")) == 7);           // the ops
  CHECK(count_matches(dot, std::regex("peripheries=2")) == 1);           // the loss
  CHECK_THAT(dot, Contains("[2] parameter  0.weight  2x3"));
  CHECK_THAT(dot, Contains("[3] matmul  4x3\\lZ = A·B\\ldA = dZ·Bᵀ\\ldB = Aᵀ·dZ"));
  check_numbers(dot_numbers(dot, "n5", "value"), kZ1, kFwdRel, 1e-16);
  check_numbers(dot_numbers(dot, "n6", "value"), kH1, kFwdRel, 0.0);
  check_numbers(dot_numbers(dot, "n11", "value"), kY, kFwdRel, 0.0);
  check_numbers(dot_numbers(dot, "n12", "value"), {kLoss}, kFwdRel, 0.0);
  check_numbers(dot_numbers(dot, "n2", "grad dL/d(value)"), kDW1, kGradRel, kGradAbs);
  check_numbers(dot_numbers(dot, "n4", "grad dL/d(value)"), kDB1, kGradRel, kGradAbs);
  check_numbers(dot_numbers(dot, "n7", "grad dL/d(value)"), kDW2, kGradRel, kGradAbs);
  check_numbers(dot_numbers(dot, "n9", "grad dL/d(value)"), kDB2, kGradRel, kGradAbs);

  // Large tensors show their norm instead of their numbers.
  DotOptions small;
  small.max_elements = 3;
  const std::string brief = to_dot(loss, small);
  CHECK_THAT(brief, Contains("value ‖·‖ = "));
  CHECK_THAT(brief, Contains("[12] mse  1x1"));
}

TEST_CASE("to_dot escapes every label, and Graphviz's dot accepts the result", "[explain][graph]") {
  CHECK(dot_quoted("a \"b\" \\ c\nd") == "\"a \\\"b\\\" \\\\ c\\ld\\l\"");
  CHECK(dot_quoted("") == "\"\\l\"");
  const Var w = parameter(from_rows({{1, 2}}), "w \"quoted\" \\ {odd} <name>\nsecond line");
  const Var loss = sum(mul(w, w));
  loss.backward();
  const std::string dot = to_dot(loss);
  CHECK_THAT(dot, Contains("w \\\"quoted\\\" \\\\ {odd} <name>\\lsecond line"));

  require_dot();
  const TempDir dir;
  for (const auto& [name, text] : {std::make_pair("odd.dot", dot), std::make_pair("n02.dot", [] {
                                     N02Net n02;
                                     const Var l = n02.loss();
                                     l.backward();
                                     return to_dot(l);
                                   }())}) {
    INFO(name);
    const std::string in = dir.write(name, text);
    const test::Result r = run_shell("dot -Tsvg " + quote(in) + " -o " + quote(in + ".svg"));
    INFO(r.err);
    CHECK(r.status == 0);
    CHECK(r.err.empty());
    CHECK_THAT(read_text(in + ".svg"), Contains("<svg"));
  }
}

// ---- tinynn explain -----------------------------------------------------------------------

TEST_CASE("tinynn explain with N02's weights prints N02's numbers, node by node", "[explain][cli]") {
  const test::Result r = tinynn_cli("explain " + kRun + " --weights " + kWeights + " --digits 17");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const auto blocks = ledger_blocks(r.out);
  REQUIRE(blocks.size() == 12);
  // The graph of a 2-layer dense net, in topological order, with the parameters' names.
  const std::vector<std::string> titles = {
      "[1] X  4x2  input",  "[2] 0.weight  2x3  parameter", "[3] matmul  4x3  Z = A·B; A = [1], B = [2]",
      "[4] 0.bias  1x3  parameter", "[5] add_row  4x3", "[6] sigmoid  4x3  Y = σ(X); X = [5]",
      "[7] 1.weight  3x1  parameter", "[8] matmul  4x1", "[9] 1.bias  1x1  parameter",
      "[10] add_row  4x1", "[11] sigmoid  4x1", "[12] mse  1x1"};
  for (std::size_t k = 0; k < titles.size(); ++k) {
    const std::vector<std::string> lines = lines_of(r.out);
    CHECK(std::count_if(lines.begin(), lines.end(),
                        [&](const std::string& l) { return l.rfind(titles[k], 0) == 0; }) == 1);
  }
  CHECK_THAT(r.out, Contains("loss: mse = "));
  check_numbers(ledger_numbers(blocks, 5, "value"), kZ1, kFwdRel, 1e-16);    // z1
  check_numbers(ledger_numbers(blocks, 6, "value"), kH1, kFwdRel, 0.0);      // h1
  check_numbers(ledger_numbers(blocks, 11, "value"), kY, kFwdRel, 0.0);      // y
  check_numbers(ledger_numbers(blocks, 12, "value"), {kLoss}, kFwdRel, 0.0); // the loss
  check_numbers(ledger_numbers(blocks, 2, "grad"), kDW1, kGradRel, kGradAbs);
  check_numbers(ledger_numbers(blocks, 4, "grad"), kDB1, kGradRel, kGradAbs);
  check_numbers(ledger_numbers(blocks, 7, "grad"), kDW2, kGradRel, kGradAbs);
  check_numbers(ledger_numbers(blocks, 9, "grad"), kDB2, kGradRel, kGradAbs);
  // The chain rule at the output: dL/dy = 2(y − t)/4, times σ′ = y(1 − y), is dL/dz2.
  std::vector<double> dy, local, dz2;
  for (std::size_t i = 0; i < 4; ++i) {
    dy.push_back(2 * (kY[i] - kT(i, 0)) / 4);
    local.push_back(kY[i] * (1 - kY[i]));
    dz2.push_back(dy.back() * local.back());
  }
  check_numbers(ledger_numbers(blocks, 12, "∂L/∂y = 2(y − t)/M"), dy, 1e-14, 0.0);
  check_numbers(ledger_numbers(blocks, 11, "grad dY"), dy, 1e-14, 0.0);
  check_numbers(ledger_numbers(blocks, 11, "∂Y/∂X = σ′(X) = σ(X)·σ(−X)"), local, 1e-14, 0.0);
  check_numbers(ledger_numbers(blocks, 10, "grad dY"), dz2, 1e-13, 0.0);
  check_numbers(ledger_numbers(blocks, 12, "grad dL"), {1.0}, 0.0, 0.0);
  // Who passes what back to whom, by the op's own rule.
  CHECK_THAT(r.out, Contains("  → [2] dB = Aᵀ·dZ\n"));
  CHECK_THAT(r.out, Contains("  → [3] dX = dY   → [4] db = Σ over the rows of dY\n"));
  CHECK_THAT(r.out, Contains("  → [5] dX = dY ⊙ σ′(X)\n"));
  CHECK_THAT(r.out, Contains("  → [6] dA = dZ·Bᵀ   → [7] dB = Aᵀ·dZ\n"));
  CHECK_THAT(r.out, Contains("  → [11] dy = dL · 2(y − t)/M\n"));
}

TEST_CASE("tinynn explain fits the XOR networks 2-2-1 to 2-4-1 in 80 columns and one screen",
          "[explain][cli]") {
  for (const int hidden : {2, 3, 4}) {
    INFO("2-" << hidden << "-1");
    const test::Result r = tinynn_cli("explain apps/configs/xor.json --set model.layers.0.units=" +
                                      std::to_string(hidden));
    INFO(r.err);
    REQUIRE(r.status == 0);
    const std::vector<std::string> lines = lines_of(r.out);
    check_fits_80_columns(lines);
    CHECK(lines.size() <= 72);
    CHECK(ledger_blocks(r.out).size() == 12);
    CHECK_THAT(r.out, Contains("weights: initial, seed 0"));
    CHECK_THAT(r.out, Contains("batch: all 4 training samples, in order"));
    // Full matrices, not the summary table.
    CHECK_THAT(r.out, !Contains("‖value‖"));
    CHECK(ledger_numbers(ledger_blocks(r.out), 1, "value") == std::vector<double>{0, 0, 0, 1, 1, 0, 1, 1});
  }
}

TEST_CASE("tinynn explain summarises a large network by shapes and norms", "[explain][cli]") {
  const test::Result r = tinynn_cli("explain apps/configs/digits.json");
  INFO(r.err);
  REQUIRE(r.status == 0);
  const std::vector<std::string> lines = lines_of(r.out);
  check_fits_80_columns(lines);
  CHECK_THAT(r.out, Contains("batch: the first batch: training samples 0 to 31 of 1438"));
  CHECK_THAT(r.out, Contains("node                      shape  ‖value‖"));
  const std::regex row(R"(\n\[(\d+)\] \S+.*)");
  CHECK(count_matches(r.out, row) == 11);
  CHECK(std::regex_search(r.out, std::regex(R"(\n\[2\] 0\.weight \(parameter\) +64x32 +[0-9.]+ +[0-9.]+\n)")));
  CHECK(std::regex_search(r.out, std::regex(R"(\n\[6\] sigmoid +32x32 +[0-9.]+ +[0-9.]+ +[0-9.e-]+ … 0\.25 +\[5\]\n)")));
  CHECK(std::regex_search(r.out, std::regex(R"(\n\[11\] cross_entropy +1x1 +[0-9.]+ +1 .*\[10\]\n)")));
  // --full prints the matrices anyway.
  const test::Result full = tinynn_cli("explain apps/configs/iris.json --sample 0 --full");
  REQUIRE(full.status == 0);
  CHECK(ledger_blocks(full.out).size() == 11);
  CHECK(ledger_numbers(ledger_blocks(full.out), 2, "value").size() == 32);  // 0.weight, 4x8
}

TEST_CASE("tinynn explain --sample feeds one training sample", "[explain][cli]") {
  const test::Result r = tinynn_cli("explain " + kRun + " --weights " + kWeights + " --sample 2 --digits 17");
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("batch: training sample 2 of 4 (--sample)"));
  const auto blocks = ledger_blocks(r.out);
  CHECK(ledger_numbers(blocks, 1, "value") == std::vector<double>{1, 0});
  // Sample 2 alone: its z1 and output are N02's row 2; the loss is that row's (y − 1)².
  check_numbers(ledger_numbers(blocks, 5, "value"), {kZ1[6], kZ1[7], kZ1[8]}, kFwdRel, 1e-16);
  check_numbers(ledger_numbers(blocks, 11, "value"), {kY[2]}, kFwdRel, 0.0);
  check_numbers(ledger_numbers(blocks, 12, "value"), {(kY[2] - 1) * (kY[2] - 1)}, 1e-14, 0.0);
}

TEST_CASE("tinynn explain and graph: bad input exits 2 with a clear message", "[explain][cli]") {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"explain " + kRun + " --sample 4", {"--sample 4", "has 4 samples, numbered 0 to 3"}},
      {"explain " + kRun + " --sample -1", {"--sample", "expected a whole number"}},
      {"explain " + kRun + " --sample two", {"--sample", "expected a whole number"}},
      {"explain apps/configs/xor.json --weights " + kWeights,
       {kWeights, "layer 0's units is 3, but apps/configs/xor.json has 4",
        "the weights must come from a model of the same network"}},
      {"explain " + kRun + " --weights " + kWeights + " --set loss=binary_cross_entropy",
       {"its loss is mse, but", "has binary_cross_entropy"}},
      {"explain " + kRun + " --weights tests/data/explain/missing.model.json", {"missing.model.json"}},
      {"explain " + kRun + " --weights " + kRun, {kRun}},
      {"explain tests/data/explain/missing.json", {"missing.json"}},
      {"explain", {"which run file?"}},
      {"explain " + kRun + " --digits 0", {"--digits", "from 1 to 17"}},
      {"explain " + kRun + " --set training.epochs=0", {"/training/epochs", "(from --set training.epochs=0)"}},
      {"explain " + kRun + " --bogus", {"unknown flag --bogus"}},
      {"graph " + kRun + " --out g.dot --sample 9", {"--sample 9", "numbered 0 to 3"}},
      {"graph apps/configs/xor.json --out g.dot --weights " + kWeights, {"layer 0's units is 3"}},
      {"graph " + kRun, {"--out FILE is required"}},
      {"graph " + kRun + " --out g.pdf", {"--out g.pdf", ".dot or .gv", ".svg or .png"}},
  };
  for (const auto& [args, parts] : cases) {
    INFO("tinynn " << args);
    const test::Result r = run_shell(quote(TINYNN_CLI) + " " + args);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(lines_of(r.err).size() == 1);
    for (const std::string& part : parts) CHECK_THAT(r.err, Contains(part));
  }
  CHECK_FALSE(std::filesystem::exists(source_path("g.dot")));
  CHECK_FALSE(std::filesystem::exists(source_path("g.pdf")));
}

// ---- tinynn graph -------------------------------------------------------------------------

TEST_CASE("tinynn graph writes N02's graph as DOT text, and as SVG through Graphviz", "[explain][cli]") {
  const TempDir dir;
  const std::string dot_file = dir.path() + "/n02.dot";
  const test::Result r = tinynn_cli("graph " + kRun + " --weights " + kWeights + " --digits 17 --out " + quote(dot_file));
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK_THAT(r.out, Contains("graph of 12 nodes written to " + dot_file));
  const std::string dot = read_text(dot_file);
  CHECK(count_matches(dot, std::regex(R"(\n  n\d+ \[label=")")) == 12);
  CHECK(count_matches(dot, std::regex(R"(\n  n\d+ -> n\d+;)")) == 11);
  CHECK_THAT(dot, Contains("[2] parameter  0.weight  2x3"));
  check_numbers(dot_numbers(dot, "n6", "value"), kH1, kFwdRel, 0.0);
  check_numbers(dot_numbers(dot, "n2", "grad dL/d(value)"), kDW1, kGradRel, kGradAbs);
  check_numbers(dot_numbers(dot, "n9", "grad dL/d(value)"), kDB2, kGradRel, kGradAbs);
  // Only the file asked for: no temporary file is left behind.
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1);

  require_dot();
  const std::string svg_file = dir.path() + "/n02.svg";
  const test::Result svg = tinynn_cli("graph " + kRun + " --weights " + kWeights + " --out " + quote(svg_file));
  INFO(svg.err);
  REQUIRE(svg.status == 0);
  const std::string text = read_text(svg_file);
  CHECK(text.rfind("<?xml", 0) == 0);
  CHECK(count_matches(text, std::regex("<g id=\"node\\d+\" class=\"node\">")) == 12);
  CHECK(count_matches(text, std::regex("<g id=\"edge\\d+\" class=\"edge\">")) == 11);
  CHECK_THAT(text, Contains("0.weight"));
  const std::string png_file = dir.path() + "/n02.png";
  REQUIRE(tinynn_cli("graph " + kRun + " --out " + quote(png_file)).status == 0);
  CHECK(read_text(png_file).substr(0, 8) == "\x89PNG\r\n\x1a\n");
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 3);
}

TEST_CASE("tinynn graph --out FILE.svg without Graphviz on PATH says what to do, writes nothing",
          "[explain][cli]") {
  const TempDir dir;
  const std::string svg = dir.path() + "/g.svg";
  const test::Result r = run_shell("PATH=" + quote(dir.path()) + " " + quote(TINYNN_CLI) + " graph " + kRun +
                                   " --out " + quote(svg));
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains("needs Graphviz's dot program"));
  CHECK_THAT(r.err, Contains("dot is not on PATH: install graphviz"));
  CHECK_THAT(r.err, Contains("--out " + dir.path() + "/g.dot"));
  CHECK_FALSE(std::filesystem::exists(svg));
  // DOT text needs no Graphviz.
  const test::Result dot = run_shell("PATH=" + quote(dir.path()) + " " + quote(TINYNN_CLI) + " graph " + kRun +
                                     " --out " + quote(dir.path() + "/g.dot"));
  CHECK(dot.status == 0);
  CHECK(std::filesystem::exists(dir.path() + "/g.dot"));
}

TEST_CASE("tinynn graph: a dot that hangs is stopped and one that writes nothing is named", "[explain][cli]") {
  const TempDir dir, bin;
  const std::string svg = dir.path() + "/g.svg";
  // A shell script whose child does the hanging: stopping dot must stop the child too.
  const std::string dot = bin.write("dot", "#!/bin/sh\nsleep 37.25\n");
  std::filesystem::permissions(dot, std::filesystem::perms::owner_all);
  const auto graph = [&](const std::string& env) {
    return run_shell(env + " PATH=" + quote(bin.path()) + ":/usr/bin:/bin " + quote(TINYNN_CLI) + " graph " + kRun +
                     " --out " + quote(svg));
  };
  const auto start = std::chrono::steady_clock::now();
  const test::Result hung = graph("TINYNN_DOT_SECONDS=1");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO(hung.err);
  CHECK(hung.status == 1);
  CHECK_THAT(hung.err, Contains("Graphviz's dot did not finish within 1 s and was stopped"));
  CHECK(seconds < 20);
  CHECK_FALSE(std::filesystem::exists(svg));
  CHECK(run_shell("sleep 0.2; pgrep -f 'slee[p] 37.25'").status == 1);  // no orphan left running ([p]: not this shell)
  bin.write("dot", "#!/bin/sh\nexit 0\n");
  const test::Result silent = graph("true;");
  INFO(silent.err);
  CHECK(silent.status == 1);
  CHECK_THAT(silent.err, Contains("Graphviz's dot exited without writing the svg"));
  CHECK_FALSE(std::filesystem::exists(svg));
}

TEST_CASE("tinynn graph: an --out that cannot be written exits 4 and writes nothing", "[explain][cli]") {
  const TempDir dir;
  for (const std::string& out : {dir.path() + "/no/such/folder/g.dot", dir.path() + "/no/g.svg"}) {
    INFO(out);
    const test::Result r = tinynn_cli("graph " + kRun + " --out " + quote(out));
    CHECK(r.status == 4);
    CHECK_THAT(r.err, Contains(out));
    CHECK(r.out.empty());
  }
  const std::string folder = dir.path() + "/out.dot";  // a folder with a file's name
  std::filesystem::create_directory(folder);
  const test::Result is_dir = tinynn_cli("graph " + kRun + " --out " + quote(folder));
  CHECK(is_dir.status == 4);
  CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), {}) == 1);  // only out.dot/
  CHECK(std::filesystem::is_empty(folder));
}

TEST_CASE("tinynn graph: an --out that is an input exits 2 and leaves it alone", "[explain][cli]") {
  const TempDir dir;
  const std::string data = dir.write("xor.gv", read_text(source_path("datasets/xor.csv")));
  std::string run = read_text(source_path(kRun));
  run.replace(run.find("datasets/xor.csv"), 16, data);
  const std::string run_file = dir.write("run.json", run);
  const test::Result r = tinynn_cli("graph " + quote(run_file) + " --out " + quote(data));
  CHECK(r.status == 2);
  CHECK_THAT(r.err, Contains("is the training data (/data/train)"));
  CHECK(read_text(data) == read_text(source_path("datasets/xor.csv")));
}

TEST_CASE("tinynn explain and graph --help", "[explain][cli]") {
  for (const std::string command : {"explain", "graph"}) {
    const test::Result r = tinynn_cli(command + " --help");
    CHECK(r.status == 0);
    CHECK_THAT(r.out, Contains("usage: tinynn " + command + " RUN.json"));
    CHECK_THAT(r.out, Contains("--weights MODEL.json"));
    CHECK_THAT(r.out, Contains("--sample I"));
  }
  const test::Result top = tinynn_cli("--help");
  CHECK_THAT(top.out, Contains("  explain RUN.json"));
  CHECK_THAT(top.out, Contains("  graph RUN.json --out"));
}
