// Dense (fully connected) layer:  Y = act(X·W + b),  X N×in, W in×out, b 1×out, Y N×out.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tinynn/init/init.hpp"
#include "tinynn/layers/module.hpp"

namespace tinynn {

/// What a Dense layer applies after X·W + b (the ops are in ops/ops.hpp).
enum class Activation {
  identity,  ///< Y = Z (a linear layer; use it before bce_with_logits or cross_entropy)
  sigmoid,   ///< Y = σ(Z)
  tanh,      ///< Y = tanh Z
  relu,      ///< Y = max(Z, 0) (pair it with Init::he_uniform)
  softmax,   ///< each row of Y = softmax of that row of Z: probabilities that sum to 1
             ///< (to train, prefer identity + cross_entropy, which fuses the softmax in)
};

/// "identity", "sigmoid", "tanh", "relu", "softmax".
std::string to_string(Activation act);

/// The Activation named `name` (exactly as to_string writes it), or std::nullopt.
std::optional<Activation> activation_from_string(const std::string& name);

/// Every activation name, in the enum's order.
const std::vector<std::string>& activation_names();

class Dense : public Module {
 public:
  /// Random or constant start: W by `init` (the random ones draw from rng), b = 0
  /// (b = `value` too for Init::constant).
  Dense(std::size_t in, std::size_t out, Activation act, Rng& rng,
        Init init = Init::xavier_uniform, double value = 0.0);
  /// Given start: W must be in×out and b 1×out (throws otherwise).
  Dense(Tensor weight, Tensor bias, Activation act);

  Var forward(const Var& x) override;
  std::vector<NamedParameter> named_parameters() const override;
  std::string describe() const override;

  const Var& weight() const { return weight_; }
  const Var& bias() const { return bias_; }
  std::size_t in_features() const { return weight_.rows(); }
  std::size_t out_features() const { return weight_.cols(); }
  Activation activation() const { return act_; }

 private:
  Var weight_;
  Var bias_;
  Activation act_;
};

}  // namespace tinynn
