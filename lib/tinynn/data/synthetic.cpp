// Synthetic 2-D data sets (see synthetic.hpp). Points are placed first, then the noise is
// drawn (two normals per point, in row order), then the rows are shuffled: that order of
// draws is what makes a seed reproduce a file byte for byte.
#include "tinynn/data/synthetic.hpp"

#include <cmath>
#include <cstdio>

namespace tinynn {

namespace {

constexpr double kPi = 3.14159265358979323846;

// t_i = span·i/(m − 1), i = 0 … m−1 (numpy's linspace(0, span, m)); 0 for m = 1.
double evenly(std::size_t i, std::size_t m, double span) {
  return m > 1 ? span * static_cast<double>(i) / static_cast<double>(m - 1) : 0.0;
}

}  // namespace

const std::vector<std::string>& synthetic_kinds() {
  static const std::vector<std::string> kinds = {"moons", "circles", "spirals", "xor"};
  return kinds;
}

Dataset make_synthetic(const std::string& kind, std::size_t n, double noise, std::size_t classes, Rng& rng) {
  bool known = false;
  std::string list;
  for (const std::string& k : synthetic_kinds()) {
    known = known || k == kind;
    list += (list.empty() ? "" : ", ") + k;
  }
  if (!known) throw InputError("unknown kind of data '" + kind + "'; supported: " + list);
  if (n == 0) throw InputError(kind + ": expected at least 1 point, got 0");
  if (!std::isfinite(noise) || noise < 0) {
    throw InputError(kind + ": the noise must be a finite number >= 0, got " + to_text(noise));
  }
  if (kind == "spirals" ? classes < 2 || classes > kMaxSpiralClasses : classes != 2) {
    throw InputError(kind == "spirals" ? "spirals: expected 2 to " + std::to_string(kMaxSpiralClasses) +
                                             " classes, got " + std::to_string(classes)
                                       : kind + " has 2 classes; only spirals takes a number of classes");
  }
  if (kind == "spirals" && n < classes) {
    throw InputError(kind + ": " + std::to_string(n) + (n == 1 ? " point cannot hold " : " points cannot hold ") + std::to_string(classes) +
                     " classes (at least one point each)");
  }

  Tensor x = zeros(n, 2), y = zeros(n, 1);
  const auto put = [&](std::size_t i, double a, double b, std::size_t label) {
    x(i, 0) = a, x(i, 1) = b, y(i, 0) = static_cast<double>(label);
  };
  if (kind == "moons" || kind == "circles") {
    const std::size_t outer = n / 2, inner = n - outer;
    for (std::size_t i = 0; i < outer; ++i) {
      const double t = kind == "moons" ? evenly(i, outer, kPi) : 2 * kPi * static_cast<double>(i) / static_cast<double>(outer);
      put(i, std::cos(t), std::sin(t), 0);
    }
    for (std::size_t i = 0; i < inner; ++i) {
      if (kind == "moons") {
        const double t = evenly(i, inner, kPi);
        put(outer + i, 1 - std::cos(t), 0.5 - std::sin(t), 1);
      } else {
        const double t = 2 * kPi * static_cast<double>(i) / static_cast<double>(inner);
        put(outer + i, 0.5 * std::cos(t), 0.5 * std::sin(t), 1);
      }
    }
  } else if (kind == "spirals") {
    std::size_t row = 0;
    for (std::size_t k = 0; k < classes; ++k) {
      const std::size_t m = n / classes + (k < n % classes ? 1 : 0);
      for (std::size_t i = 0; i < m; ++i, ++row) {
        const double r = static_cast<double>(i + 1) / static_cast<double>(m);
        const double angle = 2 * kPi * static_cast<double>(k) / static_cast<double>(classes) + 1.6 * kPi * r;
        put(row, r * std::cos(angle), r * std::sin(angle), k);
      }
    }
  } else {  // xor: point i lies in quadrant i mod 4: (+,+) 0, (−,+) 1, (−,−) 0, (+,−) 1
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t q = i % 4;
      const double sx = q == 0 || q == 3 ? 1 : -1, sy = q <= 1 ? 1 : -1;
      const double a = rng.uniform(), b = rng.uniform();
      put(i, sx * a, sy * b, q % 2);
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = rng.normal(), dy = rng.normal();
    x(i, 0) += noise * dx;
    x(i, 1) += noise * dy;
  }

  Dataset d;
  d.x = x;
  d.y = y;
  d = select_rows(d, permutation(n, rng));
  d.feature_names = {"x1", "x2"};
  d.target_name = "label";
  d.source = "make-data " + kind;
  return d;
}

std::string synthetic_csv(const Dataset& data) {
  std::string out = "x1,x2,label\n";
  char line[96];
  const auto coordinate = [](double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.6f", v);
    const std::string s = buf;
    return s == "-0.000000" ? std::string("0.000000") : s;
  };
  for (std::size_t i = 0; i < data.size(); ++i) {
    std::snprintf(line, sizeof line, "%s,%s,%.0f\n", coordinate(data.x(i, 0)).c_str(), coordinate(data.x(i, 1)).c_str(),
                  data.y(i, 0));
    out += line;
  }
  return out;
}

}  // namespace tinynn
