// From a validated RunSpec to the tensors training needs: load the data it names, check it
// against the model (input count, label values), split, standardise.
#pragma once

#include <optional>

#include "tinynn/config/run_spec.hpp"
#include "tinynn/data/dataset.hpp"

namespace tinynn {

struct PreparedData {
  Dataset train;                 ///< features already scaled and standardised
  std::optional<Dataset> test;   ///< the same transformation, training statistics
  double input_scale = 1.0;      ///< what raw inputs were multiplied by (idx: pixel_scale)
  std::optional<Standardizer> standardizer;
  std::string description;       ///< one line: where the data came from and its sizes
};

/// Load and check the run's data. The split (when test_fraction > 0) draws from rng.
/// Throws InputError naming both files when the model's inputs do not match the data's
/// feature count, and the file and line of the first target that the loss cannot take.
PreparedData prepare_data(const RunSpec& run, Rng& rng);

/// Check targets for a loss: cross_entropy needs integer labels in [0, classes); the binary
/// cross-entropies need values in [0, 1]. `row_name(i)` says where row i came from.
void check_targets(const Tensor& y, Loss loss, std::size_t outputs, const std::string& source,
                   const std::string& target_name, bool csv_lines);

}  // namespace tinynn
