// Logistic regression: P(benign | x) = σ(x·w + b), fitted by gradient descent on the mean
// binary cross-entropy. One sigmoid unit; the loss is convex in (w, b), so starting from
// zero is safe (there is no symmetry to break with a single unit).
#include <cmath>
#include <cstdio>
#include <ostream>

#include "format.hpp"
#include "lessons.hpp"
#include "tinynn/tinynn.hpp"

namespace tinynn::apps {

namespace {
ClassScores scores(const Tensor& probability, const Tensor& target) {
  const BinaryMetrics m = binary_metrics(probability, target);
  return {m.accuracy, m.precision, m.recall};
}
}  // namespace

LogisticResult train_logistic(const LogisticOptions& o, std::ostream& out) {
  if (!(o.test_fraction > 0 && o.test_fraction < 1)) {
    throw InputError("--test-fraction: expected a number between 0 and 1, got " +
                     std::to_string(o.test_fraction));
  }
  const Dataset all = load_csv(o.data, o.target);
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (all.y(i, 0) != 0.0 && all.y(i, 0) != 1.0) {
      throw InputError(o.data + ":" + std::to_string(i + 2) + ": target '" + all.target_name +
                       "' is " + to_text(all.y(i, 0)) + "; logistic regression needs 0 or 1");
    }
  }
  if (all.size() < 2) throw InputError(o.data + ": need at least 2 rows to split, got 1");

  Rng rng(o.seed);
  auto [train, test] = train_test_split(all, o.test_fraction, rng);
  // Standardise with the training set's statistics only: the test set stays unseen.
  const Standardizer standardizer = Standardizer::fit(train.x);
  const Var x_train = constant(standardizer.transform(train.x));
  const Var x_test = constant(standardizer.transform(test.x));

  // z = x·w + b; the sigmoid is fused into the loss (bce_with_logits), so p = σ(z) never
  // rounds to exactly 0 or 1 inside a log.
  Dense unit(train.features(), 1, Activation::identity, rng, Init::zeros);
  Sgd optimizer(unit.parameters(), o.lr);

  out << format("Logistic regression on %s: %zu samples x %zu features, target '%s'\n"
                "split seed %llu: %zu train / %zu test, standardised with training statistics\n"
                "one sigmoid unit, mean binary cross-entropy, full-batch GD lr %g, %lld epochs\n",
                o.data.c_str(), all.size(), all.features(), all.target_name.c_str(),
                static_cast<unsigned long long>(o.seed), train.size(), test.size(), o.lr,
                static_cast<long long>(o.epochs));

  LogisticResult r;
  r.train_size = train.size();
  r.test_size = test.size();
  for (std::int64_t epoch = 1; epoch <= o.epochs; ++epoch) {
    const bool log_now = o.log_every > 0 && (epoch == 1 || epoch % o.log_every == 0);
    double test_loss = 0;
    if (log_now) {  // the test loss at the same parameters as this epoch's training loss
      NoGradGuard no_grad;
      test_loss = bce_with_logits(unit.forward(x_test), test.y).item();
    }

    optimizer.zero_grad();                                             // 1. zero_grad
    const Var loss = bce_with_logits(unit.forward(x_train), train.y);  // 2. forward + loss
    loss.backward();                                                   // 3. backward
    optimizer.step();                                                  // 4. step

    const double value = loss.item();
    r.loss_history.push_back(value);
    if (!std::isfinite(value)) {
      throw TrainingDiverged("the training loss became " + to_text(value) + " at epoch " +
                             std::to_string(epoch) + " (try a smaller --lr)");
    }
    if (log_now) {
      out << format("epoch %5lld  train loss %s  test loss %s\n", static_cast<long long>(epoch),
                    loss_text(value).c_str(), loss_text(test_loss).c_str())
          << std::flush;
    }
  }

  NoGradGuard no_grad;
  const Var z_train = unit.forward(x_train);
  const Var z_test = unit.forward(x_test);
  r.final_train_loss = bce_with_logits(z_train, train.y).item();
  r.final_test_loss = bce_with_logits(z_test, test.y).item();
  r.train = scores(sigmoid(z_train).value(), train.y);
  r.test = scores(sigmoid(z_test).value(), test.y);

  out << format("\nfinal loss: train %s, test %s\n", loss_text(r.final_train_loss).c_str(),
                loss_text(r.final_test_loss).c_str());
  out << "(positive class: " << all.target_name << " = 1)\n";
  out << "        accuracy  precision  recall\n";
  out << format("train   %8.4f  %9.4f  %6.4f\n", r.train.accuracy,
                r.train.precision, r.train.recall);
  out << format("test    %8.4f  %9.4f  %6.4f\n", r.test.accuracy,
                r.test.precision, r.test.recall);
  return r;
}

}  // namespace tinynn::apps
