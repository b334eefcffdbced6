// tinynn: define, train, evaluate and use a network from JSON files, without writing C++.
#include <cstring>
#include <iostream>

#include "commands.hpp"
#include "lessons/lessons.hpp"
#include "tinynn/io/model_file.hpp"

namespace {

const char* kUsage = R"(usage: tinynn COMMAND [ARGS] [--help]

  train RUN.json [--out MODEL.json] [--set KEY=VALUE ...] [--quiet]
                    train the network a run file describes; write the model file
  validate RUN.json [--set KEY=VALUE ...]
                    check a run file (and its data) without training
  summary RUN.json|MODEL.json
                    layers, shapes and parameter counts
  eval MODEL.json DATA.csv
                    loss and metrics of a trained model on labelled data
  predict MODEL.json DATA.csv [--out PRED.csv]
                    predictions for every row (the target column may be absent)
  gradcheck RUN.json [--weights MODEL.json] [--batch N] [--elements N] [--set ...]
                    check every gradient of the network against finite differences
  boundary MODEL.json DATA.csv [--out FILE.svg]
                    the decision boundary of a 2-input model over the data, as SVG
  make-data KIND [--n N] [--noise X] [--seed N] [--classes K] [--out FILE.csv]
                    synthetic 2-D data: moons, circles, spirals, xor
  sigmoid [--out FILE.svg] [--at X,...]
                    the sigmoid lesson in numbers, and a plot of σ and σ′
  explain RUN.json [--sample I] [--weights MODEL.json] [--set KEY=VALUE ...]
                    one forward and backward pass as a ledger: the chain rule in numbers
  graph RUN.json --out FILE.dot|.svg [--sample I] [--weights MODEL.json] [--set ...]
                    the autograd graph of that pass as a Graphviz picture

  --version         print the version
  COMMAND --help    the flags of one command

exit status: 0 success, 1 internal error, 2 bad input (usage, run file, data, model file),
             3 training diverged (NaN or Inf), 4 I/O failure (a file could not be written),
             5 gradcheck found a wrong gradient
)";

int dispatch(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0 ||
      std::strcmp(argv[1], "help") == 0) {
    // Asked for: the usage on stdout, exit 0. No command at all is a usage error: stderr, 2.
    (argc < 2 ? std::cerr : std::cout) << kUsage;
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  if (command == "--version") {
    std::cout << "tinynn " << tinynn::kTinynnVersion << "\n";
    return 0;
  }
  // Each subcommand sees argv from its own name on.
  if (command == "train") return tinynn::cli::train(argc - 1, argv + 1);
  if (command == "validate") return tinynn::cli::validate(argc - 1, argv + 1);
  if (command == "summary") return tinynn::cli::summary(argc - 1, argv + 1);
  if (command == "eval") return tinynn::cli::eval(argc - 1, argv + 1);
  if (command == "predict") return tinynn::cli::predict(argc - 1, argv + 1);
  if (command == "gradcheck") return tinynn::cli::gradcheck(argc - 1, argv + 1);
  if (command == "boundary") return tinynn::cli::boundary(argc - 1, argv + 1);
  if (command == "make-data") return tinynn::cli::make_data(argc - 1, argv + 1);
  if (command == "sigmoid") return tinynn::cli::sigmoid(argc - 1, argv + 1);
  if (command == "explain") return tinynn::cli::explain(argc - 1, argv + 1);
  if (command == "graph") return tinynn::cli::graph(argc - 1, argv + 1);
  throw tinynn::InputError("unknown command '" + command +
                           "' (commands: train, validate, summary, eval, predict, gradcheck, boundary, "
                           "make-data, sigmoid, explain, graph; see --help)");
}

}  // namespace

int main(int argc, char** argv) {
  return tinynn::apps::guarded_main("tinynn", dispatch, argc, argv);
}
