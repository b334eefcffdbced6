// Weight initialisers (see init.hpp).
#include "tinynn/init/init.hpp"

#include <cmath>

namespace tinynn {

std::string to_string(Init init) {
  switch (init) {
    case Init::xavier_uniform: return "xavier_uniform";
    case Init::zeros: return "zeros";
    case Init::constant: return "constant";
  }
  return "?";
}

Tensor xavier_uniform(std::size_t in, std::size_t out, Rng& rng) {
  const double a = std::sqrt(6.0 / static_cast<double>(in + out));
  Tensor w = Tensor::from_shape({in, out});
  for (double& v : w) v = rng.uniform(-a, a);
  return w;
}

}  // namespace tinynn
