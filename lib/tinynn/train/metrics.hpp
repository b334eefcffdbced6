// Classification metrics for a binary task: predicted probabilities vs 0/1 targets.
#pragma once

#include <string>

#include "tinynn/tensor.hpp"

namespace tinynn {

struct BinaryMetrics {
  std::size_t true_positive = 0, false_positive = 0, true_negative = 0, false_negative = 0;
  double accuracy = 0;   ///< (tp + tn) / N
  double precision = 0;  ///< tp / (tp + fp); 0 when nothing is predicted positive (as sklearn)
  double recall = 0;     ///< tp / (tp + fn); 0 when there are no positives (as sklearn)
};

/// Predict class 1 where probability ≥ 0.5; compare with targets (N×1, values 0 or 1).
BinaryMetrics binary_metrics(const Tensor& probability, const Tensor& target);

/// The first non-finite element of t, as "row R, column C is nan", or "" if all are finite.
std::string find_non_finite(const Tensor& t);

}  // namespace tinynn
