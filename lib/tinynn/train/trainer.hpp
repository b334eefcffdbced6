// The training loop for any Module: epochs × minibatches, seeded shuffling, the four steps,
// a NaN/Inf guard with a diagnosis, evaluation (loss, accuracy, confusion matrix), and the
// gradient check of a model under its loss.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "tinynn/autograd/gradcheck.hpp"
#include "tinynn/layers/module.hpp"
#include "tinynn/losses/losses.hpp"
#include "tinynn/optim/sgd.hpp"

namespace tinynn {

/// What the network's raw output means for a loss: probabilities for the cross-entropies
/// (σ(z) for bce_with_logits, softmax(z) for cross_entropy), the output itself otherwise.
Tensor output_to_prediction(Loss loss, const Tensor& output);

/// Predicted class per row: argmax for several columns, p ≥ 0.5 for one column.
std::vector<std::size_t> predicted_classes(const Tensor& prediction);

/// Does accuracy make sense? For the cross-entropies always; for mse when every target is 0 or 1.
bool is_classification(Loss loss, const Tensor& target);

struct Evaluation {
  double loss = 0;
  bool classification = false;
  double accuracy = 0;               ///< share of rows whose predicted class is the target
  std::size_t classes = 0;           ///< 2 for one output column, else the number of columns
  std::vector<std::vector<std::size_t>> confusion;  ///< [true class][predicted class]
  // Binary tasks (classes == 2), positive class 1; 0 when undefined (as sklearn):
  double precision = 0, recall = 0, f1 = 0;
};

/// Loss and metrics of `model` on (x, y), recording no graph.
Evaluation evaluate(Module& model, Loss loss, const Tensor& x, const Tensor& y);

struct EpochStats {
  std::int64_t epoch = 0;
  double train_loss = 0;      ///< mean of the epoch's batch losses, weighted by batch size
  std::optional<double> train_accuracy;  ///< over the epoch's batches, before each update
  std::optional<double> test_loss;       ///< after the epoch's last update
  std::optional<double> test_accuracy;
  double seconds = 0;         ///< since fit() started
};

struct FitOptions {
  std::int64_t epochs = 1;
  std::int64_t batch_size = 0;  ///< 0 or ≥ N: full batch; the last partial batch is kept
  bool shuffle = true;          ///< a fresh seeded permutation of the samples every epoch
  std::string hint;             ///< appended to a divergence diagnosis (e.g. "lr 0.5 ...")
};

struct FitCallbacks {
  std::function<void(const EpochStats&)> on_epoch;  ///< after every epoch
  std::function<void(std::int64_t epoch, std::size_t batch, std::size_t batches)> on_batch;
};

/// Train `model` on (x, y) and return one EpochStats per epoch. Each batch does the four
/// steps: zero_grad → forward + loss → backward → step. If the loss or a parameter becomes
/// NaN or ±inf, throws TrainingDiverged naming the epoch, the batch and the first parameter
/// that went non-finite. The shuffles come from rng.
std::vector<EpochStats> fit(Module& model, Loss loss, Optimizer& optimizer, const Tensor& x,
                            const Tensor& y, const Tensor* x_test, const Tensor* y_test,
                            const FitOptions& options, Rng& rng, const FitCallbacks& callbacks = {});

/// Check every gradient of `model` under `loss` on the batch (x, y) against central finite
/// differences, parameter by parameter (named as in named_parameters(), e.g. "0.weight"),
/// with the formula and the kink rule of autograd/gradcheck.hpp. The loss is differenced
/// term by term (loss_terms), and elements whose gradient is too small for finite
/// differences in double to resolve at the tolerance are counted as unresolved, not judged.
/// The parameters' values are restored and their gradients left cleared.
std::vector<ParameterCheck> gradcheck_model(Module& model, Loss loss, const Tensor& x,
                                            const Tensor& y, GradcheckOptions options = {});

/// The history as CSV: epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds
/// (empty fields where a value does not apply), numbers with 17 significant digits.
std::string history_csv(const std::vector<EpochStats>& history);

}  // namespace tinynn
