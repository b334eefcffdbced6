// Initial values for weights. Every function takes the Rng explicitly: the seed decides
// everything, and nothing random happens anywhere else.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tinynn/tensor.hpp"

namespace tinynn {

/// How a layer's weight starts. Biases start at zero unless the init is `constant`.
enum class Init {
  xavier_uniform,  ///< U(−a, a), a = √(6/(in + out)) (Glorot & Bengio 2010): keeps the signal's
                   ///< variance roughly equal going forward and backward through sigmoid layers
  xavier_normal,   ///< N(0, σ²), σ = √(2/(in + out)): the same variance as xavier_uniform
  he_uniform,      ///< U(−a, a), a = √(6/in) (He et al. 2015, "Kaiming"): for relu layers,
                   ///< which zero half their inputs and so need twice the variance, 2/in
  zeros,           ///< all 0: every hidden unit computes the same thing forever (see README)
  constant,        ///< all equal to a given value (weights and bias): also never breaks symmetry
};

/// "xavier_uniform", "xavier_normal", "he_uniform", "zeros", "constant".
std::string to_string(Init init);

/// The Init named `name` (exactly as to_string writes it), or std::nullopt.
std::optional<Init> init_from_string(const std::string& name);

/// Every init name, in the enum's order.
const std::vector<std::string>& init_names();

/// An in×out weight drawn from U(−a, a) with a = √(6/(in + out)), in row-major order.
Tensor xavier_uniform(std::size_t in, std::size_t out, Rng& rng);

/// An in×out weight drawn from N(0, σ²) with σ = √(2/(in + out)) (Rng::normal), row-major.
Tensor xavier_normal(std::size_t in, std::size_t out, Rng& rng);

/// An in×out weight drawn from U(−a, a) with a = √(6/in), row-major. Var(U(−a, a)) = a²/3 =
/// 2/in: PyTorch's kaiming_uniform_ with nonlinearity "relu" (gain √2, fan_in = in).
Tensor he_uniform(std::size_t in, std::size_t out, Rng& rng);

}  // namespace tinynn
