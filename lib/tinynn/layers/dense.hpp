// Dense (fully connected) layer:  Y = act(X·W + b),  X N×in, W in×out, b 1×out, Y N×out.
#pragma once

#include "tinynn/init/init.hpp"
#include "tinynn/layers/module.hpp"

namespace tinynn {

/// What a Dense layer applies after X·W + b.
enum class Activation {
  identity,  ///< Y = Z (a linear layer; use it before bce_with_logits)
  sigmoid,   ///< Y = σ(Z)
};

/// "identity", "sigmoid".
std::string to_string(Activation act);

class Dense : public Module {
 public:
  /// Random or constant start: W by `init` (xavier_uniform draws from rng), b = 0
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
