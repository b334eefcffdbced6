// Printing for the tinynn command (see report.hpp).
#include "report.hpp"

#include <unistd.h>

#include <algorithm>
#include <iostream>

#include "lessons/format.hpp"

namespace tinynn::cli {

using apps::format;

void print_model_table(std::ostream& out, const ModelSpec& spec, Loss loss) {
  out << format("%-6s %-6s %6s  %-10s %-15s %-11s %-8s %10s\n", "layer", "type", "units",
                "activation", "init", "weight", "bias", "parameters");
  std::size_t in = spec.inputs, total = 0;
  for (std::size_t i = 0; i < spec.layers.size(); ++i) {
    const LayerSpec& l = spec.layers[i];
    const std::size_t count = in * l.units + l.units;
    total += count;
    out << format("%-6zu %-6s %6zu  %-10s %-15s %-11s %-8s %10zu\n", i, l.type.c_str(), l.units,
                  to_string(l.activation).c_str(), to_string(l.init).c_str(),
                  (std::to_string(in) + "x" + std::to_string(l.units)).c_str(),
                  ("1x" + std::to_string(l.units)).c_str(), count);
    in = l.units;
  }
  out << "inputs " << spec.inputs << ", outputs " << spec.outputs() << ", " << total
      << " parameters; loss " << to_string(loss) << "\n";
}

std::string describe_optimizer(const OptimizerSpec& o) {
  if (o.type == "adam") {
    return format("adam lr %g, betas %g/%g, eps %g", o.lr, o.beta1, o.beta2, o.eps);
  }
  std::string s = format("sgd lr %g", o.lr);
  if (o.momentum > 0) s += format(", momentum %g%s", o.momentum, o.nesterov ? " (nesterov)" : "");
  return s;
}

std::string epoch_line(const EpochStats& s, std::int64_t epochs) {
  const int width = static_cast<int>(std::to_string(epochs).size());
  std::string line = format("epoch %*lld/%lld  loss %.6f", width, static_cast<long long>(s.epoch),
                            static_cast<long long>(epochs), s.train_loss);
  if (s.train_accuracy) line += format("  acc %.4f", *s.train_accuracy);
  if (s.test_loss) line += format("  | test loss %.6f", *s.test_loss);
  if (s.test_accuracy) line += format("  acc %.4f", *s.test_accuracy);
  return line + format("  %7.2fs\n", s.seconds);
}

void print_evaluation(std::ostream& out, const std::string& label, const Evaluation& e) {
  out << format("%-5s loss %.6f", label.c_str(), e.loss);
  if (e.classification) {
    out << format("  accuracy %.4f", e.accuracy);
    if (e.classes == 2) {
      out << format("  precision %.4f  recall %.4f  F1 %.4f", e.precision, e.recall, e.f1);
    }
  }
  out << "\n";
}

void print_confusion(std::ostream& out, const std::string& label, const Evaluation& e) {
  if (e.classes > 20) return;
  out << "confusion matrix (" << label << "; rows: true class, columns: predicted class)\n";
  out << "      ";
  for (std::size_t j = 0; j < e.classes; ++j) out << format("%6zu", j);
  out << "\n";
  for (std::size_t i = 0; i < e.classes; ++i) {
    out << format("%6zu", i);
    for (std::size_t j = 0; j < e.classes; ++j) out << format("%6zu", e.confusion[i][j]);
    out << "\n";
  }
}

Progress::Progress(const std::string& mode, std::size_t epochs)
    : enabled_(mode == "always" || (mode == "auto" && ::isatty(STDERR_FILENO) == 1)),
      epochs_(epochs),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

void Progress::update(std::size_t epoch, std::size_t batch, std::size_t batches) {
  if (!enabled_) return;
  const double done = (static_cast<double>(epoch - 1) + static_cast<double>(batch) / static_cast<double>(batches)) /
                      static_cast<double>(epochs_);
  show(done, format("epoch %zu/%zu  batch %zu/%zu", epoch, epochs_, batch, batches));
}

void Progress::show(double fraction, const std::string& detail) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - start_ < std::chrono::seconds(1) || now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  const int width = 30;
  const int filled = std::clamp(static_cast<int>(fraction * width), 0, width);
  std::string bar(static_cast<std::size_t>(filled), '=');
  bar += std::string(static_cast<std::size_t>(width - filled), ' ');
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  std::cerr << format("\r[%s] %3.0f%%  %s  %.1fs", bar.c_str(), fraction * 100, detail.c_str(), elapsed)
            << std::flush;
  shown_ = true;
}

void Progress::clear() {
  if (!shown_) return;
  std::cerr << "\r\033[K" << std::flush;
  shown_ = false;
}

}  // namespace tinynn::cli
