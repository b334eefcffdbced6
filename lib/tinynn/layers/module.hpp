// Module: anything with parameters that maps a batch Var to a batch Var.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "tinynn/autograd/var.hpp"

namespace tinynn {

/// A parameter with its dotted name, e.g. {"0.weight", W}.
using NamedParameter = std::pair<std::string, Var>;

class Module {
 public:
  virtual ~Module() = default;
  /// Y = f(X) for a batch X (N×in → N×out), recorded in the graph.
  virtual Var forward(const Var& x) = 0;
  /// Every trainable parameter, named ("weight", "bias"; "0.weight" inside a Sequential).
  virtual std::vector<NamedParameter> named_parameters() const = 0;
  /// One line per layer, e.g. "Dense(2 -> 4, sigmoid)".
  virtual std::string describe() const = 0;

  /// The parameters without names, in the same order.
  std::vector<Var> parameters() const {
    std::vector<Var> out;
    for (const auto& [name, p] : named_parameters()) out.push_back(p);
    return out;
  }
  /// Number of trainable numbers.
  std::size_t parameter_count() const {
    std::size_t n = 0;
    for (const auto& [name, p] : named_parameters()) n += p.value().size();
    return n;
  }
};

}  // namespace tinynn
