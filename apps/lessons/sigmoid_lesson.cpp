// The sigmoid lesson, the one tinynn grew from: σ(x) = 1/(1 + e^−x) on one number, on a
// vector and a matrix, its derivative, why the textbook formulas fail in floating point, and
// a picture of σ and σ′. Every number printed is computed here, at run time, by the library's
// own sigmoid and sigmoid_derivative (lib/tinynn/ops/sigmoid.cpp) or by the textbook formula
// being shown to fail; nothing is a pasted constant.
#include <cerrno>
#include <cmath>
#include <limits>
#include <ostream>

#include <xtensor/xmath.hpp>

#include "format.hpp"
#include "lessons.hpp"
#include "tinynn/ops/ops.hpp"
#include "tinynn/report/plot.hpp"

namespace tinynn::apps {

namespace {

// The arithmetic below must happen at run time, as it would in a user's program: a volatile
// read keeps the compiler from folding std::exp(1000) at compile time (which would skip errno).
double at_run_time(double v) {
  volatile double x = v;
  return x;
}

// 17 significant digits: enough to tell any two doubles apart ("%.17g" style, as C prints).
std::string digits17(double v) { return format("%.17g", v); }

}  // namespace

// The lines of lib/tinynn/ops/sigmoid.cpp the lesson shows (a test checks they are there).
const std::vector<const char*> kSigmoidSource = {
    "double sigmoid(double x) {",
    "  if (x >= 0) return 1.0 / (1.0 + std::exp(-x));",
    "  const double e = std::exp(x);",
    "  return e / (1.0 + e);",
    "}",
    "double sigmoid_derivative(double x) { return sigmoid(x) * sigmoid(-x); }",
};

std::string numpy_number(double v) {
  // As numpy prints an array of floats: 8 decimals, trailing zeros (and a bare point) dropped.
  std::string s = format("%.8f", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

std::string numpy_text(const Tensor& t) {
  const auto row = [&](std::size_t i) {
    std::string r = "[";
    for (std::size_t j = 0; j < t.shape(1); ++j) r += (j ? ", " : "") + numpy_number(t(i, j));
    return r + "]";
  };
  if (t.shape(0) == 1) return row(0);
  std::string out = "[";
  for (std::size_t i = 0; i < t.shape(0); ++i) out += (i ? ", " : "") + row(i);
  return out + "]";
}

std::string sigmoid_svg() {
  // σ and σ′ at 200 evenly spaced points of [−20, 20] (numpy's linspace(-20, 20, 200)).
  Series s{"σ(x)", {}, {}, palette_colour(0)};
  Series d{"σ′(x) = σ(x)·σ(−x)", {}, {}, palette_colour(1)};
  for (int i = 0; i < kSigmoidPlotPoints; ++i) {
    const double x = -20.0 + 40.0 * i / (kSigmoidPlotPoints - 1);
    s.x.push_back(x), s.y.push_back(sigmoid(x));
    d.x.push_back(x), d.y.push_back(sigmoid_derivative(x));
  }
  LinePlot plot;
  plot.title = "The sigmoid σ(x) = 1/(1 + e⁻ˣ) and its derivative σ′(x)";
  plot.x_label = "data";
  plot.y_label = "Sigmoid(data)";
  plot.series = {s, d};
  return line_plot_svg(plot).text;
}

std::string sigmoid_lesson(const SigmoidOptions& options, std::ostream& out) {
  out << "The sigmoid σ(x) = 1/(1 + e^−x), as tinynn computes it (lib/tinynn/ops/sigmoid.cpp)\n\n";

  // ---- 1. One number ----
  const double tinynn_value = sigmoid(-100.0);
  const double e100 = std::exp(at_run_time(100.0));
  const double tutorial_value = 1.0 / (1.0 + e100);
  out << "1. One number, to 17 significant digits\n"
      << "   σ(−100)       = " << digits17(tinynn_value) << "   tinynn::sigmoid(-100), correctly rounded\n"
      << "   1/(1 + e^100) = " << digits17(tutorial_value) << "   the tutorial's formula, "
      << (tutorial_value == tinynn_value ? "the same" : "one unit in the last place lower") << "\n";
  // Why: measured with long double (64-bit mantissa on x86-64, 113 bits elsewhere), which
  // holds e^100 and the exact quotient to ~19 digits, enough to see the roundings.
  const long double exact_e100 = std::exp(100.0L);
  const long double e100_error = (static_cast<long double>(e100) - exact_e100) / exact_e100;
  const long double quotient = 1.0L / static_cast<long double>(e100);  // before the division rounds
  const double below = tutorial_value, above = std::nextafter(tutorial_value, 1.0);
  const long double midpoint = (static_cast<long double>(below) + static_cast<long double>(above)) / 2;
  const long double exact_sigma = std::exp(-100.0L) / (1.0L + std::exp(-100.0L));
  out << "   Why they differ: one rounding against two. The true σ(−100) is " << format("%.18Le", exact_sigma)
      << ".\n"
      << "   tinynn takes x < 0 as e^x/(1 + e^x). e^−100 is rounded once; 1 + e^−100 rounds to exactly 1,\n"
      << "   and dividing by 1 is exact. σ(−100) = e^−100/(1 + e^−100) agrees with e^−100 to 43 digits,\n"
      << "   so that one rounding gives the double nearest to σ(−100).\n"
      << "   The tutorial's formula rounds twice. e^100 = " << digits17(e100) << " is rounded\n"
      << "   " << (e100_error > 0 ? "up" : "down") << " by "
      << format("%.1Le", e100_error < 0 ? -e100_error : e100_error) << " (relative), so the exact 1/(that) = "
      << format("%.18Le", quotient) << "\n"
      << "   is already " << (quotient < midpoint ? "below" : "above") << " the midpoint "
      << format("%.18Le", midpoint) << " of the two nearest doubles,\n"
      << "   and the division rounds it to " << digits17(below) << ", not " << digits17(above) << ".\n\n";

  // ---- 2. Vectorised ----
  const Tensor v = from_rows({{1, 2, 3}});
  const Tensor m = from_rows({{-1, 0, 1}, {-1000, 0.5, 1000}});
  const Tensor exp_v = xt::exp(v);
  const Tensor v_plus_3 = v + 3.0;
  out << "2. Vectorised: the same formula on every element of a tensor (printed as numpy does)\n"
      << "   x      = " << numpy_text(v) << "\n"
      << "   e^x    = " << numpy_text(exp_v) << "\n"
      << "   x + 3  = " << numpy_text(v_plus_3) << "   (a number is added to every element)\n"
      << "   σ(x)   = " << numpy_text(sigmoid(constant(v)).value()) << "\n"
      << "   X      = " << numpy_text(m) << "   (2×3)\n"
      << "   σ(X)   = " << numpy_text(sigmoid(constant(m)).value()) << "\n"
      << "   σ of a tensor is tinynn::sigmoid(Var), the op every network uses; ±1000 is no problem.\n\n";

  // ---- 3. The derivative ----
  out << "3. The derivative σ′(x) = σ(x)(1 − σ(x)) = σ(x)·σ(−x)\n"
      << format("   %-12s %-24s %s\n", "x", "σ(x)", "σ′(x)");
  for (const double x : options.at) {
    out << format("   %-12s %-23s %s\n", to_text(x).c_str(), to_text(sigmoid(x)).c_str(),
                  to_text(sigmoid_derivative(x)).c_str());
  }
  out << "   (σ′ is largest at 0, 1/4: a sigmoid layer passes back at most a quarter of the gradient)\n\n";

  // ---- 4. Why the textbook formulas fail ----
  errno = 0;
  const double e1000 = std::exp(at_run_time(1000.0));
  const bool range_error = errno == ERANGE;
  const double textbook_neg = 1.0 / (1.0 + e1000);  // 1/(1 + e^−x) at x = −1000
  const double textbook_pos = e1000 / (1.0 + e1000);  // e^x/(1 + e^x) at x = +1000
  const double s40 = 1.0 / (1.0 + std::exp(at_run_time(-40.0)));
  const double naive_derivative = s40 * (1.0 - s40);
  // e^−1000 = 10^(−1000/ln 10), written as mantissa and exponent (it is no double).
  const double decimal_exponent = -1000.0 / std::log(10.0);
  const double whole = std::floor(decimal_exponent);
  const std::string tiny_power = format("%.1fe%.0f", std::pow(10.0, decimal_exponent - whole), whole);
  out << "4. Why the textbook formulas fail, and what tinynn does instead\n"
      << "   a) 1/(1 + e^−x) at x = −1000 needs e^1000, beyond the largest double ("
      << format("%.3g", std::numeric_limits<double>::max()) << "):\n"
      << "      Python's math.exp(1000) raises OverflowError: math range error;\n"
      << "      C++'s std::exp(1000) returns " << to_text(e1000) << (range_error ? " and sets errno to ERANGE" : "")
      << " (no exception),\n"
      << "      so 1/(1 + inf) = " << to_text(textbook_neg)
      << ": right, but only because the overflow happened to land on the answer.\n"
      << "      tinynn never computes it: for x < 0 it takes e^x/(1 + e^x), and e^−1000 = "
      << to_text(std::exp(-1000.0)) << " (an underflow,\n"
      << "      harmless), so σ(−1000) = " << to_text(sigmoid(-1000.0)) << " (the true " << tiny_power
      << " is below the smallest double, " << format("%.1e", std::numeric_limits<double>::denorm_min()) << ").\n"
      << "   b) e^x/(1 + e^x) at x = 1000 gives inf/inf = "
      << (std::isnan(textbook_pos) ? "NaN" : to_text(textbook_pos)) << ".\n"
      << "      tinynn: for x >= 0 it takes 1/(1 + e^−x) = 1/(1 + " << to_text(std::exp(-1000.0))
      << "), so σ(1000) = " << to_text(sigmoid(1000.0)) << ".\n"
      << "   c) σ′ as s(1 − s) at x = 40: s = σ(40) rounds to exactly " << to_text(s40) << " (1 − "
      << format("%.1e", sigmoid(-40.0)) << " is nearer to 1\n"
      << "      than the double below 1, 1 − " << format("%.1e", 1.0 - std::nextafter(1.0, 0.0))
      << "), so s(1 − s) = " << to_text(naive_derivative) << ".\n"
      << "      The truth is σ′(40) = " << to_text(sigmoid_derivative(40.0)) << ".\n"
      << "      tinynn: σ′(x) = σ(x)·σ(−x) = " << to_text(sigmoid(40.0)) << " · " << to_text(sigmoid(-40.0))
      << ", from the saved input x,\n"
      << "      not only from the output σ(x).\n"
      << "   The code, lib/tinynn/ops/sigmoid.cpp:\n";
  for (const char* line : kSigmoidSource) out << "      " << line << "\n";
  out << "\n5. The picture: σ and σ′ at " << kSigmoidPlotPoints
      << " evenly spaced points of [−20, 20], axes \"data\", \"Sigmoid(data)\"\n";
  return sigmoid_svg();
}

}  // namespace tinynn::apps
