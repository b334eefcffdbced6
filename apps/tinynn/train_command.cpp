// tinynn train / validate: from a run file to a trained model file, a history and a report.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "commands.hpp"
#include "lessons/flags.hpp"
#include "lessons/format.hpp"
#include "plots.hpp"
#include "report.hpp"
#include "run_session.hpp"
#include "tinynn/config/prepare.hpp"
#include "tinynn/io/atomic_file.hpp"
#include "tinynn/io/model_file.hpp"
#include "tinynn/train/trainer.hpp"

namespace tinynn::cli {

using apps::Flags;
using apps::format;

namespace {

const char* kTrainUsage = R"(usage: tinynn train RUN.json [--out MODEL.json] [--set KEY=VALUE ...] [--quiet]

Train the network RUN.json describes (see README, "Run files"), print the loss at the
run's log interval, then the final metrics, and write the trained model file.

  --out MODEL.json   where to write the model (default: RUN's name with .model.json, in the
                     current directory, e.g. xor.json -> xor.model.json)
  --set KEY=VALUE    change one setting of the run file, by dotted key; repeatable, e.g.
                     --set training.epochs=500 --set optimizer.lr=0.05
  --quiet            print only the final metrics
)";

const char* kValidateUsage = R"(usage: tinynn validate RUN.json [--set KEY=VALUE ...]

Check RUN.json and the data it names without training: every key, type and range, the model
against the loss, the data against the model. Exit 0 if valid, 2 with the first problem.
)";

std::string default_model_path(const std::string& run_path) {
  const std::filesystem::path p(run_path);
  return p.stem().string() + ".model.json";
}

// Fail before training, not after it: an output that would overwrite an input (the run file,
// the data) or the other output is refused (exit 2); one that cannot be written (a missing
// folder, a read-only file) is found now (exit 4), not after a run of minutes.
void check_outputs(const RunSpec& run, const std::vector<NamedPath>& outputs) {
  tinynn::check_outputs(outputs, input_files(run));
}

// The files a run writes besides the model: (JSON pointer, path) of each one asked for.
std::vector<std::pair<std::string, std::string>> report_outputs(const RunSpec& run) {
  std::vector<std::pair<std::string, std::string>> outputs;
  if (!run.report.history.empty()) outputs.emplace_back("/report/history", run.report.history);
  if (!run.report.loss_plot.empty()) outputs.emplace_back("/report/loss_plot", run.report.loss_plot);
  if (!run.report.boundary_plot.empty()) outputs.emplace_back("/report/boundary_plot", run.report.boundary_plot);
  return outputs;
}

// A boundary plot colours the points by class: a regression (mse on other targets) has none.
void check_boundary_data(const RunSpec& run, const PreparedData& data) {
  if (run.report.boundary_plot.empty()) return;
  target_labels(data.train.y, run.loss, run.file + ": /report/boundary_plot");
}

}  // namespace

int validate(int argc, char** argv) {
  const Flags flags(argc, argv, {"set"}, {}, 1);
  if (flags.help()) {
    std::cout << kValidateUsage;
    return 0;
  }
  if (flags.positional().empty()) throw InputError("validate: which run file? (see --help)");
  const RunSession session = open_run(flags.positional()[0], flags.get_all("set"));
  const RunSpec& run = session.run;
  const PreparedData& data = session.data;
  check_outputs(run, report_outputs(run));
  check_boundary_data(run, data);
  std::cout << run.file << " is valid.\n" << "data: " << data.description << "\n";
  print_model_table(std::cout, run.model, run.loss);
  return 0;
}

