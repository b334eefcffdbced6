// tinynn sigmoid / make-data / boundary, and the pictures `train` writes on request (plots.hpp).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <xtensor/xmath.hpp>

#include "commands.hpp"
#include "lessons/flags.hpp"
#include "lessons/format.hpp"
#include "lessons/lessons.hpp"
#include "plots.hpp"
#include "tinynn/config/json_reader.hpp"
#include "tinynn/data/synthetic.hpp"
#include "tinynn/io/atomic_file.hpp"
#include "tinynn/ops/ops.hpp"
#include "tinynn/report/plot.hpp"

namespace tinynn::cli {

using apps::Flags;
using apps::format;

namespace {

const char* kSigmoidUsage = R"(usage: tinynn sigmoid [--out FILE.svg] [--at X,X,...]

The lesson tinynn grew from, in numbers: the sigmoid σ(x) = 1/(1 + e^−x) on one number
(σ(−100) to 17 digits, beside the tutorial's 1/(1 + e^100), and why they differ), on a vector
and a matrix, its derivative σ′ = σ(1 − σ) at chosen points, why the textbook formulas fail
(overflow, NaN, a zero derivative) and what tinynn does instead; then a plot of σ and σ′ over
200 evenly spaced points of [−20, 20].

  --out FILE.svg   where to write the plot (default: sigmoid.svg in the current directory)
  --at X,X,...     where to print σ and σ′ (default: 0,1,2,3; at most 100 numbers)
)";

const char* kMakeDataUsage = R"(usage: tinynn make-data KIND [--n N] [--noise X] [--seed N] [--classes K] [--out FILE.csv]

Write a synthetic two-dimensional classification data set as CSV with the columns x1, x2
and label, ready for a run file. The same flags give the same file, byte for byte.

  KIND          moons    two interleaved half circles (2 classes)
                circles  a circle of radius 0.5 inside one of radius 1 (2 classes)
                spirals  K spiral arms, 0.8 of a turn each (K classes)
                xor      the four quadrants of [-1, 1]^2, class 1 where x1·x2 < 0 (2 classes)
  --n N         number of points, 1 to 10000000 (default 200); the classes get equal shares
  --noise X     standard deviation of the Gaussian noise added to x1 and x2 (default 0.1, 0 to 1000)
  --seed N      seed of every random draw (default 0)
  --classes K   spirals only: the number of arms, 2 to 10 (default 2)
  --out FILE    where to write (default: KIND.csv in the current directory)
)";

const char* kBoundaryUsage = R"(usage: tinynn boundary MODEL.json DATA.csv [--out FILE.svg]

Draw the decision boundary of a trained model that takes 2 inputs: the model's probability
at every point of a grid spanning the data, as a colour field (one output: from class 0's
colour through white at p = 0.5 to class 1's; several: the most likely class, paler where
the model is less sure), with the points of DATA.csv on top in the colours of their classes.
DATA.csv needs the model's two feature columns (by name) and its target column.

  --out FILE.svg   where to write (default: MODEL's name with .boundary.svg, in the current
                   directory, e.g. moons.model.json -> moons.boundary.svg)
)";

// "0,1.5,-2" → {0, 1.5, -2}; every item a finite number.
std::vector<double> number_list(const std::string& flag, const std::string& text) {
  std::vector<double> values;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    double v = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), v);
    if (item.empty() || ec != std::errc() || end != item.data() + item.size() || !std::isfinite(v)) {
      throw InputError("--" + flag + ": expected numbers separated by commas, e.g. 0,1,-2.5; '" + item +
                       "' is not a finite number");
    }
    values.push_back(v);
  }
  if (values.empty() || text.back() == ',') {
    throw InputError("--" + flag + ": expected numbers separated by commas, e.g. 0,1,-2.5, got '" + text + "'");
  }
  if (values.size() > 100) throw InputError("--" + flag + ": at most 100 numbers, got " + std::to_string(values.size()));
  return values;
}

std::string file_name(const std::string& path) { return std::filesystem::path(path).filename().string(); }

}  // namespace

