// Initial values for weights. Every function takes the Rng explicitly: the seed decides
// everything, and nothing random happens anywhere else.
#pragma once

#include <string>

#include "tinynn/tensor.hpp"

namespace tinynn {

/// How a layer's weight starts. Biases start at zero unless the init is `constant`.
enum class Init {
  xavier_uniform,  ///< U(−a, a), a = √(6/(in + out)) (Glorot & Bengio 2010): keeps the signal's
                   ///< variance roughly equal going forward and backward through sigmoid layers
  zeros,           ///< all 0: every hidden unit computes the same thing forever (see README)
  constant,        ///< all equal to a given value (weights and bias): also never breaks symmetry
};

/// "xavier_uniform", "zeros", "constant".
std::string to_string(Init init);

/// An in×out weight drawn from U(−a, a) with a = √(6/(in + out)), in row-major order.
Tensor xavier_uniform(std::size_t in, std::size_t out, Rng& rng);

}  // namespace tinynn
