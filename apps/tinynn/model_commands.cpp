// tinynn summary / eval / predict: look at a run or a trained model, and use a model on data.
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "lessons/flags.hpp"
#include "lessons/format.hpp"
#include "report.hpp"
#include "tinynn/config/prepare.hpp"
#include "tinynn/io/atomic_file.hpp"
#include "tinynn/io/model_file.hpp"
#include "tinynn/ops/ops.hpp"

namespace tinynn::cli {

using apps::Flags;
using apps::format;

namespace {

const char* kSummaryUsage = R"(usage: tinynn summary RUN.json|MODEL.json

Print the layers, their weight and bias shapes and the parameter count of a run file's
network or of a trained model (with its provenance).
)";

const char* kEvalUsage = R"(usage: tinynn eval MODEL.json DATA.csv

Loss and metrics of a trained model on labelled CSV data: accuracy for classifiers,
precision, recall and F1 for binary ones, and the confusion matrix. DATA.csv needs the
model's feature columns (by name, any order) and its target column.
)";

const char* kPredictUsage = R"(usage: tinynn predict MODEL.json DATA.csv [--out PRED.csv]

One prediction per row of DATA.csv, which needs the model's feature columns (by name, any
order); the target column may be absent. Columns written:
  cross_entropy models:            class, p_0, ..., p_<C-1>   (class probabilities)
  (bce_with_)binary_cross_entropy: class, probability        (of class 1)
  mse models:                      prediction
  --out PRED.csv   write there (atomically) instead of to standard output
)";

// The model's input columns from a CSV, scaled and standardised as in training.
Tensor model_inputs(const TrainedModel& m, const Table& table) {
  return m.prepare_inputs(select_columns(table, m.feature_names));
}

std::string number(double v) { return format("%.17g", v); }

}  // namespace

int summary(int argc, char** argv) {
  const Flags flags(argc, argv, {}, {}, 1);
  if (flags.help()) {
    std::cout << kSummaryUsage;
    return 0;
  }
  if (flags.positional().empty()) throw InputError("summary: which file? (see --help)");
  const std::string path = flags.positional()[0];
  const std::string kind = read_format_name(path);
  if (kind == kModelFormat) {
    const TrainedModel m = load_model(path);
    std::cout << path << ": trained model\n";
    print_model_table(std::cout, m.spec, m.loss);
    std::cout << "features: " << m.feature_names.size() << " (";
    for (std::size_t i = 0; i < m.feature_names.size() && i < 6; ++i) std::cout << (i ? ", " : "") << m.feature_names[i];
    std::cout << (m.feature_names.size() > 6 ? ", ..." : "") << "), target " << m.target_name
              << (m.standardizer ? ", standardised" : "") << "\n";
    const Provenance& p = m.provenance;
    std::cout << "trained by " << (p.run_file.empty() ? "?" : p.run_file) << ", seed " << p.seed
              << ", " << p.epochs << " epochs, final train loss " << number(p.final_train_loss);
    if (p.final_test_loss) std::cout << ", test loss " << number(*p.final_test_loss);
    std::cout << " (tinynn " << p.tinynn_version << ")\n";
    return 0;
  }
  const RunSpec run = load_run_file(path);
  std::cout << path << ": run file\n";
  print_model_table(std::cout, run.model, run.loss);
  std::cout << "optimizer: " << describe_optimizer(run.optimizer) << "; " << run.training.epochs
            << " epochs\n";
  return 0;
}

int eval(int argc, char** argv) {
  const Flags flags(argc, argv, {}, {}, 2);
  if (flags.help()) {
    std::cout << kEvalUsage;
    return 0;
  }
  if (flags.positional().size() != 2) throw InputError("eval: expected MODEL.json DATA.csv (see --help)");
  const TrainedModel m = load_model(flags.positional()[0]);
  const Table table = load_csv_table(flags.positional()[1]);
  const Tensor x = model_inputs(m, table);
  const Tensor y = select_columns(table, {m.target_name});
  check_targets(y, m.loss, m.spec.outputs(), table.source, m.target_name, true);
  Sequential network = m.network;
  const Evaluation e = evaluate(network, m.loss, x, y);
  std::cout << table.source << ": " << x.shape(0) << (x.shape(0) == 1 ? " sample\n" : " samples\n");
  print_evaluation(std::cout, "eval", e);
  if (e.classification) print_confusion(std::cout, "eval", e);
  return 0;
}

int predict(int argc, char** argv) {
  const Flags flags(argc, argv, {"out"}, {}, 2);
  if (flags.help()) {
    std::cout << kPredictUsage;
    return 0;
  }
  if (flags.positional().size() != 2) throw InputError("predict: expected MODEL.json DATA.csv (see --help)");
  const std::string model_path = flags.positional()[0], data_path = flags.positional()[1];
  const TrainedModel m = load_model(model_path);
  const Table table = load_csv_table(data_path);
  const Tensor x = model_inputs(m, table);
  if (flags.has("out")) {
    check_outputs({{"--out", flags.get_string("out", "")}},
                  {{"the model file", model_path}, {"the data", data_path}});
  }
  Sequential network = m.network;
  Tensor prediction;
  {
    NoGradGuard no_grad;
    prediction = output_to_prediction(m.loss, network.forward(constant(x)).value());
  }
  std::ostringstream csv;
  const std::vector<std::size_t> classes = predicted_classes(prediction);
  if (m.loss == Loss::cross_entropy) {
    csv << "class";
    for (std::size_t j = 0; j < prediction.shape(1); ++j) csv << ",p_" << j;
    csv << "\n";
    for (std::size_t i = 0; i < prediction.shape(0); ++i) {
      csv << classes[i];
      for (std::size_t j = 0; j < prediction.shape(1); ++j) csv << "," << number(prediction(i, j));
      csv << "\n";
    }
  } else if (m.loss == Loss::mse) {
    csv << "prediction\n";
    for (std::size_t i = 0; i < prediction.shape(0); ++i) csv << number(prediction(i, 0)) << "\n";
  } else {
    csv << "class,probability\n";
    for (std::size_t i = 0; i < prediction.shape(0); ++i) {
      csv << classes[i] << "," << number(prediction(i, 0)) << "\n";
    }
  }
  if (flags.has("out")) {
    write_file_atomically(flags.get_string("out", ""), csv.str());
    std::cerr << "predictions for " << prediction.shape(0) << " rows written to " << flags.get_string("out", "") << "\n";
  } else {
    std::cout << csv.str();
  }
  return 0;
}

}  // namespace tinynn::cli
