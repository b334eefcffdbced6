// Dense and Sequential (see dense.hpp, sequential.hpp).
#include "tinynn/layers/dense.hpp"
#include "tinynn/layers/sequential.hpp"
#include "tinynn/ops/ops.hpp"

namespace tinynn {

std::string to_string(Activation act) {
  switch (act) {
    case Activation::identity: return "identity";
    case Activation::sigmoid: return "sigmoid";
    case Activation::tanh: return "tanh";
    case Activation::relu: return "relu";
    case Activation::softmax: return "softmax";
  }
  return "?";
}

namespace {
constexpr Activation kAllActivations[] = {Activation::identity, Activation::sigmoid,
                                          Activation::tanh, Activation::relu,
                                          Activation::softmax};
}  // namespace

const std::vector<std::string>& activation_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (Activation a : kAllActivations) out.push_back(to_string(a));
    return out;
  }();
  return names;
}

std::optional<Activation> activation_from_string(const std::string& name) {
  for (Activation a : kAllActivations) {
    if (to_string(a) == name) return a;
  }
  return std::nullopt;
}

Dense::Dense(std::size_t in, std::size_t out, Activation act, Rng& rng, Init init, double value)
    : act_(act) {
  if (in == 0 || out == 0) {
    throw std::invalid_argument("Dense: sizes must be positive, got " + std::to_string(in) +
                                " -> " + std::to_string(out));
  }
  Tensor w;
  Tensor b = zeros(1, out);
  switch (init) {
    case Init::xavier_uniform: w = xavier_uniform(in, out, rng); break;
    case Init::xavier_normal: w = xavier_normal(in, out, rng); break;
    case Init::he_uniform: w = he_uniform(in, out, rng); break;
    case Init::zeros: w = zeros(in, out); break;
    case Init::constant:
      w = filled(in, out, value);
      b = filled(1, out, value);
      break;
  }
  weight_ = parameter(std::move(w), "weight");
  bias_ = parameter(std::move(b), "bias");
}

Dense::Dense(Tensor weight, Tensor bias, Activation act) : act_(act) {
  if (weight.size() == 0 || bias.shape(0) != 1 || bias.shape(1) != weight.shape(1)) {
    throw std::invalid_argument("Dense: weight " + shape_str(weight) + " needs a bias of 1x" +
                                std::to_string(weight.shape(1)) + ", got " + shape_str(bias));
  }
  weight_ = parameter(std::move(weight), "weight");
  bias_ = parameter(std::move(bias), "bias");
}

// Z = X·W + b;  Y = act(Z). The gradients come from the ops: matmul gives dX = dZ·Wᵀ and
// dW = Xᵀ·dZ, add_row gives db = Σ_rows dZ, and the activation gives dZ from dY:
// σ(Z)σ(−Z) ⊙ dY, sech²(Z) ⊙ dY, [Z > 0] ⊙ dY, or Y ⊙ (dY − rowsum(dY ⊙ Y)) for softmax.
Var Dense::forward(const Var& x) {
  if (x.cols() != in_features()) {
    throw std::invalid_argument("Dense(" + std::to_string(in_features()) + " -> " +
                                std::to_string(out_features()) + "): input is " +
                                shape_str(x.value()) + ", expected N x " +
                                std::to_string(in_features()));
  }
  Var z = add_row(matmul(x, weight_), bias_);
  switch (act_) {
    case Activation::identity: return z;
    case Activation::sigmoid: return sigmoid(z);
    case Activation::tanh: return tinynn::tanh(z);
    case Activation::relu: return relu(z);
    case Activation::softmax: return softmax(z);
  }
  return z;
}

std::vector<NamedParameter> Dense::named_parameters() const {
  return {{"weight", weight_}, {"bias", bias_}};
}

std::string Dense::describe() const {
  return "Dense(" + std::to_string(in_features()) + " -> " + std::to_string(out_features()) +
         ", " + to_string(act_) + ")";
}

Sequential& Sequential::add(std::shared_ptr<Module> module) {
  if (!module) throw std::invalid_argument("Sequential::add: null module");
  modules_.push_back(std::move(module));
  return *this;
}

Var Sequential::forward(const Var& x) {
  Var y = x;
  for (auto& m : modules_) y = m->forward(y);
  return y;
}

std::vector<NamedParameter> Sequential::named_parameters() const {
  std::vector<NamedParameter> out;
  for (std::size_t i = 0; i < modules_.size(); ++i) {
    for (auto& [name, p] : modules_[i]->named_parameters()) {
      out.emplace_back(std::to_string(i) + "." + name, p);
    }
  }
  return out;
}

std::string Sequential::describe() const {
  std::string s;
  for (std::size_t i = 0; i < modules_.size(); ++i) {
    s += "(" + std::to_string(i) + ") " + modules_[i]->describe() + "\n";
  }
  return s;
}

}  // namespace tinynn
