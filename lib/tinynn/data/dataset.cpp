// Split and standardisation (see dataset.hpp).
#include <algorithm>
#include <cmath>

#include "tinynn/data/dataset.hpp"

namespace tinynn {

Dataset select_rows(const Dataset& d, const std::vector<std::size_t>& rows) {
  Dataset out;
  out.feature_names = d.feature_names;
  out.target_name = d.target_name;
  out.source = d.source;
  out.x = Tensor::from_shape({rows.size(), d.x.shape(1)});
  out.y = Tensor::from_shape({rows.size(), d.y.shape(1)});
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::size_t r = rows[i];
    if (r >= d.size()) throw std::out_of_range("select_rows: row " + std::to_string(r) + " of " +
                                               std::to_string(d.size()));
    for (std::size_t j = 0; j < d.x.shape(1); ++j) out.x(i, j) = d.x(r, j);
    for (std::size_t j = 0; j < d.y.shape(1); ++j) out.y(i, j) = d.y(r, j);
  }
  return out;
}

std::pair<Dataset, Dataset> train_test_split(const Dataset& d, double test_fraction, Rng& rng) {
  if (!(test_fraction > 0 && test_fraction < 1)) {
    throw std::invalid_argument("train_test_split: test fraction must be in (0, 1), got " +
                                std::to_string(test_fraction));
  }
  const std::size_t n = d.size();
  if (n < 2) throw std::invalid_argument("train_test_split: need at least 2 samples, got " +
                                         std::to_string(n));
  auto n_test = static_cast<std::size_t>(std::llround(test_fraction * static_cast<double>(n)));
  n_test = std::min(std::max<std::size_t>(n_test, 1), n - 1);
  const std::vector<std::size_t> order = permutation(n, rng);
  const std::vector<std::size_t> test(order.begin(), order.begin() + static_cast<long>(n_test));
  const std::vector<std::size_t> train(order.begin() + static_cast<long>(n_test), order.end());
  return {select_rows(d, train), select_rows(d, test)};
}

Standardizer Standardizer::fit(const Tensor& x) {
  const std::size_t n = x.shape(0);
  const std::size_t d = x.shape(1);
  if (n == 0) throw std::invalid_argument("Standardizer::fit: no rows");
  Standardizer s{zeros(1, d), zeros(1, d)};
  for (std::size_t j = 0; j < d; ++j) {
    double lo = x(0, j), hi = x(0, j), sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      lo = std::min(lo, x(i, j));
      hi = std::max(hi, x(i, j));
      sum += x(i, j);
    }
    if (lo == hi) {  // a constant column: it carries no information; map it to exactly 0
      s.mean(0, j) = lo;
      s.scale(0, j) = 1.0;
      continue;
    }
    double mean = sum / static_cast<double>(n);
    if (!std::isfinite(mean)) {  // the plain sum overflowed (values near ±1.8e308)
      mean = 0;
      for (std::size_t i = 0; i < n; ++i) mean += x(i, j) / static_cast<double>(n);
    }
    mean = std::min(std::max(mean, lo), hi);
    // Population standard deviation, two passes (Σ(x − mean)² does not cancel like
    // Σx² − n·mean²), scaled by the largest deviation so that squares of 1e200 cannot overflow.
    const double largest = std::max(hi - mean, mean - lo);
    double squares = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double r = (x(i, j) - mean) / largest;
      squares += r * r;
    }
    s.mean(0, j) = mean;
    s.scale(0, j) = largest * std::sqrt(squares / static_cast<double>(n));  // as sklearn
    if (!std::isfinite(s.scale(0, j))) {
      throw std::invalid_argument("Standardizer::fit: column " + std::to_string(j + 1) +
                                  " spans more than the range of a double");
    }
  }
  return s;
}

Tensor Standardizer::transform(const Tensor& x) const {
  if (x.shape(1) != mean.shape(1)) {
    throw std::invalid_argument("Standardizer::transform: data has " + std::to_string(x.shape(1)) +
                                " columns, fitted on " + std::to_string(mean.shape(1)));
  }
  Tensor out = x;
  for (std::size_t i = 0; i < out.shape(0); ++i) {
    for (std::size_t j = 0; j < out.shape(1); ++j) out(i, j) = (out(i, j) - mean(0, j)) / scale(0, j);
  }
  return out;
}

}  // namespace tinynn
