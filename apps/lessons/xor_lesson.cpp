// XOR: the smallest problem that needs a hidden layer. No line separates {01, 10} from
// {00, 11}, so one neuron fails; two or more hidden sigmoid units bend the boundary.
#include <cmath>
#include <cstdio>
#include <ostream>

#include "format.hpp"
#include "lessons.hpp"
#include "tinynn/tinynn.hpp"

namespace tinynn::apps {

XorResult train_xor(const XorOptions& o, std::ostream& out) {
  if (o.hidden == 0) throw InputError("--hidden: expected at least 1 hidden unit, got 0");
  if (o.loss != "mse" && o.loss != "bce") {
    throw InputError("--loss: expected 'mse' or 'bce', got '" + o.loss + "'");
  }
  const bool bce = o.loss == "bce";

  // The whole data set: the four rows of the truth table, one batch.
  const Var x = constant(from_rows({{0, 0}, {0, 1}, {1, 0}, {1, 1}}));
  const Tensor target = from_rows({{0}, {1}, {1}, {0}});

  // 2 → hidden (sigmoid) → 1. With BCE the output sigmoid is fused into the loss
  // (bce_with_logits): same model, but the loss and its gradient never under- or overflow.
  Rng rng(o.seed);
  Sequential net;
  net.emplace<Dense>(2, o.hidden, Activation::sigmoid, rng);
  net.emplace<Dense>(o.hidden, 1, bce ? Activation::identity : Activation::sigmoid, rng);
  Sgd optimizer(net.parameters(), o.lr);

  const auto loss_of = [&](const Var& output) {
    return bce ? bce_with_logits(output, target) : mse(output, target);
  };

  out << format("XOR, 2-%zu-1 sigmoid network, loss %s, lr %g, up to %lld epochs, seed %llu\n",
                o.hidden, o.loss.c_str(), o.lr, static_cast<long long>(o.epochs),
                static_cast<unsigned long long>(o.seed))
      << std::flush;

  XorResult r;
  for (std::int64_t epoch = 1; epoch <= o.epochs; ++epoch) {
    optimizer.zero_grad();                     // 1. zero_grad: gradients accumulate, clear them
    const Var loss = loss_of(net.forward(x));  // 2. forward + loss
    loss.backward();                           // 3. backward: dL/dθ for every parameter θ
    optimizer.step();                          // 4. step: θ ← θ − lr·dL/dθ

    const double value = loss.item();
    r.loss_history.push_back(value);
    r.epochs_run = epoch;
    if (!std::isfinite(value)) {
      throw TrainingDiverged("the loss became " + to_text(value) + " at epoch " +
                             std::to_string(epoch) + " (try a smaller --lr)");
    }
    if (o.log_every > 0 && (epoch == 1 || epoch % o.log_every == 0)) {
      out << format("epoch %6lld  loss %s\n", static_cast<long long>(epoch), loss_text(value).c_str())
          << std::flush;
    }
    if (value < o.stop_loss) break;
  }

  // Evaluate after the last update, recording no graph.
  NoGradGuard no_grad;
  const Var output = net.forward(x);
  r.final_loss = loss_of(output).item();
  r.output = bce ? Tensor(sigmoid(output).value()) : output.value();
  out << format("stopped after %lld epochs, final loss %.6f\n\n",
                static_cast<long long>(r.epochs_run), r.final_loss);
  out << "x1 x2 | target | output | right\n";
  for (std::size_t i = 0; i < 4; ++i) {
    const bool right = (r.output(i, 0) >= 0.5) == (target(i, 0) >= 0.5);
    r.rows_right += right ? 1 : 0;
    out << format(" %g  %g |   %g    | %.4f | %s\n", x.value()(i, 0),
                  x.value()(i, 1), target(i, 0), r.output(i, 0), right ? "yes" : "NO");
  }
  out << r.rows_right << "/4 rows right\n";
  return r;
}

}  // namespace tinynn::apps
