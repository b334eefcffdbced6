// tinynn gradcheck: every gradient of a run's network against central finite differences.
#include <chrono>
#include <iostream>
#include <sstream>
#include <xtensor/xview.hpp>

#include "commands.hpp"
#include "gradcheck_report.hpp"
#include "lessons/flags.hpp"
#include "lessons/format.hpp"
#include "report.hpp"
#include "run_session.hpp"

namespace tinynn::cli {

using apps::Flags;
using apps::format;

namespace {

constexpr std::int64_t kDefaultBatch = 100;
constexpr std::int64_t kDefaultElements = 2048;

const char* kGradcheckUsage = R"(usage: tinynn gradcheck RUN.json [--weights MODEL.json] [--batch N] [--elements N] [--set KEY=VALUE ...]

Check every gradient of the network RUN.json describes against central finite differences,
in double, on the first N samples of its prepared training data, at its initial weights (or
a model file's): for each parameter element, numeric = (L(θ+h) − L(θ−h))/2h with
h = 1e-6·max(1, |θ|), error = |analytic − numeric| / max(|analytic|, |numeric|, 1e-8), pass
at ≤ 1e-6. Elements with a kink (relu at 0, a clamp of binary_cross_entropy) within the
perturbation's reach, and elements whose gradient is too small for finite differences in
double to resolve at 1e-6, are skipped and counted. Each element costs two forward passes.

  --weights MODEL.json  check at the weights of this model file (trained from RUN.json: the
                        same inputs, layers, activations and loss)
  --batch N             the first N training samples (default 100, or all when fewer)
  --elements N          check at most N elements of each parameter, a random choice seeded
                        by training.seed when it has more (default 2048; 0: every element)
  --set KEY=VALUE       change one setting of the run file, by dotted key; repeatable

exit status: 0 every checked gradient agrees, 5 a gradient is wrong (or nothing could be
checked), 2 bad input
)";

// "0.weight (1, 2)": an element of a parameter by row and column.
std::string element_text(const ParameterCheck& c, std::size_t k) {
  return format("(%zu, %zu)", k / c.cols, k % c.cols);
}

}  // namespace

int report_gradcheck(std::ostream& out, Module& model, Loss loss, const Tensor& x,
                     const Tensor& y, const GradcheckOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<ParameterCheck> checks = gradcheck_model(model, loss, x, y, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  const double resolution = checks.empty() ? 0 : checks.front().resolution;
  out << format("rule: central differences, h = 1e-6*max(1, |theta|); error = |a - n| / "
                "max(|a|, |n|, 1e-8); pass at <= %g\n", options.tolerance)
      << "skipped: kinks (a kink within the perturbation's reach), unresolved (error above the\n"
      << "  tolerance, but |a - n| <= " << format("%.1e", resolution)
      << ": no more than rounding in double can do, so finite differences cannot tell)\n\n";
  out << format("%-12s %-9s %8s %6s %10s  %-11s %-10s %-20s %-20s %s\n", "parameter", "shape",
                "checked", "kinks", "unresolved", "worst error", "element", "analytic", "numeric",
                "result");
  std::size_t sampled = 0, checked = 0, kinks = 0, unresolved = 0, failed = 0;
  const ParameterCheck* worst = nullptr;
  std::map<std::string, std::size_t> kink_ops;
  for (const ParameterCheck& c : checks) {
    const std::string shape = format("%zux%zu", c.rows, c.cols);
    if (c.checked > 0) {
      out << format("%-12s %-9s %8zu %6zu %10zu  %-11.1e %-10s %-20.12g %-20.12g %s\n",
                    c.name.c_str(), shape.c_str(), c.checked, c.kinks, c.unresolved, c.worst_error,
                    element_text(c, c.worst_element).c_str(), c.worst_analytic, c.worst_numeric,
                    c.passed ? "PASS" : "FAIL");
      if (worst == nullptr || c.worst_error > worst->worst_error) worst = &c;
    } else {
      out << format("%-12s %-9s %8zu %6zu %10zu  %-11s %-10s %-20s %-20s %s\n", c.name.c_str(),
                    shape.c_str(), c.checked, c.kinks, c.unresolved, "-", "-", "-", "-",
                    "not checked");
    }
    sampled += c.sampled;
    checked += c.checked;
    kinks += c.kinks;
    unresolved += c.unresolved;
    failed += c.passed ? 0 : 1;
    for (const auto& [op, n] : c.kink_ops) kink_ops[op] += n;
  }

  // Notes: which parameters were sampled, which kinks were met.
  out << "\n";
  for (const ParameterCheck& c : checks) {
    if (c.sampled < c.rows * c.cols) {
      out << format("note: %s: a random %zu of its %zu elements (seed %llu; --elements 0 checks "
                    "all)\n", c.name.c_str(), c.sampled, c.rows * c.cols,
                    static_cast<unsigned long long>(options.seed));
    }
  }
  for (const auto& [op, n] : kink_ops) {
    out << format("note: %zu element%s skipped at a kink of %s\n", n, n == 1 ? "" : "s", op.c_str());
  }

  const std::string counts =
      format("%zu of %zu elements checked, %zu at kinks, %zu unresolved", checked, sampled, kinks,
             unresolved);
  int status = 0;
  if (failed > 0) {
    std::string names;
    for (const ParameterCheck& c : checks) {
      if (!c.passed) names += (names.empty() ? "" : ", ") + c.name;
    }
    out << format("FAIL: the gradient of %s disagrees with finite differences (worst error %.2g "
                  "in %s at %s: analytic %.12g, numeric %.12g); %s\n",
                  names.c_str(), worst->worst_error, worst->name.c_str(),
                  element_text(*worst, worst->worst_element).c_str(), worst->worst_analytic,
                  worst->worst_numeric, counts.c_str());
    status = kGradcheckFailed;
  } else if (checked == 0) {
    out << "NOT CHECKED: no element could be judged; " << counts << "\n";
    status = kGradcheckFailed;
  } else {
    out << format("PASS: every checked gradient agrees with finite differences (worst error "
                  "%.2g in %s); %s\n", worst->worst_error, worst->name.c_str(), counts.c_str());
  }
  out << format("%zu forward passes on %zu sample%s in %.2f s\n", 2 * sampled + 2, x.shape(0),
                x.shape(0) == 1 ? "" : "s",
                seconds);
  return status;
}

int gradcheck(int argc, char** argv) {
  const Flags flags(argc, argv, {"weights", "batch", "elements", "set"}, {}, 1);
  if (flags.help()) {
    std::cout << kGradcheckUsage;
    return 0;
  }
  if (flags.positional().empty()) throw InputError("gradcheck: which run file? (see --help)");
  const std::int64_t batch_flag = flags.get_int("batch", 0, 1, INT64_MAX);
  const std::int64_t elements = flags.get_int("elements", kDefaultElements, 0, INT64_MAX);
  const std::string weights = flags.get_string("weights", "");
  RunSession session = open_run(flags.positional()[0], flags.get_all("set"), weights);
  const RunSpec& run = session.run;
  const Dataset& train = session.data.train;

  const std::size_t n = train.size();
  if (flags.has("batch") && static_cast<std::uint64_t>(batch_flag) > n) {
    throw InputError("--batch " + std::to_string(batch_flag) + ": the training set of " + run.file +
                     " has only " + std::to_string(n) + " sample" + (n == 1 ? "" : "s"));
  }
  const std::size_t batch =
      flags.has("batch") ? static_cast<std::size_t>(batch_flag)
                         : std::min(n, static_cast<std::size_t>(kDefaultBatch));
  const Tensor x = xt::view(train.x, xt::range(0, batch), xt::all());
  const Tensor y = xt::view(train.y, xt::range(0, batch), xt::all());

  std::cout << "gradcheck: " << run.file << ", "
            << (weights.empty() ? format("initial weights (seed %llu)",
                                         static_cast<unsigned long long>(run.training.seed))
                                : "the weights of " + weights)
            << "\n"
            << "data: " << session.data.description << "\n"
            << "batch: the first " << batch << " of " << n
            << " training samples (in the training set's order)\n"
            << "network: " << session.model.parameter_count() << " parameters, loss "
            << to_string(run.loss) << "\n";
  GradcheckOptions options;
  options.max_elements = static_cast<std::size_t>(elements);
  options.seed = run.training.seed;
  // A bar on a terminal once the check takes more than a second (each element is two passes).
  Progress progress(run.report.progress, 1);
  options.on_progress = [&](std::size_t done, std::size_t total) {
    progress.show(static_cast<double>(done) / static_cast<double>(total),
                  format("element %zu of %zu", done + 1, total));
  };
  std::ostringstream report;
  const int status = report_gradcheck(report, session.model, run.loss, x, y, options);
  progress.clear();
  std::cout << report.str();
  return status;
}

}  // namespace tinynn::cli
