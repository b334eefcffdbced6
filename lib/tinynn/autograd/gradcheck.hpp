// Gradient checking: compare the gradients backward() computes with central finite
// differences. This is how every op in tinynn is tested, and how you test a new one.
//
// For each input element x: numeric = (f(x + h) − f(x − h)) / 2h with h = 1e-6·max(1, |x|)
// (truncation error O(h²), rounding error O(ε/h): both near 1e-10 in double), and
//   error = |analytic − numeric| / max(|analytic|, |numeric|, 1e-8),
// which passes at ≤ 1e-6. Check at points away from kinks (where f is not smooth).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "tinynn/autograd/var.hpp"

namespace tinynn {

struct GradcheckResult {
  double worst_error = 0;   ///< the largest error over all checked elements
  std::string worst_where;  ///< "parameter 1 (2x3), element (0, 2): analytic .., numeric .."
  std::size_t checked = 0;  ///< elements compared
  bool passed = false;      ///< worst_error ≤ tolerance
};

/// f computes a 1×1 Var from `params` (e.g. a network's loss). Each element of each parameter
/// is perturbed in place and restored; the parameters' gradients are left cleared.
GradcheckResult gradcheck(const std::function<Var()>& f, const std::vector<Var>& params,
                          double tolerance = 1e-6);

/// f maps the inputs (as trainable Vars) to a 1×1 Var. The inputs are not modified.
GradcheckResult gradcheck(const std::function<Var(const std::vector<Var>&)>& f,
                          const std::vector<Tensor>& inputs, double tolerance = 1e-6);

}  // namespace tinynn
