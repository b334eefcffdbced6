// A training run as plain data: what the JSON run file says, after validation. Nothing here
// knows about JSON (see run_file.cpp) and nothing here trains (see train/trainer.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tinynn/init/init.hpp"
#include "tinynn/layers/dense.hpp"
#include "tinynn/layers/sequential.hpp"
#include "tinynn/losses/losses.hpp"
#include "tinynn/optim/sgd.hpp"

namespace tinynn {

/// The run file format this tinynn writes and the newest version it reads.
inline constexpr const char* kRunFormat = "tinynn-run";
inline constexpr int kRunVersion = 1;

struct DataSpec {
  std::string format = "csv";  ///< "csv" or "idx"
  // csv
  std::string train;            ///< path of the training CSV
  std::string test;             ///< optional path of a test CSV
  std::string target;           ///< target column name ("" = last column)
  // idx (MNIST-style): images and labels, gzipped or not
  std::string train_images, train_labels, test_images, test_labels;
  double pixel_scale = 1.0 / 255.0;  ///< idx pixels are multiplied by this
  // both
  double test_fraction = 0;  ///< without a test file: hold out this share of train (0 = none)
  bool standardize = true;   ///< z-score features with training statistics (csv default true)
};

struct LayerSpec {
  std::string type = "dense";
  std::size_t units = 0;
  Activation activation = Activation::identity;
  Init init = Init::xavier_uniform;
  double init_value = 0;  ///< for Init::constant
};

/// The most parameters a network may have (run files and model files alike): 800 MB of weights.
inline constexpr std::size_t kMaxParameters = 100'000'000;

struct ModelSpec {
  std::size_t inputs = 0;
  std::vector<LayerSpec> layers;
  /// Number of outputs (the last layer's units).
  std::size_t outputs() const { return layers.empty() ? 0 : layers.back().units; }
};

struct OptimizerSpec {
  std::string type = "sgd";  ///< "sgd" or "adam"
  double lr = 0.1;
  double momentum = 0;       ///< sgd
  bool nesterov = false;     ///< sgd
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;  ///< adam
};

struct TrainingSpec {
  std::int64_t epochs = 1;
  std::int64_t batch_size = 0;  ///< 0 = the whole training set in one batch
  bool shuffle = true;          ///< reshuffle the sample order every epoch (seeded)
  std::uint64_t seed = 0;       ///< drives the initial weights, the split and the shuffles
};

struct ReportSpec {
  std::int64_t log_every = 0;  ///< print a line every this many epochs (0 = about 10 lines)
  std::string history;         ///< per-epoch CSV to write ("" = none)
  std::string progress = "auto";  ///< "auto" (a bar on a terminal for long runs), "always", "never"
  std::string loss_plot;       ///< SVG loss curve to write ("" = none)
  std::string boundary_plot;   ///< SVG decision boundary to write (2-input models; "" = none)
};

struct RunSpec {
  std::string file;  ///< the run file it came from
  DataSpec data;
  ModelSpec model;
  Loss loss = Loss::mse;
  OptimizerSpec optimizer;
  TrainingSpec training;
  ReportSpec report;
  std::vector<std::string> warnings;  ///< things that are legal but probably a mistake
};

/// Read and validate a run file. `overrides` are "--set" assignments such as
/// "training.epochs=500", applied before validation. Throws InputError naming the file and
/// the JSON Pointer of the first problem.
RunSpec load_run_file(const std::string& path, const std::vector<std::string>& overrides = {});

/// The "format" field of a tinynn JSON file ("tinynn-run" or "tinynn-model"), so a command
/// can accept either. Throws InputError when the file is not JSON or has no such field.
std::string read_format_name(const std::string& path);

/// Build the network a ModelSpec describes, drawing initial weights from rng.
Sequential build_model(const ModelSpec& spec, Rng& rng);

/// Build the optimizer an OptimizerSpec describes over `params`.
std::unique_ptr<Optimizer> build_optimizer(const OptimizerSpec& spec, std::vector<Var> params);

}  // namespace tinynn
