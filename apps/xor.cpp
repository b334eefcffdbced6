// apps/xor: train a 2-H-1 sigmoid network on XOR and print the truth table it learned.
// Exit 0 only if all four rows come out right. Run with --help for the flags.
#include <iostream>

#include "lessons/flags.hpp"
#include "lessons/lessons.hpp"

namespace {

const char* kUsage = R"(usage: xor [flags]
Train a 2-H-1 sigmoid network on XOR by full-batch gradient descent, printing the loss,
then the truth table with the network's outputs. Exit 0 only if all 4 rows are right.

  --hidden N        hidden sigmoid units (default 4)
  --lr X            learning rate, > 0 (default 2)
  --epochs N        at most N epochs (default 10000)
  --seed N          seed of the initial weights (default 0)
  --loss mse|bce    mean squared error on sigmoid outputs, or binary cross-entropy
                    fused with the output sigmoid (default mse)
  --stop-loss X     stop once the loss is below X; 0 never stops early (default 0.01)
  --log-every N     print the loss every N epochs; 0 silences it (default 50)
  --help            this text

exit status: 0 all rows right, 1 internal error, 2 bad flag, 3 training diverged,
             5 trained but not all rows right
)";

int run(int argc, char** argv) {
  using namespace tinynn::apps;
  const Flags flags(argc, argv,
                    {"hidden", "lr", "epochs", "seed", "loss", "stop-loss", "log-every"});
  if (flags.help()) {
    std::cout << kUsage;
    return 0;
  }
  XorOptions o;
  o.hidden = static_cast<std::size_t>(flags.get_int("hidden", 4, 1, 100000));
  o.lr = flags.get_positive("lr", o.lr);
  o.epochs = flags.get_int("epochs", o.epochs, 1, 1000000000);
  o.seed = flags.get_seed("seed", o.seed);
  o.loss = flags.get_string("loss", o.loss);
  o.stop_loss = flags.get_double("stop-loss", o.stop_loss);
  if (o.stop_loss < 0) {
    throw tinynn::InputError("--stop-loss: expected a number >= 0, got '" +
                             flags.get_string("stop-loss", "") + "'");
  }
  o.log_every = flags.get_int("log-every", o.log_every, 0, 1000000000);
  const XorResult r = train_xor(o, std::cout);
  return r.rows_right == 4 ? 0 : 5;
}

}  // namespace

int main(int argc, char** argv) { return tinynn::apps::guarded_main("xor", run, argc, argv); }
