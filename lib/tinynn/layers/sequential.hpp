// Sequential: modules applied one after another; parameters named "<index>.<name>".
#pragma once

#include <memory>

#include "tinynn/layers/module.hpp"

namespace tinynn {

class Sequential : public Module {
 public:
  Sequential() = default;
  /// Append a module; returns *this so calls chain.
  Sequential& add(std::shared_ptr<Module> module);
  /// Construct a module of type M in place, e.g. net.emplace<Dense>(2, 4, Activation::sigmoid, rng).
  template <class M, class... Args>
  M& emplace(Args&&... args) {
    auto m = std::make_shared<M>(std::forward<Args>(args)...);
    M& ref = *m;
    add(std::move(m));
    return ref;
  }

  Var forward(const Var& x) override;
  std::vector<NamedParameter> named_parameters() const override;
  std::string describe() const override;

  std::size_t size() const { return modules_.size(); }
  Module& operator[](std::size_t i) const { return *modules_.at(i); }

 private:
  std::vector<std::shared_ptr<Module>> modules_;
};

}  // namespace tinynn
