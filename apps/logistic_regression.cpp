// apps/logistic_regression: one sigmoid unit on the Wisconsin breast-cancer data.
// Exit 0 only if test accuracy reaches 0.95. Run with --help for the flags.
#include <iostream>

#include "lessons/flags.hpp"
#include "lessons/lessons.hpp"

namespace {

const char* kUsage = R"(usage: logistic_regression [flags]
Logistic regression (one sigmoid unit, binary cross-entropy, full-batch gradient descent)
on a CSV file, standardised with training-set statistics, seeded train/test split.
Prints the loss, then train and test accuracy, precision and recall.
Exit 0 only if test accuracy >= 0.95.

  --data PATH          CSV with a header row (default datasets/breast_cancer.csv,
                       relative to the current directory: run from the repository root)
  --target NAME        target column, values 0/1 (default: the last column)
  --test-fraction X    share of samples held out for testing, 0 < X < 1 (default 0.2)
  --seed N             seed of the train/test split (default 0)
  --lr X               learning rate, > 0 (default 0.1)
  --epochs N           epochs (default 500)
  --log-every N        print the losses every N epochs; 0 silences it (default 50)
  --help               this text

exit status: 0 test accuracy >= 0.95, 1 internal error, 2 bad flag or data,
             3 training diverged, 5 trained but test accuracy < 0.95
)";

int run(int argc, char** argv) {
  using namespace tinynn::apps;
  const Flags flags(argc, argv,
                    {"data", "target", "test-fraction", "seed", "lr", "epochs", "log-every"});
  if (flags.help()) {
    std::cout << kUsage;
    return 0;
  }
  LogisticOptions o;
  o.data = flags.get_string("data", o.data);
  o.target = flags.get_string("target", o.target);
  if (flags.has("target") && o.target.empty()) {
    throw tinynn::InputError("--target: expected a column name, got an empty string");
  }
  o.test_fraction = flags.get_double("test-fraction", o.test_fraction);
  if (!(o.test_fraction > 0 && o.test_fraction < 1)) {
    throw tinynn::InputError("--test-fraction: expected a number between 0 and 1 (both excluded), got '" +
                             flags.get_string("test-fraction", "") + "'");
  }
  o.seed = flags.get_seed("seed", o.seed);
  o.lr = flags.get_positive("lr", o.lr);
  o.epochs = flags.get_int("epochs", o.epochs, 1, 1000000000);
  o.log_every = flags.get_int("log-every", o.log_every, 0, 1000000000);
  const LogisticResult r = train_logistic(o, std::cout);
  return r.test.accuracy >= 0.95 ? 0 : 5;
}

}  // namespace

int main(int argc, char** argv) {
  return tinynn::apps::guarded_main("logistic_regression", run, argc, argv);
}