int train(int argc, char** argv) {
  const Flags flags(argc, argv, {"out", "set"}, {"quiet"}, 1);
  if (flags.help()) {
    std::cout << kTrainUsage;
    return 0;
  }
  if (flags.positional().empty()) throw InputError("train: which run file? (see --help)");
  const std::string run_path = flags.positional()[0];
  const std::string out_path = flags.get_string("out", default_model_path(run_path));
  const bool quiet = flags.has("quiet");
  // With --out /dev/stdout the model is the output: the report goes to stderr, not into it.
  std::ostream& report = is_standard_output(out_path) ? std::cerr : std::cout;

  RunSession session = open_run(run_path, flags.get_all("set"));
  const RunSpec& run = session.run;
  const PreparedData& data = session.data;
  Sequential& model = session.model;
  std::vector<std::pair<std::string, std::string>> outputs = {{"--out", out_path}};
  for (const auto& output : report_outputs(run)) outputs.push_back(output);
  check_outputs(run, outputs);
  check_boundary_data(run, data);
  std::unique_ptr<Optimizer> optimizer = build_optimizer(run.optimizer, model.parameters());

  const std::int64_t epochs = run.training.epochs;
  const std::int64_t log_every =
      run.report.log_every > 0 ? run.report.log_every : std::max<std::int64_t>(1, epochs / 10);
  const std::size_t n = data.train.size();
  const std::size_t batch = run.training.batch_size <= 0 || static_cast<std::size_t>(run.training.batch_size) >= n
                                ? n
                                : static_cast<std::size_t>(run.training.batch_size);
  if (!quiet) {
    report << "run: " << run.file << " (seed " << run.training.seed << ")\n"
              << "data: " << data.description << "\n";
    print_model_table(report, run.model, run.loss);
    report << "optimizer: " << describe_optimizer(run.optimizer) << "; " << epochs
              << " epochs, batch " << batch << (batch == n ? " (full batch)" : "")
              << ", shuffle " << (run.training.shuffle ? "on" : "off") << "\n";
  }

  Progress progress(run.report.progress, static_cast<std::size_t>(epochs));
  std::vector<EpochStats> history;
  FitCallbacks callbacks;
  callbacks.on_batch = [&](std::int64_t epoch, std::size_t b, std::size_t batches) {
    progress.update(static_cast<std::size_t>(epoch), b + 1, batches);
  };
  callbacks.on_epoch = [&](const EpochStats& s) {
    history.push_back(s);
    if (!quiet && (s.epoch == 1 || s.epoch % log_every == 0 || s.epoch == epochs)) {
      progress.clear();
      report << epoch_line(s, epochs) << std::flush;
    }
  };

  FitOptions options;
  options.epochs = epochs;
  options.batch_size = run.training.batch_size;
  options.shuffle = run.training.shuffle;
  options.hint = "Hint: the learning rate (" + format("%g", run.optimizer.lr) +
                 ", /optimizer/lr) may be too high" +
                 (run.data.standardize ? "" : ", or the features are not standardised (/data/standardize)") +
                 ". Nothing was written (no model, no history): files from an earlier run are unchanged.";
  try {
    fit(model, run.loss, *optimizer, data.train.x, data.train.y, data.test ? &data.test->x : nullptr,
        data.test ? &data.test->y : nullptr, options, session.streams.shuffle, callbacks);
  } catch (const TrainingDiverged&) {
    progress.clear();
    throw;
  }
  progress.clear();

  const Evaluation train_eval = evaluate(model, run.loss, data.train.x, data.train.y);
  std::optional<Evaluation> test_eval;
  if (data.test) test_eval = evaluate(model, run.loss, data.test->x, data.test->y);
  report << "\n";
  print_evaluation(report, "train", train_eval);
  if (test_eval) print_evaluation(report, "test", *test_eval);
  const Evaluation& shown = test_eval ? *test_eval : train_eval;
  if (shown.classification) print_confusion(report, test_eval ? "test" : "train", shown);

  TrainedModel trained;
  trained.spec = run.model;
  trained.loss = run.loss;
  trained.network = model;
  trained.feature_names = data.train.feature_names;
  trained.target_name = data.train.target_name;
  trained.input_scale = data.input_scale;
  trained.standardizer = data.standardizer;
  trained.provenance.run_file = run.file;
  trained.provenance.seed = run.training.seed;
  trained.provenance.epochs = epochs;
  trained.provenance.final_train_loss = train_eval.loss;
  if (test_eval) trained.provenance.final_test_loss = test_eval->loss;
  // The model, its history and its pictures are written as one: all or none.
  const std::string run_name = std::filesystem::path(run.file).filename().string();
  std::vector<std::pair<std::string, std::string>> files = {{out_path, model_to_json(trained)}};
  if (!run.report.history.empty()) files.emplace_back(run.report.history, history_csv(history));
  if (!run.report.loss_plot.empty()) {
    files.emplace_back(run.report.loss_plot, loss_curve_svg(history, "Loss per epoch: " + run_name, run.loss));
  }
  if (!run.report.boundary_plot.empty()) {
    const std::string where = run.file + ": /report/boundary_plot";
    const Tensor test_points = data.test ? raw_features(data, data.test->x) : zeros(0, 2);
    const std::vector<std::size_t> test_labels =
        data.test ? target_labels(data.test->y, run.loss, where) : std::vector<std::size_t>{};
    files.emplace_back(run.report.boundary_plot,
                       model_boundary_svg(trained, raw_features(data, data.train.x),
                                          target_labels(data.train.y, run.loss, where), test_points, test_labels,
                                          "Decision boundary after training: " + run_name));
  }
  write_files_atomically(files);
  report << "model written to " << out_path << "\n";
  if (!run.report.history.empty()) report << "history written to " << run.report.history << "\n";
  if (!run.report.loss_plot.empty()) report << "loss curve written to " << run.report.loss_plot << "\n";
  if (!run.report.boundary_plot.empty()) {
    report << "decision boundary written to " << run.report.boundary_plot << "\n";
  }
  return 0;
}

}  // namespace tinynn::cli
