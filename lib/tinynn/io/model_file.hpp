// Model files: a trained network as one JSON document (format name and version,
// architecture, weights by parameter name with W stored in×out, the standardisation
// statistics, provenance). Saving is atomic and refuses NaN/Inf; loading checks every name
// and shape, and never transposes; save → load gives back every double bit for bit.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tinynn/config/run_spec.hpp"
#include "tinynn/data/dataset.hpp"

namespace tinynn {

inline constexpr const char* kModelFormat = "tinynn-model";
inline constexpr int kModelVersion = 1;
/// tinynn's own version, written into model files.
inline constexpr const char* kTinynnVersion = "0.2.0";

struct Provenance {
  std::string run_file;
  std::uint64_t seed = 0;
  std::int64_t epochs = 0;
  double final_train_loss = 0;
  std::optional<double> final_test_loss;
  std::string tinynn_version = kTinynnVersion;
};

/// Everything needed to use a trained network on new data.
struct TrainedModel {
  ModelSpec spec;
  Loss loss = Loss::mse;
  Sequential network;
  std::vector<std::string> feature_names;  ///< the input columns, in order
  std::string target_name;
  double input_scale = 1.0;                  ///< inputs are multiplied by this first (idx pixels)
  std::optional<Standardizer> standardizer;  ///< then standardised with these statistics
  Provenance provenance;

  /// The network's input for raw feature rows: scale, then standardise.
  Tensor prepare_inputs(const Tensor& raw) const;
};

/// Write atomically. Throws InputError if a weight is NaN or infinite (naming it), IoError if
/// the file cannot be written.
void save_model(const std::string& path, const TrainedModel& model);

/// The JSON text save_model writes (for tests and for printing).
std::string model_to_json(const TrainedModel& model);

/// Read and check a model file. Throws InputError "FILE: /json/pointer: ..." on any problem.
TrainedModel load_model(const std::string& path);

}  // namespace tinynn