std::string loss_curve_svg(const std::vector<EpochStats>& history, const std::string& title, Loss loss) {
  const std::size_t n = history.size();
  const std::size_t shown = std::min(n, kMaxCurvePoints);
  Series train{"train loss", {}, {}, palette_colour(0)}, test{"test loss", {}, {}, palette_colour(1)};
  bool has_test = n > 0 && history[0].test_loss.has_value();
  for (std::size_t k = 0; k < shown; ++k) {
    const std::size_t i = shown == n ? k : static_cast<std::size_t>(std::llround(static_cast<double>(k) * (n - 1) / (shown - 1)));
    const EpochStats& s = history[i];
    train.x.push_back(static_cast<double>(s.epoch)), train.y.push_back(s.train_loss);
    if (has_test && s.test_loss) test.x.push_back(static_cast<double>(s.epoch)), test.y.push_back(*s.test_loss);
  }
  LinePlot plot;
  plot.title = title;
  plot.x_label = "epoch";
  plot.y_label = "loss (" + to_string(loss) + ")";
  plot.series = {train};
  if (has_test) plot.series.push_back(test);
  double lo = INFINITY, hi = 0;
  for (const Series& s : plot.series) {
    for (const double y : s.y) lo = std::min(lo, y), hi = std::max(hi, y);
  }
  plot.log_y = lo > 0 && hi > 30 * lo;
  return line_plot_svg(plot).text;
}

std::vector<std::size_t> target_labels(const Tensor& y, Loss loss, const std::string& where) {
  if (!is_classification(loss, y)) {
    throw InputError(where + ": a decision boundary needs classes, but this model's loss is mse and its targets "
                     "are not all 0 or 1 (a regression has no classes to colour)");
  }
  std::vector<std::size_t> labels;
  for (std::size_t i = 0; i < y.shape(0); ++i) {
    labels.push_back(loss == Loss::cross_entropy ? static_cast<std::size_t>(y(i, 0)) : y(i, 0) >= 0.5 ? 1 : 0);
  }
  return labels;
}

void check_two_inputs(const ModelSpec& spec, const std::string& where) {
  if (spec.inputs != 2) {
    throw InputError(where + ": the model takes " + std::to_string(spec.inputs) +
                     " inputs; a decision boundary is drawn over exactly 2");
  }
}

std::string model_boundary_svg(const TrainedModel& model, const Tensor& points, const std::vector<std::size_t>& labels,
                               const Tensor& test_points, const std::vector<std::size_t>& test_labels,
                               const std::string& title) {
  BoundaryPlot plot;
  plot.title = title;
  plot.x_label = model.feature_names.size() == 2 ? model.feature_names[0] : "x1";
  plot.y_label = model.feature_names.size() == 2 ? model.feature_names[1] : "x2";
  plot.points = points, plot.labels = labels;
  plot.test_points = test_points, plot.test_labels = test_labels;
  plot.classes = model.loss == Loss::cross_entropy ? model.spec.outputs() : 2;
  for (std::size_t k = 0; k < plot.classes; ++k) plot.class_names.push_back(model.target_name + " = " + std::to_string(k));
  Sequential network = model.network;
  const Loss loss = model.loss;
  return decision_boundary_svg(plot, [&](const Tensor& raw) {
           NoGradGuard no_grad;
           Tensor p = output_to_prediction(loss, network.forward(constant(model.prepare_inputs(raw))).value());
           if (loss == Loss::mse) p = xt::clip(p, 0.0, 1.0);  // an mse output is a score, not quite a probability
           return p;
         }).text;
}

Tensor raw_features(const PreparedData& data, const Tensor& x) {
  Tensor raw = x;
  if (data.standardizer) raw = raw * data.standardizer->scale + data.standardizer->mean;
  if (data.input_scale != 1.0) raw /= data.input_scale;
  return raw;
}

// Plots are SVG text: a name ending otherwise (b.png) would hold something it does not say.
void require_svg_name(const std::string& flag, const std::string& path) {
  if (!is_svg_name(path)) {
    throw InputError(flag + " " + path + ": expected the name of an SVG file, ending in .svg");
  }
}

int sigmoid(int argc, char** argv) {
  const Flags flags(argc, argv, {"out", "at"});
  if (flags.help()) {
    std::cout << kSigmoidUsage;
    return 0;
  }
  const std::string out = flags.get_string("out", "sigmoid.svg");
  apps::SigmoidOptions options;
  if (flags.has("at")) options.at = number_list("at", flags.get_string("at", ""));
  check_writable(out);  // before the lesson: a bad --out prints nothing and writes nothing
  if (!writes_through(out)) require_svg_name("--out", out);
  const std::string svg = apps::sigmoid_lesson(options, std::cout);
  write_file_atomically(out, svg);
  std::cout << "   written to " << out << " (open it in a browser)\n";
  return 0;
}

