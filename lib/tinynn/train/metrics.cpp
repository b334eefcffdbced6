// Binary metrics and the non-finite check (see metrics.hpp).
#include "tinynn/train/metrics.hpp"

#include <cmath>
#include <sstream>

namespace tinynn {

BinaryMetrics binary_metrics(const Tensor& probability, const Tensor& target) {
  if (probability.shape() != target.shape()) {
    throw std::invalid_argument("binary_metrics: probabilities " + shape_str(probability) +
                                " and targets " + shape_str(target) + " differ");
  }
  BinaryMetrics m;
  for (std::size_t i = 0; i < probability.size(); ++i) {
    const bool predicted = probability.data()[i] >= 0.5;
    const bool actual = target.data()[i] >= 0.5;
    if (predicted && actual) ++m.true_positive;
    else if (predicted && !actual) ++m.false_positive;
    else if (!predicted && actual) ++m.false_negative;
    else ++m.true_negative;
  }
  const auto ratio = [](std::size_t a, std::size_t b) {
    return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b);
  };
  m.accuracy = ratio(m.true_positive + m.true_negative, probability.size());
  m.precision = ratio(m.true_positive, m.true_positive + m.false_positive);
  m.recall = ratio(m.true_positive, m.true_positive + m.false_negative);
  return m;
}

std::string find_non_finite(const Tensor& t) {
  for (std::size_t i = 0; i < t.shape(0); ++i) {
    for (std::size_t j = 0; j < t.shape(1); ++j) {
      if (!std::isfinite(t(i, j))) {
        std::ostringstream s;
        s << "row " << i << ", column " << j << " is " << t(i, j);
        return s.str();
      }
    }
  }
  return "";
}

}  // namespace tinynn
