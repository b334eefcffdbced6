// The two runnable lessons, as functions so that the tests run exactly the code the apps run.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "tinynn/tensor.hpp"

namespace tinynn::apps {

// ---- XOR: a 2-H-1 sigmoid network learns the one truth table a single neuron cannot ----

struct XorOptions {
  std::size_t hidden = 4;     ///< hidden sigmoid units
  double lr = 2.0;            ///< gradient-descent step size
  std::int64_t epochs = 10000;  ///< at most this many full-batch steps
  std::uint64_t seed = 0;     ///< initial weights
  std::string loss = "mse";   ///< "mse" (on σ outputs) or "bce" (bce_with_logits)
  double stop_loss = 0.01;    ///< stop early once the loss is below this (0: never)
  std::int64_t log_every = 50;    ///< print the loss every this many epochs (0: never)
};

struct XorResult {
  std::vector<double> loss_history;  ///< loss before each update, one per epoch run
  std::int64_t epochs_run = 0;
  double final_loss = 0;             ///< loss after the last update
  Tensor output;                     ///< 4×1 probabilities for the rows 00, 01, 10, 11
  int rows_right = 0;                ///< rows where (output ≥ 0.5) equals the target
};

/// Train, printing the loss at the log interval and then the truth table to `out`.
/// Throws InputError for bad options and TrainingDiverged for a NaN/Inf loss.
XorResult train_xor(const XorOptions& options, std::ostream& out);

// ---- Logistic regression: one sigmoid unit on the Wisconsin breast-cancer data ----

struct LogisticOptions {
  std::string data = "datasets/breast_cancer.csv";
  std::string target;            ///< target column (empty: the last)
  double test_fraction = 0.2;
  std::uint64_t seed = 0;        ///< the train/test split
  double lr = 0.1;
  std::int64_t epochs = 500;
  std::int64_t log_every = 50;
};

struct ClassScores {
  double accuracy = 0, precision = 0, recall = 0;
};

struct LogisticResult {
  std::vector<double> loss_history;  ///< training loss before each update
  double final_train_loss = 0, final_test_loss = 0;
  ClassScores train, test;
  std::size_t train_size = 0, test_size = 0;
};

/// Load, split, standardise, train, print the loss at the log interval and the scores.
/// Throws InputError (bad data or options) and TrainingDiverged.
LogisticResult train_logistic(const LogisticOptions& options, std::ostream& out);

// ---- The sigmoid: the lesson tinynn grew from ----

/// Points σ and σ′ are plotted at, evenly spaced over [−20, 20].
inline constexpr int kSigmoidPlotPoints = 200;

struct SigmoidOptions {
  std::vector<double> at = {0, 1, 2, 3};  ///< where the derivative table is printed
};

/// Print the lesson to `out`: σ(−100) to 17 digits beside the tutorial's 1/(1 + e^100) and why
/// they differ; σ on a vector and a matrix; σ′ at `options.at`; why the textbook formulas fail
/// (overflow, NaN, a zero derivative) and what tinynn does. Returns the SVG of σ and σ′.
std::string sigmoid_lesson(const SigmoidOptions& options, std::ostream& out);

/// The lines of lib/tinynn/ops/sigmoid.cpp that the lesson prints, as they stand there.
extern const std::vector<const char*> kSigmoidSource;

/// The picture alone: σ and σ′ at kSigmoidPlotPoints points, axes "data" and "Sigmoid(data)".
std::string sigmoid_svg();

/// A number as numpy prints it in an array: 8 decimals, trailing zeros dropped ("7.3890561").
std::string numpy_number(double v);

/// A 1×n tensor as "[a, b, c]", an m×n one as "[[...], [...]]", numbers as numpy_number.
std::string numpy_text(const Tensor& t);

/// Shared `main` body: run `body`, map exceptions to exit codes (2 bad input, 3 diverged,
/// 4 I/O failure, 1 internal error) with one clear line on stderr prefixed by `program`.
int guarded_main(const char* program, int (*body)(int, char**), int argc, char** argv);

}  // namespace tinynn::apps
