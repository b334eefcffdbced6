// Weight initialisers (see init.hpp).
#include "tinynn/init/init.hpp"

#include <cmath>

namespace tinynn {

std::string to_string(Init init) {
  switch (init) {
    case Init::xavier_uniform: return "xavier_uniform";
    case Init::xavier_normal: return "xavier_normal";
    case Init::he_uniform: return "he_uniform";
    case Init::zeros: return "zeros";
    case Init::constant: return "constant";
  }
  return "?";
}

namespace {
constexpr Init kAllInits[] = {Init::xavier_uniform, Init::xavier_normal, Init::he_uniform,
                              Init::zeros, Init::constant};
}  // namespace

const std::vector<std::string>& init_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (Init i : kAllInits) out.push_back(to_string(i));
    return out;
  }();
  return names;
}

std::optional<Init> init_from_string(const std::string& name) {
  for (Init i : kAllInits) {
    if (to_string(i) == name) return i;
  }
  return std::nullopt;
}

Tensor xavier_uniform(std::size_t in, std::size_t out, Rng& rng) {
  const double a = std::sqrt(6.0 / static_cast<double>(in + out));
  Tensor w = Tensor::from_shape({in, out});
  for (double& v : w) v = rng.uniform(-a, a);
  return w;
}

// Glorot & Bengio: Var(w) = 2/(in + out) keeps the variance of the signal forward (fan in) and
// of the gradient backward (fan out) about equal; here as a normal, σ = √(2/(in + out)).
Tensor xavier_normal(std::size_t in, std::size_t out, Rng& rng) {
  const double sigma = std::sqrt(2.0 / static_cast<double>(in + out));
  Tensor w = Tensor::from_shape({in, out});
  for (double& v : w) v = sigma * rng.normal();
  return w;
}

// He et al.: relu passes on only the positive half, halving E[y²]; Var(w) = 2/in makes up for
// it. U(−a, a) has variance a²/3, so a = √(6/in).
Tensor he_uniform(std::size_t in, std::size_t out, Rng& rng) {
  const double a = std::sqrt(6.0 / static_cast<double>(in));
  Tensor w = Tensor::from_shape({in, out});
  for (double& v : w) v = rng.uniform(-a, a);
  return w;
}

}  // namespace tinynn