int make_data(int argc, char** argv) {
  const Flags flags(argc, argv, {"n", "noise", "seed", "classes", "out"}, {}, 1);
  if (flags.help()) {
    std::cout << kMakeDataUsage;
    return 0;
  }
  const std::vector<std::string>& kinds = synthetic_kinds();
  std::string list;
  for (const std::string& k : kinds) list += (list.empty() ? "" : ", ") + k;
  if (flags.positional().empty()) throw InputError("make-data: which kind? (" + list + "; see --help)");
  const std::string kind = flags.positional()[0];
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
    const std::string guess = json_reader::closest(kind, kinds);
    throw InputError("make-data: unknown kind '" + kind + "'" + (guess.empty() ? "" : " (did you mean '" + guess + "'?)") +
                     "; supported: " + list);
  }
  const auto n = static_cast<std::size_t>(flags.get_int("n", 200, 1, 10'000'000));
  // The shapes span a few units; noise of 1000 already buries them, and a bound keeps every
  // coordinate a number the CSV writes in full.
  const double noise = 0.0 + flags.get_double("noise", 0.1);  // (+ 0.0: -0 is 0)
  if (!(noise >= 0 && noise <= 1000)) {
    throw InputError("--noise: expected a number from 0 to 1000, got '" + flags.get_string("noise", "") + "'");
  }
  if (flags.has("classes") && kind != "spirals") {
    throw InputError("--classes: only spirals takes a number of classes (" + kind + " has 2)");
  }
  const auto classes = static_cast<std::size_t>(flags.get_int("classes", 2, 2, static_cast<std::int64_t>(kMaxSpiralClasses)));
  const std::uint64_t seed = flags.get_seed("seed", 0);
  const std::string out = flags.get_string("out", kind + ".csv");
  Rng rng(seed);
  const Dataset data = make_synthetic(kind, n, noise, classes, rng);
  write_file_atomically(out, synthetic_csv(data));
  std::vector<std::size_t> counts(classes, 0);
  for (const double label : data.y) ++counts[static_cast<std::size_t>(label)];
  std::string per_class;
  for (std::size_t k = 0; k < classes; ++k) per_class += (k ? ", " : "") + std::to_string(counts[k]) + " of class " + std::to_string(k);
  (is_standard_output(out) ? std::cerr : std::cout) << kind << ": " << n << (n == 1 ? " point (" : " points (") << per_class << "), noise " << to_text(noise) << ", seed " << seed
            << ", written to " << out << "\n";
  return 0;
}

int boundary(int argc, char** argv) {
  const Flags flags(argc, argv, {"out"}, {}, 2);
  if (flags.help()) {
    std::cout << kBoundaryUsage;
    return 0;
  }
  if (flags.positional().size() != 2) throw InputError("boundary: expected MODEL.json DATA.csv (see --help)");
  const std::string model_path = flags.positional()[0], data_path = flags.positional()[1];
  std::string stem = std::filesystem::path(model_path).stem().string();
  if (stem.size() > 6 && stem.compare(stem.size() - 6, 6, ".model") == 0) stem.resize(stem.size() - 6);
  const std::string out = flags.get_string("out", stem + ".boundary.svg");
  check_outputs({{"--out", out}}, {{"the model file", model_path}, {"the data", data_path}});
  if (!writes_through(out)) require_svg_name("--out", out);
  const TrainedModel model = load_model(model_path);
  check_two_inputs(model.spec, model_path);
  const Table table = load_csv_table(data_path);
  const Tensor points = select_columns(table, model.feature_names);
  const Tensor y = select_columns(table, {model.target_name});
  check_targets(y, model.loss, model.spec.outputs(), table.source, model.target_name, true);
  const std::vector<std::size_t> labels = target_labels(y, model.loss, data_path);
  write_file_atomically(out, model_boundary_svg(model, points, labels, zeros(0, 2), {},
                                                "Decision boundary: " + file_name(model_path) + " on " + file_name(data_path)));
  (is_standard_output(out) ? std::cerr : std::cout) << "decision boundary of " << model_path << " over " << points.shape(0) << " points of " << data_path
            << " written to " << out << "\n";
  return 0;
}

}  // namespace tinynn::cli
