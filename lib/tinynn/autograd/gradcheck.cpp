// Finite-difference gradient check (see gradcheck.hpp).
#include "tinynn/autograd/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace tinynn {

GradcheckResult gradcheck(const std::function<Var()>& f, const std::vector<Var>& params,
                          double tolerance) {
  // Analytic gradients: one forward, one backward.
  for (const Var& p : params) p.zero_grad();
  f().backward();
  std::vector<Tensor> analytic;
  for (const Var& p : params) analytic.push_back(p.grad());
  for (const Var& p : params) p.zero_grad();

  // Numeric gradients: two forwards per element, no graph recorded.
  NoGradGuard no_grad;
  GradcheckResult r;
  for (std::size_t i = 0; i < params.size(); ++i) {
    Tensor& x = params[i].mutable_value();
    for (std::size_t k = 0; k < x.size(); ++k) {
      const double x0 = x.data()[k];
      const double h = 1e-6 * std::max(1.0, std::abs(x0));
      x.data()[k] = x0 + h;
      const double f_plus = f().item();
      x.data()[k] = x0 - h;
      const double f_minus = f().item();
      x.data()[k] = x0;
      const double numeric = (f_plus - f_minus) / (2 * h);
      const double a = analytic[i].data()[k];
      const double error =
          std::abs(a - numeric) / std::max({std::abs(a), std::abs(numeric), 1e-8});
      const double e = std::isnan(error) ? INFINITY : error;  // NaN is the worst error
      if (r.checked == 0 || e > r.worst_error) {
        r.worst_error = e;
        std::ostringstream w;
        w.precision(17);
        w << "parameter " << i;
        if (!params[i].name().empty()) w << " '" << params[i].name() << "'";
        w << " (" << shape_str(x) << "), element (" << k / x.shape(1) << ", " << k % x.shape(1)
          << "): analytic " << a << ", numeric " << numeric;
        r.worst_where = w.str();
      }
      ++r.checked;
    }
  }
  r.passed = r.checked > 0 && r.worst_error <= tolerance;
  return r;
}

GradcheckResult gradcheck(const std::function<Var(const std::vector<Var>&)>& f,
                          const std::vector<Tensor>& inputs, double tolerance) {
  std::vector<Var> vars;
  for (const Tensor& t : inputs) vars.push_back(parameter(t));
  return gradcheck([&] { return f(vars); }, vars, tolerance);
}

}  // namespace tinynn
