// What the tinynn command prints: the model table, the per-epoch line, final metrics, the
// confusion matrix, and a progress bar for long runs on a terminal.
#pragma once

#include <chrono>
#include <iosfwd>
#include <string>

#include "tinynn/config/run_spec.hpp"
#include "tinynn/train/trainer.hpp"

namespace tinynn::cli {

/// layer | type | units | activation | init | weight | bias | parameters, then totals.
void print_model_table(std::ostream& out, const ModelSpec& spec, Loss loss);

/// "sgd lr 0.5 momentum 0.9 nesterov" / "adam lr 0.001 betas 0.9/0.999 eps 1e-08".
std::string describe_optimizer(const OptimizerSpec& o);

/// "epoch   10/100  loss 0.123456  acc 0.9500 | test loss 0.130000  acc 0.9400   0.12s\n"
std::string epoch_line(const EpochStats& s, std::int64_t epochs);

/// "train: loss 0.0123  accuracy 0.9800  precision ...".
void print_evaluation(std::ostream& out, const std::string& label, const Evaluation& e);

/// The confusion matrix, rows = true class, columns = predicted class (up to 20 classes).
void print_confusion(std::ostream& out, const std::string& label, const Evaluation& e);

/// A one-line progress bar on stderr, only when stderr is a terminal (mode "auto") or always
/// ("always"), and only once the run has taken more than a second.
class Progress {
 public:
  Progress(const std::string& mode, std::size_t epochs);
  void update(std::size_t epoch, std::size_t batch, std::size_t batches);
  /// The same bar for any long loop: `fraction` done (0 to 1), then `detail`.
  void show(double fraction, const std::string& detail);
  /// Erase the bar (before printing a line, and at the end).
  void clear();

 private:
  bool enabled_ = false;
  bool shown_ = false;
  std::size_t epochs_;
  std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace tinynn::cli
