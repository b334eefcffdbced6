// The pictures of the tinynn command: a run's loss curve and a trained model's decision
// boundary, as SVG text (drawn by lib/tinynn/report/plot.hpp), and the checks they need.
#pragma once

#include <string>
#include <vector>

#include "tinynn/config/prepare.hpp"
#include "tinynn/io/model_file.hpp"
#include "tinynn/train/trainer.hpp"

namespace tinynn::cli {

/// Runs longer than this are drawn at this many evenly spaced epochs (first and last kept).
inline constexpr std::size_t kMaxCurvePoints = 10000;

/// Train (and, when there is a test set, test) loss per epoch. The y axis is logarithmic when
/// every loss is > 0 and the largest is more than 30 times the smallest.
std::string loss_curve_svg(const std::vector<EpochStats>& history, const std::string& title, Loss loss);

/// The class of each target row, to colour the points: the label for cross_entropy,
/// y >= 0.5 for the binary cross-entropies, y itself for mse with targets of only 0 and 1.
/// Throws InputError naming `where` for mse targets that are not classes.
std::vector<std::size_t> target_labels(const Tensor& y, Loss loss, const std::string& where);

/// Refuse (InputError) a model that does not take exactly 2 inputs, naming `where`.
void check_two_inputs(const ModelSpec& spec, const std::string& where);

/// The decision boundary of a trained model over raw (unscaled) points with their classes;
/// test points, if any, are drawn as rings.
std::string model_boundary_svg(const TrainedModel& model, const Tensor& points,
                               const std::vector<std::size_t>& labels, const Tensor& test_points,
                               const std::vector<std::size_t>& test_labels, const std::string& title);

/// Features of prepared (scaled, standardised) data back in the units of the data file.
Tensor raw_features(const PreparedData& data, const Tensor& x);

}  // namespace tinynn::cli
