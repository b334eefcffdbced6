// The training loop and evaluation (see trainer.hpp).
#include "tinynn/train/trainer.hpp"

#include <chrono>
#include <cmath>
#include <sstream>

#include "tinynn/ops/ops.hpp"
#include "tinynn/train/metrics.hpp"

namespace tinynn {

Tensor output_to_prediction(Loss loss, const Tensor& output) {
  NoGradGuard no_grad;
  switch (loss) {
    case Loss::bce_with_logits: return sigmoid(constant(output)).value();
    case Loss::cross_entropy: return softmax(constant(output)).value();
    case Loss::mse:
    case Loss::binary_cross_entropy: break;
  }
  return output;
}

std::vector<std::size_t> predicted_classes(const Tensor& prediction) {
  std::vector<std::size_t> out(prediction.shape(0));
  for (std::size_t i = 0; i < prediction.shape(0); ++i) {
    if (prediction.shape(1) == 1) {
      out[i] = prediction(i, 0) >= 0.5 ? 1 : 0;
      continue;
    }
    std::size_t best = 0;
    for (std::size_t j = 1; j < prediction.shape(1); ++j) {
      if (prediction(i, j) > prediction(i, best)) best = j;
    }
    out[i] = best;
  }
  return out;
}

bool is_classification(Loss loss, const Tensor& target) {
  if (loss != Loss::mse) return true;
  for (double t : target) {
    if (t != 0.0 && t != 1.0) return false;
  }
  return true;
}

namespace {
// Target class of each row: 0/1 threshold for one output; for several outputs, the label
// (cross_entropy's N×1 targets) or, for one-hot targets of the outputs' width (mse on
// several outputs), the column of the largest value, as predicted_classes reads outputs.
std::vector<std::size_t> target_classes(const Tensor& y, std::size_t columns) {
  if (y.shape(1) > 1) return predicted_classes(y);
  std::vector<std::size_t> out(y.shape(0));
  for (std::size_t i = 0; i < y.shape(0); ++i) {
    out[i] = columns == 1 ? (y(i, 0) >= 0.5 ? 1 : 0) : static_cast<std::size_t>(y(i, 0));
  }
  return out;
}

// How many rows of a batch the output classifies correctly.
std::size_t count_right(const Tensor& output, Loss loss, const Tensor& y) {
  const Tensor prediction = output_to_prediction(loss, output);
  const auto predicted = predicted_classes(prediction);
  const auto actual = target_classes(y, prediction.shape(1));
  std::size_t right = 0;
  for (std::size_t i = 0; i < predicted.size(); ++i) right += predicted[i] == actual[i] ? 1 : 0;
  return right;
}

// "0.weight (row 3, column 1 is nan)" for the first named parameter that is not finite.
std::string first_non_finite_parameter(const Module& model) {
  for (const auto& [name, p] : model.named_parameters()) {
    const std::string where = find_non_finite(p.value());
    if (!where.empty()) return name + " (" + where + ")";
  }
  return "";
}

// Copy the rows order[begin, end) of src into dst (resized as needed).
void gather_rows(const Tensor& src, const std::vector<std::size_t>& order, std::size_t begin,
                 std::size_t end, Tensor& dst) {
  const std::size_t cols = src.shape(1);
  if (dst.shape(0) != end - begin || dst.shape(1) != cols) dst = Tensor::from_shape({end - begin, cols});
  for (std::size_t r = begin; r < end; ++r) {
    const double* from = src.data() + order[r] * cols;
    std::copy(from, from + cols, dst.data() + (r - begin) * cols);
  }
}
}  // namespace

Evaluation evaluate(Module& model, Loss loss, const Tensor& x, const Tensor& y) {
  NoGradGuard no_grad;
  const Var output = model.forward(constant(x));
  Evaluation e;
  e.loss = compute_loss(loss, output, y).item();
  e.classification = is_classification(loss, y);
  if (!e.classification) return e;
  const Tensor prediction = output_to_prediction(loss, output.value());
  const auto predicted = predicted_classes(prediction);
  const auto actual = target_classes(y, prediction.shape(1));
  e.classes = prediction.shape(1) == 1 ? 2 : prediction.shape(1);
  e.confusion.assign(e.classes, std::vector<std::size_t>(e.classes, 0));
  std::size_t right = 0;
  for (std::size_t i = 0; i < predicted.size(); ++i) {
    if (actual[i] < e.classes) ++e.confusion[actual[i]][predicted[i]];
    right += predicted[i] == actual[i] ? 1 : 0;
  }
  e.accuracy = static_cast<double>(right) / static_cast<double>(predicted.size());
  if (e.classes == 2) {
    const double tp = static_cast<double>(e.confusion[1][1]);
    const double fp = static_cast<double>(e.confusion[0][1]);
    const double fn = static_cast<double>(e.confusion[1][0]);
    e.precision = tp + fp > 0 ? tp / (tp + fp) : 0;
    e.recall = tp + fn > 0 ? tp / (tp + fn) : 0;
    e.f1 = e.precision + e.recall > 0 ? 2 * e.precision * e.recall / (e.precision + e.recall) : 0;
  }
  return e;
}

std::vector<EpochStats> fit(Module& model, Loss loss, Optimizer& optimizer, const Tensor& x,
                            const Tensor& y, const Tensor* x_test, const Tensor* y_test,
                            const FitOptions& options, Rng& rng, const FitCallbacks& callbacks) {
  const std::size_t n = x.shape(0);
  if (n == 0) throw std::invalid_argument("fit: no training samples");
  if (y.shape(0) != n) {
    throw std::invalid_argument("fit: " + std::to_string(n) + " samples but " +
                                std::to_string(y.shape(0)) + " targets");
  }
  const std::size_t batch = options.batch_size <= 0 || static_cast<std::size_t>(options.batch_size) > n
                                ? n
                                : static_cast<std::size_t>(options.batch_size);
  const std::size_t batches = (n + batch - 1) / batch;  // the last partial batch is kept
  const bool classification = is_classification(loss, y);
  const bool test = x_test != nullptr && y_test != nullptr && x_test->shape(0) > 0;

  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  Tensor xb, yb;
  std::vector<EpochStats> history;
  const auto start = std::chrono::steady_clock::now();
  const auto diverged = [&](std::int64_t epoch, std::size_t b, const std::string& what) {
    std::ostringstream s;
    s << "epoch " << epoch << ", batch " << b + 1 << " of " << batches << ": " << what;
    if (!options.hint.empty()) s << ". " << options.hint;
    throw TrainingDiverged(s.str());
  };

  for (std::int64_t epoch = 1; epoch <= options.epochs; ++epoch) {
    if (options.shuffle) order = permutation(n, rng);
    double loss_sum = 0;
    std::size_t right = 0;
    for (std::size_t b = 0; b < batches; ++b) {
      const std::size_t begin = b * batch;
      const std::size_t end = std::min(n, begin + batch);
      gather_rows(x, order, begin, end, xb);
      gather_rows(y, order, begin, end, yb);

      optimizer.zero_grad();                                     // 1. zero_grad
      const Var output = model.forward(constant(xb));            // 2. forward
      const Var batch_loss = compute_loss(loss, output, yb);     //    + loss
      const double value = batch_loss.item();
      if (!std::isfinite(value)) {
        const std::string param = first_non_finite_parameter(model);
        diverged(epoch, b, "the loss is " + to_text(value) +
                               (param.empty() ? std::string(" while every parameter is still finite (the outputs overflowed)")
                                              : "; the first parameter to go non-finite was " + param));
      }
      batch_loss.backward();                                     // 3. backward
      optimizer.step();                                          // 4. step
      const std::string param = first_non_finite_parameter(model);
      if (!param.empty()) {
        diverged(epoch, b, "after this update the parameter " + param +
                               " is no longer finite (the loss before it was " +
                               std::to_string(value) + ")");
      }

      loss_sum += value * static_cast<double>(end - begin);
      if (classification) right += count_right(output.value(), loss, yb);
      if (callbacks.on_batch) callbacks.on_batch(epoch, b, batches);
    }

    EpochStats s;
    s.epoch = epoch;
    s.train_loss = loss_sum / static_cast<double>(n);
    if (classification) s.train_accuracy = static_cast<double>(right) / static_cast<double>(n);
    if (test) {
      const Evaluation e = evaluate(model, loss, *x_test, *y_test);
      s.test_loss = e.loss;
      if (e.classification) s.test_accuracy = e.accuracy;
      if (!std::isfinite(e.loss)) {  // every parameter is finite here, or the batch loop had stopped
        std::ostringstream m;
        m << "epoch " << epoch << ", after its last batch: the test loss is " << to_text(e.loss)
          << " while every parameter is still finite (the outputs overflow on the test data)";
        if (!options.hint.empty()) m << ". " << options.hint;
        throw TrainingDiverged(m.str());
      }
    }
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    history.push_back(s);
    if (callbacks.on_epoch) callbacks.on_epoch(s);
  }
  return history;
}

std::string history_csv(const std::vector<EpochStats>& history) {
  std::ostringstream s;
  s.precision(17);
  const auto opt = [&](const std::optional<double>& v) {
    if (v) s << *v;
  };
  s << "epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds\n";
  for (const EpochStats& e : history) {
    s << e.epoch << ',' << e.train_loss << ',';
    opt(e.train_accuracy);
    s << ',';
    opt(e.test_loss);
    s << ',';
    opt(e.test_accuracy);
    s << ',' << e.seconds << '\n';
  }
  return s.str();
}

// The check of a network: f is the loss (its one backward gives the analytic gradients); the
// numeric evaluations give the loss's terms, one per sample (per element for the elementwise
// losses), so that each term is differenced before the terms are summed. The rounding scale
// is s = ‖mᵢ‖₂ over the rows i, mᵢ = Σⱼ |termᵢⱼ| + Σⱼ |yᵢⱼ·∂L/∂yᵢⱼ| with y the network's
// output: the loss terms round in each evaluation, and so do the outputs, whose rounding
// reaches the loss weighted by their gradient (for a well-fitted model, the larger part).
// Rows round independently, so they add in quadrature.
std::vector<ParameterCheck> gradcheck_model(Module& model, Loss loss, const Tensor& x,
                                            const Tensor& y, GradcheckOptions options) {
  if (x.shape(0) != y.shape(0) || x.shape(0) == 0) {
    throw std::invalid_argument("gradcheck_model: x is " + shape_str(x) + " and y is " +
                                shape_str(y) + "; need the same number of rows, at least one");
  }
  const Var input = constant(x);
  Var output;
  const auto f = [&] {
    output = model.forward(input);
    return compute_loss(loss, output, y);
  };
  options.terms = [&] { return loss_terms(loss, model.forward(input).value(), y); };
  options.rounding_scale = [&] {
    const Tensor& out = output.value();
    const Tensor& grad = output.grad();
    const Tensor terms = loss_terms(loss, out, y);
    double sum_of_squares = 0;
    for (std::size_t i = 0; i < out.shape(0); ++i) {
      double m = 0;
      for (std::size_t j = 0; j < terms.shape(1); ++j) m += std::abs(terms(i, j));
      for (std::size_t j = 0; j < out.shape(1); ++j) m += std::abs(out(i, j) * grad(i, j));
      sum_of_squares += m * m;
    }
    return std::sqrt(sum_of_squares);
  };
  return gradcheck_parameters(f, model.named_parameters(), options);
}

}  // namespace tinynn
