// See run_session.hpp.
#include "run_session.hpp"

#include <iostream>

#include "tinynn/io/model_file.hpp"
#include "tinynn/layers/dense.hpp"

namespace tinynn::cli {

Streams::Streams(std::uint64_t seed) : init(0), split(0), shuffle(0) {
  Rng master(seed);
  init = Rng(master.next_u64());
  split = Rng(master.next_u64());
  shuffle = Rng(master.next_u64());
}

namespace {

// The model file must describe the run file's network: same inputs, layers, activations, loss.
void check_same_architecture(const RunSpec& run, const TrainedModel& trained, const std::string& weights_path) {
  const auto differ = [&](const std::string& what, const std::string& in_run, const std::string& in_model) {
    throw InputError(weights_path + ": its " + what + " is " + in_model + ", but " + run.file +
                     " has " + in_run + ": the weights must come from a model of the same network");
  };
  const ModelSpec& a = run.model;
  const ModelSpec& b = trained.spec;
  if (a.inputs != b.inputs) differ("input count", std::to_string(a.inputs), std::to_string(b.inputs));
  if (a.layers.size() != b.layers.size()) {
    differ("layer count", std::to_string(a.layers.size()), std::to_string(b.layers.size()));
  }
  for (std::size_t i = 0; i < a.layers.size(); ++i) {
    const std::string layer = "layer " + std::to_string(i);
    if (a.layers[i].units != b.layers[i].units) {
      differ(layer + "'s units", std::to_string(a.layers[i].units), std::to_string(b.layers[i].units));
    }
    if (a.layers[i].activation != b.layers[i].activation) {
      differ(layer + "'s activation", to_string(a.layers[i].activation), to_string(b.layers[i].activation));
    }
  }
  if (run.loss != trained.loss) differ("loss", to_string(run.loss), to_string(trained.loss));
}

}  // namespace

std::vector<NamedPath> input_files(const RunSpec& run) {
  const DataSpec& d = run.data;
  return {{"the run file", run.file},
          {"the training data (/data/train)", d.train},
          {"the test data (/data/test)", d.test},
          {"/data/train_images", d.train_images},
          {"/data/train_labels", d.train_labels},
          {"/data/test_images", d.test_images},
          {"/data/test_labels", d.test_labels}};
}

RunSession open_run(const std::string& run_path, const std::vector<std::string>& overrides,
                    const std::string& weights_path) {
  RunSpec run = load_run_file(run_path, overrides);
  for (const auto& w : run.warnings) std::cerr << "tinynn: warning: " << w << "\n";
  Streams streams(run.training.seed);
  PreparedData data = prepare_data(run, streams.split);
  Sequential model;
  if (weights_path.empty()) {
    model = build_model(run.model, streams.init);
  } else {
    const TrainedModel trained = load_model(weights_path);
    check_same_architecture(run, trained, weights_path);
    model = trained.network;
  }
  return {std::move(run), std::move(streams), std::move(data), std::move(model)};
}

}  // namespace tinynn::cli
