// Use a trained tinynn model from your own C++ program: load the model file, feed it one
// row of features, print what it predicts. Build: see CMakeLists.txt beside this file.
#include <cstdlib>
#include <iostream>

#include "tinynn/tinynn.hpp"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: predict MODEL.json FEATURE...\n";
    return 2;
  }
  try {
    const tinynn::TrainedModel model = tinynn::load_model(argv[1]);
    const std::size_t n = static_cast<std::size_t>(argc - 2);
    if (n != model.spec.inputs) {
      std::cerr << "the model takes " << model.spec.inputs << " features, got " << n << "\n";
      return 2;
    }
    tinynn::Tensor row = tinynn::zeros(1, n);
    for (std::size_t j = 0; j < n; ++j) row(0, j) = std::strtod(argv[2 + j], nullptr);

    tinynn::NoGradGuard no_grad;  // inference: record no graph
    tinynn::Sequential network = model.network;
    const tinynn::Var output = network.forward(tinynn::constant(model.prepare_inputs(row)));
    const tinynn::Tensor p = tinynn::output_to_prediction(model.loss, output.value());
    for (std::size_t j = 0; j < p.shape(1); ++j) std::cout << (j ? " " : "") << p(0, j);
    std::cout << "\n";
  } catch (const std::exception& e) {
    std::cerr << "predict: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
